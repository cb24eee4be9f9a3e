"""The MkDocs plugin that owns one build: the checked data, the generated pages, the stash and the link targets.

Listed in mkdocs.yml after `macros` (entry point `breach-site` in pyproject.toml), so each of its
events runs after the search and macros plugins have handled the same event (except the page check
before the macros plugin, step 3, which asks for an earlier turn). The order of one build:

1. on_config: load and check every data file (any problem stops the build), register the page
   macros with the macros plugin, make glossary tooltips, and start this build's Publication.
2. on_files: add one generated page per scenario, empty until step 4 fills it; read data/search.yml;
   check every docs file and page: front matter, macro calls, a model's page (macros/pages.py).
3. on_page_markdown, first turn (_page_before_macros): check the front matter MkDocs parsed and the
   calls again, on the text the macros plugin is about to render.
   Then macros' on_page_markdown calls the page macros in docs pages: each renders HTML from the data and
   hides it in the stash behind markers, so Python-Markdown never re-parses it (macros/swap.py).
4. on_page_markdown (here): raise unknown-id errors plainly, set titles, descriptions, review dates;
   render each generated scenario page's body from the data and stash its HTML the same way.
5. on_page_content: audit the author's HTML of a docs page (macros/pages.py), swap the stashed HTML back and tell MkDocs about its anchor ids; for a generated
   page, read its search sections (macros/searchsections.py) and ask Material's search to skip it.
6. on_page_context: hand those sections to Material's search index (same entries, same order);
   on_page_context / on_post_page / on_post_template: previews, Material's lazy script tag, addresses.
7. on_post_build: tune the search index written by the search plugin, write redirects and previews.
"""

from __future__ import annotations

import difflib
import functools
import html
import inspect
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File

from . import lazyjs, pages, previews, registry, render, training_render, widget
from . import model as m
from .errors import DataError, Problem
from .handbook import handbook_pages, render_handbook
from .links import generated_pages, make_linker
from .load import load_site
from .publish import AddressClash, Publication
from .searchsections import SearchSection, search_sections
from .searchtune import SearchTuning, load_tuning, page_meta, tune_index
from .site import Site
from .swap import Stash
from .text import resolve_doc_links

log = logging.getLogger("mkdocs.plugins.breach-site")

# A generated scenario page starts empty: on_page_markdown renders its body from the data. Without
# `render_macros` the macros plugin leaves it alone, so no page is compiled as a Jinja template
# (0.9x the build time at 1000 scenarios) and nothing from YAML passes through the template engine.
_PAGE = ""


F = TypeVar("F", bound=Callable[..., Any])


def _reported(event: F) -> F:
    """The data layer knows nothing of MkDocs: its errors become PluginErrors here, so MkDocs prints
    the message (every problem, with file and line) and stops, instead of a traceback."""

    @functools.wraps(event)
    def wrapper(*args, **kwargs):
        try:
            return event(*args, **kwargs)
        except (DataError, AddressClash) as error:
            raise PluginError(str(error)) from None

    return wrapper  # type: ignore[return-value]


class UnknownId(PluginError):
    """A page calls a macro with an id the data does not have: named with the page, never a KeyError."""


