"""mkdocs-macros entry point: only wiring. Loading, checking and rendering live in sibling modules."""

from __future__ import annotations

import difflib
from functools import wraps
from pathlib import Path

from mkdocs.exceptions import PluginError

from . import previews, registry, render, state, training_render, widget
from .handbook import render_handbook
from .links import generated_pages, make_linker
from .load import load_site
from .text import resolve_doc_links


def define_env(env) -> None:
    """Load and check every data file first (any problem stops the build), then register the page macros."""
    site = load_site(Path(env.project_dir))
    state.remember(site)
    docs_dir = Path(env.conf["docs_dir"])
    directory_urls = env.conf["use_directory_urls"]
    generated_srcs = generated_pages(site)

    def link():
        return make_linker(generated_srcs, docs_dir, directory_urls, env.page.file.src_uri)

    def generated(fn):
        """Register a macro whose HTML is hidden from Markdown and swapped back in by the hooks."""

        @wraps(fn)
        def wrapper(*args):
            _page[0] = env.page.file.src_uri
            try:
                return state.stash.hide(env.page.file.src_uri, resolve_doc_links(fn(*args), link()))
            except UnknownId as error:
                # mkdocs-macros would print a traceback; the hooks raise this plainly once the page is done.
                state.macro_errors.append(str(error))
                return ""

        return env.macro(wrapper)

    @generated
    def decision_table(table_id: str) -> str:
        """The named decision model, verified: its questions, then one accessible HTML table per decision."""
        return render.render_decision_table(site, _known(table_id, site.tables, "decision table"), link())

    @generated
    def decision_helper(table_id: str) -> str:
        """The named model as a step-by-step helper, with the full model as tables for readers without JavaScript."""
        return widget.render_helper(site, _known(table_id, site.tables, "decision table"), link())

    @generated
    def scenario_page(slug: str) -> str:
        """The body of one generated scenario page."""
        return render.render_scenario(site, _known(slug, site.scenarios, "scenario"), link())

    @generated
    def scenario_index() -> str:
        """Every scenario, grouped by engagement and by tag."""
        return render.render_scenario_index(site, link())

    @generated
    def scenarios_using(perspective_id: str) -> str:
        """The scenarios that draw on one perspective."""
        return render.render_scenarios_using(site, _known(perspective_id, site.perspectives, "perspective"), link())

    @generated
    def standards_list() -> str:
        """Every cited code entry, clause numbers only where verified."""
        return render.render_standards(site, link())

    @generated
    def glossary() -> str:
        """The glossary terms and definitions."""
        return render.render_glossary(site, link())

    @generated
    def perspective_list() -> str:
        """The six perspectives with one-line summaries."""
        return render.render_perspective_list(site, link())

    @generated
    def course_overview() -> str:
        """The training modules with their minutes and the computed total."""
        return training_render.render_course_overview(site, link())

    @generated
    def module_page(module_id: str) -> str:
        """The learner body of one training module."""
        return training_render.render_module(site, _known(module_id, {m.id: m for m in site.training.course.modules}, "module"), link())

    @generated
    def session_plan() -> str:
        """The facilitator's timed session plan with materials."""
        return training_render.render_session_plan(site, link())

    @generated
    def facilitator_guide() -> str:
        """Run sheets for every module: set-up, debrief questions, notes and open answers."""
        return training_render.render_facilitator_guide(site, link())

    @generated
    def quiz() -> str:
        """The self-check quiz."""
        return training_render.render_quiz(site, link())

    @generated
    def scenario_cards() -> str:
        """The course's scenarios as printable learner cards; answers stay off paper."""
        return training_render.render_scenario_cards(site, link())

    @generated
    def answer_cards() -> str:
        """The facilitator's copy of the scenario cards, answers printed."""
        return training_render.render_scenario_cards(site, link(), facilitator=True)

    @generated
    def role_play_cards() -> str:
        """Printable coach, client and observer cards for each role-play."""
        return training_render.render_role_play_cards(site, link())

    @generated
    def handout_decision_table(table_id: str) -> str:
        """A decision model cut down to fit one printed page."""
        return training_render.render_table_handout(site, _known(table_id, site.tables, "decision table"), link())

    @generated
    def short_links() -> str:
        """The short /go/ links for emails (data/links.yml), each checked at build time."""
        links = registry.load_links(Path(env.project_dir))[1]
        here = registry.url_to_address(env.page.url)
        return previews.render_short_links(links, env.conf["site_url"] or "/", here)

    @generated
    def handbook() -> str:
        """Every handbook page in nav order, as one page to print."""
        return render_handbook(docs_dir, env.conf["nav"], env.page.file.src_uri, lambda md: env.env.from_string(md).render(**env.variables))


class UnknownId(PluginError):
    """A page calls a macro with an id the data does not have: named with the page, never a KeyError."""


def _known(key: str, known: dict, what: str) -> str:
    if not isinstance(key, str) or key not in known:
        close = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(sorted(known))}"
        raise UnknownId(f"docs/{_page[0]}: macro called with unknown {what} '{key}'; {hint}")
    return key


# The page being rendered, for error messages from _known (set by the macro wrapper).
_page: list[str] = [""]
