"""Cross-checks of the course and the quiz against the site: ids, references, completeness and minutes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .checks import check_link, duplicates, unknown
from .errors import Problem
from .source import Source
from .training_model import Activity, Course, Quiz
from .training_schedule import Training

if TYPE_CHECKING:
    from .site import Site


def _link_problems(source: Source, at: tuple, target: str, root: Path, site: Site) -> list[Problem]:
    """The problem at `at` when a docs link of the course or quiz would break; none when it resolves."""
    reason = check_link(target, root, site)
    return [source.problem(at, reason)] if reason else []


def _unknown_scenario(slug: str, site: Site) -> str:
    return unknown(slug, site.scenarios, "scenario")


def check_course(source: Source, course: Course, root: Path, site: Site) -> list[Problem]:
    """Ids unique, every reference resolvable, each kind of activity complete, and the minutes add up."""
    problems = duplicates(course.modules, ("modules",), source, "module id")
    seen_activities: dict[str, tuple] = {}
    module_ids = [m.id for m in course.modules]
    for n, module in enumerate(course.modules):
        at = ("modules", n)
        problems += _link_problems(source, at + ("page",), module.page, root, site)
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
        problems += _link_problems(source, at + ("reading", k, "page"), reading.page, root, site)
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
        problems += _link_problems(source, at + ("see",), question.see, root, site)
        correct = [k for k, option in enumerate(question.options) if option.correct]
        if question.kind == "single" and len(correct) != 1:
            where = at + ("options", correct[1]) if len(correct) > 1 else at + ("options",)
            problems.append(source.problem(where, f"a single-choice question needs exactly one correct option, but {len(correct)} are marked correct"))
        if question.kind == "multiple" and not correct:
            problems.append(source.problem(at + ("options",), "a multiple-choice question needs at least one correct option"))
        for k, option in enumerate(question.options):
            if option.see:
                problems += _link_problems(source, at + ("options", k, "see"), option.see, root, site)
    return problems
