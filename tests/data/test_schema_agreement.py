"""Property-based: documents generated from each JSON Schema, and near misses of them, against the loader.

For every generated document: no traceback, every problem names file, line and field, and the schema
and the loader agree on whether it is valid, except for the deliberate differences listed below.
`make test` runs a few dozen examples per schema with a fixed seed; `make fuzz` runs many more.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from jsonschema import Draft202012Validator

from macros import checks, load
from macros.model import Scenario
from macros.schema import SCHEMA_DIR, SCHEMAS
from macros.source import read_source
from tests.paths import ROOT

pytestmark = pytest.mark.property

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,  # the same inputs on every run, so a failure in CI fails locally too
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
TRIED: dict[str, int] = {}

# Where the schema and the loader deliberately differ, and why. A problem whose message matches
# one of these is not counted as a disagreement; anything else is.
DELIBERATE = {
    "remove the quotes": "JSON has no date type: editors see an unquoted YAML date as a string with format date, so a quoted date passes the schema, but the loader needs a real date",
    "link target": "the schema cannot parse Markdown, so the scheme of a link inside text is checked by the loader only",
    "link title": "likewise, markup in a Markdown link title is found by the loader only",
    "which editors do not show as a new line": "YAML ends a line at U+2028, U+2029 and U+0085 and editors do not, so the loader refuses them anywhere in a file (the line it would report is not the one the author sees); a schema sees an ordinary character",
    "on this path": "which questions a scenario answers depends on its path through the decision model; the schema lists every question's values and requires only the questions every path asks",
}
# The loader's checks across files (references, table verification, minutes, page existence)
# are beyond a schema, which validates one file alone; only the scenario facts are mirrored.
CROSS_FILE_FIELDS = ("table", "facts")

_TMP = Path(tempfile.mkdtemp(prefix="schema-agreement-"))
_SITE = None


def site():
    global _SITE
    if _SITE is None:
        _SITE = load.load_site(ROOT)
    return _SITE


def schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


# Generating strings from the text patterns (long negated character classes) costs Hypothesis seconds
# per document. Documents are generated from a copy that uses this simpler pattern for text; every
# document is still judged against the real schema, and near misses bring the invisible characters back.
_SIMPLE_TEXT = "^[A-Za-z0-9 .,;:'?()-]*[A-Za-z0-9][A-Za-z0-9 .,;:'?()-]*$"


def generation_schema(name: str) -> dict:
    """The schema to generate from: text patterns simplified; scenario facts taken from the first table."""
    from macros.model import PLAIN_PATTERN, TEXT_PATTERN

    def simplify(node):
        if isinstance(node, dict):
            node = {k: (_SIMPLE_TEXT if k == "pattern" and v in (TEXT_PATTERN, PLAIN_PATTERN) else simplify(v)) for k, v in node.items()}
            if node.get("type") == "array":
                # Small lists keep a document small enough to generate in milliseconds.
                node["maxItems"] = min(node.get("maxItems", 2), max(node.get("minItems", 0), 2))
            return node
        if isinstance(node, list):
            return [simplify(v) for v in node]
        return node

    out = simplify(schema(name))
    rules = out.pop("allOf", [])
    # hypothesis-jsonschema cannot resolve if/then in reasonable time: generate facts for one table.
    tables = [r for r in rules if "table" in r["if"]["properties"]]
    if tables:
        out["properties"]["table"] = tables[0]["if"]["properties"]["table"]
        out["properties"]["facts"] = tables[0]["then"]["properties"]["facts"]
    return out


def date_fields(node, found=None) -> set[str]:
    """Property names the schema marks as dates, written unquoted so YAML reads them as dates."""
    found = set() if found is None else found
    if isinstance(node, dict):
        for key, value in (node.get("properties") or {}).items():
            if isinstance(value, dict) and value.get("format") == "date":
                found.add(key)
        for value in node.values():
            date_fields(value, found)
    elif isinstance(node, list):
        for value in node:
            date_fields(value, found)
    return found


def to_yaml(doc, dates: set[str]) -> str:
    def convert(node, key=None):
        if isinstance(node, dict):
            return {k: convert(v, k) for k, v in node.items()}
        if isinstance(node, list):
            return [convert(v) for v in node]
        if key in dates and isinstance(node, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", node):
            try:
                return dt.date.fromisoformat(node)
            except ValueError:
                return node
        return node

    return yaml.safe_dump(convert(doc), allow_unicode=True, sort_keys=False)


def loader_verdict(name: str, text: str) -> list:
    """The loader's problems for one document written as a file: parse, model, and (for scenarios) facts."""
    model = SCHEMAS[name]
    path = _TMP / "generated.yml"
    path.write_text(text, encoding="utf-8")
    display = "scenarios/generated.yml"
    source, problems = read_source(path, display)
    if source is None or problems:
        return problems
    obj, problems = checks.validate_model(source, model)
    if obj is not None and name == "scenario.schema.json":
        assert isinstance(obj, Scenario)
        problems = [p for p in load.check_scenario(source, "generated", obj, site()) if p.field.split(".")[0].split("[")[0] in CROSS_FILE_FIELDS]
    for problem in problems:
        assert problem.file == display, str(problem)
        assert problem.line >= 1, str(problem)
        assert problem.field or "file" in problem.message, f"no field named: {problem}"
        assert "Value error" not in problem.message, str(problem)
    return problems


