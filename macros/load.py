"""Load every data file, validate it, cross-check references, and collect all problems."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import model as m
from .checks import check_link, docs_file
from .checks import duplicates as _duplicates
from .checks import read_data_file as _read
from .checks import unknown as _unknown
from .decide import NoDecision, ready_at, verify_model, walk
from .errors import DataError, Problem, relative
from .site import Site
from .source import Source
from .text import relative_links
from .training_load import load_training

DATA_SUFFIXES = (".yml", ".yaml")


# --- semantic checks -------------------------------------------------------


def _condition_problems(source: Source, at: tuple, conditions: dict, known: dict[str, set[str]], what: str) -> list[Problem]:
    """Every key names something known here, and every value is one it can take."""
    problems = []
    for key, condition in conditions.items():
        if key not in known:
            problems.append(source.problem(at + (key,), _unknown(key, known, what)))
            continue
        if condition == m.ANY:
            continue
        if isinstance(condition, list) and not condition:
            problems.append(source.problem(at + (key,), "an empty list matches nothing; list values or write any"))
        values = m.as_list(condition)
        for k, value in enumerate(values):
            if value not in known[key]:
                loc = at + (key,) + ((k,) if isinstance(condition, list) else ())
                problems.append(source.problem(loc, _unknown(value, known[key], f"value for {key}")))
    return problems


def check_model(source: Source, model: m.DecisionModel, site: Site) -> list[Problem]:
    """Structure beyond types (closed sets, references in order, complete responses, sources), then every path."""
    problems = _duplicates(model.questions, ("questions",), source, "question id")
    problems += _duplicates(model.outputs, ("outputs",), source, "output id")
    problems += _duplicates(model.decisions, ("decisions",), source, "decision id")
    all_rules = [(n, k, r) for n, d in enumerate(model.decisions) for k, r in enumerate(d.rules)]
    seen_rules: dict[str, tuple] = {}
    for n, k, rule in all_rules:
        if rule.id in seen_rules:
            first = source.line_of(seen_rules[rule.id])
            problems.append(source.problem(("decisions", n, "rules", k, "id"), f"duplicate rule id '{rule.id}' (first used on line {first})"))
        else:
            seen_rules[rule.id] = ("decisions", n, "rules", k, "id")

    def closed_values(values: list[m.Value], at: tuple) -> list[Problem]:
        found = _duplicates(values, at, source, "value id")
        for k, v in enumerate(values):
            if v.id in (m.ANY, m.UNSURE):
                found.append(source.problem(at + (k, "id"), f"'{v.id}' is reserved (any = every value, unsure = not sure); choose another id"))
        return found

    # What a condition may name at each point: earlier questions and the outputs of decisions due by then.
    known: dict[str, set[str]] = {}
    ready = ready_at(model)
    outputs_at: dict[str, int] = {}
    output_values: dict[str, set[str]] = {}
    for n, decision in enumerate(model.decisions):
        if decision.output is not None:
            outputs_at[decision.output.id] = n
            output_values[decision.output.id] = {v.id for v in decision.output.values}
    for n, q in enumerate(model.questions):
        at = ("questions", n)
        problems += closed_values(q.values, at + ("values",))
        ids = {v.id for v in q.values}
        if q.unsure not in ids:
            problems.append(source.problem(at + ("unsure",), _unknown(q.unsure, ids, f"value for {q.id}")))
        if q.id in outputs_at:
            problems.append(source.problem(at + ("id",), f"'{q.id}' is also a decision's output; give one of them another id"))
        earlier = dict(known)
        for out_id, d in outputs_at.items():
            if ready[d] <= n:
                earlier[out_id] = output_values[out_id]
        later = {other.id for other in model.questions[n:]}
        checkable = {}
        for key, condition in q.ask_when.items():
            if key in later or (key in outputs_at and key not in earlier):
                problems.append(
                    source.problem(
                        at + ("ask_when", key),
                        f"'{key}' is not settled before this question: ask_when may only use earlier questions and outputs of decisions that read only earlier questions",
                    )
                )
            else:
                checkable[key] = condition
        problems += _condition_problems(source, at + ("ask_when",), checkable, earlier, "earlier question or output")
        known[q.id] = ids

    for n, out in enumerate(model.outputs):
        if out.kind == "choice" and not out.values:
            problems.append(source.problem(("outputs", n), "a choice output needs a list of values"))
        if out.kind != "choice" and out.values is not None:
            problems.append(source.problem(("outputs", n, "values"), "only choice outputs take values"))
    responses = {o.id: o for o in model.outputs}

    available: dict[str, set[str]] = {q.id: {v.id for v in q.values} for q in model.questions}
    used: set[str] = {key for q in model.questions for key in q.ask_when}
    last = len(model.decisions) - 1
    for n, decision in enumerate(model.decisions):
        at = ("decisions", n)
        inputs: dict[str, set[str]] = {}
        for k, key in enumerate(decision.inputs):
            if key not in available:
                problems.append(source.problem(at + ("inputs", k), _unknown(key, available, "question or earlier output")))
            else:
                inputs[key] = available[key]
                used.add(key)
        if n < last and decision.output is None:
            problems.append(source.problem(at, "only the last decision gives responses; this one needs an output (id, label, values)"))
        if n == last and decision.output is not None:
            problems.append(source.problem(at + ("output",), "the last decision gives the responses, so it has no output; add a decision after it"))
        if decision.output is not None:
            problems += closed_values(decision.output.values, at + ("output", "values"))
            if decision.output.id in available:
                problems.append(source.problem(at + ("output", "id"), f"'{decision.output.id}' is already a question or output id"))
        for k, rule in enumerate(decision.rules):
            r_at = at + ("rules", k)
            if decision.hit_policy == "priority" and rule.priority is None:
                problems.append(source.problem(r_at, "hit policy is priority, so every rule needs a priority (a whole number)"))
            if decision.hit_policy == "unique" and rule.priority is not None:
                problems.append(source.problem(r_at + ("priority",), "priority has no meaning under hit policy unique; remove it"))
            problems += _condition_problems(source, r_at + ("when",), rule.when, inputs, f"input of decision '{decision.id}'")
            if decision.output is not None:
                values = {v.id for v in decision.output.values}
                if rule.output is None:
                    problems.append(source.problem(r_at, f"no output: write output: one of {', '.join(sorted(values))}"))
                elif rule.output not in values:
                    problems.append(source.problem(r_at + ("output",), _unknown(rule.output, values, f"value for {decision.output.id}")))
                for extra in ("then", "reason", "sources"):
                    if getattr(rule, extra) is not None:
                        problems.append(source.problem(r_at + (extra,), f"only the last decision's rules give a response; remove {extra}"))
                continue
            if rule.output is not None:
                problems.append(source.problem(r_at + ("output",), "the last decision's rules give a response (then), not an output"))
            for need in ("then", "reason", "sources"):
                if getattr(rule, need) is None:
                    problems.append(source.problem(r_at, f"required field '{need}' is missing"))
            if rule.then is not None:
                problems += _check_response(source, r_at + ("then",), rule.then, responses)
            if rule.sources is not None:
                problems += _check_sources(source, r_at + ("sources",), rule.sources, site)
        if decision.output is not None:
            available[decision.output.id] = {v.id for v in decision.output.values}
    for n, q in enumerate(model.questions):
        if q.id not in used:
            problems.append(
                source.problem(("questions", n, "id"), f"nothing uses the answer to '{q.id}': add it to a decision's inputs or an ask_when, or remove it")
            )
    if problems:
        return problems  # verification needs a well-formed model
    stats: dict[str, int] = {}
    for finding in verify_model(model, stats=stats):
        problems.append(source.problem(finding.where, finding.message))
    site.path_counts[Path(source.path).stem] = stats.get("paths", 0)
    return problems


def _check_response(source: Source, at: tuple, then: dict, outputs: dict[str, m.Output]) -> list[Problem]:
    problems = []
    for out_id, out in outputs.items():
        if out_id not in then and not out.optional:
            problems.append(source.problem(at, f"no value for output '{out_id}'"))
    for out_id, value in then.items():
        loc = at + (out_id,)
        declared = outputs.get(out_id)
        if declared is None:
            problems.append(source.problem(loc, _unknown(out_id, outputs, "output")))
        elif declared.kind == "list" and not isinstance(value, list):
            problems.append(source.problem(loc, f"output '{out_id}' is a list; write it as a list of items"))
        elif declared.kind != "list" and isinstance(value, list):
            problems.append(source.problem(loc, f"output '{out_id}' takes one value, not a list"))
        elif declared.kind == "choice" and declared.values and value not in declared.values:
            problems.append(source.problem(loc, _unknown(value, set(declared.values), f"value for {out_id}")))
    return problems


def _check_sources(source: Source, at: tuple, sources: m.Sources, site: Site) -> list[Problem]:
    problems = []
    if not sources.perspectives and not sources.standards:
        problems.append(source.problem(at, "name at least one source: a perspective or a standard"))
    problems += _check_refs(source, at + ("perspectives",), sources.perspectives, site.registry("perspectives"), "perspective")
    problems += _check_refs(source, at + ("standards",), sources.standards, site.registry("standards"), "standard")
    return problems


def _check_refs(source: Source, at: tuple, refs: list[str], known: dict | None, what: str) -> list[Problem]:
    problems = []
    seen = set()
    for k, ref in enumerate(refs):
        if known is not None and ref not in known:
            problems.append(source.problem(at + (k,), _unknown(ref, known, what)))
        if ref in seen:
            problems.append(source.problem(at + (k,), f"{what} '{ref}' is listed twice"))
        seen.add(ref)
    return problems


def check_scenario(source: Source, slug: str, scenario: m.Scenario, site: Site) -> list[Problem]:
    """Cross-references and the scenario's role as a test case of its table."""
    # Reported together with whatever the facts get wrong: a dangling reference does not hide them.
    refs = _check_refs(source, ("perspectives",), scenario.perspectives, site.registry("perspectives"), "perspective")
    refs += _check_refs(source, ("standards",), scenario.standards, site.registry("standards"), "standard")
    return refs + _check_facts(source, scenario, site)


