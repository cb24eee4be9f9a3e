"""Command line: `python -m macros.check [ROOT]` validates every data file and prints every problem."""

from __future__ import annotations

import sys
from pathlib import Path

from .errors import DataError
from .load import load_site


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else Path(__file__).resolve().parent.parent
    try:
        site = load_site(root)
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    rules = sum(len(t.rules) for t in site.tables.values())
    print(f"OK: {len(site.scenarios)} scenarios, {len(site.tables)} decision models ({rules} response rules), "
          f"{len(site.perspectives)} perspectives, {len(site.standards)} standards, {len(site.glossary)} glossary terms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
