"""Every kind of bad input: the loader names file, line and field; the build exits non-zero and publishes nothing."""

from __future__ import annotations

import os
import shutil

import pytest

from macros.errors import DataError
from macros.load import load_site

from bad_inputs import CASES, FIXTURES, MINI_TABLE, NEW_CASE, SCENARIO, TABLE, Case
from conftest import build_in_process

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
    assert not any("Value error" in p.message for p in problems), [str(p) for p in problems]


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
    """An in-process strict build stops with MkDocs' own clean abort, naming file and field, and writes no page."""
    from mkdocs.exceptions import Abort

    add_good_files(project)
    case.write(project)
    site = tmp_path / "site"
    built = build_in_process(project, site)
    # Abort is how MkDocs ends a build on a plugin's error: one message, no traceback. Anything else
    # (KeyError, RecursionError, SystemExit from a plugin) would reach the author as a traceback.
    assert isinstance(built.error, Abort), repr(built.error)
    assert case.file in built.log
    assert case.words in built.log
    if case.field:
        assert f"[{case.field}]" in built.log
    assert "Traceback" not in built.log
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


def test_broken_model_does_not_cascade(project):
    """A model file that cannot be read gives its own error, not one 'unknown decision table' per scenario."""
    path = project / "data" / "tables" / "breach-response.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("hit_policy: unique", "hit_policy: [unique", 1), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_site(project)
    assert [p.file for p in info.value.problems] == ["data/tables/breach-response.yml"], info.value.problems[:3]


def test_model_with_problems_does_not_cascade(project):
    """A model that reads but fails its checks is reported once, not again through every scenario's walk."""
    path = project / "data" / "tables" / "breach-response.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("inputs: [danger", "inputs: [dangr", 1), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_site(project)
    assert {p.file for p in info.value.problems} == {"data/tables/breach-response.yml"}, info.value.problems[:3]


def test_two_files_for_one_address_are_refused(project):
    """new-case.yml and new-case.yaml would both be scenarios/new-case/, so the second is an error."""
    shutil.copy(FIXTURES / "new-case.yml", project / "scenarios" / "new-case.yml")
    shutil.copy(FIXTURES / "new-case.yml", project / "scenarios" / "new-case.yaml")
    with pytest.raises(DataError, match="already uses the page address scenarios/new-case/"):
        load_site(project)


# --- files on disk: every file in scenarios/ and data/ is loaded or reported ---------------


def _outside(project):
    outside = project.parent / "outside.yml"
    outside.write_text(NEW_CASE, encoding="utf-8")
    return outside


FILE_CASES = {
    "symlink-to-outside": (lambda p: (p / "scenarios" / "linked.yml").symlink_to(_outside(p)), "scenarios/linked.yml", "symbolic link"),
    "symlink-to-device": (lambda p: (p / "scenarios" / "zero.yml").symlink_to("/dev/zero"), "scenarios/zero.yml", "symbolic link"),
    "symlink-loop": (lambda p: ((p / "scenarios" / "a.yml").symlink_to(p / "scenarios" / "b.yml"), (p / "scenarios" / "b.yml").symlink_to(p / "scenarios" / "a.yml")), "scenarios/a.yml", "symbolic link"),
    "symlinked-registry": (lambda p: ((p / "data" / "glossary.yml").rename(p.parent / "glossary.yml"), (p / "data" / "glossary.yml").symlink_to(p.parent / "glossary.yml")), "data/glossary.yml", "symbolic link"),
    "symlinked-table": (lambda p: (p / "data" / "tables" / "linked.yml").symlink_to(_outside(p)), "data/tables/linked.yml", "symbolic link"),
    "uppercase-extension": (lambda p: (p / "scenarios" / "new-case.YML").write_text(NEW_CASE, encoding="utf-8"), "scenarios/new-case.YML", "rename it to new-case.yml"),
    "file-in-subfolder": (lambda p: ((p / "scenarios" / "drafts").mkdir(), (p / "scenarios" / "drafts" / "new-case.yml").write_text(NEW_CASE, encoding="utf-8")), "scenarios/drafts/new-case.yml", "directly in scenarios/"),
    "stray-file": (lambda p: (p / "scenarios" / "notes.txt").write_text("todo", encoding="utf-8"), "scenarios/notes.txt", "is not a scenario file"),
    "unknown-data-file": (lambda p: (p / "data" / "extra.yml").write_text("a: 1\n", encoding="utf-8"), "data/extra.yml", "unknown data file"),
    "fifo": (lambda p: os.mkfifo(p / "scenarios" / "pipe.yml"), "scenarios/pipe.yml", "not a regular file"),
}


@pytest.mark.parametrize("name", sorted(FILE_CASES))
def test_every_file_is_loaded_or_reported(name, project):
    """Symlinks (outside, device, loop), .YML, subfolders and stray files are errors naming the file, never followed or skipped."""
    make, file, words = FILE_CASES[name]
    make(project)
    with pytest.raises(DataError) as info:
        load_site(project)
    assert any(p.file == file and words in p.message for p in info.value.problems), [str(p) for p in info.value.problems]


def test_editor_temp_files_are_ignored(project):
    """vim swap files, emacs backups and locks are ignored on purpose (the README says so): the site still loads."""
    for name in ("sponsor.yml~", ".sponsor.yml.swp", ".#sponsor.yml", "#sponsor.yml#"):
        (project / "scenarios" / name).write_text("not: [yaml", encoding="utf-8")
    assert load_site(project).scenarios


def test_non_utf8_link_target_is_an_error(project):
    """A quiz link to a page that is not UTF-8 is a problem on the quiz's line, not a crash."""
    (project / "docs" / "latin.md").write_bytes(b"# Caf\xe9\n")
    quiz = project / "data" / "quiz.yml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("see: is-it-a-breach.md#who-the-codes-bind", "see: latin.md", 1), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_site(project)
    assert any(p.file == "data/quiz.yml" and p.field == "questions[0].see" and "UTF-8" in p.message for p in info.value.problems)


def test_symlinked_page_outside_docs_is_not_read(project):
    """A docs page that is a link to a file outside docs/ is refused as a link target, so its headings are never published."""
    (project / "docs" / "escape.md").symlink_to(project / "mkdocs.yml")
    quiz = project / "data" / "quiz.yml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("see: is-it-a-breach.md#who-the-codes-bind", "see: escape.md", 1), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_site(project)
    assert any(p.field == "questions[0].see" and "outside docs/" in p.message for p in info.value.problems)


@pytest.mark.build
def test_macro_with_unknown_id_names_page_and_id(project, tmp_path):
    """A page calling a macro with a misspelt id stops the build with the page, the id and a suggestion, not a KeyError."""
    from mkdocs.exceptions import Abort

    page = project / "docs" / "reference" / "decision-table.md"
    page.write_text(page.read_text(encoding="utf-8").replace('decision_table("breach-response")', 'decision_table("breach-respons")'), encoding="utf-8")
    built = build_in_process(project, tmp_path / "site")
    assert isinstance(built.error, Abort), repr(built.error)
    assert "docs/reference/decision-table.md:24: macro called with unknown decision table 'breach-respons'; did you mean 'breach-response'?" in built.log
    assert "Traceback" not in built.log and "KeyError" not in built.log
