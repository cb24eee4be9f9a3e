"""The training course and self-check quiz: typed shapes, cross-checks and timing arithmetic."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import markdown
from markdown.extensions.toc import slugify
from pydantic import Field, StringConstraints

from .checks import docs_file, duplicates, read_data_file, scenario_anchors, unknown
from .errors import Problem, relative
from .model import Line, Markdown, Slug, Strict, Title
from .source import Source

if TYPE_CHECKING:
    from .site import Site

COURSE_FILE = Path("data") / "course.yml"
QUIZ_FILE = Path("data") / "quiz.yml"

# A docs-relative page, optionally with a heading anchor: "respond/records.md#where-to-keep-them".
# Path segments never start with a dot, so "../" cannot climb out of docs/.
DocLink = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_.-]*)*\.md(#[a-z0-9_-]+)?$")]
Minutes = Annotated[int, Field(ge=1, le=240)]
# Headings the scenario template always writes; generated pages have no source file to read.
# What each kind of activity must carry to be runnable.
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


# --- the schedule --------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One line of the session plan: when it starts, how long, and what it is."""

    start: int
    minutes: int
    module: Module | None
    activity: Activity | None
    title: str

    @property
    def end(self) -> int:
        return self.start + self.minutes


@dataclass
class Training:
    """The checked course and quiz, plus the schedule computed from them."""

    course: Course
    quiz: Quiz | None

    def module(self, module_id: str) -> Module:
        return next(m for m in self.course.modules if m.id == module_id)

    def schedule(self) -> list[Slot]:
        """Every activity and break in order, with start times computed, never typed."""
        breaks = {b.after: b for b in self.course.breaks}
        slots: list[Slot] = []
        clock = 0
        for module in self.course.modules:
            for activity in module.activities:
                slots.append(Slot(clock, activity.minutes, module, activity, activity.title))
                clock += activity.minutes
            pause = breaks.get(module.id)
            if pause is not None:
                slots.append(Slot(clock, pause.minutes, None, None, pause.title))
                clock += pause.minutes
        return slots

    @property
    def total_minutes(self) -> int:
        return sum(m.minutes for m in self.course.modules) + sum(b.minutes for b in self.course.breaks)

    def module_start(self, module_id: str) -> int:
        return next(s.start for s in self.schedule() if s.module and s.module.id == module_id)

    def scenario_slugs(self) -> list[str]:
        """Every scenario the course uses, in the order it first appears."""
        seen: dict[str, None] = {}
        for module in self.course.modules:
            for activity in module.activities:
                for slug in activity.scenarios + [r.scenario for r in activity.role_play]:
                    seen.setdefault(slug, None)
        return list(seen)


def clock(minutes: int) -> str:
    """Minutes from the start written as h:mm, as trainers read a run sheet."""
    return f"{minutes // 60}:{minutes % 60:02d}"


# --- checks ----------------------------------------------------------------------


def _heading_ids(path: Path) -> set[str] | None:
    """Anchors a Markdown page will have, or None when macros write headings the source cannot show."""
    text = path.read_text(encoding="utf-8")
    if re.search(r"^render_macros:\s*true\s*$", text, re.MULTILINE):
        return None
    ids: set[str] = set()
    fenced = False
    for line in text.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        match = None if fenced else re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not match:
            continue
        heading = match.group(1)
        explicit = re.search(r"\{:?\s*#([\w-]+)[^}]*\}\s*$", heading)
        if explicit:
            ids.add(explicit.group(1))
            continue
        # Python-Markdown's toc slugifies the rendered text, so strip inline Markdown first.
        plain = re.sub(r"<[^>]+>", "", markdown.markdown(heading))
        ids.add(slugify(plain, "-"))
    return ids


def check_link(target: str, root: Path, site: Site) -> str | None:
    """Why a docs link in the training data would break, or None when it resolves."""
    path, _, anchor = target.partition("#")
    generated = re.fullmatch(r"scenarios/([a-z0-9-]+)\.md", path)
    if generated and path != "scenarios/index.md" and generated.group(1) in site.scenarios:
        if anchor and anchor not in scenario_anchors():
            return f"scenario pages have no heading '#{anchor}'; use one of {', '.join(sorted(scenario_anchors()))}"
        return None
    file = docs_file(root, path)
    if file is None:
        return f"'{path}' points outside docs/; links in data name pages inside docs/, like respond/records.md"
    if (root / "docs" / path).is_symlink() or not file.is_file():
        return f"page docs/{path} does not exist"
    if path.endswith(".md"):
        try:
            file.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            return f"docs/{path} cannot be read as UTF-8 text; save it as UTF-8"
    if anchor:
        ids = _heading_ids(file)
        if ids is not None and anchor not in ids:
            return f"docs/{path} has no heading with the anchor '#{anchor}'"
    return None


def _unknown_scenario(slug: str, site: Site) -> str:
    return unknown(slug, site.scenarios, "scenario")


