"""Reading choices in a real headless Chromium: a chosen category folds its posts' text and
excerpts (never painted, on a first load, after an htmx swap or on Back), a button shows each
again, other categories are untouched, and the choices cost no cookie and no request."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import Server, screenshot
from tests.browser.test_audits import WIDTHS, axe_violations
from tests.care_dump import BROTHER, EATING, GARDEN, ROSES, care_dump

pytestmark = pytest.mark.browser

# Records, as each element that may be folded enters the page, whether it would be painted
# (its computed display) under the reader's choices: before any later script could hide it.
PAINT_WATCH = """
window.__painted = [];
new MutationObserver((records) => {
  const fold = (document.documentElement.getAttribute("data-fold") || "").split(" ");
  for (const record of records) {
    for (const node of record.addedNodes) {
      if (node.nodeType !== 1) continue;
      const found = [node, ...node.querySelectorAll("[data-folds]")];
      for (const el of found) {
        if (!el.matches("[data-folds]:not(.fold-toggle)")) continue;
        const chosen = el.getAttribute("data-folds").split(" ").some((k) => fold.includes(k));
        if (chosen) window.__painted.push([el.id, getComputedStyle(el).display]);
      }
    }
  }
}).observe(document, { childList: true, subtree: true });
"""


@pytest.fixture(scope="module")
def care_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("care-site")
    dump = tmp / "care.txt"
    dump.write_text(care_dump(), encoding="utf-8")
    server = Server(tmp, [dump])
    yield server
    server.stop()


@pytest.fixture
def reader(browser, care_server):
    context = browser.new_context(base_url=care_server.base)
    context.add_init_script(PAINT_WATCH)
    page = context.new_page()
    page.set_default_timeout(10_000)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    yield page, context, requests
    context.close()


def choose(page, requests, *labels: str):
    page.goto("/choices", wait_until="networkidle")
    before = len(requests)
    for label in labels:
        page.get_by_label(label).check()
    page.wait_for_function("() => document.documentElement.hasAttribute('data-fold')")
    assert len(requests) == before, "saving a choice sent a request"


def folded(page) -> list:
    return page.evaluate("window.__painted")


def test_a_chosen_category_folds_its_post_and_a_button_shows_it(reader):
    page, context, requests = reader
    choose(page, requests, "Suicide")
    assert page.evaluate("localStorage.getItem('fold')") == "suicide"
    assert context.cookies() == []

    page.goto(f"/posts/{BROTHER}")
    note = page.locator("#content-note")
    assert note.is_visible() and note.get_attribute("data-notes") == "suicide death"
    assert page.locator("#post-title").is_visible()
    body = page.locator("#post-body")
    assert not body.is_visible()
    assert {tuple(seen) for seen in folded(page)} == {("post-body", "none")}, "it was painted"
    toggle = page.get_by_role("button", name="Show the post")
    assert toggle.get_attribute("aria-expanded") == "false"
    screenshot(page, "post-folded")
    toggle.click()
    assert body.is_visible()
    assert (
        page.get_by_role("button", name="Fold the post again").get_attribute("aria-expanded")
        == "true"
    )
    page.get_by_role("button", name="Fold the post again").click()
    assert not body.is_visible()
    assert context.cookies() == []


def test_other_categories_and_unnoted_posts_are_untouched(reader):
    page, _, requests = reader
    choose(page, requests, "Suicide")
    for slug in (EATING, GARDEN, ROSES):
        page.goto(f"/posts/{slug}")
        assert page.locator("#post-body").is_visible(), slug
        assert page.locator('.fold-toggle[aria-controls="post-body"]:visible').count() == 0, slug


def test_listing_search_and_back_never_paint_a_folded_excerpt(reader):
    page, _, requests = reader
    choose(page, requests, "Eating disorders", "Death, dying or grief")
    page.goto("/")

    def excerpt(slug):
        return page.locator(f'.entry:has(a[href="/posts/{slug}"]) .entry__excerpt')

    # Page 1 holds the three noted posts, all of a chosen category; their notes show.
    for slug in (BROTHER, ROSES, EATING):
        assert excerpt(slug).count() == 1 and not excerpt(slug).is_visible(), slug
    assert page.locator(f'.entry:has(a[href="/posts/{EATING}"]) .note').is_visible()
    # Page 2 through the boosted pagination (an htmx swap): its unnoted posts show.
    page.wait_for_function("() => window.htmx !== undefined")
    page.get_by_role("link", name="Older →").click()
    page.wait_for_url(re.compile(r"/\?page=2$"))
    excerpt(GARDEN).wait_for()
    assert excerpt(GARDEN).is_visible()
    page.go_back()
    page.wait_for_url(re.compile(r"/$"))
    excerpt(EATING).wait_for(state="attached")
    assert not excerpt(EATING).is_visible()
    # The header's search box: results swapped in by htmx.
    page.wait_for_function("() => window.htmx !== undefined")
    page.fill("#site-search", "eating")
    page.wait_for_url(re.compile(r"/search\?q=eating"))
    page.locator("#search-results .entry").first.wait_for()
    assert not page.locator("#search-results .entry__excerpt").first.is_visible()
    page.go_back()
    page.wait_for_url(re.compile(r"/$"))
    page.locator("#post-list").wait_for()
    assert not page.locator(f'.entry:has(a[href="/posts/{EATING}"]) .entry__excerpt').is_visible()
    assert all(display == "none" for _, display in folded(page)), folded(page)
    assert folded(page), "no folded excerpt was seen entering the page"


def test_a_choice_undone_unfolds_everything(reader):
    page, _, requests = reader
    choose(page, requests, "Suicide")
    page.get_by_label("Suicide").uncheck()
    assert page.evaluate("localStorage.getItem('fold')") is None
    page.goto(f"/posts/{BROTHER}")
    assert page.locator("#post-body").is_visible()


def test_without_javascript_nothing_is_folded_and_notes_show(browser, care_server):
    context = browser.new_context(base_url=care_server.base, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/posts/{BROTHER}")
    assert page.locator("#content-note").is_visible()
    assert page.locator("#post-body").is_visible()
    assert page.locator(".fold-toggle:visible").count() == 0
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_a_noted_post_folded_and_unfolded_passes_axe(browser, care_server, width, scheme):
    w, h = WIDTHS[width]
    context = browser.new_context(
        base_url=care_server.base, viewport={"width": w, "height": h}, color_scheme=scheme
    )
    context.add_init_script("localStorage.setItem('fold', 'suicide death')")
    try:
        page = context.new_page()
        page.goto(f"/posts/{BROTHER}")
        assert not page.locator("#post-body").is_visible()
        found = {"folded": axe_violations(page)}
        screenshot(page, f"post-folded-{width}-{scheme}")
        page.get_by_role("button", name="Show the post").click()
        assert page.locator("#post-body").is_visible()
        found["unfolded"] = axe_violations(page)
        screenshot(page, f"post-unfolded-{width}-{scheme}")
        page.goto("/choices")
        assert page.get_by_label("Suicide").is_checked()
        found["choices"] = axe_violations(page)
        screenshot(page, f"choices-{width}-{scheme}")
    finally:
        context.close()
    assert {state: v for state, v in found.items() if v} == {}


def test_a_printed_post_prints_its_note_and_no_button(reader):
    page, _, requests = reader
    choose(page, requests, "Suicide")
    page.goto(f"/posts/{BROTHER}")
    page.emulate_media(media="print")
    assert page.locator("#content-note").is_visible()
    assert "this post talks about suicide" in page.locator("#content-note").inner_text()
    assert page.locator(".fold-toggle:visible").count() == 0
    assert not page.locator(".content-note__choices").is_visible()
