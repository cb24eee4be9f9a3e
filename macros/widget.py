"""The decision helper: one decision model embedded as JSON for the page script, plus the similar-scenario ranking."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from . import model as m
from .decide import Facts
from .render import Linker, anchor, environment, html_block, render_decision_table, scenario_href
from .site import Site
from .text import render_inline

# How many similar scenarios the helper lists under a result; the page script reads it from the JSON.
SIMILAR_LIMIT = 3
SCRIPT = "assets/helper.js"

# Characters that could end the attribute or open markup or an entity, and braces that could
# read as template syntax, written as JSON escapes so the browser still parses the same data.
_JSON_ESCAPES = {"'": "\\u0027", "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "{": "\\u007b", "}": "\\u007d"}
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


@dataclass(frozen=True)
class Case:
    """A scenario as the ranking sees it: its slug, its title and the facts it decides on."""

    slug: str
    title: str
    facts: Mapping[str, str]


def similarity(a: Facts, b: Facts) -> int:
    """How many facts two cases share: the same input with the same answer."""
    return sum(1 for key, value in a.items() if b.get(key) == value)


def by_title(cases: Iterable[Case]) -> list[Case]:
    """Title order, slug second; the page script relies on receiving cases in this order."""
    return sorted(cases, key=lambda c: (c.title.casefold(), c.slug))


def rank_similar(cases: Iterable[Case], facts: Facts, limit: int = SIMILAR_LIMIT) -> list[Case]:
    """The cases sharing most facts with `facts` (at least one), ties broken by title."""
    # A stable sort on score alone keeps title order among equals, exactly as the script does.
    scored = sorted(((similarity(facts, c.facts), c) for c in by_title(cases)), key=lambda sc: -sc[0])
    return [case for score, case in scored if score > 0][:limit]


def table_cases(site: Site, table_id: str) -> list[Case]:
    """The scenarios decided by one table, in title order."""
    return by_title(Case(slug, s.title, dict(s.facts)) for slug, s in site.scenarios.items() if s.table == table_id)


# Question names of the first, flat table. A link carrying any of them was made for that helper;
# its answers cannot be mapped onto the new questions, so the page says so instead of guessing.
LEGACY_PARAMS = ("whose", "occurrence", "risk")


def _summary(table: m.DecisionModel, rule: m.Rule) -> str:
    """The rule's short verdict as plain text, for the polite announcement."""
    first = table.outputs[0]
    if rule.then is None:  # check_model requires a response on every rule of the last decision
        raise ValueError(f"rule {rule.id} gives no response")
    value = rule.then[first.id]
    text = " ".join(m.as_list(value))
    return render_inline(text).striptags()


def decision_data(table: m.DecisionModel) -> dict[str, Any]:
    """What the script walks with, straight from the model: questions, and each decision's inputs, policy and rules."""
    return {
        "questions": [{"id": q.id, "values": [v.id for v in q.values], "unsure": q.unsure, "ask_when": dict(q.ask_when)} for q in table.questions],
        "decisions": [
            {
                "id": d.id,
                "policy": d.hit_policy,
                "inputs": list(d.inputs),
                "output": d.output.id if d.output else None,
                "rules": [{"id": r.id, "priority": r.priority, "when": dict(r.when), "output": r.output} for r in d.rules],
            }
            for d in table.decisions
        ],
    }


def helper_data(site: Site, table_id: str, link: Linker) -> dict[str, Any]:
    """Everything the script needs: the model, each response rule's row link and summary, scenarios, old link names."""
    table = site.tables[table_id]
    data = decision_data(table)
    # No response HTML: the script copies it from the rule's row in the fallback tables, which the page carries anyway.
    data["responses"] = {rule.id: {"href": link(f"{table.page}#rule-{anchor(rule.id)}"), "summary": _summary(table, rule)} for rule in table.rules}
    data["scenarios"] = [{"slug": c.slug, "title": c.title, "href": link(scenario_href(c.slug)), "facts": dict(c.facts)} for c in table_cases(site, table_id)]
    data["similar"] = SIMILAR_LIMIT
    data["legacy"] = list(LEGACY_PARAMS)
    return data


def embed_json(data: Any) -> Markup:
    """JSON that can stand verbatim in a single-quoted attribute: no `'`, `<`, `>` or `&`, no braces in strings."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Those characters can only occur inside strings; outside them JSON is structure.
    return Markup(_JSON_STRING.sub(lambda s: "".join(_JSON_ESCAPES.get(ch, ch) for ch in s.group(0)), text))


def render_helper(site: Site, table_id: str, link: Linker) -> str:
    """The helper's questions and result region, its data, and the full model as tables for readers without JavaScript."""
    table = site.tables[table_id]
    return html_block(
        environment()
        .get_template("helper.html")
        .render(
            table=table,
            table_id=table_id,
            data=embed_json(helper_data(site, table_id, link)),
            fallback=render_decision_table(site, table_id, link),
            script=link(SCRIPT),
            table_href=link(table.page),
        )
    )
