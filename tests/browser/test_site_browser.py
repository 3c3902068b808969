"""The site in a real headless Chromium: boosted pagination, the back button, search as you
type, no console errors, no request to another host, and screenshots."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

FIRST_PAGE = ["What is Peer Support?", "Enteroviral Infection in ME/CFS"]


def entry_titles(page):
    return page.locator("#post-list .entry__title").all_inner_texts()


def mark_document(page):
    """A flag on the window that a full page load would wipe out."""
    page.evaluate("window.__sameDocument = true")


def same_document(page) -> bool:
    return page.evaluate("window.__sameDocument === true")


def test_boosted_pagination_swaps_the_list_and_the_back_button_restores_it(page, watch):
    page.goto("/")
    assert entry_titles(page)[:2] == FIRST_PAGE
    page.wait_for_function("() => window.htmx !== undefined")
    mark_document(page)
    page.get_by_role("link", name="Older →").click()
    page.wait_for_url(re.compile(r"/\?page=2$"))
    page.wait_for_function("() => !document.body.innerText.includes('What is Peer Support?')")
    assert entry_titles(page)[0].startswith("Over 35 community organizations")
    assert same_document(page), "pagination reloaded the page instead of swapping the list"
    assert page.title().startswith("Page 2")

    page.get_by_role("link", name="Page 4").click()
    page.wait_for_url(re.compile(r"/\?page=4$"))
    page.wait_for_function(
        "() => document.querySelector('#post-list a[aria-current=page]').innerText === '4'"
    )

    page.go_back()
    page.wait_for_url(re.compile(r"/\?page=2$"))
    page.wait_for_function(
        "() => document.body.innerText.includes('Over 35 community organizations')"
    )
    page.go_back()
    page.wait_for_url(re.compile(r"/$"))
    page.wait_for_function("() => document.body.innerText.includes('What is Peer Support?')")
    assert entry_titles(page)[:2] == FIRST_PAGE
    assert watch.errors == [] and watch.foreign == []


def test_a_pushed_url_loaded_directly_is_the_full_page(page, watch):
    page.goto("/?page=3")
    assert page.locator("header.site-header").count() == 1
    assert page.locator("#post-list").count() == 1
    page.reload()
    assert page.locator("header.site-header").count() == 1
    assert watch.errors == []


def test_search_updates_results_as_you_type(page, watch):
    page.goto("/search")
    page.wait_for_function("() => window.htmx !== undefined")
    mark_document(page)
    page.locator("#search-q").press_sequentially("enterovir", delay=40)
    page.wait_for_url(re.compile(r"/search\?q=enterovir"))
    results = page.locator("#search-results")
    results.get_by_role("link", name="Enteroviral Infection in ME/CFS").wait_for()
    assert results.locator("mark").count() >= 1
    assert same_document(page)
    page.locator("#search-q").fill("zzzxqj")
    page.locator("#search-q").press("End")
    page.locator("#search-q").press_sequentially("q", delay=10)
    page.get_by_text("Nothing found").wait_for()
    page.goto("/search?q=gardening")
    assert page.locator("#search-results .entry").count() == 3
    assert watch.errors == [] and watch.foreign == []


def test_hostile_search_input_is_harmless(page, watch):
    page.goto('/search?q="<script>alert(1)</script>(*')
    assert page.locator("#search-results").inner_text()
    assert watch.dialogs == [] and watch.errors == []


def test_screenshots_of_listing_and_post_at_phone_and_desktop_width(page, watch):
    for width, height, label in ((390, 844, "phone"), (1280, 900, "desktop")):
        page.set_viewport_size({"width": width, "height": height})
        page.goto("/")
        assert screenshot(page, f"listing-{label}").stat().st_size > 5000
        page.goto("/posts/what-is-peer-support")
        assert screenshot(page, f"post-{label}").stat().st_size > 5000
        # Nothing overflows sideways on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert watch.errors == [] and watch.foreign == []


def test_keyboard_users_get_a_skip_link_and_visible_focus(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
