"""The site as docs/deploying.md deploys it: gunicorn (TRUSTED_PROXIES=1) behind Debian's nginx with
the shipped deploy/nginx.conf, tried as readers and attackers would through the proxy: slow
clients, an oversized body, a forged Host, presses from two readers, and pages that are the
same bytes, ETags and 304s through the proxy as straight from gunicorn."""

from __future__ import annotations

import http.client
import re
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.browser.conftest import Server, free_port
from tests.nginx import Nginx, require_nginx
from tests.support import REAL_DUMP
from tests.test_hostile import TWO_MB, exchange, read_response

pytestmark = pytest.mark.served

POST = "/posts/what-is-peer-support"
SLOW_CLIENTS = 64
DRIP_EVERY, DRIP_SECONDS = 1.5, 8.0
# Readers behind the proxy, each from a loopback address of its own (Linux routes 127/8 on lo).
READER_A, READER_B = "127.0.0.2", "127.0.0.3"


@dataclass
class Deployed:
    site: Server
    proxy: Nginx
    folder: Path

    def log_text(self) -> str:
        """Everything gunicorn, the site and nginx's two logs of the site wrote."""
        return "".join(
            path.read_text(errors="replace")
            for path in (
                self.folder / "gunicorn.log",
                self.folder / "gunicorn-access.log",
                self.folder / "nginx" / "access.log",
                self.folder / "nginx" / "site-error.log",
            )
            if path.exists()
        )

    def stop(self) -> None:
        self.proxy.stop()
        self.site.stop()


def deploy(folder: Path, env: dict, workers: int | None = 1) -> Deployed:
    """gunicorn with TRUSTED_PROXIES=1 and the real dump behind nginx with the shipped file
    (`workers` nginx processes; None: the shipped number, one a core); readers use the proxy's
    address (BASE_URL), and nginx passes the host name on."""
    require_nginx()
    proxy_port = free_port()
    site = Server(
        folder,
        [REAL_DUMP],
        {"TRUSTED_PROXIES": "1", "BASE_URL": f"http://127.0.0.1:{proxy_port}", **env},
        log=folder / "gunicorn.log",
    )
    try:
        proxy = Nginx(folder / "nginx", proxy_port, site.port, workers=workers)
    except BaseException:
        site.stop()
        raise
    return Deployed(site, proxy, folder)


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("deployed")
    deployed = deploy(
        folder,
        {
            "SHARE_RATE_LIMIT": "6",
            "SHARE_READERS_PER_ADDRESS": "2",
            "GUNICORN_ACCESS_LOG": str(folder / "gunicorn-access.log"),
            # The proxy keeps no page here, so every request reaches gunicorn (the proxy's
            # cache is tried in tests/test_proxy_cache.py).
            "PROXY_CACHE_SECONDS": "0",
        },
    )
    yield deployed
    deployed.stop()


