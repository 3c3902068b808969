"""Import benchmark: the real import against a floor measured in the same run.

Generates a dump of N posts shaped like the real one, then times, each in its own process:
  floor   in one pass, a plain split at marker lines, one bulk SQLite insert of the same rows
          into the site's schema and one FTS5 'rebuild' of its search index;
  import  `flask --app wsgi import DUMP` into an empty database;
  no related  the same import with RELATED_POSTS=0 (no related posts worked out), into an
          empty database of its own: what related posts cost;
  no proposals  the same import with NOTE_PROPOSALS=0 (no content notes proposed from the
          posts' text), into an empty database of its own: what proposals cost (target: the
          import with them at most 1.1x; --only-notes measures just these two, twice each);
  rerun   the same import again (nothing changes);
  small   ten new posts imported into that database, against a floor that inserts ten rows
          into the floor's database and indexes just those.
It prints the ratios to the floor and each run's peak memory (max RSS). The bench's dump cycles
through the real dump's four posts, so every word is in a quarter of the posts or in one: the
first import with and without related posts is timed again on a dump of N posts in topics with
words of their own (tests/support.py's topic_posts, 25 posts a topic), where every post has
related posts. Then the other shape of dump: one post of --huge-mib MiB on one line (refused:
over the importer's limit for one post) and one post just under that limit (imported), each
against its own memory budget.

With --postgres URL (an empty PostgreSQL database the bench may wipe, e.g.
postgresql+psycopg://user@host/db) it then measures related posts' cost on that database too,
for the bench's dump and for the topic dump alike: the first import with RELATED_POSTS=0 into
the wiped database, the first import with related posts into it wiped again, an unchanged
rerun and the ten new posts, each time and the first imports' peak memory (the import's own
process: the server's memory is not counted).

--only-floor-ratios measures just the floors, the first imports with and without related posts
and the unchanged rerun of the bench's dump, and prints their ratios to the floor (a couple of
minutes for 50,000 posts). --related-sizes 10000,100000 measures how related posts' cost grows:
for a topic dump of each size, the first import with and without related posts, what related
posts cost per post, their share of the import, the peak memory against the budget, ten new
posts on top, and how many of the links shown stay within their post's topic.

    python bench/import_bench.py [--posts 50000] [--huge-mib 30] [--postgres URL] [--only-notes]
        [--only-floor-ratios] [--related-sizes N,N...]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
REAL_DUMP = ROOT / "fixtures" / "community-dump.txt"
MARKER = "ways to share:"

# The floor: a plain split at marker lines and one bulk insert of rows of the same shape and
# size (title, slug, source, body), in the same SQLite settings. With "site" it inserts into the
# site's own schema and fills its FTS5 index with one 'rebuild', so the index the site needs is
# part of the floor; "bare" is a plain table, to show what that index costs; "small" adds the
# rows above the posts of an existing "site" database and indexes only them.
FLOOR = r"""
import sqlite3, sys
path, db, kind = sys.argv[1], sys.argv[2], sys.argv[3]
rows, lines = [], []
with open(path, encoding="utf-8") as handle:
    for line in handle:
        if line.strip().lower() == "ways to share:":
            text = "".join(lines).strip()
            if text:
                n = len(rows) + 1
                title = text.split("\n", 1)[0]
                slug = f"{kind}-post-{n}"
                rows.append((slug, slug, title, text, "", text, "", 1, n, n))
            lines = []
        else:
            lines.append(line)
if kind == "site":
    from community_site import create_app
    from community_site.data.schema import ensure_schema
    with create_app().app_context():
        ensure_schema()  # the schema, FTS5 index and triggers included
connection = sqlite3.connect(db)
connection.execute("PRAGMA journal_mode=WAL")
connection.execute("PRAGMA synchronous=NORMAL")
top = 0
if kind == "small":
    top = connection.execute("SELECT max(position) FROM posts").fetchone()[0]
    rows = [row[:8] + (top + row[8], top + row[9]) for row in rows]
