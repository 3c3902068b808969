"""The sitemap index and its files, and the Atom feed: what search engines and feed readers get."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from tests.support import make_dump

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# W3C Datetime as the sitemaps protocol accepts it: a date, or a date and time with a zone.
W3C_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?")
PROTOCOL_MAX_URLS = 50_000
PROTOCOL_MAX_BYTES = 50 * 1024 * 1024


def check_sitemap_rules(body: bytes, root_tag: str, child_tag: str, base: str) -> list[str]:
    """Apply the sitemap schema's rules to one file; return its <loc> values in order."""
    assert len(body) <= PROTOCOL_MAX_BYTES
    assert body.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    root = ET.fromstring(body)
    assert root.tag == SM + root_tag
    children = list(root)
    assert 1 <= len(children) <= PROTOCOL_MAX_URLS
    locs = []
    for child in children:
        assert child.tag == SM + child_tag
        assert [e.tag for e in child] in ([SM + "loc"], [SM + "loc", SM + "lastmod"])
        loc = child.find(SM + "loc").text
        parts = urlsplit(loc)
        # Absolute, at most 2,048 characters, on the host the sitemap is served from.
        assert len(loc) <= 2048 and f"{parts.scheme}://{parts.netloc}" == base, loc
        lastmod = child.find(SM + "lastmod")
        if lastmod is not None:
            assert W3C_DATETIME.fullmatch(lastmod.text), lastmod.text
        locs.append(loc)
    return locs


def read_sitemaps(client, base: str = "https://peer.example") -> list[list[str]]:
    """Follow robots.txt to the index and the index to its files; each file's URLs."""
    robots = client.get("/robots.txt").text
    index_url = re.search(r"^Sitemap: (\S+)$", robots, re.M).group(1)
    assert index_url == base + "/sitemap.xml"
    index = client.get(index_url.removeprefix(base))
    assert index.status_code == 200 and index.mimetype == "application/xml"
    files = []
    for file_url in check_sitemap_rules(index.data, "sitemapindex", "sitemap", base):
        response = client.get(file_url.removeprefix(base))
        assert response.status_code == 200 and response.mimetype == "application/xml"
        files.append(check_sitemap_rules(response.data, "urlset", "url", base))
    return files


@pytest.fixture
def sitemap_of_ten(app, run_import, run_posts, write_dump):
    """25 posts, 2 of them hidden, and sitemap files of at most 10 URLs."""
    app.config["SITEMAP_SIZE"] = 10
    posts = [(f"Post number {n}", f"Body of post {n}.") for n in range(25, 0, -1)]
    assert run_import(write_dump(make_dump(posts))).exit_code == 0
    for slug in ("post-number-20", "post-number-3"):
        assert run_posts("hide", slug).exit_code == 0


def test_a_site_past_one_file_gets_an_index_listing_every_visible_post_once(client, sitemap_of_ten):
    files = read_sitemaps(client)
    # 23 visible posts, the home page and the most shared posts
    assert [len(urls) for urls in files] == [10, 10, 5]
    listed = [url for urls in files for url in urls]
    visible = [n for n in range(25, 0, -1) if n not in (20, 3)]
    # Every visible post exactly once, in listing order, after the listing's own pages; no
    # hidden one.
    assert listed == ["https://peer.example/", "https://peer.example/popular"] + [
        f"https://peer.example/posts/post-number-{n}" for n in visible
    ]


def test_sitemap_files_past_the_last_or_not_canonical_are_404(client, sitemap_of_ten):
    assert client.get("/sitemap-3.xml").status_code == 200
    for url in ["/sitemap-4.xml", "/sitemap-0.xml", "/sitemap-01.xml", "/sitemap-x.xml"]:
        assert client.get(url).status_code == 404, url
    assert client.get("/sitemap-99999999999999999999.xml").status_code == 404


def test_hiding_and_adding_posts_moves_them_in_and_out_of_the_files(
    client, sitemap_of_ten, run_import, run_posts, write_dump
):
    run_posts("show", "post-number-20")
    run_import(write_dump(make_dump([("Post number 26", "The newest.")])))
    listed = [url for urls in read_sitemaps(client) for url in urls]
    assert listed[2] == "https://peer.example/posts/post-number-26"
    assert "https://peer.example/posts/post-number-20" in listed
    assert "https://peer.example/posts/post-number-3" not in listed
    assert len(listed) == len(set(listed)) == 27


def test_a_small_site_has_one_file_and_an_empty_site_still_a_valid_one(
    client, run_import, write_dump
):
    pages = ["https://peer.example/", "https://peer.example/popular"]
    assert read_sitemaps(client) == [pages]
    run_import(write_dump(make_dump([("Only post", "Body.")])))
    assert read_sitemaps(client) == [[*pages, "https://peer.example/posts/only-post"]]


def test_lastmod_follows_a_posts_text_and_the_index_follows_its_files(
    client, app, run_import, write_dump
):
    app.config["SITEMAP_SIZE"] = 3  # file 1: the home page, /popular and "Third"
    posts = [("Third", "Three."), ("Second", "Two."), ("First", "One.")]
    assert run_import(write_dump(make_dump(posts))).exit_code == 0

    def lastmods(url):
        root = ET.fromstring(client.get(url).data)
        return {
            e.find(SM + "loc").text.rsplit("/", 1)[-1]: e.find(SM + "lastmod").text
            for e in root
            if e.find(SM + "lastmod") is not None
        }

    before, index_before = lastmods("/sitemap-2.xml"), lastmods("/sitemap.xml")
    assert set(before) == {"second", "first"}
    edited = [("Third", "Three."), ("Second", "Two."), ("First", "One, rewritten.")]
    assert run_import(write_dump(make_dump(edited))).exit_code == 0
    after, index_after = lastmods("/sitemap-2.xml"), lastmods("/sitemap.xml")
    assert after["second"] == before["second"]
    assert after["first"] >= before["first"]
    assert index_after["sitemap-2.xml"] == max(after.values())
    assert index_after["sitemap-1.xml"] == index_before["sitemap-1.xml"]