def check_course(source: Source, course: Course, root: Path, site: Site) -> list[Problem]:
    """Ids unique, every reference resolvable, each kind of activity complete, and the minutes add up."""
    problems = duplicates(course.modules, ("modules",), source, "module id")
    seen_activities: dict[str, tuple] = {}
    module_ids = [m.id for m in course.modules]
    for n, module in enumerate(course.modules):
        at = ("modules", n)
        reason = check_link(module.page, root, site)
        if reason:
            problems.append(source.problem(at + ("page",), reason))
        for k, activity in enumerate(module.activities):
            act = at + ("activities", k)
            if activity.id in seen_activities:
                first = source.line_of(seen_activities[activity.id])
                problems.append(source.problem(act + ("id",), f"duplicate activity id '{activity.id}' (first used on line {first})"))
            else:
                seen_activities[activity.id] = act + ("id",)
            problems += _check_activity(source, act, activity, root, site)
        for part in ("teaching", "exercise"):
            declared = getattr(module, f"{part}_minutes")
            counted = [a for a in module.activities if a.part == part]
            total = sum(a.minutes for a in counted)
            if declared != total:
                detail = " + ".join(f"{a.id} {a.minutes}" for a in counted) or "no activities"
                problems.append(
                    source.problem(
                        at + (f"{part}_minutes",),
                        f"{part}_minutes is {declared}, but the module's {part} activities add up to {total} ({detail})",
                    )
                )
    last = module_ids[-1] if module_ids else None
    for n, pause in enumerate(course.breaks):
        if pause.after not in module_ids:
            problems.append(source.problem(("breaks", n, "after"), unknown(pause.after, set(module_ids), "module")))
        elif pause.after == last:
            problems.append(source.problem(("breaks", n, "after"), "a break after the last module is the end of the session; remove it"))
    problems += duplicates(course.breaks, ("breaks",), source, "break after module", key="after")
    if course.duration.min > course.duration.max:
        problems.append(source.problem(("duration",), f"duration min ({course.duration.min}) is larger than max ({course.duration.max})"))
    elif not problems:
        total = Training(course, None).total_minutes
        if not course.duration.min <= total <= course.duration.max:
            parts = " + ".join(str(m.minutes) for m in course.modules)
            pauses = " + ".join(str(b.minutes) for b in course.breaks)
            sums = f"modules {parts}" + (f", breaks {pauses}" if pauses else "")
            problems.append(
                source.problem(
                    ("duration",),
                    f"the course adds up to {total} minutes ({sums}), outside the declared {course.duration.min} to {course.duration.max}",
                )
            )
    return problems


def _check_activity(source: Source, at: tuple, activity: Activity, root: Path, site: Site) -> list[Problem]:
    problems = []
    for k, slug in enumerate(activity.scenarios):
        if slug not in site.scenarios:
            problems.append(source.problem(at + ("scenarios", k), _unknown_scenario(slug, site)))
    for k, role_play in enumerate(activity.role_play):
        if role_play.scenario not in site.scenarios:
            problems.append(source.problem(at + ("role_play", k, "scenario"), _unknown_scenario(role_play.scenario, site)))
    for k, reading in enumerate(activity.reading):
        reason = check_link(reading.page, root, site)
        if reason:
            problems.append(source.problem(at + ("reading", k, "page"), reason))
    needs = {
        "discussion": ("scenarios", "a discussion needs at least one scenario to discuss"),
        "decision-table": ("scenarios", "a decision-table activity needs at least one scenario to work through"),
        "role-play": ("role_play", "a role-play needs at least one set of role_play cards"),
        "exercise": ("exercise", "an exercise needs an exercise with a prompt and a model_answer"),
    }
    if activity.kind in needs:
        field, message = needs[activity.kind]
        if not getattr(activity, field):
            problems.append(source.problem(at + ("kind",), message))
    if activity.kind in ("discussion", "role-play", "decision-table", "exercise") and not activity.debrief:
        problems.append(source.problem(at, "give the facilitator at least one debrief question"))
    return problems


def check_quiz(source: Source, quiz: Quiz, root: Path, site: Site) -> list[Problem]:
    """Ids unique, links resolvable, and the right number of correct options for the question's kind."""
    problems = duplicates(quiz.questions, ("questions",), source, "question id")
    for n, question in enumerate(quiz.questions):
        at = ("questions", n)
        reason = check_link(question.see, root, site)
        if reason:
            problems.append(source.problem(at + ("see",), reason))
        correct = [k for k, option in enumerate(question.options) if option.correct]
        if question.kind == "single" and len(correct) != 1:
            where = at + ("options", correct[1]) if len(correct) > 1 else at + ("options",)
            problems.append(source.problem(where, f"a single-choice question needs exactly one correct option, but {len(correct)} are marked correct"))
        if question.kind == "multiple" and not correct:
            problems.append(source.problem(at + ("options",), "a multiple-choice question needs at least one correct option"))
        for k, option in enumerate(question.options):
            if option.see:
                reason = check_link(option.see, root, site)
                if reason:
                    problems.append(source.problem(at + ("options", k, "see"), reason))
    return problems


def load_training(root: Path, site: Site) -> list[Problem]:
    """Read data/course.yml and data/quiz.yml, check them against the site, and keep them on `site`."""
    root = Path(root)
    problems: list[Problem] = []
    course_path, quiz_path = root / COURSE_FILE, root / QUIZ_FILE
    if not course_path.is_file() and not course_path.is_symlink():
        return [Problem(relative(course_path, root), 0, "", "missing course file")]
    source, course = read_data_file(course_path, root, Course, problems, site.loaded)
    if course is not None:
        problems += check_course(source, course, root, site)
    quiz = None
    if quiz_path.is_file() or quiz_path.is_symlink():
        quiz_source, quiz = read_data_file(quiz_path, root, Quiz, problems, site.loaded)
        if quiz is not None:
            problems += check_quiz(quiz_source, quiz, root, site)
    else:
        problems.append(Problem(relative(quiz_path, root), 0, "", "missing quiz file"))
    if course is not None and not problems:
        site.training = Training(course, quiz)
    return problems
