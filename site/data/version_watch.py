"""The stored content's version, for ETags and the page cache, read cheaply.

Every request needs it, so on SQLite it is read without a query when nothing changed:

1. SQLite's WAL index (the `-shm` file every WAL connection maps) starts with a header whose
   change counter and frame count move with every commit, from any process (the layout is
   documented in SQLite's "WAL-mode file format"). Comparing those 48 bytes is a memory read.
2. When they moved, `PRAGMA data_version` and the version row are read on a connection of
   this thread, and the pair is remembered.

A torn or unreadable header only ever sends a request down the slow path. The watch keeps a
connection of its own open, so SQLite never deletes or truncates the mapped index under it.

On PostgreSQL each process listens for the versions' notifications (version_listener.py) and
answers from memory while its listening connection is up; while it is down, the version row
is read per request.
"""

from __future__ import annotations

import mmap
import os
import sqlite3
import threading

from flask import Flask, current_app, has_app_context
from flask_sqlalchemy.session import Session
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from .models import BUMPED, POSTS, SHARES, content_versions
from .version_listener import VersionListener

WAL_INDEX_HEADER = 48


class VersionWatch:
    def __init__(self, database_uri: str, busy_timeout_ms: int, connect_args: dict | None = None):
        url = make_url(database_uri)
        is_file = url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
        self.path = url.database if is_file else None
        self.listener = (
            VersionListener(database_uri, connect_args)
            if url.get_backend_name() == "postgresql"
            else None
        )
        self.busy_timeout_ms = busy_timeout_ms
        # One connection per thread: data_version is per connection, and no lock is needed.
        self._local = threading.local()
        self._map_lock = threading.Lock()
        self._wal_index: mmap.mmap | None = None
        self._anchor: sqlite3.Connection | None = None
        self._wal_index_file = None
        self._seen: tuple[bytes | None, tuple[int, int]] = (None, (0, 0))

    def current(self) -> tuple[int, int]:
        """(posts version, shares version)."""
        if self.path is None:
            listener = self.listener
            heard = listener.versions() if listener is not None else None
            return heard if heard is not None else content_versions()
        header = self._wal_index_header()
        seen = self._seen
        if header is not None and header == seen[0]:
            return seen[1]
        local = self._local
        try:
            version = self._read(local)
        except sqlite3.Error as exc:
            self._reset(local)
            raise OperationalError("PRAGMA data_version", {}, exc) from exc
        # Remembered for every thread, with the header read *before* the query: a commit in
        # between is seen as a change next time. One thread's read serves them all.
        if header is not None:
            self._seen = (header, version)
        return version

    def _wal_index_header(self) -> bytes | None:
        wal_index = self._wal_index
        if wal_index is None:
            with self._map_lock:
                wal_index = self._wal_index = self._wal_index or self._map_wal_index()
            if wal_index is None:
                return None
        return wal_index[:WAL_INDEX_HEADER]

    def _map_wal_index(self) -> mmap.mmap | None:
        try:
            # A connection that has read the database holds a shared lock on the WAL index
            # for as long as it stays open; only then is mapping the file safe.
            if self._anchor is None:
                anchor = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
                anchor.execute("SELECT count(*) FROM site_state").fetchone()
                self._anchor = anchor
            # Never closed: closing any descriptor of a file drops every POSIX lock this
            # process holds on it, SQLite's included, and another process could then truncate
            # the index under the mapping (SIGBUS).
            handle = self._wal_index_file or open(f"{self.path}-shm", "rb")  # noqa: SIM115
            self._wal_index_file = handle
            if os.fstat(handle.fileno()).st_size < WAL_INDEX_HEADER:
                return None
            return mmap.mmap(handle.fileno(), WAL_INDEX_HEADER, access=mmap.ACCESS_READ)
        except (OSError, ValueError, sqlite3.Error):
            return None

    def _read(self, local) -> tuple[int, int]:
        connection = getattr(local, "connection", None)
        if connection is None:
            connection = local.connection = sqlite3.connect(self.path, isolation_level=None)
            connection.execute(f"PRAGMA busy_timeout={int(self.busy_timeout_ms)}")
            local.marker = None
        marker = connection.execute("PRAGMA data_version").fetchone()[0]
        if marker != local.marker:
            rows = dict(connection.execute("SELECT id, version FROM site_state").fetchall())
            local.version = (rows.get(POSTS, 0), rows.get(SHARES, 0))
            local.marker = marker
        return local.version

    def _reset(self, local) -> None:
        connection = getattr(local, "connection", None)
        if connection is not None:
            connection.close()
        local.connection = local.marker = None


def current_version() -> tuple[int, int]:
    return current_app.extensions["version_watch"].current()


def committed(bumped: dict[int, int]) -> None:
    """Versions ({row: version}) this process has just committed reach its listener at once,
    so its next request sees its own writes without waiting for their notification."""
    watch = current_app.extensions.get("version_watch")
    if watch is not None and watch.listener is not None:
        watch.listener.committed(bumped)


@event.listens_for(Session, "after_commit")
def _committed(session) -> None:
    # Versions the session's transaction bumped (models._bump).
    bumped = session.info.pop(BUMPED, None)
    if bumped and has_app_context():
        committed(bumped)


@event.listens_for(Session, "after_transaction_end")
def _ended(session, transaction) -> None:
    if transaction.parent is None:  # rolled back, or committed and taken above
        session.info.pop(BUMPED, None)


def start_listening(app) -> None:
    """Start this process's version listener now rather than at its first request (gunicorn's
    post_worker_init); nothing on SQLite or for an app that is not this site's."""
    watch = getattr(app, "extensions", {}).get("version_watch")
    if watch is not None and watch.listener is not None:
        watch.listener.start()


def stop_listening(app) -> None:
    """Stop this process's version listener (gunicorn's worker_exit)."""
    watch = getattr(app, "extensions", {}).get("version_watch")
    if watch is not None and watch.listener is not None:
        watch.listener.stop()


def init_app(app: Flask) -> None:
    options = app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {}
    watch = VersionWatch(
        app.config["SQLALCHEMY_DATABASE_URI"],
        app.config["SQLITE_BUSY_TIMEOUT_MS"],
        options.get("connect_args"),
    )
    app.extensions["version_watch"] = watch
