"""SQLite backups that cannot lie: `flask backup TARGET` and `flask restore FILE`.

A backup reads the site's database and never makes one: a database that is missing or holds
no posts (the command run without the site's INSTANCE_PATH or DATABASE_URL, say from cron)
is refused in one line that names the file it looked for. A restore puts a checked backup
back while the site is stopped and keeps the database it replaces beside it. PostgreSQL has
its own tools (pg_dump, pg_restore; docs/deploying.md).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from sqlalchemy.engine import make_url

from community_site.data.maintainer_lock import check_database

from .guard import maintainer_command
from .progress import counted

# A backup written into a folder is named by the moment it was taken (UTC), so names sort
# by age and the command needs no shell (`$(date +%F)`) to name it.
STAMP = "%Y-%m-%dT%H%M%SZ"
PREFIX = "community-"
WHERE_FROM = (
    "point the command at the site's database with INSTANCE_PATH (the folder holding "
    "community.db) or DATABASE_URL, as the site's service has them (/etc/community.env)"
)


def _sqlite_database(command: str, other_tool: str) -> Path:
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise click.ClickException(
            f"{command} works on SQLite databases; for PostgreSQL use {other_tool} "
            "(docs/deploying.md, PostgreSQL)"
        )
    return Path(url.database).resolve()


def _open_existing(path: Path, readonly: bool = False) -> sqlite3.Connection:
    """A connection to a database file that exists; SQLite would create a missing one."""
    return sqlite3.connect(f"{path.as_uri()}?mode={'ro' if readonly else 'rw'}", uri=True)


def _posts_in(connection: sqlite3.Connection) -> int | None:
    """How many posts the database holds; None when it has no posts table at all."""
    if not connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'posts'"
    ).fetchone():
        return None
    return connection.execute("SELECT count(*) FROM posts").fetchone()[0]


def _site_database_or_refuse() -> Path:
    """The site's SQLite database, refused in one line when it is missing or empty."""
    path = _sqlite_database("backup", "pg_dump")
    if not path.parent.is_dir():
        # The one line every command gives for a database that cannot be opened at all.
        check_database(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if not path.is_file():
        raise click.ClickException(f"no database at {path}, nothing was backed up; {WHERE_FROM}")
    if path.stat().st_size == 0:
        raise click.ClickException(
            f"the database {path} is an empty file, nothing was backed up; {WHERE_FROM}"
        )
    return path


def _refuse_a_missing_sqlite_database() -> None:
    """Before the lock: a SQLite database that is missing or empty is refused (PostgreSQL's
    refusal comes once the server has answered, like every command's)."""
    if make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name() == "sqlite":
        _site_database_or_refuse()


def _target_file(target: str) -> tuple[Path, Path | None]:
    """The backup's file, and the folder whose older backups --keep prunes (if a folder)."""
    path = Path(target)
    if path.is_dir():
        file = path / f"{PREFIX}{datetime.now(UTC).strftime(STAMP)}.db"
        if file.exists():
            raise click.ClickException(f"{file} already exists: one backup a second at most")
        return file, path
    if not path.parent.is_dir():
        raise click.ClickException(
            f"the folder {path.parent} does not exist; create it or name another one, "
            "nothing was backed up"
        )
    if path.exists():
        raise click.ClickException(f"{path} already exists; name a new file")
    return path, None


def _prune(folder: Path, keep: int, latest: Path) -> list[Path]:
    """Delete all but the newest `keep` of the backups this command wrote into `folder`,
    never the `latest` one (whatever the clock said)."""
    written = sorted(
        entry
        for entry in folder.glob(f"{PREFIX}*.db")
        if entry.is_file() and _stamped(entry.name) and entry != latest
    )
    old = written[: max(len(written) - (keep - 1), 0)]
    for entry in old:
        entry.unlink()
    return old


def _stamped(name: str) -> bool:
    try:
        datetime.strptime(name[len(PREFIX) : -len(".db")], STAMP)
    except ValueError:
        return False
    return True


def _checked_copy(source: sqlite3.Connection, file: Path) -> str:
    """Copy the database into `file` in one step (a snapshot, whatever is being written
    meanwhile) and check the copy: the integrity check's answer. sqlite3.Error if it fails."""
    target = sqlite3.connect(file)
    try:
        source.backup(target)
        (check,) = target.execute("PRAGMA integrity_check").fetchone()
    finally:
        target.close()
    return check


def _write_checked_copy(source: sqlite3.Connection, file: Path) -> str:
    """`_checked_copy`, with the file removed if the copy fails."""
    try:
        return _checked_copy(source, file)
    except sqlite3.Error as exc:
        file.unlink(missing_ok=True)
        raise click.ClickException(f"backup to {file} failed: {exc}") from None


@click.command("backup")
@click.argument("target", metavar="FILE_OR_FOLDER")
@click.option(
    "--keep",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Into a folder: keep only the newest N backups this command wrote there.",
)
@maintainer_command(
    "backup", what="no backup was written", schema=False, precheck=_refuse_a_missing_sqlite_database
)
def backup_command(target: str, keep: int | None) -> None:
    """Write a checked copy of the SQLite database while the site keeps serving.

    FILE_OR_FOLDER is a new file, or a folder: the copy is then named by the time it was
    taken (community-2026-12-07T031500Z.db). The site's database must exist and hold posts.
    """
    database = _site_database_or_refuse()
    file, folder = _target_file(target)
    if keep is not None and folder is None:
        raise click.ClickException("--keep needs a folder to write the backup into")
    try:
        source = _open_existing(database)
        posts = _posts_in(source)
    except sqlite3.Error as exc:
        raise click.ClickException(f"cannot read the database {database}: {exc}") from None
    try:
        if not posts:
            what = "no posts" if posts == 0 else "none of the site's tables"
            raise click.ClickException(
                f"the database {database} holds {what}, nothing was backed up; {WHERE_FROM}"
            )
        check = _write_checked_copy(source, file)
    finally:
        source.close()
    if check != "ok":
        raise click.ClickException(f"the backup in {file} failed its integrity check: {check}")
    click.echo(f"backed up {counted(posts, 'post')} to {file} (integrity check ok)")
    if keep is not None:
        for old in _prune(folder, keep, file):
            click.echo(f"removed the older backup {old}")


def _check_backup(file: Path) -> int:
    """Refuse, in one line, a file that is not a sound backup of the site; its posts."""
    if not file.is_file():
        raise click.ClickException(f"{file}: no such file; nothing was restored")
    try:
        backup = _open_existing(file, readonly=True)
        try:
            (check,) = backup.execute("PRAGMA integrity_check").fetchone()
            posts = _posts_in(backup)
        finally:
            backup.close()
    except sqlite3.Error as exc:
        raise click.ClickException(
            f"{file} is not a SQLite database the site wrote ({exc}); nothing was restored"
        ) from None
    if check != "ok":
        raise click.ClickException(
            f"{file} failed its integrity check ({check}); nothing was restored"
        )
    if posts is None:
        raise click.ClickException(f"{file} holds none of the site's tables; nothing was restored")
    return posts


def _refuse_while_open(database: Path) -> None:
    """One line if another process (the site) has the database open. In WAL mode every
    open connection holds a shared lock, even idle, so an exclusive one is refused. A
    database too damaged to lock is not refused: replacing it is what a restore is for."""
    probe = sqlite3.connect(f"{database.as_uri()}?mode=rw", uri=True, timeout=0.5)
    try:
        probe.execute("PRAGMA locking_mode=EXCLUSIVE")
        probe.execute("BEGIN EXCLUSIVE")
        probe.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise click.ClickException(
                f"the database {database} is open in another process (is the site running? "
                "stop it first: systemctl stop community); nothing was restored"
            ) from None
    except sqlite3.DatabaseError:
        pass
    finally:
        probe.close()


def _copy_checked(source: Path, target: Path, readonly: bool = False) -> None:
    """Copy a database through SQLite (what its write-ahead log holds comes along) into a new
    file and check the copy; on any failure the new file is removed and nothing else."""
    target.unlink(missing_ok=True)
    try:
        origin = _open_existing(source, readonly)
        try:
            check = _checked_copy(origin, target)
        finally:
            origin.close()
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise click.ClickException(
            f"cannot copy {source} to {target} ({exc}); nothing was restored"
        ) from None
    if check != "ok":
        target.unlink(missing_ok=True)
        raise click.ClickException(
            f"the copy of {source} failed its integrity check ({check}); nothing was restored"
        )


def _keep_aside(database: Path) -> Path:
    """Keep the database a restore replaces beside it, named by the time. Through SQLite
    when it can be read, else its files as they are (a damaged database is kept too)."""
    kept = database.with_name(f"{database.name}.replaced-{datetime.now(UTC).strftime(STAMP)}")
    try:
        _copy_checked(database, kept)
    except click.ClickException:
        for suffix in ("", "-wal", "-shm"):
            if Path(f"{database}{suffix}").exists():
                shutil.copyfile(f"{database}{suffix}", f"{kept}{suffix}")
    return kept


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@maintainer_command("restore", what="nothing was restored", schema=False)
def restore_command(file: Path) -> None:
    """Put the backup FILE back as the site's SQLite database, with the site stopped.

    The backup is checked first; the database it replaces is kept beside it
    (community.db.replaced-<time>). Run `flask db upgrade` after restoring an older backup;
    the site's service does at its start.
    """
    database = _sqlite_database("restore", "pg_restore")
    backup = file.resolve()
    posts = _check_backup(backup)
    if database.exists():
        _refuse_while_open(database)
    incoming = database.with_name(f"{database.name}.restoring")
    _copy_checked(backup, incoming, readonly=True)
    kept = _keep_aside(database) if database.exists() else None
    try:
        for leftover in (Path(f"{database}-wal"), Path(f"{database}-shm")):
            leftover.unlink(missing_ok=True)
        os.replace(incoming, database)
    except OSError as exc:
        raise click.ClickException(
            f"cannot put the backup in place of {database} ({exc.strerror or exc})"
        ) from None
    click.echo(f"restored {counted(posts, 'post')} from {file} into {database}")
    if kept is not None:
        click.echo(f"the database it replaced is kept as {kept}")
