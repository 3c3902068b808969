"""The site in a real headless Chromium: boosted pagination, the back button, the header's
search as you type, no console errors, no request to another host, and screenshots."""

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


def type_in_header_search(page, text):
    page.wait_for_function("() => window.htmx !== undefined")
    page.get_by_role("searchbox", name="Search posts").press_sequentially(text, delay=40)


@pytest.mark.parametrize("start", ["/", "/posts/what-is-peer-support", "/search"])
def test_typing_in_the_header_search_shows_results_without_enter_or_reload(page, watch, start):
    page.goto(start)
    assert page.get_by_role("searchbox").count() == 1
    assert page.get_by_role("search").count() == 1
    mark_document(page)
    type_in_header_search(page, "enterovir")
    page.wait_for_url(re.compile(r"/search\?q=enterovir$"))
    results = page.locator("#main #search-results")
    results.get_by_role("link", name="Enteroviral Infection in ME/CFS").wait_for()
    assert results.locator("mark").count() >= 1
    assert same_document(page), "the search reloaded the page"
    assert page.title().startswith("“enterovir” · Search")
    assert page.evaluate("document.activeElement.id") == "site-search"
    # The status line is filled once htmx has settled the swap: wait for it, do not race it.
    found = page.get_by_role("status").filter(has_text="1 post found")
    found.wait_for(state="attached")
    assert found.count() == 1
    # Still one box, and the results page's own content replaced what was there.
    assert page.get_by_role("searchbox").count() == 1
    assert page.locator("h1").all_inner_texts() == ["Search"]
    box = page.get_by_role("searchbox", name="Search posts")
    box.fill("zzzxqj")
    box.press("End")
    box.press_sequentially("q", delay=10)
    page.locator("#main").get_by_text("Nothing found").wait_for()
    page.wait_for_url(re.compile(r"/search\?q=zzzxqjq$"))
    assert same_document(page)
    assert watch.errors == [] and watch.foreign == []


def test_back_after_typing_a_search_returns_to_the_page_searched_from(page, watch):
    page.goto("/posts/what-is-peer-support")
    type_in_header_search(page, "gard")
    page.wait_for_url(re.compile(r"/search\?q=gard$"))
    page.locator("#search-results .entry").first.wait_for()
    # Refining the search replaces its history entry rather than adding one per pause.
    page.get_by_role("searchbox").press_sequentially("ening", delay=40)
    page.wait_for_url(re.compile(r"/search\?q=gardening$"))
    page.locator("#main").get_by_text("8 posts found").wait_for()
    page.go_back()
    page.wait_for_url(re.compile(r"/posts/what-is-peer-support$"))
    page.get_by_role("heading", level=1, name="What is Peer Support?").wait_for()
    assert page.locator("#search-results").count() == 0
    assert page.get_by_role("searchbox").input_value() == ""
    page.go_forward()
    page.wait_for_url(re.compile(r"/search\?q=gardening$"))
    page.locator("#main").get_by_text("8 posts found").wait_for()
    assert page.get_by_role("searchbox").count() == 1
    assert watch.errors == [] and watch.foreign == []


def test_enter_in_the_header_search_opens_the_search_page(page, watch):
    page.goto("/?page=2")
    page.wait_for_function("() => window.htmx !== undefined")
    page.get_by_role("searchbox").fill("gardening")
    page.get_by_role("searchbox").press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=gardening$"))
    page.locator("#main").get_by_text("8 posts found").wait_for()
    assert page.get_by_role("searchbox").input_value() == "gardening"
    assert page.get_by_role("searchbox").count() == 1
    assert watch.errors == [] and watch.foreign == []


