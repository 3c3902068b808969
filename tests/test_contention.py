"""Maintainers' commands as separate processes on one shared database: an import that waits
for another, a hide during an import, a wait that runs out, and a database that cannot be
opened. The PostgreSQL half runs the same tests on a database of that server."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from community_site.data.maintainer_lock import holder_of
from tests.support import REAL_DUMP, ROOT, make_dump, server_database_url

pytestmark = pytest.mark.served

FLASK = [sys.executable, "-m", "flask", "--app", "wsgi"]


def environment(url: str, **extra: str) -> dict:
    return {**os.environ, "DATABASE_URL": url, **extra}


def flask(env: dict, *args: str, stdin=None) -> subprocess.Popen:
    return subprocess.Popen(
        [*FLASK, *args],
        cwd=ROOT,
        env=env,
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*FLASK, *args], cwd=ROOT, env=env, capture_output=True, text=True)


def titles(env: dict) -> list[str]:
    listing = run(env, "posts", "list", "--json")
    assert listing.returncode == 0, listing.stderr
    return [post["title"] for post in json.loads(listing.stdout)]


def import_in_progress(env: dict, posts: list[tuple[str, str]]) -> subprocess.Popen:
    """An import from standard input that has read these posts and waits for more: it holds
    the maintainer lock until its input is closed."""
    process = flask(env, "import", "-", stdin=subprocess.PIPE)
    process.stdin.write(make_dump(posts))
    process.stdin.flush()
    deadline = time.monotonic() + 60
    while f"pid {process.pid}," not in (holder_of(env["DATABASE_URL"]) or ""):
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline, "the import never took the lock"
        time.sleep(0.1)
    return process


def finish(process: subprocess.Popen) -> tuple[str, str]:
    """Close the input of an import in progress (it then commits) and wait for the end."""
    out, err = process.communicate(input="" if process.stdin else None, timeout=120)
    assert process.returncode == 0, err
    return out, err


@pytest.fixture
def shared(tmp_path) -> dict:
    """A database with the real dump in it, for processes to share."""
    env = environment(server_database_url(tmp_path))
    assert run(env, "import", str(REAL_DUMP)).returncode == 0
    return env


def test_two_imports_started_together_both_land_and_the_second_says_it_waits(shared, tmp_path):
    first = import_in_progress(shared, [("From the first import", "one")])
    later = tmp_path / "later.txt"
    later.write_text(make_dump([("From the second import", "two")]), encoding="utf-8")
    second = flask(shared, "import", str(later))
    waiting = second.stderr.readline()
    assert f"waiting for 'flask import' (pid {first.pid}, started " in waiting, waiting
    assert "UTC) to finish (at most 300 s, see --wait)" in waiting
    assert second.poll() is None  # still waiting, not refused
    assert "1 added" in finish(first)[0]
    out, err = finish(second)
    assert "total: 1 added" in out and "Traceback" not in err
    assert titles(shared)[:2] == ["From the second import", "From the first import"]


def test_hide_during_an_import_waits_for_it_then_hides(shared):
    importing = import_in_progress(shared, [("Arrives meanwhile", "text")])
    hide = flask(shared, "posts", "hide", "what-is-peer-support")
    assert f"waiting for 'flask import' (pid {importing.pid}" in hide.stderr.readline()
    finish(importing)
    out, err = finish(hide)
    assert "what-is-peer-support is now hidden" in out and "Traceback" not in err
    listing = json.loads(run(shared, "posts", "list", "--json").stdout)
    assert {p["slug"]: p["hidden"] for p in listing}["what-is-peer-support"] is True
    assert listing[0]["title"] == "Arrives meanwhile"


def test_past_its_wait_every_command_refuses_in_one_line_naming_the_import(shared, tmp_path):
    importing = import_in_progress(shared, [("Slow one", "text")])
    commands = [
        ("import", "--wait", "1", str(REAL_DUMP)),
        ("posts", "hide", "--wait", "1", "what-is-peer-support"),
        ("posts", "show", "--wait", "0", "what-is-peer-support"),
        ("copy-db", "--wait", "1", f"sqlite:///{tmp_path / 'copy.db'}"),
        ("db", "upgrade"),  # its wait comes from MAINTAINER_WAIT
    ]
    if shared["DATABASE_URL"].startswith("sqlite"):
        commands.append(("backup", "--wait", "1", str(tmp_path / "backup.db")))
    try:
        for command in commands:
            result = run({**shared, "MAINTAINER_WAIT": "1"}, *command)
            assert result.returncode == 1, command
            last = result.stderr.strip().splitlines()[-1]
            assert "Traceback" not in result.stderr, result.stderr
            assert f"'flask import' (pid {importing.pid}, started " in last, last
            assert "Retry" in last and len(result.stderr.strip().splitlines()) <= 2, command
        assert not (tmp_path / "backup.db").exists()
    finally:
        finish(importing)
    assert "Slow one" in titles(shared)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


COMMANDS = [
    ("import", str(REAL_DUMP)),
    ("posts", "list"),
    ("posts", "hide", "what-is-peer-support"),
    ("posts", "show", "what-is-peer-support"),
    ("copy-db", "sqlite:////tmp/never-written.db"),
    ("backup", "/tmp/never-written-backup.db"),
    ("db", "upgrade"),
]


@pytest.mark.parametrize(
    "url,message",
    [
        (
            "sqlite:////no/such/folder/site.db",
            "cannot open the database /no/such/folder/site.db: the folder /no/such/folder "
            "does not exist; check DATABASE_URL",
        ),
        (
            f"postgresql+psycopg://maintainer:secret@127.0.0.1:{closed_port()}/community",
            "cannot connect to the database postgresql+psycopg://maintainer:***@127.0.0.1:",
        ),
    ],
    ids=["sqlite-folder-missing", "postgresql-not-answering"],
)
def test_every_command_on_a_database_that_cannot_be_opened_prints_one_line(url, message):
    for command in COMMANDS:
        result = run(environment(url), *command)
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 1, (command, result.stderr)
        assert len(lines) == 1 and message in lines[0], (command, result.stderr)
        assert "secret" not in result.stderr
        if "postgresql" not in url:
            assert not Path("/no/such/folder").exists()
    assert not Path("/tmp/never-written-backup.db").exists()
