"""Scratch copies of the project, for tests that break files and for benchmarks that add them."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What a build needs; copied so a run can change files without touching the repo.
PROJECT_ITEMS = ["mkdocs.yml", "mkdocs-offline.yml", "macros", "overrides", "docs", "data", "scenarios", "schemas"]


def copy_project(dest: Path) -> Path:
    """Copy everything a build reads into `dest` and return it."""
    dest.mkdir(parents=True, exist_ok=True)
    for item in PROJECT_ITEMS:
        src = ROOT / item
        if src.is_dir():
            shutil.copytree(src, dest / item, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / item)
    return dest
