"""Recording a press: each reader once per post, network and day, and at most
SHARE_READERS_PER_ADDRESS readers of one address, atomically. The count and the post's total
move in the same transaction as the shares version (data/models.py)."""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from datetime import date

from flask import abort, current_app
from sqlalchemy import Executable, bindparam, func, select

from ..data.count_table import table
from ..data.execute import insert_for, run
from ..data.extension import db
from ..data.models import ShareCount, SharePress, ShareTotal, bump_shares_version
from .readers import Reader


@dataclass(frozen=True)
class _PressStatements:
    """A press's statements, built once per dialect: building a statement costs more than
    running it."""

    remember: Executable
    readers: Executable
    count: Executable
    total: Executable


# One press at a time in this process (see record_press).
one_writer = threading.Lock()


@functools.cache
def _press_statements(dialect: str) -> _PressStatements:
    insert = insert_for(dialect)
    presses, counts_, totals = SharePress.__table__, ShareCount.__table__, ShareTotal.__table__
    post_id, network, day = bindparam("post_id"), bindparam("network"), bindparam("day")
    count = insert(counts_).values(
        post_id=post_id, network=network, count=1, version=bindparam("version")
    )
    total = insert(totals).values(post_id=post_id, total=1, position=bindparam("position"))
    return _PressStatements(
        # RETURNING says whether the row was new; rowcount is not reliable on every driver.
        remember=insert(presses)
        .values(
            post_id=post_id,
            network=network,
            day=day,
            reader_key=bindparam("reader_key"),
            address_key=bindparam("address_key"),
        )
        .on_conflict_do_nothing()
        .returning(presses.c.post_id),
        readers=select(func.count())
        .select_from(presses)
        .where(
            presses.c.post_id == post_id,
            presses.c.network == network,
            presses.c.day == day,
            presses.c.address_key == bindparam("address_key"),
        ),
        count=count.on_conflict_do_update(
            index_elements=["post_id", "network"],
            set_={"count": counts_.c.count + 1, "version": count.excluded.version},
        ).returning(counts_.c.count),
        total=total.on_conflict_do_update(
            index_elements=["post_id"], set_={"total": totals.c.total + 1}
        ),
    )


def record_press(post, network: str, reader: Reader, day: date) -> None:
    """Count this reader's press of `post` (a row with its id and position) once per post,
    network and day, and at most SHARE_READERS_PER_ADDRESS readers of one address."""
    statements = _press_statements(db.engine.dialect.name)
    params = {
        "post_id": post.id,
        "network": network,
        "day": day,
        "reader_key": reader.reader_key,
        "address_key": reader.address_key,
    }
    # One press at a time in this process: the others wait on a lock that wakes them at once,
    # not in SQLite's busy handler, which sleeps in steps of up to 100 ms. They wait no longer
    # than that handler would: behind a press stuck on the database (an import holds SQLite's
    # write lock) a queue of presses would otherwise hold every thread for one busy timeout
    # each, while readers wait for a thread.
    wait = current_app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000
    if not one_writer.acquire(timeout=wait):
        abort(503)
    try:
        # The insert comes first so the transaction holds the write lock before the cap is
        # counted.
        inserted = run(statements.remember, params).first()
        cap = current_app.config["SHARE_READERS_PER_ADDRESS"]  # 0: no cap
        counted = inserted is not None and (
            cap <= 0 or run(statements.readers, params).scalar_one() <= cap
        )
        if counted:
            params["version"] = bump_shares_version()
            params["position"] = post.position
            count = run(statements.count, params).scalar_one()
            run(statements.total, params)
        db.session.commit()
    finally:
        one_writer.release()
    if counted:
        # This process's count table learns the new count from the press itself rather than
        # by a query on the next request (outside the writers' lock: the table's lock is
        # held while it queries).
        table().changed(post.id, network, count, params["version"])
