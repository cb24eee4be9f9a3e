"""Shared fixtures: one strict build of the real site per session, and scratch copies of the project."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from tools.project import copy_project

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

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


@dataclass
class Built:
    """What an in-process build did: the exception it stopped with (if any) and everything it logged."""

    error: BaseException | None
    log: str


def build_in_process(project: Path, site_dir: Path) -> Built:
    """Build a project strictly in this process (mkdocs' own load_config + build), capturing the log.

    The plugin comes from the `macros` package this process has already imported (the real project's),
    so a copy's data and docs are used, not its Python. Modules and the import path are restored afterwards.
    """
    import io
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    saved_modules = {k: v for k, v in sys.modules.items() if k == "macros" or k.startswith("macros.")}
    saved_path = list(sys.path)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.INFO)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    os.environ.update(QUIET)
    error: BaseException | None = None
    try:
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site_dir))
        build(config)
    except BaseException as exc:  # noqa: BLE001 - SystemExit from a plugin is a failure to report too
        error = exc
    finally:
        logger.removeHandler(handler)
        for name in [k for k in sys.modules if k == "macros" or k.startswith("macros.")]:
            del sys.modules[name]
        sys.modules.update(saved_modules)
        sys.path[:] = saved_path
    return Built(error, stream.getvalue())


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


# axe-core, served beside the site for the accessibility audits (tests/browser/test_pages.py).
AXE_URL = "/__audit__/axe.min.js"


@pytest.fixture(scope="module")
def server(built_site: Path):
    """The session's build on 127.0.0.1 (axe-core mounted at AXE_URL), one per browser-test module;
    fails, never skips, when Chromium or axe is missing."""
    from tools.localsite import AXE, INSTALL_HINT, SiteServer, missing_tools

    missing = missing_tools(AXE)
    if missing:
        pytest.fail(f"browser tests need {', '.join(missing)}: {INSTALL_HINT}", pytrace=False)
    with SiteServer(built_site, mounts={AXE_URL: AXE}) as site_server:
        yield site_server


@dataclass
class Watch:
    """What a page did that it should not: requests to other hosts, script errors."""

    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.foreign == [], f"requests to other hosts: {self.foreign}"
        assert self.errors == [], f"script errors: {self.errors}"


@contextmanager
def open_page(browser: Browser, base: str, **options) -> Iterator[tuple[Page, Watch]]:
    """A fresh context that records every request to another host and every script error."""
    context = browser.new_context(**options)
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
    watch = Watch()

    def note(request) -> None:
        url = urlsplit(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and f"{url.scheme}://{url.netloc}" != origin:
            watch.foreign.append(request.url)

    context.on("request", note)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    page.on("console", lambda msg: watch.errors.append(msg.text) if msg.type == "error" else None)
    try:
        yield page, watch
    finally:
        context.close()
