"""Export JSON Schemas from the models so editors autocomplete and underline mistakes in YAML."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import BaseModel

from . import model as m
from .registry import Links, Registry
from .review import ReviewConfig
from .searchtune import SearchTuning
from .training_model import Course, Quiz

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"

# File name -> model; the YAML files reference these with a yaml-language-server comment.
SCHEMAS: dict[str, type[BaseModel]] = {
    "scenario.schema.json": m.Scenario,
    "decision-table.schema.json": m.DecisionModel,
    "perspectives.schema.json": m.Perspectives,
    "standards.schema.json": m.Standards,
    "glossary.schema.json": m.Glossary,
    "course.schema.json": Course,
    "quiz.schema.json": Quiz,
    "registry.schema.json": Registry,
    "links.schema.json": Links,
    "search.schema.json": SearchTuning,
    "review.schema.json": ReviewConfig,
}


ROOT = SCHEMA_DIR.parent


def _tables() -> dict[str, tuple[dict[str, list[str]], list[str]]]:
    """Each decision model's questions with their values, and the questions every path asks.

    Read from data/tables/; unreadable models are skipped. Which other questions a scenario
    answers depends on its path through the model, which only the loader can follow.
    """
    from .source import read_source

    tables: dict[str, tuple[dict[str, list[str]], list[str]]] = {}
    for path in sorted((ROOT / "data" / "tables").glob("*.yml")):
        source, problems = read_source(path, path.name)
        if source is None or problems or not isinstance(source.data.get("questions"), list):
            continue
        questions: dict[str, list[str]] = {}
        always: list[str] = []
        for q in source.data["questions"]:
            question_id = q.get("id") if isinstance(q, dict) else None
            # The file is not validated yet: a question or value without a text id names nothing.
            if isinstance(question_id, str) and isinstance(q.get("values"), list):
                questions[question_id] = [v["id"] for v in q["values"] if isinstance(v, dict) and isinstance(v.get("id"), str)]
                if "ask_when" not in q:
                    always.append(question_id)
        tables[path.stem] = (questions, always)
    return tables


def _constrain_facts(schema: dict) -> None:
    """Scenario facts in editors: the table's own questions and answers, as the loader checks them.

    Pydantic can only say "slug to slug"; this names, per table, which keys are needed and which
    values each may take, so an editor underlines a misspelt fact, not just the build.
    """
    tables = _tables()
    if not tables:
        return
    schema["properties"]["facts"]["additionalProperties"] = False
    schema["properties"]["table"] = {**schema["properties"]["table"], "enum": sorted(tables)}
    rules = []
    for table_id, (inputs, always) in sorted(tables.items()):
        facts = {
            "properties": {input_id: {"enum": values} for input_id, values in inputs.items()},
            "required": always,
            "additionalProperties": False,
        }
        rules.append({"if": {"properties": {"table": {"const": table_id}}, "required": ["table"]}, "then": {"properties": {"facts": facts}}})
    if any("engagement" in inputs for inputs, _ in tables.values()):
        # The engagement fact, when a table asks it, must repeat the scenario's engagement.
        for engagement in m.ENGAGEMENTS:
            rules.append(
                {
                    "if": {"properties": {"engagement": {"const": engagement}}, "required": ["engagement"]},
                    "then": {"properties": {"facts": {"properties": {"engagement": {"const": engagement}}}}},
                }
            )
    schema["allOf"] = rules


def schema_text(model: type[BaseModel]) -> str:
    """The schema exactly as committed: stable key order and a trailing newline."""
    schema = model.model_json_schema()
    if model is m.Scenario:
        _constrain_facts(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> int:
    SCHEMA_DIR.mkdir(exist_ok=True)
    for name, model in SCHEMAS.items():
        (SCHEMA_DIR / name).write_text(schema_text(model), encoding="utf-8")
        print(f"wrote schemas/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
