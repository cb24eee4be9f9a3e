"""Docs pages as hostile input (issue 10): front matter, macro calls and raw HTML are checked before publishing."""

from __future__ import annotations

from collections.abc import Callable

import markdown
import pytest

from macros import pages

from conftest import build_in_process

# Stand-ins with the real macros' signatures: the checks read only names and parameters.
MACROS: dict[str, Callable[..., str] | None] = {
    "decision_table": lambda table_id: "",
    "glossary": lambda: "",
    "module_page": lambda module_id: "",
}


def calls(body: str):
    return pages.macro_calls(pages.parse_env(), body, MACROS)


def read(text: str):
    return pages.read_page(text, "docs/x.md", pages.parse_env(), MACROS)


# --- macro calls ------------------------------------------------------------------------------


def test_named_calls_with_written_out_ids_are_read():
    found, problems = calls('Intro {{ decision_table("breach-response") }}\n\n{{ glossary() }}\n')
    assert problems == []
    assert [(c.name, c.args, c.line) for c in found] == [("decision_table", ("breach-response",), 1), ("glossary", (), 3)]


@pytest.mark.parametrize(
    "body, expected",
    [
        # Build-time code execution through Jinja's globals: refused before anything renders.
        ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "only calls of the site's macros"),
        ("{{ config }}", "only calls of the site's macros"),
        ('{{ decision_table("x").__class__ }}', "only calls of the site's macros"),
        ('{{ decision_table("x") | safe }}', "only calls of the site's macros"),
        ("{% include 'mkdocs.yml' %}", "statements are not allowed"),
        ("{% set x = 1 %}", "statements are not allowed"),
        ("{{ decision_table(config.site_name) }}", "write each argument out in quotes"),
        ('{{ decision_table(table_id="x") }}', "write each argument out in quotes"),
        ("{{ decision_table(1) }}", "arguments are ids in quotes"),
        ('{{ decision_table("a", "b") }}', "decision_table() takes table_id; it was given 2"),
        ('{{ decison_table("a") }}', "unknown macro 'decison_table'; did you mean 'decision_table'?"),
        ("{{ macros_info() }}", "unknown macro 'macros_info'"),
        ("{{ decision_table(", "template syntax error"),
    ],
)
def test_anything_but_a_named_call_is_refused(body, expected):
    found, problems = calls("A line of prose.\n\n" + body)
    assert found == []
    assert len(problems) == 1 and expected in problems[0][1], problems
    assert problems[0][0] == 3


def test_calls_are_checked_only_on_pages_that_render_macros():
    page, problems = read("---\ndescription: A page.\n---\n\nBraces in prose: {{ config }}\n")
    assert problems == [] and page is not None and page.calls == []
    page, problems = read("---\nrender_macros: true\n---\n\n# Title\n\n{{ config }}\n")
    assert [str(p) for p in problems] == [
        "docs/x.md:7: only calls of the site's macros with written-out arguments may appear between {{ and }}, like "
        '{{ decision_table("breach-response") }}'
    ]


def test_stash_marker_is_reserved():
    _, problems = read("# Title\n\n<!--generated-block-0-->\n")
    assert [p.line for p in problems] == [3] and "reserved" in problems[0].message


# --- front matter --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "front, field, expected",
    [
        ("template: ../../etc/passwd", "template", "unknown field 'template'"),
        ("icon: material/../../x", "icon", "unknown field 'icon'"),
        ("decision_table: shadow", "decision_table", "unknown field 'decision_table'"),
        ("title: <img src=x onerror=alert(1)>", "title", "may not contain < or >"),
        ("title: \"{{ cycler.__init__ }}\"", "title", "may not contain {{"),
        ("title: \"x\\u202ey\"", "title", "invisible or control character U+202E"),
        ("render_macros: 1", "render_macros", "valid boolean"),
        ("last_reviewed: 2999-01-01", "last_reviewed", "is in the future"),
        ("last_reviewed: '2026-01-01'", "last_reviewed", "remove the quotes"),
        ("hide: [toc, sidebar]", "hide[1]", "Input should be"),
        ("search: {boost: 1000}", "search.boost", "less than or equal to 10"),
    ],
)
def test_front_matter_is_checked_with_line_and_field(front, field, expected):
    page, problems = read(f"---\ndescription: A page about things.\n{front}\n---\n\n# Title\n")
    assert page is None
    assert len(problems) == 1, problems
    assert (problems[0].file, problems[0].line, problems[0].field) == ("docs/x.md", 3, field)
    assert expected in problems[0].message