class SitePlugin(BasePlugin):
    """One instance per build (MkDocs makes a new one each time `mkdocs serve` reloads the config)."""

    def __init__(self) -> None:
        self.site: Site | None = None
        self.stash = Stash()
        # Messages from macros called with an unknown id, raised after the page without a traceback.
        self.macro_errors: list[str] = []
        # This build's published addresses (macros/publish.py); None for the offline copy, whose
        # file:// addresses (page.html) are not the registered ones.
        self.publication: Publication | None = None
        # Search keywords, boosts and exclusions (data/search.yml), and each page's URL for the index.
        self.search: SearchTuning | None = None
        self.urls: dict[str, str] = {}
        self._scenario_srcs: frozenset[str] = frozenset()  # source paths of the generated scenario pages
        # Material's search plugin, when enabled, and the sections of the generated pages it is to skip,
        # with each page's own `search` meta to put back (see _take_search).
        self._material_search: Any = None
        self._search_sections: dict[str, tuple[Any, list[SearchSection]]] = {}
        self._page = ""  # the page being rendered, for error messages from _known
        self._calling = ""  # and the macro it calls
        # The page macros by name, and every docs page's checked front matter and calls (macros/pages.py).
        self.macros: dict[str, Callable[..., str]] = {}
        self.pages: dict[str, pages.Page] = {}

    # -- events ----------------------------------------------------------------------------

    @_reported
    def on_config(self, config):
        project = Path(config.config_file_path).parent
        self.site = site = load_site(project)
        if "macros" not in config.plugins:
            raise PluginError("the breach-site plugin needs the macros plugin listed before it in mkdocs.yml")
        self.macros = self._page_macros(config.plugins["macros"], config)
        config.plugins["macros"].register_macros(self.macros)
        # Glossary terms become tooltips on every page through abbr's own glossary option;
        # appending definitions to each page instead made Markdown re-scan them block by block.
        config.mdx_configs.setdefault("abbr", {})["glossary"] = render.abbreviations(site)
        search = config.plugins.get("material/search")
        self._material_search = search if search is not None and search.config.enabled else None
        self.publication = None
        if config.use_directory_urls:
            self.publication = Publication.load(project, config.site_name, config.site_url)
        if "SITE_URL" not in os.environ:
            # Canonical links, previews and redirects would all point at 127.0.0.1. The deploy build sets
            # DEPLOY=1, where this warning (under --strict) stops the build; elsewhere it is a note.
            message = "SITE_URL is not set: canonical links and link previews point at " + config.site_url
            (log.warning if os.environ.get("DEPLOY") else log.info)(message)
        return config

    @_reported
    def on_files(self, files, config):
        site = self._site()
        existing = {f.src_uri for f in files}  # looked up once: each append resets MkDocs' own index
        for slug in site.scenarios:
            src = render.scenario_href(slug)
            if src in existing:
                raise PluginError(f"docs/{src} exists, but scenarios/{slug}.yml generates that page; remove one of them")
            files.append(File.generated(config, src, content=_PAGE))
        self._scenario_srcs = generated_pages(site)
        self.search = load_tuning(Path(config.config_file_path).parent, {f.src_uri for f in files if f.src_uri.endswith(".md")})
        self._check_pages(files, config)
        self.urls.clear()
        return files

    def _check_pages(self, files, config) -> None:
        """Every docs page's front matter and macro calls, before any page renders: all problems at once."""
        env = config.plugins["macros"].env
        problems = pages.docs_file_problems(Path(config.docs_dir), [Path(f.abs_src_path) for f in files if f.generated_by is None and f.abs_src_path])
        self.pages.clear()
        in_handbook = set(handbook_pages(config.nav))
        for file in files.documentation_pages():
            if file.generated_by is not None:
                continue  # this plugin's own scenario pages: one call, no author text
            page, found = pages.check_page_file(Path(file.abs_src_path), f"docs/{file.src_uri}", env, self.macros)
            problems += found
            if page is None:
                continue
            self.pages[file.src_uri] = page
            for call in page.calls:
                problem = self._unknown_id(call.name, call.args)
                if call.name == "handbook" and file.src_uri in in_handbook:
                    problem = "this page is part of the handbook, so calling handbook() here would include the handbook in itself forever"
                if problem:
                    problems.append(Problem(page.path, call.line + page.body_line - 1, "", problem))
        problems += pages.model_page_problems(self._site(), self.pages)
        pages.raise_problems(problems)

    @event_priority(50)  # before the macros plugin renders the page
    @_reported
    def _page_before_macros(self, markdown, page, config, files):
        if page.file.generated_by is not None:
            return markdown
        display = f"docs/{page.file.src_uri}"
        # The front matter MkDocs parsed is what the theme and the macros plugin use, whatever the
        # check in on_files read from the file's bytes (a byte order mark once hid it from that check).
        pages.raise_problems(pages.meta_problems(page.meta, display))
        macros = config.plugins["macros"]
        flag = page.meta.get("render_macros")
        # The macros plugin's own rule, compared with == as it compares (so 1 would count as true).
        if flag != False and (flag == True or macros.config["render_by_default"] or macros.force_page_rendering(page.file.src_path)):  # noqa: E712
            checked = self.pages.get(page.file.src_uri)
            _, found = pages.macro_calls(macros.env, markdown, self.macros)
            line = checked.body_line - 1 if checked else 0
            pages.raise_problems([Problem(display, n + line, "", message) for n, message in found])
        problem = m.template_problem(str(page.title or ""))
        if problem:
            pages.raise_problems([Problem(display, 0, "title", problem)])
        return markdown

    @_reported
    def _page_after_macros(self, markdown, page, config, files):
        if self.macro_errors:
            errors = list(dict.fromkeys(self.macro_errors))
            self.macro_errors.clear()
            raise PluginError("\n".join(errors))
        self.urls[page.file.src_uri] = page.url
        tuned = page_meta(self.search, page.file.src_uri) if self.search else None
        if tuned:
            page.meta["search"] = {**(page.meta.get("search") or {}), **tuned}
        site = self._site()
        slug = Path(page.file.src_uri).stem
        if slug in site.scenarios and page.file.src_uri == render.scenario_href(slug):
            scenario = site.scenarios[slug]
            # Material's templates print these without escaping, so escape here.
            page.meta["title"] = html.escape(scenario.title, quote=True)
            page.meta["description"] = html.escape(scenario.summary, quote=True)
            page.meta["last_reviewed"] = scenario.last_reviewed
            markdown = self._scenario_markdown(slug, page.file.src_uri, config)
        else:
            for key in ("title", "description"):
                if key in page.meta:
                    page.meta[key] = html.escape(str(page.meta[key]), quote=True)
        if "last_reviewed" in page.meta:
            # Checked with the front matter (macros/pages.py). The sitemap's lastmod says when the
            # page was last checked, not when the site was built.
            page.update_date = str(page.meta["last_reviewed"])
        return markdown

    on_page_markdown = CombinedEvent(_page_before_macros, _page_after_macros)

    @_reported
    def on_page_content(self, html, page, config, files):
        if page.file.generated_by is None:
            # The author's HTML only: generated blocks are still markers in the stash.
            display = f"docs/{page.file.src_uri}"
            found = pages.html_problems(html, page.file.content_string, display)
            pages.raise_problems(found + pages.title_problems(str(page.title or ""), page.file.content_string, display))
        html, ids = self.stash.restore(page.file.src_uri, html)
        if page.present_anchor_ids is not None:
            page.present_anchor_ids |= ids
        if page.file.src_uri in self._scenario_srcs:
            self._take_search(page, html)
        return html

    @_reported
    def on_page_context(self, context, page, config, nav):
        taken = self._search_sections.pop(page.file.src_uri, None)
        if taken is not None:
            # Material's search ran just before (it is listed first) and skipped the page: its entries go in here, in place.
            meta, sections = taken
            if meta is None:
                del page.meta["search"]
            else:
                page.meta["search"] = meta
            for section in sections:
                self._material_search.search_index.create_entry_for_section(section, page.toc, page.url, page)
        if self.publication is not None:
            description = page.meta.get("description") or config.site_description
            preview = self.publication.preview(page.file.src_uri, page.url, page.title or config.site_name, description)
            context["preview_tags"] = render.environment().get_template("_preview_tags.html").render(preview=preview)
        return context

    @_reported
    def on_post_page(self, output, page, config):
        output = _lazy_bundle(output, page.file.src_uri)
        if self.publication is not None:
            output = self.publication.note_page(page.url, output, _h2_ids(page.toc))
        return output

    @_reported
    def on_post_template(self, output_content, template_name, config):
        # 404.html is a theme template, not a page, and carries the same script tag.
        return _lazy_bundle(output_content, template_name) if template_name.endswith(".html") else output_content

    @_reported
    def on_post_build(self, config):
        # The search plugin is listed first, so its index is already written.
        if self.search is not None:
            tune_index(Path(config.site_dir), self.search, self.urls)
        if self.publication is not None:
            self.publication.finish(Path(config.site_dir))

    # -- page macros -----------------------------------------------------------------------

    def _site(self) -> Site:
        if self.site is None:
            raise RuntimeError("site data is not loaded yet: on_config has not run")
        return self.site

    def _ids(self) -> dict[str, tuple[str, dict]]:
        """The macros whose argument is an id, what kind of id, and the ids that exist."""
        site = self._site()
        modules = {module.id: module for module in site.training.course.modules} if site.training else {}
        tables = ("decision table", site.tables)
        return {
            "decision_table": tables,
            "decision_helper": tables,
            "handout_decision_table": tables,
            "scenarios_using": ("perspective", site.perspectives),
            "module_page": ("module", modules),
        }

    def _unknown_id(self, name: str, args: tuple) -> str | None:
        what, options = self._ids().get(name, ("", {}))
        if not what or not args or (isinstance(args[0], str) and args[0] in options):
            return None
        key = args[0]
        close = difflib.get_close_matches(str(key), list(options), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(sorted(options))}"
        return f"macro called with unknown {what} '{key}'; {hint}"

    def _scenario_markdown(self, slug: str, src: str, config) -> str:
        """A generated scenario page's body: Markdown headings around stashed HTML, as a page macro makes."""
        link = make_linker(self._scenario_srcs, Path(config.docs_dir), config.use_directory_urls, src)
        try:
            return self.stash.hide(src, resolve_doc_links(render.render_scenario(self._site(), slug, link), link))
        except ValueError as error:  # a link to a page that does not exist
            raise PluginError(f"docs/{src} (from scenarios/{slug}.yml): {error}") from None

    def _take_search(self, page, html: str) -> None:
        """Index a generated page from sections read by our walk instead of Material's HTMLParser (an eighth of
        the build at 1000 scenarios). Material skips pages whose `search` meta says exclude, so the page says
        so until on_page_context, which puts the meta back and adds the entries. Pages the walk cannot read
        with certainty, and excluded pages, are left to Material."""
        meta = page.meta.get("search")
        if self._material_search is None or (meta or {}).get("exclude"):
            return
        sections = search_sections(html)
        if sections is not None:
            self._search_sections[page.file.src_uri] = (meta, sections)
            page.meta["search"] = {**(meta or {}), "exclude": True}

    def _page_macros(self, env: Any, config) -> dict[str, Callable[..., str]]:
        """The macros pages may call, by name. `env` is the macros plugin (its current page and Jinja)."""
        site = self._site()
        docs_dir = Path(config.docs_dir)
        project = Path(config.config_file_path).parent

        def link():
            # Called while a page renders, after on_files has listed the generated pages.
            return make_linker(self._scenario_srcs, docs_dir, config.use_directory_urls, env.page.file.src_uri)

        def known(key: str) -> str:
            # Calls in pages are checked before rendering (_ids); this catches calls from anywhere else.
            problem = self._unknown_id(self._calling, (key,))
            if problem:
                raise UnknownId(f"docs/{self._page}: {problem}")
            return key

        def short_links() -> str:
            links = registry.load_links(project)[1]
            here = registry.url_to_address(env.page.url)
            return previews.render_short_links(links, config.site_url or "/", here)

        def page_body(src: str) -> str:
            # The page as checked in on_files (front matter, calls, no handbook() in the handbook).
            page = self.pages.get(src)
            if page is None:
                self.macro_errors.append(f"docs/{env.page.file.src_uri}: the handbook lists docs/{src}, which is not a checked page")
                return ""
            return env.env.from_string(page.body).render(**env.variables) if page.meta.render_macros else page.body

        def handbook() -> str:
            return render_handbook(config.nav, env.page.file.src_uri, page_body)

        # name: (what it renders, the function of the macro's arguments)
        bodies: dict[str, tuple[str, Callable[..., str]]] = {
            "decision_table": (
                "The named decision model, verified: its questions, then one HTML table per decision.",
                lambda table_id: render.render_decision_table(site, known(table_id), link()),
            ),
            "decision_helper": (
                "The named model as a step-by-step helper, with the full model as tables without JavaScript.",
                lambda table_id: widget.render_helper(site, known(table_id), link()),
            ),
            "scenario_index": ("Every scenario, grouped by engagement and by tag.", lambda: render.render_scenario_index(site, link())),
            "scenarios_using": (
                "The scenarios that draw on one perspective.",
                lambda pid: render.render_scenarios_using(site, known(pid), link()),
            ),
            "standards_list": ("Every cited code entry, clause numbers only where verified.", lambda: render.render_standards(site, link())),
            "glossary": ("The glossary terms and definitions.", lambda: render.render_glossary(site, link())),
            "perspective_list": ("The six perspectives with one-line summaries.", lambda: render.render_perspective_list(site, link())),
            "course_overview": (
                "The training modules with their minutes and the computed total.",
                lambda: training_render.render_course_overview(site, link()),
            ),
            "module_page": (
                "The learner body of one training module.",
                lambda module_id: training_render.render_module(site, known(module_id), link()),
            ),
            "session_plan": ("The facilitator's timed session plan with materials.", lambda: training_render.render_session_plan(site, link())),
            "facilitator_guide": (
                "Run sheets for every module: set-up, debrief questions, notes and open answers.",
                lambda: training_render.render_facilitator_guide(site, link()),
            ),
            "quiz": ("The self-check quiz.", lambda: training_render.render_quiz(site, link())),
            "scenario_cards": (
                "The course's scenarios as printable learner cards; answers stay off paper.",
                lambda: training_render.render_scenario_cards(site, link()),
            ),
            "answer_cards": (
                "The facilitator's copy of the scenario cards, answers printed.",
                lambda: training_render.render_scenario_cards(site, link(), facilitator=True),
            ),
            "role_play_cards": ("Printable coach, client and observer cards for each role-play.", lambda: training_render.render_role_play_cards(site, link())),
            "handout_decision_table": (
                "A decision model cut down to fit one printed page.",
                lambda table_id: training_render.render_table_handout(site, known(table_id), link()),
            ),
            "short_links": ("The short /go/ links for emails (data/links.yml), each checked at build time.", short_links),
            "handbook": ("Every handbook page in nav order, as one page to print.", handbook),
        }
        # A macro that takes an id must say in _ids what kind, so that pages calling it are checked.
        unchecked = [name for name, (_, fn) in bodies.items() if inspect.signature(fn).parameters and name not in self._ids()]
        if unchecked:
            raise RuntimeError(f"add {', '.join(unchecked)} to SitePlugin._ids: its argument is an id the page check must know")
        macros = {name: self._generated(env, name, doc, fn, link) for name, (doc, fn) in bodies.items()}
        # The handbook is other pages' Markdown: it goes through Markdown and the page audit like any
        # page's text, never into the stash as raw HTML (its macros' own output is stashed as usual).
        macros["handbook"] = functools.wraps(macros["handbook"])(handbook)
        return macros

    def _generated(self, env: Any, name: str, doc: str, fn: Callable[..., str], link: Callable[[], Any]) -> Callable[..., str]:
        """A macro whose HTML is hidden from Markdown and swapped back in on_page_content."""

        def macro(*args):
            src = env.page.file.src_uri
            self._page, self._calling = src, name
            try:
                return self.stash.hide(src, resolve_doc_links(fn(*args), link()))
            except UnknownId as error:
                # mkdocs-macros would print a traceback; on_page_markdown raises this plainly once the page is done.
                self.macro_errors.append(str(error))
                return ""
            except DataError as error:
                raise PluginError(str(error)) from None

        macro.__name__ = macro.__qualname__ = name
        # The page check compares a call's arguments with the rendering function's, not with *args.
        macro.__signature__ = inspect.signature(fn)  # type: ignore[attr-defined]
        macro.__doc__ = doc
        return macro


def _lazy_bundle(output, where):
    try:
        return lazyjs.lazy_bundle(output, where)
    except lazyjs.BundleNotFound as error:
        raise PluginError(str(error)) from None


def _h2_ids(toc) -> list[str]:
    found = []
    for item in toc:
        if item.level == 2:
            found.append(item.id)
        found += _h2_ids(item.children)
    return found
