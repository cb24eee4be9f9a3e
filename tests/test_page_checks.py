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
        ('[x](a.md "<img src=x onerror=alert(1)>")', "may not contain < or >"),
        ('[x](a.md "&lt;img src=x onerror=alert(1)&gt;")', "may not contain < or >"),
        ('[x](a.md "&amp;lt;img src=x onerror=alert(1)&amp;gt;")', "holds markup"),
        # Read as a comment by Python's parser, but the img is live in a browser (attack review).
        ("<![CDATA[ > <img src=x onerror=alert(1)> ]]>", "browsers read it differently"),
        ("<!--> <img src=x onerror=alert(1)> -->", "browsers read it differently"),
        ("<!---> <img src=x onerror=alert(1)> -->", "browsers read it differently"),
        ("<?x > <img src=x onerror=alert(1)> ?>", "browsers read it differently"),
        # A > inside a value: later steps that find tags by pattern would end the tag there.
        ('<a href="https://example.org/" class="x><img src=x onerror=alert(1)>">a</a>', "may not contain < or >"),
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


def test_findings_are_few_and_deep_nesting_is_refused():
    table = "| a | b |\n|:--|--:|\n" + "| 1 | 2 |\n" * 3000
    many = pages.html_findings(markdown.markdown(table, extensions=["tables"]))
    assert [f.message.split(" is not")[0] for f in many] == ["the attribute 'style' on <th>", "the attribute 'style' on <td>"]
    deep = pages.html_findings("<div>" * (pages.MAX_DEPTH + 5) + "x" + "</div>" * (pages.MAX_DEPTH + 5))
    assert [f.message for f in deep] == [f"HTML elements nest more than {pages.MAX_DEPTH} levels deep; no page needs that"]
    assert pages.html_findings("<div>" * pages.MAX_DEPTH + "<br><img src='a.png'>" + "</div>" * pages.MAX_DEPTH) == []


@pytest.mark.parametrize("raw", ["<![CDATA[ x ]]>", "<!-->", "<!--->", "<!-- a --!> b -->", "<?php x ?>", "</ x>", "<!DOCTYPE html>"])
def test_markup_browsers_read_differently_is_refused_as_written(raw):
    assert any("browsers read it differently" in f.message for f in pages.html_findings(f"<p>a</p>\n{raw}\n"))


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


def test_docs_files_that_would_be_published_as_written_are_refused(tmp_path):
    docs = tmp_path / "docs"
    (docs / "assets").mkdir(parents=True)
    (docs / "sub").mkdir()
    files = {
        "page.md": "ok",
        "sub/chart.png": "ok",
        "assets/site.css": "ok",
        "assets/helper.js": "ok",
        "evil.html": "refused",
        "sub/logo.svg": "refused",
        "sub/tool.js": "refused",
        "search/search_index.json": "refused",
    }
    for name in files:
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text("x", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (docs / "passwd.md").symlink_to(tmp_path / "secret.txt")
    (docs / "linked").symlink_to(tmp_path, target_is_directory=True)
    paths = [docs / name for name in files] + [docs / "passwd.md", docs / "linked" / "secret.txt", tmp_path / "theme.html"]
    problems = {p.file: p.message for p in pages.docs_file_problems(docs, paths)}
    refused = {f"docs/{name}" for name, verdict in files.items() if verdict == "refused"} | {"docs/passwd.md", "docs/linked/secret.txt"}
    assert set(problems) == refused
    assert "symbolic link" in problems["docs/passwd.md"] and "symbolic link" in problems["docs/linked/secret.txt"]
    assert "published exactly as written" in problems["docs/evil.html"]


def test_page_files_are_read_as_mkdocs_reads_them(tmp_path):
    """A byte order mark hid the front matter from the check while MkDocs still read it (attack review)."""
    page = tmp_path / "p.md"
    page.write_bytes("\ufeff---\nrender_macros: true\n---\n\n{{ config }}\n".encode())
    _, problems = pages.check_page_file(page, "docs/p.md", pages.parse_env(), MACROS)
    assert [p.line for p in problems] == [5]
    page.write_bytes(b"x" * (pages.MAX_PAGE_BYTES + 1))
    assert "at most" in pages.check_page_file(page, "docs/p.md", pages.parse_env(), MACROS)[1][0].message


def test_the_front_matter_mkdocs_parsed_is_checked_too():
    assert pages.meta_problems({"render_macros": True, "description": "A page."}, "docs/p.md") == []
    problems = pages.meta_problems({"render_macros": 1, "subtitle": "<img src=x onerror=alert(1)>"}, "docs/p.md")
    assert {p.field for p in problems} == {"render_macros", "subtitle"}


def test_deeply_nested_template_syntax_is_a_message_not_a_crash():
    _, problems = calls("{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}")
    assert problems and "nests too deeply" in problems[0][1]


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
