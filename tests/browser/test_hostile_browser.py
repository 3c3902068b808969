"""An XSS corpus put through the importer, opened in a real Chromium: no script runs, no dialog
opens, and the Content-Security-Policy has nothing to report."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import Server, Watch
from tests.support import EDGE

pytestmark = pytest.mark.browser

# Collects CSP violations from the first moment of every page, before any page script.
CSP_PROBE = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    server = Server(
        tmp_path_factory.mktemp("hostile"), [EDGE / "xss.txt"], {"POSTS_PER_PAGE": "50"}
    )
    yield server
    server.stop()


@pytest.fixture
def hostile(browser, hostile_server):
    watch = Watch(hostile_server.base)
    context = browser.new_context(base_url=hostile_server.base)
    watch.attach(context)
    context.add_init_script(CSP_PROBE)
    page = context.new_page()

    def any_dialog_is_an_attack(dialog):
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", any_dialog_is_an_attack)
    watch.dialog_handler = any_dialog_is_an_attack
    page.set_default_timeout(10_000)
    yield page, watch, context
    context.close()


def assert_nothing_ran(page, watch, where):
    assert watch.dialogs == [], (where, watch.dialogs)
    assert page.evaluate("() => window.__xss") is None, where
    assert page.evaluate("() => window.__csp") == [], (where, page.evaluate("() => window.__csp"))
    assert watch.errors == [], (where, watch.errors)
    assert watch.foreign == [], (where, watch.foreign)


def test_no_script_runs_on_the_listing_posts_search_and_feed(hostile):
    page, watch, _ = hostile
    page.goto("/")
    page.wait_for_load_state("load")
    titles = page.locator(".entry__title a").all_inner_texts()
    assert len(titles) == 20 and any("<script>" in title for title in titles)
    assert_nothing_ran(page, watch, "/")
    for href in page.locator(".entry__title a").evaluate_all("links => links.map(a => a.href)"):
        page.goto(href)
        page.wait_for_load_state("load")
        assert "<script>" in page.locator("h1").inner_text() or page.locator("h1").inner_text()
        assert_nothing_ran(page, watch, href)
    for query in ("script", "alert onerror", '"><img', "javascript"):
        page.goto(f"/search?q={query}")
        page.wait_for_load_state("load")
        assert_nothing_ran(page, watch, query)
    page.goto("/search")
    page.wait_for_function("() => window.htmx !== undefined")
    page.locator("#site-search").press_sequentially("onerror", delay=20)
    page.wait_for_url(re.compile(r"q=onerror"))
    page.locator("#search-results .entry").first.wait_for()
    assert_nothing_ran(page, watch, "search as you type")
    page.goto("/feed.xml")
    page.wait_for_load_state("load")
    assert watch.dialogs == [] and watch.foreign == []


def test_share_links_of_hostile_posts_lead_only_to_the_network(hostile, hostile_server):
    page, watch, context = hostile
    page.goto("/")
    first = page.locator(".entry__title a").first.get_attribute("href")
    page.goto(first)
    page.wait_for_function("() => window.htmx !== undefined")
    urls = page.locator(".share-bar form[data-share-url]").evaluate_all(
        "forms => forms.map(f => f.getAttribute('data-share-url'))"
    )
    assert urls and all(u.startswith(("https://", "mailto:?")) for u in urls)
    with context.expect_page() as new_tab:
        page.locator(".share-bar .share--x button").click()
    tab = new_tab.value
    tab.wait_for_load_state()
    assert urlsplit(tab.url).netloc == "x.com"
    assert watch.dialogs == []
    # The Mastodon prompt is the one dialog the site opens itself.
    page.remove_listener("dialog", watch.dialog_handler)
    page.once("dialog", lambda dialog: dialog.accept("javascript:alert(1)//mastodon.social"))
    page.locator(".share-bar .share--mastodon button").click()
    page.locator(".share-bar .share--mastodon [role=alert]").wait_for()
    assert page.url.startswith(hostile_server.base)
    assert page.evaluate("() => window.__csp") == []
    assert [urlsplit(u).netloc for u in watch.foreign] == ["x.com"]
