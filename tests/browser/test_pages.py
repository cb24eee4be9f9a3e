"""Every built page in headless Chromium, at desktop and phone widths: axe, requests, console, layout, search."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, ViewportSize

from tests.browser.support import AXE_URL
from tools.localsite import SiteServer, html_pages, key_pages, wake_material

pytestmark = pytest.mark.browser

# WCAG 2.0, 2.1 and 2.2 at levels A and AA: the rules the issue asks for, no more.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
VIEWPORTS: dict[str, ViewportSize] = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 800}}
TABLE_PAGE = "reference/decision-table/index.html"
# axe-core is served by the test server from outside the site's path, so no page can depend on it.

AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id,
    help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary || ""})),
  }));
}"""

# A resize starts CSS transitions (Material's drawer and nav); axe must never judge a colour
# mid-fade. Cutting transitions settles the layout at once; SETTLE waits out any left over.
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; }"
# Until the reader's first move the page has only the loader: no bundle tag, no document$, md-pending set.
WAITING = """() => document.documentElement.classList.contains("md-pending")
  && window.document$ === undefined
  && !document.querySelector('script[src*="assets/javascripts/bundle."]')"""
SETTLE = """async () => {
  const fades = document.getAnimations().filter(a => a instanceof CSSTransition).map(a => a.finished.catch(() => null));
  await Promise.race([Promise.all(fades), new Promise(done => setTimeout(done, 2000))]);
}"""


@dataclass
class PageAudit:
    """What one page did in the browser, gathered in one visit so each check reads it without reloading."""

    path: str
    violations: dict[str, list[dict]] = field(default_factory=dict)  # by viewport name
    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    overflow: int = 0  # how many pixels wider than a phone screen the page is
    waited: bool = False  # opened with Material's script not yet fetched (macros/lazyjs.py)


@pytest.fixture(scope="module")
def browser(server: SiteServer, chromium: Browser) -> Browser:
    """The shared Chromium (tests/browser/conftest.py), once the server and axe are known to be there."""
    return chromium


def run_axe(page: Page, server: SiteServer) -> list[dict]:
    """axe-core's WCAG A/AA violations for the page as it is now."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(url=server.origin + AXE_URL)
    return page.evaluate(AXE_RUN, AXE_TAGS)


def audit_site(browser: Browser, server: SiteServer, phone_axe: set[str]) -> dict[str, PageAudit]:
    """Load every built page once in one context and check it at desktop width, then narrowed to a phone."""
    # No request routing: Playwright turns the HTTP cache off when routing is on, and the cache is what
    # keeps Material's bundle and axe-core from being fetched and compiled afresh on every page.
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    current = PageAudit("")

    def note_request(request) -> None:
        url = urlsplit(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and f"{url.scheme}://{url.netloc}" != server.origin:
            current.foreign.append(request.url)

    context.on("request", note_request)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.on("console", lambda msg: current.errors.append(f"console: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda error: current.errors.append(f"page error: {error}"))
    page.on(
        "response",
        lambda response: current.errors.append(f"HTTP {response.status}: {response.url}") if response.status >= 400 else None,
    )
    audits = {}
    for path in html_pages(server.site):
        current = audits[path] = PageAudit(path)
        page.set_viewport_size(VIEWPORTS["desktop"])
        page.goto(server.url(path), wait_until="load")
        current.waited = page.evaluate(WAITING)
        # The key pages are checked as first painted too, before Material's script, as Lighthouse sees them.
        if path in phone_axe:
            current.violations["before-script"] = run_axe(page, server)
        # Everything else is checked as a reader has it after their first move: Material loaded and mounted.
        wake_material(page)
        # Collapsed sections (full responses, model answers) hold content too; axe skips what is hidden.
        page.evaluate("document.querySelectorAll('details:not([open])').forEach(d => { d.open = true; })")
        current.violations["desktop"] = run_axe(page, server)
        # Narrowing the window re-runs every media query and Material's resize handling: the phone
        # layout without a second load. Transitions are cut so the new layout is final at once.
        page.add_style_tag(content=NO_TRANSITIONS)
        page.set_viewport_size(VIEWPORTS["phone"])
        page.evaluate(SETTLE)
        current.overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        current.violations["phone"] = run_axe(page, server) if path in phone_axe else []
    # Let late requests (the search worker's index) land before the context goes.
    page.wait_for_load_state("networkidle")
    context.close()
    return audits


@pytest.fixture(scope="module")
def audits(browser: Browser, server: SiteServer) -> dict[str, PageAudit]:
    """Every page at 1280x900 with axe, then at 360x800 (a small phone) for layout, with axe on the key pages."""
    return audit_site(browser, server, phone_axe=set(key_pages(server.site).values()))


def describe_violations(audits: dict[str, PageAudit], width: str) -> list[str]:
    """One line per failing element: page, rule, element and axe's own explanation."""
    lines = []
    for audit in audits.values():
        for violation in audit.violations.get(width, []):
            for node in violation["nodes"]:
                summary = " ".join(node["summary"].split())
                lines.append(f"{audit.path}: {violation['id']} at {node['target']} ({violation['help']}) {summary}")
    return lines


def test_every_built_page_is_audited_including_generated_scenarios(audits, built_site):
    """The walk covers every HTML file of the build, scenario pages generated from YAML among them, and axe ran."""
    assert set(audits) == set(html_pages(built_site))
    assert TABLE_PAGE in audits
    assert any(p.startswith("scenarios/") and p != "scenarios/index.html" for p in audits)
    assert all("desktop" in a.violations for a in audits.values())


