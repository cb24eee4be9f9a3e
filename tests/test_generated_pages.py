"""Generated scenario pages: rendered by the plugin from the data, never compiled as Jinja templates,
and indexed for search from sections our own walk reads (macros/searchsections.py), not Material's parser.

The page body still goes through Python-Markdown (its headings make the table of contents and the
anchors MkDocs validates), with the HTML hidden in the stash. Output and search index must not differ
from what the macro call and Material's parser made (tools/site_diff.py proves that against main;
the tests below keep it so).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from material.plugins.search.plugin import Parser

from macros import plugin as site_plugin
from macros.searchsections import search_sections

from conftest import build_in_process

pytestmark = pytest.mark.build

PROBE = "generated-probe"


@pytest.fixture(scope="module")
def probe_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy with an extra scenario and a docs page linking into it, once to a heading, once to nothing."""
    from tools.project import copy_project

    project = copy_project(tmp_path_factory.mktemp("generated") / "project")
    first = sorted((project / "scenarios").glob("*.yml"))[0]
    shutil.copy(first, project / "scenarios" / f"{PROBE}.yml")
    (project / "docs" / "probe.md").write_text(
        f"# Probe\n\n[Verdict](scenarios/{PROBE}.md#verdict) and [gone](scenarios/{PROBE}.md#no-such-anchor).\n",
        encoding="utf-8",
    )
    return project


@pytest.fixture(scope="module")
def probe_build(probe_project: Path):
    """One strict in-process build of the probe copy, with every Jinja template source compiled from a
    string (which is how the macros plugin renders pages) and every page HTML our search walk read."""
    compiled: list[str] = []
    walked: list[str] = []
    original = jinja2.Environment.from_string

    def spy(self, source, *args, **kwargs):
        compiled.append(str(source))
        return original(self, source, *args, **kwargs)

    def walk(html):
        walked.append(html)
        return search_sections(html)

    site = probe_project.parent / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jinja2.Environment, "from_string", spy)
        patch.setattr(site_plugin, "search_sections", walk)
        built = build_in_process(probe_project, site)
    return built, compiled, site, walked


def test_no_generated_page_is_compiled_as_a_template(probe_build):
    """The macros plugin compiles the opted-in docs pages, but no scenario page: its slug is in no template source."""
    _, compiled, _, _ = probe_build
    assert any("scenarios_using(" in source for source in compiled), "the spy saw no docs page compiled"
    assert not [source for source in compiled if PROBE in source]


def test_generated_page_keeps_its_headings_title_and_body(probe_build):
    """The probe page is written with its fixed sections, its title and its stashed HTML swapped back."""
    _, _, site, _ = probe_build
    page = (site / "scenarios" / PROBE / "index.html").read_text(encoding="utf-8")
    for anchor in ("situation", "questions", "verdict", "model-answer", "sources"):
        assert f'id="{anchor}"' in page
    assert '<div class="verdict" data-rule="' in page
    assert "generated-block-" not in page


def test_anchors_into_a_generated_page_are_validated(probe_build):
    """A link to a heading of a generated page passes strict validation; a link to a missing anchor is reported."""
    built, _, _, _ = probe_build
    assert "no-such-anchor" in built.log
    assert f"scenarios/{PROBE}.md#verdict" not in built.log
    assert "Aborted with 1 warnings in strict mode" in str(built.error), built.log[-2000:]


def test_a_generated_page_linking_to_a_missing_page_names_itself(tmp_path: Path, real_site_data):
    """A scenario's fixed links (the helper, the index) need their pages; without them the error names the
    generated page and its YAML file, as a plugin error (no traceback), instead of a bare ValueError."""
    from mkdocs.exceptions import PluginError

    from macros.links import generated_pages
    from macros.plugin import SitePlugin

    plugin = SitePlugin()
    plugin.site = real_site_data
    plugin._scenario_srcs = generated_pages(real_site_data)
    slug = sorted(real_site_data.scenarios)[0]
    empty_docs = SimpleNamespace(docs_dir=str(tmp_path), use_directory_urls=True)
    with pytest.raises(PluginError, match=rf"docs/scenarios/{slug}\.md \(from scenarios/{slug}\.yml\): generated link points to a missing page"):
        plugin._scenario_markdown(slug, f"scenarios/{slug}.md", empty_docs)


# -- search entries ------------------------------------------------------------------------------


def material_sections(html: str) -> list[tuple]:
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(s.el.tag, s.id, s.title, s.text) for s in parser.data]