def test_search_without_javascript_submits_to_the_search_page(browser, server):
    context = browser.new_context(base_url=server.base, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/posts/what-is-peer-support")
        page.get_by_role("searchbox").fill("gardening")
        page.get_by_role("button", name="Search").click()
        page.wait_for_url(re.compile(r"/search\?q=gardening$"))
        assert page.locator("#search-results .entry").count() == 3
        assert page.get_by_role("navigation", name="Result pages").count() == 1
        page.get_by_role("link", name="Next →").click()
        page.wait_for_url(re.compile(r"/search\?q=gardening&page=2$"))
        assert page.locator("#search-results .entry").count() >= 1
    finally:
        context.close()


def test_no_console_error_on_any_page(page, watch):
    for url in ["/", "/?page=2", "/posts/what-is-peer-support", "/search", "/search?q=peer"]:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.querySelector('link[rel=icon]') !== null"), url
    response = page.goto("/no-such-page")
    assert response.status == 404
    # The 404 itself is the one console message a browser logs there; nothing else is.
    assert [e for e in watch.errors if "404" not in e] == []
    watch.errors.clear()
    icon = page.request.get("/favicon.ico")
    assert icon.status == 200 and icon.headers["content-type"] == "image/x-icon"
    assert watch.errors == [] and watch.foreign == []


def test_hostile_search_input_is_harmless(page, watch):
    page.goto('/search?q="<script>alert(1)</script>(*')
    assert page.locator("#search-results").inner_text()
    assert watch.dialogs == [] and watch.errors == []


def test_screenshots_of_listing_post_and_search_at_phone_and_desktop_width(page, watch):
    for width, height, label in ((390, 844, "phone"), (1280, 900, "desktop")):
        page.set_viewport_size({"width": width, "height": height})
        page.goto("/")
        assert screenshot(page, f"listing-{label}").stat().st_size > 5000
        page.goto("/posts/what-is-peer-support")
        assert screenshot(page, f"post-{label}").stat().st_size > 5000
        # Nothing overflows sideways on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        type_in_header_search(page, "support")
        page.locator("#search-results .entry").first.wait_for()
        assert screenshot(page, f"search-{label}").stat().st_size > 5000
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # The listing with one post's share bar opened in place.
        page.goto("/")
        page.wait_for_function("() => window.htmx !== undefined")
        page.locator(".entry__share").first.click()
        page.locator(".entry .share-bar").first.wait_for()
        assert screenshot(page, f"listing-share-{label}").stat().st_size > 5000
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    # A few readers share, so the most shared posts have something to show.
    for slug, network, readers in (
        ("enteroviral-infection-in-me-cfs", "email", 3),
        ("what-is-peer-support", "bluesky", 2),
    ):
        for n in range(readers):
            page.request.post(
                f"/posts/{slug}/share/{network}",
                headers={"User-Agent": f"screenshot reader {n}", "HX-Request": "true"},
            )
    page.goto("/popular")
    assert page.locator(".entry").count() >= 2
    assert screenshot(page, "popular-desktop").stat().st_size > 5000
    page.emulate_media(color_scheme="dark")
    page.goto("/posts/what-is-peer-support")
    assert screenshot(page, "post-dark-desktop").stat().st_size > 5000
    assert watch.errors == [] and watch.foreign == []


def test_related_posts_end_a_post_at_phone_and_desktop_width_in_both_schemes(page, watch):
    fair = "we-had-a-wonderful-day-at-ubcs-allies-in-health-community-and-patient-fair"
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for width, height, label in ((390, 844, "phone"), (1280, 900, "desktop")):
            page.set_viewport_size({"width": width, "height": height})
            page.goto(f"/posts/{fair}")
            related = page.locator("#related")
            assert related.locator("h2").inner_text() == "More like this"
            first = related.locator("li a").first
            assert first.get_attribute("href") == (
                "/posts/over-35-community-organizations-with-a-vast-range-of-services"
            )
            related.scroll_into_view_if_needed()
            assert screenshot(page, f"post-related-{scheme}-{label}").stat().st_size > 5000
            assert page.evaluate("document.documentElement.scrollWidth") <= width
    # The audited post page shows the block too, so the audits cover it.
    page.goto("/posts/what-is-peer-support")
    assert page.locator("#related li").count() >= 1
    # A plain link: following it needs no script.
    page.goto(f"/posts/{fair}")
    page.locator("#related li a").first.click()
    page.wait_for_url("**/posts/over-35-community-organizations-with-a-vast-range-of-services")
    assert watch.errors == [] and watch.foreign == []


def test_keyboard_users_get_a_skip_link_and_visible_focus(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
