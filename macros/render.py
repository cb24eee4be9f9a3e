"""Render checked data into page fragments through the templates in macros/templates/."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

import jinja2
from markupsafe import Markup

from . import model as m
from .checks import scenario_anchors, scenario_href  # noqa: F401 - part of the rendering API (links, tests)
from .decide import decide, walk
from .site import Site
from .text import plain, render_block, render_inline, tooltip_text

# Maps a docs-relative source path, optionally with "#anchor", to an href from the current page.
Linker = Callable[[str], str]

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Autoescaping everywhere: data reaches markup only as escaped text or sanitised Markdown."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["md"] = render_block
    env.filters["md_inline"] = render_inline
    env.filters["text"] = plain
    env.filters["anchor"] = anchor
    env.filters["block"] = standalone_block
    env.globals["ENGAGEMENTS"] = m.ENGAGEMENTS
    env.globals["citation"] = citation
    env.globals["condition"] = condition
    env.globals["input_name"] = input_name
    env.globals["ask_when"] = ask_when
    env.globals["value_label"] = value_label
    return env


def anchor(value: str) -> str:
    """Stable, lowercase fragment ids: links in old emails keep landing on the same spot."""
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def html_block(text: str) -> Markup:
    # Python-Markdown passes an HTML block through untouched only if no line is
    # blank or indented like code, so the rendered fragment is flattened.
    return Markup("\n".join(line.strip() for line in str(text).splitlines() if line.strip()))


def _render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


def standalone_block(text: str) -> Markup:
    """An HTML block set apart by blank lines, so it never merges with the Markdown around it."""
    return Markup("\n\n") + html_block(text) + Markup("\n\n")


def helper_query(facts: dict[str, str]) -> str:
    return "?" + urlencode(facts)


def render_decision_table(site: Site, table_id: str, link: Linker) -> str:
    """The whole model: the questions with when each is asked, then each decision as an accessible table."""
    table = site.tables[table_id]
    return html_block(_render("decision_table.html", table=table, table_id=table_id, site=site, link=link, path_count=site.path_counts[table_id]))


def asked_facts(table: m.DecisionModel, facts: dict[str, str]) -> list[tuple[m.Question, m.Value]]:
    """The questions asked on a path, in order, with the answer given."""
    result = walk(table, facts)
    return [(table.question(q), table.question(q).value(result.values[q])) for q in result.asked]


def render_scenario(site: Site, slug: str, link: Linker) -> str:
    """One scenario page body: fixed headings, the story, the table's verdict, the model answer."""
    scenario = site.scenarios[slug]
    table = site.tables[scenario.table]
    rule = decide(table, scenario.facts)
    return _render(
        "scenario.md.j2",
        s=scenario,
        slug=slug,
        table=table,
        rule=rule,
        site=site,
        link=link,
        facts=asked_facts(table, dict(scenario.facts)),
        helper_query=helper_query(scenario.facts),
    )


def render_scenario_index(site: Site, link: Linker) -> str:
    """Every scenario, grouped by engagement and then by tag."""
    by_engagement: dict[str, list[tuple[str, m.Scenario]]] = {key: [] for key in m.ENGAGEMENTS}
    by_tag: dict[str, list[tuple[str, m.Scenario]]] = defaultdict(list)
    for slug, scenario in sorted(site.scenarios.items(), key=lambda kv: kv[1].title.lower()):
        by_engagement[scenario.engagement].append((slug, scenario))
        for tag in scenario.tags:
            by_tag[tag].append((slug, scenario))
    return _render(
        "scenario_index.md.j2",
        by_engagement=by_engagement,
        by_tag=dict(sorted(by_tag.items())),
        verdicts={slug: decide(site.tables[s.table], s.facts) for slug, s in site.scenarios.items()},
        link=link,
        count=len(site.scenarios),
    )


def render_scenarios_using(site: Site, perspective_id: str, link: Linker) -> str:
    """Scenarios that draw on one perspective, for the foot of its page."""
    if perspective_id not in site.perspectives:
        raise KeyError(f"unknown perspective '{perspective_id}'")
    items = sorted(((slug, s) for slug, s in site.scenarios.items() if perspective_id in s.perspectives), key=lambda kv: kv[1].title.lower())
    return html_block(_render("scenario_list.html", items=items, link=link))


def render_standards(site: Site, link: Linker) -> str:
    return html_block(_render("standards.html", standards=list(site.standards.values()), link=link))


def render_glossary(site: Site, link: Linker) -> str:
    return html_block(_render("glossary.html", terms=sorted(site.glossary, key=lambda t: t.term.lower())))


def render_perspective_list(site: Site, link: Linker) -> str:
    return html_block(_render("perspective_list.html", perspectives=list(site.perspectives.values()), link=link))


def abbreviations(site: Site) -> dict[str, str]:
    """Every glossary form and its definition, for the abbr extension's site-wide glossary (tooltips)."""
    return {form: tooltip_text(" ".join(term.definition.split())) for term in site.glossary for form in (term.forms or [term.term])}


def _input(table: m.DecisionModel, key: str) -> m.Question | m.DecisionOutput:
    """A decision input: a question, or the output of an earlier decision."""
    for q in table.questions:
        if q.id == key:
            return q
    return next(d.output for d in table.decisions if d.output is not None and d.output.id == key)


def input_name(table: m.DecisionModel, key: str) -> str:
    """A column heading for a decision input."""
    inp = _input(table, key)
    return inp.name if isinstance(inp, m.Question) else inp.label


def condition(table: m.DecisionModel, key: str, cond: str | list[str]) -> Markup:
    """How a rule's condition on one input reads in a table cell."""
    if cond == m.ANY:
        return Markup('<span class="dt-any">Any</span>')
    inp = _input(table, key)
    values = m.as_list(cond)
    return plain(" or ".join(inp.value(v).name for v in values))


def ask_when(table: m.DecisionModel, question: m.Question) -> Markup:
    """A question's ask_when as a sentence: each condition as 'heading is value or value'."""
    parts = []
    for key, cond in question.ask_when.items():
        if cond == m.ANY:
            continue
        inp = _input(table, key)
        values = m.as_list(cond)
        heading = input_name(table, key)
        parts.append(f"{heading} is " + " or ".join(f"“{inp.value(v).name}”" for v in values))
    return plain(" and ".join(parts) or "always")


def value_label(inp: m.Question, value_id: str) -> Markup:
    return plain(inp.value(value_id).label)


def citation(standard: m.Standard) -> Markup:
    """Code, version, section, and a clause number only when it is verified."""
    parts = [f"{standard.code} ({standard.version})", standard.section]
    if standard.verified and standard.clause:
        parts.append(standard.clause)
    return plain(", ".join(parts))
