"""/popular: the most shared posts, from counts that never left the site."""

from __future__ import annotations

import re

from tests.support import make_dump

HX = {"HX-Request": "true"}


def titles(html: str) -> list[str]:
    return re.findall(r'class="entry__title"><a href="[^"]+">([^<]+)</a>', html)


def press(client, slug, network, n):
    return client.post(
        f"/posts/{slug}/share/{network}",
        headers={**HX, "User-Agent": f"reader {n}"},
        environ_base={"REMOTE_ADDR": f"198.51.100.{n}"},
    )


def share(client, slug, times, network="email"):
    for n in range(times):
        assert press(client, slug, network, n).status_code == 200


def test_nothing_shared_yet_is_a_friendly_empty_page(client, imported):
    response = client.get("/popular")
    assert response.status_code == 200
    assert "Nothing has been shared yet" in response.text
    assert titles(response.text) == []
    assert client.get("/popular?page=2").status_code == 404


def test_most_shared_first_ties_newest_first_with_totals_and_top_networks(client, imported):
    share(client, "enteroviral-infection-in-me-cfs", 3)
    share(client, "over-35-community-organizations-with-a-vast-range-of-services", 1)
    share(client, "what-is-peer-support", 1, "reddit")
    share(client, "what-is-peer-support", 2, "x")
    html = client.get("/popular").text
    assert titles(html) == [
        "What is Peer Support?",  # 3 shares, newer than the other post with 3
        "Enteroviral Infection in ME/CFS",
        "Over 35 community organizations with a vast range of services",
    ]
    assert re.search(r">3 shares</span> <span class=\"entry__networks\">\(X 2 · Reddit 1\)", html)
    assert ">1 share</span>" in html
    assert 'aria-current="page">Most shared</a>' in html
    assert 'href="/popular"' in client.get("/").text  # linked from the header


def test_a_press_reorders_the_page(client, imported):
    share(client, "enteroviral-infection-in-me-cfs", 2)
    share(client, "what-is-peer-support", 1)
    before = client.get("/popular")
    assert titles(before.text)[0] == "Enteroviral Infection in ME/CFS"
    share(client, "what-is-peer-support", 3, "telegram")
    after = client.get("/popular", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert titles(after.text)[0] == "What is Peer Support?"


def test_hidden_posts_never_appear(client, run_posts, imported):
    share(client, "enteroviral-infection-in-me-cfs", 4)
    share(client, "what-is-peer-support", 1)
    assert run_posts("hide", "enteroviral-infection-in-me-cfs").exit_code == 0
    html = client.get("/popular").text
    assert titles(html) == ["What is Peer Support?"]
    assert "Enteroviral" not in html


def test_pages_through_like_the_listing_and_404_past_the_last(app, client, run_import, write_dump):
    app.config["POSTS_PER_PAGE"] = 2
    app.extensions["share_limiter"].limit = 0
    posts = [(f"Shared post {n}", f"Body {n}.") for n in range(5, 0, -1)]
    assert run_import(write_dump(make_dump(posts))).exit_code == 0
    for n in range(1, 6):
        share(client, f"shared-post-{n}", n)  # post n has n shares
    first, second, third = (client.get(f"/popular?page={p}").text for p in (1, 2, 3))
    assert titles(first) == ["Shared post 5", "Shared post 4"]
    assert titles(second) == ["Shared post 3", "Shared post 2"]
    assert titles(third) == ["Shared post 1"]
    assert 'rel="next" href="/popular?page=2"' in first
    assert 'rel="prev" href="/popular"' in second
    assert client.get("/popular?page=4").status_code == 404
    assert client.get("/popular?page=0").status_code == 404
    fragment = client.get("/popular?page=2", headers=HX).text
    assert fragment.lstrip().startswith('<section id="post-list"')
