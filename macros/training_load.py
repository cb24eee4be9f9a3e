"""Read the course and the quiz, check them against the site, and keep them on it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .checks import read_data_file
from .errors import Problem, relative
from .training_checks import check_course, check_quiz
from .training_model import Course, Quiz
from .training_schedule import Training

if TYPE_CHECKING:
    from .site import Site

COURSE_FILE = Path("data") / "course.yml"
QUIZ_FILE = Path("data") / "quiz.yml"


def load_training(root: Path, site: Site) -> list[Problem]:
    """Read data/course.yml and data/quiz.yml, check them against the site, and keep them on `site`."""
    root = Path(root)
    problems: list[Problem] = []
    course_path, quiz_path = root / COURSE_FILE, root / QUIZ_FILE
    if not course_path.is_file() and not course_path.is_symlink():
        return [Problem(relative(course_path, root), 0, "", "missing course file")]
    source, course = read_data_file(course_path, root, Course, problems, site.loaded)
    if source is not None and course is not None:
        problems += check_course(source, course, root, site)
    quiz = None
    if quiz_path.is_file() or quiz_path.is_symlink():
        quiz_source, quiz = read_data_file(quiz_path, root, Quiz, problems, site.loaded)
        if quiz_source is not None and quiz is not None:
            problems += check_quiz(quiz_source, quiz, root, site)
    else:
        problems.append(Problem(relative(quiz_path, root), 0, "", "missing quiz file"))
    if course is not None and not problems:
        site.training = Training(course, quiz)
    return problems
