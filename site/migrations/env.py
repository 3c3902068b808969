"""Alembic environment: migrations run on the site's own engine and models, and each one run
is told ("Running upgrade 0004 -> 0005, ...") where the site logs."""

import logging

import click
from alembic import context
from flask import current_app

from community_site.data.maintainer_lock import maintainer_lock
from community_site.web.logs import site_logger

config = context.config
database = current_app.extensions["migrate"].db
# Alembic says which migrations it runs at INFO; they go where the site's lines go.
migration_log = logging.getLogger("alembic.runtime.migration")
migration_log.handlers[:] = site_logger().handlers
migration_log.setLevel(logging.INFO)
migration_log.propagate = False


def include_object(item, name, kind, reflected, compare_to):
    """Leave the search indexes the migrations create by hand out of autogenerate."""
    if kind == "table" and name.startswith("posts_fts"):
        return False
    return not (kind == "column" and name == "search_vector")


def run_migrations_offline() -> None:
    context.configure(
        url=database.engine.url.render_as_string(hide_password=False),
        target_metadata=database.metadata,
        include_object=include_object,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    # Waits for a running import like every maintainer command (a no-op inside one).
    with (
        maintainer_lock(
            current_app.config["SQLALCHEMY_DATABASE_URI"],
            "db upgrade",
            wait=current_app.config["MAINTAINER_WAIT_SECONDS"],
            notify=lambda line: click.echo(line, err=True),
            what="the schema was not changed",
        ),
        database.engine.connect() as connection,
    ):
        context.configure(
            connection=connection,
            target_metadata=database.metadata,
            include_object=include_object,
            # Flask-Migrate adds render_as_batch: SQLite alters tables by copying them.
            **current_app.extensions["migrate"].configure_args,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