def check(name: str, doc) -> None:
    TRIED[name] = TRIED.get(name, 0) + 1
    text = to_yaml(doc, date_fields(schema(name)))
    assume(not re.search("[\ud800-\udfff]", text))  # not encodable as UTF-8 at all
    problems = loader_verdict(name, text)  # any exception here is a traceback an author would see
    schema_ok = Draft202012Validator(schema(name)).is_valid(doc)
    real = [p for p in problems if not any(words in p.message for words in DELIBERATE)]
    if schema_ok:
        assert real == [], f"schema accepts, loader refuses:\n{text}\n{[str(p) for p in real]}"
    else:
        errors = [e.message for e in Draft202012Validator(schema(name)).iter_errors(doc)]
        assert problems, f"schema refuses ({errors[:2]}), loader accepts:\n{text}"


NAMES = sorted(SCHEMAS)

# One wrong thing, put somewhere in an otherwise valid document.
BREAKAGES: st.SearchStrategy[object] = st.sampled_from(
    ["   ", "a\u202eb", "x\u200by", "tab\x07", 12345, 1.5, True, None, [], {}, {"x": 1}, "x" * 600, "2026-11-26", "Not A Slug", "<b>", ""]
)


def paths(doc, here=()):
    yield here
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from paths(value, here + (key,))
    elif isinstance(doc, list):
        for n, value in enumerate(doc):
            yield from paths(value, here + (n,))


def near_miss(doc, data) -> object:
    doc = json.loads(json.dumps(doc))
    where = data.draw(st.sampled_from(list(paths(doc))[1:] or [()]))
    kind = data.draw(st.sampled_from(["replace", "delete", "unknown-key"]))
    parent = doc
    for part in where[:-1]:
        parent = parent[part]
    if not where:
        return {"unexpected": 1}
    last = where[-1]
    if kind == "delete" and isinstance(parent, dict):
        del parent[last]
    elif kind == "unknown-key" and isinstance(parent[last], dict):
        parent[last]["unexpected_field"] = "x"
    else:
        parent[last] = data.draw(BREAKAGES)
    return doc


@pytest.mark.parametrize("name", NAMES)
def test_schema_and_loader_agree(name):
    """A document generated from the schema, then the same broken in one place: schema and loader agree on both."""

    @SETTINGS
    @given(from_schema(generation_schema(name)), st.data())
    def run(doc, data):
        check(name, doc)
        check(name, near_miss(doc, data))

    run()


def test_zz_report_inputs_tried():
    """Prints how many documents were tried (make fuzz shows it); fails if the generators produced nothing."""
    total = sum(TRIED.values())
    print(f"\nschema agreement: {total} generated documents tried: " + ", ".join(f"{k} {v}" for k, v in sorted(TRIED.items())))
    assert total >= len(NAMES)
