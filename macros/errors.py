"""Author-facing errors: every problem names its file, line and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one data file, located precisely enough to fix."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" [{self.field}]" if self.field else ""
        return f"{where}{field}: {self.message}"


class DataError(Exception):
    """Raised with every problem found, so authors fix them all in one pass."""

    # What the problems are with, after "N problems": subclasses say it for their own kind.
    about = "in the site's data files"

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        count = len(self.problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} {self.about}:"]
        lines += [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


def field_path(loc: tuple) -> str:
    """Render a location tuple such as ('rules', 2, 'when') as rules[2].when."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def relative(path: Path, root: Path) -> str:
    """Show paths relative to the project so messages stay short and portable."""
    # The link itself is named, not where a symbolic link points.
    for here, base in ((path.absolute(), root.absolute()), (path.parent.resolve() / path.name, root.resolve())):
        try:
            return here.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()
