"""Share presses: counting, redirects, the Mastodon prompt, privacy and refusals."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from community_site.data.extension import db
from community_site.data.models import ShareCount, SharePress
from community_site.sharing.networks import NETWORKS, share_hosts, valid_instance

POST = "/posts/what-is-peer-support"
CANONICAL = "https://peer.example/posts/what-is-peer-support"
HX = {"HX-Request": "true"}


def press(client, network, headers=None, data=None, ua="Browser A", ip="203.0.113.7"):
    return client.post(
        f"{POST}/share/{network}",
        headers={"User-Agent": ua, **(headers or {})},
        data=data,
        environ_base={"REMOTE_ADDR": ip},
    )


def shown_count(html: str, network: str) -> int:
    match = re.search(rf'data-share-count="{network}">(\d+)<', html)
    assert match, f"no count for {network}"
    return int(match.group(1))


def test_every_network_has_a_labelled_button_with_a_visible_count(client, imported):
    html = client.get(POST).text
    for network in NETWORKS.values():
        assert f'data-share-count="{network.name}">0<' in html
        assert f'<span class="share__label">{network.label}</span>' in html
    assert re.search(r"Ways to share <span[^>]*>“What is Peer Support\?”</span>", html)
    assert 'role="status"' in html  # the live region for "Link copied"


def shown_total(html: str, post_id: int) -> str:
    match = re.search(rf'data-share-total="{post_id}"[^>]*>([^<]+)<', html)
    assert match, f"no total for post {post_id}"
    return match.group(1)


def test_listing_entries_show_a_total_and_one_share_control(client, imported):
    html = client.get("/").text
    assert "share__button" not in html  # the full bars stay on the post pages
    assert html.count('class="entry__share"') == 4
    assert html.count('hx-get="/posts/what-is-peer-support/share"') == 1
    assert re.search(r'href="/posts/what-is-peer-support#share-(\d+)"', html)
    assert html.count("0 shares") == 4


def test_the_share_control_opens_the_posts_full_bar(client, imported):
    link = re.search(r'href="/posts/what-is-peer-support(#share-\d+)"', client.get("/").text)
    fragment = client.get(f"{POST}/share", headers=HX).text
    assert fragment.lstrip().startswith('<section class="share-bar"')
    assert f'id="{link.group(1)[1:]}"' in fragment
    assert fragment.count("<form") == len(NETWORKS)
    # Without JavaScript the same address is the post page, whose bar is the same.
    page = client.get(f"{POST}/share").text
    assert "<!doctype html>" in page and f'id="{link.group(1)[1:]}"' in page


def test_htmx_press_returns_the_updated_button_with_200(client, imported):
    response = press(client, "facebook", HX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<form class="share share--facebook"')
    assert shown_count(response.text, "facebook") == 1
    assert shown_count(client.get(POST).text, "facebook") == 1


def test_plain_form_press_records_and_redirects_303_to_the_network(client, imported):
    response = press(client, "facebook")
    assert response.status_code == 303
    target = urlsplit(response.headers["Location"])
    assert target.netloc == "www.facebook.com"
    assert parse_qs(target.query)["u"] == [CANONICAL]
    assert shown_count(client.get(POST).text, "facebook") == 1


@pytest.mark.parametrize(
    "network,host,field",
    [
        ("bluesky", "bsky.app", "text"),
        ("x", "x.com", "url"),
        ("linkedin", "www.linkedin.com", "url"),
        ("reddit", "www.reddit.com", "url"),
        ("whatsapp", "wa.me", "text"),
        ("telegram", "t.me", "url"),
    ],
)
def test_share_urls_carry_the_canonical_url_and_title(client, imported, network, host, field):
    location = urlsplit(press(client, network).headers["Location"])
    assert location.scheme == "https" and location.netloc == host
    assert CANONICAL in parse_qs(location.query)[field][0]


def test_email_is_a_mailto_with_subject_and_body(client, imported):
    location = press(client, "email").headers["Location"]
    assert location.startswith("mailto:?")
    query = parse_qs(urlsplit(location).query)
    assert query["subject"] == ["What is Peer Support?"] and query["body"] == [CANONICAL]


def test_copy_press_counts_and_returns_to_the_post(client, imported):
    html = client.get(POST).text
    bar = re.search(r'<section class="share-bar" id="([^"]+)"', html).group(1)
    assert press(client, "copy").headers["Location"] == f"{CANONICAL}#{bar}"
    html = client.get(POST).text
    assert shown_count(html, "copy") == 1
    assert f'data-copy-url="{CANONICAL}"' in html


def test_the_share_sheet_counts_only_a_press_its_script_sends(client, imported):
    """Without JavaScript no sheet opens (and the button is hidden), so such a press is
    refused; site.js sends the press once the sheet has shared (browser test)."""
    plain = press(client, "native")
    assert plain.status_code == 422 and "needs JavaScript" in plain.text
    assert shown_count(client.get(POST).text, "native") == 0
    assert press(client, "native", HX).status_code == 200
    assert shown_count(client.get(POST).text, "native") == 1
    form = re.search(r'<form class="share share--native"[^>]*>', client.get(POST).text).group(0)
    assert " hidden" in form and "hx-post" not in form


def test_mastodon_press_through_the_script_counts_without_leaving_the_page(client, imported):
    """site.js opened the server's share page in a new tab already (browser test)."""
    response = press(client, "mastodon", {**HX, "HX-Prompt": " Mastodon.Social "})
    assert response.status_code == 200 and "HX-Redirect" not in response.headers
    assert shown_count(response.text, "mastodon") == 1
    form = re.search(r'<form class="share share--mastodon"[^>]*>', client.get(POST).text).group(0)
    template = re.search(r'data-share-template="([^"]+)"', form).group(1).replace("&amp;", "&")
    target = urlsplit(template.replace("{instance}", "mastodon.social"))
    assert (target.scheme, target.netloc, target.path) == ("https", "mastodon.social", "/share")
    assert parse_qs(target.query)["text"] == [f"What is Peer Support? {CANONICAL}"]
    assert 'target="_blank"' in form and "hx-post" not in form


