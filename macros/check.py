"""Command line: `python -m macros.check [ROOT]` validates every data file and prints every problem."""

from __future__ import annotations

import sys
from pathlib import Path

from .errors import DataError
from .load import load_site
from .registry import load_links
from .review import load_config
from .searchtune import load_tuning


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else Path(__file__).resolve().parent.parent
    try:
        site = load_site(root)
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    # The build's other data files: registry and links, search tuning, review dates.
    pages = {p.relative_to(root / "docs").as_posix() for p in (root / "docs").rglob("*.md")} | {f"scenarios/{s}.md" for s in site.scenarios}
    problems = []
    for check in (lambda: load_links(root), lambda: load_tuning(root, pages), lambda: load_config(root)):
        try:
            check()
        except DataError as exc:
            problems += exc.problems
    if problems:
        print(DataError(problems), file=sys.stderr)
        return 1
    rules = sum(len(t.rules) for t in site.tables.values())
    print(
        f"OK: {len(site.scenarios)} scenarios, {len(site.tables)} decision models ({rules} response rules), "
        f"{len(site.perspectives)} perspectives, {len(site.standards)} standards, {len(site.glossary)} glossary terms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
