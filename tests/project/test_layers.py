"""The layers of macros/ import one way (data <- rendering <- plugin) and without circles.

README "Architecture" names the layers; these tests keep the code agreeing with it.
"""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from tests.paths import ROOT

PACKAGE = ROOT / "macros"

# Plain Python over the YAML: nothing from MkDocs, so another engine or a command-line tool can drive it.
DATA = {
    "source",
    "model",
    "errors",
    "checks",
    "site",
    "load",
    "decide",
    "text",
    "markdown_scan",
    "registry",
    "searchtune",
    "pages",
    "training_model",
    "training_schedule",
    "training_checks",
    "training_load",
}
# Markup from the data; may import the data layer.
RENDERING = {"render", "widget", "training_render", "handbook", "previews", "publish", "lazyjs", "swap", "searchsections"}
# The make commands (make check, schema, register, review): data and rendering, never MkDocs.
COMMANDS = {"check", "schema", "register", "review"}
# The MkDocs side: the only modules that may import mkdocs.
PLUGIN = {"plugin", "links"}
ALLOWED = {"data": DATA, "rendering": DATA | RENDERING, "commands": DATA | RENDERING | COMMANDS, "plugin": DATA | RENDERING | PLUGIN}
LAYER = {name: layer for layer, names in [("data", DATA), ("rendering", RENDERING), ("commands", COMMANDS), ("plugin", PLUGIN)] for name in names}


def imports(module: str) -> set[str]:
    """Sibling modules one module imports anywhere in its file (function-level imports count too;
    imports under `if TYPE_CHECKING:` do not, as they never run)."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    type_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
        for inner in ast.walk(node)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module:
                found.add(node.module.split(".")[0])
            elif node.level == 1:
                found |= {alias.name for alias in node.names}
            elif node.module and node.module.startswith("macros."):
                found.add(node.module.split(".")[1])
            elif node.module == "macros":
                found |= {alias.name for alias in node.names}
    return found & set(LAYER)


def test_every_module_has_a_layer():
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert modules - set(LAYER) == set(), "add these modules to a layer in this file and in README 'Architecture'"


@pytest.mark.parametrize("module", sorted(LAYER))
def test_imports_flow_one_way(module):
    wrong = imports(module) - ALLOWED[LAYER[module]]
    assert wrong == set(), f"macros/{module}.py ({LAYER[module]} layer) imports {sorted(wrong)}, which its layer may not use"


def test_no_import_circles():
    graph = {module: imports(module) for module in LAYER}
    circles = []

    def visit(module: str, path: list[str]) -> None:
        for target in sorted(graph[module]):
            if target in path:
                circles.append(" -> ".join(path[path.index(target) :] + [target]))
            elif len(path) < len(graph):
                visit(target, path + [target])

    for module in sorted(graph):
        visit(module, [module])
    assert circles == [], "import circles in macros/: " + "; ".join(sorted(set(circles))[:10])


@pytest.mark.parametrize("module", sorted(DATA | RENDERING | COMMANDS))
def test_imports_nothing_from_mkdocs(module):
    """Imported alone in a fresh interpreter, the module pulls in no part of MkDocs."""
    code = f"import sys, macros.{module}; sys.exit(sorted(n for n in sys.modules if n == 'mkdocs' or n.startswith('mkdocs.'))[:3] or 0)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"macros/{module}.py imports MkDocs: {result.stderr.strip()[-500:]}"