def test_mastodon_without_javascript_uses_the_form_field(client, imported):
    response = press(client, "mastodon", data={"instance": "fosstodon.org"})
    assert response.status_code == 303
    assert response.headers["Location"].startswith("https://fosstodon.org/share?text=")


@pytest.mark.parametrize(
    "answer",
    [
        "https://evil.example",
        "evil.example/path",
        "user@evil.example",
        "evil.example:8080",
        "localhost",
        "127.0.0.1",
        "evil .example",
        "evil.example\r\nSet-Cookie: x=1",
        "-bad.example",
        "",
        "a" * 300 + ".example",
    ],
)
def test_mastodon_refuses_anything_but_a_plain_host_name(client, imported, answer):
    response = press(client, "mastodon", {**HX, "HX-Prompt": answer.replace("\r\n", " ")})
    assert response.status_code == 200
    assert "HX-Redirect" not in response.headers
    assert "Please enter just your Mastodon server" in response.text
    plain = press(client, "mastodon", data={"instance": answer})
    assert plain.status_code == 422 and "Location" not in plain.headers
    assert shown_count(client.get(POST).text, "mastodon") == 0


def test_valid_instance_accepts_international_names():
    assert valid_instance("Mastodon.Social") == "mastodon.social"
    assert valid_instance("bücher.example") == "xn--bcher-kva.example"


def test_get_never_counts_and_unknown_network_or_post_is_404(client, imported):
    assert client.get(f"{POST}/share/facebook").status_code == 405
    assert press(client, "myspace").status_code == 404
    assert client.post("/posts/nope/share/facebook").status_code == 404
    assert shown_count(client.get(POST).text, "facebook") == 0


def test_a_reader_counts_once_per_post_network_and_day(client, imported):
    for _ in range(3):
        press(client, "reddit", HX)
    press(client, "reddit", HX, ua="Browser B")
    press(client, "reddit", HX, ip="198.51.100.9")
    press(client, "telegram", HX)
    html = client.get(POST).text
    assert shown_count(html, "reddit") == 3 and shown_count(html, "telegram") == 1


@pytest.mark.sqlite_only
def test_no_raw_address_is_stored_and_no_cookie_is_set(app, client, imported):
    response = press(client, "reddit", HX, ip="203.0.113.77", ua="Secret UA")
    assert "Set-Cookie" not in response.headers
    with app.app_context():
        keys = db.session.scalars(select(SharePress.reader_key)).all()
    assert len(keys) == 1 and "203.0.113.77" not in keys[0] and "Secret" not in keys[0]
    db_bytes = (app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"),)
    with open(db_bytes[0], "rb") as handle:
        assert b"203.0.113.77" not in handle.read()


def test_forwarded_addresses_are_ignored_unless_proxies_are_trusted(app, client, imported):
    for ip in ("10.0.0.1", "10.0.0.2"):
        press(client, "x", {**HX, "X-Forwarded-For": ip}, ip="192.0.2.1")
    assert shown_count(client.get(POST).text, "x") == 1


def test_trusted_proxy_setting_reads_x_forwarded_for(tmp_path, monkeypatch):
    from community_site import create_app
    from importer.cli import import_command
    from tests.support import REAL_DUMP

    monkeypatch.setenv("TRUSTED_PROXIES", "1")
    app = create_app(
        {
            "INSTANCE_PATH": str(tmp_path / "i"),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db",
        }
    )
    app.test_cli_runner().invoke(import_command, [str(REAL_DUMP)])
    client = app.test_client()
    for ip in ("10.0.0.1", "10.0.0.2"):
        press(client, "x", {**HX, "X-Forwarded-For": ip}, ip="192.0.2.1")
    assert shown_count(client.get(POST).text, "x") == 2


def test_a_post_from_another_origin_is_refused_and_counts_nothing(client, imported):
    evil = press(client, "facebook", {**HX, "Origin": "https://evil.example"})
    assert evil.status_code == 403
    cross = press(client, "facebook", {"Sec-Fetch-Site": "cross-site"})
    assert cross.status_code == 403
    ok = press(client, "facebook", {**HX, "Origin": "https://peer.example"})
    assert ok.status_code == 200
    assert press(client, "facebook", {"Origin": "https://peer.example"}, ua="B").status_code == 303
    assert shown_count(client.get(POST).text, "facebook") == 2


def test_two_hundred_readers_pressing_at_once_give_exactly_two_hundred(app, imported):
    barrier = threading.Barrier(20)

    def one_reader(n):
        client = app.test_client()
        if n < 20:
            barrier.wait()
        return press(
            client, "whatsapp", HX, ua=f"Reader {n}", ip=f"198.51.100.{n % 250}"
        ).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(one_reader, range(200)))
    assert statuses == [200] * 200
    with app.app_context():
        count = db.session.scalar(select(ShareCount.count).where(ShareCount.network == "whatsapp"))
    assert count == 200


