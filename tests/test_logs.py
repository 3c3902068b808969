"""What an operator reads: the site's log lines (a database outage in two lines, an unexpected
500 with its traceback, the migrations run, a warning when gunicorn faces clients), none
holding a client address, and the maintainer commands saying what they are doing."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys

import pytest
from gunicorn.config import Config

from community_site import create_app
from community_site.data.extension import db
from community_site.web.gunicorn_conf import when_ready
from importer.maintenance import copy_db_command
from tests.support import ROOT
from tests.test_faults import database_path

POST = "/posts/what-is-peer-support"
CLIENT = "203.0.113.77"


def site_lines(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.startswith("community_site")]


def break_database(app) -> str:
    """Make the SQLite database unopenable, as an unmounted volume would; return its path."""
    path = database_path(app)
    shutil.move(path, path + ".away")
    os.mkdir(path)
    with app.app_context():
        db.engine.dispose()
    watch = app.extensions["version_watch"]
    watch._reset(watch._local)
    watch._anchor = watch._wal_index = None
    return path


@pytest.mark.sqlite_only
def test_an_outage_logs_one_line_when_it_starts_and_one_when_it_ends(app, client, imported, caplog):
    caplog.set_level(logging.INFO, logger="community_site")
    environ = {"REMOTE_ADDR": CLIENT}
    assert client.get("/healthz", environ_base=environ).status_code == 200
    path = break_database(app)
    try:
        for url in ("/", POST, "/search?q=peer", "/healthz", "/", POST) * 3:
            assert client.get(url, environ_base=environ).status_code == 503, url
    finally:
        os.rmdir(path)
        shutil.move(path + ".away", path)
    for url in ("/healthz", "/", POST, "/healthz"):
        assert client.get(url, environ_base=environ).status_code == 200, url
    lines = [r.getMessage() for r in site_lines(caplog)]
    assert len(lines) == 2, lines
    started, ended = lines
    # Which database, and what failed; then that it answers again.
    assert started.startswith(f"database sqlite:///{path} is not answering: ") and "open" in started
    assert ended.startswith(f"database sqlite:///{path} answers again, after ")
    assert all(CLIENT not in line for line in lines)


def test_the_database_named_in_an_outage_line_hides_its_password(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="community_site")
    # A PostgreSQL server that is not there (a closed loopback port), with a password.
    url = "postgresql+psycopg://site:hunter2@127.0.0.1:9/community"
    app = create_app(
        {"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": url, "BASE_URL": "http://a.b"}
    )
    client = app.test_client()
    for _ in range(3):
        assert client.get("/", headers={"Host": "a.b"}).status_code == 503
    lines = [r.getMessage() for r in site_lines(caplog)]
    assert len(lines) == 1, lines
    assert lines[0].startswith("database postgresql+psycopg://site:***@127.0.0.1:9/community")
    assert "hunter2" not in lines[0]


def test_an_unexpected_error_is_logged_with_its_traceback_and_answers_the_500_page(app, caplog):
    def broken():
        raise ZeroDivisionError("a bug")

    app.add_url_rule("/broken", "broken", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as served, not as the test client re-raises
    response = app.test_client().get("/broken", environ_base={"REMOTE_ADDR": CLIENT})
    assert response.status_code == 500 and "Something went wrong" in response.text
    (record,) = [r for r in site_lines(caplog) if r.levelno >= logging.ERROR]
    assert record.getMessage() == "Exception on /broken [GET]"
    assert record.exc_info[0] is ZeroDivisionError
    assert CLIENT not in logging.Formatter().format(record)


@pytest.mark.served
def test_db_upgrade_says_which_migrations_it_ran(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'new.db'}"}
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Running upgrade  -> 0001" in result.stderr
    assert "Running upgrade 0004 -> 0005" in result.stderr


class _Recorder:
    def __init__(self):
        self.lines = []

    def warning(self, message, *args):
        self.lines.append(message % args)


@pytest.mark.parametrize(
    "bind,warned",
    [
        (["127.0.0.1:8000"], False),
        (["[::1]:8000", "localhost:8000", "unix:/run/community.sock"], False),
        (["0.0.0.0:8000"], True),
        (["192.0.2.10:8000"], True),
        (["[::]:8000"], True),
    ],
)
def test_gunicorn_facing_clients_says_so_in_one_line_at_start_up(bind, warned):
    server = type("Arbiter", (), {})()
    server.cfg, server.log = Config(), _Recorder()
    server.cfg.set("bind", bind)
    when_ready(server)
    assert len(server.log.lines) == (1 if warned else 0)
    if warned:
        assert bind[0] in server.log.lines[0] and "deploy/nginx.conf" in server.log.lines[0]


def big_dump(count: int) -> str:
    return "".join(
        f"Meeting note {n}\n\nWhat the group talked about at meeting {n}.\n\nWays to Share:\n"
        for n in range(count)
    )


PHASES = ["reading ", "storing: 2500 new posts", "search index: adding 2500", "listing order"]


def test_a_long_import_prints_each_phase_and_quiet_prints_none(run_import, write_dump):
    dump = write_dump(big_dump(2500))
    result = run_import(dump)
    assert result.exit_code == 0, result.output
    # Not on a terminal (cron, CI, here): a plain line per phase, on standard error.
    errors = result.stderr.splitlines()
    for phase in [*PHASES, "commit"]:
        assert any(line.startswith(phase) for line in errors), (phase, errors)
    assert "total: 2500 added" in result.stdout and "\r" not in result.stderr
    again = run_import("--quiet", write_dump(big_dump(2600)))
    assert again.exit_code == 0 and again.stderr == ""
    assert "total: 100 added, 0 updated, 2500 unchanged" in again.stdout


def test_copy_db_says_each_table_it_copies(app, imported, tmp_path):
    target = f"sqlite:///{tmp_path / 'copy.db'}"
    result = app.test_cli_runner().invoke(copy_db_command, [target])
    assert result.exit_code == 0, result.output
    assert "copying posts (4 rows)" in result.stderr
    assert "posts: 4 rows copied and verified" in result.stdout
    quiet = app.test_cli_runner().invoke(copy_db_command, ["-q", f"sqlite:///{tmp_path / 'q.db'}"])
    assert quiet.exit_code == 0 and quiet.stderr == ""
