"""The decision helper in headless Chromium: same answers as Python on every path, URL state, not sure, keyboard, screen reader hooks, no-JS fallback."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from macros.decide import decide, reachable, walk
from macros.render import helper_query
from macros.widget import rank_similar, table_cases
from tests.browser.support import open_page
from tests.builds import run_build
from tools.localsite import MATERIAL_READY, SiteServer, wake_material
from tools.project import copy_project

pytestmark = pytest.mark.browser

TABLE = "breach-response"
STATUS = "[data-helper-status]"
RULE = "[data-helper-rule]"
RESULT = "[data-helper-result]"
# Complete paths through the questions that the tests below start from.
SAFE = dict(danger="no", demand="no", crime="no", speakup="no")
GROUP_BREACH = dict(**SAFE, event="disclosed", who="group-member", what="third-party", ongoing="over", frequency="once", intent="deliberate", harm="serious")
ORGANISATION_AGAIN = dict(
    **SAFE, event="disclosed", who="client", what="organisation", ongoing="over", frequency="after-raised", intent="careless", harm="contained"
)
OWN_STORY = dict(**SAFE, event="disclosed", who="client", what="client-own")


@pytest.fixture(scope="module")
def base(server: SiteServer) -> str:
    """The session's build (the browser layer's server), as the address of its site_url path."""
    return server.url("")


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
    """The decision model the helper asks about, as Python loads it."""
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


def test_script_walks_every_reachable_path_as_python_does(page, base, table):
    """Every path the build verifies, walked by the page's own script, asks the same questions and reaches the same rule."""
    page.goto(base + "helper/")
    every = [answers for answers, _ in reachable(table)]
    in_browser = page.evaluate("all => all.map(a => { const s = window.decisionHelper.walk(a); return [s.asked, s.rule]; })", every)
    assert in_browser == [[walk(table, a).asked, walk(table, a).rule.id] for a in every]


def test_script_ranks_similar_scenarios_as_python_does(page, base, table, real_site_data):
    """On every path, the script lists the same similar scenarios in the same order as rank_similar()."""
    page.goto(base + "helper/")
    every = [{q: w.values[q] for q in w.asked} for _, w in reachable(table)]
    cases = table_cases(real_site_data, TABLE)
    in_browser = page.evaluate("all => all.map(facts => window.decisionHelper.similar(facts))", every)
    assert in_browser == [[c.slug for c in rank_similar(cases, facts)] for facts in every]


def test_script_refuses_incomplete_answers_like_python(page, base):
    """An unanswered question on the path is an error in the script too, never a silent default."""
    page.goto(base + "helper/")
    message = page.evaluate("() => { try { decisionHelper.decide({danger: 'no'}); return ''; } catch (e) { return e.message; } }")
    assert message == "no answer given for 'demand', which is asked on this path"


def test_every_scenario_preset_shows_its_rule_and_itself_as_most_similar(page, base, table, real_site_data):
    """Each scenario's facts as a URL preset: the questions are filled, its rule shows, and a scenario with those facts leads the list."""
    for slug, scenario in sorted(real_site_data.scenarios.items()):
        if scenario.table != TABLE:
            continue
        page.goto(base + "helper/" + helper_query(scenario.facts))
        expect_rule(page, decide(table, scenario.facts).id)
        assert checked(page) == dict(scenario.facts)
        first = page.locator("[data-helper-similar-list] a").first
        same_facts = {s for s, other in real_site_data.scenarios.items() if other.facts == scenario.facts}
        assert Path(urlsplit(first.get_attribute("href")).path).name in same_facts, slug


def test_result_shows_the_full_response_the_answers_and_links_to_sources(page, base, table, real_site_data):
    """The result carries every output, the reason, perspective links, each answer that led to it, and a link to the rule's row."""
    facts = GROUP_BREACH
    rule = decide(table, facts)
    page.goto(base + "helper/" + helper_query(facts))
    expect_rule(page, rule.id)
    response = page.locator("[data-helper-response]")
    for out in table.outputs:
        if out.id in rule.then:
            expect(response.locator("dt", has_text=out.label)).to_be_visible()
    expect(response.locator("dt", has_text="Why")).to_be_visible()
    for pid in rule.sources.perspectives:
        expect(response.get_by_role("link", name=real_site_data.perspectives[pid].title)).to_be_visible()
    answers = page.locator("[data-helper-answers] dt")
    expect(answers).to_have_count(len(facts))
    assert answers.all_text_contents() == [table.question(q).question for q in facts]
    page.click(RULE)
    page.wait_for_url(f"**/reference/decision-table/#rule-{rule.id.lower()}")


