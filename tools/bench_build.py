"""Build benchmark: the data layer against plain Markdown, for 10, 100 and 1000 scenarios. Prints figures only."""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.decide import decide, reachable, walk  # noqa: E402
from macros.load import load_site  # noqa: E402
from tools.project import copy_project  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def synthetic_scenarios(n: int) -> list[tuple[str, dict]]:
    """N valid scenarios: a real one's text with facts drawn from the model's reachable paths."""
    site = load_site(ROOT)
    table = site.tables["breach-response"]
    base = (ROOT / "scenarios" / f"{sorted(site.scenarios)[0]}.yml").read_text(encoding="utf-8")
    template = yaml.safe_load(base)
    template.pop("expected_rule", None)
    combos = [answers for answers, _ in reachable(table)]
    rng = random.Random(7)
    out = []
    for k in range(n):
        facts = rng.choice(combos)
        # Paths that never ask about the engagement keep the template's.
        data = dict(template, title=f"Synthetic case {k:04d}", engagement=facts.get("engagement", template["engagement"]), facts=facts)
        out.append((f"synthetic-{k:04d}", data))
    return out


def data_layer_project(base: Path, scenarios: list[tuple[str, dict]]) -> Path:
    # The real scenarios stay: the course and the pages refer to them.
    project = copy_project(base / "data-layer")
    for slug, data in scenarios:
        (project / "scenarios" / f"{slug}.yml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return project


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, resolving `!ENV [NAME, default]` to its default."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def control_project(base: Path, scenarios: list[tuple[str, dict]]) -> Path:
    """The same pages, with the same content, written as plain Markdown: no macros, plugin or YAML."""
    project = copy_project(base / "control")
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    config["plugins"] = ["search"]
    config["strict"] = False  # macro calls stay as text in the control; only timing matters
    config.pop("watch", None)
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    site = load_site(ROOT)
    table = site.tables["breach-response"]
    for slug, data in scenarios:
        questions = "\n".join(f"1. {q}" for q in data["questions"])
        rule = decide(table, data["facts"])
        assert rule.then is not None, f"{slug}: the decision ends in a rule without a response"
        facts = "\n".join(f"{table.question(q).question}\n:   {table.question(q).value(data['facts'][q]).label}\n" for q in walk(table, data["facts"]).asked)
        outputs = "\n\n".join(
            f"**{out.label}**\n\n" + ("\n".join(f"- {item}" for item in value) if isinstance(value, list) else str(value))
            for out in table.outputs
            if out.id in rule.then
            for value in [rule.then[out.id]]
        )
        sources = "\n".join(f"- {site.perspectives[p].title}" for p in data["perspectives"])
        body = (
            f"---\ndescription: {data['summary']}\n---\n\n# {data['title']}\n\n{data['summary']}\n\n"
            f"## The situation\n\n{data['situation']}\n\n## Questions to discuss\n\n{questions}\n\n"
            f"## What the decision table says\n\nRule {rule.id} applies.\n\n{outputs}\n\n**Why**\n\n{rule.reason}\n\n"
            f'??? note "The facts this verdict rests on"\n\n' + "\n".join("    " + line for line in facts.splitlines()) + "\n\n"
            '## A model answer\n\n??? note "Show the model answer"\n\n' + "\n".join("    " + line for line in data["model_answer"].splitlines()) + "\n\n"
            f"## Perspectives and codes\n\n{sources}\n"
        )
        (project / "docs" / "scenarios" / f"{slug}.md").write_text(body, encoding="utf-8")
    return project


def build(project: Path) -> tuple[float, int, int]:
    site = project / "site"
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=project, env=ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{result.stderr[-3000:]}")
    pages = sum(1 for _ in site.rglob("*.html"))
    sample = site / "scenarios" / "synthetic-0000" / "index.html"
    return elapsed, pages, sample.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[10, 100, 1000])
    args = parser.parse_args()
    print(f"{'N':>5} | {'data layer s':>12} {'ms/page':>8} {'page KB':>8} | {'control s':>9} {'ms/page':>8} {'page KB':>8} | {'ratio':>6}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            scenarios = synthetic_scenarios(n)
            data_t, data_pages, data_size = build(data_layer_project(Path(tmp), scenarios))
            ctrl_t, ctrl_pages, ctrl_size = build(control_project(Path(tmp), scenarios))
        print(
            f"{n:>5} | {data_t:>12.2f} {1000 * data_t / data_pages:>8.1f} {data_size / 1024:>8.1f} | "
            f"{ctrl_t:>9.2f} {1000 * ctrl_t / ctrl_pages:>8.1f} {ctrl_size / 1024:>8.1f} | {data_t / ctrl_t:>6.2f}"
        )
    print("Targets: ratio <= 1.10; 1000 scenarios in <= 15 s; page KB flat as N grows.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
