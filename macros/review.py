"""`make review`: every page and data file past its review interval, with the date it fell due.

Pages carry `last_reviewed` (front matter, or the scenario's YAML); content data files carry no
date of their own, so data/review.yml records when each was last reviewed, beside the interval
for each kind of page. The command exits 1 when anything is overdue or undated, so the monthly
workflow (.github/workflows/review.yml) fails and its owners are told.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import Field

from .checks import read_checked_file
from .errors import DataError
from .markdown_scan import split_front_matter
from .model import ReviewDate, Strict
from .previews import KINDS, page_kind

REVIEW_FILE = Path("data") / "review.yml"
DATA_KIND = "data"
# Files that configure the build rather than state facts; their own checks keep them true.
MACHINERY = {"data/review.yml", "data/registry.yml", "data/links.yml", "data/search.yml"}
Days = Annotated[int, Field(ge=1, le=3650)]


class ReviewConfig(Strict):
    """data/review.yml: days between reviews for each kind of page, and the data files' review dates."""

    intervals: dict[str, Days]
    data_files: dict[str, ReviewDate]


@dataclass(frozen=True)
class Item:
    """One reviewable file, when it was last reviewed and when it falls due."""

    path: str
    kind: str
    reviewed: dt.date | None
    interval: int

    @property
    def due(self) -> dt.date | None:
        return self.reviewed + dt.timedelta(days=self.interval) if self.reviewed else None


def load_config(root: Path) -> ReviewConfig:
    source, config = read_checked_file(Path(root) / REVIEW_FILE, Path(root), ReviewConfig)
    known = set(KINDS) | {DATA_KIND}
    problems = [source.problem(("intervals", k), f"unknown kind '{k}'; kinds: {', '.join(sorted(known))}") for k in config.intervals if k not in known]
    problems += [source.problem(("intervals",), f"no interval for '{k}'") for k in sorted(known - set(config.intervals))]
    # Each key names a content data file of this project, as collect() lists them.
    content = {f.relative_to(root).as_posix() for f in (Path(root) / "data").rglob("*.y*ml")} - MACHINERY
    problems += [
        source.problem(("data_files", k), f"'{k}' is not a content data file; name one of: {', '.join(sorted(content))}")
        for k in config.data_files
        if k not in content
    ]
    if problems:
        raise DataError(problems)
    return config


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def collect(root: Path, config: ReviewConfig) -> list[Item]:
    """Every page (docs and scenarios) and every content data file, with its review date and interval."""
    root = Path(root)
    items = []
    for file in sorted((root / "docs").rglob("*.md")):
        src = file.relative_to(root / "docs").as_posix()
        kind = page_kind(src).slug
        reviewed = _date(split_front_matter(file.read_text(encoding="utf-8"))[0].get("last_reviewed"))
        items.append(Item(f"docs/{src}", kind, reviewed, config.intervals[kind]))
    for file in sorted((root / "scenarios").glob("*.y*ml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        items.append(Item(f"scenarios/{file.name}", "scenario", _date(data.get("last_reviewed")), config.intervals["scenario"]))
    for file in sorted((root / "data").rglob("*.y*ml")):
        rel = file.relative_to(root).as_posix()
        if rel not in MACHINERY:
            items.append(Item(rel, DATA_KIND, config.data_files.get(rel), config.intervals[DATA_KIND]))
    return items


def report(items: list[Item], today: dt.date) -> tuple[list[str], int]:
    """Lines for the overdue and undated items, soonest due first, and the exit code."""
    undated = [i for i in items if i.reviewed is None]
    dated = [(i, reviewed, due) for i in items if (reviewed := i.reviewed) is not None and (due := i.due) is not None]
    overdue = sorted(((i, reviewed, due) for i, reviewed, due in dated if due < today), key=lambda d: (d[2], d[0].path))
    lines = [
        f"UNDATED  {i.path} ({i.kind}): add last_reviewed" + (f" for it to {REVIEW_FILE.as_posix()} data_files" if i.kind == DATA_KIND else "") for i in undated
    ]
    lines += [
        f"OVERDUE  due {due.isoformat()}  {i.path}  ({i.kind}, last reviewed {reviewed.isoformat()}, every {i.interval} days)" for i, reviewed, due in overdue
    ]
    upcoming = sorted(((i, due) for i, _, due in dated if today <= due), key=lambda d: d[1])
    lines.append(f"{len(overdue)} overdue, {len(undated)} undated, of {len(items)} pages and data files (as of {today.isoformat()}).")
    if upcoming:
        lines.append(f"Next due: {upcoming[0][0].path} on {upcoming[0][1].isoformat()}.")
    return lines, 1 if overdue or undated else 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    today = dt.date.today()
    if args[:1] == ["--today"] and len(args) == 2:
        today = dt.date.fromisoformat(args[1])
    elif args:
        print("usage: python -m macros.review [--today YYYY-MM-DD]", file=sys.stderr)
        return 2
    root = Path(__file__).resolve().parent.parent
    try:
        config = load_config(root)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    lines, code = report(collect(root, config), today)
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main())
