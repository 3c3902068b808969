"""The database extension and its connection settings.

SQLite connections run in WAL mode with a busy timeout, so readers keep being served while an
import holds the write lock.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from flask import Flask
from flask_migrate import Migrate, upgrade
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event, inspect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
MIGRATIONS = str(Path(__file__).resolve().parent / "migrations")


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


def init_app(app: Flask) -> None:
    """Set up the database; a brand-new, empty database gets the schema by migrations.

    An existing database is never changed at start-up: `flask db upgrade` (which `make run`
    runs) brings an older one up to date.
    """
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS)
    with app.app_context():
        event.listen(db.engine, "connect", _configure_sqlite(app.config["SQLITE_BUSY_TIMEOUT_MS"]))
        from . import models  # noqa: F401  (the tables must be known)

        if app.config["SCHEMA_AUTO_CREATE"] and not inspect(db.engine).get_table_names():
            upgrade(directory=MIGRATIONS)
