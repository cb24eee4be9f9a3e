"""Review dates in the build: the sitemap's lastmod is the review date, and a future date stops the build."""

from __future__ import annotations

import re

import pytest

from macros.review import collect, load_config
from tests.builds import build_in_process
from tests.paths import ROOT


@pytest.mark.build
def test_sitemap_lastmod_is_each_pages_review_date(built_site, real_site_data):
    """lastmod comes from last_reviewed, not the build date."""
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    entries = re.findall(r"<loc>([^<]+)</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap)
    home = entries[0][0]
    lastmod = {loc[len(home) :]: date for loc, date in entries}
    slug, scenario = next(iter(real_site_data.scenarios.items()))
    assert lastmod[f"scenarios/{slug}/"] == scenario.last_reviewed.isoformat()
    items = {i.path: i for i in collect(ROOT, load_config(ROOT))}
    assert lastmod["respond/records/"] == items["docs/respond/records.md"].reviewed.isoformat()


@pytest.mark.build
def test_a_page_with_a_future_review_date_stops_the_build(project, tmp_path):
    """Front matter dates reach the sitemap; a future one is refused, naming the page, and nothing is published."""

    page = project / "docs" / "respond" / "records.md"
    page.write_text(re.sub(r"last_reviewed: \S+", "last_reviewed: 2999-11-26", page.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    built = build_in_process(project, tmp_path / "site")
    assert built.error is not None
    assert "docs/respond/records.md:3 [last_reviewed]: 2999-11-26 is in the future" in built.log
    assert not (tmp_path / "site" / "index.html").exists()
