"""The content versions on PostgreSQL, learnt from the database rather than asked per request.

Every version bump sends `pg_notify('community_versions', '<row>:<version>')` in its writing
transaction (data/models.py), which PostgreSQL delivers at commit, in commit order, and never
for a transaction rolled back. Each process keeps one connection of its own that LISTENs on
that channel, in a daemon thread started by the process that serves (after gunicorn forks it,
at its first request or from the worker's post_worker_init hook), never inherited by a fork.
On connecting it LISTENs first and then reads the version row once, so no commit falls in
between; then it applies each notification.

While that connection is up, `versions()` answers from memory with no query. When it drops
(the server restarts, a network cut, `pg_terminate_backend`), `versions()` answers None at
once and the caller reads the version row per request, as without a listener, until the
thread has connected again (it retries within a second) and re-read the row.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import weakref
from collections.abc import Callable

from sqlalchemy.engine import make_url

from .execute import error_line
from .models import POSTS, SHARES, VERSIONS_CHANNEL

log = logging.getLogger(__name__)

# How long the thread waits for notifications before it looks at its connection and at
# whether it should stop (a dead connection usually raises at once; keepalives catch the rest).
POLL_SECONDS = 0.5
# Reconnection waits double from the first to the last: never more than a second between tries.
RETRY_SECONDS = (0.05, 0.1, 0.2, 0.5, 1.0)
# TCP keepalives, so a connection cut without a word (no reset from the other side) is given
# up on within about three seconds rather than after the kernel's two hours.
KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 1,
    "keepalives_interval": 1,
    "keepalives_count": 2,
}

Versions = tuple[int, int]
# Every listener of this process, stopped when it exits (held weakly: an app that is gone
# takes its listener with it).
_LISTENERS: weakref.WeakSet[VersionListener] = weakref.WeakSet()


class VersionListener:
    """The (posts, shares) versions of one database, kept current by its notifications."""

    def __init__(self, database_uri: str, connect_args: dict | None = None):
        url = make_url(database_uri).set(drivername="postgresql")
        self.conninfo = url.render_as_string(hide_password=False)
        self.connect_args = {**KEEPALIVES, **(connect_args or {})}
        self._versions: Versions | None = None
        self._pid: int | None = None
        self._thread: threading.Thread | None = None
        self._stopping: threading.Event | None = None
        self._start_lock = threading.Lock()
        # Writers only: readers take the tuple as it is.
        self._update_lock = threading.Lock()
        self.connections = 0  # how many times the thread has connected, for tests and logs
        _LISTENERS.add(self)

    def versions(self) -> Versions | None:
        """The current versions, or None while the listener is not connected (then read them
        from the database). Starts this process's listener on its first call."""
        if self._pid != os.getpid():
            self.start()
        return self._versions

    def start(self) -> None:
        """Start this process's listening thread, unless it runs already. A process forked
        from one that listened starts its own: threads and connections do not survive a fork."""
        with self._start_lock:
            pid = os.getpid()
            if self._pid == pid:
                return
            self._pid, self._versions = pid, None
            # An event of its own per thread: one being stopped never sees a later start's.
            self._stopping = threading.Event()
            self._thread = threading.Thread(
                target=_listen,
                args=(weakref.ref(self), self.conninfo, self.connect_args, self._stopping),
                name="version-listener",
                daemon=True,
            )
            self._thread.start()

    def stop(self, wait: float = 2.0) -> None:
        """Stop the thread and close its connection (a worker that exits); the next call of
        `versions()` would start another."""
        with self._start_lock:
            if self._stopping is not None:
                self._stopping.set()
            self._pid = None
            self._lost()
            thread, self._thread = self._thread, None
        if thread is not None and thread.is_alive() and thread is not threading.current_thread():
            thread.join(wait)

    def committed(self, bumped: dict[int, int]) -> None:
        """Versions this process has just committed: taken at once, so its own next request
        sees its writes without waiting for their notification."""
        self._advance(bumped)

    def _connected(self, versions: Versions, thread: threading.Event) -> None:
        with self._update_lock:
            if thread is self._stopping and not thread.is_set():  # not a stopped thread's
                self._versions = versions
                self.connections += 1

    def _advance(self, bumped: dict[int, int], thread: threading.Event | None = None) -> None:
        with self._update_lock:
            current = self._versions
            if current is None or (thread is not None and thread is not self._stopping):
                return
            # Versions only grow; a late or repeated one never takes a version back.
            self._versions = (
                max(current[0], bumped.get(POSTS, 0)),
                max(current[1], bumped.get(SHARES, 0)),
            )

    def _lost(self) -> None:
        with self._update_lock:
            self._versions = None


@atexit.register
def stop_all(wait: float = 2.0) -> None:
    """Stop every listener of this process (at exit, and after each test)."""
    for listener in list(_LISTENERS):
        listener.stop(wait)


def parse(payload: str) -> dict[int, int]:
    """'<row>:<version>' as {row: version}; anything else as nothing."""
    row, _, version = payload.partition(":")
    try:
        return {int(row): int(version)}
    except ValueError:
        return {}


def _listen(ref: Callable, conninfo: str, connect_args: dict, stopping: threading.Event) -> None:
    """The thread: hold a listening connection, apply what it hears, reconnect when it drops.
    It holds the listener weakly and ends with it (an app that is gone, in tests), or when
    `stopping` is set."""
    import psycopg

    connection = None
    failures = 0
    while not stopping.is_set():
        listener = ref()
        if listener is None:
            break
        try:
            if connection is None:
                connection = _connect(psycopg, conninfo, connect_args)
                listener._connected(_read_versions(connection), stopping)
                failures = 0
            for notify in connection.notifies(timeout=POLL_SECONDS):
                if notify.channel == VERSIONS_CHANNEL:
                    listener._advance(parse(notify.payload), stopping)
            if connection.closed or connection.broken:
                raise psycopg.OperationalError("the listening connection is closed")
        except psycopg.Error as exc:
            if listener._versions is not None:
                log.warning(
                    "version listener (pid %s) lost its connection, reading versions per "
                    "request until it is back: %s",
                    os.getpid(),
                    error_line(exc),
                )
            listener._lost()
            connection = _close(connection)
            stopping.wait(RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)])
            failures += 1
        finally:
            del listener
    _close(connection)


def _connect(psycopg, conninfo: str, connect_args: dict):
    connection = psycopg.connect(
        conninfo,
        autocommit=True,
        application_name=f"community_site versions {os.getpid()}",
        **connect_args,
    )
    try:
        # LISTEN takes effect at once (autocommit), before the row is read: a commit in
        # between is both in the row and notified, never in neither.
        connection.execute(f"LISTEN {VERSIONS_CHANNEL}")
    except psycopg.Error:
        _close(connection)
        raise
    return connection


def _read_versions(connection) -> Versions:
    rows = dict(connection.execute("SELECT id, version FROM site_state").fetchall())
    return rows.get(POSTS, 0), rows.get(SHARES, 0)


def _close(connection) -> None:
    if connection is not None:
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - a connection already broken closes anyway
            pass
    return None
