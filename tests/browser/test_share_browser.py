"""The share bar in a real headless Chromium."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser


def count(page, network):
    return int(page.locator(f'.share-bar [data-share-count="{network}"]').inner_text())


def wait_for_count(page, network, value):
    page.wait_for_function(
        "([name, value]) => document.querySelector("
        "`.share-bar [data-share-count=${name}]`).innerText === value",
        arg=[network, str(value)],
    )


def open_post(page, slug="what-is-peer-support"):
    page.goto(f"/posts/{slug}")
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate("window.__sameDocument = true")


def test_a_press_opens_the_share_tab_and_updates_the_count_in_place(page, context, server, watch):
    open_post(page)
    before = count(page, "facebook")
    with context.expect_page() as new_tab:
        page.locator(".share-bar .share--facebook button").click()
    tab = new_tab.value
    tab.wait_for_load_state()
    target = urlsplit(tab.url)
    assert target.netloc == "www.facebook.com"
    assert parse_qs(target.query)["u"] == [f"{server.base}/posts/what-is-peer-support"]
    wait_for_count(page, "facebook", before + 1)
    assert page.url.endswith("/posts/what-is-peer-support")
    assert page.evaluate("window.__sameDocument === true"), "the press reloaded the page"
    assert watch.errors == []
    # The only request that left the site is the share tab itself.
    assert [urlsplit(u).netloc for u in watch.foreign] == ["www.facebook.com"]


def test_copy_link_puts_the_url_on_the_clipboard_and_says_so(page, context, server, watch):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.base)
    open_post(page, "enteroviral-infection-in-me-cfs")
    before = count(page, "copy")
    page.locator(".share-bar .share--copy button").click()
    status = page.locator(".share-bar [data-share-status]")
    status.get_by_text("Link copied").wait_for()
    assert status.get_attribute("aria-live") == "polite"
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{server.base}/posts/enteroviral-infection-in-me-cfs"
    wait_for_count(page, "copy", before + 1)
    assert watch.errors == [] and watch.foreign == []


def test_mastodon_asks_for_the_instance_and_opens_its_page_in_a_new_tab(
    page, context, server, watch
):
    slug = "we-had-a-wonderful-day-at-ubcs-allies-in-health-community-and-patient-fair"
    open_post(page, slug)
    before = count(page, "mastodon")
    page.once("dialog", lambda dialog: dialog.accept("evil.example/phish"))
    page.locator(".share-bar .share--mastodon button").click()
    alert = page.locator(".share-bar .share--mastodon [role=alert]")
    alert.wait_for()
    assert "Mastodon server" in alert.inner_text()
    assert count(page, "mastodon") == before
    assert watch.foreign == [] and len(context.pages) == 1

    page.once("dialog", lambda dialog: dialog.accept("Mastodon.Social"))
    with context.expect_page() as new_tab:
        page.locator(".share-bar .share--mastodon button").click()
    tab = new_tab.value
    tab.wait_for_load_state()
    target = urlsplit(tab.url)
    assert (target.netloc, target.path) == ("mastodon.social", "/share")
    assert parse_qs(target.query)["text"][0].endswith(f"{server.base}/posts/{slug}")
    wait_for_count(page, "mastodon", before + 1)
    assert page.url.endswith(f"/posts/{slug}") and page.evaluate("window.__sameDocument === true")
    assert [urlsplit(u).netloc for u in watch.foreign] == ["mastodon.social"]
    assert watch.errors == []


def test_a_closed_mastodon_prompt_opens_nothing_and_counts_nothing(page, context):
    open_post(page)
    before = count(page, "mastodon")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator(".share-bar .share--mastodon button").click()
    page.wait_for_timeout(300)
    assert count(page, "mastodon") == before and len(context.pages) == 1


SHEET = ".share-bar .share--native"


def test_the_share_sheet_button_shows_only_where_the_browser_has_a_sheet(browser, server):
    for script, shown in (
        ("delete Navigator.prototype.share", False),
        ("Navigator.prototype.share = () => Promise.resolve()", True),
    ):
        context = browser.new_context(base_url=server.base)
        context.add_init_script(script)
        page = context.new_page()
        open_post(page)
        assert page.locator(SHEET).is_visible() is shown, script
        context.close()
    context = browser.new_context(base_url=server.base, java_script_enabled=False)
    page = context.new_page()
    page.goto("/posts/what-is-peer-support")
    assert page.locator(SHEET).count() == 1 and not page.locator(SHEET).is_visible()
    context.close()


@pytest.mark.parametrize("outcome", ["shared", "closed"])
def test_a_sheet_press_counts_only_when_the_sheet_shared(browser, server, outcome):
    result = (
        "Promise.resolve()"
        if outcome == "shared"
        else "Promise.reject(new DOMException('', 'AbortError'))"
    )
    context = browser.new_context(base_url=server.base)
    context.add_init_script(f"Navigator.prototype.share = () => {result}")
    try:
        page = context.new_page()
        open_post(page, "enteroviral-infection-in-me-cfs")
        before = count(page, "native")
        page.locator(f"{SHEET} button").click()
        if outcome == "shared":
            wait_for_count(page, "native", before + 1)
        else:
            page.wait_for_timeout(500)
            assert count(page, "native") == before
        assert page.evaluate("window.__sameDocument === true")
    finally:
        context.close()


def test_share_buttons_work_by_keyboard_and_have_names(page):
    open_post(page)
    button = page.get_by_role("button", name=re.compile(r"^Reddit \d+ shares?$"))
    assert button.count() == 1
    button.focus()
    before = count(page, "reddit")
    with page.context.expect_page():
        page.keyboard.press("Enter")
    wait_for_count(page, "reddit", before + 1)


def test_the_listing_share_control_opens_the_bar_in_place_and_a_press_counts(page, watch):
    page.goto("/")
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate("window.__sameDocument = true")
    entry = page.locator(".entry").first
    total = entry.locator("[data-share-total]")
    before = int(total.inner_text().split()[0])
    assert entry.locator("form").count() == 0  # the listing is light: no bars until asked
    entry.get_by_role("link", name=re.compile(r"^Share ")).click()
    bar = entry.locator(".share-bar")
    bar.wait_for()
    assert bar.locator("form").count() >= 9
    assert page.evaluate("document.activeElement.classList.contains('share-bar')")
    # Other tests of the session may have pressed this post's button already.
    pressed = int(bar.locator(".share--bluesky [data-share-count]").inner_text())
    with page.context.expect_page():
        bar.locator(".share--bluesky button").click()
    page.wait_for_function(
        "([selector, value]) => document.querySelector(selector).innerText === value",
        arg=[".entry .share--bluesky [data-share-count]", str(pressed + 1)],
    )
    # The post's total follows, in the entry and in the bar's heading.
    expected = f"{before + 1} share" + ("" if before + 1 == 1 else "s")
    page.wait_for_function(
        "([value]) => [...document.querySelectorAll('.entry:first-child [data-share-total]')]"
        ".every(e => e.innerText === value)",
        arg=[expected],
    )
    assert entry.locator("[data-share-total]").count() == 2
    assert page.url.rstrip("/").endswith(page.evaluate("location.host"))
    assert page.evaluate("window.__sameDocument === true"), "the press reloaded the page"
    assert watch.errors == []


def test_without_javascript_the_share_control_leads_to_the_posts_bar(browser, server):
    context = browser.new_context(base_url=server.base, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/")
        page.locator(".entry").first.get_by_role("link", name=re.compile(r"^Share ")).click()
        page.wait_for_url(re.compile(r"/posts/[^#]+#share-\d+$"))
        anchor = urlsplit(page.url).fragment
        bar = page.locator(f"#{anchor}")
        assert bar.get_attribute("class") == "share-bar"
        assert bar.locator("form button").count() >= 9
    finally:
        context.close()
