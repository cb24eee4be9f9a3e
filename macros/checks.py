"""Checks shared by every data loader: model validation with author messages, duplicate and unknown ids,
reading one data file, and where docs-relative links may point and whether they resolve. Plain Python:
nothing from MkDocs."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from . import model as m
from .errors import DataError, Problem, relative
from .markdown_scan import heading_ids, headings, split_front_matter
from .source import Source, read_source

if TYPE_CHECKING:
    from .site import Site

T = TypeVar("T", bound=BaseModel)

# Scenario pages are rendered from this template; links in data may name its section anchors.
SCENARIO_TEMPLATE = Path(__file__).parent / "templates" / "scenario.md.j2"


# --- turning pydantic errors into author messages ----------------------------

_FIELD_NAMES = sorted({name for cls in vars(m).values() if isinstance(cls, type) and issubclass(cls, BaseModel) for name in cls.model_fields})


def _clean_loc(data: Any, loc: tuple, kind: str) -> tuple:
    """Drop pydantic's union/type tags from a location, keeping only real keys and indexes."""
    out: list = []
    current = data
    for n, part in enumerate(loc):
        if isinstance(current, dict) and part in current:
            out.append(part)
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            out.append(part)
            current = current[part]
        elif kind == "missing" and n == len(loc) - 1:
            out.append(part)
    return tuple(out)


