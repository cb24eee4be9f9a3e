"""The decision helper in headless Chromium: same answers as Python, URL state, keyboard, screen reader hooks, no-JS fallback."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator
from urllib.parse import parse_qsl, urlsplit

import pytest
from conftest import copy_project, open_page, run_build
from playwright.sync_api import Browser, Page, expect

from macros.decide import NoDecision, combinations, decide
from macros.model import DecisionTable
from macros.render import helper_query
from macros.widget import decision_data, rank_similar, table_cases
from tools.localsite import MATERIAL_READY, SiteServer, wake_material

pytestmark = pytest.mark.browser

TABLE = "breach-response"
STATUS = "[data-helper-status]"
RULE = "[data-helper-rule]"
RESULT = "[data-helper-result]"
# Complete sets of answers that the tests below start from.
GROUP_BREACH = dict(whose="third-party", intent="deliberate", occurrence="first", harm="serious", risk="absent", engagement="team-or-group")
ORGANISATION_AGAIN = dict(whose="organisation", intent="careless", occurrence="repeated", harm="contained", risk="absent", engagement="three-way")
OWN_SLIP = dict(whose="client-own", intent="accidental", occurrence="first", harm="none", risk="absent", engagement="one-to-one")


@pytest.fixture(scope="module")
def base(built_site: Path) -> Iterator[str]:
    """The session's build, served on 127.0.0.1 under its site_url path."""
    with SiteServer(built_site) as server:
        yield server.url("")


@pytest.fixture(scope="module")
def instant_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site built with Material's instant navigation switched on, served locally."""
    project = copy_project(tmp_path_factory.mktemp("instant") / "project")
    site = project / "site"
    server = SiteServer(site)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  features:\n" in text, "mkdocs.yml has no theme features list to extend"
    text = text.replace("  features:\n", "  features:\n    - navigation.instant\n", 1)
    # Material intercepts only links listed in sitemap.xml, matched by port and path, so site_url is this server.
    text, found = re.subn(r"^site_url:.*$", f"site_url: {server.origin}/", text, count=1, flags=re.M)
    assert found, "mkdocs.yml has no site_url line"
    config.write_text(text, encoding="utf-8")
    result = run_build(project, site)
    assert result.returncode == 0, f"the instant-navigation build failed:\n{result.stdout}\n{result.stderr}"
    with server:
        yield server.url("")


@pytest.fixture
def page(chromium: Browser, base: str) -> Iterator[Page]:
    """A page on the normal build; it must make no request to another host and raise no script error."""
    with open_page(chromium, base) as (page, watch):
        yield page
    watch.assert_clean()


@pytest.fixture
def instant_page(chromium: Browser, instant_base: str) -> Iterator[Page]:
    """A page on the instant-navigation build, under the same rules."""
    with open_page(chromium, instant_base) as (page, watch):
        yield page
    watch.assert_clean()


@pytest.fixture(scope="module")
def table(real_site_data):
    """The decision table the helper asks about, as Python loads it."""
    return real_site_data.tables[TABLE]


def choose(page: Page, input_id: str, value_id: str) -> None:
    """Answer one question by clicking the option's label, as a reader would."""
    page.click(f"label[for='helper-{TABLE}-{input_id}-{value_id}']")


def query(page: Page) -> dict[str, str]:
    """The answers the page address holds right now."""
    return dict(parse_qsl(urlsplit(page.url).query))


def checked(page: Page) -> dict[str, str]:
    """The answers the form shows right now."""
    return page.evaluate("() => Object.fromEntries([...document.querySelectorAll('form input:checked')].map(i => [i.name, i.value]))")


def expect_rule(page: Page, rule_id: str) -> None:
    """The result region is shown, names the rule, and the status announces it."""
    expect(page.locator(RESULT)).to_be_visible()
    expect(page.locator(RULE)).to_have_text(rule_id)
    expect(page.locator(STATUS)).to_contain_text(f"Rule {rule_id} applies.")


