"""Load check: the readers' mix against one gunicorn process over 50,000 posts, with a bare
Flask "hello" under the same server, measured in the same run, as the baseline.

wrk on loopback, 64 connections, over the mix in load.lua: listing pages, post pages, common
two-word searches and share presses from distinct readers. Prints requests per second and
p50/p99 latency as ratios to the bare app, errors, 5xx and 429 counts, and the worker's memory
before and after. The warm-up runs the same mix until the worker's memory stops growing (the
page cache has filled with the pages the mix visits), so growth during the run means a leak,
not a cache filling up. `--with-import` adds 10,000 new posts while the mix runs.
`--postgres URL` runs the mix against that PostgreSQL database instead (GUNICORN_WORKERS=2);
`--compare-sqlite` with it serves the same mix on SQLite with one process first, in the same
run, and prints both and the ratio of their throughputs.
`--app-dir DIR` serves another checkout (an older commit, for before-and-after figures) with
this bench, run by the python of a virtual environment that has DIR installed.
`--through-proxy` puts Debian's nginx with deploy/nginx.conf (its micro-cache) in front and
measures, in one run, the bare app, the mix without presses and the whole mix through it and
straight to gunicorn, then a post page through it against nginx serving the same bytes as a
static file; it prints the whole mix's ratios through nginx / straight and straight / bare.

Readers' addresses. wrk connects from 127.0.0.1 only, but the mix stands for many readers,
and nginx counts requests in progress per address (limit_conn): from one address the mix
would meet that limit as 429s, and every press would be one reader's. So every request names
its reader in X-Forwarded-For (load.lua: a read from one of many readers, each press from a
new one), and the bench's nginx takes the address from it as from a trusted front proxy
(ngx_http_realip, `set_real_ip_from 127.0.0.1`, in BENCH_HTTP, beside the shipped file and
never in it: the deployed nginx faces clients, whose X-Forwarded-For it must not believe).
nginx then sees each reader's address as its own connection's, and passes it on as it would.
Straight to gunicorn, the site believes the same header (TRUSTED_PROXIES=1), so both paths
see the same readers. wrk cannot bind many source addresses (127.x.y.z), which would be the
other way.

    python bench/load.py [--posts 50000] [--duration 20] [--connections 64] [--with-import]
                         [--postgres URL [--compare-sqlite]] [--app-dir DIR]
                         [--env NAME=VALUE ...] [--through-proxy]
"""

from __future__ import annotations

import argparse
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from serve_bench import (  # noqa: E402
    free_port,
    parse_latency,
    prepare_site,
    start_gunicorn,
    wrk_summary,
)

from tests.nginx import Nginx  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
WARM_UP_STEP_SECONDS = 15
WARM_UP_MIN_SECONDS, WARM_UP_MAX_SECONDS = 30, 150
# Memory that grew less than this over one warm-up step has stopped growing.
SETTLED = 0.02
LISTING_PAGES = 200
SPREAD_POSTS = 5_000


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(child) for child in children] or [master]


def rss_mib(master: int) -> float:
    """Resident memory of the gunicorn workers, added up."""
    total = 0
    for pid in worker_pids(master):
        status = Path(f"/proc/{pid}/status").read_text()
        total += int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
    return total / 1024


def wrk(base: str, seconds: int, connections: int, args: list[str]) -> dict:
    return wrk_summary(HERE / "load.lua", base, seconds, connections, args)


def warm_up(base: str, connections: int, mix: list[str], master: int, workers: int) -> int:
    """Run the mix until the workers' memory settles; return for how many seconds. Each
    process fills a page cache of its own from its share of the requests, so the longest
    warm-up grows with their number."""
    seconds, before = 0, rss_mib(master)
    while seconds < WARM_UP_MAX_SECONDS * workers:
        wrk(base, WARM_UP_STEP_SECONDS, connections, mix)
        seconds += WARM_UP_STEP_SECONDS
        after = rss_mib(master)
        if seconds >= WARM_UP_MIN_SECONDS and (after - before) / before < SETTLED:
            break
        before = after
    return seconds


