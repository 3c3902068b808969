"""Running statements: in the request's transaction (`run`), or for a read on a pooled
connection of its own (`read`); the dialect's INSERT, for its ON CONFLICT clauses; and the
one line of a database error that is worth telling a maintainer."""

from __future__ import annotations

from flask import g, has_app_context
from flask_sqlalchemy.session import Session
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite

from .extension import db


def run(statement, params=None):
    """Execute a Core statement (one that loads no ORM objects) in the session's transaction,
    on its connection: what `db.session.execute` does, without the ORM's bookkeeping per call,
    which costs more than most of the site's statements take to run. Nothing is flushed first,
    so callers hold no pending ORM changes."""
    return db.session.connection().execute(statement, params)


@event.listens_for(Session, "after_begin")
def _session_began(session, transaction, connection) -> None:
    # The session is scoped to the app context, and so is `g`: remember there that this
    # context's session has a transaction, which `read` must then see into.
    if has_app_context():
        g.database_session_began = True


def read(statement, params=None) -> list:
    """The rows of a read-only Core statement. Where this app context's session has begun a
    transaction, in it (`run`), so the rows include its own writes; otherwise on a connection
    of its own, back in the pool as soon as the rows are read: cheaper than opening the ORM
    session for a page's one query."""
    if g.get("database_session_began"):
        return run(statement, params).all()
    with db.engine.connect() as connection:
        return connection.execute(statement, params).all()


def insert_for(dialect: str):
    """The INSERT construct of this dialect, for ON CONFLICT clauses (the generic one has none)."""
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def error_line(exc: BaseException) -> str:
    """The first line of what the database driver said, without SQLAlchemy's wrapping."""
    lines = str(getattr(exc, "orig", exc)).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
