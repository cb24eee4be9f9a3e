"""Browser-layer fixtures: one headless Chromium and one local server of the session's build per module."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.support import AXE_URL


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
