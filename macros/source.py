"""Read one YAML file into plain data plus a map from field path to line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem, field_path


@dataclass
class Source:
    """A parsed data file that can say on which line any field was written."""

    path: str
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)

    def line_of(self, loc: tuple) -> int:
        """Line of the deepest part of `loc` that exists in the file."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)

    def problem(self, loc: tuple, message: str) -> Problem:
        return Problem(self.path, self.line_of(loc), field_path(loc), message)


# libyaml's parser when PyYAML has it (about ten times faster); same safe node tree either way.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Scalars(SafeConstructor):
    """PyYAML's safe scalar rules (dates, ints, bools), nothing executable."""


_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}

# Bounds far above any real data file (the largest is about 40 KB, 3,000 values, 8 levels deep)
# and far below what hurts: a 1 KB file of nested aliases can otherwise expand to gigabytes.
MAX_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_ALIASES = 100
MAX_VALUES = 100_000

_SCALAR_KINDS = {
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:null": "an empty value",
}


# What the YAML reader refuses (C0 and C1 controls except tab, newline, carriage return and NEL).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_LINE_SEPARATOR = re.compile("[\x85\u2028\u2029]")


class _TooBig(Exception):
    """The document expands past MAX_VALUES; raised from deep inside the tree walk."""

    def __init__(self, line: int):
        self.line = line


def _scalar(node: ScalarNode, loc: tuple, problems: list[Problem], path: str) -> Any:
    """One scalar through PyYAML's safe rules; a value Python cannot hold is a problem on its line."""
    try:
        return _Scalars().construct_object(node)
    except yaml.YAMLError as exc:
        detail = getattr(exc, "problem", None) or str(exc)
        problems.append(Problem(path, node.start_mark.line + 1, field_path(loc), f"YAML value error: {detail}"))
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
        # 2026-02-30, `!!int abc`, `!!bool maybe`, `!!timestamp hello`, a 5,000-digit number.
        kind = _SCALAR_KINDS.get(node.tag, "a value of that type")
        shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        hint = " (check the day and month)" if node.tag.endswith(":timestamp") and re.match(r"^\d{4}-\d", node.value) else ""
        problems.append(
            Problem(path, node.start_mark.line + 1, field_path(loc), f"'{shown}' cannot be read as {kind}{hint}; correct it, or put it in quotes if it is text")
        )
    return None