def write_slugs(database_url: str, tmp: Path) -> list[str]:
    engine = create_engine(database_url)
    with engine.connect() as connection:

        def slugs(limit: int) -> list[str]:
            return list(
                connection.execute(
                    text(
                        "SELECT slug FROM posts WHERE listing_rank IS NOT NULL"
                        " ORDER BY listing_rank LIMIT :n"
                    ),
                    {"n": limit},
                ).scalars()
            )

        newest, spread = slugs(20), slugs(SPREAD_POSTS)
    engine.dispose()
    (tmp / "newest.txt").write_text("\n".join(newest))
    (tmp / "spread.txt").write_text("\n".join(spread))
    return [str(tmp / "newest.txt"), str(tmp / "spread.txt"), str(LISTING_PAGES)]


def check_app_dir(app_dir: Path) -> None:
    """The served checkout's code is what this interpreter imports: an editable install
    resolves `community_site` to its own checkout whatever folder gunicorn starts in, so
    another checkout needs a virtual environment of its own (run this bench with its python)."""
    found = subprocess.run(
        [sys.executable, "-c", "import community_site; print(community_site.__file__)"],
        cwd=app_dir,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not found or not Path(found).resolve().is_relative_to(app_dir.resolve()):
        sys.exit(
            f"{sys.executable} imports community_site from {found or 'nowhere'}, not from "
            f"{app_dir}: run this bench with the python of a virtual environment that has "
            f"{app_dir} installed (pip install -e {app_dir})"
        )


def measure(args, postgres: str | None) -> dict:
    """Serve the mix from a new database (SQLite, or the empty PostgreSQL one `postgres`
    names) and the bare app under the same server settings; return the figures."""
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        env = prepare_site(tmp, args.posts, postgres, args.app_dir)
        # Presses come from many addresses through the proxy header, as behind nginx.
        env.update(TRUSTED_PROXIES="1", GUNICORN_ACCESS_LOG="")
        if postgres:
            env.setdefault("GUNICORN_WORKERS", "2")
        env.update(dict(pair.split("=", 1) for pair in args.env))
        mix = write_slugs(env["DATABASE_URL"], tmp)
        # The served checkout's own server settings, for the bare app too.
        gunicorn_conf = ["-c", str(args.app_dir / "gunicorn.conf.py")]
        bare, bare_base = start_gunicorn("bare_app:app", env, HERE, gunicorn_conf)
        site, base = start_gunicorn("wsgi:app", env, args.app_dir, gunicorn_conf)
        importer_report: list = []
        try:
            wrk(bare_base, 3, args.connections, ["hello"])
            workers = int(env.get("GUNICORN_WORKERS", "1"))
            warmed = warm_up(base, args.connections, mix, site.pid, workers)
            if args.through_proxy:
                through_proxy(tmp, base, bare_base, mix, args, warmed)
                return None
            start_rss = rss_mib(site.pid)
            start_workers = worker_pids(site.pid)
            baseline = wrk(bare_base, args.duration, args.connections, ["hello"])
            if args.with_import:
                threading.Thread(
                    target=run_import, args=(tmp, env, args, importer_report), daemon=True
                ).start()
            result = wrk(base, args.duration, args.connections, mix)
            end_rss = rss_mib(site.pid)
            end_workers = worker_pids(site.pid)
        finally:
            for process in (site, bare):
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=60)
    return {
        "database": "PostgreSQL" if postgres else "SQLite",
        "workers": env.get("GUNICORN_WORKERS", "1"),
        "threads": env.get("GUNICORN_THREADS", "4"),
        "warmed": warmed,
        "baseline": baseline,
        "result": result,
        "rss": (start_rss, end_rss),
        "restarted": start_workers != end_workers,
        "import": importer_report,
    }


