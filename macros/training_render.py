"""Render the course, quiz and handouts through templates; learner views never receive facilitator fields."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from . import model as m
from .checks import scenario_slug
from .decide import decide
from .markdown_scan import split_front_matter, title
from .render import Linker, _render, asked_facts, helper_query, html_block, scenario_href
from .site import Site
from .text import plain
from .training_model import Module
from .training_schedule import Training, clock


def _training(site: Site) -> Training:
    if site.training is None:
        raise RuntimeError("the training data did not load; run `python -m macros.check` to see why")
    return site.training


def _title_from_file(path: Path) -> str:
    found = title(split_front_matter(path.read_text(encoding="utf-8"))[1])
    return found if found is not None else path.stem.replace("-", " ").capitalize()


def page_title(site: Site, target: str) -> str:
    """A readable name for a docs link, so feedback links say where they lead."""
    path = target.partition("#")[0]
    slug = scenario_slug(path)
    if slug in site.scenarios:
        return site.scenarios[slug].title
    return _title_from_file(site.root / "docs" / path)


def _verdict(site: Site, slug: str) -> tuple[m.Scenario, m.DecisionModel, m.Rule]:
    scenario = site.scenarios[slug]
    table = site.tables[scenario.table]
    return scenario, table, decide(table, scenario.facts)


def _context(site: Site, link: Linker, **extra) -> dict:
    training = _training(site)
    return {
        "site": site,
        "course": training.course,
        "training": training,
        "link": link,
        "clock": clock,
        "verdict": lambda slug: _verdict(site, slug),
        "asked_facts": lambda slug: asked_facts(site.tables[site.scenarios[slug].table], dict(site.scenarios[slug].facts)),
        "page_title": lambda target: page_title(site, target),
        "scenario_href": scenario_href,
        "helper_query": helper_query,
        "module_number": {mod.id: n for n, mod in enumerate(training.course.modules, start=1)},
        **extra,
    }


def render_course_overview(site: Site, link: Linker) -> str:
    """The learner's map of the course: modules, minutes and objectives, with the total computed."""
    return html_block(_render("training_overview.html", **_context(site, link)))


def render_module(site: Site, module_id: str, link: Linker) -> str:
    """One learner module page: questions, objectives, activities with collapsible answers, key points."""
    training = _training(site)
    module = training.module(module_id)
    modules = training.course.modules
    index = modules.index(module)
    following = modules[index + 1] if index + 1 < len(modules) else None
    return _render("training_module.md.j2", **_context(site, link, module=module, following=following, start=training.module_start(module_id)))


def render_session_plan(site: Site, link: Linker) -> str:
    """The facilitator's minute-by-minute plan with materials."""
    return html_block(_render("training_session_plan.html", **_context(site, link, slots=_training(site).schedule())))


def render_facilitator_guide(site: Site, link: Linker) -> str:
    """Every module as a run sheet: set-up, debrief, materials, notes and open model answers."""
    return _render("training_facilitator.md.j2", **_context(site, link))


def render_quiz(site: Site, link: Linker) -> str:
    """The self-check quiz: works as a form with quiz.js, and as open-able answers without it."""
    quiz = _training(site).quiz
    if quiz is None:
        raise RuntimeError("data/quiz.yml did not load")
    return html_block(_render("training_quiz.html", **_context(site, link, quiz=quiz)))


def render_scenario_cards(site: Site, link: Linker, facilitator: bool = False) -> str:
    """One printed page per scenario the course uses; the facilitator's copy shows the answers."""
    training = _training(site)
    used_in: dict[str, list[Module]] = {}
    for module in training.course.modules:
        for activity in module.activities:
            for slug in activity.scenarios_used:
                used_in.setdefault(slug, [])
                if module not in used_in[slug]:
                    used_in[slug].append(module)
    return html_block(
        _render(
            "training_scenario_cards.html",
            **_context(site, link, slugs=training.scenario_slugs(), used_in=used_in, facilitator=facilitator),
        )
    )


def render_role_play_cards(site: Site, link: Linker) -> str:
    """Cut-out cards for coach, client and observer, one scenario per printed page."""
    role_plays = [
        (module, activity, role_play) for module in _training(site).course.modules for activity in module.activities for role_play in activity.role_play
    ]
    return html_block(_render("training_role_play_cards.html", **_context(site, link, role_plays=role_plays)))


def render_table_handout(site: Site, table_id: str, link: Linker) -> str:
    """The decision table reduced to conditions and the short verdict, to fit one printed page."""
    table = site.tables[table_id]
    return html_block(_render("training_table_handout.html", **_context(site, link, table=table, table_id=table_id, brief_when=brief_when)))


def brief_when(conditions: dict) -> Markup:
    """Conditions as one short line of ids, such as 'route: request; harm: none/contained'; no condition reads 'any'."""
    parts = []
    for key, cond in conditions.items():
        if cond == m.ANY:
            continue
        values = m.as_list(cond)
        parts.append(f"{key}: {'/'.join(values)}")
    if not parts:
        return Markup('<span class="dt-any">any</span>')
    return plain("; ".join(parts))
