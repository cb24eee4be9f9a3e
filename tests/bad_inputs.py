"""The catalogue of bad inputs: each case breaks one file one way and says what the error must name."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent
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
GLOSSARY = "data/glossary.yml"
QUIZ = "data/quiz.yml"
COURSE = "data/course.yml"


def real(file: str) -> str:
    return (ROOT / file).read_text(encoding="utf-8")


def sub(text: str, old: str, new: str) -> Callable[[], str]:
    assert old in text, old
    return lambda: text.replace(old, new, 1)


def sub_real(file: str, old: str, new: str) -> Callable[[], str]:
    """Break the real file at `old`, read when the case runs."""
    def content() -> str:
        text = real(file)
        assert old in text, old
        return text.replace(old, new, 1)

    return content


SITUATION = "asks the coach what else"
ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
)


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

    # Link targets judged after character references are decoded, however they are written.
    Case("javascript-decimal-entity", SCENARIO, sub(NEW_CASE, SITUATION, "asks [the coach](&#106;avascript:alert(1)) what else"), "situation", "is not allowed", "situation:"),
    Case("javascript-hex-entity", SCENARIO, sub(NEW_CASE, SITUATION, "asks [the coach](&#x6A;avascript:alert(1)) what else"), "situation", "is not allowed", "situation:"),
    Case("javascript-named-tab", SCENARIO, sub(NEW_CASE, SITUATION, "asks [the coach](java&Tab;script:alert(1)) what else"), "situation", "is not allowed", "situation:"),
    Case("javascript-named-colon", SCENARIO, sub(NEW_CASE, SITUATION, "asks [the coach](javascript&colon;alert(1)) what else"), "situation", "is not allowed", "situation:"),
    Case("javascript-newline-entity", SCENARIO, sub(NEW_CASE, SITUATION, "asks [the coach](java&#10;script:alert(1)) what else"), "situation", "is not allowed", "situation:"),
    Case("vbscript-link", SCENARIO, sub(NEW_CASE, SITUATION, "asks [the coach](VBScript:msgbox(1)) what else"), "situation", "is not allowed", "situation:"),
    Case("javascript-reference-definition", SCENARIO, sub(NEW_CASE, "  the coaching, hears", "  [x][r]\n\n  [r]: &#106;avascript:alert(1)\n\n  the coaching, hears"), "situation", "is not allowed", "situation:"),
    Case("data-image-by-reference", SCENARIO, sub(NEW_CASE, "**Dana's own**", "![x][i]\n\n  [i]: d&#97;ta:image/svg+xml,x"), "model_answer", "is not allowed", "model_answer:"),
    Case("protocol-relative-link", SCENARIO, sub(NEW_CASE, SITUATION, "asks [the coach](//evil.example/x) what else"), "situation", "is not allowed", "situation:"),
    Case("markup-in-link-title", SCENARIO, sub(NEW_CASE, "**Dana's own**", "[own](https://example.org \"<img src=x onerror=alert(1)>\")"), "model_answer", "titles show as tooltips", "model_answer:"),
    Case("encoded-markup-in-link-title", SCENARIO, sub(NEW_CASE, "**Dana's own**", "[own](https://example.org \"&lt;img src=x onerror=alert(1)&gt;\")"), "model_answer", "titles show as tooltips", "model_answer:"),
    Case("markup-in-glossary-definition", GLOSSARY, sub_real(GLOSSARY, "definition: The person or organisation", "definition: <img src=x onerror=alert(1)> The person or organisation"), "terms[0].definition", "may not contain < or >", "definition: <img"),
    # Relative links in data text are checked like links in pages.
    Case("link-typo-in-text", SCENARIO, sub(NEW_CASE, SITUATION, "asks [the coach](respond/recrds.md) what else"), "situation", "page docs/respond/recrds.md does not exist", "situation:"),
    Case("link-outside-docs-in-text", SCENARIO, sub(NEW_CASE, SITUATION, "asks [the coach](../README.md) what else"), "situation", "points outside docs/", "situation:"),
    # Invisible characters and empty text.
    Case("bidi-override-in-title", SCENARIO, sub(NEW_CASE, "title: A new case", "title: A new \u202ecase"), "title", "U+202E", "title:"),
    Case("zero-width-in-summary", SCENARIO, sub(NEW_CASE, "summary: A client", "summary: A\u200b client"), "summary", "U+200B", "summary:"),
    Case("control-character-in-text", SCENARIO, sub(NEW_CASE, "Dana tells", "Dana\x07 tells"), "", "U+0007", "Dana"),
    Case("c1-control-in-text", SCENARIO, sub(NEW_CASE, "Dana tells", "Dana\x9b tells"), "", "U+009B", "Dana"),
    Case("whitespace-only-question", SCENARIO, sub(NEW_CASE, "  - Has anyone broken a confidence here?", "  - '   '"), "questions[0]", "empty or only spaces", "  - '   '"),
    Case("quoted-date", SCENARIO, sub(NEW_CASE, "last_reviewed: 2026-11-26", "last_reviewed: '2026-11-26'"), "last_reviewed", "remove the quotes", "last_reviewed:"),
    # Values YAML accepts but Python cannot hold.
    Case("impossible-date", SCENARIO, sub(NEW_CASE, "last_reviewed: 2026-11-26", "last_reviewed: 2026-02-30"), "last_reviewed", "cannot be read as a date", "last_reviewed:"),
    Case("bad-int-tag", SCENARIO, sub(NEW_CASE, "tags:\n  - sponsor", "tags:\n  - !!int abc"), "tags[0]", "cannot be read as a whole number", "  - !!int abc"),
    Case("bad-bool-tag", SCENARIO, sub(NEW_CASE, "risk: absent", "risk: !!bool maybe"), "facts.risk", "cannot be read as true or false", "risk: !!bool"),
    Case("bad-timestamp-tag", SCENARIO, sub(NEW_CASE, "last_reviewed: 2026-11-26", "last_reviewed: !!timestamp hello"), "last_reviewed", "cannot be read as a date", "last_reviewed:"),
    Case("huge-integer", SCENARIO, sub(NEW_CASE, "tags:\n  - sponsor", "tags:\n  - " + "9" * 5000), "tags[0]", "cannot be read as a whole number", "  - 999"),
    Case("deep-nesting", SCENARIO, lambda: NEW_CASE + "extra: " + "[" * 3000 + "]" * 3000 + "\n", "", "nest", None),
    Case("deep-block-nesting", SCENARIO, lambda: NEW_CASE + "extra:\n" + "".join("  " * i + "k:\n" for i in range(1, 60)), "", "nest more than 40 levels", None),
    Case("alias-bomb", SCENARIO, lambda: ALIAS_BOMB, "", "expands to more than 100,000 values", None),
    Case("many-aliases", SCENARIO, lambda: NEW_CASE + "x: &x one\n" + "".join(f"k{i}: *x\n" for i in range(150)), "", "more than 100 YAML aliases", None),
    Case("alias-expansion", SCENARIO, lambda: "a: &a [" + ", ".join(["x"] * 2000) + "]\n" + "".join(f"k{i}: *a\n" for i in range(60)), "", "expands to more than 100,000 values", None),
    Case("huge-file", SCENARIO, lambda: NEW_CASE + "# " + "x" * 1_100_000 + "\n", "", "split it", None),
    # Paths in data stay inside docs/.
    Case("quiz-see-climbs-out", QUIZ, sub_real(QUIZ, "see: is-it-a-breach.md#who-the-codes-bind", "see: is-it-a-breach/../../README.md"), "questions[0].see", "does not have the expected form", "see: is-it-a-breach/../"),
    Case("course-page-leading-slash", COURSE, sub_real(COURSE, "page: is-it-a-breach.md\n", "page: /etc/passwd.md\n"), "modules[0].activities[1].reading[0].page", "does not have the expected form", "page: /etc"),
]
