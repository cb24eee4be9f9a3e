"""tools/site_diff.py: the proof that a restructure changed no output must be able to fail."""

from __future__ import annotations

import gzip
from pathlib import Path

from tools.site_diff import diff_sites


def make_site(root: Path, page: str, lastmod: str) -> Path:
    (root / "a").mkdir(parents=True)
    (root / "a" / "index.html").write_text(page, encoding="utf-8")
    sitemap = f"<urlset><url><loc>x</loc><lastmod>{lastmod}</lastmod></url></urlset>"
    (root / "sitemap.xml").write_text(sitemap, encoding="utf-8")
    (root / "sitemap.xml.gz").write_bytes(gzip.compress(sitemap.encode(), mtime=int(lastmod[-2:])))
    return root


def test_build_dates_are_ignored(tmp_path):
    old = make_site(tmp_path / "old", "<p>same</p>", "2026-01-01")
    new = make_site(tmp_path / "new", "<p>same</p>", "2026-01-02")
    assert diff_sites(old, new) == []


def test_a_changed_page_and_a_missing_file_are_reported(tmp_path):
    old = make_site(tmp_path / "old", "<p>same</p>", "2026-01-01")
    new = make_site(tmp_path / "new", "<p>changed</p>", "2026-01-01")
    (old / "gone.html").write_text("x", encoding="utf-8")
    problems = diff_sites(old, new)
    assert "differs: a/index.html" in problems
    assert "only in old: gone.html" in problems
    assert any("+<p>changed</p>" in line for line in problems)
