"""Bad input through a whole build, in process: MkDocs' clean abort naming file and field, and nothing published."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import Abort

from tests.bad_inputs import CASES, Case, add_good_files
from tests.builds import build_in_process

IDS = [c.name for c in CASES]


@pytest.mark.build
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_build_fails_cleanly_and_publishes_nothing(case: Case, project, tmp_path):
    """An in-process strict build stops with MkDocs' own clean abort, naming file and field, and writes no page."""
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
def test_macro_with_unknown_id_names_page_and_id(project, tmp_path):
    """A page calling a macro with a misspelt id stops the build with the page, the id and a suggestion, not a KeyError."""
    page = project / "docs" / "reference" / "decision-table.md"
    page.write_text(page.read_text(encoding="utf-8").replace('decision_table("breach-response")', 'decision_table("breach-respons")'), encoding="utf-8")
    built = build_in_process(project, tmp_path / "site")
    assert isinstance(built.error, Abort), repr(built.error)
    assert "docs/reference/decision-table.md:24: macro called with unknown decision table 'breach-respons'; did you mean 'breach-response'?" in built.log
    assert "Traceback" not in built.log and "KeyError" not in built.log