def test_a_press_stuck_behind_the_database_gives_up_after_the_busy_timeout(app, client, imported):
    """While one press waits on a database another writer holds (an import), a press queued
    behind it waits no longer than SQLite's busy timeout, then answers 503 with Retry-After,
    instead of the queue holding the server's threads one busy timeout after another."""
    import time

    from community_site.sharing import presses

    app.config["SQLITE_BUSY_TIMEOUT_MS"] = 500
    with presses.one_writer:  # as a press blocked on SQLite's write lock holds it
        started = time.monotonic()
        response = press(client, "email", HX)
        waited = time.monotonic() - started
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert 0.4 < waited < 3
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ShareCount)) == 0
    assert press(client, "email", HX).status_code == 200


def test_the_set_of_networks_is_configurable(app, client, imported):
    app.config["SHARE_NETWORKS"] = ["email", "mastodon"]
    html = client.get(POST).text
    assert 'data-share-count="email"' in html and 'data-share-count="facebook"' not in html
    assert press(client, "facebook").status_code == 404


def test_share_hosts_come_from_the_one_table():
    assert {"www.facebook.com", "bsky.app", "x.com", "wa.me", "t.me"} <= share_hosts()


def test_pages_rendered_before_a_press_show_the_new_count_after_it(app, client, imported):
    post_id = int(re.search(r'data-share-total="(\d+)"', client.get(POST).text).group(1))
    assert shown_count(client.get(POST).text, "bluesky") == 0
    assert shown_total(client.get("/").text, post_id) == "0 shares"
    response = press(client, "bluesky", HX)
    # The press answers with the button and, out of band, the post's new total.
    assert 'hx-swap-oob="outerHTML:[data-share-total' in response.text
    assert shown_total(response.text, post_id) == "1 share"
    assert shown_count(client.get(POST).text, "bluesky") == 1
    assert shown_total(client.get("/").text, post_id) == "1 share"
    assert shown_total(client.get(POST).text, post_id) == "1 share"


def test_a_flood_of_presses_from_one_reader_gets_429_and_writes_nothing(app, client, imported):
    app.extensions["share_limiter"].limit = 30
    posts = ["/posts/what-is-peer-support", "/posts/enteroviral-infection-in-me-cfs"]
    statuses = []
    for n in range(40):
        response = client.post(
            f"{posts[n % 2]}/share/{['x', 'reddit', 'telegram'][n % 3]}",
            headers={"User-Agent": "Flooder", **HX},
            environ_base={"REMOTE_ADDR": "203.0.113.66"},
        )
        statuses.append(response.status_code)
    assert statuses[:30] == [200] * 30 and statuses[30:] == [429] * 10
    assert response.headers["Retry-After"] == "60"
    assert "Please wait a minute" in response.text
    assert response.text.lstrip().startswith("<form")  # a fragment htmx swaps in place
    plain = client.post(
        f"{POST}/share/x",
        headers={"User-Agent": "Flooder"},
        environ_base={"REMOTE_ADDR": "203.0.113.66"},
    )
    assert plain.status_code == 429 and "Please wait a minute" in plain.text
    assert plain.headers["Retry-After"] == "60"
    with app.app_context():
        presses = db.session.scalar(select(func.count()).select_from(SharePress))
    assert presses == 6  # 2 posts x 3 networks: repeats count once a day
    # Another reader is not affected.
    assert press(client, "x", HX, ip="198.51.100.20").status_code == 200


def test_the_limit_window_slides():
    from community_site.sharing.rate_limit import RateLimiter

    limiter = RateLimiter(2, window=60)
    assert limiter.allow("a", now=0) and limiter.allow("a", now=1)
    assert not limiter.allow("a", now=30)
    assert limiter.allow("a", now=61)
