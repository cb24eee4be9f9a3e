"""The training course and quiz data: timings computed, references checked, mistakes reported with file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.errors import DataError, Problem
from macros.load import load_site
from macros.training_schedule import clock

COURSE = "data/course.yml"
QUIZ = "data/quiz.yml"


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing `needle`, so expectations follow the real file."""
    hits = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if needle in line]
    assert len(hits) >= occurrence, f"{needle!r} not found {occurrence} times in {path}"
    return hits[occurrence - 1]


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def problems_of(project: Path) -> list[Problem]:
    with pytest.raises(DataError) as caught:
        load_site(project)
    return caught.value.problems


def assert_problem(problems: list[Problem], file: str, line: int, field: str, *fragments: str) -> None:
    """Exactly the located problem is reported, with every expected phrase in its message."""
    found = [p for p in problems if (p.file, p.line, p.field) == (file, line, field)]
    assert found, f"no problem at {file}:{line} [{field}]; got:\n" + "\n".join(map(str, problems))
    for fragment in fragments:
        assert any(fragment in p.message for p in found), f"{fragment!r} not in {[p.message for p in found]}"


def link(target: str) -> str:
    """A stand-in linker for render tests: the target itself."""
    return target


# --- the real data -------------------------------------------------------------


def test_the_course_runs_about_three_hours(real_site_data):
    """The course is sold as a half day: its computed length stays near three hours, whatever range the file declares."""
    assert abs(real_site_data.training.total_minutes - 180) <= 15


def test_schedule_times_are_computed_from_minutes(real_site_data):
    """Each slot starts where the previous one ended; the last ends at the total."""
    slots = real_site_data.training.schedule()
    assert slots[0].start == 0
    for before, after in zip(slots, slots[1:], strict=False):
        assert after.start == before.end
    assert slots[-1].end == real_site_data.training.total_minutes
    assert any(s.module is None for s in slots), "the break is part of the plan"


def test_clock_reads_like_a_run_sheet():
    """Minutes from the start print as h:mm."""
    assert [clock(0), clock(35), clock(125)] == ["0:00", "0:35", "2:05"]


def test_quiz_has_single_and_multiple_choice_questions(real_site_data):
    """Both kinds of question are in the quiz, so learners meet the 'choose all that apply' form too."""
    assert {q.kind for q in real_site_data.training.quiz.questions} == {"single", "multiple"}


# --- the whole-handbook print page ---------------------------------------------


# --- mistakes authors make ------------------------------------------------------


def test_unknown_scenario_is_reported_with_a_suggestion(project):
    """A misspelt scenario slug names the file, line and field, and suggests the real slug."""
    course = project / COURSE
    edit(course, "- client-posts-about-coaching\n", "- client-posts-about-coachng\n")
    line = line_of(course, "- client-posts-about-coachng")
    assert_problem(
        problems_of(project),
        COURSE,
        line,
        "modules[0].activities[2].scenarios[0]",
        "unknown scenario 'client-posts-about-coachng'",
        "did you mean 'client-posts-about-coaching'",
    )


def test_unknown_role_play_scenario_is_reported(project):
    """Role-play cards must point at a real scenario too."""
    course = project / COURSE
    edit(course, "- scenario: sponsor-remark-passed-on", "- scenario: no-such-case")
    line = line_of(course, "- scenario: no-such-case")
    assert_problem(problems_of(project), COURSE, line, "modules[2].activities[1].role_play[1].scenario", "unknown scenario 'no-such-case'")


def test_missing_objectives_are_reported_at_the_module(project):
    """A module without objectives is refused, pointing at the module that lacks them."""
    course = project / COURSE
    text = course.read_text(encoding="utf-8")
    start = text.index("    objectives:\n", text.index("id: safety-first"))
    end = text.index("    teaching_minutes:", start)
    course.write_text(text[:start] + text[end:], encoding="utf-8")
    line = line_of(course, "- id: safety-first")
    assert_problem(problems_of(project), COURSE, line, "modules[1].objectives", "required field is missing")


def test_empty_objectives_are_refused(project):
    """An empty list of objectives is as bad as none."""
    course = project / COURSE
    text = course.read_text(encoding="utf-8")
    start = text.index("    objectives:\n", text.index("id: decision-table"))
    end = text.index("    teaching_minutes:", start)
    course.write_text(text[:start] + "    objectives: []\n" + text[end:], encoding="utf-8")
    line = line_of(course, "objectives: []")
    assert_problem(problems_of(project), COURSE, line, "modules[3].objectives", "at least 1 item")


