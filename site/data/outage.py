"""Whether the database answers, as the site last found it, told in two log lines: one when it
stops answering (which database, what failed), one when it answers again, however many
requests fail in between.

A failure is what the error handlers and /healthz see (an OperationalError); an answer is any
statement that completes afterwards, seen by an engine event that costs a flag test while the
database is up.
"""

from __future__ import annotations

import logging
import threading
import time

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.engine import make_url

from .execute import error_line
from .extension import db
from .maintainer_lock import describe

log = logging.getLogger(__name__)


class Outage:
    def __init__(self, database: str):
        self.database = database  # rendered with its password hidden
        self._lock = threading.Lock()
        self._since: float | None = None

    def failed(self, exc: BaseException) -> None:
        if self._since is not None:
            return
        with self._lock:
            if self._since is not None:
                return
            self._since = time.monotonic()
        log.error(
            "database %s is not answering: %s; pages are 503 until it does",
            self.database,
            error_line(exc),
        )

    def answered(self, *_event_args) -> None:
        if self._since is None:
            return
        with self._lock:
            since, self._since = self._since, None
        if since is not None:
            log.info(
                "database %s answers again, after %.0f s", self.database, time.monotonic() - since
            )


def database_failed(exc: BaseException) -> None:
    current_app.extensions["outage"].failed(exc)


def init_app(app: Flask) -> None:
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    outage = app.extensions["outage"] = Outage(describe(url))
    with app.app_context():
        event.listen(db.engine, "after_cursor_execute", outage.answered)