def fetch(port, method, path, headers=None, source=None, timeout=10.0):
    """(status, headers with lower-case names, body bytes) of one request on a new connection,
    from the loopback address `source` when given."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=timeout, source_address=(source, 0) if source else None
    )
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return (
            response.status,
            {name.lower(): value for name, value in response.getheaders()},
            response.read(),
        )
    finally:
        connection.close()


def timed_get(port, path, timeout) -> float | None:
    """Seconds a reader waited for `path`, or None when no answer came within `timeout`."""
    started = time.monotonic()
    try:
        status, _, _ = fetch(port, "GET", path, timeout=timeout)
    except (TimeoutError, OSError):
        return None
    assert status == 200, path
    return time.monotonic() - started


class Drip:
    """Connections that send a request's header lines one at a time, far apart, and never
    finish them: the slow-client attack, for a bounded time."""

    def __init__(self, port: int, count: int = SLOW_CLIENTS):
        self.sockets = []
        for _ in range(count):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            self.sockets.append(sock)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._drip, daemon=True)
        self.thread.start()

    def _drip(self) -> None:
        deadline, line = time.monotonic() + DRIP_SECONDS, 0
        while not self.stop.wait(DRIP_EVERY) and time.monotonic() < deadline:
            line += 1
            for sock in self.sockets:
                try:
                    sock.sendall(f"X-Slow-{line}: still typing\r\n".encode())
                except OSError:
                    pass

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=DRIP_SECONDS + 5)
        for sock in self.sockets:
            sock.close()


def test_slow_clients_through_the_proxy_leave_every_reader_served(deployed):
    drip = Drip(deployed.proxy.port)
    try:
        time.sleep(DRIP_EVERY + 0.5)  # every slow client has sent a second line
        listing = timed_get(deployed.proxy.port, "/", timeout=5)
        post = timed_get(deployed.proxy.port, POST, timeout=5)
    finally:
        drip.close()
    print(f"\nthrough nginx, {SLOW_CLIENTS} slow clients: GET / {listing}, post page {post} s")
    assert listing is not None and listing < 1.0
    assert post is not None and post < 1.0

    # The contrast: the same slow clients straight at gunicorn hold its threads.
    drip = Drip(deployed.site.port)
    try:
        time.sleep(DRIP_EVERY + 0.5)
        direct = timed_get(deployed.site.port, "/", timeout=DRIP_SECONDS)
    finally:
        drip.close()
    print(f"straight at gunicorn, {SLOW_CLIENTS} slow clients: GET / {direct} s")
    # Once they are gone gunicorn serves again.
    assert timed_get(deployed.site.port, "/", timeout=10) is not None


def access_lines(deployed, awaited: str = "") -> str:
    """gunicorn's access log, once it holds `awaited` (it writes a line after the answer)."""
    path = deployed.folder / "gunicorn-access.log"
    deadline = time.monotonic() + 5
    while True:
        lines = path.read_text() if path.exists() else ""
        if awaited in lines or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


