"""Rendering: author text is data (safe Markdown only) and fragments have the promised structure."""

from __future__ import annotations

import html

import pytest

from macros import render
from macros.text import plain, render_block, render_inline, unsafe_links


def test_markdown_inline_formatting_is_kept():
    """Authors may use emphasis, strong and ordinary links."""
    html = render_block("A **bold** and *soft* [link](https://example.org/x).")
    assert "<strong>bold</strong>" in html and "<em>soft</em>" in html
    assert '<a href="https://example.org/x">link</a>' in html


@pytest.mark.parametrize("raw", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<div>block</div>\n\nmore"])
def test_raw_html_is_escaped_not_passed_through(raw):
    """Raw HTML in YAML text shows as text and never becomes markup."""
    html = render_block(raw)
    assert "<script" not in html and "<img" not in html and "<div" not in html
    assert "&lt;" in html


@pytest.mark.parametrize("text", ["{{ 7*7 }}", "{% include 'x' %}", "{# c #}"])
def test_template_syntax_is_shown_literally(text):
    """Braces reach the page as entities: readers see them, no template engine can run them."""
    html = render_block(text)
    assert "49" not in html
    assert "{" not in html and "&#123;" in html


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert(1))",
        "[x](JavaScript:alert(1))",
        "[x](java\tscript:alert(1))",
        "[x](data:text/html,hi)",
        "[x][r]\n\n[r]: vbscript:msgbox",
        "![i](data:image/png;base64,AAAA)",
    ],
)
def test_script_and_data_links_are_detected_and_stripped(text):
    """Dangerous link schemes are reported for validation and stripped from output."""
    assert unsafe_links(text)
    html = render_block(text)
    assert "javascript" not in html.lower() and "data:" not in html and "vbscript" not in html


def test_safe_links_are_not_reported():
    """Relative, https and mailto links are fine."""
    assert unsafe_links("[a](../x.md) [b](https://a.b) [c](mailto:x@y.z) [d](#frag)") == []


def test_inline_and_plain_rendering():
    """Inline text loses its paragraph wrapper; plain text is fully escaped."""
    assert render_inline("A *b*") == "A <em>b</em>"
    assert plain('<b>"x"</b> {{') == "&#60;b&#62;&#34;x&#34;&#60;/b&#62; &#123;&#123;"
    # Text that lands in a Markdown heading must not become a link or an image either.
    assert plain("[a](javascript:x) ![i](data:x)") == "&#91;a&#93;&#40;javascript:x&#41; &#33;&#91;i&#93;&#40;data:x&#41;"


def test_html_block_has_no_blank_or_indented_lines():
    """Python-Markdown passes an HTML block through only if it has no blank or code-indented lines."""
    out = render.html_block("<div>\n\n    <p>x</p>\n  </div>\n")
    assert out == "<div>\n<p>x</p>\n</div>"


def test_anchor_ids_are_stable_and_lowercase():
    """Rule anchors such as #rule-r07 never change with wording."""
    assert render.anchor("R07") == "r07"
    assert render.anchor("Team or group!") == "team-or-group"


def test_scenario_fragment_has_fixed_skeleton(real_site_data, link):
    """Every scenario renders the same headings in the same order, plus the verdict block."""
    slug = sorted(real_site_data.scenarios)[0]
    out = render.render_scenario(real_site_data, slug, link)
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert headings == [
        "## The situation {: #situation }",
        "## Questions to discuss {: #questions }",
        "## What the decision table says {: #verdict }",
        "## A model answer {: #model-answer }",
        "## Perspectives and codes {: #sources }",
    ]
    assert 'class="verdict"' in out and '<details class="model-answer">' in out
    assert render.scenario_anchors() == {"situation", "questions", "verdict", "model-answer", "sources"}


def test_decision_table_fragment_marks_any_and_priorities(real_site_data, link):
    """Every question is listed, each decision is a table, cells say Any for wildcards, and each rule shows its priority."""
    out = render.render_decision_table(real_site_data, "breach-response", link)
    table = real_site_data.tables["breach-response"]
    assert out.count('<tr id="rule-') == sum(len(d.rules) for d in table.decisions)
    assert out.count('<table class="decision-table">') == len(table.decisions)
    assert all(f'id="question-{q.id}"' in out for q in table.questions)
    assert 'class="dt-any"' in out
    assert f"Priority {table.rules[0].priority}" in out
    assert "<caption>" in out and 'scope="col"' in out and 'scope="row"' in out


def test_citation_prints_clause_only_when_verified(real_site_data):
    """Unverified clause numbers never reach a page."""
    for std in real_site_data.standards.values():
        text = html.unescape(str(render.citation(std)))  # plain() writes ( ) as character references
        if std.clause:
            assert (std.clause in text) == std.verified


def test_abbreviations_cover_every_glossary_form(real_site_data):
    """Every form of every glossary term becomes a tooltip definition."""
    glossary = render.abbreviations(real_site_data)
    for term in real_site_data.glossary:
        for form in term.forms or [term.term]:
            assert glossary[form] == " ".join(term.definition.split())


@pytest.mark.parametrize(
    "url",
    [
        "javascript:x",
        "&#106;avascript:x",
        "&#x6A;avascript:x",
        "&#0000106avascript:x",
        "java&Tab;script:x",
        "java&NewLine;script:x",
        "javascript&colon;x",
        "&amp;#106;avascript:x",
        " JaVaScRiPt:x",
        "java\u200bscript:x",
        "vbscript:x",
        "data:text/html,x",
        "//evil.example",
        "\\\\evil.example",
    ],
)
def test_unsafe_urls_are_judged_after_decoding(url):
    """However a script or data URL is written (references, tabs, case, invisible marks), it is refused."""
    from macros.text import unsafe_url

    assert unsafe_url(url)


@pytest.mark.parametrize("url", ["https://example.org/a?b=1&amp;c=2", "mailto:a@b.org", "respond/records.md#x", "#here", "../x.md"])
def test_safe_urls_pass(url):
    """Ordinary web, mail and relative links are not caught by the decoding."""
    from macros.text import unsafe_url

    assert not unsafe_url(url)


def test_tooltip_text_has_no_markup_however_encoded():
    """Title attributes are shown by Material's tooltips as HTML, so no angle bracket survives any encoding."""
    from macros.text import tooltip_text

    for text in ("<b>x</b>", "&lt;b&gt;x", "&amp;lt;b&amp;gt;x", "&#60;b&#62;x", "&<lt;b>"):
        shown = html.unescape(tooltip_text(text))  # what the browser hands the tooltip
        assert "<" not in shown and ">" not in shown, text
