"""The catalogue of bad inputs: each case breaks one file one way and says what the error must name."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NEW_CASE = (FIXTURES / "new-case.yml").read_text(encoding="utf-8")

# A small priority table, written as text so each case can break it in one place.
MINI_TABLE = """\
title: Mini table
description: A table for tests.
page: reference/decision-table.md
hit_policy: priority
inputs:
  - id: harm
    question: How much harm?
    help: Pick one.
    values:
      - {id: none, label: None}
      - {id: some, label: Some}
      - {id: serious, label: Serious}
  - id: risk
    question: Any risk?
    help: Pick one.
    values:
      - {id: present, label: Present}
      - {id: absent, label: Absent}
outputs:
  - {id: verdict, label: In short, kind: text}
rules:
  - id: R01
    priority: 100
    when: {harm: any, risk: present}
    then: {verdict: Safety first.}
    reason: Risk wins.
    sources: {perspectives: [private-conversation]}
  - id: R02
    priority: 10
    when: {harm: [some, serious], risk: absent}
    then: {verdict: Repair it.}
    reason: Harm needs repair.
    sources: {perspectives: [accountability]}
  - id: R03
    priority: 0
    when: {harm: any, risk: any}
    then: {verdict: Talk it through.}
    reason: The default.
    sources: {standards: [icf-2020-agreements]}
"""


@dataclass(frozen=True)
class Case:
    """One bad input: which file, how it is broken, and what the message must contain."""

    name: str
    file: str
    content: Callable[[], str | bytes]
    field: str
    words: str
    line_of: str | None = None  # a text whose line the error must point at

    def write(self, project: Path) -> None:
        data = self.content()
        path = project / self.file
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))

    def expected_line(self) -> int | None:
        if self.line_of is None:
            return None
        data = self.content()
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        return text[: text.index(self.line_of)].count("\n") + 1


SCENARIO = "scenarios/new-case.yml"
TABLE = "data/tables/mini.yml"


def sub(text: str, old: str, new: str) -> Callable[[], str]:
    assert old in text, old
    return lambda: text.replace(old, new, 1)


CASES = [
    Case("yaml-syntax", SCENARIO, sub(NEW_CASE, "questions:\n", "questions: [unclosed\n"), "", "flow sequence that starts on line 16", None),
    Case("empty-file", SCENARIO, lambda: "", "", "empty"),
    Case("not-a-mapping", SCENARIO, lambda: "- just\n- a list\n", "", "must be a mapping"),
    Case("non-utf8", SCENARIO, lambda: NEW_CASE.encode("utf-8").replace(b"Dana tells", b"D\xe9na tells"), "", "not valid UTF-8", "tells a colleague"),
    Case("unknown-key", SCENARIO, sub(NEW_CASE, "tags:", "tagz:"), "tagz", "unknown field 'tagz' (did you mean 'tags'?)", "tagz:"),
    Case("missing-field", SCENARIO, sub(NEW_CASE, "model_answer: |\n  Nobody has broken a confidence: the information was **Dana's own**.\n", ""), "model_answer", "required field is missing"),
    Case("wrong-type", SCENARIO, sub(NEW_CASE, "tags:\n  - sponsor", "tags: sponsor"), "tags", "valid list", "tags: sponsor"),
    Case("closed-set", SCENARIO, sub(NEW_CASE, "engagement: three-way\ntable", "engagement: coaching-circle\ntable"), "engagement", "coaching-circle", "engagement: coaching-circle"),
    Case("fact-outside-set", SCENARIO, sub(NEW_CASE, "harm: none", "harm: huge"), "facts.harm", "unknown value for harm 'huge'", "harm: huge"),
    Case("yes-no-boolean", SCENARIO, sub(NEW_CASE, "risk: absent", "risk: no"), "facts.risk", "true/false", "risk: no"),
    Case("dangling-perspective", SCENARIO, sub(NEW_CASE, "  - private-conversation", "  - privat-conversation"), "perspectives[0]", "did you mean 'private-conversation'", "privat-conversation"),
    Case("dangling-standard", SCENARIO, sub(NEW_CASE, "  - icf-2020-agreements", "  - icf-1999-nothing"), "standards[0]", "unknown standard 'icf-1999-nothing'", "icf-1999-nothing"),
    Case("dangling-table", SCENARIO, sub(NEW_CASE, "table: breach-response", "table: breach-responses"), "table", "unknown decision table", "table: breach-responses"),
    Case("wrong-expected-rule", SCENARIO, sub(NEW_CASE, "tags:", "expected_rule: R01\ntags:"), "expected_rule", "but the table decides", "expected_rule: R01"),
    Case("javascript-link", SCENARIO, sub(NEW_CASE, "asks the coach what else", "asks [the coach](javascript:alert(1)) what else"), "situation", "'javascript:alert(1)' is not allowed", "situation:"),
    Case("data-link", SCENARIO, sub(NEW_CASE, "**Dana's own**", "[own](data:text/html;base64,PHNjcmlwdD4=)"), "model_answer", "is not allowed", "model_answer:"),
    Case("angle-brackets-in-title", SCENARIO, sub(NEW_CASE, "title: A new case added by an author", "title: A <script>alert(1)</script> case"), "title", "may not contain < or >", "title: A <script>"),
    Case("duplicate-rule-id", TABLE, sub(MINI_TABLE, "  - id: R02", "  - id: R01"), "rules[1].id", "duplicate rule id 'R01'", "  - id: R01\n    priority: 10\n"),
    Case("table-gap", TABLE, sub(MINI_TABLE, "when: {harm: any, risk: any}", "when: {harm: any, risk: present}"), "rules", "gap: 1 combination", None),
    Case("table-tie", TABLE, lambda: MINI_TABLE.replace("priority: 10\n", "priority: 100\n").replace("risk: absent}", "risk: any}"), "rules[1].when", "tie at equal priority: rules R01 and R02", None),
    Case("table-overlap-unique", TABLE, sub(MINI_TABLE.replace("    priority: 100\n", "").replace("    priority: 10\n", "").replace("    priority: 0\n", ""), "hit_policy: priority", "hit_policy: unique"), "rules[2].when", "overlap: rules R01 and R03", None),
    Case("shadowed-rule", TABLE, sub(MINI_TABLE, "{harm: [some, serious], risk: absent}", "{harm: any, risk: absent}"), "rules[2].priority", "shadowed: rule R03 never wins; rules R01 and R02 always take precedence", None),
    Case("unknown-input-value", TABLE, sub(MINI_TABLE, "{harm: any, risk: present}", "{harm: any, risk: maybe}"), "rules[0].when.risk", "unknown value for risk 'maybe'", "risk: maybe"),
    Case("missing-condition", TABLE, sub(MINI_TABLE, "{harm: any, risk: present}", "{risk: present}"), "rules[0].when", "no condition for input 'harm'", "{risk: present}"),
    Case("rule-without-priority", TABLE, sub(MINI_TABLE, "    priority: 100\n", ""), "rules[0]", "needs a priority", None),
    Case("rule-without-source", TABLE, sub(MINI_TABLE, "sources: {perspectives: [accountability]}", "sources: {}"), "rules[1].sources", "name at least one source", "sources: {}"),
    Case("rule-dangling-source", TABLE, sub(MINI_TABLE, "[accountability]", "[acountability]"), "rules[1].sources.perspectives[0]", "did you mean 'accountability'", "[acountability]"),
]