if kind == "bare":
    connection.execute(
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, base_slug, occurrence, slug, title, source,"
        " source_hash, body_html, excerpt, reading_minutes, position, listing_rank, hidden,"
        " created_at, updated_at)"
    )
with connection:
    connection.executemany(
        "INSERT INTO posts (base_slug, occurrence, slug, title, source, source_hash, body_html,"
        " excerpt, reading_minutes, position, listing_rank, hidden, created_at, updated_at)"
        " VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '2026-01-01', '2026-01-01')",
        rows,
    )
    if kind == "site":
        connection.execute("INSERT INTO posts_fts(posts_fts) VALUES ('rebuild')")
    if kind == "small":
        connection.execute(
            "INSERT INTO posts_fts(rowid, title, source) SELECT position, title, source "
            "FROM posts WHERE position > ? ORDER BY position",
            (top,),
        )
print(len(rows))
"""

# SQL on a database named by its URL, in a process of its own: sqlalchemy and psycopg would
# add about 40 MiB to the bench's memory, and so to the peak of every import it starts after.
# "related" prints how many posts have related posts and how many links are shown; "topics"
# how many of those links stay within their post's topic on a topic dump, and how many; "wipe"
# empties a PostgreSQL database (its public schema, given back to its owner, usable by all).
SQL = r"""
import sys
from sqlalchemy import create_engine, text
url, action = sys.argv[1], sys.argv[2]
engine = create_engine(url)
with engine.begin() as connection:
    if action == "topics":
        # A topic dump's titles end in the post's number n, its topic n % topics.
        topics, within, links = int(sys.argv[3]), 0, 0
        for mine, theirs in connection.execute(text(
            "SELECT p.title, o.title FROM related_posts r JOIN posts p ON p.id = r.post_id "
            "JOIN posts o ON o.id = r.related_id WHERE r.rank <= 5"
        )):
            links += 1
            within += int(mine.rsplit(" ", 1)[1]) % topics == int(theirs.rsplit(" ", 1)[1]) % topics
        print(within, links)
    elif action == "related":
        lists, links = connection.execute(text(
            "SELECT count(DISTINCT post_id), count(*) FROM related_posts WHERE rank <= 5"
        )).one()
        print(lists, links)
    elif action == "wipe":
        owner = connection.execute(text(
            "SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'public'"
        )).scalar()
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
        connection.execute(text(f"ALTER SCHEMA public OWNER TO {owner or 'CURRENT_USER'}"))
        connection.execute(text("GRANT USAGE ON SCHEMA public TO PUBLIC"))
