"""Serving benchmark: the site under one gunicorn process against a bare Flask app.

Imports N posts (default 50,000) shaped like the real dump, starts one gunicorn process
(gthread, 4 threads) for the site and, in the same run, one for a bare Flask app returning
"hello". wrk drives each on loopback. Prints requests per second and p99 latency for a post
page, listing page 1, a deep listing page, a 304 revalidation, the sitemap index and files
and share cards (drawn, kept, revalidated), as ratios to the bare app, and the time a card
takes to draw in-process.

    python bench/serve_bench.py [--posts 50000] [--duration 10] [--topics]

With --topics the posts are the import bench's topic dump, so every post page shows five
related posts, and a second database of the same dump imported with RELATED_POSTS=0 (no
related posts) is served with the page cache off too: the "uncached post page, no related"
row is the same page without its block, measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from import_bench import generate, generate_topics  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CONNECTIONS = 8
SITE_NAME = "Peer Voices"  # the default, which the served site keeps here


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(
    app: str, env: dict, cwd: Path, options: list[str] | None = None
) -> tuple[subprocess.Popen, str]:
    """Start gunicorn on a free port; by default one gthread process with 4 threads."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            *(options or ["--worker-class", "gthread", "--threads", "4", "--workers", "1"]),
            app,
        ],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/", timeout=1).close()
            return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    sys.exit(f"gunicorn {app} did not start")


def prepare_site(
    tmp: Path,
    posts: int,
    database_url: str | None = None,
    app_dir: Path = ROOT,
    extra: list[Path] = (),
    topics: bool = False,
    related: bool = True,
) -> dict:
    """Import a generated dump of `posts` posts (then the `extra` dumps below them, as older
    posts) into a new SQLite database (or the empty database `database_url` names); return
    its env."""
    dump = tmp / "dump.txt"
    if not dump.exists():
        (generate_topics if topics else generate)(dump, posts)
    name = "site.db" if related else "plain.db"
    env = {**os.environ, "DATABASE_URL": database_url or f"sqlite:///{tmp / name}"}
    if not related:
        env["RELATED_POSTS"] = "0"
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "import", str(dump), *map(str, extra)],
        cwd=app_dir,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return env


def parse_latency(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, duration: int, headers: dict | None = None, script: list[str] = ()) -> dict:
    """wrk's figures for `url`; `script`: a Lua script and its arguments."""
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency", url]
    for name, value in (headers or {}).items():
        command[1:1] = ["-H", f"{name}: {value}"]
    if script:
        command[1:1] = ["-s", script[0]]
        command += ["--", *script[1:]]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = parse_latency(re.search(r"\s99%\s+(\S+)", out).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p99": p99, "errors": errors + (int(non2xx.group(1)) if non2xx else 0)}


def wrk_summary(script: Path, base: str, seconds: int, connections: int, args: list[str]) -> dict:
    """wrk with a Lua script of this folder that ends by writing one line of key=value figures
    (load.lua), as a dict, with requests per second added."""
    command = [
        "wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
        "-s", str(script), base, "--", *args,
    ]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = re.search(r"^[A-Z]+ (requests=.*)$", out, re.M).group(1)
    figures = {key: float(value) for key, value in re.findall(r"(\w+)=([\d.]+)", line)}
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures


def card_paths(database: Path, count: int) -> list[str]:
    """The card addresses of the `count` newest posts, digested as the site does (its default
    SITE_NAME): cards none of the requests before have drawn."""
    from community_site.cards import drawing as cards

    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT slug, title FROM posts WHERE listing_rank IS NOT NULL"
            " ORDER BY listing_rank LIMIT ?",
            (count,),
        ).fetchall()
    return [
        f"/posts/{slug}/card-{cards.card_digest('post', cards.drawable(title), SITE_NAME)}.png"
        for slug, title in rows
    ]


