"""Faults: a locked or unreachable database, bad configuration, secrets, SIGTERM under load."""

from __future__ import annotations

import http.client
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from community_site import create_app
from community_site.data.extension import db
from tests.browser.conftest import Server, extra_posts_dump
from tests.support import REAL_DUMP, ROOT

pytestmark = pytest.mark.served

POST = "/posts/what-is-peer-support"


def database_path(app) -> str:
    return app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")


@pytest.mark.sqlite_only
def test_a_database_locked_past_the_busy_timeout_is_a_503_with_retry_after(app, imported):
    app = create_app(
        {
            "INSTANCE_PATH": app.instance_path,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SQLITE_BUSY_TIMEOUT_MS": 100,
        }
    )
    client = app.test_client()
    holder = sqlite3.connect(database_path(app), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        response = client.post(f"{POST}/share/email", headers={"HX-Request": "true"})
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "30"
        assert "Temporarily unavailable" in response.text and "<main" in response.text
        # WAL mode: readers are not blocked by the writer's lock, pages keep being served.
        assert client.get("/").status_code == 200
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    # Recovered by itself: the same press now counts.
    assert client.post(f"{POST}/share/email", headers={"HX-Request": "true"}).status_code == 200


@pytest.mark.sqlite_only
def test_an_unreachable_database_is_a_503_and_the_site_recovers_by_itself(app, client, imported):
    path = database_path(app)
    assert client.get("/healthz").status_code == 200
    shutil.move(path, path + ".away")
    os.mkdir(path)  # nothing can open the database now
    with app.app_context():
        db.engine.dispose()  # as a restarted database server drops pooled connections
    app.extensions["version_watch"]._reset(app.extensions["version_watch"]._local)
    app.extensions["version_watch"]._anchor = None
    app.extensions["version_watch"]._wal_index = None
    try:
        for url in ("/", POST, "/search?q=peer", "/healthz"):
            response = client.get(url)
            assert response.status_code == 503, url
            assert response.headers["Retry-After"] == "30"
        assert "Temporarily unavailable" in client.get(POST).text
    finally:
        os.rmdir(path)
        shutil.move(path + ".away", path)
    assert client.get("/healthz").status_code == 200
    assert client.get(POST).status_code == 200


def run_wsgi(env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "posts", "list"],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    "url,message",
    [
        ("not a url", "DATABASE_URL is not a database URL"),
        ("mysql+nodriver://u@h/db", "unknown database driver 'mysql+nodriver'"),
        ("oracle+cx_oracle://u:secret@h/db", "the site runs on sqlite or postgresql"),
        ("postgresql+pg8000://u:secret@h/db", "is not installed"),
    ],
)
def test_an_unusable_database_url_stops_with_one_line(url, message):
    result = run_wsgi({"DATABASE_URL": url})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr and "secret" not in result.stderr


@pytest.mark.parametrize("size", ["50001", "0", "many"])
def test_a_sitemap_size_the_protocol_refuses_stops_with_one_line(size):
    result = run_wsgi({"SITEMAP_SIZE": size})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "SITEMAP_SIZE must be" in lines[0], result.stderr


def test_an_unwritable_instance_folder_stops_with_one_line(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the instance folder should be")
    code = (
        "from community_site import create_app, ConfigError\n"
        "import sys\n"
        f"try:\n    create_app({{'INSTANCE_PATH': {str(blocker / 'instance')!r}}})\n"
        "except ConfigError as exc:\n    print(exc); sys.exit(1)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 1
    assert "cannot be created or written" in result.stdout


def test_without_secret_key_one_is_generated_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    config = {
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'k.db'}",
    }
    first = create_app(dict(config)).config["SECRET_KEY"]
    key_file = tmp_path / "instance" / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first) >= 32
    assert create_app(dict(config)).config["SECRET_KEY"] == first  # a restart keeps it
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert create_app(dict(config)).config["SECRET_KEY"] == "from-the-environment"


def fetch_sitemap(port: int, n: int) -> tuple[float, int, bytes]:
    """A slow request: one sitemap file of 20,000 posts, uncached (its own query string)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", f"/sitemap-1.xml?copy={n}")
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return time.monotonic(), response.status, body


@pytest.mark.sqlite_only  # reads the database file afterwards
def test_sigterm_under_load_lets_requests_in_flight_finish_and_writes_nothing_half(tmp_path):
    many = tmp_path / "many.txt"
    many.write_text(extra_posts_dump(20_000), encoding="utf-8")
    # Sitemap files of the protocol's largest size, so one file lists all 20,005 URLs.
    server = Server(
        tmp_path,
        [REAL_DUMP, many],
        {"SHARE_RATE_LIMIT": "0", "SHARE_READERS_PER_ADDRESS": "0", "SITEMAP_SIZE": "50000"},
    )
    stop = threading.Event()
    outcomes: list[str] = []
    pressed_ok = []

    def client_loop(n: int):
        count = 0
        while not stop.is_set():
            count += 1
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            try:
                if count % 2:
                    connection.request("GET", "/?page=1")
                else:
                    connection.request(
                        "POST",
                        f"{POST}/share/reddit",
                        headers={"User-Agent": f"reader {n}-{count}", "HX-Request": "true"},
                    )
                response = connection.getresponse()
                body = response.read()
            except OSError:
                # Refused, or reset from the listen queue once the server stopped accepting.
                outcomes.append("not served")
                return
            finally:
                connection.close()
            outcomes.append("ok" if response.status == 200 and body else f"{response.status}")
            if response.status == 200 and count % 2 == 0:
                pressed_ok.append(1)

    with ThreadPoolExecutor(max_workers=10) as pool:
        try:
            for n in range(6):
                pool.submit(client_loop, n)
            time.sleep(1.5)
            slow = [pool.submit(fetch_sitemap, server.port, n) for n in range(3)]
            time.sleep(0.05)
            terminated_at = time.monotonic()
            server.process.terminate()  # SIGTERM: graceful shutdown begins under load
            answers = [future.result(timeout=60) for future in slow]
            server.process.wait(timeout=40)
        finally:
            stop.set()

    for _, status, body in answers:  # requests in flight at SIGTERM were answered whole
        assert status == 200
        assert body.count(b"<loc>") == 20_000 + 4 + 2  # the posts, the home page and /popular
        assert body.rstrip().endswith(b"</urlset>")
    assert max(finished for finished, _, _ in answers) > terminated_at
    assert outcomes.count("ok") > 5, outcomes
    assert [o for o in outcomes if o not in ("ok", "not served")] == []
    connection = sqlite3.connect(server.env["DATABASE_URL"].removeprefix("sqlite:///"))
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    counts = dict(connection.execute("SELECT network, count FROM share_counts"))
    # Every press that was answered is counted, and nothing unanswered was written.
    assert counts["reddit"] == len(pressed_ok)
