"""Upgrade tripwire: the overrides and the lazy loader were written against one Material release.

A Material upgrade can change the partials we override (our copies would silently keep the old
markup) or how the script tag is written (macros/lazyjs.py would fail every page). This test names
the files to review when the installed Material is not the release they were checked against.
"""

from __future__ import annotations

import hashlib
import re
from importlib.metadata import version
from pathlib import Path

import material

from tests.paths import ROOT

# The release the files below were last reviewed against. After reviewing them for a new
# release, update this, the pin in requirements.txt and the fingerprints together.
REVIEWED_FOR = "9.8.1"
# What to review, keyed by the Material template each depends on, with a fingerprint of that
# template (first 16 hex digits of its sha256) as shipped in REVIEWED_FOR.
DEPENDS_ON = {
    "partials/toc.html": ("fde48f583563364b", "overrides/partials/toc.html"),
    "partials/nav-item.html": ("89895208f22d68ce", "overrides/partials/nav-item.html"),
    "partials/search.html": ("bfd556535abcddb9", "overrides/partials/search.html"),
    "main.html": ("9948b55a7bc979c3", "overrides/main.html"),
    "404.html": ("80c93494b5432b1b", "overrides/404.html"),
    "base.html": ("8536d352b0093623", "overrides/main.html (its blocks) and macros/lazyjs.py (the script tag it swaps)"),
}
# macros/searchsections.py follows Material's search parser (material/plugins/search/plugin.py);
# tests/plugin/test_generated_pages.py compares the two, and macros/plugin.py calls its create_entry_for_section.
REVIEW = sorted(
    {"macros/lazyjs.py", "macros/templates/lazy_bundle.html", "docs/assets/site.css (md-pending rules)", "macros/searchsections.py and SitePlugin._take_search"}
    | {f for _, f in DEPENDS_ON.values()}
)


def test_installed_material_is_the_reviewed_release():
    installed = version("mkdocs-material")
    assert installed == REVIEWED_FOR, (
        f"mkdocs-material {installed} is installed, but the overrides were written for {REVIEWED_FOR}. "
        f"Review these against the new release, then update REVIEWED_FOR and DEPENDS_ON in {Path(__file__).name}: " + ", ".join(REVIEW)
    )


def test_the_pin_is_the_reviewed_release():
    pin = re.search(r"^mkdocs-material==(\S+)$", (ROOT / "requirements.txt").read_text(encoding="utf-8"), re.M)
    assert pin and pin.group(1) == REVIEWED_FOR, (
        f"requirements.txt pins mkdocs-material {pin and pin.group(1)}, reviewed for {REVIEWED_FOR}: review " + ", ".join(REVIEW)
    )


def test_the_templates_we_depend_on_are_unchanged():
    templates = Path(material.__file__).parent / "templates"
    changed = [
        f"{name} (review {ours})"
        for name, (fingerprint, ours) in DEPENDS_ON.items()
        if hashlib.sha256((templates / name).read_bytes()).hexdigest()[:16] != fingerprint
    ]
    assert changed == [], "Material's templates changed since they were reviewed: " + "; ".join(changed)


def test_every_override_is_covered():
    overrides = {p.relative_to(ROOT).as_posix() for p in (ROOT / "overrides").rglob("*.html")}
    covered = {ours for _, ours in DEPENDS_ON.values()}
    assert overrides <= covered, f"add to DEPENDS_ON the Material template each of these overrides: {sorted(overrides - covered)}"
