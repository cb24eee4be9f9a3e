"""Links that never break, in the built site: every page registered, short links as redirect pages, renames caught."""

from __future__ import annotations

import re

import pytest
import yaml

from macros.registry import load_links
from tests.builds import build_in_process
from tests.paths import ROOT


@pytest.mark.build
def test_committed_registry_lists_every_page_and_short_link(built_site):
    """Nothing published is missing from data/registry.yml: run `make register` after adding pages."""
    registry, links, _ = load_links(ROOT)
    built = {"/" + p.relative_to(built_site).parent.as_posix().strip(".") for p in built_site.rglob("index.html")}
    built = {a if a == "/" else a + "/" for a in built}
    missing = sorted(built - set(registry.pages))
    assert not missing, f"not registered (run `make register`): {missing}"


@pytest.mark.build
def test_build_writes_a_redirect_page_per_short_link_with_canonical_and_preview(built_site):
    """Each /go/ link is a static page: instant redirect, meta refresh, canonical at the target, the target's preview."""
    registry, links, _ = load_links(ROOT)
    assert len(links.short_links) >= 5
    for link in links.short_links:
        html = (built_site / "go" / link.name / "index.html").read_text(encoding="utf-8")
        target = link.to
        assert re.search(rf'<link rel="canonical" href="http[^"]+{re.escape(target)}">', html), link.name
        assert 'http-equiv="refresh"' in html and "location.replace" in html
        assert '<meta property="og:title" content="' in html
        assert '<meta name="robots" content="noindex">' in html


@pytest.mark.build
def test_renaming_a_page_fails_the_build_until_a_redirect_is_declared(project, tmp_path):
    """The author's loop: rename a page, read the message, add the redirect it names, build again."""
    old, new = project / "docs" / "respond" / "records.md", project / "docs" / "respond" / "keeping-records.md"
    old.rename(new)
    for path in [project / "mkdocs.yml", *project.glob("docs/**/*.md"), *project.glob("data/*.yml")]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("respond/records.md", "respond/keeping-records.md").replace("(records.md", "(keeping-records.md"), encoding="utf-8")
    links = project / "data" / "links.yml"
    links.write_text(links.read_text(encoding="utf-8").replace("to: /respond/records/", "to: /respond/keeping-records/"), encoding="utf-8")
    built = build_in_process(project, tmp_path / "site")
    assert built.error is not None
    output = built.log
    assert "registered address /respond/records/" in output and "data/registry.yml:" in output
    assert "- from: /respond/records/\n        to: /respond/keeping-records/" in output, output[-3000:]
    # A heading renamed on a page that stays: its old anchor is kept as an alias just before the new one.
    conversation = project / "docs" / "respond" / "conversation.md"
    conversation.write_text(conversation.read_text(encoding="utf-8").replace("## Before you start", "## Before you begin"), encoding="utf-8")
    declared = yaml.safe_load(links.read_text(encoding="utf-8"))
    declared["redirects"] = (declared.get("redirects") or []) + [
        {"from": "/respond/records/", "to": "/respond/keeping-records/"},
        {"from": "/respond/records/#what-to-write-down", "to": "/respond/keeping-records/#where-to-keep-them"},
        {"from": "/respond/conversation/#before-you-start", "to": "/respond/conversation/#before-you-begin"},
    ]
    links.write_text(yaml.safe_dump(declared, sort_keys=False), encoding="utf-8")
    built = build_in_process(project, tmp_path / "site2")
    assert built.error is None, built.log[-3000:]
    page = (tmp_path / "site2" / "respond" / "conversation" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<span id="before-you-start"></span><h2 id="before-you-begin"', page)
    stub = (tmp_path / "site2" / "respond" / "records" / "index.html").read_text(encoding="utf-8")
    assert '"what-to-write-down": "../../respond/keeping-records/#where-to-keep-them"' in stub
    assert 'content="0; url=../../respond/keeping-records/"' in stub
    assert re.search(r'<link rel="canonical" href="http[^"]+/respond/keeping-records/">', stub)


@pytest.mark.build
def test_a_redirect_over_a_published_file_is_refused(project, tmp_path):
    """A redirect from /sitemap.xml/ would need a folder where the build wrote a file: an error, not a traceback."""

    links = project / "data" / "links.yml"
    declared = yaml.safe_load(links.read_text(encoding="utf-8"))
    declared["redirects"] = (declared.get("redirects") or []) + [{"from": "/sitemap.xml/", "to": "/helper/"}]
    links.write_text(yaml.safe_dump(declared, sort_keys=False), encoding="utf-8")
    built = build_in_process(project, tmp_path / "site")
    assert built.error is not None and "Traceback" not in built.log
    assert "data/links.yml: these redirect or short-link addresses clash with files the site publishes: /sitemap.xml/" in built.log
