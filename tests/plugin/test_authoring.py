"""An author's view: a new scenario file becomes a page in the index with its verdict, and hostile text stays inert."""

from __future__ import annotations

import pytest

from tests.bad_inputs import NEW_CASE
from tests.builds import build_in_process

pytestmark = pytest.mark.build

HOSTILE = (
    NEW_CASE.replace(
        "Dana tells a colleague",
        "Dana <script>alert('x')</script> {{ config.site_name }} {% raw %} <img src=x onerror=alert(1)> tells a colleague",
    )
    .replace(
        "summary: A client mentions their own coaching goals to a colleague, and the sponsor hears about it.",
        "summary: '\" onmouseover=alert(2) x=\" {{ 7*7 }} A client mentions their goals to a colleague.'",
    )
    .replace("title: A new case added by an author", "title: A new case {{ 7*7 }} & friends")
)


def test_new_scenario_file_appears_with_its_verdict(project, tmp_path):
    """Dropping one YAML file into scenarios/ adds its page, its index entry and the table's rule."""
    (project / "scenarios" / "new-case.yml").write_text(NEW_CASE, encoding="utf-8")
    site = tmp_path / "site"
    built = build_in_process(project, site)
    assert built.error is None, built.log[-2000:]
    page = (site / "scenarios" / "new-case" / "index.html").read_text(encoding="utf-8")
    assert 'data-rule="R' in page
    assert "A new case added by an author" in page
    index = (site / "scenarios" / "index.html").read_text(encoding="utf-8")
    assert 'href="new-case/"' in index


def test_hostile_text_is_shown_as_text_never_run(project, tmp_path):
    """Script tags, event handlers and template syntax from YAML are escaped everywhere they appear."""
    (project / "scenarios" / "new-case.yml").write_text(HOSTILE, encoding="utf-8")
    site = tmp_path / "site"
    built = build_in_process(project, site)
    assert built.error is None, built.log[-2000:]
    page = (site / "scenarios" / "new-case" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)" in page or "&lt;script&gt;alert('x')" in page
    assert "When a client breaks confidentiality &lt;" not in page  # config was not interpolated
    assert "49" not in page.split("<title>", 1)[1].split("</title>", 1)[0]
    meta = page.split('<meta name="description" content="', 1)[1].split('">', 1)[0]
    assert "<" not in meta and '"' not in meta
    assert "onmouseover=alert(2)" in meta  # shown as text inside the attribute, not an attribute of its own


def test_hand_written_page_cannot_shadow_a_generated_one(project, tmp_path):
    """A Markdown file at a scenario's generated address stops the build instead of silently replacing it."""
    slug = sorted(p.stem for p in (project / "scenarios").glob("*.yml"))[0]
    (project / "docs" / "scenarios" / f"{slug}.md").write_text("---\ndescription: A clash.\n---\n\n# Clash\n", encoding="utf-8")
    built = build_in_process(project, tmp_path / "site")
    assert built.error is not None
    assert f"scenarios/{slug}.yml generates that page" in built.log


def test_links_in_data_text_resolve_on_every_page(project, tmp_path):
    """A docs-relative link in scenario text becomes a working relative link on the scenario page; no unresolved marker is left anywhere."""
    text = NEW_CASE.replace("asks the coach what else", "asks the coach (see [records](respond/records.md#what-to-write-down)) what else")
    (project / "scenarios" / "new-case.yml").write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    built = build_in_process(project, site)
    assert built.error is None, built.log[-2000:]
    page = (site / "scenarios" / "new-case" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../respond/records/#what-to-write-down"' in page
    assert "doc-link:" not in "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
