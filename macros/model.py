"""Typed shapes of every data file; pydantic checks structure before anything renders."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, TypeVar, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from .text import text_problems

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
# Invisible characters that can make text read differently from what it says (bidi overrides,
# zero-width marks) and control characters. Written as regex escapes that both pydantic's
# engine and JSON Schema editors understand, so loader and schema refuse the same text.
INVISIBLE = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
# Text: no invisible characters, and at least one visible one (whitespace alone is empty).
TEXT_PATTERN = rf"^[^{INVISIBLE}]*[^{INVISIBLE}\s][^{INVISIBLE}]*$"
# Plain text that lands in titles, headings and tooltips: no angle brackets either.
PLAIN_PATTERN = rf"^[^{INVISIBLE}<>]*[^{INVISIBLE}<>\s][^{INVISIBLE}<>]*$"


def review_date_problem(value: object, today: dt.date | None = None) -> str | None:
    """Why a review date is unusable, or None: it must be a real date, and not after today.

    A date in the future would never fall due, so the page would never be reviewed again
    (and dates past 2106 do not fit the gzip header of the sitemap).
    """
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        return "must be a date written as YYYY-MM-DD, without quotes"
    # A day's grace: the author's time zone may be ahead of the build machine's.
    if value > (today or dt.date.today()) + dt.timedelta(days=1):
        return f"{value.isoformat()} is in the future; write the date you last reviewed it"
    return None


def _not_future(value: dt.date) -> dt.date:
    problem = review_date_problem(value)
    if problem:
        raise ValueError(problem)
    return value


ReviewDate = Annotated[dt.date, AfterValidator(_not_future)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=PLAIN_PATTERN)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40, pattern=PLAIN_PATTERN)]
# Titles reach theme templates that do not escape, so angle brackets are refused outright.
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120, pattern=PLAIN_PATTERN)]
Engagement = Literal["one-to-one", "three-way", "team-or-group"]
ENGAGEMENTS = {"one-to-one": "One-to-one", "three-way": "Three-way, with a sponsor", "team-or-group": "Team or group"}
ANY = "any"


def _safe_markdown(text: str) -> str:
    problems = text_problems(text)
    if problems:
        raise ValueError(problems[0])
    return text


Markdown = Annotated[str, StringConstraints(min_length=1, pattern=TEXT_PATTERN), AfterValidator(_safe_markdown)]


class Strict(BaseModel):
    """Unknown keys are mistakes, and values are never silently coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --- decision models ---------------------------------------------------------

RuleId = Annotated[str, StringConstraints(pattern=r"^[A-Z][0-9]{2,3}$")]
# "Not sure" in the helper and in addresses; never a value id, like "any".
UNSURE = "unsure"


class Value(Strict):
    id: Slug
    label: Line
    short: Short | None = None

    @property
    def name(self) -> str:
        """What a table cell shows: the short form when the label is long."""
        return self.short or self.label


Condition = Union[Slug, list[Slug]]
T = TypeVar("T")


def as_list(value: T | list[T]) -> list[T]:
    """A value or a list of values, as a list: conditions and list outputs may be written either way."""
    return value if isinstance(value, list) else [value]


class Question(Strict):
    """One question, asked in file order, only when `ask_when` holds for the answers and outputs before it."""

    id: Slug
    question: Line
    short: Short | None = None
    help: Line
    # A question is read on a phone: a long list of answers is a design mistake, and it bounds the walk.
    values: list[Value] = Field(min_length=2, max_length=20)
    # What "Not sure" stands for: the value that takes the safer path.
    unsure: Slug
    ask_when: dict[str, Condition] = {}

    @property
    def name(self) -> str:
        """A column heading: the short form when given, else the question."""
        return self.short or self.question

    def value(self, value_id: str) -> Value:
        return next(v for v in self.values if v.id == value_id)


class Output(Strict):
    """One part of a final response, such as what to do or what to say."""

    id: Slug
    label: Line
    kind: Literal["text", "list", "choice"]
    values: list[Slug] | None = None
    # An optional part may be left out of a rule, e.g. data-protection steps where no personal data left.
    optional: bool = False


class DecisionOutput(Strict):
    """The one value an intermediate decision passes on to later questions and decisions."""

    id: Slug
    label: Line
    values: list[Value] = Field(min_length=2, max_length=50)

    @property
    def name(self) -> str:
        return self.label

    def value(self, value_id: str) -> Value:
        return next(v for v in self.values if v.id == value_id)


