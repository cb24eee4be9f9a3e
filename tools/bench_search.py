"""Search benchmark: `python tools/bench_search.py [SITE]` (`make bench-search` builds first).

Runs every query in tools/search-queries.yml through Material's own search, in headless
Chromium against the built site served locally, as a reader types it, and prints the share
of queries whose expected page is in the first three results, overall and for the safety
queries, then every miss with what came up instead.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.localsite import SiteServer, launch  # noqa: E402

QUERIES = ROOT / "tools" / "search-queries.yml"
TOP = 3
# The first few results as Material lists them: one item per page, best first.
RESULTS = """() => [...document.querySelectorAll('.md-search-result__list > li.md-search-result__item')]
  .map(li => new URL(li.querySelector('a').href).pathname)"""
META = "() => (document.querySelector('.md-search-result__meta') || {}).textContent || ''"


@dataclass
class Outcome:
    query: str
    expect: list[str]
    safety: bool
    top: list[str]

    @property
    def hit(self) -> bool:
        return any(page in self.top[:TOP] for page in self.expect)


def load_queries(path: Path = QUERIES) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data["queries"]


def run(site: Path, queries: list[dict], browser=None) -> list[Outcome]:
    """Every query through the site search; pass a running Playwright browser to reuse it (one sync session per thread)."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            own = launch(pw)
            try:
                return run(site, queries, own)
            finally:
                own.close()
    outcomes = []
    with SiteServer(site) as server:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(server.url("index.html"))
        box = page.locator("input.md-search__input")
        # The tap that fetches Material's script (macros/lazyjs.py); typing counts once its worker has the index.
        box.click()
        page.locator(".md-search-result__meta", has_text="Type to start searching").wait_for(timeout=30_000)
        for item in queries:
            # Material reads the box on key events, so each change ends with a key press as typing would.
            box.fill("")
            box.press("End")
            page.wait_for_function(f"() => ({META})().includes('Type to start')")
            box.fill(str(item["q"]))
            box.press("End")
            page.wait_for_function(f"() => !({META})().includes('Type to start')", timeout=10_000)
            page.wait_for_timeout(150)  # the worker answers each keystroke; let the last answer land
            top = [p[len(server.prefix) - 1 :] for p in page.evaluate(RESULTS)]
            outcomes.append(Outcome(str(item["q"]), item["expect"], bool(item.get("safety")), top))
        page.close()
    return outcomes


def report(outcomes: list[Outcome]) -> str:
    def rate(items: list[Outcome]) -> str:
        hits = sum(o.hit for o in items)
        return f"{hits}/{len(items)} ({100 * hits / max(len(items), 1):.0f}%)"

    lines = [
        f"Top-{TOP} hit rate: {rate(outcomes)}",
        f"Safety queries:   {rate([o for o in outcomes if o.safety])}",
    ]
    misses = [o for o in outcomes if not o.hit]
    if misses:
        lines.append("Misses:")
        for o in misses:
            lines.append(f"  {o.query!r}{' [safety]' if o.safety else ''}: wanted {' or '.join(o.expect)}; got {', '.join(o.top[:TOP]) or 'nothing'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    site = Path(args[0]) if args else ROOT / "site"
    if not (site / "search" / "search_index.json").is_file():
        print(f"no built site with a search index at {site}; run `make build` first", file=sys.stderr)
        return 1
    print(report(run(site, load_queries())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
