"""The catalogue of bad inputs: each case breaks one file one way and says what the error must name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.paths import FIXTURES, ROOT

NEW_CASE = (FIXTURES / "new-case.yml").read_text(encoding="utf-8")

# A small model (one question gates another through an intermediate decision), written as text so
# each case can break it in one place. Paths: risk present (R01); risk absent with harm none (R03),
# some or serious (R02).
MINI_TABLE = """\
title: Mini model
description: A model for tests.
page: reference/decision-table.md
questions:
  - id: risk
    question: Any risk?
    help: Pick one.
    values:
      - {id: present, label: Present}
      - {id: absent, label: Absent}
    unsure: present
  - id: harm
    question: How much harm?
    help: Pick one.
    ask_when: {level: low}
    values:
      - {id: none, label: None}
      - {id: some, label: Some}
      - {id: serious, label: Serious}
    unsure: serious
outputs:
  - {id: verdict, label: In short, kind: text}
decisions:
  - id: level
    title: Level
    hit_policy: unique
    inputs: [risk]
    output:
      id: level
      label: Level
      values:
        - {id: high, label: High}
        - {id: low, label: Low}
    rules:
      - {id: L01, when: {risk: present}, output: high}
      - {id: L02, when: {risk: absent}, output: low}
  - id: response
    title: Response
    hit_policy: priority
    inputs: [level, harm]
    rules:
      - id: R01
        priority: 100
        when: {level: high}
        then: {verdict: Safety first.}
        reason: Risk wins.
        sources: {perspectives: [private-conversation]}
      - id: R02
        priority: 10
        when: {harm: [some, serious]}
        then: {verdict: Repair it.}
        reason: Harm needs repair.
        sources: {perspectives: [accountability]}
      - id: R03
        priority: 0
        when: {harm: any}
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


R = "decisions[1].rules"


def sub_real(file: str, old: str, new: str) -> Callable[[], str]:
    """Break the real file at `old`, read when the case runs."""

    def content() -> str:
        text = real(file)
        assert old in text, old
        return text.replace(old, new, 1)

    return content


SITUATION = "asks the coach what else"
ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8))


