"""The search sections of a generated page, read without Python's HTMLParser.

Material's search plugin splits each page's HTML into sections (one per heading with an id) and
keeps their text with a few tags (paragraphs, lists, code). On the generated scenario pages its
HTMLParser run was about an eighth of the build at 1000 scenarios. That HTML is our own: well
formed, quoted attributes, no scripts or comments. So one regular expression walks it, following
Material's Parser (material/plugins/search/plugin.py in the pinned release) step for step, quirks
included, and the plugin hands the sections to Material to make the index entries.

Anything the walk does not cover (comments, scripts, exclusion attributes, unquoted attributes, a
"<" that starts no tag) returns None, and Material parses that page itself.
tests/plugin/test_generated_pages.py checks the walk against Material's Parser on every generated page.
"""

from __future__ import annotations

import re
from html import escape, unescape

# A tag (quoted attribute values may hold ">"), or a run of text.
_TOKEN = re.compile(r"""<(/?)([A-Za-z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|([^<]+)""")
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
# What Material's Parser treats specially (skipped elements, exclusions) or HTMLParser reads its own way.
_NOT_COVERED = re.compile(r"<!|<\?|<(?:script|style|object|textarea|title|plaintext|xmp)\b|data-search-exclude|linenodiv", re.IGNORECASE)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_KEEP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"})


class SearchSection:
    """One heading's part of a page, shaped as Material's Section: title and text are lists of pieces."""

    __slots__ = ("tag", "depth", "id", "title", "text")

    def __init__(self, tag: str, depth: float = 0) -> None:
        self.tag = tag  # the heading's tag, or "hx" for what comes before the first heading
        self.depth = depth
        self.id: str | None = None
        self.title: list[str] = []
        self.text: list[str] = []

    def __repr__(self) -> str:
        return f"SearchSection({self.tag}#{self.id}: {''.join(self.title)!r})"


def search_sections(html: str) -> list[SearchSection] | None:
    """The sections Material's search Parser makes of `html`, or None where this walk might not agree."""
    if _NOT_COVERED.search(html):
        return None
    stack: list[str] = []  # open elements, as Material's Parser keeps its context
    open_count: dict[str, int] = {}  # how many of each tag are open, for "inside a <pre>?" and "inside the heading?"
    permalinks: list[bool] = []  # for each open <a>: is it a heading's permalink (class="headerlink")?
    sections: list[SearchSection] = []
    section: SearchSection | None = None
    pos = 0
    for match in _TOKEN.finditer(html):
        if match.start() != pos:
            return None  # a "<" that starts no tag
        pos = match.end()
        text = match.group(4)
        if text is not None:
            section = _data(unescape(text) if "&" in text else text, open_count, any(permalinks), sections, section)
            continue
        tag, rest = match.group(2).lower(), match.group(3)
        if not match.group(1):
            if tag not in _VOID:
                attrs: dict[str, str | None] = {}
                if tag == "a" or tag in _HEADINGS:
                    found = list(_ATTR.finditer(rest))
                    if any(m.group(4) is not None for m in found):
                        return None  # an unquoted value: HTMLParser's reading of those is its own
                    attrs = {m.group(1).lower(): _value(m) for m in found}
                stack.append(tag)
                open_count[tag] = open_count.get(tag, 0) + 1
                if tag == "a":
                    permalinks.append(attrs.get("class") == "headerlink")
                section = _heading(tag, attrs, len(stack), sections, section)
                if tag in _KEEP:
                    (section.title if open_count.get(section.tag) else section.text).append(f"<{tag}>")
            if not rest.rstrip().endswith("/"):
                continue
        # An end tag, or the end of a self-closing one (HTMLParser calls both handlers for those).
        if not stack or stack[-1] != tag:
            continue
        assert section is not None  # the start tag made one
        if section.depth > len(stack):
            for earlier in reversed(sections):
                if earlier.depth <= len(stack):
                    section.depth = float("inf")
                    section = earlier
                    break
        stack.pop()
        open_count[tag] -= 1
        if tag == "a":
            permalinks.pop()
        if tag in _KEEP:
            _close(section.title if open_count.get(section.tag) else section.text, tag)
    if pos != len(html):
        return None
    return sections


def _value(match: re.Match) -> str | None:
    value = match.group(2) if match.group(2) is not None else match.group(3)
    return None if value is None else unescape(value)


def _heading(tag: str, attrs: dict[str, str | None], depth: int, sections: list[SearchSection], section: SearchSection | None) -> SearchSection:
    """A heading with an id opens a section; the first element opens the preface section."""
    if tag in _HEADINGS and "id" in attrs:
        if tag != "h1" and not sections:
            sections.append(SearchSection("hx", depth))
        section = SearchSection(tag, depth)
        if sections:
            section.id = attrs["id"]
        sections.append(section)
    if section is None:
        section = SearchSection("hx")
        sections.append(section)
    return section


def _data(data: str, open_count: dict[str, int], in_permalink: bool, sections: list[SearchSection], section: SearchSection | None) -> SearchSection:
    """Text: whitespace collapsed outside <pre>, into the heading's title or the section's text."""
    pre = open_count.get("pre")
    if not pre:
        data = " " if data.isspace() else data.replace("\n", " ")
    if section is None:
        section = SearchSection("hx")
        sections.append(section)
    if open_count.get(section.tag):
        if not in_permalink:
            section.title.append(escape(data, quote=False))
    elif data.isspace():
        if not section.text or not section.text[-1].isspace() or pre:
            section.text.append(data)
    else:
        section.text.append(escape(data, quote=False))
    return section


def _close(pieces: list[str], tag: str) -> None:
    """Close a kept tag; an element holding only whitespace is dropped, as Material drops it."""
    index = pieces.index(f"<{tag}>")
    for i in range(index + 1, len(pieces)):
        if not pieces[i].isspace():
            index = len(pieces)
            break
    if len(pieces) > index:
        del pieces[index:]
    else:
        pieces.append(f"</{tag}>")