class Sources(Strict):
    perspectives: list[Slug] = []
    standards: list[Slug] = []


OutputValue = Union[Markdown, list[Markdown]]


class Rule(Strict):
    """A row of one decision: conditions (missing inputs mean any) and either an output value or a full response."""

    id: RuleId
    priority: int | None = None
    when: dict[str, Condition] = {}
    output: Slug | None = None
    then: dict[str, OutputValue] | None = None
    reason: Markdown | None = None
    sources: Sources | None = None


class Decision(Strict):
    """A small DMN-style table over earlier questions and outputs, with a hit policy."""

    id: Slug
    title: Line
    hit_policy: Literal["unique", "priority"]
    inputs: list[Slug] = Field(min_length=1)
    # Set for intermediate decisions; the last decision has none and gives the responses.
    output: DecisionOutput | None = None
    rules: list[Rule] = Field(min_length=1, max_length=500)


class DecisionModel(Strict):
    """A decision requirements graph: questions, linked decisions, and the responses of the last one."""

    title: Line
    description: Markdown
    page: Annotated[str, StringConstraints(pattern=r"^[a-z0-9/_-]+\.md$")]
    questions: list[Question] = Field(min_length=1, max_length=60)
    outputs: list[Output] = Field(min_length=1)
    decisions: list[Decision] = Field(min_length=1)

    @property
    def final(self) -> Decision:
        """The decision whose rules carry the responses."""
        return self.decisions[-1]

    def question(self, question_id: str) -> Question:
        return next(q for q in self.questions if q.id == question_id)

    @property
    def rules(self) -> list[Rule]:
        """The response rules, the ones a scenario's expected_rule names."""
        return self.final.rules


# --- scenarios ---------------------------------------------------------------


class Scenario(Strict):
    """One case: the story, the facts the model decides on, and teaching material."""

    title: Title
    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=20, max_length=200, pattern=PLAIN_PATTERN)]
    engagement: Engagement
    table: Slug
    # The answers to exactly the questions asked on this case's path through the model.
    facts: dict[Slug, Slug]
    expected_rule: RuleId | None = None
    situation: Markdown
    questions: list[Markdown] = Field(min_length=1)
    model_answer: Markdown
    perspectives: list[Slug] = Field(min_length=1)
    standards: list[Slug] = Field(min_length=1)
    tags: list[Slug] = Field(min_length=1)
    last_reviewed: ReviewDate


# --- registries ----------------------------------------------------------------


class Perspective(Strict):
    id: Slug
    title: Line
    page: Annotated[str, StringConstraints(pattern=r"^[a-z0-9/_-]+\.md$")]
    summary: Line


class Perspectives(Strict):
    perspectives: list[Perspective] = Field(min_length=1)


class Standard(Strict):
    id: Slug
    code: Line
    version: Line
    section: Line
    clause: Line | None = None
    verified: bool
    summary: Markdown
    url: Annotated[str, StringConstraints(pattern=r"^https://\S+$")] | None = None


class Standards(Strict):
    standards: list[Standard] = Field(min_length=1)


class Term(Strict):
    term: Line
    # Shown as a tooltip on every page that uses the term, and tooltips render HTML: plain text only.
    definition: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500, pattern=PLAIN_PATTERN)]
    forms: list[Line] = []


class Glossary(Strict):
    terms: list[Term] = Field(min_length=1)


# --- docs pages ----------------------------------------------------------------


def template_problem(text: str) -> str | None:
    """Why a page title cannot be used: the macros plugin renders a title holding template syntax."""
    return "may not contain {{, {% or {#; page titles are plain text" if re.search(r"\{[{%#]", text) else None


def _no_template(text: str) -> str:
    problem = template_problem(text)
    if problem:
        raise ValueError(problem)
    return text


class PageSearch(Strict):
    exclude: bool | None = None
    boost: Annotated[float, Field(gt=0, le=10)] | None = None


# Material's `hide` values; anything else is ignored by the theme, so a typo would silently do nothing.
PageHide = Literal["navigation", "toc", "footer", "feedback", "path", "tags"]


class PageMeta(Strict):
    """The front matter a docs page may have. Anything else (a theme `template:`, an `icon:`, a variable
    for the macros plugin) is refused: each is a way for a page to reach code, files or markup."""

    title: Annotated[Title, AfterValidator(_no_template)] | None = None
    description: Line | None = None
    render_macros: bool | None = None
    last_reviewed: ReviewDate | None = None
    search: PageSearch | None = None
    hide: list[PageHide] | None = Field(default=None, max_length=6)
