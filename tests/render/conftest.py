"""Render-layer fixtures: the stand-in for the plugin's link function."""

from __future__ import annotations

from collections.abc import Callable

import pytest


@pytest.fixture(scope="session")
def link() -> Callable[[str], str]:
    """A linker that just shows its target behind a slash, so render functions run without MkDocs."""
    return lambda target: "/" + target
