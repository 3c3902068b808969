"""Attacks on the proxy (issue 32), through Debian's nginx with the shipped files in front of
gunicorn: conditional requests for pages nginx keeps no copy of, a GET with a body, a header
sent a line at a time, and thousands of slow connections from one address (slowhttptest, from
Debian) while a reader at another address is served, every second."""

from __future__ import annotations

import os
import re
import resource
import shutil
import socket
import subprocess
import threading
import time
from urllib.parse import quote

import pytest

from tests.test_hostile import exchange
from tests.test_proxy import POST, deploy, fetch

pytestmark = pytest.mark.served

READER = "127.0.0.2"  # the attacks all come from 127.0.0.1
SLOWHTTPTEST = "slowhttptest"


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    """The site's default one-second window, and as many nginx workers as the shipped file
    starts (one a core)."""
    deployed = deploy(tmp_path_factory.mktemp("attacked"), {}, workers=None)
    yield deployed
    deployed.stop()


def through(proxied, path, headers=None, source=None):
    return fetch(proxied.proxy.port, "GET", path, headers, source=source)


def direct(proxied, path, headers=None):
    return fetch(proxied.site.port, "GET", path, {**(headers or {}), "Host": "127.0.0.1"})


def cold(path: str, kind: str) -> str:
    """The same page under a key the proxy has not seen (an argument the page does not read)."""
    return f"{path}{'&' if '?' in path else '?'}cold={quote(kind)}"


# A page, a post, a fragment (the share bar, as htmx asks for it), the feed and a search.
ASKED = [
    ("/", {}),
    (POST, {}),
    (f"{POST}/share", {"HX-Request": "true"}),
    ("/feed.xml", {}),
    ("/search?q=peer", {}),
]


@pytest.mark.parametrize(("path", "headers"), ASKED, ids=[path for path, _ in ASKED])
@pytest.mark.parametrize("kind", ["*", "its ETag"])
def test_a_conditional_request_on_a_cold_page_leaves_the_next_reader_a_whole_page(
    proxied, path, headers, kind
):
    path = cold(path, kind)
    _, expected_headers, expected = direct(proxied, path, headers)
    etag = expected_headers["etag"]
    assert len(expected) > 500, path
    # The first request for the page asks only whether the copy it holds is current.
    status, _, body = through(
        proxied, path, {**headers, "If-None-Match": etag if kind != "*" else "*"}
    )
    assert (status, body) == (304, b""), path
    # Everyone else gets the whole page: first fetched whole, then from the proxy's copy.
    status, got, body = through(proxied, path, headers, source=READER)
    assert (status, body) == (200, expected), (path, got.get("x-cache"))
    status, got, body = through(proxied, path, headers)
    assert (status, got.get("x-cache"), body) == (200, "HIT", expected), path
    # A reader holding the ETag still gets a 304, now from the proxy's copy.
    status, got, body = through(proxied, path, {**headers, "If-None-Match": etag})
    assert (status, got.get("etag"), body) == (304, etag, b""), path


def test_a_get_with_a_body_is_refused_and_the_kept_page_stays(proxied):
    path = cold("/popular", "body")
    head = f"{path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    exchange(proxied.proxy.port, f"GET {head}\r\n".encode())
    _, kept, page = exchange(proxied.proxy.port, f"GET {head}\r\n".encode())
    assert kept["x-cache"] == "HIT"
    for method in ("GET", "HEAD"):
        for body in (
            "Content-Length: 1\r\n\r\nx",
            "Transfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n",
        ):
            status, headers, answer = exchange(
                proxied.proxy.port, f"{method} {head}{body}".encode()
            )
            # nginx's own 400: the site (whose pages carry a CSP) never saw it.
            assert status == 400 and "content-security-policy" not in headers, (method, body)
    # A declared empty body is no body: the kept page, as for anyone.
    status, headers, answer = exchange(
        proxied.proxy.port, f"GET {head}Content-Length: 0\r\n\r\n".encode()
    )
    assert status == 200 and headers["x-cache"] == "HIT" and answer == page