def _check_facts(source: Source, scenario: m.Scenario, site: Site) -> list[Problem]:
    """The scenario as a test case of its model: exactly the facts its path asks, and the expected rule."""
    problems: list[Problem] = []
    table = site.tables.get(scenario.table)
    if f"tables/{scenario.table}" in site.unreadable:
        return problems  # the model's own file is broken, and its problems are reported there
    if table is None:
        return [source.problem(("table",), _unknown(scenario.table, site.tables, "decision table"))]
    questions = {q.id: {v.id for v in q.values} for q in table.questions}
    for key, value in scenario.facts.items():
        if key not in questions:
            problems.append(source.problem(("facts", key), _unknown(key, questions, "question")))
        elif value not in questions[key]:
            problems.append(source.problem(("facts", key), _unknown(value, questions[key], f"value for {key}")))
    if problems:
        return problems
    try:
        result = walk(table, scenario.facts)
    except NoDecision as exc:
        return [source.problem(("facts",), f"model '{scenario.table}' cannot decide these facts: {exc}")]
    if result.pending is not None:
        question = table.question(result.pending)
        problems.append(source.problem(("facts",), f"no fact for '{question.id}', which is asked on this path ({question.question})"))
    for key in scenario.facts:
        if key in questions and result.pending is None and key not in result.asked:
            problems.append(source.problem(("facts", key), f"'{key}' is not asked on this path, given the other facts; remove it"))
    if "engagement" in result.values and result.values["engagement"] != scenario.engagement:
        problems.append(
            source.problem(
                ("facts", "engagement"), f"fact engagement '{scenario.facts['engagement']}' differs from the scenario's engagement '{scenario.engagement}'"
            )
        )
    if problems or result.rule is None:  # no rule only while a question is pending, reported above
        return problems
    rule = result.rule
    if scenario.expected_rule is not None:
        if scenario.expected_rule not in {r.id for r in table.rules}:
            problems.append(
                source.problem(("expected_rule",), _unknown(scenario.expected_rule, {r.id for r in table.rules}, f"response rule of model '{scenario.table}'"))
            )
        elif scenario.expected_rule != rule.id:
            problems.append(source.problem(("expected_rule",), f"expected rule {scenario.expected_rule}, but the model decides {rule.id} for these facts"))
    return problems


