"""Turn author text from YAML into safe HTML: Markdown yes, raw HTML and script links no."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

# Only these schemes may appear in links from data; anything else (javascript:,
# data:, vbscript:, file:) could run code or smuggle content into the page.
SAFE_SCHEMES = {"", "http", "https", "mailto"}
# Browsers drop these anywhere in a URL, so "java\tscript:" is still javascript:.
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]+")
# Characters Markdown or attr_list would act on; as numeric references they read the same but do nothing.
_PLAIN = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'\\`*_[]()!#|~{}"})


DOC_LINK = "doc-link:"
_DOC_LINK_ATTR = re.compile(r'(href|src)="doc-link:([^"]*)"')


def resolve_doc_links(fragment: str, link) -> str:
    """Turn the docs-relative links of data text into links relative to the page they are on."""
    return _DOC_LINK_ATTR.sub(lambda m: f'{m.group(1)}="{html.escape(link(html.unescape(m.group(2))), quote=True)}"', fragment)


def decoded(text: str) -> str:
    """Text as a browser finally reads it: character references decoded until nothing changes."""
    for _ in range(8):
        after = html.unescape(text)
        if after == text:
            break
        text = after
    return text


def unsafe_url(url: str) -> bool:
    """True when a link target uses a scheme readers could be harmed by, however it is written."""
    cleaned = _CONTROL.sub("", decoded(url or ""))
    if cleaned.startswith(("//", "\\", "/\\", "\\/")):
        return True  # another host without a scheme: write https:// so readers see where it goes
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return True
    return scheme not in SAFE_SCHEMES


def tooltip_text(text: str) -> str:
    """Text for a title attribute: Material's tooltips insert it as HTML, so no markup survives."""
    previous = None
    while previous != text:
        previous, text = text, re.sub(r"[<>]", "", decoded(text))
    return text


class _LinkGuard(Treeprocessor):
    """Records unsafe link targets and markup in titles, and strips them, as a second line of defence."""

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.found: list[str] = []
        self.titles: list[str] = []
        self.relative: list[str] = []

    def run(self, root: Element) -> None:
        for el in root.iter():
            for attr in ("href", "src"):
                value = el.get(attr)
                if value is None:
                    continue
                if unsafe_url(value) or (attr == "src" and urlsplit(_CONTROL.sub("", decoded(value))).scheme):
                    # Pictures come from this site only: one from another host is a request readers never agreed to.
                    self.found.append(value)
                    del el.attrib[attr]
                elif not urlsplit(_CONTROL.sub("", decoded(value))).scheme and not value.startswith("#"):
                    # Data text lands on pages at different depths, so its links are docs-relative
                    # and rewritten per page by resolve_doc_links once the page is known.
                    self.relative.append(decoded(value))
                    el.set(attr, DOC_LINK + decoded(value))
            title = el.get("title")
            if title is not None and tooltip_text(title) != decoded(title):
                self.titles.append(title)
                el.set("title", tooltip_text(title))


class _SafeMarkdown:
    """A Markdown converter with raw HTML switched off (it is shown as text)."""

    def __init__(self) -> None:
        self.md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
        # Raw HTML in author text is escaped, never passed through.
        self.md.preprocessors.deregister("html_block")
        self.md.inlinePatterns.deregister("html")
        self.guard = _LinkGuard(self.md)
        self.md.treeprocessors.register(self.guard, "link_guard", 0)

    def convert(self, text: str) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        self.guard.found, self.guard.titles, self.guard.relative = [], [], []
        out = self.md.reset().convert(text)
        return out, tuple(self.guard.found), tuple(self.guard.titles), tuple(self.guard.relative)


@lru_cache(maxsize=1)
def _converter() -> _SafeMarkdown:
    return _SafeMarkdown()


@lru_cache(maxsize=4096)
def _convert(text: str) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    out, bad, titles, relative = _converter().convert(text)
    # Braces become entities: they still read as braces, but no template engine
    # downstream can ever see template syntax in author text.
    return _braces(out), bad, titles, relative


def _braces(html: str) -> str:
    return html.replace("{", "&#123;").replace("}", "&#125;")


def unsafe_links(text: str) -> list[str]:
    """Link targets in Markdown text that the site refuses to publish."""
    return list(_convert(text)[1])


def text_problems(text: str) -> list[str]:
    """Why Markdown text from YAML cannot be published as written, as messages for its author."""
    _, bad, titles, _ = _convert(text)
    problems = [f"link target {url!r} is not allowed (only http, https, mailto or relative links; pictures only from this site)" for url in bad]
    problems += [f"link title {title!r} holds markup; titles show as tooltips, so write them as plain text without < or >" for title in titles]
    return problems


def relative_links(text: str) -> list[str]:
    """Relative link and image targets in Markdown text, decoded, for checking against the site's pages."""
    return list(_convert(text)[3])


def render_block(text: str) -> Markup:
    """Markdown paragraphs and lists from YAML, as safe HTML."""
    return Markup(_convert(text)[0])


def render_inline(text: str) -> Markup:
    """One line of Markdown from YAML, without the wrapping paragraph."""
    html = _convert(text)[0]
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def plain(text: str) -> Markup:
    """Plain text from YAML, escaped for HTML and for Markdown, so it shows as typed wherever it lands."""
    return Markup(str(text).translate(_PLAIN))