# --- the same decisions as Python ---------------------------------------------


def test_script_decides_every_combination_as_python_does(page, base, table):
    """All combinations of answers, decided in the page's JavaScript, give the same rule as decide()."""
    page.goto(base + "helper/")
    every = list(combinations(table))
    assert len(every) > 100
    in_browser = page.evaluate("all => all.map(facts => window.decisionHelper.decide(facts))", every)
    assert in_browser == [decide(table, facts).id for facts in every]


def test_script_ranks_similar_scenarios_as_python_does(page, base, table, real_site_data):
    """For every combination, the page's ranking of similar scenarios equals rank_similar()."""
    page.goto(base + "helper/")
    every = list(combinations(table))
    cases = table_cases(real_site_data, TABLE)
    in_browser = page.evaluate("all => all.map(facts => window.decisionHelper.similar(facts))", every)
    assert in_browser == [[c.slug for c in rank_similar(cases, facts)] for facts in every]


def synthetic(policy: str, rules: list[tuple]) -> DecisionTable:
    """A two-input table (3 x 2 combinations) from (id, harm, risk, priority) rows, for hit-policy edge cases."""
    values = {"harm": ["none", "some", "serious"], "risk": ["present", "absent"]}
    return DecisionTable.model_validate(
        {
            "title": "Edge cases",
            "description": "For tests.",
            "page": "reference/decision-table.md",
            "hit_policy": policy,
            "inputs": [{"id": k, "question": f"{k}?", "help": "h", "values": [{"id": v, "label": v} for v in vs]} for k, vs in values.items()],
            "outputs": [{"id": "verdict", "label": "In short", "kind": "text"}],
            "rules": [
                {"id": id, "when": {"harm": harm, "risk": risk}, "then": {"verdict": id}, "reason": "r", "sources": {}, **({"priority": p} if p is not None else {})}
                for id, harm, risk, p in rules
            ],
        }
    )


EDGE_CASES = {
    "highest priority written last": synthetic("priority", [("R01", "any", "any", 0), ("R02", ["some", "serious"], "any", 50), ("R03", "any", "present", 100)]),
    "tie at equal priority": synthetic("priority", [("R01", "any", "any", 0), ("R02", "serious", "any", 10), ("R03", "any", "present", 10)]),
    "unique with an overlap and a gap": synthetic("unique", [("R01", "none", "any", None), ("R02", ["none", "some"], "present", None)]),
}


def outcome(table: DecisionTable, facts: dict[str, str]) -> str:
    """The winning rule's id, or 'error' where decide() finds a gap or an ambiguity."""
    try:
        return decide(table, facts).id
    except NoDecision:
        return "error"


@pytest.mark.parametrize("name", EDGE_CASES)
def test_script_follows_the_hit_policy_on_edge_cases_as_python_does(page, base, name):
    """Rules out of priority order, ties, overlaps and gaps: the script wins or refuses exactly where Python does."""
    table = EDGE_CASES[name]
    page.goto(base + "helper/")
    every = list(combinations(table))
    in_browser = page.evaluate(
        "([table, all]) => all.map(f => { try { return decisionHelper.decide(f, table); } catch (e) { return 'error'; } })",
        [decision_data(table), every],
    )
    assert in_browser == [outcome(table, facts) for facts in every]


def test_script_refuses_incomplete_facts_like_python(page, base):
    """A missing answer is an error in the script too, never a silent default."""
    page.goto(base + "helper/")
    message = page.evaluate("() => { try { decisionHelper.decide({whose: 'client-own'}); return ''; } catch (e) { return e.message; } }")
    assert message.startswith("no value given for intent")


# --- state in the URL ------------------------------------------------------------


