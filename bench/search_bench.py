"""Search benchmark: database time of the bounded search against full ranking, same run.

Imports N posts (default 50,000) shaped like the real dump, plus one old post holding a rare
word, then times each query both ways on the same database:
  full     ranking every match, as search did before the bound (count, rank all, page);
  bounded  the site's search: the newest CANDIDATES matches straight from the index, ranked.
Database time is the time spent in the driver's execute and fetch calls, the median of a few
runs after a warm-up. Prints both in ms and their ratio.

    python bench/search_bench.py [--posts 50000] [--database-url postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, func, literal_column, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve_bench import prepare_site  # noqa: E402

RUNS = 9
RARE = "quokka"
QUERIES = {
    "common word": "peer",
    "two common words": "peer support",
    "rare word (oldest post)": RARE,
    "prefix": "supp",
    "one-letter prefix": "s",
}


def full_ranking(words: list[str], per_page: int) -> None:
    """Search as it was before the bound: every match counted and ranked."""
    from community_site.data import search_index
    from community_site.data.extension import db
    from community_site.data.models import Post

    page_size = per_page
    if db.engine.dialect.name == "postgresql":
        query, _ = search_index.postgres_queries(words)
        vector = literal_column("posts.search_vector")
        matches = [Post.hidden.is_(False), vector.op("@@")(query)]
        db.session.scalar(select(func.count()).select_from(Post).where(*matches))
        options = "MaxWords=30, MinWords=12"
        db.session.execute(
            select(Post, func.ts_headline("english", Post.source, query, options))
            .where(*matches)
            .order_by(func.ts_rank(vector, query).desc(), Post.position.desc())
            .limit(page_size)
        ).all()
        return
    match = search_index._fts_query(words)
    hidden = set(db.session.scalars(select(Post.position).where(Post.hidden)))
    db.session.execute(
        text("SELECT count(*) FROM posts_fts WHERE posts_fts MATCH :q"), {"q": match}
    ).scalar_one()
    ranked = db.session.scalars(
        text(
            "SELECT rowid FROM posts_fts WHERE posts_fts MATCH :q "
            "ORDER BY bm25(posts_fts, 5.0, 1.0) LIMIT :limit"
        ),
        {"q": match, "limit": page_size + len(hidden)},
    ).all()
    ids = [rowid for rowid in ranked if rowid not in hidden][:page_size]
    db.session.execute(
        text(
            "SELECT rowid, snippet(posts_fts, 1, '[', ']', '…', 24) FROM posts_fts "
            f"WHERE posts_fts MATCH :q AND rowid IN ({','.join(str(int(i)) for i in ids)})"
        ),
        {"q": match},
    ).all()
    db.session.scalars(select(Post).where(Post.position.in_(ids))).all()


def database_time(engine, call) -> tuple[float, object]:
    """Milliseconds spent in the database during call(), and what it returned."""
    spent = [0.0]
    started = {}

    def before(conn, cursor, statement, parameters, context, executemany):
        started[id(cursor)] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        # Include fetching: the rows are read from the cursor before the next statement.
        spent[0] += time.perf_counter() - started.pop(id(cursor))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        result = call()
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
    return spent[0] * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=50_000)
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default SQLite)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        old = tmp / "oldest.txt"
        old.write_text(
            f"An old note about a {RARE}\n\nA {RARE} was seen near the office.\nWays to Share:\n",
            encoding="utf-8",
        )
        env = prepare_site(tmp, args.posts, args.database_url, extra=[old])
        os.environ["DATABASE_URL"] = env["DATABASE_URL"]
        from community_site import create_app
        from community_site.data import search_index
        from community_site.data.extension import db

        app = create_app()
        per_page = app.config["POSTS_PER_PAGE"]
        rows = []
        with app.app_context():
            engine = db.engine
            if engine.dialect.name == "postgresql":
                # Planner statistics, as a site in use has them (autovacuum may not have run).
                with engine.connect() as connection:
                    connection.execute(text("ANALYZE posts"))
                    connection.commit()
            for name, query in QUERIES.items():
                words = search_index.terms(query)
                timings = {"full": [], "bounded": []}
                found = None
                for run in range(RUNS + 1):
                    full, _ = database_time(
                        engine, functools.partial(full_ranking, words, per_page)
                    )
                    bounded, found = database_time(
                        engine, functools.partial(search_index.search, query, 1, per_page)
                    )
                    db.session.rollback()
                    if run:  # the first run warms the caches
                        timings["full"].append(full)
                        timings["bounded"].append(bounded)
                results, total = found
                if query == RARE:
                    assert any(RARE in post.title for post, _ in results), "rare post not found"
                rows.append(
                    (
                        f"{name} “{query}”",
                        statistics.median(timings["full"]),
                        statistics.median(timings["bounded"]),
                        total,
                    )
                )
            dialect = engine.dialect.name
            engine.dispose()

    print(
        f"{args.posts + 1} posts on {dialect}; database ms, median of {RUNS}; "
        f"bounded ranks at most {search_index.CANDIDATES} candidates"
    )
    print(f"{'query':<34}{'full':>9}{'bounded':>9}{'full/bounded':>14}  matches")
    for label, full, bounded, total in rows:
        shown = f"> {search_index.CANDIDATES}" if total > search_index.CANDIDATES else str(total)
        print(f"{label:<34}{full:>9.2f}{bounded:>9.2f}{full / bounded:>13.1f}x  {shown}")
    worst = max(bounded for _, _, bounded, _ in rows)
    print(f"slowest bounded query: {worst:.2f} ms (target <= 10 ms)")


if __name__ == "__main__":
    main()
