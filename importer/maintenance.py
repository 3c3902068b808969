"""Moving to another database: `flask copy-db TARGET_URL` (backups: importer/backups.py)."""

from __future__ import annotations

import click
from flask import current_app
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, insert, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from community_site.data.execute import error_line
from community_site.data.extension import MIGRATIONS, db
from community_site.data.models import (
    DailySalt,
    Post,
    RelatedPost,
    RelatedTerm,
    RelatedWord,
    ShareCount,
    SharePress,
    ShareTotal,
    SiteIdentity,
    SiteState,
)
from community_site.data.search_index import index_all_posts

from .guard import maintainer_command
from .progress import Progress, quiet_option

# Parents before children, so foreign keys hold while copying.
TABLES = [
    Post,
    ShareCount,
    ShareTotal,
    SharePress,
    DailySalt,
    SiteState,
    SiteIdentity,
    RelatedWord,
    RelatedTerm,
    RelatedPost,
]
BATCH = 2000


def _target_engine(url: str):
    try:
        make_url(url)
        return create_engine(url)
    except (ArgumentError, ImportError) as exc:
        raise click.ClickException(f"TARGET_URL cannot be used: {exc}") from None


def _prepare_target(url: str) -> None:
    """Give an empty target database the current schema, by the migrations."""
    from community_site import create_app

    target_app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": current_app.instance_path}
    )
    with target_app.app_context():
        upgrade(directory=MIGRATIONS)
        db.engine.dispose()


@click.command("copy-db")
@click.argument("target_url")
@quiet_option
@maintainer_command("copy-db", what="nothing was copied")
def copy_db_command(target_url: str, quiet: bool) -> None:
    """Copy every post, slug, hidden flag and count into an empty database at TARGET_URL.

    The target gets the schema first; row counts are checked at the end.
    """
    progress = Progress(quiet)
    engine = _target_engine(target_url)
    try:
        existing = set(inspect(engine).get_table_names())
        if "posts" in existing:
            with engine.connect() as connection:
                if connection.execute(select(func.count()).select_from(Post.__table__)).scalar():
                    raise click.ClickException(
                        "the target database already holds posts; copy-db needs an empty one"
                    )
        progress.step("schema: bringing the target up to date")
        _prepare_target(target_url)
        counts = {}
        with engine.begin() as target:
            for model in TABLES:
                table = model.__table__
                copied = 0
                total = db.session.scalar(select(func.count()).select_from(table))
                with progress.bar(f"copying {table.name} ({total} rows)", total) as advance:
                    rows = db.session.execute(select(table)).mappings()
                    while batch := rows.fetchmany(BATCH):
                        target.execute(insert(table), [dict(row) for row in batch])
                        copied += len(batch)
                        advance(len(batch))
                counts[table.name] = copied
            # Rows were copied as they are; SQLite's search index is filled from them once.
            progress.step("search index: filling it from the copied posts")
            index_all_posts(target)
            if target.dialect.name == "postgresql":
                # Rows came with their ids: move the id sequences past them.
                for table in ("posts", "site_state"):
                    target.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"COALESCE((SELECT max(id) FROM {table}), 0) + 1, false)"
                        )
                    )
            progress.step("commit")
        progress.step("verifying: counting the target's rows")
        with engine.connect() as target:
            for model in TABLES:
                table = model.__table__
                found = target.execute(select(func.count()).select_from(table)).scalar()
                if found != counts[table.name]:
                    raise click.ClickException(
                        f"{table.name}: copied {counts[table.name]} rows but the target has {found}"
                    )
    except SQLAlchemyError as exc:
        raise click.ClickException(f"database error: {error_line(exc)}") from None
    finally:
        engine.dispose()
    for name, count in counts.items():
        click.echo(f"{name}: {count} rows copied and verified")