@pytest.mark.parametrize("width", [*VIEWPORTS, "before-script"])
def test_axe_finds_no_wcag_a_or_aa_violation(audits, width):
    """axe-core reports nothing against WCAG 2.0-2.2 A and AA: every page on a desktop, the key pages on a phone and before Material's script."""
    problems = describe_violations(audits, width)
    assert not problems, f"{len(problems)} axe violations at {width} width:\n" + "\n".join(problems)


def test_material_waits_for_the_first_interaction_on_every_page(audits, server):
    """No page fetches Material's script as it opens; axe ran on the key pages in that state."""
    eager = [a.path for a in audits.values() if not a.waited]
    assert not eager, f"Material's script was there before any interaction: {eager}"
    key = set(key_pages(server.site).values())
    assert all("before-script" in audits[p].violations for p in key)


def test_no_request_goes_to_another_host(audits):
    """Pages fetch everything from the local server: no fonts, scripts or beacons from anywhere else."""
    foreign = [f"{a.path}: {url}" for a in audits.values() for url in a.foreign]
    assert not foreign, "requests to other hosts:\n" + "\n".join(sorted(set(foreign)))


def test_no_console_errors_or_failed_loads(audits):
    """No script error, console error or failed asset load on any page."""
    errors = [f"{a.path}: {e}" for a in audits.values() for e in a.errors]
    assert not errors, "\n".join(sorted(set(errors)))


def test_no_page_is_wider_than_a_phone(audits):
    """At 360px nothing forces sideways scrolling of the whole page."""
    wide = [f"{a.path}: {a.overflow}px too wide" for a in audits.values() if a.overflow > 0]
    assert not wide, "\n".join(wide)


def test_decision_table_is_a_real_table_with_labelled_cells(browser, server):
    """The decision table keeps caption, column and row headers with scope, and labels every data cell with its column."""
    page = browser.new_page()
    page.goto(server.url(TABLE_PAGE))
    tables = page.evaluate(
        """() => [...document.querySelectorAll("table.decision-table")].map(t => ({
          caption: t.caption ? t.caption.textContent.trim() : "",
          cols: [...t.tHead.rows[0].cells].map(c => [c.tagName, c.getAttribute("scope"), c.textContent.trim()]),
          rows: [...t.tBodies[0].rows].map(r => [...r.cells].map(c => [c.tagName, c.getAttribute("scope"), c.dataset.label ?? null])),
        }))"""
    )
    page.close()
    assert tables, "no table.decision-table on the decision table page"
    for table in tables:
        assert table["caption"], "the decision table has no caption"
        assert all(tag == "TH" and scope == "col" for tag, scope, _ in table["cols"]), table["cols"]
        heads = [text for _, _, text in table["cols"]]
        for row in table["rows"]:
            assert row[0][:2] == ["TH", "row"], row[0]
            assert [label for _, _, label in row[1:]] == heads[1:], f"cell labels differ from the column heads: {row}"


def test_decision_table_reads_as_labelled_cards_on_a_phone(browser, server):
    """At 360px every rule fits the screen and each condition shows its question above the answer."""
    page = browser.new_page(viewport=VIEWPORTS["phone"])
    page.goto(server.url(TABLE_PAGE))
    layout = page.evaluate(
        """() => {
          const table = document.querySelector("table.decision-table");
          const cells = [...table.querySelectorAll("td[data-label]:not(.dt-response-cell)")];
          const rows = [...table.tBodies[0].rows].map(r => r.getBoundingClientRect());
          return {
            viewport: window.innerWidth,
            widest: Math.max(...rows.map(r => r.right)),
            leftmost: Math.min(...rows.map(r => r.left)),
            unlabelled: cells.filter(c => getComputedStyle(c, "::before").content !== `"${c.dataset.label}"`).length,
            caption: getComputedStyle(table.caption).display !== "none" && table.caption.getBoundingClientRect().height > 0,
            scroll: table.scrollWidth - table.clientWidth,
          };
        }"""
    )
    page.close()
    assert layout["leftmost"] >= 0 and layout["widest"] <= layout["viewport"], layout
    assert layout["unlabelled"] == 0, f"{layout['unlabelled']} cells show no question label at 360px"
    assert layout["caption"], "the caption is hidden at 360px"
    assert layout["scroll"] <= 0, "the table scrolls sideways at 360px"


def test_search_dialog_is_named_and_finds_pages_without_the_network(browser, server):
    """Search opens as a named dialog, answers from the local index, and the open dialog passes axe."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server.origin) else route.abort())
    page = context.new_page()
    page.goto(server.url("index.html"))
    search = page.locator("input.md-search__input")
    search.click()
    # Material ignores typing that comes before its search worker has loaded the index.
    page.locator(".md-search-result__meta", has_text="Type to start searching").wait_for(timeout=30_000)
    search.press_sequentially("sponsor")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(state="visible", timeout=15_000)
    dialog_name = page.locator("[role='dialog'][data-md-component='search']").get_attribute("aria-label")
    hrefs = results.evaluate_all("links => links.map(a => a.href)")
    violations = run_axe(page, server)
    context.close()
    assert dialog_name, "the search dialog has no accessible name"
    assert hrefs and all(h.startswith(server.origin) for h in hrefs), hrefs
    assert not violations, describe_violations({"search": PageAudit("search (open)", {"desktop": violations})}, "desktop")
