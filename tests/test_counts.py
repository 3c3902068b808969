"""Share counts in cached pages: exact, current, and never a reason to render a page again."""

from __future__ import annotations

import gzip
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from community_site.web.compression import MIN_SIZE
from community_site.web.slots import Skeleton
from tests.support import make_dump

POST = "/posts/what-is-peer-support"
OTHER = "/posts/enteroviral-infection-in-me-cfs"
HX = {"HX-Request": "true"}


def press(client, path, network, n):
    return client.post(
        f"{path}/share/{network}",
        headers={**HX, "User-Agent": f"reader {n}"},
        environ_base={"REMOTE_ADDR": f"198.51.{n // 250}.{n % 250}"},
    )


def total_of(html: str, post_id: int) -> int:
    match = re.search(rf'data-share-total="{post_id}"[^>]*>(\d+) shares?<', html)
    assert match, f"no total for post {post_id}"
    return int(match.group(1))


def post_id_of(client, path) -> int:
    return int(re.search(r'data-share-total="(\d+)"', client.get(path).text).group(1))


def test_a_press_changes_the_etag_of_exactly_the_pages_showing_that_posts_count(
    app, client, imported
):
    urls = [
        "/",
        POST,
        f"{POST}/share",
        OTHER,
        "/search?q=peer",
        "/feed.xml",
        "/sitemap.xml",
    ]
    before = {url: client.get(url).headers["ETag"] for url in urls}
    assert press(client, POST, "x", 1).status_code == 200
    after = {url: client.get(url).headers["ETag"] for url in urls}
    changed = [url for url in urls if before[url] != after[url]]
    assert changed == ["/", POST, f"{POST}/share"]
    # The old ETag no longer matches; the new one is a 304.
    assert client.get(POST, headers={"If-None-Match": before[POST]}).status_code == 200
    assert client.get(POST, headers={"If-None-Match": after[POST]}).status_code == 304


def test_a_press_does_not_render_a_cached_page_again(app, client, imported, monkeypatch):
    client.get("/")
    client.get(POST)
    renders = []
    original = Skeleton.of.__func__

    def counting(cls, html, mimetype):
        renders.append(html[:40])
        return original(cls, html, mimetype)

    monkeypatch.setattr(Skeleton, "of", classmethod(counting))
    for n in range(5):
        assert press(client, POST, "reddit", n).status_code == 200
        assert client.get("/").status_code == 200
        assert client.get(POST).status_code == 200
    # Only the press fragments were cut into slots: the cached pages were not rendered again.
    assert all(html.lstrip().startswith("<form") for html in renders)
    assert total_of(client.get("/").text, post_id_of(client, POST)) == 5


def test_counts_stay_exact_under_concurrent_presses_while_pages_come_from_the_cache(app, imported):
    app.extensions["share_limiter"].limit = 0
    client = app.test_client()
    post_id = post_id_of(client, POST)
    stop = threading.Event()
    seen = []

    def reader():
        own = app.test_client()
        while not stop.is_set():
            seen.append(total_of(own.get("/").text, post_id))

    readers = [threading.Thread(target=reader) for _ in range(3)]
    for thread in readers:
        thread.start()
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(
                pool.map(lambda n: press(app.test_client(), POST, "bluesky", n), range(120))
            )
    finally:
        stop.set()
        for thread in readers:
            thread.join()
    assert [s.status_code for s in statuses] == [200] * 120
    assert seen and all(0 <= value <= 120 for value in seen)
    # What readers saw never went backwards within one reader's view of the cache...
    assert total_of(client.get("/").text, post_id) == 120
    html = client.get(POST).text
    assert re.search(r'data-share-count="bluesky">120<', html)


@pytest.mark.served
def test_counts_changed_by_another_process_are_seen(app, client, imported):
    """Another gunicorn process (or a restored backup) writes counts: the versions say so."""
    from community_site.data.extension import db
    from community_site.data.models import ShareCount, bump_shares_version

    post_id = post_id_of(client, POST)
    assert total_of(client.get("/").text, post_id) == 0
    with app.app_context():
        version = bump_shares_version()
        db.session.add(ShareCount(post_id=post_id, network="email", count=7, version=version))
        db.session.commit()
    assert total_of(client.get("/").text, post_id) == 7
    assert re.search(r'data-share-count="email">7<', client.get(POST).text)


def test_a_press_tells_its_own_process_the_new_count_without_a_query(app, client, imported):
    from sqlalchemy import event

    from community_site.data.extension import db

    client.get(POST)  # the post's counts are in this process's table
    statements = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        response = press(client, POST, "reddit", 1)
        html = client.get(POST).text
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert response.status_code == 200 and ">1<" in response.text
    assert re.search(r'data-share-count="reddit">1<', html)
    # The press wrote; nothing read the counts back.
    reads = [s for s in statements if s.lstrip().startswith("SELECT") and "share_counts" in s]
    assert reads == []


def test_a_late_count_from_this_process_never_hides_a_newer_one(app, client, imported):
    """A press's own count reaches the table after another process committed a newer one:
    the table keeps the newer."""
    from community_site.data.count_table import table
    from community_site.data.extension import db
    from community_site.data.models import ShareCount, bump_shares_version

    post_id = post_id_of(client, POST)
    with app.app_context():
        first = bump_shares_version()
        db.session.add(ShareCount(post_id=post_id, network="email", count=1, version=first))
        db.session.commit()
        newer = bump_shares_version()
        db.session.get(ShareCount, (post_id, "email")).count = 2
        db.session.get(ShareCount, (post_id, "email")).version = newer
        db.session.commit()
    assert re.search(r'data-share-count="email">2<', client.get(POST).text)
    with app.app_context():
        table().changed(post_id, "email", 1, first)
    assert re.search(r'data-share-count="email">2<', client.get(POST).text)


def test_compressed_and_plain_responses_carry_the_same_content(client, imported):
    for url in ["/", POST, "/search?q=peer", "/feed.xml", "/sitemap-1.xml", "/popular"]:
        plain = client.get(url)
        packed = client.get(url, headers={"Accept-Encoding": "gzip, br"})
        assert plain.headers.get("Content-Encoding") is None
        assert len(plain.data) >= MIN_SIZE, url
        assert packed.headers["Content-Encoding"] == "gzip", url
        assert "Accept-Encoding" in packed.headers["Vary"]
        assert gzip.decompress(packed.data) == plain.data
        assert packed.headers["ETag"] != plain.headers["ETag"]
        again = client.get(
            url, headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]}
        )
        assert again.status_code == 304
        # A plain client holding the compressed variant's tag gets the plain body.
        assert client.get(url, headers={"If-None-Match": packed.headers["ETag"]}).status_code == 200


def test_static_files_are_sent_precompressed(client):
    html = client.get("/").text
    for path in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        plain = client.get(path)
        packed = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert packed.headers["Content-Encoding"] == "gzip", path
        assert gzip.decompress(packed.data) == plain.data
        assert "Accept-Encoding" in packed.headers["Vary"]


def test_listing_page_one_is_light(client, run_import, write_dump):
    long_title = "A fairly long title about peer support and community meetings"
    body = "Peer support means people with shared experience helping each other. " * 40
    dump = write_dump(make_dump([(f"{long_title} {n}", body) for n in range(30)]))
    assert run_import(dump).exit_code == 0
    html = client.get("/").data
    assert html.count(b'class="entry"') == 10
    assert len(html) <= 25 * 1024, len(html)
