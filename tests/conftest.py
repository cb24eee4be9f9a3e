"""Fixtures every layer shares: scratch copies of the project, the real data, and one strict build of the real site."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builds import run_build
from tests.paths import ROOT
from tools.project import copy_project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch copy of the real project that a test may break."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def real_site_data():
    """The real data, loaded and checked through the same code path as the build."""
    from macros.load import load_site

    return load_site(ROOT)


@pytest.fixture(scope="session")
def mkdocs_config():
    """mkdocs.yml as MkDocs reads it (load_config: defaults, !ENV and plugins resolved), never grepped as text."""
    from mkdocs.config import load_config

    return load_config(config_file=str(ROOT / "mkdocs.yml"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per session with --strict; the plugin and browser layers inspect it."""
    site = tmp_path_factory.mktemp("built") / "site"
    result = run_build(ROOT, site)
    assert result.returncode == 0, f"the real site failed to build:\n{result.stdout}\n{result.stderr}"
    return site
