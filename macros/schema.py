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
from .training import Course, Quiz

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"

# File name -> model; the YAML files reference these with a yaml-language-server comment.
SCHEMAS: dict[str, type[BaseModel]] = {
    "scenario.schema.json": m.Scenario,
    "decision-table.schema.json": m.DecisionTable,
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


def schema_text(model: type[BaseModel]) -> str:
    """The schema exactly as committed: stable key order and a trailing newline."""
    schema = model.model_json_schema()
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
