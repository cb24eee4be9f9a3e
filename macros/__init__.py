"""mkdocs-macros entry point: only wiring. Loading, checking and rendering live in sibling modules."""

from __future__ import annotations

from pathlib import Path

from . import render, state
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


def _known(key: str, known: dict, what: str) -> str:
    if key not in known:
        raise KeyError(f"unknown {what} '{key}'; known: {', '.join(sorted(known))}")
    return key