# --- loading ---------------------------------------------------------------------


# Files editors write beside the one being edited (vim swap files, emacs backups and locks,
# macOS folder metadata). Ignored on purpose, and listed in the README: failing the build
# while an editor has a file open would break `make serve` mid-edit.
EDITOR_FILES = re.compile(r"(^\.#.*|^#.*#$|.*~$|^\..*\.sw[a-p]$|^\.DS_Store$|^\.gitkeep$)")


def _data_files(folder: Path, root: Path, problems: list[Problem], what: str, keep: tuple[str, ...] = ()) -> list[Path]:
    """The YAML files directly in `folder`; every other entry is reported, never silently skipped.

    Symbolic links are refused rather than followed: a link can point outside the project, at a
    device, or at itself. Names in `keep` (known subfolders or fixed files) are left to the caller.
    """
    if folder.is_symlink():
        problems.append(Problem(relative(folder, root), 0, "", "is a symbolic link; the data folders must be real folders inside the project"))
        return []
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        name, display = path.name, relative(path, root)
        if name in keep or (EDITOR_FILES.fullmatch(name) and not path.is_symlink()):
            continue
        if path.is_symlink():
            problems.append(Problem(display, 0, "", "is a symbolic link, which is not followed; copy the file here instead"))
        elif path.is_dir():
            inside = sorted(p for p in path.rglob("*") if not p.is_dir()) or [path]
            for item in inside:
                problems.append(
                    Problem(
                        relative(item, root),
                        0,
                        "",
                        f"{what} files must sit directly in {relative(folder, root)}/, not in a subfolder; move it up or out of the project",
                    )
                )
        elif not path.is_file():
            problems.append(Problem(display, 0, "", "is not a regular file (a device, pipe or socket); remove it"))
        elif path.suffix in DATA_SUFFIXES:
            found.append(path)
        elif path.suffix.lower() in DATA_SUFFIXES:
            problems.append(Problem(display, 0, "", f"the extension must be lowercase; rename it to {path.stem}{path.suffix.lower()}"))
        else:
            problems.append(Problem(display, 0, "", f"is not a {what} file (those end in .yml); move it out of {relative(folder, root)}/"))
    return found


