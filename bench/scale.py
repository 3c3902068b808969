"""How the cost grows: the import and the site on dumps of 10,000 to 1,000,000 posts.

For each cell, a (database, dump, size) of the ones asked for, it imports a generated dump
into an empty database and serves it:
  dumps     "bench": bench/import_bench.py's `generate` (the real dump's four posts, cycled);
            "topic": tests/support.py's topic posts (25 posts a topic, related posts on).
            Both are written as they are made (never held whole) into --dumps-dir, and kept
            there: a later run reuses them. The ten new posts of each dump are kept beside it.
  import    the first import (`flask import`) with its peak memory (max RSS of the import's
            process, against the importer's budget of 2 x the dump + 100 MiB); the same import
            with RELATED_POSTS=0 into an empty database of its own (--plain-dumps: for which
            dumps), so related posts' share is (first - plain) / first; an unchanged rerun; ten
            new posts on top.
  size      the database's size after the import (SQLite: the file and its WAL; PostgreSQL:
            pg_database_size).
  pages     in-process, through Flask's test client, with the page cache off (PAGE_CACHE_MB=0,
            so each request renders its page): the median of --requests requests after a
            warm-up, for an uncached post page (posts taken across the whole listing), listing
            page 1 and the last listing page, a common two-word search and a rare one (each
            also as the search's database time: the driver's execute and fetch calls), the
            sitemap index and sitemap file 1 (a full file).
  commands  `flask posts list`, `flask backup FILE` (SQLite only: PostgreSQL has pg_dump) and
            `flask copy-db` into an empty SQLite file, each timed as a process.

Each cell's results are appended to --results (JSON), and the table printed at the end holds
every cell in that file, the latest of each, so cells measured at different times are printed
together (--print-only prints it alone).

Every cell, and the making of its dumps, runs holding an exclusive lock on /tmp/bench.lock
(fcntl.flock, the lock `flock /tmp/bench.lock` takes): this never runs beside another
benchmark. The lock is kept from one cell to the next until it has been held --hold-minutes,
then given up between cells and waited for again. So run it as it is, not under
`flock /tmp/bench.lock` (it would wait for itself), unless with --lock-held. --keep-dbs DIR
keeps each SQLite database (as DIR/DUMP-SIZE.db) for a closer look.

    python bench/scale.py [--sizes 10000,100000] [--databases sqlite,postgresql]
        [--dumps bench,topic] [--postgres URL] [--results FILE] [--dumps-dir DIR]
        [--plain-dumps bench,topic] [--requests 15] [--print-only]
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_bench import generate, import_report, run_measured, run_sql, without_password  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LOCK = Path("/tmp/bench.lock")
MIB = 1024 * 1024

# Writes posts `first` to `count` of a topic dump to a file as they are made: the posts of a
# dump of `count` posts in count // 25 topics (the ten new posts are the next ten made).
TOPIC_DUMP = r"""
import sys
sys.path.insert(0, sys.argv[1])
from tests.support import iter_topic_posts
path, count, first, topics = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
with open(path, "w", encoding="utf-8") as out:
    for n, (title, body, _) in enumerate(iter_topic_posts(count, topics)):
        if n >= first:
            out.write(f"{title}\n\n{body}\n\nWays to Share:\n")
