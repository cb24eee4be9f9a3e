"""Turn author text from YAML into safe HTML: Markdown yes, raw HTML and script links no."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

# Only these schemes may appear in links from data; anything else (javascript:,
# data:, vbscript:, file:) could run code or smuggle content into the page.
SAFE_SCHEMES = {"", "http", "https", "mailto"}
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def unsafe_url(url: str) -> bool:
    """True when a link target uses a scheme readers could be harmed by."""
    cleaned = _CONTROL.sub("", url or "")
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return True
    return scheme not in SAFE_SCHEMES


class _LinkGuard(Treeprocessor):
    """Records unsafe link targets and strips them, as a second line of defence."""

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.found: list[str] = []

    def run(self, root: Element) -> None:
        for el in root.iter():
            for attr in ("href", "src"):
                value = el.get(attr)
                if value is not None and unsafe_url(value):
                    self.found.append(value)
                    del el.attrib[attr]


class _SafeMarkdown:
    """A Markdown converter with raw HTML switched off (it is shown as text)."""

    def __init__(self) -> None:
        self.md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
        # Raw HTML in author text is escaped, never passed through.
        self.md.preprocessors.deregister("html_block")
        self.md.inlinePatterns.deregister("html")
        self.guard = _LinkGuard(self.md)
        self.md.treeprocessors.register(self.guard, "link_guard", 0)

    def convert(self, text: str) -> tuple[str, list[str]]:
        self.guard.found = []
        html = self.md.reset().convert(text)
        return html, list(self.guard.found)


@lru_cache(maxsize=1)
def _converter() -> _SafeMarkdown:
    return _SafeMarkdown()


@lru_cache(maxsize=4096)
def _convert(text: str) -> tuple[str, tuple[str, ...]]:
    html, bad = _converter().convert(text)
    # Braces become entities: they still read as braces, but no template engine
    # downstream can ever see template syntax in author text.
    return _braces(html), tuple(bad)


def _braces(html: str) -> str:
    return html.replace("{", "&#123;").replace("}", "&#125;")


def unsafe_links(text: str) -> list[str]:
    """Link targets in Markdown text that the site refuses to publish."""
    return list(_convert(text)[1])


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
    """Plain text from YAML, escaped."""
    return Markup(_braces(str(escape(text))))
