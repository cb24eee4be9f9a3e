"""The README's serve command: the dev server answers on 127.0.0.1 and rebuilds when a scenario changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.builds import QUIET

pytestmark = pytest.mark.build


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def test_serve_rebuilds_when_a_scenario_changes(project):
    """Editing scenarios/*.yml while serving changes the served page without a restart."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
        cwd=project,
        env={**os.environ, **QUIET},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        slug = sorted(p.stem for p in (project / "scenarios").glob("*.yml"))[0]
        url = f"http://127.0.0.1:{port}/scenarios/{slug}/"
        assert wait_for(lambda: fetch(url) is not None, 180), "the dev server never answered"
        path = project / "scenarios" / f"{slug}.yml"
        text = path.read_text(encoding="utf-8")
        title_line = next(line for line in text.splitlines() if line.startswith("title:"))
        path.write_text(text.replace(title_line, "title: Live reload works"), encoding="utf-8")
        assert wait_for(lambda: "Live reload works" in (fetch(url) or ""), 180), "the page did not change after the edit"
    finally:
        server.terminate()
        server.wait(timeout=30)
