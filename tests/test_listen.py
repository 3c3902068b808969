"""On PostgreSQL every process learns of changes from the database's notifications: with its
listener up a page costs no query to learn the versions, and when the listening connection
drops the process reads them per request until it is back, so no change is missed. Then the
same on gunicorn: two processes, and two servers with instance folders of their own (as two
machines would be) on one database, each showing the other's presses, hides and imports
within a second, with counts exact under concurrent presses to both."""

from __future__ import annotations

import re
import threading
import time

import pytest
from sqlalchemy import create_engine, event, text

from community_site.data.extension import db
from community_site.data.models import POSTS, bump_statement
from tests.browser.conftest import Server, flask_cli
from tests.support import REAL_DUMP, send

pytestmark = [pytest.mark.postgres_only, pytest.mark.served]

POST = "/posts/what-is-peer-support"
# This database's listeners only: other tests' apps listen on databases of their own.
LISTENERS = "application_name LIKE 'community_site versions %' AND datname = current_database()"
# A change must show everywhere within this long.
WITHIN = 1.0


def eventually(check, within: float = WITHIN, what: str = "the change"):
    """Poll `check` until it holds; return how long that took, failing past `within`."""
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < within, f"{what} did not show within {within} s"
        time.sleep(0.02)
    return time.monotonic() - started


def listening(app) -> bool:
    return app.extensions["version_watch"].listener.versions() is not None


def commit_elsewhere(url: str, row: int) -> None:
    """A bump committed by a connection the app knows nothing about (another process)."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(bump_statement("postgresql"), {"row": row})
    engine.dispose()


def _count_listeners(url: str, what: str) -> int:
    """`what` (an aggregate over pid) of this database's listening connections."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        found = connection.execute(
            text(f"SELECT {what} FROM pg_stat_activity WHERE {LISTENERS}")
        ).scalar_one()
    engine.dispose()
    return found


def terminate_listeners(url: str) -> int:
    """Kill every listening connection on the server, as a restart or a network cut would."""
    return _count_listeners(url, "count(pg_terminate_backend(pid))")


def listener_backends(url: str) -> int:
    return _count_listeners(url, "count(*)")


def test_with_the_listener_up_a_cached_page_runs_no_query(app, client, imported):
    client.get("/")
    eventually(lambda: listening(app), within=5, what="the listener")
    client.get("/")  # rendered and cached for the version the listener holds
    with app.app_context():
        engine = db.engine
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        pages = [client.get(path) for path in ("/", "/", POST, POST)]
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert [page.status_code for page in pages] == [200] * 4
    # The post page was rendered once (its query and its related posts'); nothing asked for
    # the versions.
    assert not [s for s in statements if "site_state" in s], statements
    assert len(statements) <= 2, statements


def test_a_commit_elsewhere_reaches_this_process_within_a_second(app, client, imported):
    client.get("/")
    eventually(lambda: listening(app), within=5, what="the listener")
    etag = client.get("/").headers["ETag"]
    commit_elsewhere(app.config["SQLALCHEMY_DATABASE_URI"], POSTS)
    eventually(lambda: client.get("/", headers={"If-None-Match": etag}).status_code == 200)


def test_a_dropped_listener_misses_nothing_and_comes_back(app, client, imported):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    watch = app.extensions["version_watch"]
    client.get("/")
    eventually(lambda: listening(app), within=5, what="the listener")
    connected = watch.listener.connections
    for _ in range(3):  # each time, a change made while it is down still shows
        etag = client.get("/").headers["ETag"]
        assert terminate_listeners(url) >= 1
        commit_elsewhere(url, POSTS)
        eventually(
            lambda tag=etag: client.get("/", headers={"If-None-Match": tag}).status_code == 200
        )
        eventually(lambda: listening(app), within=3, what="the listener's return")
    assert watch.listener.connections >= connected + 3
    with app.app_context():
        assert watch.current() == watch.listener.versions()


def test_a_rolled_back_bump_is_never_heard(app, client, imported):
    from community_site.data.models import bump_shares_version

    client.get("/")
    eventually(lambda: listening(app), within=5, what="the listener")
    with app.app_context():
        before = watch_versions(app)
        bump_shares_version()
        db.session.rollback()
    commit_elsewhere(app.config["SQLALCHEMY_DATABASE_URI"], POSTS)  # something to wait for
    eventually(lambda: watch_versions(app)[0] == before[0] + 1)
    assert watch_versions(app)[1] == before[1]


def watch_versions(app) -> tuple[int, int]:
    return app.extensions["version_watch"].listener.versions()


