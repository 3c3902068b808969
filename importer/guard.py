"""What every maintainer command shares: one at a time per database, a `--wait` bound on
waiting for another one, and one line instead of a traceback when the database fails."""

from __future__ import annotations

import functools
from collections.abc import Callable

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from community_site.data.execute import error_line
from community_site.data.extension import db
from community_site.data.maintainer_lock import check_database, describe, maintainer_lock
from community_site.data.schema import ensure_schema


def database_failure(exc: SQLAlchemyError, what: str) -> click.ClickException:
    """One line for a database error: which database, what failed, what to check."""
    where = describe(make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]))
    return click.ClickException(f"database error on {where}: {error_line(exc)}; {what}")


def maintainer_command(
    command: str,
    *,
    exclusive: bool = True,
    what: str = "nothing changed",
    schema: bool = True,
    precheck: Callable[[], object] | None = None,
):
    """Decorate a click command body: app context, the maintainer lock (unless it only reads,
    like the site), the schema on an empty database, and one-line database errors.

    `schema=False` leaves an empty database empty (a backup must never make one);
    `precheck` runs before anything touches the database, to refuse in one line."""

    def decorate(function):
        @functools.wraps(function)
        def run(*args, wait: int | None = None, **kwargs):
            uri = current_app.config["SQLALCHEMY_DATABASE_URI"]
            if precheck is not None:
                precheck()
            try:
                if not exclusive:
                    check_database(uri)
                    if not inspect(db.engine).get_table_names():
                        with maintainer_lock(
                            uri,
                            command,
                            wait=0,
                            notify=lambda line: click.echo(line, err=True),
                            what=what,
                        ):
                            ensure_schema()
                    return function(*args, **kwargs)
                with maintainer_lock(
                    uri,
                    command,
                    wait=current_app.config["MAINTAINER_WAIT_SECONDS"] if wait is None else wait,
                    notify=lambda line: click.echo(line, err=True),
                    what=what,
                ):
                    if schema:
                        ensure_schema()
                    return function(*args, **kwargs)
            except SQLAlchemyError as exc:
                db.session.rollback()
                raise database_failure(exc, what) from None

        run = with_appcontext(run)
        if exclusive:
            run = click.option(
                "--wait",
                type=click.IntRange(min=0),
                default=None,
                metavar="SECONDS",
                help="How long to wait for another maintainer command, such as a running "
                "import, to finish (default: MAINTAINER_WAIT or 300).",
            )(run)
        return run

    return decorate