def _message(err: ErrorDetails, value: Any) -> str:
    kind = err["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        name = str(err["loc"][-1])
        close = difflib.get_close_matches(name, _FIELD_NAMES, n=1, cutoff=0.7)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"unknown field '{name}'{hint}"
    if isinstance(value, bool):
        return "YAML read this as true/false (yes, no, on and off are booleans); write the value in quotes or use another word"
    shown = f" (got {value!r})" if isinstance(value, (str, int, float)) and len(repr(value)) < 80 else ""
    if kind in ("date_type", "date_from_datetime_parsing", "date_parsing") and isinstance(value, str):
        return f"write the date without quotes, as YYYY-MM-DD (remove the quotes){shown}"
    if kind == "string_too_short" and isinstance(value, str) and not value.strip():
        return "is empty or only spaces; write the text, or remove the field if it is optional"
    if kind == "value_error":
        # pydantic prefixes a validator's own message with "Value error, "; authors only need the message.
        return str(err.get("ctx", {}).get("error", err["msg"]))
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        if pattern in (m.TEXT_PATTERN, m.PLAIN_PATTERN) and isinstance(value, str):
            return _text_message(value, pattern == m.PLAIN_PATTERN)
        if pattern == m.SLUG_PATTERN:
            return f"must be lowercase words joined by hyphens, like 'three-way'{shown}"
        return f"does not have the expected form {pattern}{shown}"
    if kind == "string_type":
        return f"must be text; put it in quotes{shown}"
    return f"{err['msg']}{shown}"


def _text_message(value: str, plain: bool) -> str:
    """Why text was refused: an invisible character (named, with its position), nothing visible, or markup."""
    for n, char in enumerate(value, start=1):
        if re.match(f"[{m.INVISIBLE}]", char):
            return f"contains the invisible or control character U+{ord(char):04X} at character {n}; delete it (retype the text around it if you cannot see it)"
    if plain and re.search("[<>]", value):
        return "may not contain < or >"
    return "is empty or only spaces; write the text, or remove the field if it is optional"


def _lookup(data: Any, loc: tuple) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def validate_model(source: Source, cls: type[T]) -> tuple[T | None, list[Problem]]:
    """Validate a parsed file against its model; one problem per faulty field."""
    try:
        return cls.model_validate(source.data), []
    except ValidationError as exc:
        by_loc: dict[tuple, str] = {}
        for err in exc.errors():
            loc = _clean_loc(source.data, tuple(err["loc"]), err["type"])
            message = _message(err, _lookup(source.data, loc))
            if loc in by_loc and by_loc[loc] != message:
                # Union fields fail once per alternative; keep the first, readable one.
                continue
            by_loc[loc] = message
        return None, [source.problem(loc, msg) for loc, msg in by_loc.items()]


# --- ids ---------------------------------------------------------------------


def duplicates(items: list, loc_prefix: tuple, source: Source, what: str, key: str = "id") -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for n, item in enumerate(items):
        value = getattr(item, key)
        if value in seen:
            first = source.line_of(loc_prefix + (seen[value], key))
            problems.append(source.problem(loc_prefix + (n, key), f"duplicate {what} '{value}' (first used on line {first})"))
        else:
            seen[value] = n
    return problems


def unknown(value: str, known: dict | set, what: str) -> str:
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else f"; known: {', '.join(sorted(known))}" if len(known) <= 12 else ""
    return f"unknown {what} '{value}'{hint}"


# --- files -------------------------------------------------------------------


def read_data_file(path: Path, root: Path, cls: type[T], problems: list[Problem], loaded: list | None = None) -> tuple[Source | None, T | None]:
    if path.is_symlink():
        problems.append(Problem(relative(path, root), 0, "", "is a symbolic link, which is not followed; copy the file here instead"))
        return None, None
    source, found = read_source(path, relative(path, root))
    problems += found
    if source is None or found:
        return source, None
    obj, found = validate_model(source, cls)
    problems += found
    if obj is not None and loaded is not None:
        loaded.append((source, obj))
    return source, obj


def read_checked_file(path: Path, root: Path, cls: type[T]) -> tuple[Source, T]:
    """One data file read and validated on its own, for the files a command reads alone; DataError lists its problems."""
    problems: list[Problem] = []
    source, obj = read_data_file(path, root, cls, problems)
    if source is None or obj is None:
        raise DataError(problems)
    return source, obj


def docs_file(root: Path, page: str) -> Path | None:
    """The file a docs-relative path names, or None when it would leave docs/ (../, a leading /, a link out)."""
    docs = (root / "docs").resolve()
    try:
        target = (docs / page).resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    return target if target.is_relative_to(docs) and not Path(page).is_absolute() else None


@lru_cache(maxsize=1)
def scenario_anchors() -> frozenset[str]:
    """Section anchors every scenario page has, read from its template so links and template cannot drift."""
    template = SCENARIO_TEMPLATE.read_text(encoding="utf-8")
    return frozenset(h.explicit_id for h in headings(template) if h.explicit_id)


def scenario_href(slug: str) -> str:
    """The source path of the page generated from scenarios/<slug>.yml."""
    return f"scenarios/{slug}.md"


def scenario_slug(path: str) -> str | None:
    """The slug a generated scenario page's source path names (the reverse of scenario_href), else None."""
    match = re.fullmatch(r"scenarios/([a-z0-9-]+)\.md", path)
    # scenarios/index.md is the index page, never a scenario: the loader refuses the slug "index".
    return match.group(1) if match and path != "scenarios/index.md" else None


# --- links in data ---------------------------------------------------------------


def _heading_ids(path: Path) -> set[str] | None:
    """Anchors a Markdown page will have, or None when macros write headings the source cannot show."""
    meta, body = split_front_matter(path.read_text(encoding="utf-8"))
    return None if meta.get("render_macros") is True else heading_ids(body)


def check_link(target: str, root: Path, site: Site) -> str | None:
    """Why a docs link in data would break, or None when it resolves."""
    path, _, anchor = target.partition("#")
    if scenario_slug(path) in site.scenarios:
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
        try:
            ids = _heading_ids(file)
        except yaml.YAMLError as error:
            return f"docs/{path} has front matter that is not valid YAML ({str(error).splitlines()[0]})"
        if ids is not None and anchor not in ids:
            return f"docs/{path} has no heading with the anchor '#{anchor}'"
    return None
