"""An import while the site serves: readers see the old posts or all the new ones, never a
half-imported state, and the new ones as soon as the import commits."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import urllib.request

import pytest

from tests.browser.conftest import Server, extra_posts_dump
from tests.support import REAL_DUMP, ROOT

pytestmark = pytest.mark.served


def listing_state(base: str, etag: str | None = None) -> tuple[int, str, str, int]:
    request = urllib.request.Request(base + "/", headers={"If-None-Match": etag or ""})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            html = response.read().decode()
            status, tag = response.status, response.headers["ETag"]
    except urllib.error.HTTPError as error:  # 304 arrives as an "error" in urllib
        return error.code, "", etag or "", 0
    pages = int(re.search(r"page 1 of (\d+)", html).group(1))
    top = re.search(r'class="entry__title"><a href="[^"]+">([^<]+)<', html).group(1)
    return status, top, tag, pages


def test_readers_never_see_a_half_imported_state(tmp_path):
    server = Server(tmp_path, [REAL_DUMP], {"POSTS_PER_PAGE": "10"})
    new = tmp_path / "new.txt"
    new.write_text(extra_posts_dump(3000), encoding="utf-8")
    _, old_top, old_etag, old_pages = listing_state(server.base)
    seen: list[tuple[int, str, int]] = []
    done = threading.Event()

    def poll():
        while not done.is_set():
            status, top, _, pages = listing_state(server.base)
            seen.append((status, top, pages))

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", "import", str(new)],
            cwd=ROOT,
            env=server.env,
            capture_output=True,
            text=True,
        )
        # As soon as the import has committed, the very next request shows the new posts,
        # even to a reader revalidating the old page.
        status, top, _, pages = listing_state(server.base, old_etag)
    finally:
        done.set()
        poller.join()
        server.stop()
    assert result.returncode == 0, result.stderr
    assert "3000 added" in result.stdout
    assert (status, top, pages) == (200, "Older community note 1", 301)
    assert {s for s, _, _ in seen} == {200}
    states = {(top, pages) for _, top, pages in seen}
    assert states <= {(old_top, old_pages), ("Older community note 1", 301)}, states
    assert len(seen) > 5
