"""Docs pages as hostile input (issue 10): front matter, macro calls and raw HTML are checked before publishing (tests/plugin/test_page_checks.py builds them)."""

from __future__ import annotations

from collections.abc import Callable

import markdown
import pytest

from macros import pages

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
        'docs/x.md:7: only calls of the site\'s macros with written-out arguments may appear between {{ and }}, like {{ decision_table("breach-response") }}'
    ]


# --- front matter --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "front, field, expected",
    [
        ("template: ../../etc/passwd", "template", "unknown field 'template'"),
        ("icon: material/../../x", "icon", "unknown field 'icon'"),
        ("decision_table: shadow", "decision_table", "unknown field 'decision_table'"),
        ("title: <img src=x onerror=alert(1)>", "title", "may not contain < or >"),
        ('title: "{{ cycler.__init__ }}"', "title", "may not contain {{"),
        ('title: "x\\u202ey"', "title", "invisible or control character U+202E"),
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
        ('A paragraph\n{: onclick="alert(1)" }', "'onclick'"),
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


def test_a_refused_title_is_reported_where_it_was_written():
    hostile = "Hi &lt;b&gt;"
    in_front = pages.title_problems(hostile, f"---\ndescription: d\ntitle: {hostile}\n---\n\n# Other\n", "docs/x.md")
    after_code = pages.title_problems(hostile, f"---\ndescription: d\n---\n\n```\n# not a heading\n```\n\n# {hostile}\n", "docs/x.md")
    assert [p.line for p in in_front + after_code] == [3, 9]


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
