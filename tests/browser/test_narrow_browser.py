"""Readers on phones: at 320 CSS pixels no page is wider than the screen, whatever a title or
a body holds: a pasted URL as a title, a 200-letter word in a title and a body. Every kind of
page is opened in Chromium: the listing, both posts, searches, /popular and an error page."""

from __future__ import annotations

import json
import urllib.request

import pytest

from tests.browser.conftest import Server, flask_cli

pytestmark = pytest.mark.browser

WIDTH = 320
URL_TITLE = (
    "https://community.example.org/resources/2026/peer-support/finding-a-group-near-you"
    "?utm_source=newsletter&utm_medium=email&utm_campaign=winter-gathering-announcements"
)
WORD = "Pneumono" + "ultramicroscopicsilicovolcanoconiosis" * 5 + "x" * 7  # 200 letters


@pytest.fixture(scope="module")
def narrow_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("narrow-site")
    assert len(WORD) == 200
    dump = tmp / "long.txt"
    dump.write_text(
        f"{URL_TITLE}\n\nA link someone pasted as the first line: {URL_TITLE}\n\nWays to Share:\n"
        f"A word of {WORD}\n\n{WORD} {WORD}\n\n- {WORD}\n\nWays to Share:\n",
        encoding="utf-8",
    )
    server = Server(tmp, [dump])
    posts = json.loads(flask_cli(server.env, "posts", "list", "--json"))
    slugs = [post["slug"] for post in posts]
    for slug in slugs:  # so /popular lists both
        request = urllib.request.Request(
            f"{server.base}/posts/{slug}/share/email",
            method="POST",
            headers={"HX-Request": "true", "User-Agent": "narrow test"},
        )
        urllib.request.urlopen(request, timeout=10).close()
    yield server, slugs
    server.stop()


def page_paths(slugs: list[str]) -> list[str]:
    return [
        "/",
        *(f"/posts/{slug}" for slug in slugs),
        f"/search?q={WORD[:40]}",
        "/search?q=" + urllib.request.quote(URL_TITLE, safe=""),
        "/popular",
        "/posts/no-such-post",
    ]


def test_no_page_is_wider_than_a_320_pixel_screen(browser, narrow_site):
    server, slugs = narrow_site
    context = browser.new_context(
        base_url=server.base, viewport={"width": WIDTH, "height": 640}, device_scale_factor=2
    )
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        wide = {}
        for path in page_paths(slugs):
            response = page.goto(path)
            assert response is not None
            assert response.status == (404 if path.endswith("no-such-post") else 200), path
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > WIDTH:
                wide[path] = width
        assert not wide, f"pages wider than {WIDTH} px: {wide}"
        # The long texts are on the pages, wrapped rather than cut.
        page.goto(f"/posts/{slugs[1]}")
        assert page.locator(".post__body").inner_text().count(WORD) >= 3
    finally:
        context.close()
