"""The database extension and its connection settings.

SQLite connections run in WAL mode with a busy timeout, so readers keep being served while an
import holds the write lock.
"""

from __future__ import annotations

import sqlite3

from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


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


def is_sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"


def init_app(app: Flask) -> None:
    db.init_app(app)
    with app.app_context():
        event.listen(db.engine, "connect", _configure_sqlite(app.config["SQLITE_BUSY_TIMEOUT_MS"]))
        from . import models, search_index  # noqa: F401  (tables must be known)

        db.create_all()
        search_index.ensure(db.engine)
