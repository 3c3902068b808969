"""Operations: schema upgrades keep everything, copy-db between databases, online backups."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import threading

import pytest
from alembic.script import ScriptDirectory
from flask_migrate import current, upgrade
from sqlalchemy import select

from community_site import create_app
from community_site.data.extension import MIGRATIONS, db
from community_site.data.models import Post
from importer.backups import backup_command
from importer.maintenance import copy_db_command
from tests.conftest import fresh_postgres
from tests.support import REAL_DUMP, app_at_revision

POST = "/posts/what-is-peer-support"
HX = {"HX-Request": "true"}


def make_history(client, run_posts):
    """Hidden flags and share counts, as a site in use has them."""
    run_posts("hide", "enteroviral-infection-in-me-cfs")
    for n in range(3):
        client.post(f"{POST}/share/reddit", headers={**HX, "User-Agent": f"reader {n}"})
    client.post(f"{POST}/share/email", headers={**HX, "User-Agent": "reader 9"})


def listing(runner_app) -> list[dict]:
    from importer.cli import posts_group

    result = runner_app.test_cli_runner().invoke(posts_group, ["list", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_upgrading_a_first_schema_database_keeps_everything(tmp_path, database_url):
    old, config = app_at_revision(tmp_path, database_url, "0001")
    from importer.cli import import_command, posts_group

    runner = old.test_cli_runner()
    assert runner.invoke(import_command, [str(REAL_DUMP)]).exit_code == 0
    assert runner.invoke(posts_group, ["hide", "enteroviral-infection-in-me-cfs"]).exit_code == 0
    with old.app_context():
        # Counts as the first schema holds them (today's code writes columns it lacks).
        connection = db.session.connection()
        post_id = connection.exec_driver_sql(
            "SELECT id FROM posts WHERE slug = 'what-is-peer-support'"
        ).scalar()
        connection.exec_driver_sql(
            f"INSERT INTO share_counts (post_id, network, count) "
            f"VALUES ({post_id}, 'reddit', 3), ({post_id}, 'email', 1)"
        )
        db.session.commit()
    before = listing(old)
    with old.app_context():
        db.engine.dispose()

    new = create_app(dict(config))
    with new.app_context():
        upgrade(directory=MIGRATIONS)
        revision = (
            db.session.connection()
            .exec_driver_sql("SELECT version_num FROM alembic_version")
            .scalar()
        )
    assert revision == ScriptDirectory(MIGRATIONS).get_current_head()
    after = listing(new)
    assert after == before
    assert [p["hidden"] for p in after] == [False, True, False, False]
    assert after[0]["shares"] == 4
    client = new.test_client()
    assert client.get(POST).status_code == 200
    assert "4 shares" in client.get("/").text
    # Presses keep counting on the upgraded schema.
    assert client.post(f"{POST}/share/reddit", headers=HX).status_code == 200
    assert "5 shares" in client.get("/").text
    assert "What is Peer Support?" in client.get("/search?q=peer").text
    assert client.get("/posts/enteroviral-infection-in-me-cfs").status_code == 410
    with new.app_context():
        current(directory=MIGRATIONS)


def feed_ids(client) -> list[str]:
    return re.findall(r"<id>([^<]+)</id>", client.get("/feed.xml").text)


def copy_and_compare(app, client, run_posts, run_import, target_url, tmp_path):
    run_import(REAL_DUMP)
    make_history(client, run_posts)
    before = listing(app)
    ids_before = feed_ids(client)
    result = app.test_cli_runner().invoke(copy_db_command, [target_url])
    assert result.exit_code == 0, result.output
    assert "posts: 4 rows copied and verified" in result.output
    assert "share_counts: 2 rows copied and verified" in result.output
    target = create_app(
        {"INSTANCE_PATH": str(tmp_path / "target-instance"), "SQLALCHEMY_DATABASE_URI": target_url}
    )
    assert listing(target) == before
    target_client = target.test_client()
    assert 'data-share-count="reddit">3<' in target_client.get(POST).text
    # The most shared posts read the totals: they come along too.
    for popular in (client.get("/popular").text, target_client.get("/popular").text):
        assert popular.count('class="entry"') == 1 and "What is Peer Support?" in popular
    assert "What is Peer Support?" in target_client.get("/search?q=support").text
    # Another instance folder and host (no BASE_URL): the Atom ids are the same, the links not.
    assert feed_ids(target_client) == ids_before
    assert "https://peer.example/" not in target_client.get("/feed.xml").text
    # The copy keeps working: new posts get new ids and go on top.
    from importer.cli import import_command

    extra = tmp_path / "extra.txt"
    extra.write_text("A newer post\n\nText.\nWays to Share:\n", encoding="utf-8")
    assert target.test_cli_runner().invoke(import_command, [str(extra)]).exit_code == 0
    assert listing(target)[0]["title"] == "A newer post"
    with target.app_context():
        db.engine.dispose()


def test_copy_db_to_an_empty_sqlite_database(app, client, run_posts, run_import, tmp_path):
    copy_and_compare(
        app, client, run_posts, run_import, f"sqlite:///{tmp_path / 'copy.db'}", tmp_path
    )


@pytest.mark.served
@pytest.mark.sqlite_only  # the PostgreSQL half copies the other way, to SQLite, above
def test_copy_db_from_sqlite_to_postgresql(tmp_path, run_posts, run_import, app, client):
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must provide TEST_POSTGRES_URL (.ci/run starts PostgreSQL)")
        pytest.skip("no PostgreSQL server: set TEST_POSTGRES_URL (see make test-postgres)")
    copy_and_compare(app, client, run_posts, run_import, fresh_postgres(url), tmp_path)


def test_copy_db_refuses_a_target_that_holds_posts(app, run_import, tmp_path):
    run_import(REAL_DUMP)
    target = f"sqlite:///{tmp_path / 'copy.db'}"
    assert app.test_cli_runner().invoke(copy_db_command, [target]).exit_code == 0
    again = app.test_cli_runner().invoke(copy_db_command, [target])
    assert again.exit_code == 1 and "already holds posts" in again.output


def test_copy_db_explains_an_unusable_target(app, imported):
    result = app.test_cli_runner().invoke(copy_db_command, ["nonsense://"])
    assert result.exit_code == 1 and "TARGET_URL cannot be used" in result.output


@pytest.mark.sqlite_only
def test_backup_is_consistent_while_presses_are_written(app, imported, tmp_path):
    app.extensions["share_limiter"].limit = 0
    app.config["SHARE_READERS_PER_ADDRESS"] = 0
    stop = threading.Event()

    def press_away():
        client = app.test_client()
        n = 0
        while not stop.is_set():
            n += 1
            client.post(f"{POST}/share/telegram", headers={**HX, "User-Agent": f"r{n}"})

    writers = [threading.Thread(target=press_away) for _ in range(3)]
    for writer in writers:
        writer.start()
    try:
        threading.Event().wait(0.3)
        files = [tmp_path / f"backup-{n}.db" for n in range(3)]
        for file in files:
            result = app.test_cli_runner().invoke(backup_command, [str(file)])
            assert result.exit_code == 0, result.output
            assert "backed up 4 posts" in result.output and "integrity check ok" in result.output
    finally:
        stop.set()
        for writer in writers:
            writer.join()
    for file in files:
        copy = sqlite3.connect(file)
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        counted = copy.execute(
            "SELECT count FROM share_counts WHERE network = 'telegram'"
        ).fetchone()
        presses = copy.execute(
            "SELECT count(*) FROM share_presses WHERE network = 'telegram'"
        ).fetchone()[0]
        # A snapshot: every counted press is there, and nothing half-written.
        assert (counted[0] if counted else 0) == presses
        copy.close()


def test_backup_refuses_an_existing_file(app, imported, tmp_path):
    existing = tmp_path / "exists.db"
    existing.write_text("keep me")
    result = app.test_cli_runner().invoke(backup_command, [str(existing)])
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        assert result.exit_code == 1 and "pg_dump" in result.output
    else:
        assert result.exit_code == 1 and "already exists" in result.output
    assert existing.read_text() == "keep me"


def test_posts_keep_their_ids_and_order_through_a_copy(app, run_import, tmp_path):
    run_import(REAL_DUMP)
    target = f"sqlite:///{tmp_path / 'ids.db'}"
    assert app.test_cli_runner().invoke(copy_db_command, [target]).exit_code == 0
    with app.app_context():
        source_rows = db.session.execute(select(Post.id, Post.slug, Post.position)).all()
    copy = sqlite3.connect(tmp_path / "ids.db")
    target_rows = copy.execute("SELECT id, slug, position FROM posts").fetchall()
    assert sorted(map(tuple, source_rows)) == sorted(target_rows)


@pytest.mark.served
@pytest.mark.sqlite_only
def test_instance_path_from_the_environment_holds_the_database_and_the_key(tmp_path):
    """INSTANCE_PATH, relative to the folder the command runs in, is where the default
    SQLite database and the generated secret key go."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    env["INSTANCE_PATH"] = "site-data"
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "community_site", "import", str(REAL_DUMP)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "total: 4 added" in result.stdout
    assert (tmp_path / "site-data" / "community.db").is_file()
    assert (tmp_path / "site-data" / "secret_key").is_file()


def test_restore_names_pg_restore_on_postgresql_and_checks_the_file_on_sqlite(
    app, imported, tmp_path
):
    from importer.backups import restore_command

    bogus = tmp_path / "bogus.db"
    bogus.write_text("not a backup")
    result = app.test_cli_runner().invoke(restore_command, [str(bogus)])
    assert result.exit_code == 1
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        assert "pg_restore" in result.output
    else:
        assert "nothing was restored" in result.output
    assert "Traceback" not in result.output