def check_data_links(source: Source, obj: BaseModel, root: Path, site: Site) -> list[Problem]:
    """Relative links inside Markdown text, checked like links in pages: a typo stops the build."""
    problems = []
    for loc, text in markdown_fields(obj):
        for target in relative_links(text):
            if target.startswith("#"):
                continue
            reason = check_link(target, root, site)
            if reason:
                problems.append(source.problem(loc, f"link [{target}]: {reason} (links in data text are docs-relative, like respond/records.md#anchor)"))
    return problems


def _is_markdown(info: Any) -> bool:
    # A field is Markdown when the Markdown type's validator is in its annotation (alone, optional or in a list).
    return "_safe_markdown" in repr(info.metadata) + repr(info.annotation)


def markdown_fields(obj: Any, loc: tuple = ()) -> list[tuple[tuple, str]]:
    """Every Markdown string in a loaded model, with its location, found by introspecting the model's fields."""
    out: list[tuple[tuple, str]] = []
    if isinstance(obj, BaseModel):
        for name, info in type(obj).model_fields.items():
            value = getattr(obj, name)
            if _is_markdown(info):
                out += _strings(value, loc + (name,))
            else:
                out += markdown_fields(value, loc + (name,))
    elif isinstance(obj, (list, tuple)):
        for n, item in enumerate(obj):
            out += markdown_fields(item, loc + (n,))
    elif isinstance(obj, dict):
        for key, item in obj.items():
            out += markdown_fields(item, loc + (key,))
    return out


def _strings(value: Any, loc: tuple) -> list[tuple[tuple, str]]:
    if isinstance(value, str):
        return [(loc, value)]
    if isinstance(value, (list, tuple)):
        return [pair for n, item in enumerate(value) for pair in _strings(item, loc + (n,))]
    if isinstance(value, dict):
        return [pair for key, item in value.items() for pair in _strings(item, loc + (key,))]
    return []


# Data files about the site rather than its content, each read (with the same bounded reader) by
# the module named: listed here so that the check for stray files knows them.
SITE_FILES = {
    "links.yml": "macros/registry.py",
    "registry.yml": "macros/registry.py",
    "search.yml": "macros/searchtune.py",
    "review.yml": "macros/review.py",
}


def _glossary_forms(glossary: m.Glossary, source: Source) -> list[Problem]:
    """Each word the site turns into a tooltip belongs to one term: a second one would silently win."""
    problems = []
    seen: dict[str, tuple[int, tuple]] = {}
    for n, term in enumerate(glossary.terms):
        # A term without forms is shown for its own name (render.abbreviations).
        words: list[tuple[str, tuple]] = [(form, ("terms", n, "forms", k)) for k, form in enumerate(term.forms)] or [(term.term, ("terms", n, "term"))]
        for word, at in words:
            if word in seen:
                owner, first = seen[word]
                if owner != n or at != first:
                    where = f"line {source.line_of(first)}"
                    problems.append(
                        source.problem(at, f"'{word}' already shows the tooltip of '{glossary.terms[owner].term}' ({where}); each word may belong to one term")
                    )
            else:
                seen[word] = (n, at)
    return problems


