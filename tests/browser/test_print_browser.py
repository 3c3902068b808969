"""On paper and in a shared link, in a real headless Chromium: a printed post is its title,
its text, its address and the site's name, black on white in either colour scheme; a printed
listing is its titles with their addresses; the share cards the pages name load as pictures.
Writes screenshots of a printed post and of two cards."""

from __future__ import annotations

import re

import pytest
from PIL import Image, ImageDraw

from tests.browser.conftest import ARTIFACTS, screenshot

pytestmark = pytest.mark.browser

POST = "/posts/what-is-peer-support"
# An A4 page at 96 pixels an inch.
A4 = {"width": 794, "height": 1123}


@pytest.fixture
def paper(page):
    page.set_viewport_size(A4)
    page.emulate_media(media="print")
    return page


def visible(page, selector: str) -> bool:
    found = page.locator(selector)
    return found.count() > 0 and found.first.is_visible()


def test_a_printed_post_is_its_title_text_address_and_the_sites_name(paper, server, watch):
    paper.goto(POST)
    assert visible(paper, "#post-title") and visible(paper, ".post__body")
    assert "Peer Support for those living with" in paper.locator(".post__body").inner_text()
    assert visible(paper, ".site-name")
    address = paper.locator(".post__address")
    assert address.is_visible()
    assert address.inner_text() == f"Peer Voices: {server.base}{POST}"
    for gone in (".share-bar", "#site-search", ".search-form", ".post-nav", ".site-footer"):
        assert not visible(paper, gone), f"{gone} is printed"
    # On screen the address stays out of the way.
    paper.emulate_media(media="screen")
    assert not address.is_visible()
    assert visible(paper, ".share-bar") and visible(paper, "#site-search")
    assert watch.errors == [] and watch.foreign == []


def test_screenshot_of_a_printed_post(paper, watch):
    """The post with a link, laid on an A4 sheet with the stylesheet's page margins (a
    screenshot has none of its own)."""
    sheet, margin = A4["width"], 60  # 16 mm at 96 pixels an inch, as @page says
    paper.set_viewport_size({"width": sheet - 2 * margin, "height": A4["height"]})
    paper.goto("/posts/enteroviral-infection-in-me-cfs")
    assert visible(paper, ".post__address") and visible(paper, ".post__body a")
    path = screenshot(paper, "post-print")
    paper.screenshot(path=str(path), full_page=True)
    printed = Image.open(path)
    page = Image.new("RGB", (sheet, max(A4["height"], printed.height + 2 * margin)), "white")
    page.paste(printed, (margin, margin))
    ImageDraw.Draw(page).rectangle((0, 0, page.width - 1, page.height - 1), outline="#999999")
    page.save(path)
    assert path.stat().st_size > 5000
    assert watch.errors == [] and watch.foreign == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_print_is_black_on_white_whatever_the_colour_scheme(browser, server, scheme):
    context = browser.new_context(base_url=server.base, viewport=A4, color_scheme=scheme)
    try:
        page = context.new_page()
        page.emulate_media(media="print")
        page.goto(POST)
        colours = page.evaluate(
            """() => ['body', '#post-title', '.post__body p', '.site-name a', '.post__address']
                     .map(s => getComputedStyle(document.querySelector(s)).color)"""
        )
        assert set(colours) == {"rgb(0, 0, 0)"}
        backgrounds = page.evaluate(
            """() => [document.documentElement, document.body]
                     .map(e => getComputedStyle(e).backgroundColor)"""
        )
        assert set(backgrounds) <= {"rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"}
    finally:
        context.close()


def test_printed_lines_do_not_break_inside_an_item_or_after_a_heading(paper):
    paper.goto(POST)
    rules = paper.evaluate(
        """() => ({li: getComputedStyle(document.querySelector('li')).breakInside,
                   h1: getComputedStyle(document.querySelector('h1')).breakAfter})"""
    )
    assert rules == {"li": "avoid", "h1": "avoid"}


def test_a_printed_listing_is_its_titles_with_their_addresses(paper, server):
    paper.goto("/")
    entries = paper.locator("#post-list .entry")
    assert entries.count() == 3
    for n in range(entries.count()):
        entry = entries.nth(n)
        slug = entry.locator(".entry__title a").get_attribute("href")
        assert entry.locator(".entry__title").is_visible()
        assert entry.locator(".entry__address").inner_text() == server.base + slug
        assert not entry.locator(".entry__excerpt").is_visible()
        assert not entry.locator(".entry__share").is_visible()
    assert not visible(paper, ".pagination")
    assert not visible(paper, "#site-search")
    paper.emulate_media(media="screen")
    assert visible(paper, ".pagination") and not visible(paper, ".entry__address")


def test_a_printed_link_shows_its_address(paper):
    # The error page's link back to the listing, on paper, says where it goes.
    paper.goto("/no-such-page")
    after = paper.evaluate(
        "() => getComputedStyle(document.querySelector('main a'), '::after').content"
    )
    assert after == '" (/)"'


def test_the_cards_the_pages_name_load_as_pictures_of_1200_by_630(page, watch):
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    names = {
        POST: "card-post",
        "/posts/enteroviral-infection-in-me-cfs": "card-post-2",
        "/": "card-site",
    }
    seen = set()
    for path, name in names.items():
        page.goto(path)
        url = page.locator('meta[property="og:image"]').get_attribute("content")
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/.*card-[0-9a-f]{16}\.png", url)
        size = page.evaluate(
            """async url => { const image = new Image(); image.src = url; await image.decode();
                              return [image.naturalWidth, image.naturalHeight]; }""",
            url,
        )
        assert size == [1200, 630]
        body = page.request.get(url).body()
        assert body.startswith(b"\x89PNG") and body not in seen
        seen.add(body)
        (shots / f"{name}.png").write_bytes(body)
    assert watch.errors == [] and watch.foreign == []
