"""Each cached route's page depends on what its view declares (web/cached_pages.py) and on
nothing else: changing a dependency gives another page, and changing anything else (a query
argument the page does not read) is served from the cache without a render."""

from __future__ import annotations

import pytest

from community_site.web.slots import Skeleton

POST = "/posts/what-is-peer-support"
# Every page-cached route, with the query arguments its page reads and a changed value of each.
CACHED = {
    "/": {"page": "2"},
    POST: {},
    f"{POST}/share": {},
    "/popular": {"page": "2"},
    "/search?q=peer": {"q": "support", "page": "2"},
    "/feed.xml": {},
    "/sitemap.xml": {},
    "/sitemap-1.xml": {},
}
HX = {"HX-Request": "true"}


@pytest.fixture
def renders(monkeypatch):
    """The pages cut into a skeleton since the test began: one per render the cache kept."""
    cut = []
    original = Skeleton.of.__func__

    def counting(cls, html, mimetype):
        cut.append(html)
        return original(cls, html, mimetype)

    monkeypatch.setattr(Skeleton, "of", classmethod(counting))
    return cut


@pytest.fixture
def site(app, client, imported):
    app.config["POSTS_PER_PAGE"] = 3  # a second page of the listing and of search results
    app.extensions["share_limiter"].limit = 0
    # Shares for two posts, so /popular lists them.
    for n, slug in enumerate(["what-is-peer-support", "enteroviral-infection-in-me-cfs"]):
        assert (
            client.post(f"/posts/{slug}/share/x", headers={**HX, "User-Agent": f"r{n}"}).status_code
            == 200
        )
    return client


def with_args(url: str, **args: str) -> str:
    joined = "&".join(f"{name}={value}" for name, value in args.items())
    return f"{url}{'&' if '?' in url else '?'}{joined}"


@pytest.mark.parametrize("url", CACHED)
def test_a_query_argument_the_page_does_not_read_is_a_cache_hit(site, renders, url):
    first = site.get(url)
    assert first.status_code == 200
    rendered = len(renders)
    for busting in ({"r": "8f3a"}, {"utm_source": "mail", "r": "x1"}, {"page[]": "3"}):
        again = site.get(with_args(url, **busting))
        assert again.status_code == 200 and again.data == first.data, busting
    assert len(renders) == rendered, f"{url}: a query string it does not read rendered it again"


@pytest.mark.parametrize("url", [url for url, reads in CACHED.items() if reads])
def test_each_query_argument_the_page_reads_changes_it(site, renders, url):
    base = site.get(url)
    for name, value in CACHED[url].items():
        changed_url = url.replace(f"{name}=peer", f"{name}={value}") if name == "q" else None
        changed_url = changed_url or with_args(url, **{name: value})
        changed = site.get(changed_url)
        if changed.status_code == 200:
            assert changed.data != base.data, (url, name)
        else:  # a page past the last: a 404, not the first page again
            assert changed.status_code == 404, (url, name)


@pytest.mark.parametrize("url", CACHED)
def test_a_change_of_the_posts_renders_every_page_again(site, run_posts, renders, url):
    site.get(url)
    rendered = len(renders)
    assert run_posts("hide", "a-note-on-peer-voices").exit_code in (
        0,
        1,
    )  # any slug: the version moves
    assert run_posts("hide", "enteroviral-infection-in-me-cfs").exit_code == 0
    after = site.get(url)
    assert after.status_code == 200
    assert len(renders) > rendered, f"{url} was not rendered again after a post was hidden"


def test_the_most_shared_page_follows_its_order(site, renders):
    before = site.get("/popular").text
    assert before.index("Enteroviral") > before.index("What is Peer Support")
    for n in range(3):  # the other post overtakes
        site.post(
            "/posts/enteroviral-infection-in-me-cfs/share/reddit",
            headers={**HX, "User-Agent": f"more {n}"},
        )
    after = site.get("/popular").text
    assert after.index("Enteroviral") < after.index("What is Peer Support")


@pytest.mark.parametrize("url", CACHED)
def test_the_script_root_is_part_of_the_key(site, url):
    prefixed = site.get(url, base_url="https://peer.example/evil")
    assert prefixed.status_code == 200
    plain = site.get(url)
    assert plain.status_code == 200 and b"/evil/" not in plain.data, url
    if b'href="/' in plain.data:  # the pages' own links follow the script root
        assert b'href="/evil/' in prefixed.data, url
