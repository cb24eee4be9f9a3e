"""Generated scenario pages are rendered by the plugin from the data, never compiled as Jinja templates.

The page body still goes through Python-Markdown (its headings make the table of contents and the
anchors MkDocs validates), with the HTML hidden in the stash; output must not differ from a page
made by a macro call (tools/site_diff.py proves that against main).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest

from conftest import build_in_process

pytestmark = pytest.mark.build

PROBE = "generated-probe"


@pytest.fixture(scope="module")
def probe_build(tmp_path_factory: pytest.TempPathFactory):
    """One strict in-process build of a copy with an extra scenario, a page linking into it, and every
    Jinja template source the build compiled from a string (which is how the macros plugin renders pages)."""
    from tools.project import copy_project

    tmp = tmp_path_factory.mktemp("generated")
    project = copy_project(tmp / "project")
    first = sorted((project / "scenarios").glob("*.yml"))[0]
    shutil.copy(first, project / "scenarios" / f"{PROBE}.yml")
    (project / "docs" / "probe.md").write_text(
        f"# Probe\n\n[Verdict](scenarios/{PROBE}.md#verdict) and [gone](scenarios/{PROBE}.md#no-such-anchor).\n",
        encoding="utf-8",
    )
    compiled: list[str] = []
    original = jinja2.Environment.from_string

    def spy(self, source, *args, **kwargs):
        compiled.append(str(source))
        return original(self, source, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jinja2.Environment, "from_string", spy)
        built = build_in_process(project, tmp / "site")
    return built, compiled, tmp / "site"


def test_no_generated_page_is_compiled_as_a_template(probe_build):
    """The macros plugin compiles the opted-in docs pages, but no scenario page: its slug is in no template source."""
    _, compiled, _ = probe_build
    assert any("scenarios_using(" in source for source in compiled), "the spy saw no docs page compiled"
    assert not [source for source in compiled if PROBE in source]


def test_generated_page_keeps_its_headings_title_and_body(probe_build):
    """The probe page is written with its fixed sections, its title and its stashed HTML swapped back."""
    _, _, site = probe_build
    page = (site / "scenarios" / PROBE / "index.html").read_text(encoding="utf-8")
    for anchor in ("situation", "questions", "verdict", "model-answer", "sources"):
        assert f'id="{anchor}"' in page
    assert '<div class="verdict" data-rule="' in page
    assert "generated-block-" not in page


def test_anchors_into_a_generated_page_are_validated(probe_build):
    """A link to a heading of a generated page passes strict validation; a link to a missing anchor is reported."""
    built, _, _ = probe_build
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
