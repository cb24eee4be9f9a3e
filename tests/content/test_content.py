"""Guidance content: page skeletons, sources, glossary use, metadata and citation discipline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.paths import ROOT

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


def test_response_rules_cite_the_2025_icf_code_first(real_site_data):
    """Where a response rule cites ICF, it leads with the code in force since 2025, not the 2020 numbers."""
    table = real_site_data.tables["breach-response"]
    for rule in table.rules:
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


# --- Issue 9, content corrections: each test below fails if a corrected claim comes back. ---

OWN_DATA = ["course.yml", "quiz.yml", "glossary.yml", "perspectives.yml", "standards.yml"]


def guidance_texts() -> dict[Path, str]:
    """Every prose page and every non-table data file: the text a coach reads."""
    texts = {p: p.read_text(encoding="utf-8") for p in doc_pages()}
    texts.update({ROOT / "data" / n: (ROOT / "data" / n).read_text(encoding="utf-8") for n in OWN_DATA})
    return texts


def section(body: str, heading: str) -> str:
    """The text under one heading, up to the next heading of the same or a higher level."""
    match = re.search(rf"^(#+) {re.escape(heading)}\s*$", body, re.M)
    assert match, f"no heading {heading!r}"
    level = len(match.group(1))
    rest = body[match.end() :]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.M)
    return rest[: end.start()] if end else rest


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n\s*\n", text) if s.strip()]


def test_no_icf_2025_clause_number_is_printed_anywhere():
    """The 2025 code's clause numbers (2.1, 2.2, ...) are unverified: no text prints one, in any form."""
    for path, text in guidance_texts().items():
        hits = re.findall(r"(?<!Rule )(?<![\d.(])[1-5]\.\d+(?![\d.])", text)
        assert not hits, f"{path.relative_to(ROOT)} prints a clause-like number: {hits}"


def test_the_2025_icf_code_is_cited_before_the_2020_numbers():
    """The code in force since 1 April 2025 leads; 2020 standard numbers only follow it, as a mapping."""
    for path, text in guidance_texts().items():
        if path.name == "standards.yml":
            continue
        first_2020 = re.search(r"Standard \d|\(2020\)|2020 code", text)
        if first_2020:
            first_2025 = text.find("2025")
            assert 0 <= first_2025 < first_2020.start(), f"{path.relative_to(ROOT)} cites the 2020 code before the 2025 one"
    standards = yaml.safe_load((ROOT / "data" / "standards.yml").read_text(encoding="utf-8"))["standards"]
    icf = [s for s in standards if s["code"] == "ICF Code of Ethics"]
    assert icf[0]["version"] == "2025", "the standards list must open with the 2025 ICF code"
    assert "1 April 2025" in (DOCS / "reference" / "standards.md").read_text(encoding="utf-8")


def test_perspective_pages_lead_their_codes_with_2025(real_site_data):
    """On every perspective page the first ICF citation under 'What the codes say' is the 2025 code."""
    for perspective in real_site_data.perspectives.values():
        _, body = front_matter(DOCS / perspective.page)
        codes = section(body, "What the codes say")
        first_icf = re.search(r"ICF Code of Ethics \((\d{4})\)", codes)
        assert first_icf and first_icf.group(1) == "2025", perspective.page


def test_the_right_to_confidentiality_quote_is_named_as_a_blog_post():
    """'The right to confidentiality belongs to the client' is a 2018 ICF blog post, never the Code or 'ICF guidance'."""
    for path, text in guidance_texts().items():
        rel = path.relative_to(ROOT)
        assert not re.search(r"ICF(?:'s)?(?: own)? guidance", text), f"{rel} calls a blog post ICF guidance"
        for paragraph in re.split(r"\n\s*\n", text):
            if re.search(r"right to confidentiality|confidentiality is the client's right", paragraph, re.I):
                assert "blog" in paragraph and "2018" in paragraph, f"{rel}: the quote is not named as the 2018 blog post: {paragraph[:80]!r}"
    breach = (DOCS / "is-it-a-breach.md").read_text(encoding="utf-8")
    assert "blog post" in section(breach, "Whose right confidentiality is")


