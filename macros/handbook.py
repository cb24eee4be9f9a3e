"""Assemble the whole handbook into one printable page from the pages' own Markdown, so nothing is copied by hand."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable

from .markdown_scan import heading, lines, replace_links

# Pages that make no sense on paper (interactive, generated lists, the training itself, links for email writers).
LEFT_OUT = ("training/", "helper.md", "scenarios/", "reference/short-links.md")


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


def _rewrite(body: str, source: str, here: str) -> str:
    """Demote headings one level and point relative links at the real pages from the print page."""
    out = []
    for line in lines(body):
        text = line.text
        if not line.code:
            found = heading(text)
            if found is not None and found.level < 6:
                text = "#" + text
            text = replace_links(text, lambda target: _relink(target, source, here))
        out.append(text)
    return "\n".join(out)


def _relink(target: str, source: str, here: str) -> str:
    """A link target of page `source`, as seen from the print page `here`; URLs stay as they are."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", target):
        return target
    path, _, fragment = target.partition("#")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source), path)) if path else source
    href = posixpath.relpath(resolved, posixpath.dirname(here) or ".")
    return f"{href}{'#' + fragment if fragment else ''}"


def render_handbook(nav: Iterable, here: str, page_body: Callable[[str], str]) -> str:
    """Every handbook page's Markdown in nav order, headings one level down, links still valid.

    `page_body(src)` gives a page's Markdown after its front matter, with its macros rendered: the
    plugin answers from the pages it has already checked, so nothing here parses front matter again."""
    parts = [_rewrite(page_body(src), src, here).strip() for src in handbook_pages(nav)]
    # The marker lets the print rules in site.css start every handbook page on a new sheet.
    return '<div class="handbook-print" hidden></div>\n\n' + "\n\n".join(parts) + "\n"
