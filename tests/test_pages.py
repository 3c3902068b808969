"""What visitors get from every route, with the test client."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from tests.support import REAL_POSTS, make_dump

HX = {"HX-Request": "true"}


@pytest.fixture
def many_posts(app, run_import, write_dump):
    """25 posts: three listing pages of 10."""
    app.config["POSTS_PER_PAGE"] = 10
    posts = [(f"Post number {n}", f"Body of post {n} about gardening.") for n in range(25, 0, -1)]
    result = run_import(write_dump(make_dump(posts)))
    assert result.exit_code == 0


def titles(html: str) -> list[str]:
    return re.findall(r'class="entry__title"><a href="[^"]+">([^<]+)</a>', html)


def test_listing_shows_posts_newest_first_with_excerpt_and_reading_time(client, imported):
    response = client.get("/")
    assert response.status_code == 200
    html = response.text
    assert titles(html) == [t for t, _ in REAL_POSTS]
    assert "min read" in html
    assert "Peer Support for those living with Chronic" in html
    assert '<html lang="en">' in html and 'href="#main"' in html and "<main" in html


def test_listing_pages_through_posts(client, many_posts):
    first = client.get("/").text
    assert titles(first)[0] == "Post number 25" and len(titles(first)) == 10
    third = client.get("/?page=3").text
    assert titles(third) == [f"Post number {n}" for n in range(5, 0, -1)]
    assert 'rel="prev" href="/?page=2"' in third
    assert 'rel="next"' not in third
    assert 'aria-current="page"' in third
    assert 'rel="next" href="/?page=2"' in first


@pytest.mark.parametrize("page", ["0", "4", "-1", "abc", "1.5", "", "99999999999", "１", "01"])
def test_bad_page_numbers_are_404_not_500(client, many_posts, page):
    response = client.get(f"/?page={page}")
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_empty_site_has_a_friendly_first_page(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "No posts yet" in response.text
    assert client.get("/?page=2").status_code == 404


def test_htmx_request_gets_the_fragment_but_boosted_and_history_restores_get_the_page(
    client, imported
):
    fragment = client.get("/", headers=HX)
    assert fragment.text.lstrip().startswith('<section id="post-list"')
    assert "<html" not in fragment.text
    boosted = client.get("/", headers={**HX, "HX-Boosted": "true"})
    restore = client.get("/", headers={**HX, "HX-History-Restore-Request": "true"})
    for response in (boosted, restore):
        assert response.text.startswith("<!doctype html>")
    for response in (fragment, boosted, restore, client.get("/")):
        vary = {name.strip() for name in response.headers["Vary"].split(",")}
        assert {"HX-Request", "HX-Boosted", "HX-History-Restore-Request"} <= vary
    assert fragment.headers["ETag"] != client.get("/").headers["ETag"]


def test_post_page_has_title_body_meta_neighbours_and_share_bar(client, imported):
    response = client.get("/posts/enteroviral-infection-in-me-cfs")
    assert response.status_code == 200
    html = response.text
    assert '<h1 id="post-title">Enteroviral Infection in ME/CFS</h1>' in html
    assert "min read" in html
    canonical = "https://peer.example/posts/enteroviral-infection-in-me-cfs"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert '<meta property="og:title" content="Enteroviral Infection in ME/CFS">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta name="description" content="New paper, published 18 June' in html
    assert 'href="/posts/what-is-peer-support"' in html  # newer
    assert 'href="/posts/we-had-a-wonderful-day' in html  # older
    assert 'data-share-count="facebook"' in html


def test_unknown_post_is_404_and_hidden_post_is_410(client, run_posts, imported):
    assert client.get("/posts/nope").status_code == 404
    run_posts("hide", "enteroviral-infection-in-me-cfs")
    gone = client.get("/posts/enteroviral-infection-in-me-cfs")
    assert gone.status_code == 410 and "taken down" in gone.text
    assert "Enteroviral" not in client.get("/").text
    assert "Enteroviral" not in client.get("/search?q=enterovirus").text
    assert "enteroviral" not in client.get("/feed.xml").text
    assert "enteroviral" not in client.get("/sitemap-1.xml").text


def test_imported_markup_is_escaped_everywhere(client, run_import, write_dump):
    evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    run_import(write_dump(make_dump([(evil, f'{evil} body https://x.test/"onmouseover=alert(3)')])))
    for url in [
        "/",
        "/search?q=script",
        "/feed.xml",
        "/posts/script-alert-1-script-img-src-x-onerror-alert-2",
    ]:
        body = client.get(url).text
        assert "<script>alert" not in body and "<img src=x" not in body, url
        assert '"onmouseover' not in body, url


def test_a_title_cannot_break_out_of_an_attribute(client, run_import, write_dump):
    # Titles go into attributes too: the listing's Share label, the native share button.
    evil = 'Quote" autofocus onfocus="alert(4)'
    run_import(write_dump(make_dump([(evil, "A body.")])))
    slug = "quote-autofocus-onfocus-alert-4"
    for url, headers in [
        ("/", {}),
        (f"/posts/{slug}", {}),
        (f"/posts/{slug}/share", {"HX-Request": "true"}),
    ]:
        body = client.get(url, headers=headers).text
        assert "Quote&#34; autofocus onfocus=&#34;alert(4)" in body, url
        assert 'onfocus="alert' not in body, url


def test_search_ranks_highlights_and_pages(client, imported):
    response = client.get("/search?q=peer support")
    assert response.status_code == 200
    html = response.text
    assert titles(html)[0] == "What is Peer Support?"
    assert "<mark>Peer</mark>" in html
    assert "found for “peer support”" in html


def test_search_finds_by_word_prefix_for_typing(client, imported):
    assert "Enteroviral Infection in ME/CFS" in client.get("/search?q=enterovir").text


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "(",
        "*",
        "AND",
        "OR NOT",
        "NEAR(a b)",
        "title:x",
        "^",
        "a" * 5000,
        "💥",
        "'; DROP",
        "%00",
    ],
)
def test_any_query_gives_results_or_nothing_found_never_500(client, imported, query):
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 200
    assert "found for" in response.text or "Nothing found" in response.text


def test_search_fragment_for_htmx_and_bad_pages(client, imported):
    fragment = client.get("/search?q=peer", headers=HX)
    assert fragment.text.lstrip().startswith('<section id="search-results"')
    # The fragment carries the page's title for htmx, and no second search box.
    assert "<title>“peer” · Search · " in fragment.text
    assert "<form" not in fragment.text
    assert client.get("/search?q=peer&page=2").status_code == 404
    assert client.get("/search?q=peer&page=x").status_code == 404
    assert "Type a word" in client.get("/search").text


def test_typing_a_search_adds_one_history_entry_then_replaces_it(client, imported):
    from_listing = {**HX, "HX-Current-URL": "http://localhost/?page=2"}
    response = client.get("/search?q=pe", headers=from_listing)
    assert response.headers["HX-Push-Url"] == "/search?q=pe"
    assert "HX-Replace-Url" not in response.headers
    refining = {**HX, "HX-Current-URL": "http://localhost/search?q=pe"}
    response = client.get("/search?q=peer", headers=refining)
    assert response.headers["HX-Replace-Url"] == "/search?q=peer"
    assert "HX-Push-Url" not in response.headers
    # A revalidation answered 304 says the same, and caches know it depends on the page.
    again = client.get(
        "/search?q=peer", headers={**refining, "If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304 and again.headers["HX-Replace-Url"] == "/search?q=peer"
    assert "HX-Current-URL" in again.headers["Vary"] and "HX-Request" in again.headers["Vary"]
    # A full page (Enter, a link, no JavaScript) leaves the history to the browser.
    page = client.get("/search?q=peer")
    assert "HX-Push-Url" not in page.headers and "HX-Replace-Url" not in page.headers
    assert page.text.count('type="search"') == 1 and page.text.count('role="search"') == 1


def test_favicon_is_served_and_linked(client, imported):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/x-icon"
    assert icon.data[:4] == b"\x00\x00\x01\x00"
    html = client.get("/").text
    links = dict(re.findall(r'<link rel="icon" href="([^"]+)" type="([^"]+)"', html))
    assert sorted(links.values()) == ["image/png", "image/svg+xml"]
    for url, mimetype in links.items():
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype == mimetype
        assert "immutable" in response.headers["Cache-Control"]


def test_feed_is_atom_with_latest_posts(client, imported):
    response = client.get("/feed.xml")
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert [e.find("a:title", ns).text for e in entries] == [t for t, _ in REAL_POSTS]
    assert entries[0].find("a:id", ns).text.startswith("urn:uuid:")
    link = entries[0].find("a:link", ns).get("href")
    assert link == "https://peer.example/posts/what-is-peer-support"


def test_sitemap_and_robots(client, imported):
    index = ET.fromstring(client.get("/sitemap.xml").data)
    files = [e.text for e in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert files == ["https://peer.example/sitemap-1.xml"]
    root = ET.fromstring(client.get("/sitemap-1.xml").data)
    locs = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert (
        "https://peer.example/posts/what-is-peer-support" in locs and len(locs) == 6
    )  # 4 posts, the home page, /popular
    robots = client.get("/robots.txt").text
    assert "Sitemap: https://peer.example/sitemap.xml" in robots


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json["status"] == "ok"


@pytest.mark.sqlite_only
def test_healthz_answers_503_when_the_database_does_not(tmp_path):
    from community_site import create_app

    app = create_app(
        {
            "INSTANCE_PATH": str(tmp_path / "i"),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/h.db",
        }
    )
    (tmp_path / "h.db").unlink(missing_ok=True)  # the site does not create it before a request
    (tmp_path / "h.db").mkdir()  # the file is gone and cannot be re-created
    with app.app_context():
        from community_site.data.extension import db

        db.engine.dispose()
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert app.test_client().get("/").status_code == 503


def test_security_headers_and_no_cookie_on_every_response(client, imported):
    for url in ["/", "/posts/what-is-peer-support", "/search?q=x", "/nope", "/feed.xml"]:
        response = client.get(url)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"]
        assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
        policy = response.headers["Permissions-Policy"]
        assert "camera=()" in policy and "clipboard-write=(self)" in policy
        # BASE_URL is https here.
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
        assert "Set-Cookie" not in response.headers


def test_pages_have_no_inline_script_or_style(client, imported):
    for url in ["/", "/posts/what-is-peer-support", "/search?q=peer"]:
        html = client.get(url).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert "<style" not in html and " style=" not in html, url
        # Everything the page loads comes from the site itself.
        loaded = re.findall(r'<(?:script|img|iframe)[^>]*\ssrc="([^"]+)"', html)
        loaded += re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"', html)
        assert loaded and all(u.startswith("/static/") for u in loaded), loaded


def test_conditional_requests_get_304_until_content_changes(client, imported, run_posts):
    first = client.get("/")
    etag = first.headers["ETag"]
    again = client.get("/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    run_posts("hide", "what-is-peer-support")
    changed = client.get("/", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_static_files_are_hashed_and_cached_for_a_year(client):
    html = client.get("/").text
    urls = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert any(u.endswith("/htmx.min.js") for u in urls) and any(
        u.endswith("/site.css") for u in urls
    )
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        assert "max-age=31536000" in response.headers["Cache-Control"]
        assert "immutable" in response.headers["Cache-Control"]
        response.close()
    assert client.get("/static/0000/site.css").status_code == 404
    htmx = client.get([u for u in urls if u.endswith("htmx.min.js")][0])
    assert b"htmx" in htmx.data[:2000]
    htmx.close()


def test_error_pages_use_the_site_layout(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "<main" in response.text and "Page not found" in response.text
    assert client.post("/").status_code == 405


def test_an_unexpected_error_is_a_500_page_without_a_traceback(app, client, monkeypatch):
    from community_site.posts import views as pages

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pages, "posts_page", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.text and "<main" in response.text
    assert "Traceback" not in response.text and "boom" not in response.text


def test_a_read_in_a_context_whose_session_has_begun_sees_that_transaction(app, imported):
    """Page queries read on a connection of their own, except once the app context's session
    has begun a transaction (a press, a command): then they read in it, and see its writes."""
    from sqlalchemy import update

    from community_site.data.extension import db
    from community_site.data.models import Post
    from community_site.data.queries import posts_page

    with app.app_context():
        before = [post.title for post in posts_page(1, 10).posts]
        db.session.execute(update(Post).values(title="Retitled"))  # not committed
        assert {post.title for post in posts_page(1, 10).posts} == {"Retitled"}
        db.session.rollback()
    with app.app_context():
        assert [post.title for post in posts_page(1, 10).posts] == before


def test_a_page_number_past_any_rank_is_a_404_on_every_database(client, imported):
    """Page numbers of up to nine digits are read as numbers; one whose first rank would pass
    a 32-bit integer (PostgreSQL's) is past every listing, not a database error."""
    for number in ("214748365", "999999999"):
        assert client.get(f"/?page={number}").status_code == 404
        assert client.get(f"/popular?page={number}").status_code == 404


def test_new_posts_leave_older_ranks_alone_and_old_style_ranks_still_list(
    app, client, many_posts, run_import, write_dump
):
    from sqlalchemy import select, text

    from community_site.data.extension import db
    from community_site.data.models import Post

    def ranks():
        with app.app_context():
            return dict(db.session.execute(select(Post.slug, Post.listing_rank)).all())

    with app.app_context():  # ranks 1, 2, ... from the newest, as databases before 2026-12-02
        db.session.execute(
            text(
                "UPDATE posts SET listing_rank = (SELECT count(*) FROM posts AS newer"
                " WHERE newer.position >= posts.position)"
            )
        )
        db.session.commit()
    assert titles(client.get("/?page=3").text) == [f"Post number {n}" for n in range(5, 0, -1)]
    assert "Post number 24" in client.get("/posts/post-number-25").text  # its older neighbour

    new = [(f"Fresh post {n}", f"Body of fresh post {n}.") for n in (2, 1)]
    assert run_import(write_dump(make_dump(new))).exit_code == 0
    before = ranks()  # renumbered once, counted from the oldest
    assert (
        run_import(write_dump(make_dump([("Fresher post", "Newest of all."), *new]))).exit_code == 0
    )
    after = ranks()
    assert all(after[slug] == rank for slug, rank in before.items())  # older ranks untouched
    assert titles(client.get("/").text)[:4] == [
        "Fresher post", "Fresh post 2", "Fresh post 1", "Post number 25"
    ]  # fmt: skip
    assert titles(client.get("/?page=3").text) == [f"Post number {n}" for n in range(8, 0, -1)]