"""

# The pages, in the site's own process (run as `scale.py --serve-pages`): prints JSON.
PAGE_KINDS = (
    "post page", "listing page 1", "last listing page", "common search", "rare search",
    "sitemap index", "sitemap file 1",
)  # fmt: skip


class BenchLock:
    """/tmp/bench.lock, as `flock /tmp/bench.lock` takes it, held across cells until it has
    been held `budget` seconds, then given up before the next cell (waiting for it again)."""

    def __init__(self, budget: float):
        self.budget, self.handle, self.since = budget, None, 0.0

    def take(self) -> None:
        if self.budget < 0:  # --lock-held: the caller holds it
            return
        if self.handle and time.monotonic() - self.since > self.budget:
            self.give_up()
        if self.handle:
            return
        self.handle = LOCK.open("a")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for {LOCK} (another benchmark holds it)", flush=True)
            fcntl.flock(self.handle, fcntl.LOCK_EX)
        self.since = time.monotonic()

    def give_up(self) -> None:
        if self.handle:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None


def dump_paths(folder: Path, kind: str, size: int) -> tuple[Path, Path]:
    return folder / f"scale-{kind}-{size}.txt", folder / f"scale-{kind}-{size}-new10.txt"


def make_dumps(folder: Path, kind: str, size: int) -> tuple[Path, Path]:
    """The dump of `size` posts of this kind and its ten new posts, made once and kept."""
    dump, small = dump_paths(folder, kind, size)
    for path, made in ((dump, size), (small, 10)):
        if path.exists():
            continue
        partial = path.with_suffix(".partial")
        print(f"making {path} ...", flush=True)
        if kind == "bench":
            generate(partial, made, title="" if path == dump else "Newer note: ")
        else:
            count, first = (size, 0) if path == dump else (size + 10, size)
            topics = str(max(1, size // 25))
            arguments = [str(ROOT), str(partial), str(count), str(first), topics]
            subprocess.run([sys.executable, "-c", TOPIC_DUMP, *arguments], check=True)
        partial.rename(path)
    return dump, small


def flask(*args: str) -> list[str]:
    return [sys.executable, "-m", "flask", "--app", "wsgi", *args]


def database_url(database: str, folder: Path, name: str, postgres: str | None) -> str:
    if database == "sqlite":
        return f"sqlite:///{folder / (name + '.db')}"
    return postgres


def empty_database(url: str) -> None:
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        run_sql(url, "wipe")


def database_size(url: str) -> int:
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        return sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))
    script = (
        "import sys; from sqlalchemy import create_engine, text; "
        "e = create_engine(sys.argv[1]); c = e.connect(); "
        "print(c.execute(text('SELECT pg_database_size(current_database())')).scalar())"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, url], capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip())


def timed(command: list[str], env: dict) -> float:
    """Seconds a command takes, its output thrown away (a failure stops the bench)."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr.decode()[-2000:]}")
    return time.perf_counter() - start


def measure_cell(args, database: str, kind: str, size: int, work: Path) -> dict:
    dump, small = make_dumps(args.dumps_dir, kind, size)
    url = database_url(database, work, f"{kind}-{size}", args.postgres)
    env = {**os.environ, "DATABASE_URL": url, "INSTANCE_PATH": str(work / "instance")}
    cell: dict = {
        "database": database,
        "dump": kind,
        "size": size,
        "dump_bytes": dump.stat().st_size,
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load_before": os.getloadavg()[0],
    }
    print(f"{database}, {kind} dump, {size} posts ({dump.stat().st_size / MIB:.0f} MiB)")
    if kind in args.plain_dumps:
        empty_database(url)
        plain_env = {**env, "RELATED_POSTS": "0"}
        cell["plain_s"], _, _ = run_measured(flask("import", "--quiet", str(dump)), plain_env)
        print(f"  first import, no related posts: {cell['plain_s']:.1f} s", flush=True)
    empty_database(url)
    cell["first_s"], cell["first_rss"], out = run_measured(
        flask("import", "--quiet", str(dump)), env
    )
    cell["first_report"] = import_report(out)
    print(f"  first import: {cell['first_s']:.1f} s, {cell['first_rss'] / MIB:.0f} MiB", flush=True)
    cell["rerun_s"], _, _ = run_measured(flask("import", "--quiet", str(dump)), env)
    cell["small_s"], _, out = run_measured(flask("import", "--quiet", str(small)), env)
    cell["small_report"] = import_report(out)
    cell["db_bytes"] = database_size(url)
    page_env = {**env, "PAGE_CACHE_MB": "0"}
    serve = [sys.executable, __file__, "--serve-pages", kind, "--requests", str(args.requests)]
    done = subprocess.run(serve, cwd=ROOT, env=page_env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"pages failed:\n{done.stderr[-3000:]}")
    cell["pages"] = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"  pages: {cell['pages']}", flush=True)
    cell["list_s"] = timed(flask("posts", "list"), env)
    if database == "sqlite":
        backup = work / "backup.db"
        backup.unlink(missing_ok=True)
        cell["backup_s"] = timed(flask("backup", str(backup)), env)
        backup.unlink(missing_ok=True)
    if not args.no_copy:
        copy = work / "copy.db"
        empty_database(f"sqlite:///{copy}")
        cell["copy_s"] = timed(flask("copy-db", "--quiet", f"sqlite:///{copy}"), env)
        empty_database(f"sqlite:///{copy}")
    cell["load_after"] = os.getloadavg()[0]
    if database == "sqlite" and args.keep_dbs:
        args.keep_dbs.mkdir(parents=True, exist_ok=True)
        os.replace(url.removeprefix("sqlite:///"), args.keep_dbs / f"{kind}-{size}.db")
    if database == "sqlite":
        empty_database(url)  # a million posts' database is gigabytes
    return cell