def test_a_body_over_the_sites_limit_is_refused_by_the_proxy_and_never_reaches_gunicorn(
    deployed,
):
    port = deployed.proxy.port
    status, _, _ = fetch(
        port, "POST", f"{POST}/share/email", {"HX-Request": "true", "User-Agent": "small body"}
    )
    assert status == 200
    pressed = f"POST {POST}/share/email"
    assert pressed in access_lines(deployed, pressed)  # gunicorn logs what it sees

    head = f"POST {POST}/share/reddit HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    # Declared: refused as soon as the headers are read, before a byte of the body is sent.
    status, _, body = exchange(
        port, (head + f"Content-Length: {TWO_MB}\r\nConnection: close\r\n\r\n").encode()
    )
    assert status == 413, body
    # Chunked: refused once past the limit; nginx stops reading there.
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall((head + "Transfer-Encoding: chunked\r\n\r\n").encode())
        chunk = b"%x\r\n%s\r\n" % (64 * 1024, b"x" * 64 * 1024)
        try:
            for _ in range(TWO_MB // (64 * 1024)):
                sock.sendall(chunk)
        except OSError:
            pass  # nginx answered and closed the connection mid-body
        status, _, _ = read_response(sock)
    assert status == 413
    # Whatever gunicorn saw after those two is logged by the time a later request's line is.
    fetch(port, "GET", "/robots.txt")
    assert "/share/reddit" not in access_lines(deployed, "GET /robots.txt")


def test_a_forged_host_is_refused_through_the_proxy(deployed):
    status, headers, body = fetch(deployed.proxy.port, "GET", "/", {"Host": "evil.example"})
    assert status == 400
    assert b"Bad request" in body and b"evil" not in body.lower()
    assert "content-security-policy" in headers  # the site's own error page
    # A client's X-Forwarded-Host is replaced by the proxy: it cannot name another host.
    status, _, body = fetch(deployed.proxy.port, "GET", POST, {"X-Forwarded-Host": "evil.example"})
    assert status == 200 and b"evil" not in body.lower()


def press(deployed, network, source, agent, forwarded=None) -> int:
    headers = {"HX-Request": "true", "User-Agent": agent}
    if forwarded:
        headers["X-Forwarded-For"] = forwarded
    path = f"{POST}/share/{network}"
    return fetch(deployed.proxy.port, "POST", path, headers, source=source)[0]


def count(deployed, network) -> int:
    html = fetch(deployed.proxy.port, "GET", POST)[2].decode()
    return int(re.search(rf'data-share-count="{network}">(\d+)<', html).group(1))


def test_presses_behind_the_proxy_count_and_are_limited_by_each_readers_address(deployed):
    # SHARE_READERS_PER_ADDRESS=2: three browsers at reader A's address add two...
    assert [press(deployed, "telegram", READER_A, f"A{n}") for n in range(3)] == [200] * 3
    assert count(deployed, "telegram") == 2
    # ...and reader B, behind the same proxy, is another address: counted.
    assert press(deployed, "telegram", READER_B, "B0") == 200
    assert count(deployed, "telegram") == 3
    # A client's own X-Forwarded-For does not make A someone else: nginx appends the address
    # it sees, and the site believes only that one.
    assert press(deployed, "telegram", READER_A, "A9", forwarded="198.51.100.9") == 200
    assert count(deployed, "telegram") == 3
    # SHARE_RATE_LIMIT=6 a minute: A has pressed 4 times, so 2 more, then 429s; B is not held.
    statuses = [press(deployed, "whatsapp", READER_A, f"A{n}") for n in range(4)]
    assert statuses == [200, 200, 429, 429]
    assert press(deployed, "whatsapp", READER_B, "B0") == 200


def asset_path(page: bytes) -> str:
    return re.search(rb'href="(/static/[0-9a-f]+/site\.css)"', page).group(1).decode()


def test_pages_are_the_same_through_the_proxy_and_straight_from_gunicorn(deployed):
    page = fetch(deployed.proxy.port, "GET", "/")[2]
    paths = ["/", POST, "/popular", "/feed.xml", "/search?q=peer", asset_path(page)]
    compared = ("etag", "content-encoding", "content-type", "vary", "cache-control")
    for path in paths:
        for extra in ({}, {"Accept-Encoding": "gzip"}, {"HX-Request": "true"}):
            through = fetch(deployed.proxy.port, "GET", path, extra)
            # What nginx passes on: Host without the port (`$host`).
            direct = fetch(deployed.site.port, "GET", path, {**extra, "Host": "127.0.0.1"})
            where = (path, extra)
            assert through[0] == direct[0] == 200, where
            assert through[2] == direct[2], where
            for name in compared:
                assert through[1].get(name) == direct[1].get(name), (where, name)
            etag = through[1]["etag"]
            status, headers, body = fetch(
                deployed.proxy.port, "GET", path, {**extra, "If-None-Match": etag}
            )
            assert (status, headers.get("etag"), body) == (304, etag, b""), where
    _, headers, _ = fetch(
        deployed.proxy.port, "GET", paths[-1], {"Accept-Encoding": "gzip, deflate, br"}
    )
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert headers["content-encoding"] == "gzip"


def test_no_log_line_holds_a_readers_address_or_key(deployed):
    # Errors and presses have been logged above; add a 404 and a refused press.
    fetch(deployed.proxy.port, "GET", "/posts/no-such-post", source=READER_A)
    fetch(deployed.proxy.port, "POST", f"{POST}/share/nowhere", source=READER_B)
    access_lines(deployed, "/share/nowhere")
    logged = deployed.log_text()
    assert f"POST {POST}/share/telegram" in logged  # the logs are the ones written
    for address in (READER_A, READER_B, "198.51.100.9", "127.0.0.1 "):
        assert address not in logged, address
    engine = create_engine(deployed.site.env["DATABASE_URL"])
    with engine.connect() as connection:
        keys = connection.execute(text("SELECT reader_key, address_key FROM share_presses")).all()
        salts = connection.execute(text("SELECT salt FROM daily_salts")).scalars().all()
    engine.dispose()
    assert keys and salts
    for secret in [*salts, *(key for row in keys for key in row if key)]:
        assert secret not in logged
    assert "facing clients directly" not in logged  # gunicorn is on loopback, behind nginx
