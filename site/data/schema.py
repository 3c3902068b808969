"""Binding the database to the app: the extension, the migrations, SQLite's connection
settings, and the schema an empty database gets at the first request.

SQLite connections run in WAL mode with a busy timeout, so readers keep being served while an
import holds the write lock. Nothing here connects at start-up: the site starts without its
database and answers 503 until the database does.
"""

from __future__ import annotations

import sqlite3
import threading

from flask import Flask, abort, current_app
from flask_migrate import upgrade
from sqlalchemy import event, inspect

from . import models  # noqa: F401  (the tables must be known to the metadata)
from .extension import MIGRATIONS, db, migrate
from .maintainer_lock import LockError, maintainer_lock


def _configure_sqlite(busy_timeout_ms: int):
    def on_connect(dbapi_connection, _record):
        if not isinstance(dbapi_connection, sqlite3.Connection):
            return
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return on_connect


def ensure_schema() -> None:
    """Give an empty database the schema, by the migrations; leave any other one alone.

    An existing database is never changed here: `flask db upgrade` (which `make run` runs)
    brings an older one up to date."""
    if not inspect(db.engine).get_table_names():
        upgrade(directory=MIGRATIONS)


_schema_checked = threading.Lock()


def _schema_on_first_request() -> None:
    """The first request that reaches the database makes sure it has the schema; until one
    does, every request is a 503 (the database being down is an OperationalError)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.extensions.get("schema_ready"):
        return
    with _schema_checked:
        if app.extensions.get("schema_ready"):
            return
        if not inspect(db.engine).get_table_names():
            try:
                with maintainer_lock(
                    app.config["SQLALCHEMY_DATABASE_URI"],
                    "site start-up",
                    wait=0,
                    notify=app.logger.info,
                ):
                    ensure_schema()
            except LockError:
                abort(503)  # a maintainer command is creating it: a later request retries
        app.extensions["schema_ready"] = True


def init_app(app: Flask) -> None:
    """Set up the database without connecting; a brand-new, empty database gets the schema by
    migrations at the first request."""
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS)
    with app.app_context():
        event.listen(db.engine, "connect", _configure_sqlite(app.config["SQLITE_BUSY_TIMEOUT_MS"]))
    if app.config["SCHEMA_AUTO_CREATE"]:
        app.before_request(_schema_on_first_request)