def test_every_scenario_preset_shows_its_rule_and_itself_as_most_similar(page, base, table, real_site_data):
    """Each scenario's facts as a URL preset: the form is filled, its rule shows, and a scenario with those facts leads the list."""
    for slug, scenario in real_site_data.scenarios.items():
        if scenario.table != TABLE:
            continue
        page.goto(base + "helper/" + helper_query(scenario.facts))
        expect_rule(page, decide(table, scenario.facts).id)
        assert checked(page) == dict(scenario.facts)
        first = page.locator("[data-helper-similar-list] li a").first
        same_facts = {s for s, other in real_site_data.scenarios.items() if other.facts == scenario.facts}
        assert Path(urlsplit(first.get_attribute("href")).path).name in same_facts, slug


def test_result_shows_the_full_response_with_links_to_sources(page, base, table, real_site_data):
    """The result carries every output, the reason, perspective links and a link to the rule's row."""
    facts = GROUP_BREACH
    rule = decide(table, facts)
    page.goto(base + "helper/" + helper_query(facts))
    expect_rule(page, rule.id)
    response = page.locator("[data-helper-response]")
    for out in table.outputs:
        expect(response.locator("dt", has_text=out.label)).to_be_visible()
    expect(response.locator("dt", has_text="Why")).to_be_visible()
    for pid in rule.sources.perspectives:
        expect(response.get_by_role("link", name=real_site_data.perspectives[pid].title)).to_be_visible()
    page.click(RULE)
    page.wait_for_url(f"**/reference/decision-table/#rule-{rule.id.lower()}")


def test_every_rules_shown_response_is_its_fallback_rows_response_without_doubled_ids(page, base, table):
    """For each rule, the result shows the same response text as that rule's row in the fallback table, and no id appears twice."""
    first_facts = {}
    for facts in combinations(table):
        first_facts.setdefault(decide(table, facts).id, facts)
    assert len(first_facts) > 1
    for rule_id, facts in first_facts.items():
        page.goto(base + "helper/" + helper_query(facts))
        expect_rule(page, rule_id)
        shown = page.locator("[data-helper-response] dl.dt-response")
        expect(shown).to_have_count(1)
        source = page.locator(f"[data-helper-fallback] tr#rule-{rule_id.lower()} dl.dt-response")
        expect(source).to_have_count(1)
        assert " ".join(shown.text_content().split()) == " ".join(source.text_content().split()), rule_id
        assert shown.text_content().strip(), rule_id
        doubled = page.evaluate(
            "() => { const ids = [...document.querySelectorAll('[id]')].map(e => e.id); return ids.filter((id, n) => ids.indexOf(id) !== n); }"
        )
        assert doubled == [], f"{rule_id}: ids appear twice: {doubled}"
        assert page.locator("[data-helper-result] [id]").count() == 1, "only the result heading keeps an id"


def test_unknown_parameters_and_values_are_ignored(page, base, table):
    """Unknown names and values in the address are dropped; the rest still fill the form."""
    page.goto(base + "helper/?whose=nobody&intent=deliberate&colour=blue")
    assert checked(page) == {"intent": "deliberate"}
    total = len(table.inputs)
    expect(page.locator(STATUS)).to_have_text(f"1 of {total} questions answered, {total - 1} to go.")
    expect(page.locator(RESULT)).to_be_hidden()


def test_clicking_answers_updates_the_url_and_the_result(page, base, table):
    """Each answer goes into the address at once; the result appears only when all are answered."""
    facts = ORGANISATION_AGAIN
    page.goto(base + "helper/")
    expect(page.locator(STATUS)).to_have_text(f"{len(table.inputs)} questions to answer.")
    for n, (input_id, value_id) in enumerate(facts.items(), start=1):
        expect(page.locator(RESULT)).to_be_hidden()
        choose(page, input_id, value_id)
        assert query(page) == dict(list(facts.items())[:n])
    expect_rule(page, decide(table, facts).id)


