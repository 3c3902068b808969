"""A real gunicorn serving a prepared database, and a headless Debian Chromium driven by
Playwright. Without chromium the browser tests skip on a laptop, but fail in CI."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support import server_database_url

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "artifacts"


def _require_chromium():
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium (see .ci/run)")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); browser tests skipped")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def flask_cli(env, *args):
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


class Server:
    """gunicorn as deployed, on a free port (or `port`); its standard error (gunicorn's error
    log and the site's) goes to `log` when given."""

    def __init__(
        self,
        tmp: Path,
        dumps: list[Path],
        extra_env: dict | None = None,
        log: Path | None = None,
        port: int | None = None,
    ):
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": server_database_url(tmp),
            "BASE_URL": self.base,
            "POSTS_PER_PAGE": "3",
            # Served as deployed: gunicorn.conf.py (one gthread process), on a free port.
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_THREADS": "4",
            **(extra_env or {}),
        }
        if dumps:
            flask_cli(self.env, "import", *map(str, dumps))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=log.open("ab") if log else subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def extra_posts_dump(count: int) -> str:
    return "".join(
        f"Older community note {n}\n\nNotes from meeting {n} about gardening and rest.\n\n"
        "Ways to Share:\n"
        for n in range(1, count + 1)
    )


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser-site")
    extra = tmp / "extra.txt"
    extra.write_text(extra_posts_dump(8), encoding="utf-8")
    # The real dump first (newest), then 8 older posts: 12 posts, 4 pages of 3.
    server = Server(tmp, [ROOT / "fixtures" / "community-dump.txt", extra])
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


class Watch:
    """Everything a page did that a test may want to deny: console errors, page errors,
    dialogs, and requests to any host but the site's."""

    def __init__(self, base: str):
        self.host = urlsplit(base).netloc
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.foreign: list[str] = []

    def attach(self, context):
        context.route("**/*", self._route)
        context.on("page", self._page)

    def _page(self, page):
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route):
        url = route.request.url
        if urlsplit(url).netloc == self.host:
            route.continue_()
        else:
            # Nothing leaves the machine: record it and answer with a stub page.
            self.foreign.append(url)
            route.fulfill(status=200, content_type="text/html", body="<title>stub</title>stub")


@pytest.fixture
def watch(server):
    return Watch(server.base)


@pytest.fixture
def context(browser, server, watch):
    context = browser.new_context(base_url=server.base)
    watch.attach(context)
    yield context
    context.close()


@pytest.fixture
def page(context, watch):
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page


def screenshot(page, name: str) -> Path:
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
