"""Share presses under load: how many presses a second one gunicorn process writes.

Imports N posts (default 10,000) into SQLite, serves them with the deployment's settings
(gunicorn.conf.py: one process, gthread, 4 threads) and, in the same run, the bare Flask app
under the same settings. wrk sends presses only (bench/load.lua's "presses"): htmx presses over the
newest 2,000 posts and the networks htmx presses, each from a reader of its own (a new
address through the trusted proxy header, as behind nginx, and a new browser), so the
day-once rule and the per-address cap count every one. Prints presses per second against
the bare app's requests per second, the latencies, every answer that was not a 200, and
whether the database counted exactly the presses answered 200.

    python bench/press_bench.py [--posts 10000] [--duration 10] [--connections 64]
"""

from __future__ import annotations

import argparse
import shutil
import signal
import sqlite3
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from serve_bench import prepare_site, start_gunicorn, wrk_summary  # noqa: E402

ROOT = HERE.parent
PRESSED_POSTS = 2_000
TARGET = 1_500


def wrk(base: str, seconds: int, connections: int, args: list[str]) -> dict:
    return wrk_summary(HERE / "load.lua", base, seconds, connections, args)


def counted(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT coalesce(sum(count), 0) FROM share_counts").fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        env = prepare_site(tmp, args.posts)
        database = tmp / "site.db"
        with sqlite3.connect(database) as connection:
            slugs = [
                slug
                for (slug,) in connection.execute(
                    "SELECT slug FROM posts WHERE listing_rank IS NOT NULL"
                    " ORDER BY listing_rank LIMIT ?",
                    (PRESSED_POSTS,),
                )
            ]
        (tmp / "slugs.txt").write_text("\n".join(slugs) + "\n")
        # Presses come from many addresses through the proxy header, as behind nginx.
        env.update(TRUSTED_PROXIES="1", GUNICORN_ACCESS_LOG="", INSTANCE_PATH=str(tmp / "i"))
        conf = ["-c", str(ROOT / "gunicorn.conf.py")]
        bare, bare_base = start_gunicorn("bare_app:app", env, HERE, conf)
        site, base = start_gunicorn("wsgi:app", env, ROOT, conf)
        try:
            # load.lua's newest and spread posts are the same list here; no listing pages.
            presses = [str(tmp / "slugs.txt"), str(tmp / "slugs.txt"), "1", "presses"]
            wrk(bare_base, 2, args.connections, ["hello"])
            warm = wrk(base, 3, args.connections, presses)
            baseline = wrk(bare_base, args.duration, args.connections, ["hello"])
            before = counted(database)  # the warm-up's last presses are in by now
            result = wrk(base, args.duration, args.connections, presses)
        finally:
            for process in (site, bare):
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=60)
        gained = counted(database) - before
    print(
        f"{args.posts} posts on SQLite, gunicorn.conf.py (1 process, gthread, 4 threads), "
        f"wrk -t2 -c{args.connections}, {args.duration} s a row, after a {warm['seconds']:.0f} s "
        "warm-up of presses"
    )
    print(f"{'':<14}{'req/s':>9}{'of bare':>9}{'p50 ms':>9}{'p99 ms':>9}  answers")
    for name, figures in (("bare app", baseline), ("presses", result)):
        answers = (
            f"200: {figures['ok']:.0f}, 429: {figures['status429']:.0f}, "
            f"5xx: {figures['status5xx']:.0f}, other 4xx: {figures['other4xx']:.0f}, "
            f"socket errors: {figures['socket_errors']:.0f}"
        )
        print(
            f"{name:<14}{figures['rps']:>9.0f}{figures['rps'] / baseline['rps']:>9.2f}"
            f"{figures['p50']:>9.1f}{figures['p99']:>9.1f}  {answers}"
        )
    verdict = "met" if result["rps"] >= TARGET else "not met"
    print(f"presses a second: {result['rps']:.0f} (target >= {TARGET}: {verdict})")
    # wrk stops counting at the end of the run, so a press still in flight may be counted by
    # the database and not by wrk: the two may differ by up to the connections.
    print(f"counted by the database in the run: {gained}, answered 200: {result['ok']:.0f}")


if __name__ == "__main__":
    main()
