"""Backups that cannot lie: `flask backup` never makes a database and refuses an empty one in
one line; a folder target names each backup by its time and keeps a few; `flask restore`
puts a checked backup back with the site stopped and keeps the database it replaced."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from community_site.data.extension import db
from importer.backups import backup_command, restore_command
from importer.cli import posts_group
from tests.support import REAL_DUMP, REAL_POSTS

pytestmark = pytest.mark.sqlite_only


def flask(*args, env: dict, cwd) -> subprocess.CompletedProcess:
    """A `flask --app community_site` command as cron would run it: its own environment."""
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "community_site", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )


def bare_environment() -> dict:
    return {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "INSTANCE_PATH", "FLASK_APP", "SECRET_KEY"}
    }


@pytest.mark.served
def test_a_backup_run_without_the_sites_settings_refuses_and_makes_no_database(tmp_path):
    """cron without the unit's INSTANCE_PATH: the command looks in another folder, finds no
    database there, and says which one it looked for and how to name the right one."""
    elsewhere = tmp_path / "not-the-site"
    env = {**bare_environment(), "INSTANCE_PATH": str(elsewhere)}
    result = flask("backup", str(tmp_path / "nightly.db"), env=env, cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(elsewhere / "community.db") in lines[0]
    assert "INSTANCE_PATH" in lines[0] and "DATABASE_URL" in lines[0]
    assert "Traceback" not in result.stderr and "backed up" not in result.stdout
    assert not (elsewhere / "community.db").exists()
    assert not (tmp_path / "nightly.db").exists()


def test_a_database_that_holds_no_posts_is_not_backed_up(app, tmp_path):
    result = app.test_cli_runner().invoke(backup_command, [str(tmp_path / "b.db")])
    assert result.exit_code == 1
    assert "holds no posts, nothing was backed up" in result.output
    assert "INSTANCE_PATH" in result.output
    assert not (tmp_path / "b.db").exists()


def test_an_empty_database_file_is_not_backed_up(app, tmp_path):
    database = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    with app.app_context():
        db.engine.dispose()
    os.truncate(database, 0)
    result = app.test_cli_runner().invoke(backup_command, [str(tmp_path / "b.db")])
    assert result.exit_code == 1 and "is an empty file" in result.output
    assert os.path.getsize(database) == 0


def test_a_missing_target_folder_is_one_line(app, imported, tmp_path):
    target = tmp_path / "no-such-folder" / "b.db"
    result = app.test_cli_runner().invoke(backup_command, [str(target)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: the folder {target.parent} does not exist; create it or name another one, "
        "nothing was backed up"
    ]


def test_a_backup_into_a_folder_is_named_by_its_time_and_keeps_the_newest(app, imported, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    older = [folder / f"community-2026-01-0{day}T031500Z.db" for day in (1, 2, 3)]
    for file in older:
        file.write_bytes(b"an older backup")
    unrelated = [folder / "notes.txt", folder / "community-before-the-move.db"]
    for file in unrelated:
        file.write_text("not a backup this command wrote")

    result = app.test_cli_runner().invoke(backup_command, ["--keep", "2", str(folder)])
    assert result.exit_code == 0, result.output
    (written,) = set(folder.glob("community-20*.db")) - set(older)
    assert f"backed up 4 posts to {written} (integrity check ok)" in result.output
    assert sorted(folder.iterdir()) == sorted([written, older[2], *unrelated])
    assert f"removed the older backup {older[0]}" in result.output
    copy = sqlite3.connect(written)
    assert copy.execute("SELECT count(*) FROM posts").fetchone()[0] == 4
    copy.close()


def test_one_post_is_said_as_one(app, run_import, write_dump, tmp_path):
    run_import(write_dump("Only one\n\nIts text.\nWays to Share:\n"))
    result = app.test_cli_runner().invoke(backup_command, [str(tmp_path / "b.db")])
    assert result.exit_code == 0 and "backed up 1 post to" in result.output


def listing(app) -> list[dict]:
    result = app.test_cli_runner().invoke(posts_group, ["list", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.served
def test_restore_puts_a_backup_back_and_keeps_the_database_it_replaced(tmp_path):
    """The commands as an operator runs them, each a process of its own, on the site's
    SQLite file; the site is a connection held open, as its pool holds one."""
    database = tmp_path / "site.db"
    env = {
        **bare_environment(),
        "DATABASE_URL": f"sqlite:///{database}",
        "INSTANCE_PATH": str(tmp_path / "instance"),
    }

    def run(*args) -> str:
        result = flask(*args, env=env, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        return result.stdout

    run("import", str(REAL_DUMP))
    backup = tmp_path / "before.db"
    run("backup", str(backup))
    before = json.loads(run("posts", "list", "--json"))
    # What happens after the backup: a post hidden, another imported.
    run("posts", "hide", REAL_POSTS[0][1])
    (tmp_path / "later.txt").write_text("Written after the backup\n\nIts text.\nWays to Share:\n")
    run("import", str(tmp_path / "later.txt"))

    site = sqlite3.connect(database)
    site.execute("SELECT count(*) FROM posts").fetchone()
    refused = flask("restore", str(backup), env=env, cwd=tmp_path)
    assert refused.returncode == 1
    assert "is open in another process (is the site running?" in refused.stderr
    assert len(json.loads(run("posts", "list", "--json"))) == 5
    site.close()  # the site stopped

    restored = run("restore", str(backup))
    assert f"restored 4 posts from {backup} into {database}" in restored
    (kept,) = tmp_path.glob("site.db.replaced-*")
    assert f"the database it replaced is kept as {kept}" in restored
    assert json.loads(run("posts", "list", "--json")) == before
    aside = sqlite3.connect(kept)
    assert aside.execute("SELECT count(*) FROM posts").fetchone()[0] == 5
    aside.close()

    # What a restore is for: a database damaged beyond reading is replaced, and kept as it was.
    damage = b"this is no longer a database " * 200
    database.write_bytes(damage)
    kept.unlink()
    restored = run("restore", str(backup))
    (kept,) = tmp_path.glob("site.db.replaced-*")
    assert kept.read_bytes() == damage
    assert json.loads(run("posts", "list", "--json")) == before


@pytest.mark.parametrize("content", [b"", b"not a database at all\n" * 20])
def test_restore_refuses_a_file_that_is_not_a_backup(app, imported, tmp_path, content):
    with app.app_context():
        db.engine.dispose()
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(content)
    before = listing(app)
    with app.app_context():
        db.engine.dispose()
    result = app.test_cli_runner().invoke(restore_command, [str(bogus)])
    assert result.exit_code == 1 and "nothing was restored" in result.output
    assert "Traceback" not in result.output
    assert listing(app) == before
    assert not list(tmp_path.glob("test.db.replaced-*"))


def test_restore_of_a_missing_file_is_one_line(app, tmp_path):
    result = app.test_cli_runner().invoke(restore_command, [str(tmp_path / "nope.db")])
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == f"Error: {tmp_path / 'nope.db'}: no such file; nothing was restored"
    )