def test_every_rules_shown_response_is_its_fallback_rows_response_without_doubled_ids(page, base, table):
    """For each response rule, the result shows the same text as that rule's row in the fallback tables, and no id appears twice."""
    first_facts = {}
    for answers, result in reachable(table):
        first_facts.setdefault(result.rule.id, answers)
    assert set(first_facts) == {r.id for r in table.rules}
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


def test_danger_and_what_to_say_are_at_least_body_size(page, base, table):
    """The emergency step and the words to say are never smaller than the page's body text."""
    page.goto(base + "helper/?danger=now")
    expect_rule(page, "R01")
    size = "sel => parseFloat(getComputedStyle(document.querySelector(sel)).fontSize)"
    body = page.evaluate(size, ".md-content .md-typeset > p")
    for sel in ("[data-helper-response] .dt-out--do li", "[data-helper-response] .dt-out--say p", "[data-helper-response] .dt-out--verdict p"):
        assert page.evaluate(size, sel) >= body, sel


# --- state in the URL, and only the questions that matter ------------------------


def test_unknown_parameters_and_values_are_ignored(page, base, table):
    """Unknown names and values in the address are dropped; the first question waits for an answer."""
    page.goto(base + "helper/?danger=maybe&colour=blue")
    assert checked(page) == {}
    expect(page.locator(STATUS)).to_have_text(f"Next: {table.questions[0].question}")
    expect(page.locator(RESULT)).to_be_hidden()
    expect(page.locator("[data-helper-legacy]")).to_be_hidden()


def test_an_old_helper_link_lands_on_a_clear_message(page, base):
    """A link made for the first helper (whose, risk, ...) says its answers cannot be carried over, and the questions start afresh."""
    page.goto(base + "helper/?whose=client-own&intent=deliberate&occurrence=first&harm=none&risk=absent&engagement=one-to-one")
    expect(page.locator("[data-helper-legacy]")).to_be_visible()
    expect(page.locator("[data-helper-legacy]")).to_contain_text("earlier version of the helper")
    expect(page.locator(RESULT)).to_be_hidden()
    assert checked(page) == {}


def test_questions_appear_one_at_a_time_and_the_url_follows(page, base, table):
    """Only the next relevant question shows; each answer goes into the address at once; the result appears at the end."""
    facts = ORGANISATION_AGAIN
    page.goto(base + "helper/")
    visible = "() => [...document.querySelectorAll('fieldset[data-question]')].filter(f => !f.hidden).map(f => f.dataset.question)"
    for n, (question_id, value_id) in enumerate(facts.items(), start=1):
        expect(page.locator(RESULT)).to_be_hidden()
        assert page.evaluate(visible) == list(facts)[:n]
        choose(page, question_id, value_id)
        assert query(page) == dict(list(facts.items())[:n])
    expect_rule(page, decide(table, facts).id)
    assert page.evaluate(visible) == list(facts)


def test_danger_now_answers_at_once_and_asks_nothing_more(page, base):
    """One answer, danger now: the emergency response shows and no other question is on screen."""
    page.goto(base + "helper/")
    choose(page, "danger", "now")
    expect_rule(page, "R01")
    expect(page.locator("fieldset[data-question]:visible")).to_have_count(1)
    expect(page.locator("[data-helper-response] .dt-out--do li").first).to_contain_text("emergency services")


def test_not_sure_takes_the_safer_path_and_says_so(page, base, table):
    """Not sure on the legal-demand question is taken as a demand, and the result says which answer was assumed."""
    page.goto(base + "helper/?danger=no")
    choose(page, "demand", "unsure")
    expect_rule(page, "R03")
    assert query(page) == {"danger": "no", "demand": "unsure"}
    notice = page.locator("[data-helper-unsure]")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(table.question("demand").question)
    expect(notice).to_contain_text(table.question("demand").value("yes").label)


def test_changing_an_earlier_answer_in_place_drops_the_answers_it_no_longer_needs(page, base, table):
    """Change from the result goes back to the question; a new route drops the later answers from form and address."""
    page.goto(base + "helper/" + helper_query(GROUP_BREACH))
    expect_rule(page, decide(table, GROUP_BREACH).id)
    page.get_by_role("button", name=f"Change your answer to: {table.question('danger').question}").click()
    assert page.evaluate("() => document.activeElement.name") == "danger"
    choose(page, "danger", "possibly")
    expect_rule(page, "R02")
    assert query(page) == {"danger": "possibly"} and checked(page) == {"danger": "possibly"}