def serve_pages(kind: str, requests: int) -> None:
    """Time each page kind in this process (the environment names the database), print JSON."""
    from search_bench import database_time
    from sqlalchemy import func, select, text

    from community_site import create_app
    from community_site.data import search_index
    from community_site.data.extension import db
    from community_site.data.models import Post

    app = create_app({"PAGE_CACHE_MB": 0})
    per_page = app.config["POSTS_PER_PAGE"]
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as connection:
                connection.execute(text("ANALYZE"))
                connection.commit()
        visible = db.session.scalar(select(func.count()).where(Post.listing_rank.is_not(None)))
        step = max(1, visible // (requests + 5))
        slugs = db.session.scalars(
            select(Post.slug)
            .where(Post.listing_rank.is_not(None))
            .order_by(Post.listing_rank)
            .offset(step // 2)
            .limit(visible)
        ).all()[::step]
        titles = db.session.scalars(select(Post.title).order_by(Post.position).limit(40)).all()
        oldest = db.session.scalar(select(Post.title).order_by(Post.position).limit(1))
        db.session.remove()
    if kind == "bench":
        common = "peer support"
        rare = oldest.rsplit("(part ", 1)[1].rstrip(")")  # the oldest post's number
    else:
        # A topic title is "Own and own: shared N": two words every topic uses.
        shared = list(dict.fromkeys(title.split(": ")[1].split()[0] for title in titles))
        common = f"{shared[0]} {shared[1]}"
        rare = oldest.rsplit(" ", 1)[1]
    last = -(-visible // per_page)
    paths = {
        "listing page 1": ["/"],
        "last listing page": [f"/?page={last}"],
        "post page": [f"/posts/{slug}" for slug in slugs],
        "common search": [f"/search?q={common.replace(' ', '+')}"],
        "rare search": [f"/search?q={rare}"],
        "sitemap index": ["/sitemap.xml"],
        "sitemap file 1": ["/sitemap-1.xml"],
    }
    client = app.test_client()
    results: dict = {"common": common, "rare": rare, "last_page": last}
    for name in PAGE_KINDS:
        urls = paths[name]
        for url in urls[:3]:  # warm-up
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        times = []
        for n in range(requests):
            start = time.perf_counter()
            client.get(urls[n % len(urls)])
            times.append(time.perf_counter() - start)
        results[name] = statistics.median(times) * 1000
    with app.test_request_context("/search"):
        for name, query in (("common search db", common), ("rare search db", rare)):
            call = lambda q=query: search_index.search(q, 1, per_page)  # noqa: E731
            database_time(db.engine, call)
            spent = []
            for _ in range(requests):
                ms, _ = database_time(db.engine, call)
                db.session.rollback()
                spent.append(ms)
            results[name] = statistics.median(spent)
    print(json.dumps(results))


# The table: (heading, how a cell gives it).
def _ms(name):
    return lambda c: f"{c['pages'][name]:.1f}"


def _s(key):
    return lambda c: f"{c[key]:.1f}" if key in c else "n/a"


def _peak(c):
    budget = 2 * c["dump_bytes"] + 100 * MIB
    return f"{c['first_rss'] / MIB:.0f} ({c['first_rss'] / budget:.2f})"


def _related_share(c):
    if "plain_s" not in c:
        return "not run"
    return f"{(c['first_s'] - c['plain_s']) / c['first_s']:.0%}"


COLUMNS = [
    ("database", lambda c: c["database"]),
    ("dump", lambda c: c["dump"]),
    ("posts", lambda c: f"{c['size']:,}"),
    ("dump MiB", lambda c: f"{c['dump_bytes'] / MIB:.0f}"),
    ("first import s", _s("first_s")),
    ("ms a post", lambda c: f"{c['first_s'] / c['size'] * 1000:.2f}"),
    ("rerun s", _s("rerun_s")),
    ("10 new s", _s("small_s")),
    ("peak MiB (of budget)", _peak),
    ("related share", _related_share),
    ("db MiB", lambda c: f"{c['db_bytes'] / MIB:.0f}"),
    ("post page ms", _ms("post page")),
    ("listing 1 ms", _ms("listing page 1")),
    ("last listing ms", _ms("last listing page")),
    ("common search ms (db)", lambda c: f"{c['pages']['common search']:.1f} "
     f"({c['pages']['common search db']:.1f})"),
    ("rare search ms (db)", lambda c: f"{c['pages']['rare search']:.1f} "
     f"({c['pages']['rare search db']:.1f})"),
    ("sitemap index ms", _ms("sitemap index")),
    ("sitemap file ms", _ms("sitemap file 1")),
    ("posts list s", _s("list_s")),
    ("backup s", _s("backup_s")),
    ("copy-db s", _s("copy_s")),
]  # fmt: skip


def print_table(results: Path) -> None:
    cells = json.loads(results.read_text()) if results.exists() else []
    latest = {}
    for cell in cells:
        latest[(cell["database"], cell["dump"], cell["size"])] = cell
    order = sorted(latest, key=lambda k: (k[0] != "sqlite", k[1], k[2]))
    print("| " + " | ".join(heading for heading, _ in COLUMNS) + " |")
    print("|" + " --- |" * len(COLUMNS))
    for key in order:
        print("| " + " | ".join(value(latest[key]) for _, value in COLUMNS) + " |")
    for key in order:
        cell = latest[key]
        print(
            f"{' '.join(map(str, key))}: measured {cell['when']}, load {cell['load_before']:.1f}"
            f" -> {cell['load_after']:.1f}; searches {cell['pages']['common']!r}, "
            f"{cell['pages']['rare']!r}; last page {cell['pages']['last_page']}"
        )


def save(results: Path, cell: dict) -> None:
    cells = json.loads(results.read_text()) if results.exists() else []
    cells.append(cell)
    results.write_text(json.dumps(cells, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--dumps", default="bench,topic")
    parser.add_argument(
        "--plain-dumps",
        default="bench,topic",
        help="The dumps also imported with RELATED_POSTS=0 ('' for none).",
    )
    parser.add_argument("--postgres", metavar="URL", help="An empty PostgreSQL database to wipe.")
    parser.add_argument("--results", type=Path, default=Path("/tmp/scale-results.json"))
    parser.add_argument("--dumps-dir", type=Path, default=Path("/tmp"))
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--print-only", action="store_true")
    parser.add_argument(
        "--hold-minutes",
        type=float,
        default=12,
        help="Give the lock up between cells once held this long (it is never taken mid-cell).",
    )
    parser.add_argument(
        "--lock-held",
        action="store_true",
        help="The caller holds /tmp/bench.lock (flock /tmp/bench.lock sh -c '...'): take nothing.",
    )
    parser.add_argument(
        "--keep-dbs", type=Path, help="Keep each cell's SQLite database in this folder."
    )
    parser.add_argument(
        "--no-copy", action="store_true", help="Leave copy-db out (minutes at a million posts)."
    )
    parser.add_argument("--serve-pages", metavar="DUMP", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_pages:
        serve_pages(args.serve_pages, args.requests)
        return
    if args.print_only:
        print_table(args.results)
        return
    databases = [d for d in args.databases.split(",") if d]
    args.plain_dumps = [d for d in args.plain_dumps.split(",") if d]
    unknown = set(databases) - {"sqlite", "postgresql"}
    if unknown or ("postgresql" in databases and not args.postgres):
        sys.exit("--databases: sqlite and/or postgresql (postgresql needs --postgres URL)")
    if args.postgres:
        print(f"PostgreSQL: {without_password(args.postgres)}")
    args.dumps_dir.mkdir(parents=True, exist_ok=True)
    lock = BenchLock(-1 if args.lock_held else args.hold_minutes * 60)
    for size in [int(s) for s in args.sizes.split(",") if s]:
        for kind in [d for d in args.dumps.split(",") if d]:
            for database in databases:
                lock.take()
                with tempfile.TemporaryDirectory(dir=args.dumps_dir) as folder:
                    cell = measure_cell(args, database, kind, size, Path(folder))
                cell["command"] = " ".join(["python", "bench/scale.py", *sys.argv[1:]])
                save(args.results, cell)
    lock.give_up()
    print_table(args.results)


if __name__ == "__main__":
    main()
