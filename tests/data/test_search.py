"""Search in coaches' words: data/search.yml is checked, and the built index carries its keywords and exclusions."""

from __future__ import annotations

import pytest

from macros.errors import DataError
from macros.registry import load_links
from macros.searchtune import load_tuning, page_meta, typos
from tests.paths import ROOT
from tools.bench_search import QUERIES, load_queries


def test_typos_cover_the_usual_phone_slips():
    """A dropped letter, two swapped letters and a wrong vowel are all answered; the first letter is kept."""
    slips = typos("sponsor") | typos("records") | typos("privilege") | typos("supervisor")
    assert {"sponser", "recrods", "privilage", "supervisr"} <= slips
    assert "sponsor" not in typos("sponsor")
    assert all(w.startswith("s") for w in typos("sponsor"))


def test_tuning_names_missing_pages_and_repeats_with_their_lines(tmp_path):
    """A page that does not exist and a page tuned twice are reported with line and field."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "search.yml").write_text(
        "keyword_boost: 100\nexclude:\n  - gone.md\npages:\n  - page: a.md\n    keywords: [x]\n  - page: a.md\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as info:
        load_tuning(tmp_path, {"a.md"})
    found = {(p.line, p.field) for p in info.value.problems}
    assert found == {(3, "exclude[0]"), (7, "pages[1].page")}, info.value


def test_excluded_pages_get_materials_exclude_and_boosted_pages_their_boost():
    """Exclusions and boosts reach pages as Material's own `search:` front matter."""
    pages = {f.relative_to(ROOT / "docs").as_posix() for f in (ROOT / "docs").rglob("*.md")}
    pages |= {f"scenarios/{f.stem}.md" for f in (ROOT / "scenarios").glob("*.yml")}
    tuning = load_tuning(ROOT, pages)
    assert page_meta(tuning, "training/facilitator/answers.md") == {"exclude": True}
    assert page_meta(tuning, "respond/records.md")["boost"] > 1


def test_query_set_is_large_and_varied_enough():
    """At least 40 queries, safety queries among them, each expecting pages that the registry knows."""
    queries = load_queries(QUERIES)
    assert len(queries) >= 40
    assert sum(1 for q in queries if q.get("safety")) >= 5
    registry, _, _ = load_links(ROOT)
    for q in queries:
        for page in q["expect"]:
            assert page in registry.pages, f"{q['q']!r} expects {page}, which is not a published page"


def test_make_check_reports_mistakes_in_links_search_and_review_files(project, capsys):
    """`make check` covers the new data files too, naming file, line and field, and exits 1."""
    from macros.check import main

    links = project / "data" / "links.yml"
    links.write_text(links.read_text(encoding="utf-8").replace("  - name: helper\n", "  - nam: helper\n"), encoding="utf-8")
    review = project / "data" / "review.yml"
    review.write_text(review.read_text(encoding="utf-8").replace("  training: 365", "  trainin: 365"), encoding="utf-8")
    assert main([str(project)]) == 1
    err = capsys.readouterr().err
    assert "data/links.yml:" in err and "short_links[" in err
    assert "data/review.yml:" in err and "trainin" in err
