"""Every built page is valid HTML to the Nu checker (after the one exclusion list) and shows its review date."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tools.localsite import INSTALL_HINT, VNU, html_pages, missing_tools, redirect_pages
from tools.vnu_exclusions import EXCLUSIONS, accepted

pytestmark = pytest.mark.browser

REVIEWED = re.compile(r'<p class="page-reviewed">Last reviewed: <time datetime="(\d{4}-\d{2}-\d{2})">(\d{1,2} [A-Z][a-z]+ \d{4})</time></p>')


def check_html(files: list[Path]) -> list[dict]:
    """Run the Nu checker once over the files and return its error messages; fail, never skip, without Java."""
    missing = missing_tools(VNU, chromium=False, java=True)
    if missing:
        pytest.fail(f"the HTML check needs {', '.join(missing)}: {INSTALL_HINT}", pytrace=False)
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    # vnu writes its JSON report to stderr and exits 1 when it finds errors.
    try:
        return json.loads(result.stderr)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"the Nu checker did not report JSON (exit {result.returncode}):\n{result.stderr[-2000:]}")


@pytest.fixture(scope="module")
def vnu_findings(built_site: Path) -> list[dict]:
    """The Nu checker's errors for every HTML file of the build, from one Java run."""
    return check_html([built_site / p for p in html_pages(built_site) + redirect_pages(built_site)])


def describe(finding: dict, site: Path) -> str:
    """Page, line and message of one finding, with the markup it points at."""
    page = finding.get("url", "").removeprefix("file:").removeprefix(str(site) + "/")
    extract = " ".join(finding.get("extract", "").split())
    return f"{page}:{finding.get('lastLine', '?')}: {finding.get('type')}: {finding.get('message')} [{extract}]"


def test_nu_checker_finds_no_errors(vnu_findings, built_site):
    """No page has an HTML error the exclusion list does not name."""
    errors = [describe(f, built_site) for f in vnu_findings if not accepted(f)]
    assert not errors, f"{len(errors)} Nu HTML checker errors:\n" + "\n".join(errors)


def test_every_exclusion_is_still_needed_and_explained(vnu_findings):
    """Each exclusion still matches a real finding and gives a reason, so the list cannot silently go stale."""
    for exclusion in EXCLUSIONS:
        assert len(exclusion.reason.split()) >= 8, f"exclusion without a real reason: {exclusion}"
        assert any(exclusion.matches(f) for f in vnu_findings), f"exclusion matches nothing any more; remove it: {exclusion}"


def test_nu_checker_runs_and_reports_a_known_error(tmp_path):
    """The checker as invoked here does flag an empty tabindex, the fault the nav override removes."""
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><html lang="en"><title>t</title><label tabindex="">x</label></html>')
    messages = [m["message"] for m in check_html([page])]
    assert any("tabindex" in m for m in messages), messages


def test_every_page_ends_with_its_review_date(built_site):
    """Each page but the 404 shows 'Last reviewed' from its front matter, in a machine-readable time element."""
    missing = []
    for page in html_pages(built_site):
        if page == "404.html":
            continue
        match = REVIEWED.search((built_site / page).read_text(encoding="utf-8"))
        if not match:
            missing.append(page)
    assert not missing, "pages without a review date: " + ", ".join(missing)
