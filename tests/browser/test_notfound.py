"""The 404 page and the short links in Chromium, served the way GitHub Pages serves them."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser.support import open_page
from tools.localsite import SiteServer

pytestmark = pytest.mark.browser

OWN_404 = "Failed to load resource: the server responded with a status of 404 (Not Found)"
SUGGESTIONS = "() => [...document.querySelectorAll('.notfound-nearest li a')].map(a => new URL(a.href).pathname)"


def assert_clean_but_the_404(watch) -> None:
    """Chromium logs the missing page's own 404 once; anything else (another failed load, a script error) fails."""
    assert watch.foreign == [], f"requests to other hosts: {watch.foreign}"
    assert watch.errors == [OWN_404], f"script errors or failed loads: {watch.errors}"


def suggestions_for(chromium: Browser, server: SiteServer, typed: str) -> tuple[int, list[str]]:
    """The HTTP status of a mistyped address and the addresses its 404 page suggests, best first."""
    with open_page(chromium, server.origin) as (page, watch):
        response = page.goto(server.origin + server.prefix + typed)
        page.locator(".notfound-nearest li").first.wait_for(timeout=10_000)
        found = page.evaluate(SUGGESTIONS)
    assert_clean_but_the_404(watch)
    assert response is not None, f"no response for {typed}"
    return response.status, found


@pytest.mark.parametrize("typed", ["Respond/First-24-Hours/", "respond/first-24-hours.html", "RESPOND/first-24-hours/index.html"])
def test_case_and_slash_slips_suggest_the_page_first(chromium, server, typed):
    """A missing address answers 404 with the site's page, and the same address but for case or ending comes first."""
    status, found = suggestions_for(chromium, server, typed)
    assert status == 404
    assert found[0] == server.prefix + "respond/first-24-hours/", found


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("respond/frist-24-hours/", "respond/first-24-hours/"),
        ("helpr/", "helper/"),
        ("scenarios/police-ask-for-notes/", "scenarios/police-ask-for-coaching-notes/"),
    ],
)
def test_typing_slips_suggest_the_nearest_published_addresses(chromium, server, typed, expected):
    """A misspelt address lists the page meant among the top three suggestions."""
    status, found = suggestions_for(chromium, server, typed)
    assert status == 404
    assert server.prefix + expected in found[:3], found


def test_404_page_links_home_and_helper_and_its_search_box_searches(chromium, server):
    """The 404 page links the start page and the helper, and words typed in its box are searched by the site search."""
    with open_page(chromium, server.origin, viewport={"width": 1280, "height": 900}) as (page, watch):
        page.goto(server.origin + server.prefix + "no/such/page/")
        hrefs = page.locator("article a").evaluate_all("links => links.map(a => new URL(a.href).pathname)")
        assert server.prefix in hrefs and server.prefix + "helper/" in hrefs
        page.fill("#notfound-query", "sponsor")
        page.press("#notfound-query", "Enter")
        page.locator(".md-search-result__item a").first.wait_for(state="visible", timeout=20_000)
        assert page.locator("input.md-search__input").input_value() == "sponsor"
    assert_clean_but_the_404(watch)


def test_short_link_lands_on_its_page_keeping_the_section(chromium, server):
    """/go/first-24-hours/#section opens the page at that section, with no request to another host."""
    with open_page(chromium, server.origin) as (page, watch):
        page.goto(server.origin + server.prefix + "go/first-24-hours/#check-your-agreement")
        page.wait_for_url("**/respond/first-24-hours/#check-your-agreement")
        assert page.locator("#check-your-agreement").count() == 1
    watch.assert_clean()


@pytest.mark.parametrize("name", ["constructor", "__proto__", "toString"])
def test_a_short_link_with_an_object_property_as_section_still_lands(chromium, server, name):
    """A hash that names a built-in property of JavaScript objects is not a moved section: the page opens as usual."""
    with open_page(chromium, server.origin) as (page, watch):
        page.goto(server.origin + server.prefix + f"go/first-24-hours/#{name}")
        page.wait_for_url(f"**/respond/first-24-hours/#{name}")
        assert page.locator("h1").count() == 1