def test_back_button_restores_the_previous_answers(page, base, table):
    """Back undoes the last answered question; changing one answer twice in a row is one step."""
    facts = GROUP_BREACH
    page.goto(base + "helper/")
    for input_id, value_id in facts.items():
        choose(page, input_id, value_id)
    first = decide(table, facts).id
    expect_rule(page, first)
    changed = {**facts, "harm": "none"}
    choose(page, "harm", "contained")
    choose(page, "harm", "none")
    expect_rule(page, decide(table, changed).id)
    assert decide(table, changed).id != first
    page.go_back()
    expect_rule(page, first)
    assert checked(page) == facts and query(page) == facts
    page.go_back()
    expect(page.locator(RESULT)).to_be_hidden()
    assert checked(page) == {k: v for k, v in facts.items() if k != "engagement"}
    page.go_forward()
    expect_rule(page, first)


def test_a_shared_preset_link_opens_on_the_answer_on_a_phone(chromium, base, table):
    """A link with every answer lands on the result; with some answers missing it starts at the questions."""
    with open_page(chromium, base, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True) as (page, watch):
        page.goto(base + "helper/" + helper_query(ORGANISATION_AGAIN))
        expect_rule(page, decide(table, ORGANISATION_AGAIN).id)
        expect(page.locator(RESULT)).to_be_in_viewport()
        assert page.evaluate("scrollY") > 0
        heading = page.locator(RESULT + " h2").evaluate("h => h.getBoundingClientRect().top")
        header = page.locator(".md-header").evaluate("h => h.getBoundingClientRect().bottom")
        assert header <= heading < 300, f"the answer's heading is at {heading}px, the header ends at {header}px"
        partial = {k: v for k, v in ORGANISATION_AGAIN.items() if k != "harm"}
        page.goto(base + "helper/" + helper_query(partial))
        expect(page.locator(STATUS)).to_contain_text("to go")
        assert page.evaluate("scrollY") == 0
    watch.assert_clean()


def test_clear_answers_empties_form_and_address(page, base, table):
    """Clear answers removes every answer and the query, and returns focus to the first question."""
    facts = OWN_SLIP
    page.goto(base + "helper/" + helper_query(facts))
    expect_rule(page, decide(table, facts).id)
    page.get_by_role("button", name="Clear answers").click()
    assert checked(page) == {} and urlsplit(page.url).query == ""
    expect(page.locator(RESULT)).to_be_hidden()
    expect(page.locator(STATUS)).to_have_text(f"{len(table.inputs)} questions to answer.")
    assert page.evaluate("() => document.activeElement.name") == "whose"
    page.go_back()
    expect_rule(page, decide(table, facts).id)


# --- keyboard and screen readers -----------------------------------------------


def test_keyboard_alone_reaches_a_result(page, base, table):
    """Tab to each question, Space to answer, an arrow key to change: the result appears, focus stays visible."""
    page.goto(base + "helper/")
    for _ in range(100):
        if page.evaluate("() => document.activeElement.name") == "whose":
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("Tab never reached the first question")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused radio shows no focus outline"
    for n, inp in enumerate(table.inputs):
        assert page.evaluate("() => document.activeElement.name") == inp.id
        page.keyboard.press("Space")
        if n < len(table.inputs) - 1:
            page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    facts = {inp.id: inp.values[0].id for inp in table.inputs}
    last = table.inputs[-1]
    facts[last.id] = last.values[1].id
    assert checked(page) == facts
    expect_rule(page, decide(table, facts).id)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Clear answers"


def test_controls_are_labelled_and_the_result_is_announced_politely(page, base, table):
    """Each fieldset's legend is its question, help is tied by aria-describedby, the status is a polite live region."""
    page.goto(base + "helper/")
    for inp in table.inputs:
        group = page.get_by_role("group", name=inp.question)
        expect(group).to_be_visible()
        help_id = group.get_attribute("aria-describedby")
        expect(page.locator(f"#{help_id}")).to_have_text(inp.help)
        for value in inp.values:
            expect(group.get_by_role("radio", name=value.label, exact=True)).to_have_count(1)
    status = page.locator(STATUS)
    assert status.get_attribute("aria-live") == "polite" and status.get_attribute("role") == "status"
    expect(page.get_by_role("button", name="Clear answers")).to_be_visible()


