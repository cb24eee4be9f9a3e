"""mkdocs-macros entry point: only wiring. Loading, checking and rendering live in sibling modules."""

from __future__ import annotations

from pathlib import Path

from . import render, state, training_render, widget
from .handbook import render_handbook
from .links import make_linker
from .load import load_site


def define_env(env) -> None:
    """Load and check every data file first (any problem stops the build), then register the page macros."""
    site = load_site(Path(env.project_dir))
    state.remember(site)
    docs_dir = Path(env.conf["docs_dir"])
    directory_urls = env.conf["use_directory_urls"]

    def link():
        return make_linker(site, docs_dir, directory_urls, env.page.file.src_uri)

    @env.macro
    def decision_table(table_id: str) -> str:
        """The named decision table, verified, as an accessible HTML table."""
        return render.render_decision_table(site, _known(table_id, site.tables, "decision table"), link())

    @env.macro
    def decision_helper(table_id: str) -> str:
        """The named table as a step-by-step helper, with the full table for readers without JavaScript."""
        return widget.render_helper(site, _known(table_id, site.tables, "decision table"), link())

    @env.macro
    def scenario_page(slug: str) -> str:
        """The body of one generated scenario page."""
        return render.render_scenario(site, _known(slug, site.scenarios, "scenario"), link())

    @env.macro
    def scenario_index() -> str:
        """Every scenario, grouped by engagement and by tag."""
        return render.render_scenario_index(site, link())

    @env.macro
    def scenarios_using(perspective_id: str) -> str:
        """The scenarios that draw on one perspective."""
        return render.render_scenarios_using(site, _known(perspective_id, site.perspectives, "perspective"), link())

    @env.macro
    def standards_list() -> str:
        """Every cited code entry, clause numbers only where verified."""
        return render.render_standards(site, link())

    @env.macro
    def glossary() -> str:
        """The glossary terms and definitions."""
        return render.render_glossary(site, link())

    @env.macro
    def perspective_list() -> str:
        """The six perspectives with one-line summaries."""
        return render.render_perspective_list(site, link())

    @env.macro
    def course_overview() -> str:
        """The training modules with their minutes and the computed total."""
        return training_render.render_course_overview(site, link())

    @env.macro
    def module_page(module_id: str) -> str:
        """The learner body of one training module."""
        return training_render.render_module(site, _known(module_id, {m.id: m for m in site.training.course.modules}, "module"), link())

    @env.macro
    def session_plan() -> str:
        """The facilitator's timed session plan with materials."""
        return training_render.render_session_plan(site, link())

    @env.macro
    def facilitator_guide() -> str:
        """Run sheets for every module: set-up, debrief questions, notes and open answers."""
        return training_render.render_facilitator_guide(site, link())

    @env.macro
    def quiz() -> str:
        """The self-check quiz."""
        return training_render.render_quiz(site, link())

    @env.macro
    def scenario_cards() -> str:
        """The course's scenarios as printable learner cards; answers stay off paper."""
        return training_render.render_scenario_cards(site, link())

    @env.macro
    def answer_cards() -> str:
        """The facilitator's copy of the scenario cards, answers printed."""
        return training_render.render_scenario_cards(site, link(), facilitator=True)

    @env.macro
    def role_play_cards() -> str:
        """Printable coach, client and observer cards for each role-play."""
        return training_render.render_role_play_cards(site, link())

    @env.macro
    def handout_decision_table(table_id: str) -> str:
        """A decision table cut down to fit one printed page."""
        return training_render.render_table_handout(site, _known(table_id, site.tables, "decision table"), link())

    @env.macro
    def handbook() -> str:
        """Every handbook page in nav order, as one page to print."""
        return render_handbook(docs_dir, env.conf["nav"], env.page.file.src_uri, lambda md: env.env.from_string(md).render(**env.variables))


def _known(key: str, known: dict, what: str) -> str:
    if key not in known:
        raise KeyError(f"unknown {what} '{key}'; known: {', '.join(sorted(known))}")
    return key
