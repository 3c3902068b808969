"""A machine that boots before its database: gunicorn starts anyway, answers 503 with
Retry-After (pages and /healthz) while the database is away, and serves normally once it
answers, with no restart. The PostgreSQL half stops and starts a server of its own."""

from __future__ import annotations

import glob
import http.client
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.browser.conftest import free_port
from tests.support import REAL_DUMP, REAL_POSTS, ROOT

pytestmark = pytest.mark.served

POST = f"/posts/{REAL_POSTS[0][1]}"


def get(port: int, path: str) -> tuple[int, dict, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


class Gunicorn:
    def __init__(self, database_url: str):
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT,
            env={
                **os.environ,
                "DATABASE_URL": database_url,
                "GUNICORN_BIND": f"127.0.0.1:{self.port}",
                "GUNICORN_THREADS": "4",
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while True:  # up when it answers at all, whatever the status
            try:
                get(self.port, "/healthz")
                return
            except OSError:
                if self.process.poll() is not None:
                    pytest.fail("gunicorn did not boot: " + self.process.stderr.read().decode())
                assert time.monotonic() < deadline, "gunicorn did not answer"
                time.sleep(0.2)

    def assert_unavailable(self) -> None:
        for path in ("/", POST, "/healthz"):
            status, headers, _ = get(self.port, path)
            assert status == 503, path
            assert headers["Retry-After"] == "30", path

    def wait_until_healthy(self) -> None:
        deadline = time.monotonic() + 30
        while get(self.port, "/healthz")[0] != 200:
            assert time.monotonic() < deadline, "the site never saw its database come back"
            time.sleep(0.2)

    def assert_serving(self) -> None:
        status, _, page = get(self.port, "/")
        assert status == 200 and "What is Peer Support?" in page
        assert get(self.port, POST)[0] == 200
        assert self.process.poll() is None  # the same server: never restarted

    def stop(self) -> tuple[int, str]:
        self.process.terminate()
        self.process.wait(timeout=30)
        return self.process.returncode, self.process.stderr.read().decode()


def flask_import(database_url: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "import", str(REAL_DUMP)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.sqlite_only
def test_the_site_starts_before_its_sqlite_folder_exists_and_serves_once_it_does(tmp_path):
    prepared = tmp_path / "prepared.db"
    flask_import(f"sqlite:///{prepared}")
    folder = tmp_path / "mounted-later"  # e.g. a volume not mounted yet at boot
    server = Gunicorn(f"sqlite:///{folder / 'site.db'}")
    try:
        server.assert_unavailable()
        assert not folder.exists()  # the site created nothing while waiting
        folder.mkdir()
        shutil.copy(prepared, folder / "site.db")
        server.wait_until_healthy()
        server.assert_serving()
    finally:
        _, log = server.stop()
    assert "Traceback" not in log and "Worker failed to boot" not in log
    assert_one_outage_logged(log, f"sqlite:///{folder / 'site.db'}")


def assert_one_outage_logged(log: str, database: str) -> None:
    """In gunicorn's error log, in its format: one line when the outage began, one when it
    ended, however many requests failed between."""
    began = [line for line in log.splitlines() if f"database {database} is not answering" in line]
    ended = [line for line in log.splitlines() if f"database {database} answers again" in line]
    assert len(began) == 1 and "] [ERROR] " in began[0], log
    assert len(ended) == 1 and "] [INFO] " in ended[0], log


class ThrowawayPostgres:
    """A PostgreSQL server in a folder of its own, as .ci/start-postgres makes one, that the
    test can stop and start."""

    def __init__(self):
        versions = sorted(
            glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[4])
        )
        if not versions:
            pytest.fail("PostgreSQL is not installed (apt-get install postgresql)")
        self.bin = Path(versions[-1])
        self.folder = Path(tempfile.mkdtemp(prefix="community-pg-boot."))
        self.port = free_port()
        self.as_postgres = []
        if os.getuid() == 0:  # the server refuses to run as root
            os.chown(self.folder, pwd.getpwnam("postgres").pw_uid, -1)
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        self._pg(
            "initdb", "-D", str(self.folder / "db"), "-U", "postgres", "-A", "trust", "--no-sync"
        )
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/community"

    def _pg(self, program: str, *args: str) -> None:
        command = [*self.as_postgres, str(self.bin / program), *args]
        result = subprocess.run(command, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.folder / "log")
        self._pg("pg_ctl", "-D", str(self.folder / "db"), "-l", log, "-w", "-o", options, "start")

    def stop(self) -> None:
        self._pg("pg_ctl", "-D", str(self.folder / "db"), "-m", "fast", "-w", "stop")

    def create_database(self) -> None:
        engine = create_engine(
            self.url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT"
        )
        with engine.connect() as connection:
            connection.execute(text("CREATE DATABASE community"))
        engine.dispose()

    def remove(self) -> None:
        subprocess.run(
            [
                *self.as_postgres,
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.folder / "db"),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.mark.postgres_only
def test_the_site_starts_while_postgresql_is_down_and_serves_once_it_is_up():
    postgres = ThrowawayPostgres()
    server, log = None, ""
    try:
        postgres.start()
        postgres.create_database()
        flask_import(postgres.url)
        postgres.stop()  # the machine reboots; gunicorn comes up first
        server = Gunicorn(postgres.url)
        server.assert_unavailable()
        postgres.start()
        server.wait_until_healthy()
        server.assert_serving()
    finally:
        if server is not None:
            _, log = server.stop()
        postgres.remove()
    assert "Traceback" not in log and "Worker failed to boot" not in log
    assert_one_outage_logged(log, postgres.url)
