"""The real site, built once: every page is there, complete, described, and free of template leftovers."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from macros.decide import decide
from tools.localsite import is_redirect

pytestmark = pytest.mark.build


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html" and not is_redirect(p))


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_every_scenario_has_a_page_with_its_verdict(built_site, real_site_data):
    """Each scenario YAML file becomes scenarios/<slug>/ showing the rule the table decides."""
    assert len(real_site_data.scenarios) >= 16
    for slug, scenario in real_site_data.scenarios.items():
        html = page(built_site, f"scenarios/{slug}")
        rule = decide(real_site_data.tables[scenario.table], scenario.facts)
        assert f'data-rule="{rule.id}"' in html, slug
        assert 'id="verdict"' in html and 'id="model-answer"' in html, slug


def test_scenario_index_lists_every_scenario_by_engagement_and_tag(built_site, real_site_data):
    """The index links every scenario page and has a heading per engagement and per tag."""
    html = page(built_site, "scenarios")
    for slug, scenario in real_site_data.scenarios.items():
        assert f'href="{slug}/"' in html, slug
        assert f'id="engagement-{scenario.engagement}"' in html
        for tag in scenario.tags:
            assert f'id="tag-{tag}"' in html


def test_no_template_syntax_or_macro_errors_reach_the_output(built_site):
    """No page shows raw Jinja or a macros error message."""
    for path in html_pages(built_site):
        text = path.read_text(encoding="utf-8")
        for needle in ("{{", "{%", "Macro Rendering Error", "Traceback"):
            assert needle not in text, f"{needle!r} in {path.relative_to(built_site)}"


def test_every_page_has_a_meta_description_and_review_date(built_site):
    """Link previews and search need a description; readers need to know how fresh a page is."""
    for path in html_pages(built_site):
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(built_site)
        match = re.search(r'<meta name="description" content="([^"]+)"', text)
        assert match and len(match.group(1)) >= 20, f"no meta description in {rel}"
        assert "page-reviewed" in text, f"no review date in {rel}"


def test_sidebar_does_not_list_scenarios(built_site, real_site_data):
    """Scenario pages stay out of the navigation, so each page's size does not grow with their number."""
    html = page(built_site, "respond/first-24-hours")
    nav = html.split('class="md-sidebar md-sidebar--primary"', 1)[1].split("</nav>", 1)[0]
    for slug in real_site_data.scenarios:
        assert f"scenarios/{slug}/" not in nav


class _Table(HTMLParser):
    """Collects the accessibility-relevant structure of the decision table."""

    def __init__(self):
        super().__init__()
        self.caption = False
        self.th_scopes: list[str | None] = []
        self.row_ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "caption":
            self.caption = True
        if tag == "th":
            self.th_scopes.append(attrs.get("scope"))
        if tag == "tr" and attrs.get("id"):
            self.row_ids.append(attrs["id"])


def test_decision_table_is_an_accessible_table_with_a_row_per_rule(built_site, real_site_data):
    """Caption, scoped header cells, and a stable #rule-... anchor for every rule of every decision."""
    html = page(built_site, "reference/decision-table")
    parser = _Table()
    parser.feed(html)
    table = real_site_data.tables["breach-response"]
    assert parser.caption
    assert parser.th_scopes and all(scope in ("col", "row") for scope in parser.th_scopes)
    every = [r for d in table.decisions for r in d.rules]
    assert parser.row_ids[: len(every)] == [f"rule-{r.id.lower()}" for r in every]


def test_page_size_does_not_grow_with_the_scenario_count(built_site, real_site_data):
    """A content page's HTML stays small: no per-scenario entries in nav or page chrome."""
    size = len(page(built_site, "respond/first-24-hours"))
    assert size < 60_000, size


def test_no_third_party_hosts_in_page_assets(built_site):
    """No fonts, scripts or styles from other hosts: the site works offline and leaks nothing."""
    for path in html_pages(built_site):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", text):
            if re.search(r'rel="(canonical|alternate)"', tag):
                continue  # a canonical address is metadata, not a request
            host = re.search(r'(?:src|href)="(?:https?:)?//([^"/]+)', tag)
            assert host is None, f"{path.relative_to(built_site)} loads from {host.group(1)}: {tag}"
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_glossary_terms_show_as_tooltips(built_site, real_site_data):
    """Glossary terms in prose get an <abbr title> tooltip carrying their definition."""
    html = page(built_site, "is-it-a-breach")
    term = next(t for t in real_site_data.glossary if any(f in html for f in (t.forms or [t.term])))
    assert re.search(r'<abbr title="[^"]+">', html), "no glossary tooltip on the page"
    assert any(f">{form}</abbr>" in html for form in (term.forms or [term.term]))
