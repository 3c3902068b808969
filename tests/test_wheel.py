"""The built package: the sdist and the wheel carry every file of the site, and the wheel,
installed (not editable) into a fresh virtual environment, imports the dump and serves the
site from a folder that is not the checkout.

These tests build with `python -m build` (the sdist, then the wheel from the sdist) and install
with pip; dependencies come from the package index through pip's cache. They never skip: a
CI machine without an index fails them.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tarfile
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tests.support import REAL_DUMP, REAL_POSTS, ROOT, server_database_url

pytestmark = pytest.mark.served

# Where each folder of the checkout goes in the wheel.
WHEEL_FOLDERS = {
    "site": "community_site",
    "templates": "community_site/templates",
    "importer": "importer",
}


def checkout_files(folder: str) -> list[str]:
    """The files of a folder of the checkout, as git sees them: tracked or new, not ignored
    (so a file added and not yet committed counts, and __pycache__ does not)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z", folder],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    files = [name for name in listed if name and (ROOT / name).is_file()]
    assert files, f"git lists no files under {folder}/"
    return files


@pytest.fixture(scope="session")
def dist(tmp_path_factory) -> dict[str, Path]:
    """The sdist and the wheel of the checkout, built as a release would be."""
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return {"sdist": sdist, "wheel": wheel}


def test_the_wheel_holds_every_file_of_the_site_templates_and_importer(dist):
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        names = set(wheel.namelist())
    missing = [
        f"{name} (as {WHEEL_FOLDERS[folder]}{name[len(folder) :]})"
        for folder in WHEEL_FOLDERS
        for name in checkout_files(folder)
        if WHEEL_FOLDERS[folder] + name[len(folder) :] not in names
    ]
    assert not missing, "left out of the wheel: " + ", ".join(missing)
    # The three kinds of data the issue names, each present (not just matched by nothing).
    for part in ("templates/base.html", "static/site.css", "migrations/alembic.ini"):
        assert f"community_site/{part}" in names


def test_the_sdist_holds_every_file_of_the_site_templates_and_importer(dist):
    with tarfile.open(dist["sdist"]) as sdist:
        top, *_ = sdist.getnames()
        names = {name.partition("/")[2] for name in sdist.getnames()}
    missing = [
        name for folder in WHEEL_FOLDERS for name in checkout_files(folder) if name not in names
    ]
    assert not missing, f"left out of the sdist {top}: " + ", ".join(missing)


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode("utf-8", "replace")


def test_the_installed_wheel_imports_and_serves_from_another_folder(dist, tmp_path):
    """What an operator does with the package: install it, upgrade and fill the database
    with `flask --app community_site`, serve with the package's gunicorn settings:
    `gunicorn -c python:community_site.web.gunicorn_conf 'community_site:create_app()'`."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    postgres = bool(os.environ.get("TEST_DATABASE_URL"))
    target = f"{dist['wheel']}[postgres]" if postgres else str(dist["wheel"])
    install = subprocess.run(
        [venv / "bin" / "python", "-m", "pip", "install", "--quiet", target],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "VIRTUAL_ENV", "DATABASE_URL", "INSTANCE_PATH", "FLASK_APP"}
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    if postgres:
        env["DATABASE_URL"] = server_database_url(tmp_path)

    def run(*args: str) -> str:
        result = subprocess.run(args, cwd=elsewhere, env=env, capture_output=True, text=True)
        assert result.returncode == 0, f"{args}: {result.stderr[-3000:]}"
        return result.stdout

    where = run("python", "-c", "import community_site, importer; print(community_site.__file__)")
    assert Path(where.strip()).is_relative_to(venv), where
    run("flask", "--app", "community_site", "db", "upgrade")
    imported = run("flask", "--app", "community_site", "import", str(REAL_DUMP))
    assert "total: 4 added" in imported
    listed = run("flask", "--app", "community_site", "posts", "list")
    assert all(title in listed for title, _ in REAL_POSTS)
    if not postgres:
        # An installed package keeps its instance folder under the environment's prefix.
        assert (venv / "var" / "community_site-instance" / "community.db").is_file()
        run("flask", "--app", "community_site", "backup", "backup.db")
        assert (elsewhere / "backup.db").is_file()

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            "gunicorn",
            "-c",
            "python:community_site.web.gunicorn_conf",
            "community_site:create_app()",
        ],
        cwd=elsewhere,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_until_up(base, server)
        status, listing = fetch(base + "/")
        assert status == 200
        title, slug = REAL_POSTS[0]
        assert title in listing
        post = re.search(rf'href="(/posts/{slug})"', listing)
        htmx = re.search(r'<script src="(/static/[^"]+/htmx\.min\.js)"', listing)
        css = re.search(r'<link rel="stylesheet" href="(/static/[^"]+/site\.css)"', listing)
        assert post and htmx and css, listing[:2000]
        status, page = fetch(base + post[1])
        assert status == 200 and title in page
        status, script = fetch(base + htmx[1])
        assert status == 200 and "htmx" in script
        status, stylesheet = fetch(base + css[1])
        assert status == 200 and "{" in stylesheet
        # The package's settings hold the hook that closes the connection after a body the
        # site refuses unread, instead of reading it to reach the next request.
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(
                f"POST /posts/{slug}/share/email HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                "Content-Length: 2000000\r\n\r\n".encode()
            )
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
        head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").lower()
        assert head.startswith("http/1.1 413") and "connection: close" in head, head
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert "Traceback" not in errors, errors[-3000:]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            fetch(base + "/healthz")
            return
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.terminate()
                errors = server.communicate()[1][-3000:]
                raise AssertionError(f"gunicorn did not start: {errors}") from None
            time.sleep(0.2)