# --- without JavaScript, and arriving by links -------------------------------------


def test_without_javascript_the_full_table_shows_instead(chromium, base, table):
    """With scripting off the whole decision table is visible and the form is not."""
    with open_page(chromium, base, java_script_enabled=False) as (page, watch):
        page.goto(base + "helper/")
        expect(page.locator("table.decision-table")).to_be_visible()
        expect(page.locator("table.decision-table tbody tr")).to_have_count(len(table.rules))
        expect(page.locator("[data-helper-app]")).to_be_hidden()
    assert watch.foreign == []


def test_with_javascript_the_table_gives_way_to_the_form(page, base):
    """With scripting on the form shows and the fallback table is hidden."""
    page.goto(base + "helper/")
    expect(page.locator("[data-helper-app]")).to_be_visible()
    expect(page.locator("[data-helper-fallback]")).to_be_hidden()


def test_scenario_page_link_opens_the_helper_with_its_facts(page, base, table, real_site_data):
    """'Try these facts' on a scenario page lands on the helper with that scenario's rule shown."""
    slug, scenario = next((s, sc) for s, sc in sorted(real_site_data.scenarios.items()) if sc.table == TABLE)
    page.goto(base + f"scenarios/{slug}/")
    page.get_by_role("link", name="Try these facts in the decision helper").click()
    page.wait_for_url("**/helper/?*")
    expect_rule(page, decide(table, scenario.facts).id)
    assert query(page) == dict(scenario.facts)


def test_instant_navigation_arrival_back_and_return(instant_page, instant_base, table, real_site_data):
    """With instant navigation the helper starts on arrival by link, keeps its back button, and restarts on return."""
    page = instant_page
    # Material loads on the reader's first move and intercepts clicks only once it has fetched
    # sitemap.xml; a quicker click is a normal page load.
    page.goto(instant_base)
    wake_material(page)
    page.wait_for_load_state("networkidle")
    page.evaluate("() => { window.sameDocument = true; }")
    page.locator(".md-nav__link", has_text="Decision helper").first.click()
    page.wait_for_url("**/helper/")
    expect(page.locator("[data-helper-app]")).to_be_visible()
    assert page.evaluate("() => window.sameDocument") is True, "the page was fully reloaded, so instant navigation was not exercised"
    # Instant navigation swaps the page's content only, so Material is there once and nothing waits for it.
    assert page.evaluate("() => document.querySelectorAll('script[src*=\"assets/javascripts/bundle.\"]').length") == 1
    assert page.evaluate(MATERIAL_READY) is True
    slug, scenario = next((s, sc) for s, sc in sorted(real_site_data.scenarios.items()) if sc.table == TABLE)
    for input_id, value_id in scenario.facts.items():
        choose(page, input_id, value_id)
    expect_rule(page, decide(table, scenario.facts).id)
    page.go_back()
    expect(page.locator(RESULT)).to_be_hidden()
    assert len(checked(page)) == len(scenario.facts) - 1
    page.go_forward()
    expect_rule(page, decide(table, scenario.facts).id)
    page.locator("[data-helper-similar-list] a").first.click()
    page.wait_for_url("**/scenarios/**")
    page.get_by_role("link", name="Try these facts in the decision helper").click()
    page.wait_for_url("**/helper/?*")
    expect_rule(page, decide(table, scenario.facts).id)
    assert page.evaluate("() => window.sameDocument") is True
    choose(page, "harm", "none" if scenario.facts["harm"] != "none" else "serious")
    expect_rule(page, decide(table, checked(page)).id)