def test_no_text_says_icf_requires_supervision():
    """ICF recommends supervision (and even that is unverified); no sentence says a code requires or expects it."""
    for path, text in guidance_texts().items():
        for sentence in sentences(text):
            if re.search(r"\bsupervis(?:ion|or)", sentence, re.I) and re.search(r"\bICF\b|\bcodes?\b", sentence):
                assert not re.search(r"\b(requires?|required|mandatory|expects?|expected|obliges?)\b", sentence, re.I), (
                    f"{path.relative_to(ROOT)}: {sentence.strip()[:120]!r}"
                )
    assert "ICF recommends" in (DOCS / "reference" / "standards.md").read_text(encoding="utf-8")


def test_data_protection_page_names_both_regimes_the_deadline_and_its_anchors():
    """The records-leak page names EU and UK GDPR, Articles 9, 15, 33 and 34, the 72 hours, and keeps its linked headings."""
    meta, body = front_matter(DOCS / "respond" / "data-protection.md")
    for needle in ["EU", "UK GDPR", "Article 9", "Article 15", "Article 33", "Article 34", "72 hours", "Not legal advice", "controller"]:
        assert needle in body, needle
    headings = re.findall(r"^## (.+?)\s*$", body, re.M)
    assert "If records have leaked" in headings and "Recordings and AI note-takers" in headings
    leaked = section(body, "If records have leaked")
    assert any(
        re.search(r"supervisory authority within 72 hours", x) and "unlikely to result in a risk" in x and "Article 33" in x for x in sentences(leaked)
    ), "Article 33: report to the supervisory authority within 72 hours unless unlikely to result in a risk"
    assert any("high" in x and "Article 34" in x for x in sentences(leaked)), "Article 34: tell the people affected when the risk is high"
    assert "emergency services" in leaked, "a leak that endangers someone starts with the emergency step"
    assert re.search(r"law .{0,40}differ", section(body, "Recordings and AI note-takers")), "recording law varies by country"
    assert re.search(r"elsewhere|Outside the EU and UK", body), "says the law differs outside the EU and UK"
    nav = yaml.safe_load(re.sub(r"!ENV \[.*?\]", '""', (ROOT / "mkdocs.yml").read_text(encoding="utf-8")))["nav"]
    respond = next(item["Respond"] for item in nav if isinstance(item, dict) and "Respond" in item)
    assert {"Notes, records and data protection": "respond/data-protection.md"} in respond
    for page in ["index.md", "records.md", "first-24-hours.md"]:
        text = (DOCS / "respond" / page).read_text(encoding="utf-8")
        assert "data-protection.md#if-records-have-leaked" in text, f"respond/{page} does not link to the leak steps"


def test_grounds_for_sharing_without_consent_are_all_there():
    """Consent, agreed exceptions, the law (agreed or not) and serious risk weighed with supervisor and lawyer; and what to do with nothing written."""
    _, body = front_matter(DOCS / "respond" / "who-to-involve.md")
    grounds = section(body, "When you may share without consent")
    assert re.search(r"consent", grounds, re.I) and re.search(r"agreed in advance", grounds)
    assert "court order" in grounds and "whether or not" in grounds
    assert "serious risk" in grounds and "supervisor" in grounds and "lawyer" in grounds
    nothing = section(body, "If nothing is written down")
    assert "Today" in nothing and "sample clauses" in nothing


def test_every_party_is_owed_something_and_conflicts_are_named():
    """Client, sponsor, group members and people named in sessions each get a section, and conflicts are discussed."""
    _, body = front_matter(DOCS / "respond" / "who-to-involve.md")
    owed = section(body, "What you owe each party")
    for heading in ["To the client", "To the sponsor", "To members of a team or group", "To people named in sessions", "When duties conflict"]:
        assert re.search(rf"^### {heading}\s*$", owed, re.M), heading


