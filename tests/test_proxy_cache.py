"""The proxy's micro-cache (deploy/nginx.conf with the site's default PROXY_CACHE_SECONDS=1),
through Debian's nginx: variants never cross, a press's answer is fresh, a count, a hide and an
import show within the window plus a second, POST is never kept, 304s work, no host gets
another's page, and a site that stops answering is covered for a few seconds only."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest

from tests.browser.conftest import Server
from tests.support import ROOT, make_dump
from tests.test_proxy import deploy, fetch

pytestmark = pytest.mark.served

POST = "/posts/what-is-peer-support"
OTHER = "/posts/enteroviral-infection-in-me-cfs"
# The window (1 s) plus a second, and a little for polling on a busy machine.
WITHIN = 2.5


@pytest.fixture(scope="module")
def cached(tmp_path_factory):
    deployed = deploy(tmp_path_factory.mktemp("cached"), {"ALLOWED_HOSTS": "alias.example"})
    yield deployed
    deployed.stop()


def through(cached, path, headers=None, method="GET"):
    return fetch(cached.proxy.port, method, path, headers)


def direct(cached, path, headers=None):
    return fetch(cached.site.port, "GET", path, {**(headers or {}), "Host": "127.0.0.1"})


def count_in(html: bytes, network: str) -> int:
    return int(re.search(rf'data-share-count="{network}">(\d+)<'.encode(), html).group(1))


def kept(cached, path, headers=None):
    """Ask twice: the second answer comes from the proxy's cache."""
    through(cached, path, headers)
    answer = through(cached, path, headers)
    assert answer[1].get("x-cache") == "HIT", (path, headers, answer[1])
    return answer


def test_variants_by_htmx_and_encoding_never_cross(cached):
    variants = [
        {},
        {"Accept-Encoding": "gzip, deflate, br"},
        {"HX-Request": "true"},
        {"HX-Request": "true", "Accept-Encoding": "gzip"},
        {"HX-Request": "true", "HX-Boosted": "true"},
        {"Accept-Encoding": "gzip;q=0, identity"},
    ]
    for path in ("/", POST, f"{POST}/share", "/search?q=peer"):
        for round_ in range(2):  # the second round finds every variant kept
            for headers in variants:
                status, got, body = through(cached, path, headers)
                _, want, expected = direct(cached, path, headers)
                where = (path, headers, round_)
                assert status == 200 and body == expected, where
                assert got.get("content-encoding") == want.get("content-encoding"), where
                assert got.get("etag") == want.get("etag"), where
                if round_:
                    assert got["x-cache"] == "HIT", where
                gzip = "gzip" in headers.get("Accept-Encoding", "") and "q=0" not in str(headers)
                assert (got.get("content-encoding") == "gzip") == gzip, where
                fragment = headers.get("HX-Request") and not headers.get("HX-Boosted")
                if not gzip:
                    assert (b"<!doctype html>" not in body) == bool(fragment), where
    # Browsers still revalidate every time; the proxy may keep the page a second.
    headers = through(cached, "/")[1]
    assert headers["cache-control"].startswith("max-age=0, s-maxage=1,")
    assert "x-accel-expires" not in headers


def test_a_press_answers_fresh_and_post_is_never_kept(cached):
    before = count_in(kept(cached, POST)[2], "reddit")
    answers = []
    for n in range(3):
        status, headers, body = through(
            cached,
            f"{POST}/share/reddit",
            {"HX-Request": "true", "User-Agent": f"fresh {n}"},
            method="POST",
        )
        assert status == 200 and headers.get("x-cache") in (None, "", "BYPASS", "MISS")
        answers.append(count_in(body, "reddit"))
    assert answers == [before + 1, before + 2, before + 3]


def wait_for(check, what: str) -> float:
    """Seconds until `check()` holds, asking the proxy ten times a second (as readers would:
    a copy is refreshed when it is asked for)."""
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < 10, f"{what} never showed through the proxy"
        time.sleep(0.1)
    return time.monotonic() - started