def report(args, figures: dict) -> None:
    baseline, result = figures["baseline"], figures["result"]
    print(
        f"{args.posts} posts on {figures['database']}, gunicorn.conf.py ({figures['workers']} "
        f"process(es) of {figures['threads']} threads, gthread), wrk {args.connections} "
        f"connections for {args.duration} s; the readers' mix, after {figures['warmed']} s of "
        "it to warm up"
    )
    print(f"{'':<12}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}")
    for name, row in (("bare app", baseline), ("site", result)):
        print(f"{name:<12}{row['rps']:>9.0f}{row['p50']:>9.1f}{row['p99']:>9.1f}")
    print(
        f"throughput: {result['rps'] / baseline['rps']:.2f} of the bare app (target >= 0.5); "
        f"p99: {result['p99'] / baseline['p99']:.1f}x the bare app's (target <= 3)"
    )
    print(
        f"socket errors: {result['socket_errors']:.0f}, 5xx: {result['status5xx']:.0f}, "
        f"429: {result['status429']:.0f}, other 4xx: {result['other4xx']:.0f}"
    )
    restarted = "YES: a worker died during the run" if figures["restarted"] else "no"
    print(f"worker restarted: {restarted}")
    start_rss, end_rss = figures["rss"]
    growth = (end_rss - start_rss) / start_rss * 100
    print(
        f"worker memory: {start_rss:.1f} MiB after warm-up, {end_rss:.1f} MiB at end "
        f"({growth:+.1f}%, target < 5%)"
    )
    if args.with_import:
        if figures["import"]:
            code, took, last = figures["import"][0]
            print(f"import of 10,000 posts under load: exit {code} in {took:.1f} s: {last}")
        else:
            print("import of 10,000 posts under load did not finish during the run")


# In front of the shipped file, for this bench only: wrk stands for many readers, so nginx
# takes each request's reader address from the X-Forwarded-For load.lua sends (the module's
# docstring says why); and a plain static server for the same bytes.
BENCH_HTTP = """    set_real_ip_from 127.0.0.1;
    real_ip_header X-Forwarded-For;
    server {{
        listen 127.0.0.1:{port};
        access_log {folder}/static-access.log community_site;
        root {folder}/static;
    }}
"""
POST_CONNECTIONS, POST_SECONDS = 16, 8


def wrk_url(url: str, seconds: int, connections: int) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p99": parse_latency(re.search(r"\s99%\s+(\S+)", out).group(1)),
    }


