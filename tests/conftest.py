"""Shared fixtures: an app on a temporary database, its client and CLI runner, and helpers
that import dumps through the real CLI command."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from community_site import create_app
from community_site.data.extension import db
from community_site.data.schema import ensure_schema
from community_site.data.version_listener import stop_all
from importer.cli import import_command, posts_group
from tests.support import REAL_DUMP

# The PostgreSQL half of the suite: TEST_DATABASE_URL names a server (make test-postgres).
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")


def pytest_collection_modifyitems(config, items):
    """Each half leaves out what the other one runs: the PostgreSQL half what tests SQLite
    itself, the SQLite half what needs a PostgreSQL server of its own."""
    other = "sqlite_only" if POSTGRES_URL else "postgres_only"
    elsewhere = [i for i in items if other in i.keywords]
    if elsewhere:
        config.hook.pytest_deselected(items=elsewhere)
        items[:] = [i for i in items if i not in elsewhere]


def fresh_postgres(url: str) -> str:
    """An empty schema for each test: the app then builds it by running the migrations."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(autouse=True)
def _listeners_end_with_their_test():
    """On PostgreSQL every app a test serves starts a listening connection; each ends with
    its test (within half a second), so a long run never nears the server's connection limit."""
    yield
    stop_all(wait=0)


@pytest.fixture
def database_url(tmp_path):
    if POSTGRES_URL:
        return fresh_postgres(POSTGRES_URL)
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A SQLite database with the whole schema, migrated once per run: each test's database
    starts as a copy (running the migrations for every test cost most of a fast run)."""
    folder = tmp_path_factory.mktemp("migrated")
    path = folder / "migrated.db"
    config = {
        "INSTANCE_PATH": str(folder / "instance"),
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
    }
    made = create_app({"TESTING": True, **config})
    with made.app_context():
        ensure_schema()
        db.session.remove()
        db.engine.dispose()
    return path


@pytest.fixture
def app(tmp_path, database_url, request):
    if not POSTGRES_URL:
        copy = Path(database_url.removeprefix("sqlite:///"))
        if not copy.exists():
            shutil.copyfile(request.getfixturevalue("migrated_sqlite"), copy)
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SQLALCHEMY_DATABASE_URI": database_url,
            # The test client talks to BASE_URL's host (SERVER_NAME follows it); other hosts
            # get 400 as they would from the served app.
            "BASE_URL": "https://peer.example",
        }
    )
    with app.app_context():
        ensure_schema()  # as `make run` does with `flask db upgrade`
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def run_import(runner):
    """Run `flask import` with these arguments; return the click result."""

    def run(*args, input=None):
        return runner.invoke(import_command, [str(a) for a in args], input=input)

    return run


@pytest.fixture
def run_posts(runner):
    def run(*args):
        return runner.invoke(posts_group, list(args))

    return run


@pytest.fixture
def write_dump(tmp_path):
    """Write text to a dump file and return its path."""
    counter = iter(range(1, 10_000))

    def write(text: str, name: str | None = None) -> Path:
        path = tmp_path / (name or f"dump-{next(counter)}.txt")
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def imported(run_import):
    result = run_import(REAL_DUMP)
    assert result.exit_code == 0, result.output
    return result
