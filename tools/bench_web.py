"""Print Lighthouse scores and first-load transfer sizes for the key pages: a benchmark that reports, never a test.

`make bench-web` builds site/ first; this script serves it on 127.0.0.1 as a production host would (gzip,
keep-alive), runs Lighthouse (default mobile preset, the system Chromium) on home, a perspective, a scenario and
the helper, then prints each page's gzip transfer split into HTML, CSS, JS and the search index.
Performance swings with whatever else the machine is doing, so each page is run RUNS times and the median
run (by performance score) is reported, as Lighthouse's own guidance advises.
Usage: bench_web.py [SITE_DIR] [RUNS]   (defaults: site/ and 3)
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.lazyjs import deferred_bundle  # noqa: E402
from tools.localsite import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    INSTALL_HINT,
    LIGHTHOUSE,
    ROOT,
    SiteServer,
    key_pages,
    missing_tools,
)

SITE = ROOT / "site"
PAGES = ("home", "perspective", "scenario", "helper")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SEARCH_INDEX = "search/search_index.json"
TARGET_KB = 100  # gzip, everything a first visit downloads except the search index
GZIP_LEVEL = 6  # what nginx, Apache and most static hosts use


class _Assets(HTMLParser):
    """The stylesheets and scripts a page asks for as it loads."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.css: list[str] = []
        self.js: list[str] = []
        self._config = False
        self.config = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        href, src = a.get("href"), a.get("src")
        if tag == "link" and "stylesheet" in (a.get("rel") or "").split() and href:
            self.css.append(href)
        elif tag == "script" and src:
            self.js.append(src)
        self._config = tag == "script" and a.get("id") == "__config"

    def handle_data(self, data: str) -> None:
        if self._config:
            self.config += data

    def handle_endtag(self, tag: str) -> None:
        self._config = False


def gzip_kb(path: Path) -> float:
    """A file's size in KB once gzip-compressed as a web server would send it."""
    return len(gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL)) / 1024


def local_file(site: Path, page: str, href: str) -> Path | None:
    """The built file an asset address points at, or None for another host (which the tests forbid anyway)."""
    if re.match(r"^[a-z]+:|^//", href):
        return None
    href = href.split("#", 1)[0].split("?", 1)[0]
    return (site / page).parent.joinpath(href).resolve()


def transfer(site: Path, page: str) -> dict[str, float]:
    """KB gzip a visit to the page downloads, by kind.

    HTML, CSS and JS are what opening the page fetches. "later JS" is what the reader's first touch,
    key or scroll adds (macros/lazyjs.py): Material's bundle and its search worker, which then
    fetches the search index.
    """
    html = (site / page).read_text(encoding="utf-8")
    parser = _Assets()
    parser.feed(html)
    later = [href for href in [deferred_bundle(html)] if href]
    if later and parser.config.strip():
        worker = json.loads(parser.config).get("search")
        if worker:
            later.append(worker)
    sizes = {"HTML": gzip_kb(site / page), "CSS": 0.0, "JS": 0.0, "later JS": 0.0}
    for kind, hrefs in (("CSS", parser.css), ("JS", parser.js), ("later JS", later)):
        for href in dict.fromkeys(hrefs):
            file = local_file(site, page, href)
            if file is not None and file.is_file():
                sizes[kind] += gzip_kb(file)
    index = site / SEARCH_INDEX
    sizes["search index"] = gzip_kb(index) if index.exists() else 0.0
    return sizes


def lighthouse(url: str, out: Path) -> dict:
    """One Lighthouse run with its default mobile settings in the system Chromium; the JSON report."""
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            f"--chrome-path={CHROMIUM}",
            f"--chrome-flags={flags}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            f"--output-path={out}",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0 or not out.exists():
        return {"error": (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]}
    return json.loads(out.read_text(encoding="utf-8"))


def shortfalls(report: dict) -> list[str]:
    """The scored audits that cost points, by category, so the next fix is obvious."""
    lines = []
    for cid in CATEGORIES:
        category = report.get("categories", {}).get(cid, {})
        for ref in category.get("auditRefs", []):
            audit = report["audits"].get(ref["id"], {})
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                lines.append(f"{cid}: {audit.get('title', ref['id'])}{value}")
    return lines


def median_run(url: str, tmp: Path, runs: int) -> tuple[dict, list[int]]:
    """The median Lighthouse report by performance score, and every run's performance score."""
    reports = []
    for run in range(runs):
        report = lighthouse(url, tmp / f"run{run}.json")
        if "error" in report:
            return report, []
        reports.append(report)
    reports.sort(key=lambda r: r["categories"]["performance"]["score"] or 0)
    perf = [round((r["categories"]["performance"]["score"] or 0) * 100) for r in reports]
    return reports[len(reports) // 2], perf


def main(argv: list[str]) -> int:
    """Serve the built site, print the score table, the shortfalls and the transfer table."""
    site = Path(argv[0]) if argv else SITE
    runs = int(argv[1]) if len(argv) > 1 else 3
    if not (site / "index.html").exists():
        raise SystemExit(f"{site} is not built: run `make bench-web`, which builds it first")
    missing = missing_tools(LIGHTHOUSE)
    if missing:
        raise SystemExit(f"missing: {', '.join(missing)}; {INSTALL_HINT}")
    pages = {name: path for name, path in key_pages(site).items() if name in PAGES}

    print(f"Lighthouse, mobile preset (simulated slow 4G, mid-range phone); median of {runs} runs")
    print(f"{'page':<13}" + "".join(f"{c:>16}" for c in CATEGORIES) + "   performance, all runs")
    notes: dict[str, list[str]] = {}
    with SiteServer(site, compress=True) as server, tempfile.TemporaryDirectory() as tmp:
        for name, path in pages.items():
            report, perf = median_run(server.url(path), Path(tmp), runs)
            if "error" in report:
                print(f"{name:<13}Lighthouse failed: {' '.join(report['error'])}")
                continue
            scores = [report["categories"][c]["score"] for c in CATEGORIES]
            spread = ", ".join(map(str, perf)) + f" (mean {statistics.mean(perf):.1f})"
            print(f"{name:<13}" + "".join(f"{'-' if s is None else round(s * 100):>16}" for s in scores) + f"   {spread}")
            notes[name] = shortfalls(report)
    for name, lines in notes.items():
        for line in lines:
            print(f"  {name}: {line}")

    print()
    print(f"Transfer, KB gzip (level {GZIP_LEVEL}); target: at most {TARGET_KB} KB without the search index")
    print("first load = HTML + CSS + JS as the page opens; later JS = Material's bundle and search worker,")
    print("fetched on the reader's first touch, key or scroll; the verdict counts both, so it holds either way")
    kinds = ("HTML", "CSS", "JS")
    print(f"{'page':<13}" + "".join(f"{k:>9}" for k in kinds) + f"{'first':>9}{'later JS':>10}{'total':>9}{'index':>9}  verdict")
    for name, path in pages.items():
        sizes = transfer(site, path)
        first = sum(sizes[k] for k in kinds)
        total = first + sizes["later JS"]
        verdict = "PASS" if total <= TARGET_KB else "FAIL"
        row = "".join(f"{sizes[k]:>9.1f}" for k in kinds)
        print(f"{name:<13}{row}{first:>9.1f}{sizes['later JS']:>10.1f}{total:>9.1f}{sizes['search index']:>9.1f}  {verdict}  ({path})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
