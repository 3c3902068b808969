"""One maintainer command at a time per database, and waiting for it with a reason.

Imports, hides, copies, backups and schema upgrades take one advisory lock per database; the
site's readers never do. On SQLite it is an flock on a file beside the database
(`<database>.maintainer-lock`), which records who holds it; on PostgreSQL it is a session
`pg_advisory_lock` on a connection of its own whose application_name records the same.
Either is released when its holder exits, however it exits.

Opening the lock is also the first contact with the database, so a database that cannot be
reached is reported here in one line that says which database, what failed and what to check.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import click
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from .execute import error_line

# pg_advisory_lock key: "comm" in ASCII; fits in objid with classid 0.
ADVISORY_KEY = 0x636F6D6D
POLL_SECONDS = 0.2
APPLICATION = "community-site"


class LockError(click.ClickException):
    """The lock could not be had: a busy database past the wait, or one that cannot be opened.

    A ClickException, so every command (Flask-Migrate's `db upgrade` included) prints its
    one line and exits 1."""


def describe(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def _started(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


class _SqliteLock:
    def __init__(self, url: URL):
        self.url = url
        self.database = Path(url.database)
        self.path = Path(f"{url.database}.maintainer-lock")
        self.fd: int | None = None

    def open(self) -> None:
        folder = self.database.parent
        where = f"the database {self.database}"
        if not folder.is_dir():
            raise LockError(
                f"cannot open {where}: the folder {folder} does not exist; "
                "check DATABASE_URL or create the folder"
            )
        if self.database.is_dir():
            raise LockError(f"cannot open {where}: it is a folder; check DATABASE_URL")
        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise LockError(
                f"cannot open {where}: {self.path} cannot be created ({exc.strerror}); "
                f"check the permissions of {folder}"
            ) from None

    def try_acquire(self, command: str) -> bool:
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, f"{os.getpid()}\t{time.time():.0f}\t{command}\n".encode(), 0)
        return True

    def holder(self) -> str | None:
        try:
            pid, started, command = self.path.read_text().rstrip("\n").split("\t", 2)
            return f"'flask {command}' (pid {pid}, started {_started(float(started))})"
        except (OSError, ValueError):
            return None

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # releases the flock
            self.fd = None


class _PostgresLock:
    def __init__(self, url: URL):
        self.url = url
        self.connection = None
        self.engine = None

    def open(self, command: str = "") -> None:
        name = f"{APPLICATION}:{os.getpid()}:{command}"[:63]
        self.engine = create_engine(
            self.url,
            poolclass=NullPool,
            connect_args={"application_name": name, "connect_timeout": 10},
        )
        try:
            self.connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        except SQLAlchemyError as exc:
            self.engine.dispose()
            raise LockError(
                f"cannot connect to the database {describe(self.url)}: {error_line(exc)}; "
                "check that the PostgreSQL server is running and DATABASE_URL"
            ) from None

    def try_acquire(self, command: str) -> bool:
        return bool(
            self.connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY})
        )

    def holder(self) -> str | None:
        row = self.connection.execute(
            text(
                "SELECT a.application_name, a.backend_start FROM pg_locks l "
                "JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 "
                "AND l.objid = :key AND l.objsubid = 1 AND l.database = "
                "(SELECT oid FROM pg_database WHERE datname = current_database())"
            ),
            {"key": ADVISORY_KEY},
        ).first()
        if row is None:
            return None
        name, started = row
        parts = name.split(":", 2)
        if len(parts) != 3 or parts[0] != APPLICATION:
            return f"'{name}' (started {_started(started.timestamp())})"
        return f"'flask {parts[2]}' (pid {parts[1]}, started {_started(started.timestamp())})"

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()  # NullPool: the session ends, and its lock with it
            self.connection = None
        if self.engine is not None:
            self.engine.dispose()


def _lock_for(url: URL):
    if url.get_backend_name() == "sqlite":
        if url.database in (None, "", ":memory:"):
            return None  # a private in-memory database: nobody to wait for
        return _SqliteLock(url)
    return _PostgresLock(url)


# Locks this process holds, by database: a command that runs migrations (which take the
# lock too) must not wait for itself.
_held: dict[str, int] = {}
_held_guard = threading.Lock()


def _open(lock, command: str) -> None:
    if isinstance(lock, _PostgresLock):
        lock.open(command)
    else:
        lock.open()


def check_database(database_uri: str) -> None:
    """Raise LockError with one line if the database cannot be opened at all."""
    lock = _lock_for(make_url(database_uri))
    if lock is not None:
        _open(lock, "check")
        lock.close()


def holder_of(database_uri: str) -> str | None:
    """Who holds the maintainer lock of this database now, if anyone (for messages, tests)."""
    lock = _lock_for(make_url(database_uri))
    if lock is None:
        return None
    _open(lock, "check")
    try:
        return lock.holder()
    finally:
        lock.close()


@contextmanager
def maintainer_lock(
    database_uri: str,
    command: str,
    wait: float,
    notify: Callable[[str], None],
    what: str = "nothing was changed",
) -> Iterator[None]:
    """Hold the database's maintainer lock for the block, waiting up to `wait` seconds.

    `notify` gets one line when the lock is busy at first. Past the wait, LockError names the
    holder and says `what` (e.g. that nothing was imported)."""
    url = make_url(database_uri)
    key = describe(url)
    with _held_guard:
        if key in _held:
            _held[key] += 1
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _held_guard:
                _held[key] -= 1
        return
    lock = _lock_for(url)
    if lock is None:
        yield
        return
    _open(lock, command)
    try:
        if not lock.try_acquire(command):
            holder = lock.holder() or "another maintainer command"
            if wait <= 0:
                raise LockError(f"{holder} is using the database; {what}. Retry when it ends")
            notify(f"waiting for {holder} to finish (at most {wait:g} s, see --wait)")
            deadline = time.monotonic() + wait
            while not lock.try_acquire(command):
                if time.monotonic() >= deadline:
                    raise LockError(
                        f"{lock.holder() or holder} still holds the database after "
                        f"{wait:g} s of waiting; {what}. Retry later or give a longer --wait"
                    )
                time.sleep(POLL_SECONDS)
            notify("the other command has finished; going ahead")
        with _held_guard:
            _held[key] = 0
        try:
            yield
        finally:
            with _held_guard:
                del _held[key]
    finally:
        lock.close()
