"""MkDocs hooks: add one generated page per scenario, set its metadata, and attach glossary tooltips."""

from __future__ import annotations

import html
import logging
import os
import sys
from pathlib import Path

# MkDocs loads hook files by path, outside any package; make the `macros` package importable.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)
# `mkdocs serve` loads this file afresh on every rebuild; dropping the cached data
# layer here means edits to macros/*.py and its templates are live too.
for _name in [n for n in sys.modules if n == "macros" or n.startswith("macros.")]:
    del sys.modules[_name]

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from macros import lazyjs, render, state  # noqa: E402
from macros import model as m  # noqa: E402
from macros.publish import Publication  # noqa: E402
from macros.searchtune import SearchTuning, load_tuning, page_meta, tune_index  # noqa: E402

log = logging.getLogger("mkdocs.hooks")
# This build's published addresses (macros/publish.py); None for the offline copy, whose
# file:// addresses (page.html) are not the registered ones.
_publication: Publication | None = None
# Search keywords, boosts and exclusions (data/search.yml), and each page's URL for the index.
_search: SearchTuning | None = None
_urls: dict[str, str] = {}

# A generated page holds no author text at all, only the call that renders it,
# so nothing from YAML ever passes through the template engine.
_PAGE = "---\nrender_macros: true\n---\n\n{{{{ scenario_page(\"{slug}\") }}}}\n"


def on_config(config):
    # Glossary terms become tooltips on every page through abbr's own glossary option;
    # appending definitions to each page instead made Markdown re-scan them block by block.
    config.mdx_configs.setdefault("abbr", {})["glossary"] = render.abbreviations(state.current())
    global _publication
    _publication = None
    if config.use_directory_urls:
        _publication = Publication.load(Path(config.config_file_path).parent, config.site_name, config.site_url)
    if "SITE_URL" not in os.environ:
        # Canonical links, previews and redirects would all point at 127.0.0.1. The deploy build sets
        # DEPLOY=1, where this warning (under --strict) stops the build; elsewhere it is a note.
        message = "SITE_URL is not set: canonical links and link previews point at " + config.site_url
        (log.warning if os.environ.get("DEPLOY") else log.info)(message)
    return config


def on_files(files, config):
    site = state.current()
    existing = {f.src_uri for f in files}  # looked up once: each append resets MkDocs' own index
    for slug in site.scenarios:
        src = render.scenario_href(slug)
        if src in existing:
            raise PluginError(f"docs/{src} exists, but scenarios/{slug}.yml generates that page; remove one of them")
        files.append(File.generated(config, src, content=_PAGE.format(slug=slug)))
    global _search
    _search = load_tuning(Path(config.config_file_path).parent, {f.src_uri for f in files if f.src_uri.endswith(".md")})
    _urls.clear()
    return files


def on_page_markdown(markdown, page, config, files):
    if state.macro_errors:
        errors = list(dict.fromkeys(state.macro_errors))
        state.macro_errors.clear()
        raise PluginError("\n".join(errors))
    _urls[page.file.src_uri] = page.url
    tuned = page_meta(_search, page.file.src_uri) if _search else None
    if tuned:
        page.meta["search"] = {**(page.meta.get("search") or {}), **tuned}
    site = state.current()
    slug = Path(page.file.src_uri).stem
    if slug in site.scenarios and page.file.src_uri == render.scenario_href(slug):
        scenario = site.scenarios[slug]
        # Material's templates print these without escaping, so escape here.
        page.meta["title"] = html.escape(scenario.title, quote=True)
        page.meta["description"] = html.escape(scenario.summary, quote=True)
        page.meta["last_reviewed"] = scenario.last_reviewed
    elif "description" in page.meta:
        page.meta["description"] = html.escape(str(page.meta["description"]), quote=True)
    if "last_reviewed" in page.meta:
        problem = m.review_date_problem(page.meta["last_reviewed"])
        if problem:
            raise PluginError(f"docs/{page.file.src_uri}: front matter [last_reviewed]: {problem}")
        # The sitemap's lastmod says when the page was last checked, not when the site was built.
        page.update_date = str(page.meta["last_reviewed"])
    return markdown


def on_page_content(html, page, config, files):
    html, ids = state.stash.restore(page.file.src_uri, html)
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= ids
    return html


def _lazy_bundle(output, where):
    try:
        return lazyjs.lazy_bundle(output, where)
    except lazyjs.BundleNotFound as error:
        raise PluginError(str(error)) from None


def on_page_context(context, page, config, nav):
    if _publication is not None:
        description = page.meta.get("description") or config.site_description
        preview = _publication.preview(page.file.src_uri, page.url, page.title or config.site_name, description)
        context["preview_tags"] = render.environment().get_template("_preview_tags.html").render(preview=preview)
    return context


def on_post_page(output, page, config):
    output = _lazy_bundle(output, page.file.src_uri)
    if _publication is not None:
        output = _publication.note_page(page.url, output, _h2_ids(page.toc))
    return output


def _h2_ids(toc) -> list[str]:
    found = []
    for item in toc:
        if item.level == 2:
            found.append(item.id)
        found += _h2_ids(item.children)
    return found


def on_post_build(config):
    # Hooks run after the plugins, so Material's search index is already written.
    if _search is not None:
        tune_index(Path(config.site_dir), _search, _urls)
    if _publication is not None:
        _publication.finish(Path(config.site_dir))


def on_post_template(output_content, template_name, config):
    # 404.html is a theme template, not a page, and carries the same script tag.
    return _lazy_bundle(output_content, template_name) if template_name.endswith(".html") else output_content