def test_inside_information_and_suspected_crime_need_legal_advice_first():
    """Inside information: no trading, tipping or passing on, MAR Art. 14 and 10(1); crimes and demands: advice before telling anyone."""
    _, body = front_matter(DOCS / "respond" / "who-to-involve.md")
    inside = section(body, "If you have heard inside information")
    for needle in ["buy or sell", "recommend", "pass the information on", "Article 14", "Article 10(1)", "legal advice"]:
        assert needle in inside, needle
    texts = guidance_texts()
    for path, text in texts.items():
        assert not re.search(r"10b-5|FSMA|Criminal Justice Act|tipping.off (?:is|would be) (?:an |a criminal )?offence", text, re.I), path
    crime = section(body, "If a crime is suspected or your records are demanded")
    assert "before you tell anyone" in crime
    records = (DOCS / "respond" / "records.md").read_text(encoding="utf-8")
    assert "before you tell anyone" in section(records, "If police or a court asks for your notes")


def test_quiz_police_answer_puts_legal_advice_before_telling_the_client():
    """A correct quiz answer never tells the coach to inform the client before a lawyer says they may."""
    quiz = yaml.safe_load((ROOT / "data" / "quiz.yml").read_text(encoding="utf-8"))
    police = next(q for q in quiz["questions"] if q["id"] == "police-request")
    for option in police["options"]:
        if re.search(r"tell|warn|ring", option["text"], re.I) and "client" in option["text"]:
            assert option["correct"] == bool(re.search(r"lawyer|advice", option["text"])), option["text"]


def test_ending_is_allowed_for_more_than_a_repeat():
    """Prose, quiz and course agree: harm to others, being used to pass information and the client's wish are reasons to end."""
    _, body = front_matter(DOCS / "respond" / "repair-or-end.md")
    ending = section(body, "Ending well")
    for reason in ["harm the client or someone else", "pass information", "Trust cannot be rebuilt", "client wants to end", "repeated"]:
        assert reason in ending, reason
    quiz = yaml.safe_load((ROOT / "data" / "quiz.yml").read_text(encoding="utf-8"))
    when = next(q for q in quiz["questions"] if q["id"] == "when-to-end")
    correct = [o["text"] for o in when["options"] if o["correct"]]
    for reason in ["harm the client or someone else", "pass information", "the client asks", "on purpose"]:
        assert any(reason in t.lower() for t in correct), f"the quiz does not accept '{reason}' as a reason to end"
    course = (ROOT / "data" / "course.yml").read_text(encoding="utf-8")
    assert "ending is fair after a deliberate repeat" not in course.lower()
    assert "pass information" in course


def test_sample_clauses_are_proportionate():
    """No sample clause binds the coach to report any illegality; each exceptions clause excludes minor matters and takes advice first."""
    text = (DOCS / "reference" / "clauses.md").read_text(encoding="utf-8")
    quoted = [line for line in text.splitlines() if line.startswith(">")]
    assert not [line for line in quoted if re.search(r"illegal activity|any illegal", line, re.I)]
    clauses = [line for line in quoted if re.search(r"may share without", line)]
    assert len(clauses) == 3, clauses
    for clause in clauses:
        assert "Minor matters" in clause and "serious" in clause and re.search(r"supervisor", clause), clause


def test_privilege_page_says_coaching_is_not_privileged_and_notes_were_sought():
    """The privilege perspective says in its limits that coaching is in general not privileged and notes have been sought."""
    _, body = front_matter(DOCS / "perspectives" / "privilege-analogy.md")
    limits = section(body, "Where it falls short")
    assert "in general not legally privileged" in limits
    assert "sought by police and courts" in limits
