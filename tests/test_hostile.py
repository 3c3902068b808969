"""Hostile clients, as they send it, to the app served by gunicorn (gunicorn.conf.py): forged
Host and X-Forwarded-Host headers, oversized and endless bodies. Runs in both halves of the
suite (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
import socket
import threading

import pytest

from community_site import ConfigError, create_app
from tests.browser.conftest import Server
from tests.support import REAL_DUMP
from tests.test_faults import run_wsgi

pytestmark = pytest.mark.served

POST = "/posts/what-is-peer-support"
PAGES = [
    "/",
    "/?page=1",
    POST,
    "/posts/enteroviral-infection-in-me-cfs",
    "/feed.xml",
    "/sitemap.xml",
    "/robots.txt",
    "/search?q=peer",
]
EVIL = "evil.example"
TWO_MB = 2 * 1024 * 1024


def exchange(port: int, raw: bytes, timeout: float = 10) -> tuple[int, dict, bytes]:
    """Send raw bytes on a new connection; return the status, headers and body of the answer,
    read until the server closes the connection or the body's length is reached."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(raw)
        return read_response(sock)


def read_response(sock: socket.socket) -> tuple[int, dict, bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "-1"))
    while length < 0 or len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return status, headers, body


def get(port: int, path: str, host: str, *extra: str) -> tuple[int, dict, bytes]:
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}", "Connection: close", *extra]
    return exchange(port, ("\r\n".join(lines) + "\r\n\r\n").encode())


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site as `make run` serves it, on its own address; alias.example is an extra host."""
    server = Server(
        tmp_path_factory.mktemp("hostile-site"),
        [REAL_DUMP],
        # A stalled chunked body is given up on after this long (10 s when deployed).
        {"ALLOWED_HOSTS": "alias.example", "GUNICORN_BODY_STALL_SECONDS": "2"},
    )
    yield server
    server.stop()


def own_host(site) -> str:
    return f"127.0.0.1:{site.port}"


def assert_only_own_urls(site, body: bytes, where: str):
    text = body.decode()
    assert EVIL not in text, where
    assert "alias.example" not in text and "localhost" not in text, where
    absolute = re.findall(r"https?://(?:127\.0\.0\.1|localhost|alias\.example)[^\"'<\s]*", text)
    assert all(url.startswith(site.base) for url in absolute), (where, absolute)


def test_a_forged_host_is_refused_and_never_reaches_another_visitors_page(site):
    forged = [EVIL, f"{EVIL}:{site.port}", "EVIL.example", f"127.0.0.1.{EVIL}", f"{EVIL}:80"]
    for _ in range(2):  # before the pages are cached, and again once they are
        for path in PAGES:
            for host in forged:
                status, headers, body = get(site.port, path, host)
                assert status == 400, (path, host, status)
                # The site's own error page, whose links are on the site's own address.
                assert b"Bad request" in body and b"<main" in body, (path, host)
                assert b"evil" not in body.lower(), (path, host)
                assert "content-security-policy" in headers
            status, _, body = get(site.port, path, own_host(site))
            assert status == 200, path
            assert_only_own_urls(site, body, path)
    _, _, post = get(site.port, POST, own_host(site))
    assert f'<link rel="canonical" href="{site.base}{POST}">'.encode() in post
    _, _, robots = get(site.port, "/robots.txt", own_host(site))
    assert f"Sitemap: {site.base}/sitemap.xml".encode() in robots


def test_an_absolute_request_target_cannot_name_another_host(site):
    for path in ("/", POST, "/feed.xml", "/sitemap.xml"):
        status, _, body = get(site.port, f"http://{EVIL}{path}", own_host(site))
        assert status in (200, 400), (path, status)
        assert b"evil" not in body.lower(), path
        status, _, body = get(site.port, path, own_host(site))
        assert status == 200 and b"evil" not in body.lower(), path


def test_another_host_of_the_site_gets_pages_with_the_sites_own_urls(site):
    """The cache never hands one host's page to another, and no host's page names itself:
    every absolute URL is on BASE_URL, whichever allowed name the page was asked for by."""
    for path in ("/", POST, "/feed.xml", "/sitemap.xml", "/robots.txt"):
        for host in ("alias.example", f"localhost:{site.port}", own_host(site)):
            status, _, body = get(site.port, path, host)
            assert status == 200, (path, host)
            assert_only_own_urls(site, body, f"{path} as {host}")


def test_x_forwarded_host_is_not_believed_from_a_client_that_is_not_a_trusted_proxy(site):
    for path in ("/", POST, "/feed.xml", "/sitemap.xml"):
        status, _, body = get(site.port, path, own_host(site), f"X-Forwarded-Host: {EVIL}")
        assert status == 200 and b"evil" not in body.lower(), path
    _, _, body = get(site.port, POST, own_host(site))
    assert b"evil" not in body.lower()


def test_through_a_trusted_proxy_a_forged_forwarded_host_still_gets_400(tmp_path):
    proxied = Server(tmp_path, [REAL_DUMP], {"TRUSTED_PROXIES": "1"})
    try:
        for path in ("/", POST, "/feed.xml", "/sitemap.xml"):
            status, _, body = get(
                proxied.port, path, own_host(proxied), f"X-Forwarded-Host: {EVIL}"
            )
            assert status == 400 and b"evil" not in body.lower(), path
            status, _, body = get(
                proxied.port, path, own_host(proxied), "X-Forwarded-Host: localhost"
            )
            assert status == 200, path
            assert_only_own_urls(proxied, body, path)
    finally:
        proxied.stop()


def post_head(path: str, host: str, *extra: str) -> bytes:
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: {host}",
        "Content-Type: application/x-www-form-urlencoded",
        "User-Agent: hostile",
        *extra,
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def send_while_reading(port: int, raw: bytes) -> tuple[int, dict, bytes]:
    """Send a whole request from one thread while reading the answer in this one."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:

        def send():
            try:
                sock.sendall(raw)
            except OSError:
                pass  # the server may close before taking all of it: that is the point

        sender = threading.Thread(target=send)
        sender.start()
        answer = read_response(sock)
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already reset by the server
        sender.join(timeout=10)
    return answer


