"""Recording a press: each reader once per post, network and day, and at most
SHARE_READERS_PER_ADDRESS readers of one address, atomically. The count and the post's total
move in the same transaction as the shares version (data/models.py).

Presses are the site's one frequent write, so they run on a DB-API connection of their own
with statements compiled once (data/direct.py), one press at a time in a process.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

from flask import abort, current_app
from sqlalchemy import bindparam, func, select

from ..data.count_table import table
from ..data.direct import Compiled, DirectConnection, compile_for
from ..data.execute import insert_for
from ..data.extension import db
from ..data.models import SHARES, ShareCount, SharePress, ShareTotal, bump_statement
from ..data.version_watch import committed
from .readers import Reader


@dataclass(frozen=True)
class _PressStatements:
    """A press's statements in the driver's SQL, compiled once per app: building a statement
    costs more than running it."""

    remember: Compiled
    readers: Compiled
    bump: Compiled
    count: Compiled
    total: Compiled


# One press at a time in this process (see record_press).
one_writer = threading.Lock()


def _press_statements(engine) -> _PressStatements:
    dialect = engine.dialect.name
    insert = insert_for(dialect)
    presses, counts_, totals = SharePress.__table__, ShareCount.__table__, ShareTotal.__table__
    post_id, network, day = bindparam("post_id"), bindparam("network"), bindparam("day")
    count = insert(counts_).values(
        post_id=post_id, network=network, count=1, version=bindparam("version")
    )
    total = insert(totals).values(post_id=post_id, total=1, position=bindparam("position"))
    statements = {
        # RETURNING says whether the row was new; rowcount is not reliable on every driver.
        "remember": insert(presses)
        .values(
            post_id=post_id,
            network=network,
            day=day,
            reader_key=bindparam("reader_key"),
            address_key=bindparam("address_key"),
        )
        .on_conflict_do_nothing()
        .returning(presses.c.post_id),
        "readers": select(func.count())
        .select_from(presses)
        .where(
            presses.c.post_id == post_id,
            presses.c.network == network,
            presses.c.day == day,
            presses.c.address_key == bindparam("address_key"),
        ),
        "bump": bump_statement(dialect),
        "count": count.on_conflict_do_update(
            index_elements=["post_id", "network"],
            set_={"count": counts_.c.count + 1, "version": count.excluded.version},
        ).returning(counts_.c.count),
        "total": total.on_conflict_do_update(
            index_elements=["post_id"], set_={"total": totals.c.total + 1}
        ),
    }
    return _PressStatements(
        **{name: compile_for(statement, engine) for name, statement in statements.items()}
    )


class _Writer:
    """The press path's connection and statements, made at the first press."""

    def __init__(self, engine):
        self.connection = DirectConnection(engine)
        self.statements = _press_statements(engine)
        # SQLite stores a date as SQLAlchemy's Date writes it: ISO text.
        self.day_as_text = engine.dialect.name == "sqlite"


def _writer() -> _Writer:
    writer = current_app.extensions.get("press_writer")
    if writer is None:  # made under the writers' lock: at most once
        writer = current_app.extensions["press_writer"] = _Writer(db.engine)
    return writer


def record_press(post, network: str, reader: Reader, day: date) -> None:
    """Count this reader's press of `post` (a row with its id and position) once per post,
    network and day, and at most SHARE_READERS_PER_ADDRESS readers of one address."""
    config = current_app.config
    # One press at a time in this process: the others wait on a lock that wakes them at once,
    # not in SQLite's busy handler, which sleeps in steps of up to 100 ms. They wait no longer
    # than that handler would: behind a press stuck on the database (an import holds SQLite's
    # write lock) a queue of presses would otherwise hold every thread for one busy timeout
    # each, while readers wait for a thread.
    if not one_writer.acquire(timeout=config["SQLITE_BUSY_TIMEOUT_MS"] / 1000):
        abort(503)
    try:
        writer = _writer()
        statements = writer.statements
        params = {
            "post_id": post.id,
            "network": network,
            "day": day.isoformat() if writer.day_as_text else day,
            "reader_key": reader.reader_key,
            "address_key": reader.address_key,
        }
        with writer.connection.transaction() as run:
            # The insert comes first so the transaction holds the write lock before the cap
            # is counted.
            inserted = run(statements.remember, params)
            cap = config["SHARE_READERS_PER_ADDRESS"]  # 0: no cap
            counted = bool(inserted) and (cap <= 0 or run(statements.readers, params)[0][0] <= cap)
            if counted:
                version = params["version"] = run(statements.bump, {"row": SHARES})[0][0]
                params["position"] = post.position
                count = run(statements.count, params)[0][0]
                run(statements.total, params)
    finally:
        one_writer.release()
    if counted:
        committed({SHARES: version})
        # This process's count table learns the new count from the press itself rather than
        # by a query on the next request (outside the writers' lock: the table's lock is
        # held while it queries).
        table().changed(post.id, network, count, version)
