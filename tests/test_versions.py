"""The content version behind ETags and the page cache follows every commit, from anywhere."""

from __future__ import annotations

import sqlite3

import pytest

from community_site.data.version_watch import VersionWatch

pytestmark = pytest.mark.sqlite_only


def bump(path):
    """A commit from a connection the site knows nothing about (another process, say)."""
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE site_state SET version = version + 1 WHERE id = 1")
    connection.close()


def test_every_outside_commit_is_seen_at_once(app, imported):
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    watch = VersionWatch(app.config["SQLALCHEMY_DATABASE_URI"], 1000)
    first, shares = watch.current()
    assert watch.current() == (first, shares)  # nothing changed
    for step in range(1, 30):
        bump(path)
        assert watch.current() == (first + step, shares)


def test_without_a_wal_index_the_version_is_still_read(tmp_path):
    path = tmp_path / "plain.db"
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("CREATE TABLE site_state (id INTEGER PRIMARY KEY, version INTEGER)")
        connection.execute("INSERT INTO site_state VALUES (1, 7)")
    connection.close()
    watch = VersionWatch(f"sqlite:///{path}", 1000)
    assert watch.current() == (7, 0)
    bump(path)
    assert watch.current() == (8, 0)


def test_pages_change_etag_when_another_process_commits(app, client, imported):
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    etag = client.get("/").headers["ETag"]
    assert client.get("/", headers={"If-None-Match": etag}).status_code == 304
    bump(path)
    assert client.get("/", headers={"If-None-Match": etag}).status_code == 200


def test_a_share_press_changes_pages_with_counts_but_not_search_or_feeds(client, imported):
    urls = ["/", "/posts/what-is-peer-support", "/search?q=peer", "/feed.xml", "/sitemap.xml"]
    before = {url: client.get(url).headers["ETag"] for url in urls}
    client.post("/posts/what-is-peer-support/share/x", headers={"HX-Request": "true"})
    after = {url: client.get(url).headers["ETag"] for url in urls}
    assert [before[u] != after[u] for u in urls] == [True, True, False, False, False]


@pytest.mark.served
def test_reading_the_wal_index_keeps_sqlites_lock_on_it(tmp_path):
    """SQLite holds a shared lock on the WAL index while connections use it, so no other
    process truncates it; the site maps that file and must not drop the lock (closing any
    descriptor of a file drops all of a process's POSIX locks on it). Once dropped, a writer
    elsewhere truncates the index and the mapped site dies of SIGBUS."""
    import subprocess
    import sys

    database = tmp_path / "w.db"
    checker = (
        "import fcntl, sys\n"
        f"handle = open({str(database) + '-shm'!r}, 'r+b')\n"
        "try:\n"
        "    fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 128)\n"  # SQLite's DMS byte
        "except OSError:\n"
        "    sys.exit(0)\n"
        "sys.exit(1)\n"
    )
    script = (
        "import subprocess, sys\n"
        "from community_site import create_app\n"
        f"app = create_app({{'INSTANCE_PATH': {str(tmp_path / 'i')!r}, "
        f"'SQLALCHEMY_DATABASE_URI': 'sqlite:///{database}'}})\n"
        "client = app.test_client()\n"
        "assert client.get('/').status_code == 200\n"
        "assert client.get('/').status_code == 200\n"
        f"sys.exit(subprocess.run([sys.executable, '-c', {checker!r}]).returncode)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, "the WAL index lost its lock: " + result.stderr[-1500:]