def load_site(root: Path) -> Site:
    """Read and check every data file under `root`; raise DataError listing every problem."""
    root = Path(root)
    site = Site(root=root)
    problems: list[Problem] = []

    registries: dict[str, tuple[Path, type[BaseModel]]] = {
        "perspectives": (root / "data" / "perspectives.yml", m.Perspectives),
        "standards": (root / "data" / "standards.yml", m.Standards),
        "glossary": (root / "data" / "glossary.yml", m.Glossary),
    }
    data_dir = root / "data"
    fixed = {p.name for p, _ in registries.values()} | {"course.yml", "quiz.yml", "tables"} | set(SITE_FILES)
    for path in _data_files(data_dir, root, problems, "data", keep=tuple(fixed)):
        problems.append(Problem(relative(path, root), 0, "", f"unknown data file; data/ holds only {', '.join(sorted(fixed - {'tables'}))} and tables/"))
    for name in SITE_FILES:
        if (data_dir / name).is_symlink():
            problems.append(Problem(relative(data_dir / name, root), 0, "", "is a symbolic link, which is not followed; copy the file here instead"))
    for name, (path, cls) in registries.items():
        if path.is_symlink():
            problems.append(Problem(relative(path, root), 0, "", "is a symbolic link, which is not followed; copy the file here instead"))
            site.unreadable.add(name)
            continue
        if not path.is_file():
            problems.append(Problem(relative(path, root), 0, "", f"missing {name} file"))
            site.unreadable.add(name)
            continue
        source, obj = _read(path, root, cls, problems, site.loaded)
        if source is None or obj is None:
            site.unreadable.add(name)
            continue
        if isinstance(obj, m.Perspectives):
            problems += _duplicates(obj.perspectives, ("perspectives",), source, "perspective id")
            for n, p in enumerate(obj.perspectives):
                if docs_file(root, p.page) is None or not (root / "docs" / p.page).is_file():
                    problems.append(source.problem(("perspectives", n, "page"), f"page docs/{p.page} does not exist"))
            site.perspectives = {p.id: p for p in obj.perspectives}
        elif isinstance(obj, m.Standards):
            problems += _duplicates(obj.standards, ("standards",), source, "standard id")
            for n, s in enumerate(obj.standards):
                if s.clause and not s.verified:
                    problems.append(source.problem(("standards", n, "clause"), "a clause number may only be printed when verified is true"))
            site.standards = {s.id: s for s in obj.standards}
        elif isinstance(obj, m.Glossary):
            problems += _duplicates(obj.terms, ("terms",), source, "glossary term", key="term")
            problems += _glossary_forms(obj, source)
            site.glossary = list(obj.terms)

    tables: list[tuple[Source, m.DecisionModel]] = []
    table_dir = root / "data" / "tables"
    for path in _data_files(table_dir, root, problems, "decision table"):
        source, table = _read(path, root, m.DecisionModel, problems, site.loaded)
        if source is not None and table is not None:
            tables.append((source, table))
            site.tables[path.stem] = table
        else:
            site.unreadable.add(f"tables/{path.stem}")
    for source, table in tables:
        found = check_model(source, table, site)
        if found:
            # Scenarios walked through a model with gaps or unknown names would only repeat its problems.
            site.unreadable.add(f"tables/{Path(source.path).stem}")
        problems += found
        if docs_file(root, table.page) is None or not (root / "docs" / table.page).is_file():
            problems.append(source.problem(("page",), f"page docs/{table.page} does not exist"))

    scenario_dir = root / "scenarios"
    scenario_files = _data_files(scenario_dir, root, problems, "scenario")
    if not scenario_files:
        problems.append(Problem(relative(scenario_dir, root), 0, "", "no scenario files (*.yml) found"))
    seen_slugs: dict[str, str] = {}
    for path in scenario_files:
        slug = path.stem
        display = relative(path, root)
        if not _slug_ok(slug):
            problems.append(Problem(display, 0, "", f"file name '{slug}' must be lowercase words joined by hyphens (it becomes the page URL)"))
            continue
        if slug == "index":
            problems.append(Problem(display, 0, "", "'index' is reserved for the scenario index page"))
            continue
        if slug in seen_slugs:
            problems.append(Problem(display, 0, "", f"{seen_slugs[slug]} already uses the page address scenarios/{slug}/"))
            continue
        seen_slugs[slug] = display
        source, scenario = _read(path, root, m.Scenario, problems, site.loaded)
        if source is None or scenario is None:
            continue
        problems += check_scenario(source, slug, scenario, site)
        site.scenarios[slug] = scenario

    problems += load_training(root, site)
    for source, obj in site.loaded:
        problems += check_data_links(source, obj, root, site)
    if problems:
        raise DataError(problems)
    return site


def _slug_ok(slug: str) -> bool:
    return re.fullmatch(m.SLUG_PATTERN, slug) is not None
