"""Docs pages as hostile input through a whole build, in process: the build stops naming page, line and field, and publishes nothing."""

from __future__ import annotations

import pytest

from tests.builds import build_in_process


@pytest.mark.build
def test_template_injection_in_a_page_stops_the_build_before_it_runs(project, tmp_path):
    proof = tmp_path / "ran"
    page = project / "docs" / "reference" / "glossary.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + f"\n{{{{ cycler.__init__.__globals__.os.popen('touch {proof}').read() }}}}\n", encoding="utf-8")
    built = build_in_process(project, tmp_path / "site")
    assert built.error is not None
    line = text.count("\n") + 2
    assert f"docs/reference/glossary.md:{line}: only calls of the site's macros" in built.log
    assert not proof.exists(), "the payload ran"
    assert not (tmp_path / "site" / "index.html").exists()


@pytest.mark.build
def test_raw_script_in_a_page_stops_the_build(project, tmp_path):
    page = project / "docs" / "is-it-a-breach.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines.insert(12, '<img src="x" onerror="alert(document.cookie)">')
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    built = build_in_process(project, tmp_path / "site")
    assert built.error is not None
    assert "docs/is-it-a-breach.md:13: the attribute 'onerror' on <img> is not allowed in pages (event handlers run script)" in built.log
    assert "Traceback" not in built.log


@pytest.mark.build
def test_front_matter_template_key_stops_the_build(project, tmp_path):
    page = project / "docs" / "is-it-a-breach.md"
    page.write_text(page.read_text(encoding="utf-8").replace("---\n", "---\ntemplate: ../mkdocs.yml\n", 1), encoding="utf-8")
    built = build_in_process(project, tmp_path / "site")
    assert built.error is not None
    assert "docs/is-it-a-breach.md:2 [template]: unknown field 'template'" in built.log
    assert "Traceback" not in built.log


@pytest.mark.build
def test_model_page_must_show_the_model(project, tmp_path):
    """The helper links to #rule-r01 on the model's page: a page that does not render the model is refused."""
    table = project / "data" / "tables" / "breach-response.yml"
    table.write_text(table.read_text(encoding="utf-8").replace("page: reference/decision-table.md", "page: reference/glossary.md"), encoding="utf-8")
    built = build_in_process(project, tmp_path / "site")
    assert built.error is not None
    assert (
        'data/tables/breach-response.yml:9 [page]: docs/reference/glossary.md does not show this model: add {{ decision_table("breach-response") }}'
        in built.log
    )


@pytest.mark.build
def test_heading_title_cannot_close_the_title_element(project, tmp_path):
    """Material prints the first heading as <title>{{ page.title | striptags }}, and striptags decodes entities."""
    page = project / "docs" / "stray.md"
    page.write_text(
        "---\ndescription: A page with a hostile heading.\n---\n\n# Hi &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;\n\nText.\n", encoding="utf-8"
    )
    built = build_in_process(project, tmp_path / "site")
    assert built.error is not None
    assert "docs/stray.md:5 [title]: the page title may not contain < or >" in built.log


@pytest.mark.build
def test_byte_order_mark_does_not_hide_front_matter_from_the_build(project, tmp_path):
    proof = tmp_path / "ran"
    page = project / "docs" / "training" / "index.md"
    text = page.read_text(encoding="utf-8").replace("render_macros: true", "render_macros: 1", 1)
    text += f"\n{{{{ cycler.__init__.__globals__.os.popen('touch {proof}').read() }}}}\n"
    page.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    built = build_in_process(project, tmp_path / "site")
    assert built.error is not None and not proof.exists()
    assert "docs/training/index.md" in built.log and "render_macros" in built.log


@pytest.mark.build
def test_handbook_inside_the_handbook_is_refused_not_a_recursion(project, tmp_path):
    page = project / "docs" / "respond" / "records.md"
    text = page.read_text(encoding="utf-8").replace("---\n", "---\nrender_macros: true\n", 1)
    page.write_text(text + "\n{{ handbook() }}\n", encoding="utf-8")
    built = build_in_process(project, tmp_path / "site")
    assert built.error is not None
    line = text.count("\n") + 2
    assert f"docs/respond/records.md:{line}: this page is part of the handbook, so calling handbook() here would include" in built.log
    assert "RecursionError" not in built.log and "Traceback" not in built.log


@pytest.mark.build
def test_handbook_html_is_audited_too(project, tmp_path):
    """An indented code block is safe on its own page; the handbook once stashed it as raw HTML."""
    page = project / "docs" / "respond" / "records.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA hostile paste:\n\n    <img src=x onerror=alert(1)>\n", encoding="utf-8")
    built = build_in_process(project, tmp_path / "site")
    assert built.error is None, built.log
    handbook = (tmp_path / "site" / "training" / "handouts" / "handbook" / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in handbook and "<img src=x onerror" not in handbook


@pytest.mark.build
def test_a_call_with_the_wrong_number_of_arguments_names_the_parameters(project, tmp_path):
    page = project / "docs" / "reference" / "decision-table.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace('decision_table("breach-response")', 'decision_table("breach-response", "extra")'), encoding="utf-8")
    built = build_in_process(project, tmp_path / "site")
    assert built.error is not None
    line = text[: text.index('decision_table("breach-response")')].count("\n") + 1
    assert f"docs/reference/decision-table.md:{line}: decision_table() takes table_id; it was given 2" in built.log