def walked_sections(html: str) -> list[tuple] | None:
    sections = search_sections(html)
    return None if sections is None else [(s.tag, s.id, s.title, s.text) for s in sections]


def test_the_walk_reads_every_generated_page_as_material_does(probe_build, real_site_data):
    """Every generated page's HTML (the probe's included) gives the sections Material's own parser gives."""
    _, _, _, walked = probe_build
    assert len(walked) == len(real_site_data.scenarios) + 1
    for html in walked:
        assert walked_sections(html) == material_sections(html)


def test_search_index_is_the_one_materials_parser_makes(probe_project: Path, probe_build):
    """A second build in which Material parses every page writes the same search index, byte for byte."""
    _, _, site, _ = probe_build
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(site_plugin, "search_sections", lambda html: None)
        build_in_process(probe_project, probe_project.parent / "site-material")
    ours = (site / "search" / "search_index.json").read_bytes()
    assert PROBE.encode() in ours
    assert ours == (probe_project.parent / "site-material" / "search" / "search_index.json").read_bytes()


# Snippets with the quirks Material's parser has: kept and dropped tags, whitespace, entities, permalinks,
# headings inside other elements, empty list items, <pre>, self-closing and void tags, upper case.
SNIPPETS = [
    '<p class="lede">A &amp; B &lt;script&gt; &#39;q&#39; &para;</p>\n<ul>\n<li><strong>Tags:</strong> <a href="../#t">t</a></li>\n</ul>',
    '<h2 id="a">Title <code>x</code><a class="headerlink" href="#a" title="Link">&para;</a></h2>\n<p>one\ntwo</p>',
    "<p>intro</p><h1 id=\"top\">Top</h1><p>body</p><h3 id=\"deep\">Deep</h3>   \n\n  <ol><li></li><li> </li><li>x</li></ol>",
    '<div class="verdict"><h2 id="inner">Inner</h2><p>in</p></div><p>after the div</p>',
    "<pre><code>line 1\n\n    line 2\n</code></pre>\n\n<p>a<br>b<br/>c<img src=\"x.png\" alt=\"i\"/></p>",
    '<details class="m"><summary>Show</summary>\n<p>hidden</p>\n</details><dl><dt>T</dt><dd><ul><li>x</li></ul></dd></dl>',
    '<P>Upper</P><a title="a > b" href="x">q</a><span/>tail<sub>2</sub><sup> </sup>',
    "<h2>no id</h2><p>x</p><h4 id='single'>Single</h4><p></p><ul><li><p>nested</p></li></ul>",
    "</p>stray end<p>unclosed <em>em</p>",
]


@pytest.mark.parametrize("html", SNIPPETS)
def test_the_walk_agrees_with_material_on_quirks(html):
    assert walked_sections(html) == material_sections(html)


@pytest.mark.parametrize(
    "html",
    ["<p>a <!-- c --> b</p>", "<script>x</script>", '<div data-search-exclude><p>x</p></div>', "<p>a < b</p>", "<a class=headerlink>x</a>", "<!DOCTYPE html>"],
)
def test_the_walk_leaves_what_it_does_not_cover_to_material(html):
    assert search_sections(html) is None


_TEXT = st.text(alphabet=" \nab&;<>#'\"é", max_size=6).map(lambda t: t.replace("&", "&amp;").replace("<", "&lt;"))
_TAGS = ["p", "div", "ul", "ol", "li", "pre", "code", "strong", "details", "summary", "dl", "dd", "h2", "h3", "a", "sub"]


def _element(tag: str, body: str, variant: int) -> str:
    """One element: plain, a heading-like id, a permalink class, another class, or left unclosed."""
    attrs = ["", f' id="s{len(body)}"', ' class="headerlink" href="#x"', ' class="other"', ""][variant]
    return f"<{tag}{attrs}>{body}<br>" if variant == 4 else f"<{tag}{attrs}>{body}</{tag}>"


_HTML = st.recursive(_TEXT, lambda children: st.builds(_element, st.sampled_from(_TAGS), st.lists(children, max_size=4).map("".join), st.integers(0, 4)), max_leaves=30)


@pytest.mark.property
@settings(max_examples=400, deadline=None)
@given(st.lists(_HTML, max_size=5).map("".join))
def test_the_walk_agrees_with_material_on_generated_html(html):
    """Random nestings of the tags generated pages use, closed or left open: the walk agrees or steps aside."""
    ours = walked_sections(html)
    assert ours is None or ours == material_sections(html)