def test_a_script_name_header_through_the_proxy_moves_no_link(proxied):
    path = cold("/popular", "script name")
    for forged in ({"SCRIPT_NAME": "/evil"}, {"PATH_INFO": "/evil"}):
        status, _, body = through(proxied, f"/evil{path}", forged)
        assert status == 404 and b"/evil/" not in body, forged
        status, _, body = through(proxied, path, forged)
        assert status == 200 and b"/evil" not in body, forged
    status, _, body = through(proxied, path, source=READER)
    links = re.findall(rb'(?:href|src|hx-get)="(/[^"]*)"', body)
    assert status == 200 and len(links) > 10, links
    assert not [link for link in links if link.startswith(b"/evil")]


def test_a_header_sent_a_line_a_second_is_cut_off_after_ten_seconds_in_all(proxied):
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", proxied.proxy.port), timeout=5) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        line = 0
        try:
            while time.monotonic() - started < 20:
                time.sleep(1)
                line += 1
                sock.sendall(f"X-Slow-{line}: still typing\r\n".encode())
        except OSError:
            pass  # nginx closed (or reset) the connection: the point
        lasted = time.monotonic() - started
    assert 9 <= lasted < 13, lasted  # client_header_timeout, from the connection's start


def require_slowhttptest() -> None:
    if shutil.which(SLOWHTTPTEST):
        return
    if os.environ.get("CI"):
        pytest.fail("slowhttptest is missing: CI must install Debian's slowhttptest (.ci/run)")
    pytest.skip("slowhttptest is not installed (apt-get install slowhttptest)")


def open_files_as_allowed() -> None:
    """In slowhttptest's process: as many open files as the hard limit allows (one a socket)."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def last_count(report: str, name: str) -> int:
    return int(re.findall(rf"{name}:\s+(\d+)", report)[-1])


class Reader:
    """From READER's address, once a second: `GET /` and a post page, each on a new
    connection; (path, status or error, seconds) of each."""

    def __init__(self, port: int):
        self.port, self.answers, self.stop = port, [], threading.Event()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        while not self.stop.is_set():
            second = time.monotonic()
            for path in ("/", POST):
                started = time.monotonic()
                try:
                    status = fetch(self.port, "GET", path, source=READER, timeout=5)[0]
                except OSError as error:
                    status = type(error).__name__
                self.answers.append((path, status, time.monotonic() - started))
            self.stop.wait(max(0.0, 1 - (time.monotonic() - second)))

    def close(self) -> list:
        self.stop.set()
        self.thread.join(timeout=15)
        return self.answers


# (mode, connections, opened a second, seconds): slowloris (-H) sends a header line every 2 s
# and never ends it; slow body (-B) declares 8 KiB and sends 10 bytes every 2 s.
ATTACKS = [
    ("-H", 2000, 200, 15),
    ("-H", 10000, 1000, 25),
    ("-B", 2000, 200, 15),
    ("-B", 10000, 1000, 25),
]


@pytest.mark.parametrize(("mode", "connections", "rate", "seconds"), ATTACKS)
def test_thousands_of_slow_connections_from_one_address_leave_another_reader_served(
    proxied, mode, connections, rate, seconds
):
    require_slowhttptest()
    target = f"{POST}/share/mastodon" if mode == "-B" else "/"
    command = [
        SLOWHTTPTEST, mode, "-c", str(connections), "-r", str(rate), "-l", str(seconds),
        "-i", "2", "-s", "8192", "-x", "10", "-p", "3",
        "-u", f"http://127.0.0.1:{proxied.proxy.port}{target}",
    ]  # fmt: skip
    reader = Reader(proxied.proxy.port)
    try:
        attack = subprocess.run(
            command,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=seconds + 60,
            preexec_fn=open_files_as_allowed,
        )
    finally:
        answers = reader.close()
    report = re.sub(r"\x1b\[[0-9;]*m", "", attack.stdout)
    opened = sum(last_count(report, name) for name in ("connected", "closed", "error"))
    closed = last_count(report, "closed")
    slowest = max(seconds for _, _, seconds in answers)
    print(
        f"\nslowhttptest {mode} -c {connections}: {opened} opened, {closed} closed by nginx; "
        f"reader: {len(answers)} answers, slowest {slowest * 1000:.0f} ms"
    )
    assert opened >= connections // 2, report[-600:]
    assert closed > 0, report[-600:]  # nginx ends what it bounds, though each keeps sending
    assert len(answers) >= 2 * (seconds - 2), answers
    late = [(path, status, took) for path, status, took in answers if status != 200 or took >= 1]
    assert not late, late
