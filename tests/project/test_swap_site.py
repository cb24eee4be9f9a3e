"""`make build` swaps the new site in by rename: site/ is always a whole site, old or new."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tests.paths import ROOT
from tools import swap_site


def make_site(path: Path, marker: str) -> Path:
    path.mkdir(parents=True)
    (path / "index.html").write_text(marker, encoding="utf-8")
    (path / "sub").mkdir()
    (path / "sub" / "page.html").write_text(marker, encoding="utf-8")
    return path


def test_swap_replaces_the_whole_site(tmp_path):
    """After the swap site/ holds exactly the new build, and no scratch or old folder is left behind."""
    make_site(tmp_path / "site", "old")
    (tmp_path / "site" / "stale.html").write_text("old", encoding="utf-8")
    make_site(tmp_path / ".site-tmp", "new")
    swap_site.swap(tmp_path / ".site-tmp", tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "new"
    assert not (tmp_path / "site" / "stale.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_swap_into_an_empty_place(tmp_path):
    """The first build has no old site to replace."""
    make_site(tmp_path / ".site-tmp", "new")
    swap_site.swap(tmp_path / ".site-tmp", tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "new"


def test_exchange_is_one_step(tmp_path):
    """Interrupted right after the exchange, both folders are whole sites: nothing is half-deleted."""
    make_site(tmp_path / "site", "old")
    make_site(tmp_path / "new", "new")
    if sys.platform != "linux":
        pytest.skip("renameat2 is Linux only; elsewhere the two-rename fallback is covered above")
    assert swap_site._exchange(tmp_path / "new", tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "new"
    assert (tmp_path / "new" / "sub" / "page.html").read_text(encoding="utf-8") == "old"


def test_an_incomplete_build_is_not_swapped_in(tmp_path):
    """A scratch folder without index.html never replaces a working site."""
    make_site(tmp_path / "site", "old")
    (tmp_path / ".site-tmp").mkdir()
    with pytest.raises(SystemExit):
        swap_site.swap(tmp_path / ".site-tmp", tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "old"


def test_make_build_builds_aside_and_swaps_by_rename():
    """The Makefile builds into .site-tmp and swaps with the tool, never `rm -rf site` before the move."""
    rule = re.search(r"^build:.*?(?=^\S)", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL).group(0)
    assert "--site-dir .site-tmp" in rule
    assert "tools/swap_site.py .site-tmp site" in rule
    assert "rm -rf site" not in rule
