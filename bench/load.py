"""Load check: one gunicorn process over 50,000 posts, wrk on loopback for 60 s at 64
connections over a mix of listing pages, post pages, searches and share presses.

Prints requests per second, p50/p99 latency, socket errors, 5xx and 429 counts, and the
server's memory at start and end. `--with-import` runs the same load while `flask import`
adds 10,000 new posts, and reports how that import went.

    python bench/load.py [--posts 50000] [--duration 60] [--connections 64] [--with-import]
"""

from __future__ import annotations

import argparse
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve_bench import prepare_site, start_gunicorn  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
WARM_UP_SECONDS = 30


def worker_pid(master: int) -> int:
    """The gunicorn worker: the master's only child."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(children[0]) if children else master


def rss_mib(pid: int) -> float:
    """Resident memory of the gunicorn worker."""
    status = Path(f"/proc/{worker_pid(pid)}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=50_000)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--with-import", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        env = prepare_site(tmp, args.posts)
        flask = [sys.executable, "-m", "flask", "--app", "wsgi", "import"]
        slugs = tmp / "slugs.txt"
        connection = sqlite3.connect(tmp / "site.db")
        slugs.write_text("\n".join(s for (s,) in connection.execute("SELECT slug FROM posts")))
        connection.close()
        pages = max(1, args.posts // 10)

        # The production settings (gunicorn.conf.py: one process, gthread), access log off.
        server, base = start_gunicorn(
            "wsgi:app", {**env, "GUNICORN_ACCESS_LOG": ""}, ROOT, ["-c", "gunicorn.conf.py"]
        )
        importer_report = []
        try:
            # Warm up with the same mix, so the page cache is full before memory is measured:
            # growth then means a leak, not a cache filling up.
            def mix(seconds: int) -> list[str]:
                return [
                    "wrk", "-t2", f"-c{args.connections}", f"-d{seconds}s", "--timeout", "10s",
                    "-s", str(HERE / "load.lua"), base, "--", str(slugs), str(pages),
                ]  # fmt: skip

            subprocess.run(mix(WARM_UP_SECONDS), capture_output=True)
            start_rss, start_worker = rss_mib(server.pid), worker_pid(server.pid)
            wrk = subprocess.Popen(mix(args.duration), stdout=subprocess.PIPE, text=True)
            if args.with_import:
                new = tmp / "new.txt"
                with new.open("w", encoding="utf-8") as out:
                    for n in range(10_000):
                        out.write(f"Fresh post {n}\n\nWritten while the site was busy.\n")
                        out.write("Ways to Share:\n")

                def run_import():
                    time.sleep(min(10, args.duration / 4))
                    started = time.perf_counter()
                    result = subprocess.run(
                        [*flask, str(new)], cwd=ROOT, env=env, capture_output=True, text=True
                    )
                    importer_report.append(
                        (
                            result.returncode,
                            time.perf_counter() - started,
                            (result.stdout or result.stderr).strip().splitlines()[-1],
                        )
                    )

                threading.Thread(target=run_import, daemon=True).start()
            out, _ = wrk.communicate()
            end_rss, end_worker = rss_mib(server.pid), worker_pid(server.pid)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)

    print(re.search(r"ERRORS .*", out).group(0))
    line = re.search(r"LOAD (.*)", out).group(1)
    figures = dict(pair.split("=") for pair in line.split())
    seconds = float(figures["seconds"])
    print(
        f"{args.posts} posts, one gunicorn process (gunicorn.conf.py: gthread, 8 threads), "
        f"wrk {args.connections} connections for {args.duration} s"
    )
    print(f"requests/s: {int(figures['requests']) / seconds:.0f}")
    print(f"latency p50: {float(figures['p50']):.1f} ms, p99: {float(figures['p99']):.1f} ms")
    print(
        f"socket errors: {figures['socket_errors']}, 5xx: {figures['status5xx']}, "
        f"429 (rate limit): {figures['status429']}, other 4xx: {figures['other4xx']}"
    )
    restarted = "no" if start_worker == end_worker else "YES: the worker died during the run"
    print(f"worker restarted: {restarted}")
    growth = (end_rss - start_rss) / start_rss * 100
    print(
        f"server memory: {start_rss:.1f} MiB at start, {end_rss:.1f} MiB at end "
        f"({growth:+.1f}%, target < 10%)"
    )
    if args.with_import:
        if importer_report:
            code, took, last = importer_report[0]
            print(f"import of 10,000 posts under load: exit {code} in {took:.1f} s: {last}")
        else:
            print("import of 10,000 posts under load did not finish during the run")


if __name__ == "__main__":
    main()
