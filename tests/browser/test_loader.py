"""Material's script on first interaction (macros/lazyjs.py), as readers meet it: phone, keyboard, search, no JavaScript."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import open_page
from tools.localsite import MATERIAL_READY, SiteServer, wake_material

pytestmark = pytest.mark.browser

PAGE = "respond/conversation/"
BUNDLES = "() => document.querySelectorAll('script[src*=\"assets/javascripts/bundle.\"]').length"
PENDING = "() => document.documentElement.classList.contains('md-pending')"
PHONE = dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)


@pytest.fixture
def open_at(chromium: Browser, server: SiteServer) -> Iterator:
    """Opens fresh pages on the build; afterwards none may have asked another host for anything or raised a script error."""
    watches = []
    with ExitStack() as stack:

        def opener(**options) -> Page:
            page, watch = stack.enter_context(open_page(chromium, server.origin, **options))
            watches.append(watch)
            return page

        yield opener
    for watch in watches:
        watch.assert_clean()


def test_page_opens_without_material_and_stays_so_until_the_reader_moves(open_at, server):
    page = open_at(viewport={"width": 1280, "height": 900})
    page.goto(server.url(PAGE), wait_until="networkidle")
    page.wait_for_timeout(500)
    assert page.evaluate(BUNDLES) == 0 and page.evaluate(PENDING)
    # Meanwhile the page reads as Material's no-JS layout: the navigation and the contents are on screen.
    expect(page.locator(".md-sidebar--primary .md-nav__link", has_text="Who to involve").first).to_be_visible()
    expect(page.locator(".md-sidebar--secondary .md-nav__link").first).to_be_visible()
    wake_material(page)
    assert page.evaluate(BUNDLES) == 1
    expect(page.locator(".md-sidebar--primary .md-nav__link", has_text="Who to involve").first).to_be_visible()


def search_is_open(page: Page) -> bool:
    """The search overlay is really on screen: its toggle is on and its box has width and shows."""
    return page.evaluate(
        """() => {
          const box = document.querySelector(".md-search__inner"), style = getComputedStyle(box);
          return document.getElementById("__search").checked && box.getBoundingClientRect().width > 0 && style.opacity !== "0";
        }"""
    )


def hold_bundle(page: Page) -> list:
    """Keep the bundle request waiting, standing for a slow connection; continue_() it to let it through."""
    held = []
    page.context.route("**/assets/javascripts/bundle.*.min.js", lambda route: held.append(route))
    return held


def test_a_phone_reader_can_search_before_material_has_arrived(open_at, server):
    """The search button shows before Material's script; a tap opens search with the box focused and fetches
    the script, and words typed meanwhile are searched once it is here."""
    page = open_at(**PHONE)
    held = hold_bundle(page)
    page.goto(server.url(PAGE), wait_until="networkidle")
    assert page.evaluate(BUNDLES) == 0
    page.tap("label.md-header__button[for='__search']")
    search = page.locator("input.md-search__input")
    expect(search).to_be_focused()
    page.wait_for_timeout(400)  # the overlay's opening transition
    assert search_is_open(page)
    page.keyboard.type("sponsor")
    assert len(held) == 1 and page.evaluate(PENDING), "the bundle arrived before the typing was done"
    held[0].continue_()
    expect(page.locator(".md-search-result__item a").first).to_be_visible()
    assert search.input_value() == "sponsor"
    assert not page.evaluate(PENDING)


def test_search_closed_before_material_arrives_stays_closed(open_at, server):
    page = open_at(**PHONE)
    held = hold_bundle(page)
    page.goto(server.url(PAGE), wait_until="networkidle")
    page.tap("label.md-header__button[for='__search']")
    page.wait_for_timeout(400)
    assert search_is_open(page)
    page.tap("label.md-search__icon[for='__search']")  # the back arrow in the phone's search bar
    page.wait_for_timeout(400)
    assert not search_is_open(page)
    held[0].continue_()
    page.wait_for_function(MATERIAL_READY)
    page.wait_for_timeout(500)
    assert not search_is_open(page), "Material reopened the search the reader had closed"


def test_a_tap_on_search_gets_a_focused_search_box(open_at, server):
    page = open_at(**PHONE)
    page.goto(server.url(PAGE), wait_until="networkidle")
    page.tap("label.md-header__button[for='__search']")
    expect(page.locator("input.md-search__input")).to_be_focused()
    page.keyboard.type("sponsor")
    expect(page.locator(".md-search-result__item a").first).to_be_visible()


def test_a_search_result_link_loads_material_at_once_to_highlight_the_words(open_at, server):
    page = open_at(viewport={"width": 1280, "height": 900})
    page.goto(server.url(PAGE) + "?h=sponsor")
    expect(page.locator("mark[data-md-highlight]").first).to_be_visible()


def test_a_deep_link_lands_on_its_section_and_a_menu_opened_then_stays_open(open_at, server):
    """A link to a section (as in an email) lands on it; Material loads at once, so its section handling is done
    before the reader opens anything, and the menu they open stays open."""
    page = open_at(**PHONE)
    page.goto(server.url(PAGE) + "#what-to-agree-at-the-end")
    page.wait_for_function(MATERIAL_READY)
    heading = page.locator("#what-to-agree-at-the-end")
    top = heading.evaluate("h => h.getBoundingClientRect().top")
    assert 0 <= top < 200, f"the section heading is {top}px down the screen"
    page.tap("label.md-header__button[for='__drawer']")
    page.wait_for_timeout(800)  # Material closes the drawer 125 ms after a section target; it must not
    assert page.locator("#__drawer").is_checked()
    expect(page.locator(".md-sidebar--primary .md-nav__link", has_text="Who to involve").first).to_be_in_viewport()


def test_the_phone_menu_opens_full_height_before_material_arrives(open_at, server):
    page = open_at(**PHONE)
    held = hold_bundle(page)
    page.goto(server.url(PAGE), wait_until="networkidle")
    page.tap("label.md-header__button[for='__drawer']")
    assert len(held) == 1 and page.evaluate(PENDING)
    drawer = page.locator(".md-sidebar--primary")
    page.wait_for_timeout(500)  # the drawer slides in
    assert drawer.evaluate("d => d.getBoundingClientRect().height") >= PHONE["viewport"]["height"] - 1
    expect(page.locator(".md-sidebar--primary .md-nav__link", has_text="Who to involve").first).to_be_in_viewport()
    held[0].continue_()
    page.wait_for_function(MATERIAL_READY)


def test_a_failed_fetch_falls_back_to_no_js_and_a_later_move_tries_again(chromium, server):
    """A failed fetch restores Material's no-JS page; moves in the next seconds (a burst of keys) do not
    use up the retries, and a move after that fetches it again."""
    with open_page(chromium, server.origin, viewport={"width": 1280, "height": 900}) as (page, watch):
        attempts = []

        def fail_once(route):
            attempts.append(route.request.url)
            route.abort() if len(attempts) == 1 else route.continue_()

        page.context.route("**/assets/javascripts/bundle.*.min.js", fail_once)
        page.clock.install()
        page.goto(server.url(PAGE), wait_until="networkidle")
        page.mouse.move(10, 10)
        page.wait_for_function("() => document.documentElement.classList.contains('no-js')")
        assert not page.evaluate(PENDING) and page.evaluate(BUNDLES) == 0
        expect(page.locator(".md-sidebar--primary .md-nav__link", has_text="Who to involve").first).to_be_visible()
        expect(page.locator(".md-search")).to_be_hidden()
        for key in "/sf":
            page.keyboard.press(key)
        page.mouse.move(30, 30)
        assert len(attempts) == 1 and page.evaluate("document.documentElement.classList.contains('no-js')")
        # Back in no-JS mode the loader keeps its hands off the keys: search stays shut.
        assert not page.locator("#__search").is_checked()
        page.clock.fast_forward(6000)
        wake_material(page)
        assert len(attempts) == 2 and page.evaluate(BUNDLES) == 1
        expect(page.locator(".md-search")).to_be_visible()
    # The one failed load is the console error this test causes on purpose.
    assert watch.foreign == []
    assert len(watch.errors) == 1 and "ERR_FAILED" in watch.errors[0], watch.errors


def test_a_search_started_before_material_arrives_keeps_its_words(open_at, server):
    """ "/" then typing, or Enter in the box, while the script is still on its way: the words stay and are searched."""
    page = open_at(viewport={"width": 1280, "height": 900})
    held = hold_bundle(page)
    page.goto(server.url(PAGE), wait_until="networkidle")
    page.keyboard.press("/")
    page.keyboard.type("pol")
    page.keyboard.press("Enter")
    search = page.locator("input.md-search__input")
    assert search.input_value() == "pol" and page.url == server.url(PAGE), "the words were lost or the form was sent"
    assert len(held) == 1 and page.evaluate(PENDING)
    held[0].continue_()
    page.keyboard.type("ice")
    expect(page.locator(".md-search-result__item a").first).to_be_visible()
    assert search.input_value() == "police"


def test_printing_before_material_arrives_opens_collapsed_sections_and_closes_them_after(open_at, server):
    page = open_at(viewport={"width": 1280, "height": 900})
    page.goto(server.url("reference/decision-table/"), wait_until="networkidle")
    closed = page.locator("details:not([open])").count()
    assert closed > 0 and page.evaluate(PENDING)
    page.evaluate("() => dispatchEvent(new Event('beforeprint'))")
    assert page.locator("details:not([open])").count() == 0
    page.evaluate("() => dispatchEvent(new Event('afterprint'))")
    assert page.locator("details:not([open])").count() == closed


def test_a_first_shortcut_key_is_not_lost(open_at, server):
    """Material's "n" goes to the next page; pressed as the very first key, it still does once Material has arrived."""
    page = open_at(viewport={"width": 1280, "height": 900})
    page.goto(server.url(PAGE), wait_until="networkidle")
    page.keyboard.press("n")
    page.wait_for_url("**/respond/who-to-involve/")


def test_keyboard_focus_stays_visible_across_the_arrival(open_at, server):
    """The first Tab starts the loader and lands before Material is there, the next after: both show an outline."""
    page = open_at(viewport={"width": 1280, "height": 900})
    page.goto(server.url(PAGE), wait_until="networkidle")
    focus = "() => { const e = document.activeElement, s = getComputedStyle(e); return [e.className, s.outlineStyle, s.outlineWidth]; }"
    page.keyboard.press("Tab")
    first = page.evaluate(focus)
    page.wait_for_function(MATERIAL_READY)
    page.keyboard.press("Tab")
    second = page.evaluate(focus)
    assert first[0] == "md-skip" and "md-logo" in second[0], (first, second)
    hidden = [s for s in (first, second) if s[1] == "none" or s[2] == "0px"]
    assert not hidden, f"focus not visible on: {hidden}"


def test_without_javascript_the_page_keeps_material_no_js_layout(open_at, server):
    page = open_at(java_script_enabled=False, **PHONE)
    page.goto(server.url(PAGE))
    assert page.locator("html.no-js").count() == 1
    expect(page.locator("label.md-header__button[for='__search']")).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
