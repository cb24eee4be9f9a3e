"""Shared fixtures: one strict build of the real site per session, and scratch copies of the project."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tools.project import copy_project

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
QUIET = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def run_build(project: Path, site_dir: Path, config: str = "mkdocs.yml") -> subprocess.CompletedProcess:
    """Build a project strictly in a subprocess, as `make build` does, capturing all output."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(project / config), "-d", str(site_dir)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, **QUIET},
        timeout=600,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch copy of the real project that a test may break."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per session with --strict; every inspection test reads it."""
    site = tmp_path_factory.mktemp("built") / "site"
    result = run_build(ROOT, site)
    assert result.returncode == 0, f"the real site failed to build:\n{result.stdout}\n{result.stderr}"
    return site


@pytest.fixture(scope="session")
def real_site_data():
    """The real data, loaded and checked through the same code path as the build."""
    from macros.load import load_site

    return load_site(ROOT)


@pytest.fixture(scope="module")
def chromium():
    """One headless system Chromium per browser-test module; fails, never skips, without it."""
    from playwright.sync_api import sync_playwright

    from tools.localsite import INSTALL_HINT, launch, missing_tools

    missing = missing_tools()
    if missing:
        pytest.fail(f"browser tests need {', '.join(missing)}: {INSTALL_HINT}", pytrace=False)
    with sync_playwright() as pw:
        browser = launch(pw)
        yield browser
        browser.close()
