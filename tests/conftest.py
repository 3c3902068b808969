"""Shared fixtures: an app on a temporary database, its client and CLI runner, and helpers
that import dumps through the real CLI command."""

from __future__ import annotations

from pathlib import Path

import pytest

from community_site import create_app
from importer.cli import import_command, posts_group
from tests.support import REAL_DUMP


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.db'}",
            "BASE_URL": "https://peer.example",
        }
    )
    yield app


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
