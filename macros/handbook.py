"""Assemble the whole handbook into one printable page from the pages' own Markdown, so nothing is copied by hand."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import yaml

# Pages that make no sense on paper (interactive, generated lists, the training itself, links for email writers).
LEFT_OUT = ("training/", "helper.md", "scenarios/", "reference/short-links.md")
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_HEADING = re.compile(r"^(#{1,5})(\s)")
_LINK = re.compile(r"\]\((?P<target>[^)\s]+)(?P<title>\s+\"[^\"]*\")?\)")
_FENCE = re.compile(r"^\s*(```|~~~)")


def nav_pages(nav: Iterable) -> list[str]:
    """Docs paths in nav order, flattening sections."""
    out: list[str] = []
    for item in nav or []:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                out += nav_pages([value] if isinstance(value, str) else value)
    return out


def handbook_pages(nav: Iterable) -> list[str]:
    return [p for p in nav_pages(nav) if p.endswith(".md") and not p.startswith(LEFT_OUT)]


def split_front_matter(text: str) -> tuple[dict, str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    return yaml.safe_load(match.group(1)) or {}, text[match.end() :]


def _rewrite(body: str, source: str, here: str) -> str:
    """Demote headings one level and point relative links at the real pages from the print page."""
    out = []
    fenced = False
    for line in body.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        if not fenced:
            line = _HEADING.sub(lambda m: "#" + m.group(1) + m.group(2), line)
            line = _LINK.sub(lambda m: _relink(m, source, here), line)
        out.append(line)
    return "\n".join(out)


def _relink(match: re.Match, source: str, here: str) -> str:
    target = match.group("target")
    if re.match(r"^[a-z][a-z0-9+.-]*:", target):
        return match.group(0)
    path, _, fragment = target.partition("#")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source), path)) if path else source
    href = posixpath.relpath(resolved, posixpath.dirname(here) or ".")
    return f"]({href}{'#' + fragment if fragment else ''}{match.group('title') or ''})"


def render_handbook(docs_dir: Path, nav: Iterable, here: str, render_jinja: Callable[[str], str]) -> str:
    """Every handbook page's Markdown in nav order, headings one level down, links still valid."""
    parts = []
    for src in handbook_pages(nav):
        meta, body = split_front_matter((docs_dir / src).read_text(encoding="utf-8"))
        if meta.get("render_macros") is True:
            body = render_jinja(body)
        parts.append(_rewrite(body, src, here).strip())
    # The marker lets the print rules in site.css start every handbook page on a new sheet.
    return '<div class="handbook-print" hidden></div>\n\n' + "\n\n".join(parts) + "\n"