def flask(cached, *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env={**os.environ, **cached.site.env},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_a_count_a_hide_and_an_import_show_within_the_window_plus_a_second(cached, tmp_path):
    pages = [POST, "/", "/popular"]
    for page in pages:
        kept(cached, page)
    before = count_in(through(cached, POST)[2], "email")
    # A press straight at gunicorn: the proxy's copies must catch up by themselves.
    status, _, _ = fetch(
        cached.site.port,
        "POST",
        f"{POST}/share/email",
        {"HX-Request": "true", "Host": "127.0.0.1", "User-Agent": "another reader"},
    )
    assert status == 200
    pressed = time.monotonic()
    bar = (f"{POST}/share", {"HX-Request": "true"})
    wait_for(lambda: count_in(through(cached, POST)[2], "email") == before + 1, "the count")
    wait_for(lambda: count_in(through(cached, *bar)[2], "email") == before + 1, "the bar")
    assert time.monotonic() - pressed < WITHIN

    kept(cached, OTHER)
    flask(cached, "posts", "hide", OTHER.rsplit("/", 1)[1])
    hidden = time.monotonic()  # committed when the command returns
    wait_for(lambda: through(cached, OTHER)[0] == 410, "the hide")
    wait_for(lambda: OTHER.encode() not in through(cached, "/")[2], "the listing")
    assert time.monotonic() - hidden < WITHIN

    dump = tmp_path / "new.txt"
    dump.write_text(make_dump([("A brand new gathering", "Announced today.")]))
    flask(cached, "import", str(dump))
    took = wait_for(lambda: b"A brand new gathering" in through(cached, "/")[2], "the import")
    assert took < WITHIN, took


def test_a_304_through_the_proxy(cached):
    for headers in ({}, {"Accept-Encoding": "gzip"}, {"HX-Request": "true"}):
        _, answer, _ = kept(cached, "/popular", headers)
        status, again, body = through(
            cached, "/popular", {**headers, "If-None-Match": answer["etag"]}
        )
        assert (status, again.get("etag"), body) == (304, answer["etag"], b""), headers


def test_no_page_of_one_host_is_served_for_another(cached):
    _, own, _ = kept(cached, POST)
    status, alias, body = through(cached, POST, {"Host": "alias.example"})
    assert status == 200 and alias["x-cache"] != "HIT"  # its own entry
    assert alias["etag"] != own["etag"]
    status, _, body = through(cached, POST, {"Host": "evil.example"})
    assert status == 400 and b"evil" not in body.lower()
    status, headers, _ = through(cached, POST, {"Host": "evil.example"})
    assert status == 400 and headers.get("x-cache") != "HIT"  # a refusal is never kept


def test_a_site_that_stops_answering_is_covered_a_few_seconds_then_not(cached):
    """Last in the module: it stops gunicorn, then starts it again on the same port."""
    kept(cached, POST)
    stored = time.monotonic()  # the copy is at most this old
    port = cached.site.port
    cached.site.stop()
    try:
        status, headers, _ = through(cached, POST)
        assert status == 200 and headers["x-cache"] in ("HIT", "STALE")
        while through(cached, POST)[0] == 200:
            assert time.monotonic() - stored < 15, "the stale copy outlived stale-if-error"
            time.sleep(0.2)
        covered = time.monotonic() - stored
        # The window, then stale-if-error=5 (nginx counts whole seconds).
        assert 3 <= covered <= 9, covered
        assert through(cached, POST)[0] == 502  # nginx's own, with gunicorn gone
        # nginx logged that failure at "error", with the reader's address: nowhere kept.
        site_log = cached.proxy.folder / "site-error.log"
        assert site_log.exists() and "client:" not in site_log.read_text()
        assert "client:" not in (cached.proxy.folder / "error.log").read_text()
        assert " 502 " in (cached.proxy.folder / "access.log").read_text()
    finally:
        cached.site = Server(cached.folder / "again", [], cached.site.env, port=port)
    wait_for(lambda: through(cached, POST)[0] == 200, "the site, started again,")