def test_teaching_minutes_that_do_not_add_up(project):
    """Declared teaching minutes must equal the teaching activities' minutes, which the message lists."""
    course = project / COURSE
    edit(course, "    teaching_minutes: 15\n", "    teaching_minutes: 20\n")
    line = line_of(course, "teaching_minutes: 20")
    assert_problem(
        problems_of(project),
        COURSE,
        line,
        "modules[0].teaching_minutes",
        "teaching_minutes is 20, but the module's teaching activities add up to 15",
        "welcome 5 + who-the-codes-bind 10",
    )


def test_activity_minutes_that_break_the_exercise_total(project):
    """Changing one activity's minutes without its module's total is caught at the module."""
    course = project / COURSE
    text = course.read_text(encoding="utf-8")
    at = text.index("id: role-play")
    course.write_text(text[:at] + text[at:].replace("minutes: 35", "minutes: 40", 1), encoding="utf-8")
    line = line_of(course, "exercise_minutes: 35")
    assert_problem(problems_of(project), COURSE, line, "modules[2].exercise_minutes", "exercise_minutes is 35", "add up to 40")


def test_course_total_outside_the_declared_range(project):
    """The computed total must land inside duration; the message shows the arithmetic."""
    course = project / COURSE
    edit(course, "  max: 195\n", "  max: 170\n")
    line = line_of(course, "duration:")
    assert_problem(problems_of(project), COURSE, line, "duration", "adds up to 180 minutes", "outside the declared 165 to 170")


def test_break_after_an_unknown_module(project):
    """A break must follow a real module."""
    course = project / COURSE
    edit(course, "  - after: safety-first\n", "  - after: safty-first\n")
    line = line_of(course, "after: safty-first")
    assert_problem(problems_of(project), COURSE, line, "breaks[0].after", "unknown module 'safty-first'", "did you mean 'safety-first'")


def test_discussion_without_scenarios_is_refused(project):
    """An activity kind that needs scenarios says so at its kind."""
    course = project / COURSE
    text = course.read_text(encoding="utf-8")
    start = text.index("        scenarios:\n          - colleague-at-risk-in-team-session")
    end = text.index("        setup:", start)
    course.write_text(text[:start] + text[end:], encoding="utf-8")
    line = line_of(course, "kind: discussion", occurrence=2)
    assert_problem(problems_of(project), COURSE, line, "modules[1].activities[1].kind", "a discussion needs at least one scenario")


def test_reading_link_to_a_missing_anchor(project):
    """Reading links are checked against the headings of the target page."""
    course = project / COURSE
    edit(course, "page: is-it-a-breach.md#two-claims-to-be-careful-with", "page: is-it-a-breach.md#two-claims")
    line = line_of(course, "is-it-a-breach.md#two-claims")
    assert_problem(problems_of(project), COURSE, line, "modules[0].activities[1].reading[1].page", "no heading with the anchor '#two-claims'")


def test_single_choice_with_two_correct_options(project):
    """A single-choice question with a second correct option is refused at that option."""
    quiz = project / QUIZ
    edit(
        quiz, "      - text: The coach and the client equally\n        correct: false", "      - text: The coach and the client equally\n        correct: true"
    )
    line = line_of(quiz, "- text: The coach and the client equally")
    assert_problem(
        problems_of(project),
        QUIZ,
        line,
        "questions[0].options[1]",
        "a single-choice question needs exactly one correct option, but 2 are marked correct",
    )


def test_multiple_choice_with_no_correct_option(project):
    """A multiple-choice question needs at least one right answer."""
    quiz = project / QUIZ
    text = quiz.read_text(encoding="utf-8")
    start = text.index("id: opening-lines")
    end = text.index("id: why-safety-wins")
    quiz.write_text(text[:start] + text[start:end].replace("correct: true", "correct: false") + text[end:], encoding="utf-8")
    lines = quiz.read_text(encoding="utf-8").splitlines()
    start = line_of(quiz, "- id: opening-lines")
    line = next(n for n in range(start, len(lines) + 1) if lines[n - 1].strip() == "options:")
    assert_problem(problems_of(project), QUIZ, line, "questions[6].options", "needs at least one correct option")


def test_quiz_link_to_a_missing_page(project):
    """Feedback links must lead to a real page."""
    quiz = project / QUIZ
    edit(quiz, "see: reference/decision-table.md#how-to-read-the-table", "see: reference/decision-tables.md")
    line = line_of(quiz, "see: reference/decision-tables.md")
    assert_problem(problems_of(project), QUIZ, line, "questions[7].see", "page docs/reference/decision-tables.md does not exist")


def test_unknown_quiz_kind_names_the_field(project):
    """A kind other than single or multiple is a typed error on that line."""
    quiz = project / QUIZ
    edit(quiz, "    kind: single\n", "    kind: truefalse\n")
    line = line_of(quiz, "kind: truefalse")
    assert_problem(problems_of(project), QUIZ, line, "questions[0].kind", "single", "multiple")