def test_front_matter_yaml_errors_and_line_separators_name_the_line():
    _, problems = read("---\ndescription: fine\ntitle: [unclosed\n---\n# T\n")
    assert problems[0].line in (3, 4) and "YAML syntax error" in problems[0].message
    _, problems = read("---\ndescription: fine\ntitle: a\u2028b\n---\n# T\n")
    assert (problems[0].line, "U+2028") == (3, problems[0].message.split("separator ")[1][:6])


# --- HTML ----------------------------------------------------------------------------------------


def html_of(text: str) -> str:
    return markdown.markdown(text, extensions=["attr_list", "md_in_html"])


@pytest.mark.parametrize(
    "source, expected",
    [
        ("<script>alert(1)</script>", "<script>"),
        ('<img src="x.png" onerror="alert(1)">', "'onerror'"),
        ("<iframe src=//evil.example></iframe>", "<iframe>"),
        ('<svg onload="alert(1)"></svg>', "<svg>"),
        ("<style>body{background:url(https://evil.example)}</style>", "<style>"),
        ('<a href="&#106;avascript:alert(1)">x</a>', "not allowed"),
        ('<a href="java&#x09;script:alert(1)">x</a>', "not allowed"),
        ("[x](javascript:alert(1))", "not allowed"),
        ('<span style="background:url(https://evil.example/t.gif)">x</span>', "'style'"),
        ("![t](https://tracker.example/p.gif)", "requests to other hosts"),
        ("![t](data:image/svg+xml;base64,PHN2Zz4=)", "requests to other hosts"),
        ('[x](a.md "<img src=x onerror=alert(1)>")', "holds markup"),
        ("A paragraph\n{: onclick=\"alert(1)\" }", "'onclick'"),
        ('<form action="https://evil.example"><input type="text"></form>', "<form>"),
        ('<meta http-equiv="refresh" content="0;url=https://evil.example">', "<meta>"),
        ('<base href="https://evil.example/">', "<base>"),
    ],
)
def test_script_markup_and_outside_requests_are_refused(source, expected):
    problems = pages.html_problems(html_of("Some prose.\n\n" + source), "Some prose.\n\n" + source, "docs/x.md")
    assert problems and any(expected in p.message for p in problems), problems
    assert all(p.line == 3 + source.count("\n") for p in problems), problems


def test_ordinary_content_html_passes():
    source = (
        "# Title {: #top }\n\n"
        '<div class="grid" markdown>\n\nText with [a link](other.md#part "A plain title") and ![a chart](img/chart.png).\n\n</div>\n\n'
        "<details open><summary>More</summary>\n<p>Hidden <kbd>Ctrl</kbd></p>\n</details>\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n[mail](mailto:help@example.org) and [web](https://example.org)\n"
    )
    html = markdown.markdown(source, extensions=["attr_list", "md_in_html", "tables"])
    assert pages.html_findings(html) == []


@pytest.mark.parametrize(
    "title, refused",
    [
        ("Notes, records &amp; data protection", False),
        ('The "safe space" perspective', False),
        ("Hello &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;", True),
        ("Hello &amp;lt;b&amp;gt;", True),
        ("A <b>bold</b> claim", True),
    ],
)
def test_titles_are_plain_text_however_written(title, refused):
    problems = pages.title_problems(title, "---\n---\n\n# " + title + "\n", "docs/x.md")
    assert bool(problems) == refused
    assert all((p.line, p.field) == (4, "title") for p in problems)


# --- whole builds ----------------------------------------------------------------------------------


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
    assert 'data/tables/breach-response.yml:9 [page]: docs/reference/glossary.md does not show this model: add {{ decision_table("breach-response") }}' in built.log


@pytest.mark.build
def test_heading_title_cannot_close_the_title_element(project, tmp_path):
    """Material prints the first heading as <title>{{ page.title | striptags }}, and striptags decodes entities."""
    page = project / "docs" / "stray.md"
    page.write_text("---\ndescription: A page with a hostile heading.\n---\n\n# Hi &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;\n\nText.\n", encoding="utf-8")
    built = build_in_process(project, tmp_path / "site")
    assert built.error is not None
    assert "docs/stray.md:5 [title]: the page title may not contain < or >" in built.log
