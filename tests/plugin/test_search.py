"""The built search index carries the tuning of data/search.yml."""

from __future__ import annotations

import json

import pytest

from macros.searchtune import FIELD, TYPO_FIELD


@pytest.mark.build
def test_built_index_drops_duplicates_and_carries_keywords(built_site):
    """Answer copies and run sheets are not in the index; a how-to page carries its keywords and slips."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {d["location"] for d in index["docs"]}
    assert not any(loc.startswith(("training/facilitator/answers/", "training/facilitator/run-sheets/")) for loc in locations)
    records = next(d for d in index["docs"] if d["location"] == "respond/records/")
    assert "subpoena" in records[FIELD] and "recrods" in records[TYPO_FIELD]
    assert index["config"]["fields"][FIELD]["boost"] > index["config"]["fields"][TYPO_FIELD]["boost"]
