"""Guidance content: page skeletons, sources, glossary use, metadata and citation discipline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SKELETON = ["The idea", "When it fits", "How to apply it", "Where it falls short", "What the codes say", "Scenarios that use it"]


def front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
    assert match, f"{path.relative_to(ROOT)} has no front matter"
    return yaml.safe_load(match.group(1)) or {}, match.group(2)


def doc_pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


@pytest.mark.parametrize("path", doc_pages(), ids=lambda p: str(p.relative_to(DOCS)))
def test_every_page_has_description_and_review_date(path):
    """Link previews need a description; readers need to know when guidance was last checked."""
    meta, _ = front_matter(path)
    assert isinstance(meta.get("description"), str) and 20 <= len(meta["description"]) <= 200
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(meta.get("last_reviewed", ""))), "last_reviewed missing"


@pytest.mark.parametrize("path", doc_pages(), ids=lambda p: str(p.relative_to(DOCS)))
def test_template_syntax_only_on_opted_in_pages(path):
    """Jinja runs only where render_macros is set, and pages hold calls, never loops."""
    meta, body = front_matter(path)
    assert "{%" not in body
    if "{{" in body:
        assert meta.get("render_macros") is True
        for call in re.findall(r"\{\{(.*?)\}\}", body, re.S):
            assert re.fullmatch(r'\s*[a-z_]+\((?:"[a-z0-9-]+")?\)\s*', call), f"not a named call: {call!r}"


def test_perspective_pages_share_the_skeleton(real_site_data):
    """Every perspective page has the six sections in order and lists its scenarios."""
    for pid, perspective in real_site_data.perspectives.items():
        _, body = front_matter(DOCS / perspective.page)
        headings = re.findall(r"^## (.+?)\s*$", body, re.M)
        assert headings == SKELETON, f"{perspective.page}: {headings}"
        assert f'{{{{ scenarios_using("{pid}") }}}}' in body


def test_every_perspective_is_used_by_a_scenario(real_site_data):
    """No perspective page ends with an empty scenario list."""
    used = {p for s in real_site_data.scenarios.values() for p in s.perspectives}
    assert used == set(real_site_data.perspectives)


def test_every_response_rule_names_a_source(real_site_data):
    """Each response rule cites where its advice comes from, leading with the ICF code in force since 2025 where it cites ICF."""
    table = real_site_data.tables["breach-response"]
    for rule in table.rules:
        assert rule.sources.perspectives or rule.sources.standards, rule.id
        icf = [sid for sid in rule.sources.standards if sid.startswith("icf-")]
        if icf:
            assert icf[0].startswith("icf-2025-"), f"{rule.id} cites ICF 2020 before the 2025 code"


def test_glossary_terms_are_all_used(real_site_data):
    """A glossary term that appears on no page is dead weight; its tooltip never shows."""
    corpus = " ".join(p.read_text(encoding="utf-8") for p in doc_pages() if p.name != "glossary.md")
    corpus += " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "scenarios").glob("*.yml"))
    for term in real_site_data.glossary:
        forms = term.forms or [term.term]
        assert any(re.search(rf"\b{re.escape(f)}\b", corpus) for f in forms), f"glossary term unused: {term.term}"


def test_scenario_coverage(real_site_data):
    """Scenarios cover every engagement, the safety routes, requests to the coach, leaked records and non-breaches."""
    from macros.decide import walk

    table = real_site_data.tables["breach-response"]
    walks = [walk(table, s.facts) for s in real_site_data.scenarios.values()]
    assert {s.engagement for s in real_site_data.scenarios.values()} == {"one-to-one", "three-way", "team-or-group"}
    routes = {w.values["route"] for w in walks}
    assert {"danger-possible", "legal-demand", "inside-information", "speak-up", "request", "disclosure"} <= routes
    kinds = {w.values.get("kind") for w in walks}
    assert {"own-story", "others-info", "org-info", "materials", "data-leak"} <= kinds
    assert sum(w.values.get("kind") == "own-story" for w in walks) >= 2


VERIFIED_ICF_2020 = {"1", "2", "5", "6", "7"}


def test_no_unverified_clause_numbers_are_printed():
    """ICF 2020 standards are numbered only where verified; ICF 2025 clause numbers never are."""
    texts = {p: p.read_text(encoding="utf-8") for p in doc_pages()}
    texts.update({p: p.read_text(encoding="utf-8") for p in (ROOT / "scenarios").glob("*.yml")})
    texts.update({p: p.read_text(encoding="utf-8") for p in (ROOT / "data").rglob("*.yml")})
    for path, text in texts.items():
        for number in re.findall(r"Standards? (\d+)", text):
            assert number in VERIFIED_ICF_2020, f"{path.relative_to(ROOT)} cites unverified Standard {number}"
        assert not re.search(r"\b(?:clause|standard|section) 2\.\d", text, re.I), f"{path.relative_to(ROOT)} prints a 2025 clause number"


def test_overreaching_claims_are_corrected():
    """The site says plainly that codes bind the coach and that coaching is not legally privileged."""
    breach = (DOCS / "is-it-a-breach.md").read_text(encoding="utf-8").lower()
    privilege = (DOCS / "perspectives" / "privilege-analogy.md").read_text(encoding="utf-8").lower()
    assert "bind" in breach and "coach" in breach
    assert "not legally privileged" in privilege or "not privileged" in privilege


def test_home_page_triage_and_next_steps_come_first():
    """The first screen holds the three triage questions and the links to the helper and the table."""
    _, body = front_matter(DOCS / "index.md")
    first = body[:2500]
    assert len(re.findall(r"^\d\. ", first, re.M)) >= 3
    assert "helper.md" in first and "reference/decision-table.md" in first
