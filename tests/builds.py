"""Building a project for a test: in a subprocess as `make build` does, or in this process (load_config + build)."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# MkDocs 1.6 prints a notice about MkDocs 2 on every run unless told not to.
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
