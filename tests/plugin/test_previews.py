"""Link previews in the built site: every page and short link carries OpenGraph and Twitter tags, and their images are real."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.builds import build_in_process
from tests.paths import ROOT
from tests.render.test_previews import MAX_BYTES, png_size
from tools.localsite import html_pages, redirect_pages

REQUIRED = [
    "og:site_name",
    "og:type",
    "og:title",
    "og:description",
    "og:url",
    "og:image",
    "og:image:width",
    "og:image:height",
    "og:image:alt",
    "twitter:card",
    "twitter:title",
    "twitter:description",
    "twitter:image",
    "twitter:image:alt",
]


class _Meta(HTMLParser):
    """A page's <meta property|name> values and its canonical link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: dict[str, str] = {}
        self.canonical: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        key = attrs.get("property") or attrs.get("name")
        if tag == "meta" and key and "content" in attrs:
            self.tags.setdefault(key, attrs["content"])
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs.get("href")


def meta(path: Path) -> _Meta:
    parser = _Meta()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.mark.build
def test_every_page_and_short_link_has_complete_preview_tags(built_site):
    """All OpenGraph and Twitter tags are present and non-empty; og:url is the canonical address."""
    pages = [p for p in html_pages(built_site) if p != "404.html"] + redirect_pages(built_site)
    assert any(p.startswith("go/") for p in pages) and any(p.startswith("scenarios/") for p in pages)
    problems = []
    for page in pages:
        found = meta(built_site / page)
        missing = [key for key in REQUIRED if not found.tags.get(key, "").strip()]
        if missing:
            problems.append(f"{page}: missing {', '.join(missing)}")
        elif found.tags["og:url"] != found.canonical:
            problems.append(f"{page}: og:url {found.tags['og:url']} differs from canonical {found.canonical}")
        elif found.tags["twitter:card"] != "summary_large_image":
            problems.append(f"{page}: twitter:card {found.tags['twitter:card']}")
    assert not problems, "\n".join(problems)


@pytest.mark.build
def test_preview_images_exist_match_their_declared_size_and_stay_small(built_site):
    """Each og:image is a file of the build, a PNG of the width and height the tags declare, under 100 KB."""
    checked = {}
    home = meta(built_site / "index.html").tags["og:url"]  # the published site_url
    for page in html_pages(built_site) + redirect_pages(built_site):
        if page == "404.html":
            continue
        tags = meta(built_site / page).tags
        image = tags["og:image"]
        assert image.startswith(home), f"{page}: {image} is not on this site"
        file = built_site / image[len(home) :]
        if file in checked:
            continue
        assert file.is_file(), f"{page}: {image} is not in the build"
        data = file.read_bytes()
        assert png_size(data) == (int(tags["og:image:width"]), int(tags["og:image:height"])), f"{file}: size differs from its tags"
        assert len(data) < MAX_BYTES, f"{file}: {len(data)} bytes"
        checked[file] = len(data)
    assert len(checked) >= 5, checked


@pytest.mark.build
def test_printed_links_carry_an_address_short_enough_to_type(built_site):
    """Every link in a page's text names a typeable address for print: a /go/ link where one exists, never ../."""
    import re

    html = (built_site / "index.html").read_text(encoding="utf-8")
    article = html[html.index('<article class="md-content__inner') : html.rindex("</article>")]
    links = [t for t in re.findall(r"<a\s[^>]*>", article) if 'href="#' not in t]
    assert links
    printed = [re.search(r'data-print="([^"]+)"', t) for t in links]
    assert all(printed), [t for t, p in zip(links, printed, strict=False) if not p]
    addresses = [p.group(1) for p in printed]
    assert all("../" not in a and len(a) <= 70 for a in addresses), addresses
    assert any("/go/first-24-hours/" in a for a in addresses)
    css = (ROOT / "docs" / "assets" / "site.css").read_text(encoding="utf-8")
    assert re.search(r"@media print\s*\{[^@]*a\[data-print\]::after\s*\{[^}]*attr\(data-print\)", css)


@pytest.mark.build
def test_deploy_build_without_site_url_stops_and_says_why(project, tmp_path, monkeypatch):
    """With DEPLOY=1 (the deploy workflow) and no SITE_URL, previews would point at 127.0.0.1: the build says so and fails."""

    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.setenv("DEPLOY", "1")
    built = build_in_process(project, tmp_path / "site")
    assert built.error is not None
    assert "SITE_URL is not set" in built.log
