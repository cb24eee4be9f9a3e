"""Read Markdown source the way the build will: front matter, code fences, headings with their ids, inline links.

Several parts of the build look into Markdown without converting it: the link check (which
anchors will a page have?), the printable handbook (headings one level down, links repointed),
the training pages (a page's title), `make review` (a page's review date) and
tools/readability.py (the prose alone). They all read it through this one module, so a fence or
an attribute list means the same thing everywhere. Headings and attribute lists are matched
with Python-Markdown's own patterns; only `#` headings count (the pages use no `===` underlines).
Plain Python: nothing from MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import markdown
import yaml
from markdown.blockprocessors import HashHeaderProcessor
from markdown.extensions.attr_list import AttrListTreeprocessor, get_attrs_and_remainder

# MkDocs' pattern for YAML front matter (mkdocs.utils.meta.YAML_RE; tests/data/test_markdown_scan.py
# fails if MkDocs changes it): a page splits here exactly where MkDocs splits it.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
# A code fence opens with three or more backticks or tildes, indented or not (inside a list or an
# admonition), and closes with a run of the same character at least as long.
FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})")
# An inline link or image: [text](target "title"). The text may hold one level of brackets.
INLINE_LINK = re.compile(r"\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\((?P<target>[^)\s]+)(?P<title>\s+\"[^\"]*\")?\)")


def front_matter_block(text: str) -> tuple[str | None, str, int]:
    """A page's front matter as YAML text (None when it has none), the text after it, and the line that text starts on."""
    # MkDocs reads pages as utf-8-sig: a byte order mark must not hide the front matter here either.
    text = text.removeprefix("\ufeff")
    match = FRONT_MATTER.match(text)
    if not match:
        return None, text, 1
    return match.group(1), text[match.end() :], text[: match.end()].count("\n") + 1


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """A page's YAML front matter and the Markdown after it; ({}, text) when there is none.

    As in MkDocs, front matter that is not a mapping counts as none. Broken YAML raises
    yaml.YAMLError rather than passing unnoticed."""
    front, rest, _ = front_matter_block(text)
    data = yaml.safe_load(front) if front is not None else None
    if not isinstance(data, dict):
        return {}, text.removeprefix("\ufeff")
    return data, rest.lstrip("\n")


@dataclass(frozen=True)
class Line:
    """One line of Markdown, and whether it is code (a fence or inside one), where nothing is a heading or a link."""

    number: int
    text: str
    code: bool


def lines(text: str) -> Iterator[Line]:
    """Every line of the text, numbered from 1, with fenced code marked."""
    fence = ""
    for number, line in enumerate(text.splitlines(), start=1):
        match = FENCE.match(line)
        if fence:
            if match and match.group("fence")[0] == fence[0] and len(match.group("fence")) >= len(fence) and not line[match.end() :].strip():
                fence = ""
            yield Line(number, line, True)
        elif match:
            fence = match.group("fence")
            yield Line(number, line, True)
        else:
            yield Line(number, line, False)


@dataclass(frozen=True)
class Heading:
    """A heading as written: its level, its text (without hashes or attribute list), and any id the author gave it."""

    number: int
    level: int
    text: str
    explicit_id: str | None

    @property
    def id(self) -> str:
        """The anchor the page will have: the author's `{: #id }`, else the toc extension's slug of the text."""
        return self.explicit_id or _slug(self.text)


def heading(line: str, number: int = 0) -> Heading | None:
    """The heading a line of Markdown outside code makes, or None."""
    match = HashHeaderProcessor.RE.fullmatch(line)
    if not match:
        return None
    text = match.group("header").strip()
    explicit = None
    attrs = AttrListTreeprocessor.HEADER_RE.search(text)
    if attrs:
        ids = [value for key, value in get_attrs_and_remainder(attrs.group(1))[0] if key == "id"]
        explicit = ids[-1] if ids else None
        text = text[: attrs.start()]
    return Heading(number, len(match.group("level")), text, explicit)


def headings(text: str) -> list[Heading]:
    """Every heading of a Markdown text (without front matter), in order, skipping code."""
    found = (heading(line.text, line.number) for line in lines(text) if not line.code)
    return [h for h in found if h is not None]


def heading_ids(text: str) -> set[str]:
    """The anchors a Markdown text's headings will have."""
    return {h.id for h in headings(text)}


def title(text: str) -> str | None:
    """The text of the first top-level heading, or None."""
    return next((h.text for h in headings(text) if h.level == 1), None)


@lru_cache(maxsize=1)
def _toc_converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=["toc"])


@lru_cache(maxsize=1024)
def _slug(text: str) -> str:
    # The toc extension's own id for the heading: it slugifies the rendered, unescaped text, which
    # no short imitation gets right for inline code, entities and markup.
    html = _toc_converter().reset().convert("# " + text)
    match = re.search(r'<h1 id="([^"]*)"', html)
    return match.group(1) if match else ""


def replace_links(line: str, change: Callable[[str], str]) -> str:
    """A line with each inline link's (and image's) target passed through `change`; text and title kept."""
    return INLINE_LINK.sub(lambda m: f"[{m.group('text')}]({change(m.group('target'))}{m.group('title') or ''})", line)


def unlink(line: str) -> str:
    """A line with each inline link replaced by its text."""
    return INLINE_LINK.sub(lambda m: m.group("text"), line)
