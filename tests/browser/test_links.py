"""Every internal link and #anchor in the built HTML resolves to a file that exists and an id on that page."""

from __future__ import annotations

import functools
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tools.localsite import base_path, html_pages, redirect_pages

pytestmark = pytest.mark.browser

# Attributes that make the browser fetch or navigate to another address.
LINK_ATTRS = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"), ("iframe", "src")}
SKIP_SCHEMES = ("mailto:", "tel:", "data:")
HOST = "http://site.invalid"


class _Scan(HTMLParser):
    """Collects a page's ids and the addresses it points at."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            if (tag, name) in LINK_ATTRS:
                self.links.append(value)


@functools.cache
def scan(path: Path) -> _Scan:
    """Parse one built page once, however many pages link to it."""
    parser = _Scan()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def site_url(site: Path) -> str | None:
    """The absolute address the site is published at, so links written out in full are checked too."""
    sitemap = site / "sitemap.xml"
    if not sitemap.exists():
        return None
    text = sitemap.read_text(encoding="utf-8")
    start = text.find("<loc>")
    return text[start + 5 : text.find("</loc>", start)] if start >= 0 else None


def broken_links(site: Path) -> list[str]:
    """Every link in the build that points at a missing file or a missing id, as 'page: href (why)'."""
    prefix = base_path(site)
    published = site_url(site)
    problems = []
    for page in html_pages(site) + redirect_pages(site):
        page_url = HOST + prefix + page
        for href in scan(site / page).links:
            if href.startswith(SKIP_SCHEMES):
                continue
            if href.startswith("javascript:"):
                problems.append(f"{page}: {href} (script link)")
                continue
            if published and href.startswith(published):
                href = prefix + href[len(published) :]
            target = urlsplit(urljoin(page_url, href))
            if f"{target.scheme}://{target.netloc}" != HOST:
                continue  # another site: not checked, there is no network
            if not target.path.startswith(prefix):
                problems.append(f"{page}: {href} (outside the site's base path {prefix})")
                continue
            rel = unquote(target.path[len(prefix) :])
            file = site / rel
            if rel == "" or rel.endswith("/") or file.is_dir():
                file = file / "index.html"
            if not file.is_file():
                problems.append(f"{page}: {href} (no file {file.relative_to(site)})")
                continue
            fragment = unquote(target.fragment)
            if fragment and file.suffix == ".html" and fragment not in scan(file).ids:
                problems.append(f"{page}: {href} (no id {fragment!r} in {file.relative_to(site)})")
    return problems


def test_every_internal_link_and_anchor_resolves(built_site):
    """No link, stylesheet, script or image address in any page points at a missing file or anchor."""
    problems = broken_links(built_site)
    assert not problems, f"{len(problems)} broken internal links:\n" + "\n".join(problems)


def test_link_checker_catches_a_missing_page_and_a_missing_anchor(tmp_path):
    """The checker itself fails on a bad path and a bad anchor, so a pass means something."""
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#here">ok</a><a href="#top" id="top">ok</a>'
        '<a href="b/">missing page</a><a href="a/#gone">missing anchor</a><a href="https://example.com/">external</a>'
    )
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">Here</h2>')
    problems = broken_links(tmp_path)
    assert len(problems) == 2, problems
    assert "no file b/index.html" in problems[0] and "no id 'gone'" in problems[1]