def drawing_ms(database: Path, count: int = 50) -> float:
    """The median time, in-process, to draw one post's card, over `count` titles."""
    from community_site.cards import drawing as cards

    with sqlite3.connect(database) as connection:
        titles = [t for (t,) in connection.execute("SELECT title FROM posts LIMIT ?", (count,))]
    cards.draw_post_card(titles[0], SITE_NAME)  # the fonts load once
    times = []
    for title in titles:
        start = time.perf_counter()
        cards.draw_post_card(cards.drawable(title), SITE_NAME)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=50_000)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--topics", action="store_true", help="Serve the topic dump.")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")

    with tempfile.TemporaryDirectory() as folder:
        env = prepare_site(Path(folder), args.posts, topics=args.topics)
        # Cards are kept in the instance folder: a new one each run, so none is drawn already.
        env = {**env, "INSTANCE_PATH": str(Path(folder) / "instance"), "SITE_NAME": SITE_NAME}
        never_drawn = Path(folder) / "cards.txt"
        never_drawn.write_text("\n".join(card_paths(Path(folder) / "site.db", 5_000)) + "\n")
        plain = None
        if args.topics:
            plain_env = prepare_site(Path(folder), args.posts, topics=True, related=False)
            plain_env["INSTANCE_PATH"] = str(Path(folder) / "plain-instance")
            plain, plain_base = start_gunicorn(
                "wsgi:app", {**plain_env, "PAGE_CACHE_MB": "0"}, ROOT
            )
        deep = max(1, args.posts // 10 * 4 // 5)  # page 4,000 of 5,000 at 50,000 posts
        site, site_base = start_gunicorn("wsgi:app", env, ROOT)
        bare, bare_base = start_gunicorn("bare_app:app", env, ROOT / "bench")
        # The same site with the page cache off: every request renders its page.
        cold, cold_base = start_gunicorn("wsgi:app", {**env, "PAGE_CACHE_MB": "0"}, ROOT)
        try:
            with urllib.request.urlopen(site_base + "/") as response:
                slug = re.search(r'href="/posts/([^"]+)"', response.read().decode()).group(1)
            post_url = f"{site_base}/posts/{slug}"
            with urllib.request.urlopen(post_url) as response:
                etag = response.headers["ETag"]
                page = response.read().decode()
            card = re.search(r'og:image" content="([^"]+)"', page)[1]
            block = re.search(r'id="related".*?</nav>', page, re.S)
            shown = block.group(0).count("<li>") if block else 0
            card_url = site_base + urlsplit(card).path  # the page names it on BASE_URL
            with urllib.request.urlopen(card_url) as response:
                card_etag = response.headers["ETag"]
            # Warm both servers, then measure alternately so drift hits both alike.
            for url in (bare_base + "/", post_url):
                wrk(url, 2)
            with urllib.request.urlopen(site_base + "/sitemap.xml") as response:
                index = response.read()
            files = index.count(b"<sitemap>")
            full = max(1, files - 1)  # the last full file (the very last may hold a few URLs)
            with urllib.request.urlopen(f"{site_base}/sitemap-{full}.xml") as response:
                last_file = response.read()
            with urllib.request.urlopen(f"{site_base}/sitemap-1.xml") as response:
                first_file = response.read()
            results = {
                "bare app": wrk(bare_base + "/", args.duration),
                "post page": wrk(post_url, args.duration),
                "listing page 1": wrk(site_base + "/", args.duration),
                f"listing page {deep}": wrk(f"{site_base}/?page={deep}", args.duration),
                "304 revalidation": wrk(post_url, args.duration, {"If-None-Match": etag}),
                "uncached post page": wrk(post_url.replace(site_base, cold_base), args.duration),
                **(
                    {
                        "uncached, no related": wrk(
                            post_url.replace(site_base, plain_base), args.duration
                        )
                    }
                    if plain
                    else {}
                ),
                "uncached listing 1": wrk(cold_base + "/", args.duration),
                f"uncached page {deep}": wrk(f"{cold_base}/?page={deep}", args.duration),
                "sitemap index": wrk(site_base + "/sitemap.xml", args.duration),
                "sitemap file 1": wrk(site_base + "/sitemap-1.xml", args.duration),
                "uncached index": wrk(cold_base + "/sitemap.xml", args.duration),
                "uncached file 1": wrk(cold_base + "/sitemap-1.xml", args.duration),
                f"uncached file {full}": wrk(f"{cold_base}/sitemap-{full}.xml", args.duration),
                "card, drawn": wrk(
                    site_base + "/",
                    args.duration,
                    script=[str(HERE / "cards.lua"), str(never_drawn)],
                ),
                "card, kept": wrk(card_url, args.duration),
                "card, 304": wrk(card_url, args.duration, {"If-None-Match": card_etag}),
            }
        finally:
            for process in (site, bare, cold, *([plain] if plain else [])):
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=30)
        drawn_ms = drawing_ms(Path(folder) / "site.db")

    bare_rps = results["bare app"]["rps"]
    print(f"{args.posts} posts, one gunicorn process (gthread, 4 threads), wrk -c{CONNECTIONS}")
    print(f"the post page shows {shown} related posts")
    print(f"{'':<22}{'req/s':>9}{'ratio':>8}{'p99 ms':>9}{'errors':>8}")
    for name, result in results.items():
        print(
            f"{name:<22}{result['rps']:>9.0f}{result['rps'] / bare_rps:>8.2f}"
            f"{result['p99']:>9.1f}{result['errors']:>8}"
        )
    page1 = results["listing page 1"]["rps"]
    print(
        f"deep page / page 1: {results[f'listing page {deep}']['rps'] / page1:.2f} (target >= 0.9)"
    )
    cold1 = results["uncached listing 1"]["rps"]
    print(
        f"uncached deep page / page 1: {results[f'uncached page {deep}']['rps'] / cold1:.2f} "
        "(the page cache off: page cost does not grow with the page number)"
    )
    print(
        f"sitemap: index {len(index):,} bytes, {files} files; file 1 {first_file.count(b'<url>'):,}"
        f" URLs in {len(first_file):,} bytes, file {full} {last_file.count(b'<url>'):,} URLs"
    )
    print(
        f"uncached sitemap file {full} / file 1: "
        f"{results[f'uncached file {full}']['rps'] / results['uncached file 1']['rps']:.2f} "
        "(a file's cost does not grow with its number)"
    )
    print(
        f"a card drawn in-process: {drawn_ms:.1f} ms (median); cards drawn by the site: "
        f"{results['card, drawn']['rps'] * args.duration:.0f} in {args.duration} s"
    )
    print(
        "targets: post and listing >= 0.6 of bare, 304 >= 0.8, p99 < 50 ms, no errors; "
        "a kept card >= 0.6"
    )


if __name__ == "__main__":
    main()
