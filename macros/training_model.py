"""Typed shapes of the training course (data/course.yml) and the self-check quiz (data/quiz.yml)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .model import Line, Markdown, Slug, Strict, Title

# A docs-relative page, optionally with a heading anchor: "respond/records.md#where-to-keep-them".
# Path segments never start with a dot, so "../" cannot climb out of docs/.
DocLink = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_.-]*)*\.md(#[a-z0-9_-]+)?$")]
Minutes = Annotated[int, Field(ge=1, le=240)]
# The kinds of activity; training_checks says what each must carry to be runnable.
KINDS = Literal["opening", "talk", "discussion", "role-play", "decision-table", "exercise", "close"]


# --- the course --------------------------------------------------------------


class Reading(Strict):
    page: DocLink
    label: Line


class Exercise(Strict):
    """A task with an answer learners can open after trying it themselves."""

    prompt: Markdown
    model_answer: Markdown


class RolePlay(Strict):
    """Three cards for one conversation: what the coach knows, what the client knows, what the observer watches."""

    scenario: Slug
    coach: Markdown
    client: Markdown
    observer: list[Line] = Field(min_length=1, max_length=7)


class Activity(Strict):
    id: Slug
    title: Title
    kind: KINDS
    part: Literal["teaching", "exercise"]
    minutes: Minutes
    instructions: Markdown
    alone: Markdown | None = None
    scenarios: list[Slug] = []
    reading: list[Reading] = []
    role_play: list[RolePlay] = []
    exercise: Exercise | None = None
    # Facilitator only: never rendered on learner pages.
    setup: Markdown
    debrief: list[Markdown] = []
    materials: list[Line] = []

    @property
    def scenarios_used(self) -> list[str]:
        """Every scenario the activity draws on: those discussed, then those role-played."""
        return self.scenarios + [r.scenario for r in self.role_play]


class Module(Strict):
    id: Slug
    title: Title
    page: DocLink
    summary: Line
    questions: list[Line] = Field(min_length=1, max_length=5)
    objectives: list[Line] = Field(min_length=1, max_length=5)
    teaching_minutes: Annotated[int, Field(ge=0)]
    exercise_minutes: Annotated[int, Field(ge=0)]
    activities: list[Activity] = Field(min_length=1)
    key_points: list[Markdown] = Field(min_length=1, max_length=7)
    # Facilitator only.
    facilitator_notes: Markdown | None = None

    @property
    def minutes(self) -> int:
        return self.teaching_minutes + self.exercise_minutes


class Break(Strict):
    after: Slug
    minutes: Minutes
    title: Line = "Break"


class Duration(Strict):
    """The length the course promises, as a range: the computed total must land inside it."""

    min: Minutes
    max: Minutes


class Course(Strict):
    title: Title
    summary: Markdown
    audience: Line
    duration: Duration
    modules: list[Module] = Field(min_length=4, max_length=6)
    breaks: list[Break] = []


# --- the quiz ----------------------------------------------------------------


class Option(Strict):
    text: Markdown
    correct: bool
    feedback: Markdown
    see: DocLink | None = None


class Question(Strict):
    id: Slug
    kind: Literal["single", "multiple"]
    prompt: Markdown
    see: DocLink
    options: list[Option] = Field(min_length=2, max_length=7)

    def link_for(self, option: Option) -> str:
        """Where an option's feedback sends the learner: its own page, else the question's."""
        return option.see or self.see


class Quiz(Strict):
    title: Title
    intro: Markdown
    questions: list[Question] = Field(min_length=1)