def test_back_button_restores_the_previous_answers(page, base, table):
    """Back undoes the last answered question; changing one answer twice in a row is one step."""
    facts = GROUP_BREACH
    page.goto(base + "helper/")
    for question_id, value_id in facts.items():
        choose(page, question_id, value_id)
    first = decide(table, facts).id
    expect_rule(page, first)
    # Careless instead of deliberate: serious harm either way, a different rule, no new question.
    changed = {**facts, "intent": "careless"}
    choose(page, "intent", "accidental")
    choose(page, "intent", "careless")
    expect_rule(page, decide(table, changed).id)
    assert decide(table, changed).id != first
    page.go_back()
    expect_rule(page, first)
    assert checked(page) == facts and query(page) == facts
    page.go_back()
    expect(page.locator(RESULT)).to_be_hidden()
    assert checked(page) == dict(list(facts.items())[:-1])  # the last answer given is undone
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
        partial = dict(list(ORGANISATION_AGAIN.items())[:-1])  # the last question left unanswered
        page.goto(base + "helper/" + helper_query(partial))
        expect(page.locator(STATUS)).to_contain_text("Next:")
        assert page.evaluate("scrollY") == 0
    watch.assert_clean()


def test_clear_answers_empties_form_and_address(page, base, table):
    """Clear answers removes every answer and the query, and returns focus to the first question."""
    facts = OWN_STORY
    page.goto(base + "helper/" + helper_query(facts))
    expect_rule(page, decide(table, facts).id)
    page.get_by_role("button", name="Clear answers").click()
    assert checked(page) == {} and urlsplit(page.url).query == ""
    expect(page.locator(RESULT)).to_be_hidden()
    expect(page.locator(STATUS)).to_have_text(f"Next: {table.questions[0].question}")
    assert page.evaluate("() => document.activeElement.name") == "danger"
    page.go_back()
    expect_rule(page, decide(table, facts).id)


# --- keyboard and screen readers -----------------------------------------------


def test_keyboard_alone_reaches_a_result(page, base, table):
    """Tab to each question as it appears, arrow keys to pick an answer: the result appears, focus stays visible."""
    page.goto(base + "helper/")
    for _ in range(100):
        if page.evaluate("() => document.activeElement.name") == "danger":
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("Tab never reached the first question")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused radio shows no focus outline"
    # Down from the first option of "danger" lands on "possibly", which decides at once.
    page.keyboard.press("ArrowDown")
    expect_rule(page, "R02")
    assert checked(page) == {"danger": "possibly"}
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.name") == "demand"
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    assert checked(page) == {"danger": "no", "demand": "no"}
    expect(page.locator(STATUS)).to_have_text(f"2 answered. Next: {table.question('crime').question}")


def test_controls_are_labelled_and_the_result_is_announced_politely(page, base, table):
    """Each fieldset's legend is its question, help is tied by aria-describedby, the status is a polite live region."""
    page.goto(base + "helper/" + helper_query(GROUP_BREACH))
    for q in table.questions:
        if q.id not in GROUP_BREACH:
            continue
        group = page.get_by_role("group", name=q.question)
        expect(group).to_be_visible()
        help_id = group.get_attribute("aria-describedby")
        expect(page.locator(f"#{help_id}")).to_have_text(q.help)
        for value in q.values:
            expect(group.get_by_role("radio", name=value.label, exact=True)).to_have_count(1)
        expect(group.get_by_role("radio", name="Not sure", exact=True)).to_have_count(1)
    status = page.locator(STATUS)
    assert status.get_attribute("aria-live") == "polite" and status.get_attribute("role") == "status"
    expect(page.get_by_role("button", name="Clear answers")).to_be_visible()


# --- without JavaScript, and arriving by links -------------------------------------


def test_without_javascript_the_full_model_shows_instead(chromium, base, table):
    """With scripting off every question and every decision's table is visible, and the form is not."""
    with open_page(chromium, base, java_script_enabled=False) as (page, watch):
        page.goto(base + "helper/")
        expect(page.locator("table.decision-table")).to_have_count(len(table.decisions))
        expect(page.locator("table.decision-table tbody tr")).to_have_count(sum(len(d.rules) for d in table.decisions))
        expect(page.locator(".dt-questions > li")).to_have_count(len(table.questions))
        expect(page.locator("table.decision-table").first).to_be_visible()
        expect(page.locator("[data-helper-app]")).to_be_hidden()
    assert watch.foreign == []


def test_with_javascript_the_tables_give_way_to_the_form(page, base):
    """With scripting on the form shows and the fallback tables are hidden."""
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
    slug, scenario = next((s, sc) for s, sc in sorted(real_site_data.scenarios.items()) if sc.table == TABLE and "harm" in sc.facts)
    for question_id, value_id in scenario.facts.items():
        choose(page, question_id, value_id)
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
    other = "none" if scenario.facts["harm"] != "none" else "serious"
    choose(page, "harm", other)
    if walk(table, {**checked(page), "harm": other}).pending == "engagement":  # asked only where it matters
        choose(page, "engagement", "one-to-one")
    expect_rule(page, decide(table, checked(page)).id)
