"""Reading YAML: every malformed file gets one clear problem with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.source import read_source


def read(tmp_path: Path, content: bytes | str):
    path = tmp_path / "case.yml"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return read_source(path, "scenarios/case.yml")


def test_lines_are_tracked_per_field(tmp_path):
    """Nested fields and list items map back to the line they were written on."""
    source, problems = read(tmp_path, "title: x\nfacts:\n  whose: a\nquestions:\n  - one\n  - two\n")
    assert problems == []
    assert source.line_of(("facts", "whose")) == 3
    assert source.line_of(("questions", 1)) == 6
    assert source.line_of(("facts", "missing")) == 2


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ("title: [unclosed\nsummary: x\n", 2, "YAML syntax error"),
        ("", 1, "empty"),
        ("# only a comment\n", 1, "empty"),
        ("- a\n- b\n", 1, "a list"),
        ("just text\n", 1, "a single value"),
        ("title: a\ntitle: b\n", 2, "appears twice"),
        ("a: 1\n---\nb: 2\n", 3, "more than one YAML document"),
    ],
)
def test_malformed_files_name_the_line(tmp_path, content, line, words):
    """Syntax errors, empty files, non-mappings and duplicate keys are reported with their line."""
    _, problems = read(tmp_path, content)
    assert len(problems) == 1
    assert problems[0].line == line
    assert words in problems[0].message
    assert str(problems[0]).startswith(f"scenarios/case.yml:{line}")


def test_non_utf8_bytes_are_refused_with_line(tmp_path):
    """A Latin-1 byte on line 2 is reported on line 2, not as a crash."""
    _, problems = read(tmp_path, b"title: ok\nsummary: caf\xe9\n")
    assert len(problems) == 1
    assert problems[0].line == 2
    assert "UTF-8" in problems[0].message


@pytest.mark.parametrize("value", ["!!python/object/apply:os.system ['true']", "!!python/name:os.system", "!custom {a: 1}"])
def test_yaml_tags_cannot_build_python_objects(tmp_path, value):
    """Only plain YAML: a python or custom tag is an error on its line, never executed."""
    _, problems = read(tmp_path, f"summary: ok\ntitle: {value}\n")
    assert len(problems) == 1
    assert problems[0].line == 2
    assert "tag" in problems[0].message