# Served by gunicorn: two servers on one database.


def press(base: str, network: str, agent: str) -> int:
    headers = {"HX-Request": "true", "User-Agent": agent}
    return send(base, "POST", f"{POST}/share/{network}", headers)[0]


def count(base: str, network: str) -> int:
    html = send(base, "GET", POST)[1]
    return int(re.search(rf'data-share-count="{network}">(\d+)<', html).group(1))


SERVED = {
    "GUNICORN_WORKERS": "2",
    # Presses from one address and many browsers, each a reader of its own, none refused.
    "SHARE_READERS_PER_ADDRESS": "0",
    "SHARE_RATE_LIMIT": "100000",
}


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """Two gunicorn servers of two processes each, with instance folders of their own, on
    one PostgreSQL database."""
    tmp = tmp_path_factory.mktemp("two-servers")
    first = Server(tmp / "a", [REAL_DUMP], {**SERVED, "INSTANCE_PATH": str(tmp / "a")})
    try:
        second = Server(
            tmp / "b",
            [],
            {**SERVED, "INSTANCE_PATH": str(tmp / "b"), "DATABASE_URL": first.env["DATABASE_URL"]},
        )
    except BaseException:
        first.stop()
        raise
    both = (first, second)
    # Every worker has its listener up before the tests count the seconds.
    eventually(lambda: listener_backends(first.env["DATABASE_URL"]) == 4, within=15)
    yield both
    for server in both:
        server.stop()


def everywhere(servers, check) -> None:
    """`check(base)` holds on both servers, on fresh connections (either process)."""
    for server in servers:
        eventually(lambda base=server.base: all(check(base) for _ in range(4)))


def test_a_press_on_one_server_shows_on_both_within_a_second(servers):
    first, second = servers
    for server in servers:
        for _ in range(4):  # every process holds the post's counts already
            assert count(server.base, "bluesky") == 0
    assert press(first.base, "bluesky", "reader one") == 200
    everywhere(servers, lambda base: count(base, "bluesky") == 1)
    assert press(second.base, "bluesky", "reader two") == 200
    everywhere(servers, lambda base: count(base, "bluesky") == 2)


def test_posts_hide_is_410_on_both_servers_within_a_second(servers):
    slug = "/posts/enteroviral-infection-in-me-cfs"
    for server in servers:
        assert send(server.base, "GET", slug)[0] == 200
    flask_cli(servers[0].env, "posts", "hide", slug.rsplit("/", 1)[1])
    everywhere(servers, lambda base: send(base, "GET", slug)[0] == 410)
    flask_cli(servers[1].env, "posts", "show", slug.rsplit("/", 1)[1])
    everywhere(servers, lambda base: send(base, "GET", slug)[0] == 200)


@pytest.mark.parametrize("importer", [0, 1], ids=["import-on-first", "import-on-second"])
def test_an_import_on_either_server_shows_on_both_within_a_second(servers, tmp_path, importer):
    title = f"Note imported beside server {importer}"
    for server in servers:
        assert title not in send(server.base, "GET", "/")[1]
    dump = tmp_path / "new.txt"
    dump.write_text(f"{title}\n\nFresh.\n\nWays to Share:\n", encoding="utf-8")
    flask_cli(servers[importer].env, "import", str(dump))
    everywhere(servers, lambda base: title in send(base, "GET", "/")[1])


def test_counts_stay_exact_under_concurrent_presses_to_both_servers(servers):
    per_thread, threads = 25, 8
    statuses: list[int] = []

    def send_presses(n: int) -> None:
        server = servers[n % 2]
        for k in range(per_thread):
            statuses.append(press(server.base, "linkedin", f"concurrent reader {n}-{k}"))

    workers = [threading.Thread(target=send_presses, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert statuses == [200] * (per_thread * threads)
    everywhere(servers, lambda base: count(base, "linkedin") == per_thread * threads)


def test_a_dropped_listener_on_a_server_misses_nothing_and_comes_back(servers):
    first, second = servers
    url = first.env["DATABASE_URL"]
    before = count(second.base, "telegram")
    for round_ in range(2):
        assert terminate_listeners(url) == 4
        assert press(first.base, "telegram", f"while down {round_}") == 200
        everywhere(servers, lambda base, n=before + round_ + 1: count(base, "telegram") == n)
        eventually(lambda: listener_backends(url) == 4, within=3, what="every listener's return")
    # Back to listening: a press still shows everywhere within the second.
    assert press(second.base, "telegram", "after the return") == 200
    everywhere(servers, lambda base: count(base, "telegram") == before + 3)