def assert_413_page(status: int, headers: dict, body: bytes):
    assert status == 413
    assert b"Too large" in body and b"<main" in body and b"Traceback" not in body
    assert "content-security-policy" in headers


@pytest.mark.parametrize("path", [f"{POST}/share/x", f"{POST}/share/mastodon", "/", "/nope"])
def test_a_declared_two_megabyte_body_is_refused_before_it_is_sent(site, path):
    """The 413 arrives before a byte of the body is sent, and the connection then closes."""
    with socket.create_connection(("127.0.0.1", site.port), timeout=10) as sock:
        sock.sendall(post_head(path, own_host(site), f"Content-Length: {TWO_MB}"))
        assert_413_page(*read_response(sock))
        assert sock.recv(1) == b""  # closed: gunicorn does not wait for the 2 MB


def test_a_two_megabyte_form_body_gets_413(site):
    body = b"instance=" + b"a" * (TWO_MB - 9)
    head = post_head(f"{POST}/share/mastodon", own_host(site), f"Content-Length: {len(body)}")
    assert_413_page(*send_while_reading(site.port, head + body))


@pytest.mark.parametrize("path", [f"{POST}/share/x", f"{POST}/share/mastodon"])
def test_a_chunked_body_without_a_length_gets_413_past_the_limit(site, path):
    chunk = b"a" * 16384
    framed = b"instance=" + chunk
    body = b"%x\r\n%s\r\n" % (len(framed), framed)
    body += b"%x\r\n%s\r\n" % (len(chunk), chunk) * (TWO_MB // len(chunk))
    body += b"0\r\n\r\n"
    head = post_head(path, own_host(site), "Transfer-Encoding: chunked")
    assert_413_page(*send_while_reading(site.port, head + body))


def test_a_press_of_ordinary_size_is_still_answered(site):
    form = b"instance=mastodon.social"
    raw = post_head(
        f"{POST}/share/mastodon",
        own_host(site),
        f"Content-Length: {len(form)}",
        f"Origin: {site.base}",
        "Connection: close",
    )
    status, headers, _ = exchange(site.port, raw + form)
    assert status == 303 and headers["location"].startswith("https://mastodon.social/")
    chunked = post_head(
        f"{POST}/share/mastodon",
        own_host(site),
        "Transfer-Encoding: chunked",
        f"Origin: {site.base}",
        "User-Agent: another reader",
    )
    status, headers, _ = exchange(site.port, chunked + b"%x\r\n%s\r\n0\r\n\r\n" % (len(form), form))
    assert status == 303 and headers["location"].startswith("https://mastodon.social/")


# Chunked bodies gunicorn cannot read, each with the status it must get: the size line, an
# extension, the data's terminator, a trailer, and sizes past what the site takes.
MALFORMED_CHUNKS = [
    (b'1;a"b\r\nx\r\n0\r\n\r\n', 400),  # an unterminated quoted extension
    (b"1;a\rb\r\nx\r\n0\r\n\r\n", 400),  # a bare CR in an extension
    (b'0;a="b\r\n\r\n', 400),  # the last chunk's extension
    (b"-1\r\nx\r\n0\r\n\r\n", 400),
    (b"zz\r\nx\r\n0\r\n\r\n", 400),
    (b"\r\nx\r\n0\r\n\r\n", 400),  # no size at all
    (b"1 \r\nx\r\n0\r\n\r\n", 400),  # white space with no extension after it
    (b"1" + b" " * 9000 + b"\r\nx\r\n0\r\n\r\n", 400),  # a size line past gunicorn's limit
    (b"3\r\nxyzabc0\r\n\r\n", 400),  # data longer than its size says
    (b"1\r\nx\r\n0\r\nnot a trailer\r\n\r\n", 400),
    (b"1\nx\n0\n\n", 400),  # bare LFs: the size line never ends, then the body stalls
    (b"FFFFFFFFFFFFFFFF1\r\nx\r\n0\r\n\r\n", 413),  # past 64 bits
    (b"FFFFFFFF\r\nx\r\n0\r\n\r\n", 413),  # 4 GiB announced, a byte sent
    (b"8000\r\n" + b"x" * 0x8000 + b"\r\n8001\r\nx\r\n0\r\n\r\n", 413),  # adds up past 64 KiB
]


@pytest.mark.parametrize(("body", "status"), MALFORMED_CHUNKS, ids=range(len(MALFORMED_CHUNKS)))
def test_a_malformed_chunked_body_is_a_4xx_page_never_a_500_or_silence(site, body, status):
    head = post_head(f"{POST}/share/mastodon", own_host(site), "Transfer-Encoding: chunked")
    answer = send_while_reading(site.port, head + body)
    assert answer[0] == status, answer[0]
    assert b"<main" in answer[2] and b"Traceback" not in answer[2]
    assert "content-security-policy" in answer[1]  # the site's own error page
    # The next reader is served as ever.
    assert get(site.port, POST, own_host(site))[0] == 200


def test_a_script_name_header_moves_no_link_of_a_page_cached_for_everyone(site):
    """gunicorn trusts its loopback peer for forwarded headers; SCRIPT_NAME and PATH_INFO from
    a client are still not believed, so a cold page asked for with one is no one's."""
    cold = "/popular?page=1"
    for forged in ("SCRIPT_NAME: /evil", "PATH_INFO: /evil", "SCRIPT_NAME: /evil/popular"):
        status, _, body = get(site.port, f"/evil{cold}", own_host(site), forged)
        assert status == 404 and b"/evil/" not in body, forged
        status, _, body = get(site.port, cold, own_host(site), forged)
        assert status == 200 and b"/evil" not in body, forged
    status, _, body = get(site.port, cold, own_host(site))
    assert status == 200 and b"/evil" not in body
    links = re.findall(rb'(?:href|src|hx-get)="(/[^"]*)"', body)
    assert len(links) > 10 and all(not link.startswith(b"/evil") for link in links)
    assert re.search(rb'href="/static/[0-9a-f]+/site\.css"', body)


def test_served_pages_carry_the_careful_headers(site):
    status, headers, _ = get(site.port, POST, own_host(site))
    assert status == 200
    policy = headers["permissions-policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy
    assert "clipboard-write=(self)" in policy and "web-share=(self)" in policy
    assert headers["cross-origin-opener-policy"] == "same-origin"
    # BASE_URL is http here: no Strict-Transport-Security (the test client's is https).
    assert "strict-transport-security" not in headers


@pytest.mark.parametrize(
    "base_url",
    [
        "community.example.org",
        "ftp://community.example.org",
        "https://",
        "https://community.example.org/sub",
        "https://user@community.example.org",
        "https://community.example.org?x=1",
        "https://[::1]:8000",
        "https://community.example.org:99999",
        "javascript:alert(1)",
    ],
)
def test_a_base_url_that_is_not_an_origin_stops_start_up(tmp_path, base_url):
    with pytest.raises(ConfigError, match="BASE_URL must be the site's address"):
        create_app({"INSTANCE_PATH": str(tmp_path / "i"), "BASE_URL": base_url})


def test_a_bad_base_url_stops_the_site_with_one_line():
    result = run_wsgi({"BASE_URL": "community.example.org"})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "BASE_URL must be the site's address" in lines[0], result.stderr


def test_the_trusted_hosts_follow_base_url(tmp_path):
    def hosts(**config):
        return create_app({"INSTANCE_PATH": str(tmp_path / "i"), **config}).config["TRUSTED_HOSTS"]

    assert hosts(BASE_URL="https://Community.Example.org/") == ["community.example.org"]
    assert hosts(BASE_URL="http://localhost:5000") == ["localhost", "127.0.0.1"]
    assert hosts(BASE_URL="https://a.example", ALLOWED_HOSTS=["www.a.example"]) == [
        "a.example",
        "www.a.example",
    ]
    with pytest.raises(ConfigError, match="ALLOWED_HOSTS"):
        hosts(BASE_URL="https://a.example", ALLOWED_HOSTS=["https://b.example"])