def through_proxy(tmp: Path, base: str, bare_base: str, mix: list[str], args, warmed: int) -> None:
    """The bare app, then the readers' mix through nginx's micro-cache and straight to
    gunicorn, with and without presses; then a post page through it against the same bytes as
    a static file."""
    import urllib.request

    folder = tmp / "nginx"
    (folder / "static").mkdir(parents=True)
    static_port, proxy_port = free_port(), free_port()
    upstream = int(base.rsplit(":", 1)[1])
    extra = BENCH_HTTP.format(port=static_port, folder=folder)
    proxy = Nginx(folder, proxy_port, upstream, extra=extra, workers=2)
    proxied = f"http://127.0.0.1:{proxy_port}"
    try:
        wrk(proxied, 5, args.connections, mix)  # the proxy's cache fills
        rows = [("bare app, direct", wrk(bare_base, args.duration, args.connections, ["hello"]))]
        for name, extra_args in (("reads", ["reads"]), ("whole mix", [])):
            for where, url in (("direct", base), ("through nginx", proxied)):
                rows.append(
                    (
                        f"{name}, {where}",
                        wrk(url, args.duration, args.connections, mix + extra_args),
                    )
                )
        slug = Path(mix[0]).read_text().split()[0]
        with urllib.request.urlopen(f"{proxied}/posts/{slug}") as response:
            page = response.read()
        (folder / "static" / "post.html").write_bytes(page)
        posts = []
        for _ in range(2):  # two rounds, alternating
            for where, url in (
                ("through nginx", f"{proxied}/posts/{slug}"),
                ("static file", f"http://127.0.0.1:{static_port}/post.html"),
            ):
                posts.append((where, wrk_url(url, POST_SECONDS, POST_CONNECTIONS)))
    finally:
        proxy.stop()

    print(
        f"{args.posts} posts on SQLite, gunicorn.conf.py (1 process, gthread) behind "
        f"deploy/nginx.conf (2 workers, micro-cache), wrk {args.connections} connections for "
        f"{args.duration} s; the readers' mix, after {warmed} s of it to warm up"
    )
    print(
        f"{'':<28}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'5xx':>6}{'429':>6}{'errors':>8}"
        f"{'cached':>8}"
    )
    for name, figures in rows:
        print(
            f"{name:<28}{figures['rps']:>9.0f}{figures['p50']:>9.1f}{figures['p99']:>9.1f}"
            f"{figures['status5xx']:>6.0f}{figures['status429']:>6.0f}"
            f"{figures['socket_errors']:>8.0f}{figures['cached'] / figures['requests']:>8.0%}"
        )
    bare, reads, reads_proxy, whole, whole_proxy = (figures for _, figures in rows)
    print(
        f"reads through nginx: {reads_proxy['rps'] / reads['rps']:.1f}x direct (target >= 20), "
        f"p99 {reads_proxy['p99']:.1f} ms (target < 20)"
    )
    print(
        f"whole mix through nginx / straight: {whole_proxy['rps'] / whole['rps']:.2f} "
        f"(target >= 4); straight / bare app: {whole['rps'] / bare['rps']:.2f} (target >= 0.5)"
    )
    print(
        f"a post page ({len(page)} bytes, plain), wrk {POST_CONNECTIONS} connections, "
        f"{POST_SECONDS} s, two rounds:"
    )
    for where, figures in posts:
        print(f"  {where:<16}{figures['rps']:>9.0f} req/s  p99 {figures['p99']:.1f} ms")
    proxy_rps = [f["rps"] for w, f in posts if w == "through nginx"]
    static_rps = [f["rps"] for w, f in posts if w == "static file"]
    print(
        f"post page through nginx: {sum(proxy_rps) / sum(static_rps):.2f} of the static file "
        "(target >= 0.5)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=50_000)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--with-import", action="store_true")
    parser.add_argument("--postgres", metavar="URL", help="an empty PostgreSQL database")
    parser.add_argument(
        "--compare-sqlite",
        action="store_true",
        help="with --postgres: also serve the mix on SQLite (one process), in the same run",
    )
    parser.add_argument("--app-dir", type=Path, default=ROOT)
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--through-proxy", action="store_true")
    args = parser.parse_args()
    if args.compare_sqlite and not args.postgres:
        parser.error("--compare-sqlite needs --postgres URL")
    check_app_dir(args.app_dir)
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")

    if args.through_proxy:
        measure(args, None)  # prints its own rows
        return
    if not args.compare_sqlite:
        report(args, measure(args, args.postgres))
        return
    sqlite = measure(args, None)
    postgres = measure(args, args.postgres)
    for figures in (sqlite, postgres):
        report(args, figures)
        print()
    ratio = postgres["result"]["rps"] / sqlite["result"]["rps"]
    print(
        f"PostgreSQL, {postgres['workers']} processes: {ratio:.2f} of SQLite's throughput with "
        f"one process (target >= 1); p99 {postgres['result']['p99']:.1f} ms against "
        f"{sqlite['result']['p99']:.1f} ms"
    )


def run_import(tmp: Path, env: dict, args, report: list) -> None:
    new = tmp / "new.txt"
    with new.open("w", encoding="utf-8") as out:
        for n in range(10_000):
            out.write(f"Fresh post {n}\n\nWritten while the site was busy.\nWays to Share:\n")
    time.sleep(min(5, args.duration / 4))
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "import", str(new)],
        cwd=args.app_dir,
        env=env,
        capture_output=True,
        text=True,
    )
    last = (result.stdout or result.stderr).strip().splitlines()[-1]
    report.append((result.returncode, time.perf_counter() - started, last))


if __name__ == "__main__":
    main()
