"""Review dates someone acts on: `make review` lists what is overdue, the sitemap's lastmod is the review date."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from macros.review import Item, collect, load_config, report

from conftest import ROOT

D = dt.date


def test_overdue_items_are_listed_soonest_first_with_their_due_date():
    """An item past its interval is listed with the date it fell due, and the exit code is 1."""
    items = [Item("docs/a.md", "how-to", D(2026, 1, 1), 180), Item("docs/b.md", "reference", D(2025, 1, 1), 180), Item("docs/c.md", "training", D(2026, 11, 1), 365)]
    lines, code = report(items, D(2026, 12, 1))
    assert code == 1
    overdue = [line for line in lines if line.startswith("OVERDUE")]
    assert overdue == [
        "OVERDUE  due 2025-06-30  docs/b.md  (reference, last reviewed 2025-01-01, every 180 days)",
        "OVERDUE  due 2026-06-30  docs/a.md  (how-to, last reviewed 2026-01-01, every 180 days)",
    ]
    assert "Next due: docs/c.md on 2027-11-01." in lines


def test_nothing_overdue_exits_zero():
    """Within every interval, the report says so and succeeds."""
    lines, code = report([Item("docs/a.md", "how-to", D(2026, 11, 1), 180)], D(2026, 12, 1))
    assert code == 0 and lines[0].startswith("0 overdue, 0 undated")


def test_every_page_and_content_data_file_of_the_project_is_dated():
    """Each docs page, scenario and content data file has a review date the report can use."""
    items = collect(ROOT, load_config(ROOT))
    assert any(i.path.startswith("scenarios/") for i in items) and any(i.kind == "data" for i in items)
    assert [i.path for i in items if i.reviewed is None] == []


def test_a_new_data_file_without_a_recorded_review_is_reported(tmp_path):
    """A content data file missing from data/review.yml shows as undated and fails the run."""
    for folder in ("docs", "scenarios", "data"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "data" / "extra.yml").write_text("items: []\n", encoding="utf-8")
    lines, code = report(collect(tmp_path, load_config(tmp_path)), D(2026, 12, 1))
    assert code == 1 and any(line.startswith("UNDATED  data/extra.yml") for line in lines)


def test_monthly_workflow_runs_the_report():
    """A scheduled workflow runs `make review`, so an overdue page fails a run its owners see."""
    text = (ROOT / ".github" / "workflows" / "review.yml").read_text(encoding="utf-8")
    assert re.search(r"schedule:\s*\n\s*- cron: \"\d+ \d+ 1 \* \*\"", text)
    assert "run: make review" in text


@pytest.mark.build
def test_sitemap_lastmod_is_each_pages_review_date(built_site, real_site_data):
    """lastmod comes from last_reviewed, not the build date."""
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    entries = re.findall(r"<loc>([^<]+)</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap)
    home = entries[0][0]
    lastmod = {loc[len(home):]: date for loc, date in entries}
    slug, scenario = next(iter(real_site_data.scenarios.items()))
    assert lastmod[f"scenarios/{slug}/"] == scenario.last_reviewed.isoformat()
    items = {i.path: i for i in collect(ROOT, load_config(ROOT))}
    assert lastmod["respond/records/"] == items["docs/respond/records.md"].reviewed.isoformat()


def test_review_dates_must_be_real_dates_not_after_today():
    """A future date would never fall due; a string is not a date. Both are refused with a reason."""
    from macros.model import review_date_problem

    today = dt.date(2026, 12, 1)
    assert review_date_problem(dt.date(2026, 11, 30), today) is None
    assert review_date_problem(dt.date(2026, 12, 2), today) is None  # a day's grace for time zones
    assert "in the future" in review_date_problem(dt.date(2999, 11, 26), today)
    assert "YYYY-MM-DD" in review_date_problem("2026</lastmod><x>", today)


def test_review_config_names_only_content_data_files(tmp_path):
    """A data_files key that is not one of the project's content data files is an error with its line."""
    from macros.errors import DataError

    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = tmp_path / "data" / "review.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("data_files:\n", "data_files:\n  ../../etc/passwd: 2026-11-01\n", 1), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_config(tmp_path)
    problems = info.value.problems
    assert len(problems) == 1 and problems[0].field == "data_files.../../etc/passwd" and "not a content data file" in problems[0].message


@pytest.mark.build
def test_a_page_with_a_future_review_date_stops_the_build(project, tmp_path):
    """Front matter dates reach the sitemap; a future one is refused, naming the page, and nothing is published."""
    from conftest import build_in_process

    page = project / "docs" / "respond" / "records.md"
    page.write_text(re.sub(r"last_reviewed: \S+", "last_reviewed: 2999-11-26", page.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    built = build_in_process(project, tmp_path / "site")
    assert built.error is not None
    assert "docs/respond/records.md:3 [last_reviewed]: 2999-11-26 is in the future" in built.log
    assert not (tmp_path / "site" / "index.html").exists()
