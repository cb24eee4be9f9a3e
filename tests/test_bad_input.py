"""Every kind of bad input: the loader names file, line and field; the build exits non-zero and publishes nothing."""

from __future__ import annotations

import shutil

import pytest

from bad_inputs import CASES, FIXTURES, MINI_TABLE, NEW_CASE, SCENARIO, TABLE, Case
from conftest import run_build
from macros.errors import DataError
from macros.load import load_site

IDS = [c.name for c in CASES]


def add_good_files(project):
    (project / SCENARIO).write_text(NEW_CASE, encoding="utf-8")
    (project / TABLE).write_text(MINI_TABLE, encoding="utf-8")


def problems_for(case: Case, project) -> list:
    add_good_files(project)
    case.write(project)
    with pytest.raises(DataError) as info:
        load_site(project)
    return info.value.problems


def test_good_fixture_files_load(project):
    """The unbroken fixtures are valid, so each case below fails for its one reason."""
    add_good_files(project)
    site = load_site(project)
    assert "new-case" in site.scenarios
    assert "mini" in site.tables


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_loader_names_file_line_and_field(case: Case, project):
    """The problem for each bad input names its file, the field and (where it has one) the exact line."""
    problems = problems_for(case, project)
    matching = [p for p in problems if case.words in p.message]
    assert matching, f"no problem mentions {case.words!r}; got: {[str(p) for p in problems]}"
    problem = matching[0]
    assert problem.file == case.file
    assert problem.field == case.field, str(problem)
    if case.expected_line() is not None:
        assert problem.line == case.expected_line(), str(problem)
    assert problem.line >= 1


def test_all_problems_in_all_files_are_reported_together(project):
    """Two broken files give two problems in one report, not one at a time."""
    add_good_files(project)
    (project / SCENARIO).write_text(NEW_CASE.replace("tags:", "tagz:"), encoding="utf-8")
    (project / TABLE).write_text(MINI_TABLE.replace("  - id: R02", "  - id: R01"), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_site(project)
    files = {p.file for p in info.value.problems}
    assert files == {SCENARIO, TABLE}
    assert str(info.value).splitlines()[0].endswith("problems in the site's data files:")


@pytest.mark.build
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_build_fails_cleanly_and_publishes_nothing(case: Case, project, tmp_path):
    """mkdocs build exits non-zero with the file and field in its message, no traceback, and no site written."""
    add_good_files(project)
    case.write(project)
    site = tmp_path / "site"
    result = run_build(project, site)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert case.file in output
    assert case.words in output
    if case.field:
        assert f"[{case.field}]" in output
    assert "Traceback" not in output
    assert not site.exists() or not any(site.rglob("*.html"))


@pytest.mark.build
def test_scenario_file_named_index_is_refused(project):
    """scenarios/index.yml would collide with the index page, so it is an error, not an overwrite."""
    shutil.copy(FIXTURES / "new-case.yml", project / "scenarios" / "index.yml")
    with pytest.raises(DataError, match="'index' is reserved"):
        load_site(project)


def test_badly_named_scenario_file_is_refused(project):
    """File names become URLs, so capitals and spaces are errors naming the file."""
    shutil.copy(FIXTURES / "new-case.yml", project / "scenarios" / "New Case.yml")
    with pytest.raises(DataError, match="scenarios/New Case.yml"):
        load_site(project)


def test_broken_registry_does_not_cascade(project):
    """A broken perspectives file gives its own error, not one false 'unknown perspective' per reference."""
    path = project / "data" / "perspectives.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("perspectives:", "perspectivez:", 1), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_site(project)
    messages = [str(p) for p in info.value.problems]
    assert any("data/perspectives.yml" in m and "perspectivez" in m for m in messages)
    assert not any("unknown perspective" in m for m in messages), messages[:3]


def test_two_files_for_one_address_are_refused(project):
    """new-case.yml and new-case.yaml would both be scenarios/new-case/, so the second is an error."""
    shutil.copy(FIXTURES / "new-case.yml", project / "scenarios" / "new-case.yml")
    shutil.copy(FIXTURES / "new-case.yml", project / "scenarios" / "new-case.yaml")
    with pytest.raises(DataError, match="already uses the page address scenarios/new-case/"):
        load_site(project)