CASES = [
    Case("yaml-syntax", SCENARIO, sub(NEW_CASE, "questions:\n", "questions: [unclosed\n"), "", "flow sequence that starts on line 17", None),
    Case("empty-file", SCENARIO, lambda: "", "", "empty"),
    Case("not-a-mapping", SCENARIO, lambda: "- just\n- a list\n", "", "must be a mapping"),
    Case("non-utf8", SCENARIO, lambda: NEW_CASE.encode("utf-8").replace(b"Dana tells", b"D\xe9na tells"), "", "not valid UTF-8", "tells a colleague"),
    Case("unknown-key", SCENARIO, sub(NEW_CASE, "tags:", "tagz:"), "tagz", "unknown field 'tagz' (did you mean 'tags'?)", "tagz:"),
    Case(
        "missing-field",
        SCENARIO,
        sub(NEW_CASE, "model_answer: |\n  Nobody has broken a confidence: the information was **Dana's own**.\n", ""),
        "model_answer",
        "required field is missing",
    ),
    Case("wrong-type", SCENARIO, sub(NEW_CASE, "tags:\n  - sponsor", "tags: sponsor"), "tags", "valid list", "tags: sponsor"),
    Case(
        "closed-set",
        SCENARIO,
        sub(NEW_CASE, "engagement: three-way\ntable", "engagement: coaching-circle\ntable"),
        "engagement",
        "coaching-circle",
        "engagement: coaching-circle",
    ),
    Case(
        "fact-outside-set",
        SCENARIO,
        sub(NEW_CASE, "who: client", "who: clinet"),
        "facts.who",
        "unknown value for who 'clinet'; did you mean 'client'?",
        "who: clinet",
    ),
    Case(
        "fact-unknown-question",
        SCENARIO,
        sub(NEW_CASE, "who: client", "whoo: client"),
        "facts.whoo",
        "unknown question 'whoo'; did you mean 'who'?",
        "whoo: client",
    ),
    Case("fact-missing-on-path", SCENARIO, sub(NEW_CASE, "  what: client-own\n", ""), "facts", "no fact for 'what', which is asked on this path", "facts:"),
    Case(
        "fact-not-on-path",
        SCENARIO,
        sub(NEW_CASE, "  what: client-own\n", "  what: client-own\n  harm: none\n"),
        "facts.harm",
        "'harm' is not asked on this path",
        "harm: none",
    ),
    Case("yes-no-boolean", SCENARIO, sub(NEW_CASE, 'danger: "no"', "danger: no"), "facts.danger", "true/false", "danger: no"),
    Case(
        "dangling-perspective",
        SCENARIO,
        sub(NEW_CASE, "  - private-conversation", "  - privat-conversation"),
        "perspectives[0]",
        "did you mean 'private-conversation'",
        "privat-conversation",
    ),
    Case(
        "dangling-standard",
        SCENARIO,
        sub(NEW_CASE, "  - icf-2020-agreements", "  - icf-1999-nothing"),
        "standards[0]",
        "unknown standard 'icf-1999-nothing'",
        "icf-1999-nothing",
    ),
    Case(
        "dangling-table",
        SCENARIO,
        sub(NEW_CASE, "table: breach-response", "table: breach-responses"),
        "table",
        "unknown decision table",
        "table: breach-responses",
    ),
    Case(
        "wrong-expected-rule",
        SCENARIO,
        sub(NEW_CASE, "tags:", "expected_rule: R01\ntags:"),
        "expected_rule",
        "expected rule R01, but the model decides R12",
        "expected_rule: R01",
    ),
    Case(
        "javascript-link",
        SCENARIO,
        sub(NEW_CASE, "asks the coach what else", "asks [the coach](javascript:alert(1)) what else"),
        "situation",
        "'javascript:alert(1)' is not allowed",
        "situation:",
    ),
    Case(
        "data-link", SCENARIO, sub(NEW_CASE, "**Dana's own**", "[own](data:text/html;base64,PHNjcmlwdD4=)"), "model_answer", "is not allowed", "model_answer:"
    ),
    Case(
        "angle-brackets-in-title",
        SCENARIO,
        sub(NEW_CASE, "title: A new case added by an author", "title: A <script>alert(1)</script> case"),
        "title",
        "may not contain < or >",
        "title: A <script>",
    ),
    Case(
        "duplicate-rule-id",
        TABLE,
        sub(MINI_TABLE, "      - id: R02", "      - id: R01"),
        f"{R}[1].id",
        "duplicate rule id 'R01'",
        "      - id: R01\n        priority: 10\n",
    ),
    Case(
        "table-gap",
        TABLE,
        sub(MINI_TABLE, "when: {harm: any}", "when: {harm: some}"),
        R,
        "gap: 1 path match no rule of decision 'response', e.g. risk=absent, harm=none",
        None,
    ),
    Case(
        "table-tie",
        TABLE,
        lambda: MINI_TABLE.replace("priority: 10\n", "priority: 100\n").replace("when: {harm: [some, serious]}", "when: {level: any}"),
        f"{R}[1].when",
        "tie at equal priority: rules R01 and R02 both match on the path risk=present",
        None,
    ),
    Case(
        "table-overlap-unique",
        TABLE,
        sub(MINI_TABLE, "{id: L02, when: {risk: absent}", "{id: L02, when: {risk: any}"),
        "decisions[0].rules[1].when",
        "overlap: rules L01 and L02",
        None,
    ),
    Case(
        "shadowed-rule",
        TABLE,
        sub(MINI_TABLE, "when: {harm: [some, serious]}", "when: {harm: any}"),
        f"{R}[2].priority",
        "shadowed: rule R03 never wins; rules R01 and R02 always take precedence",
        None,
    ),
    Case(
        "dead-rule",
        TABLE,
        sub(MINI_TABLE, "when: {harm: [some, serious]}", "when: {harm: some, level: high}"),
        f"{R}[1].when",
        "dead rule: R02 matches no reachable path",
        None,
    ),
    Case(
        "question-never-asked",
        TABLE,
        sub(MINI_TABLE, "{id: L02, when: {risk: absent}, output: low}", "{id: L02, when: {risk: absent}, output: high}"),
        "questions[1].ask_when",
        "question 'harm' is never asked",
        None,
    ),
    Case(
        "undeclared-output-value",
        TABLE,
        sub(MINI_TABLE, "output: low}", "output: medium}"),
        "decisions[0].rules[1].output",
        "unknown value for level 'medium'",
        "output: medium}",
    ),
    Case(
        "ask-when-unknown-name",
        TABLE,
        sub(MINI_TABLE, "ask_when: {level: low}", "ask_when: {levle: low}"),
        "questions[1].ask_when.levle",
        "unknown earlier question or output 'levle'; did you mean 'level'?",
        "ask_when: {levle",
    ),
    Case(
        "ask-when-unknown-value",
        TABLE,
        sub(MINI_TABLE, "ask_when: {level: low}", "ask_when: {level: lo}"),
        "questions[1].ask_when.level",
        "unknown value for level 'lo'; did you mean 'low'?",
        "ask_when: {level: lo}",
    ),
    Case(
        "ask-when-later-question",
        TABLE,
        sub(MINI_TABLE, "    unsure: present\n", "    unsure: present\n    ask_when: {harm: none}\n"),
        "questions[0].ask_when.harm",
        "'harm' is not settled before this question",
        "ask_when: {harm: none}",
    ),
    # An output is settled only once every question its decision reads has been asked (decide.ready_at).
    Case(
        "ask-when-output-not-settled",
        TABLE,
        sub(MINI_TABLE, "    inputs: [risk]\n", "    inputs: [risk, harm]\n"),
        "questions[1].ask_when.level",
        "'level' is not settled before this question",
        "ask_when: {level: low}",
    ),
    Case(
        "unsure-outside-set",
        TABLE,
        sub(MINI_TABLE, "unsure: serious", "unsure: grave"),
        "questions[1].unsure",
        "unknown value for harm 'grave'",
        "unsure: grave",
    ),
    Case(
        "reserved-value",
        TABLE,
        sub(MINI_TABLE, "{id: none, label: None}", "{id: unsure, label: None}"),
        "questions[1].values[0].id",
        "'unsure' is reserved",
        None,
    ),
    Case(
        "decision-unknown-input",
        TABLE,
        sub(MINI_TABLE, "inputs: [level, harm]", "inputs: [level, harms]"),
        "decisions[1].inputs[1]",
        "unknown question or earlier output 'harms'; did you mean 'harm'?",
        "inputs: [level, harms]",
    ),
    Case(
        "unknown-input-value",
        TABLE,
        sub(MINI_TABLE, "when: {level: high}", "when: {level: hihg}"),
        f"{R}[0].when.level",
        "unknown value for level 'hihg'; did you mean 'high'?",
        "when: {level: hihg}",
    ),
    Case(
        "condition-on-undeclared-input",
        TABLE,
        sub(MINI_TABLE, "when: {harm: [some, serious]}", "when: {risk: [absent]}"),
        f"{R}[1].when.risk",
        "unknown input of decision 'response' 'risk'",
        "when: {risk: [absent]}",
    ),
    Case("rule-without-priority", TABLE, sub(MINI_TABLE, "        priority: 100\n", ""), f"{R}[0]", "needs a priority", None),
    Case(
        "response-rule-without-then",
        TABLE,
        sub(MINI_TABLE, "        then: {verdict: Safety first.}\n", ""),
        f"{R}[0]",
        "required field 'then' is missing",
        None,
    ),
    Case(
        "rule-without-source",
        TABLE,
        sub(MINI_TABLE, "sources: {perspectives: [accountability]}", "sources: {}"),
        f"{R}[1].sources",
        "name at least one source",
        "sources: {}",
    ),
    Case(
        "rule-dangling-source",
        TABLE,
        sub(MINI_TABLE, "[accountability]", "[acountability]"),
        f"{R}[1].sources.perspectives[0]",
        "did you mean 'accountability'",
        "[acountability]",
    ),
    # Link targets judged after character references are decoded, however they are written.
    Case(
        "javascript-decimal-entity",
        SCENARIO,
        sub(NEW_CASE, SITUATION, "asks [the coach](&#106;avascript:alert(1)) what else"),
        "situation",
        "is not allowed",
        "situation:",
    ),
    Case(
        "javascript-hex-entity",
        SCENARIO,
        sub(NEW_CASE, SITUATION, "asks [the coach](&#x6A;avascript:alert(1)) what else"),
        "situation",
        "is not allowed",
        "situation:",
    ),
    Case(
        "javascript-named-tab",
        SCENARIO,
        sub(NEW_CASE, SITUATION, "asks [the coach](java&Tab;script:alert(1)) what else"),
        "situation",
        "is not allowed",
        "situation:",
    ),
    Case(
        "javascript-named-colon",
        SCENARIO,
        sub(NEW_CASE, SITUATION, "asks [the coach](javascript&colon;alert(1)) what else"),
        "situation",
        "is not allowed",
        "situation:",
    ),
    Case(
        "javascript-newline-entity",
        SCENARIO,
        sub(NEW_CASE, SITUATION, "asks [the coach](java&#10;script:alert(1)) what else"),
        "situation",
        "is not allowed",
        "situation:",
    ),
    Case("vbscript-link", SCENARIO, sub(NEW_CASE, SITUATION, "asks [the coach](VBScript:msgbox(1)) what else"), "situation", "is not allowed", "situation:"),
    Case(
        "javascript-reference-definition",
        SCENARIO,
        sub(NEW_CASE, "  the coaching, hears", "  [x][r]\n\n  [r]: &#106;avascript:alert(1)\n\n  the coaching, hears"),
        "situation",
        "is not allowed",
        "situation:",
    ),
    Case(
        "data-image-by-reference",
        SCENARIO,
        sub(NEW_CASE, "**Dana's own**", "![x][i]\n\n  [i]: d&#97;ta:image/svg+xml,x"),
        "model_answer",
        "is not allowed",
        "model_answer:",
    ),
    Case(
        "protocol-relative-link",
        SCENARIO,
        sub(NEW_CASE, SITUATION, "asks [the coach](//evil.example/x) what else"),
        "situation",
        "is not allowed",
        "situation:",
    ),
    Case(
        "markup-in-link-title",
        SCENARIO,
        sub(NEW_CASE, "**Dana's own**", '[own](https://example.org "<img src=x onerror=alert(1)>")'),
        "model_answer",
        "titles show as tooltips",
        "model_answer:",
    ),
    Case(
        "encoded-markup-in-link-title",
        SCENARIO,
        sub(NEW_CASE, "**Dana's own**", '[own](https://example.org "&lt;img src=x onerror=alert(1)&gt;")'),
        "model_answer",
        "titles show as tooltips",
        "model_answer:",
    ),
    Case(
        "markup-in-glossary-definition",
        GLOSSARY,
        sub_real(GLOSSARY, "definition: The person or organisation", "definition: <img src=x onerror=alert(1)> The person or organisation"),
        "terms[0].definition",
        "may not contain < or >",
        "definition: <img",
    ),
    # Relative links in data text are checked like links in pages.
    Case(
        "link-typo-in-text",
        SCENARIO,
        sub(NEW_CASE, SITUATION, "asks [the coach](respond/recrds.md) what else"),
        "situation",
        "page docs/respond/recrds.md does not exist",
        "situation:",
    ),
    Case(
        "link-outside-docs-in-text",
        SCENARIO,
        sub(NEW_CASE, SITUATION, "asks [the coach](../README.md) what else"),
        "situation",
        "points outside docs/",
        "situation:",
    ),
    # Invisible characters and empty text.
    Case("bidi-override-in-title", SCENARIO, sub(NEW_CASE, "title: A new case", "title: A new \u202ecase"), "title", "U+202E", "title:"),
    Case("zero-width-in-summary", SCENARIO, sub(NEW_CASE, "summary: A client", "summary: A\u200b client"), "summary", "U+200B", "summary:"),
    Case("control-character-in-text", SCENARIO, sub(NEW_CASE, "Dana tells", "Dana\x07 tells"), "", "U+0007", "Dana"),
    Case("c1-control-in-text", SCENARIO, sub(NEW_CASE, "Dana tells", "Dana\x9b tells"), "", "U+009B", "Dana"),
    Case(
        "whitespace-only-question",
        SCENARIO,
        sub(NEW_CASE, "  - Has anyone broken a confidence here?", "  - '   '"),
        "questions[0]",
        "empty or only spaces",
        "  - '   '",
    ),
    Case(
        "quoted-date",
        SCENARIO,
        sub(NEW_CASE, "last_reviewed: 2026-11-26", "last_reviewed: '2026-11-26'"),
        "last_reviewed",
        "remove the quotes",
        "last_reviewed:",
    ),
    # Values YAML accepts but Python cannot hold.
    Case(
        "future-review-date",
        SCENARIO,
        sub(NEW_CASE, "last_reviewed: 2026-11-26", "last_reviewed: 2999-11-26"),
        "last_reviewed",
        "is in the future",
        "last_reviewed:",
    ),
    Case(
        "impossible-date",
        SCENARIO,
        sub(NEW_CASE, "last_reviewed: 2026-11-26", "last_reviewed: 2026-02-30"),
        "last_reviewed",
        "cannot be read as a date",
        "last_reviewed:",
    ),
    Case("bad-int-tag", SCENARIO, sub(NEW_CASE, "tags:\n  - sponsor", "tags:\n  - !!int abc"), "tags[0]", "cannot be read as a whole number", "  - !!int abc"),
    Case("bad-bool-tag", SCENARIO, sub(NEW_CASE, "who: client", "who: !!bool maybe"), "facts.who", "cannot be read as true or false", "who: !!bool"),
    Case(
        "bad-timestamp-tag",
        SCENARIO,
        sub(NEW_CASE, "last_reviewed: 2026-11-26", "last_reviewed: !!timestamp hello"),
        "last_reviewed",
        "cannot be read as a date",
        "last_reviewed:",
    ),
    Case("huge-integer", SCENARIO, sub(NEW_CASE, "tags:\n  - sponsor", "tags:\n  - " + "9" * 5000), "tags[0]", "cannot be read as a whole number", "  - 999"),
    Case("deep-nesting", SCENARIO, lambda: NEW_CASE + "extra: " + "[" * 3000 + "]" * 3000 + "\n", "", "nest", None),
    Case(
        "deep-block-nesting", SCENARIO, lambda: NEW_CASE + "extra:\n" + "".join("  " * i + "k:\n" for i in range(1, 60)), "", "nest more than 40 levels", None
    ),
    Case("alias-bomb", SCENARIO, lambda: ALIAS_BOMB, "", "expands to more than 100,000 values", None),
    Case("many-aliases", SCENARIO, lambda: NEW_CASE + "x: &x one\n" + "".join(f"k{i}: *x\n" for i in range(150)), "", "more than 100 YAML aliases", None),
    Case(
        "alias-expansion",
        SCENARIO,
        lambda: "a: &a [" + ", ".join(["x"] * 2000) + "]\n" + "".join(f"k{i}: *a\n" for i in range(60)),
        "",
        "expands to more than 100,000 values",
        None,
    ),
    Case("huge-file", SCENARIO, lambda: NEW_CASE + "# " + "x" * 1_100_000 + "\n", "", "split it", None),
    # Paths in data stay inside docs/.
    Case(
        "quiz-see-climbs-out",
        QUIZ,
        sub_real(QUIZ, "see: is-it-a-breach.md#who-the-codes-bind", "see: is-it-a-breach/../../README.md"),
        "questions[0].see",
        "does not have the expected form",
        "see: is-it-a-breach/../",
    ),
    # YAML ends a line at U+2028, editors do not: the error is on the line the author sees.
    Case(
        "off-site-image-in-text",
        SCENARIO,
        sub(NEW_CASE, SITUATION, "asks ![](https://tracker.example/pixel.png) what else"),
        "situation",
        "pictures only from this site",
        "situation:",
    ),
    Case("line-separator", SCENARIO, sub(NEW_CASE, "Dana tells", "Dana\u2028tells"), "", "line separator U+2028", "Dana"),
    Case("next-line-character", SCENARIO, sub(NEW_CASE, "Dana tells", "Dana\x85tells"), "", "line separator U+0085", "Dana"),
    Case(
        "glossary-form-twice",
        GLOSSARY,
        sub_real(GLOSSARY, "forms: [three-way agreement,", "forms: [sponsors, three-way agreement,"),
        "terms[1].forms[0]",
        "'sponsors' already shows the tooltip of 'sponsor' (line 5)",
        "forms: [sponsors, three-way",
    ),
    Case(
        "course-page-leading-slash",
        COURSE,
        sub_real(COURSE, "page: is-it-a-breach.md\n", "page: /etc/passwd.md\n"),
        "modules[0].activities[1].reading[0].page",
        "does not have the expected form",
        "page: /etc",
    ),
]


def add_good_files(project: Path) -> None:
    """Write the unbroken fixtures (a scenario and a mini table) that each case then breaks one way."""
    (project / SCENARIO).write_text(NEW_CASE, encoding="utf-8")
    (project / TABLE).write_text(MINI_TABLE, encoding="utf-8")