def _build(node: Node, loc: tuple, lines: dict, problems: list[Problem], path: str, budget: list[int] | None = None) -> Any:
    if budget is None:
        budget = [MAX_VALUES]
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooBig(node.start_mark.line + 1)
    lines[loc] = node.start_mark.line + 1
    if not isinstance(node, ScalarNode) and node.tag not in _PLAIN_TAGS:
        problems.append(Problem(path, node.start_mark.line + 1, field_path(loc), f"YAML tag {node.tag} is not allowed"))
        return None
    if isinstance(node, MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                problems.append(Problem(path, key_node.start_mark.line + 1, field_path(loc), "keys must be plain names"))
                continue
            key = key_node.value
            if key in out:
                problems.append(Problem(path, key_node.start_mark.line + 1, field_path(loc + (key,)), f"key '{key}' appears twice"))
                continue
            out[key] = _build(value_node, loc + (key,), lines, problems, path, budget)
            lines[loc + (key,)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, SequenceNode):
        return [_build(item, loc + (i,), lines, problems, path, budget) for i, item in enumerate(node.value)]
    return _scalar(node, loc, problems, path)


def _shape_problem(text: str, display: str) -> Problem | None:
    """Refuse over-deep nesting and alias bombs from the event stream, before any tree is built."""
    depth = aliases = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return Problem(display, event.start_mark.line + 1, "", f"values nest more than {MAX_DEPTH} levels deep; data files never need that many")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                return Problem(display, event.start_mark.line + 1, "", f"more than {MAX_ALIASES} YAML aliases (*name); write the values out instead")
    return None


def read_source(file: Path, display: str) -> tuple[Source | None, list[Problem]]:
    """Parse a file strictly: UTF-8, valid YAML, a mapping at the top, no duplicate keys."""
    raw = file.read_bytes()
    if len(raw) > MAX_BYTES:
        return None, [Problem(display, 1, "", f"the file is {len(raw):,} bytes; data files are limited to {MAX_BYTES:,} bytes, so split it")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(display, line, "", f"the file is not valid UTF-8 (byte {raw[exc.start]:#04x}); save it as UTF-8")]
    if text.startswith("\ufeff"):
        text = text[1:]
    return source_from_text(text, display)


def source_from_text(text: str, display: str, first_line: int = 1) -> tuple[Source | None, list[Problem]]:
    """Parse YAML text strictly, as read_source does a file; `first_line` is where the text starts in its file
    (front matter in a page starts on line 2)."""
    if len(text) > MAX_BYTES:
        return None, [Problem(display, first_line, "", f"the YAML is {len(text):,} characters; the limit is {MAX_BYTES:,}, so split it")]
    # YAML ends a line at these too, editors and GitHub do not: every line number after one would be wrong.
    separator = _LINE_SEPARATOR.search(text)
    if separator:
        line = text[: separator.start()].count("\n") + first_line
        return None, [
            Problem(display, line, "", f"contains the line separator U+{ord(separator.group()):04X}, which editors do not show as a new line; delete it")
        ]
    if first_line > 1:
        # Blank lines in front keep every mark on its line in the whole file.
        text = "\n" * (first_line - 1) + text
    control = _CONTROL.search(text)
    if control:
        # YAML refuses these too, but names neither the line nor the character.
        line = text[: control.start()].count("\n") + 1
        return None, [
            Problem(
                display,
                line,
                "",
                f"contains the invisible control character U+{ord(control.group()):04X}; delete it (retype the text around it if you cannot see it)",
            )
        ]
    try:
        shape = _shape_problem(text, display)
        if shape is not None:
            return None, [shape]
        nodes = list(yaml.compose_all(text, Loader=_LOADER))
    except RecursionError:
        return None, [Problem(display, 1, "", f"values nest too deeply to read; keep nesting under {MAX_DEPTH} levels")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 1
        detail = getattr(exc, "problem", None) or str(exc)
        context, start = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and start is not None and start.line + 1 != line:
            # Where the parser gave up is often lines after the real slip, e.g. an unclosed bracket.
            detail += f" ({context} that starts on line {start.line + 1})"
        return None, [Problem(display, line, "", f"YAML syntax error: {detail}")]
    nodes = [n for n in nodes if n is not None]
    if not nodes:
        return None, [Problem(display, 1, "", "the file is empty; it must hold a YAML mapping of fields")]
    if len(nodes) > 1:
        return None, [Problem(display, nodes[1].start_mark.line + 1, "", "the file holds more than one YAML document")]
    root = nodes[0]
    if not isinstance(root, MappingNode):
        kind = "a list" if isinstance(root, SequenceNode) else "a single value"
        return None, [Problem(display, root.start_mark.line + 1, "", f"the file holds {kind}; it must be a mapping of fields")]
    lines: dict[tuple, int] = {}
    problems: list[Problem] = []
    try:
        data = _build(root, (), lines, problems, display)
    except _TooBig as exc:
        return None, [
            Problem(
                display, exc.line, "", f"the file expands to more than {MAX_VALUES:,} values (YAML aliases repeat what they point to); write it out plainly"
            )
        ]
    except RecursionError:
        return None, [Problem(display, 1, "", f"values nest too deeply to read; keep nesting under {MAX_DEPTH} levels")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        detail = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(display, mark.line + 1 if mark else 1, "", f"YAML value error: {detail}")]
    return Source(display, data, lines), problems