def test_sitemap_files_are_cached_and_revalidated_like_pages(client, sitemap_of_ten):
    first = client.get("/sitemap-2.xml")
    etag = first.headers["ETag"]
    again = client.get("/sitemap-2.xml", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert client.get("/sitemap.xml").headers["ETag"] != etag


ATOM = {"a": "http://www.w3.org/2005/Atom"}


def feed_entries(client) -> list[dict]:
    root = ET.fromstring(client.get("/feed.xml").data)
    return [
        {
            name: entry.find(f"a:{name}", ATOM).text
            for name in ("title", "id", "published", "updated")
        }
        for entry in root.findall("a:entry", ATOM)
    ]


def test_a_dump_of_many_posts_gets_distinct_published_times_in_listing_order(
    client, run_import, write_dump
):
    posts = [(f"Post number {n}", f"Body {n}.") for n in range(30, 0, -1)]
    assert run_import(write_dump(make_dump(posts))).exit_code == 0
    entries = feed_entries(client)
    assert [e["title"] for e in entries] == [f"Post number {n}" for n in range(30, 10, -1)]
    published = [e["published"] for e in entries]
    # RFC 3339 strings of one form sort as times: strictly newest first, so all distinct.
    assert published == sorted(published, reverse=True) and len(set(published)) == 20
    assert all(e["updated"] == e["published"] for e in entries)

    assert run_import(write_dump(make_dump([("A later post", "New.")]))).exit_code == 0
    later = feed_entries(client)
    assert later[0]["title"] == "A later post" and later[0]["published"] > published[0]


def test_posts_imported_after_the_clock_was_set_back_still_sort_above_earlier_ones(
    app, client, run_import, write_dump
):
    from datetime import timedelta

    from sqlalchemy import select

    from community_site.data.extension import db
    from community_site.data.models import Post

    assert run_import(write_dump(make_dump([("Old one", "A."), ("Old two", "B.")]))).exit_code == 0
    with app.app_context():  # as if those were stamped by a clock an hour fast
        for post in db.session.scalars(select(Post)):
            post.created_at += timedelta(hours=1)
        db.session.commit()
    new = [(f"New {n}", "C.") for n in range(3, 0, -1)]
    assert run_import(write_dump(make_dump(new))).exit_code == 0
    entries = feed_entries(client)
    assert [e["title"] for e in entries] == ["New 3", "New 2", "New 1", "Old one", "Old two"]
    published = [e["published"] for e in entries]
    assert published == sorted(published, reverse=True) and len(set(published)) == 5


def test_updated_changes_only_when_a_posts_text_does(client, run_import, write_dump):
    posts = [("Kept", "Same text."), ("Edited", "First text.")]
    assert run_import(write_dump(make_dump(posts))).exit_code == 0
    before = {e["title"]: e for e in feed_entries(client)}
    edited = [("Kept", "Same text."), ("Edited", "Second text.")]
    assert run_import(write_dump(make_dump(edited))).exit_code == 0
    assert run_import(write_dump(make_dump(edited))).exit_code == 0
    after = {e["title"]: e for e in feed_entries(client)}
    assert after["Kept"] == before["Kept"]
    assert after["Edited"]["published"] == before["Edited"]["published"]
    assert after["Edited"]["updated"] > before["Edited"]["updated"]


def test_entry_ids_are_the_same_under_two_base_urls(app, tmp_path, database_url, imported):
    from community_site import create_app
    from community_site.data.extension import db

    here = {e["title"]: e["id"] for e in feed_entries(app.test_client())}
    moved = create_app(
        {
            "INSTANCE_PATH": str(tmp_path / "new-machine"),
            "SQLALCHEMY_DATABASE_URI": database_url,
            "BASE_URL": "https://voices.example.org",
        }
    )
    moved_feed = moved.test_client().get("/feed.xml").text
    assert "https://voices.example.org/posts/what-is-peer-support" in moved_feed
    assert "peer.example" not in moved_feed
    there = {e["title"]: e["id"] for e in feed_entries(moved.test_client())}
    assert there == here
    ids = list(here.values())
    assert len(set(ids)) == len(ids) == 4
    assert all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", i) for i in ids)
    with moved.app_context():
        db.engine.dispose()


def test_another_site_with_the_same_posts_has_other_ids(client, tmp_path, imported):
    from community_site import create_app
    from community_site.data.extension import db
    from importer.cli import import_command
    from tests.support import REAL_DUMP

    other = create_app(
        {
            "INSTANCE_PATH": str(tmp_path / "other"),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'other.db'}",
            "BASE_URL": "https://peer.example",
        }
    )
    assert other.test_cli_runner().invoke(import_command, [str(REAL_DUMP)]).exit_code == 0
    mine = [e["id"] for e in feed_entries(client)]
    theirs = [e["id"] for e in feed_entries(other.test_client())]
    assert not set(mine) & set(theirs)
    assert [e["id"] for e in feed_entries(client)] == mine  # and kept across requests
    with other.app_context():
        db.engine.dispose()