engine.dispose()
"""


def real_posts() -> list[str]:
    posts, lines = [], []
    for line in REAL_DUMP.read_text(encoding="utf-8").splitlines():
        if line.strip().lower() == MARKER:
            posts.append("\n".join(lines).strip("\n"))
            lines = []
        else:
            lines.append(line)
    return posts


def generate(path: Path, count: int, title: str = "") -> None:
    """N posts cycling through the real ones, each with its own title and a little own text
    (`title` in front of each title, to make posts that are new to an earlier dump)."""
    templates = real_posts()
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            first, _, rest = templates[n % len(templates)].partition("\n")
            out.write(
                f"{title}{first.strip()} (part {n})\n{rest}\nNote {n}: kept for the archive.\n"
            )
            out.write("Ways to Share:\n\n")


def generate_topics(path: Path, count: int, first: int = 0, topics: int = 0) -> None:
    """Posts `first` to `count` of a dump in topics of 25 posts, each topic with words of its
    own (as the tests'), made in a process of its own: the bench's memory stays small, and so
    does every import's it starts (a child's peak counts the parent's pages at the fork)."""
    topics = topics or max(1, count // 25)
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "from tests.support import make_dump, topic_posts; "
        "posts = topic_posts(int(sys.argv[3]), int(sys.argv[5]))[int(sys.argv[4]):]; "
        "open(sys.argv[2], 'w', encoding='utf-8').write("
        "make_dump([(title, body) for title, body, _ in posts]))"
    )
    arguments = [str(ROOT), str(path), str(count), str(first), str(topics)]
    subprocess.run([sys.executable, "-c", script, *arguments], check=True)


def new_topic_posts(path: Path, count: int) -> None:
    """Ten new posts in the topics of a topic dump of `count` posts (the next ten the
    generator makes), to import on top of it."""
    generate_topics(path, count + 10, count, max(1, count // 25))


def one_post(path: Path, chars: int, one_line: bool) -> None:
    """One post of about `chars` characters of the real dump's text, as one line or as
    paragraphs."""
    text = " ".join(real_posts()).replace("\n", " " if one_line else "\n")
    with path.open("w", encoding="utf-8") as out:
        out.write("One very long post\n")
        written = 0
        while written + len(text) < chars:
            out.write(text + ("" if one_line else "\n"))
            written += len(text) + (0 if one_line else 1)
        out.write("\nWays to Share:\n")


def run_measured(command: list[str], env: dict, may_fail: bool = False) -> tuple[float, int, str]:
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    # Read the output as it comes, then reap the child ourselves to get its peak memory.
    out = process.stdout.read()
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0 and not may_fail:
        sys.exit(f"{' '.join(command)} failed:\n{err.decode()}")
    return elapsed, usage.ru_maxrss * 1024, (out + err).decode()


def run_sql(database_url: str, action: str, *arguments: str) -> str:
    """One of SQL's actions on the database at `database_url`, in a process of its own."""
    command = [sys.executable, "-c", SQL, database_url, action, *arguments]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{action} on {without_password(database_url)} failed:\n{done.stderr}")
    return done.stdout


def import_report(out: str) -> str:
    """An import's summary, its "total:" line: in run_measured's output the import's progress
    (on stderr) comes after it."""
    lines = out.strip().splitlines()
    return next((line for line in reversed(lines) if line.startswith("total:")), lines[-1])


def related_summary(database_url: str) -> str:
    """How many posts of a database (SQLite or PostgreSQL) have related posts, and how many
    links it holds."""
    lists, links = run_sql(database_url, "related").split()
    return f"{lists} posts with related posts, {links} links shown"


def without_password(url: str) -> str:
    """A database URL to print: the same without its password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user, _, place = parts.netloc.rpartition("@")
    return urlunsplit(parts._replace(netloc=f"{user.partition(':')[0]}@{place}"))


@dataclass
class PostgresImports:
    """What one dump's imports into a PostgreSQL database measured."""

    size: int
    plain_time: float
    plain_rss: int
    first_time: float
    first_rss: int
    rerun_time: float
    small_time: float
    first_report: str
    small_report: str
    related: str


def postgres_imports(url: str, dump: Path, small: Path) -> PostgresImports:
    """`dump` into the PostgreSQL database at `url`: the first import with RELATED_POSTS=0
    into the wiped database, the first import with related posts into it wiped again, an
    unchanged rerun, then the ten new posts of `small` on top."""
    env = {**os.environ, "DATABASE_URL": url}
    flask = [sys.executable, "-m", "flask", "--app", "wsgi", "import"]
    run_sql(url, "wipe")
    plain_time, plain_rss, _ = run_measured(flask + [str(dump)], {**env, "RELATED_POSTS": "0"})
    run_sql(url, "wipe")
    first_time, first_rss, first_out = run_measured(flask + [str(dump)], env)
    rerun_time, _, _ = run_measured(flask + [str(dump)], env)
    small_time, _, small_out = run_measured(flask + [str(small)], env)
    return PostgresImports(
        size=dump.stat().st_size,
        plain_time=plain_time,
        plain_rss=plain_rss,
        first_time=first_time,
        first_rss=first_rss,
        rerun_time=rerun_time,
        small_time=small_time,
        first_report=import_report(first_out),
        small_report=import_report(small_out),
        related=related_summary(url),
    )


def print_postgres(label: str, posts: int, run: PostgresImports) -> None:
    """One dump's lines of the PostgreSQL block."""
    mib = 1024 * 1024
    plain_peak, first_peak = run.plain_rss / mib, run.first_rss / mib
    print(f"{label}: {posts} posts, {run.size / mib:.1f} MiB, {run.related}")
    print(f"  first import, no related:  {run.plain_time:6.2f} s  peak {plain_peak:7.1f} MiB")
    print(f"  first import:              {run.first_time:6.2f} s  peak {first_peak:7.1f} MiB")
    print(f"  unchanged rerun:           {run.rerun_time:6.2f} s")
    print(f"  10 new posts:              {run.small_time:6.2f} s  (target <= 3 s)")
    print(f"  report: {run.first_report}")
    print(f"  report: {run.small_report}")
    print(f"  first import / no related: {run.first_time / run.plain_time:5.2f}x  (target <= 1.5x)")


def postgres_bench(url: str, posts: int) -> None:
    """Related posts' cost on the PostgreSQL database at `url`, on dumps made as the SQLite
    part's are (each made again here, and the large one deleted before the next is made)."""
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        dump, small = tmp / "dump.txt", tmp / "small.txt"
        generate(dump, posts)
        generate(small, 10, title="Newer note: ")
        bench = postgres_imports(url, dump, small)
        dump.unlink()
        topics, topics_small = tmp / "topics.txt", tmp / "topics-small.txt"
        generate_topics(topics, posts)
        new_topic_posts(topics_small, posts)
        topic = postgres_imports(url, topics, topics_small)
    print(f"PostgreSQL ({without_password(url)})")
    print_postgres("bench's dump", posts, bench)
    print_postgres("topic dump", posts, topic)


def huge_posts(mib: int) -> None:
    """The memory of one-post dumps: `mib` MiB on one line, and one post at the limit."""
    from importer.split import MAX_POST_CHARS

    mib_bytes = 1024 * 1024
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        cases = [
            (f"one {mib} MiB post on one line", tmp / "huge.txt", mib * mib_bytes, True),
            (f"one {mib} MiB post in paragraphs", tmp / "tall.txt", mib * mib_bytes, False),
            ("one post just under the limit", tmp / "limit.txt", MAX_POST_CHARS - 20_000, False),
        ]
        for label, dump, chars, one_line in cases:
            one_post(dump, chars, one_line)
            size = dump.stat().st_size
            env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp / (dump.stem + '.db')}"}
            command = [sys.executable, "-m", "flask", "--app", "wsgi", "import", str(dump)]
            seconds, rss, out = run_measured(command, env, may_fail=True)
            budget = 2 * size + 100 * mib_bytes
            print(
                f"{label}: {size / mib_bytes:.1f} MiB dump, {seconds:.2f} s, peak "
                f"{rss / mib_bytes:.1f} MiB of a {budget / mib_bytes:.1f} MiB budget: "
                f"{rss / budget:.2f}"
            )
            print(f"  report: {import_report(out)[:160]}")


def notes_cost(posts: int, rounds: int = 2) -> None:
    """The first import of the bench's dump with and without content-note proposals, each
    into an empty database, alternately `rounds` times; the fastest of each is compared."""
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        dump = tmp / "dump.txt"
        generate(dump, posts)
        flask = [sys.executable, "-m", "flask", "--app", "wsgi", "import", str(dump)]
        times: dict[str, list[float]] = {"with": [], "without": []}
        reports = {}
        for number in range(rounds):
            for kind, proposals in (("without", "0"), ("with", "1")):
                database = tmp / f"{kind}-{number}.db"
                env = {
                    **os.environ,
                    "DATABASE_URL": f"sqlite:///{database}",
                    "NOTE_PROPOSALS": proposals,
                }
                seconds, _, out = run_measured(flask, env)
                times[kind].append(seconds)
                reports[kind] = notes_report(out)
                database.unlink()
    best_with, best_without = min(times["with"]), min(times["without"])
    print(f"content notes: {posts} posts, first import, best of {rounds}")
    print(f"  without proposals: {best_without:6.2f} s  ({reports['without']})")
    print(f"  with proposals:    {best_with:6.2f} s  ({reports['with']})")
    print(f"  with / without proposals: {best_with / best_without:5.3f}x  (target <= 1.1x)")


def run_floor(dump: Path, database: Path, kind: str, env: dict) -> tuple[float, int, str]:
    """The floor of this `kind` ("bare" or "site") for `dump` into `database`, measured in a
    process of its own."""
    floor_env = {**env, "DATABASE_URL": f"sqlite:///{database}"}
    return run_measured([sys.executable, "-c", FLOOR, str(dump), str(database), kind], floor_env)


def floor_ratios(posts: int) -> None:
    """Only the floors, the first imports with and without related posts and the unchanged
    rerun of the bench's dump of `posts` posts, each in a process of its own, and their
    ratios to the floor."""
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        dump = tmp / "dump.txt"
        generate(dump, posts)
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp / 'site.db'}"}
        flask = [sys.executable, "-m", "flask", "--app", "wsgi", "import", str(dump)]
        bare, _, _ = run_floor(dump, tmp / "bare.db", "bare", env)
        floor, _, _ = run_floor(dump, tmp / "floor.db", "site", env)
        plain_env = {**env, "DATABASE_URL": f"sqlite:///{tmp / 'plain.db'}", "RELATED_POSTS": "0"}
        plain, plain_rss, _ = run_measured(flask, plain_env)
        first, first_rss, _ = run_measured(flask, env)
        rerun, _, out = run_measured(flask, env)
    mib = 1024 * 1024
    print(f"dump: {posts} posts (the bench's); {import_report(out)}")
    print(f"bare floor (no FTS index):  {bare:6.2f} s")
    print(f"floor (split+insert+FTS5):  {floor:6.2f} s")
    print(f"first import, no related:   {plain:6.2f} s  peak {plain_rss / mib:6.1f} MiB")
    print(f"first import:               {first:6.2f} s  peak {first_rss / mib:6.1f} MiB")
    print(f"unchanged rerun:            {rerun:6.2f} s")
    print(f"first import, no related / floor: {plain / floor:5.2f}x  (target <= 2x)")
    print(f"first import / floor:             {first / floor:5.2f}x  (target <= 2.5x)")
    print(f"unchanged rerun / bare floor:     {rerun / bare:5.2f}x  (target <= 1x)")


def related_growth(sizes: list[int]) -> None:
    """What related posts cost as the posts grow: for a topic dump of each size, the first
    import with and without them, ten new posts on top, the peak memory and the links that
    stay within their post's topic."""
    mib = 1024 * 1024
    rows = []
    for posts in sizes:
        with tempfile.TemporaryDirectory() as folder:
            tmp = Path(folder)
            dump, small = tmp / "topics.txt", tmp / "topics-small.txt"
            generate_topics(dump, posts)
            new_topic_posts(small, posts)
            size = dump.stat().st_size
            flask = [sys.executable, "-m", "flask", "--app", "wsgi", "import"]
            plain_env = {
                **os.environ,
                "DATABASE_URL": f"sqlite:///{tmp / 'plain.db'}",
                "RELATED_POSTS": "0",
            }
            plain, plain_rss, _ = run_measured(flask + [str(dump)], plain_env)
            (tmp / "plain.db").unlink()
            url = f"sqlite:///{tmp / 'topics.db'}"
            env = {**os.environ, "DATABASE_URL": url}
            first, first_rss, _ = run_measured(flask + [str(dump)], env)
            ten, _, _ = run_measured(flask + [str(small)], env)
            within, links = map(int, run_sql(url, "topics", str(max(1, posts // 25))).split())
        budget = 2 * size + 100 * mib
        rows.append(
            (posts, size, plain, first, ten, max(plain_rss, first_rss), budget, within, links)
        )
        peak, cost = max(plain_rss, first_rss), (first - plain) / posts * 1e6
        print(f"topic dump of {posts} posts, {size / mib:.1f} MiB", flush=True)
        print(f"  first import, no related: {plain:7.2f} s  ({plain / posts * 1e6:6.1f} us a post)")
        print(f"  first import:             {first:7.2f} s  ({first / posts * 1e6:6.1f} us a post)")
        share = (first - plain) / first
        print(f"  related posts: {cost:6.1f} us a post, {share:.0%} of the import")
        print(f"  10 new posts:             {ten:7.2f} s  (target <= 3 s)")
        print(f"  peak memory: {peak / mib:.1f} MiB of {budget / mib:.1f}: {peak / budget:.2f}")
        print(f"  within topic: {within / max(links, 1):.3f} of {links} (target >= 0.8)")
    if len(rows) > 1:
        small_row, large_row = rows[0], rows[-1]
        per_post = [(row[3] - row[2]) / row[0] for row in (small_row, large_row)]
        whole = [row[3] / row[0] for row in (small_row, large_row)]
        print(
            f"{large_row[0]} against {small_row[0]} posts: related posts' cost a post "
            f"x{per_post[1] / per_post[0]:.2f}, the import's x{whole[1] / whole[0]:.2f}"
            " (target <= 1.3)"
        )


def notes_report(out: str) -> str:
    """An import's line on content notes."""
    return next((line for line in out.splitlines() if line.startswith("content notes:")), "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=50_000)
    parser.add_argument("--huge-mib", type=int, default=30)
    parser.add_argument("--only-huge", action="store_true", help="Measure only one-post dumps.")
    parser.add_argument(
        "--only-notes",
        action="store_true",
        help="Measure only the first import with and without content-note proposals.",
    )
    parser.add_argument(
        "--rounds", type=int, default=2, help="With --only-notes: imports of each kind."
    )
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="Also measure related posts' cost on this empty PostgreSQL database (it is wiped).",
    )
    parser.add_argument(
        "--only-floor-ratios",
        action="store_true",
        help="Measure only the floors, the first imports and the rerun, and their ratios.",
    )
    parser.add_argument(
        "--related-sizes",
        metavar="N,N...",
        help="Measure only related posts' cost on topic dumps of these sizes.",
    )
    args = parser.parse_args()
    if args.only_floor_ratios:
        floor_ratios(args.posts)
        return
    if args.related_sizes:
        related_growth([int(size) for size in args.related_sizes.split(",")])
        return
    if args.only_huge:
        huge_posts(args.huge_mib)
        return
    if args.only_notes:
        notes_cost(args.posts, args.rounds)
        return
    if args.postgres:
        run_sql(args.postgres, "wipe")  # a wrong URL fails now, not after the SQLite part

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        dump = tmp / "dump.txt"
        generate(dump, args.posts)
        size = dump.stat().st_size
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp / 'site.db'}"}
        flask = [sys.executable, "-m", "flask", "--app", "wsgi", "import", str(dump)]

        bare_time, _, _ = run_floor(dump, tmp / "bare.db", "bare", env)
        floor_time, floor_rss, floor_out = run_floor(dump, tmp / "floor.db", "site", env)
        plain_env = {**env, "DATABASE_URL": f"sqlite:///{tmp / 'plain.db'}", "RELATED_POSTS": "0"}
        plain_time, plain_rss, _ = run_measured(flask, plain_env)
        no_notes_env = {
            **env,
            "DATABASE_URL": f"sqlite:///{tmp / 'no-notes.db'}",
            "NOTE_PROPOSALS": "0",
        }
        no_notes_time, _, _ = run_measured(flask, no_notes_env)
        first_time, first_rss, first_out = run_measured(flask, env)
        rerun_time, rerun_rss, rerun_out = run_measured(flask, env)
        small = tmp / "small.txt"
        generate(small, 10, title="Newer note: ")
        small_floor_time, _, _ = run_floor(small, tmp / "floor.db", "small", env)
        small_time, _, small_out = run_measured(flask[:-1] + [str(small)], env)
        bench_related = related_summary(env["DATABASE_URL"])
        (tmp / "dump.txt").unlink()
        topics = tmp / "topics.txt"
        generate_topics(topics, args.posts)
        topics_size = topics.stat().st_size
        topics_flask = flask[:-1] + [str(topics)]
        topics_env = {**env, "DATABASE_URL": f"sqlite:///{tmp / 'topics.db'}"}
        topics_plain_env = {
            **env,
            "DATABASE_URL": f"sqlite:///{tmp / 'topics-plain.db'}",
            "RELATED_POSTS": "0",
        }
        topics_plain_time, topics_plain_rss, _ = run_measured(topics_flask, topics_plain_env)
        topics_time, topics_rss, topics_out = run_measured(topics_flask, topics_env)
        topics_rerun_time, _, _ = run_measured(topics_flask, topics_env)
        topics_small = tmp / "topics-small.txt"
        new_topic_posts(topics_small, args.posts)
        topics_small_time, _, topics_small_out = run_measured(
            flask[:-1] + [str(topics_small)], topics_env
        )
        related = related_summary(topics_env["DATABASE_URL"])

    budget = 2 * size + 100 * 1024 * 1024
    mib = 1024 * 1024
    # Its count, among its schema's log lines.
    floor_posts = next(line for line in floor_out.splitlines() if line.strip().isdigit())
    print(f"dump: {args.posts} posts, {size / mib:.1f} MiB ({floor_posts} split by the floor)")
    print(f"related posts: {bench_related}")
    print(f"bare floor (no FTS index):   {bare_time:6.2f} s")
    print(f"floor (split+insert+FTS5):   {floor_time:6.2f} s  peak {floor_rss / mib:7.1f} MiB")
    print(f"first import, no related:    {plain_time:6.2f} s  peak {plain_rss / mib:7.1f} MiB")
    print(f"first import:                {first_time:6.2f} s  peak {first_rss / mib:7.1f} MiB")
    print(f"unchanged rerun:             {rerun_time:6.2f} s  peak {rerun_rss / mib:7.1f} MiB")
    print(f"  report: {import_report(first_out)}")
    print(f"  report: {import_report(rerun_out)}")
    print(
        f"10 new posts into {args.posts}: {small_time:6.2f} s, floor {small_floor_time:6.2f} s: "
        f"{small_time / small_floor_time:5.2f}x (the import's start-up is most of it)"
    )
    print(f"  report: {import_report(small_out)}")
    print(f"first import / floor: {first_time / floor_time:5.2f}x  (target <= 2x)")
    print(f"first import / no related: {first_time / plain_time:5.2f}x  (target <= 1.5x)")
    print(f"first import, no proposals:  {no_notes_time:6.2f} s  ({notes_report(first_out)})")
    print(f"first import / no proposals: {first_time / no_notes_time:5.3f}x  (target <= 1.1x)")
    print(f"rerun / floor:        {rerun_time / floor_time:5.2f}x  (target <= 1.5x)")
    print(
        f"against the bare floor: first {first_time / bare_time:5.2f}x, "
        f"rerun {rerun_time / bare_time:5.2f}x"
    )
    peak = max(first_rss, rerun_rss)
    print(
        f"peak memory: {peak / mib:.1f} MiB of a {budget / mib:.1f} MiB budget "
        f"(2 x dump + 100 MiB): {peak / budget:.2f}"
    )
    topics_budget = 2 * topics_size + 100 * mib
    print(f"topic dump: {args.posts} posts, {topics_size / mib:.1f} MiB, {related}")
    print(
        f"  first import, no related:  {topics_plain_time:6.2f} s  "
        f"peak {topics_plain_rss / mib:7.1f} MiB"
    )
    print(f"  first import:              {topics_time:6.2f} s  peak {topics_rss / mib:7.1f} MiB")
    print(f"  unchanged rerun:           {topics_rerun_time:6.2f} s")
    print(f"  10 new posts:              {topics_small_time:6.2f} s  (target <= 3 s)")
    print(f"  report: {import_report(topics_out)}")
    print(f"  report: {import_report(topics_small_out)}")
    print(f"  first import / no related: {topics_time / topics_plain_time:5.2f}x  (target <= 1.5x)")
    print(
        f"  peak memory: {topics_rss / mib:.1f} MiB of a {topics_budget / mib:.1f} MiB budget: "
        f"{topics_rss / topics_budget:.2f}"
    )
    huge_posts(args.huge_mib)
    if args.postgres:
        postgres_bench(args.postgres, args.posts)


if __name__ == "__main__":
    main()
