"""Full-text search over posts.

On SQLite an FTS5 index mirrors the posts table through triggers, so every import keeps it in
step inside the same transaction; on PostgreSQL a generated tsvector column with a GIN index
does the same. The migrations create both indexes.
"""

from __future__ import annotations

import re

from sqlalchemy import func, literal_column, select, text

from .db import db
from .models import Post

# Private-use characters mark highlights inside snippets; the text around them is escaped
# before they become <mark> elements.
MARK_START, MARK_END = "\ue000", "\ue001"
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12


def terms(query: str) -> list[str]:
    """The words of a visitor's query; anything else (FTS syntax included) is dropped."""
    return _WORD.findall(query)[:MAX_TERMS]


def _fts_query(words: list[str]) -> str:
    # Every word quoted, so nothing the visitor types is read as FTS syntax; the last word is
    # a prefix so results appear while typing.
    quoted = ['"' + word.replace('"', "") + '"' for word in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def search(query: str, page: int, per_page: int) -> tuple[list[tuple[Post, str]], int]:
    """Return ((post, snippet) pairs for the page, total matches) for a visitor's query."""
    words = terms(query)
    if not words:
        return [], 0
    if db.engine.dialect.name == "postgresql":
        return _search_postgres(words, page, per_page)
    return _search_fts(words, page, per_page)


def _search_fts(words, page, per_page):
    # Joining the FTS index to posts would cost a lookup per match. Hidden posts are few, so
    # rank on the index alone, fetch enough ids to cover them, and drop them afterwards.
    match = _fts_query(words)
    hidden = set(db.session.scalars(select(Post.id).where(Post.hidden)))
    total = db.session.execute(
        text("SELECT count(*) FROM posts_fts WHERE posts_fts MATCH :q"), {"q": match}
    ).scalar_one()
    if hidden:
        total -= db.session.execute(
            text(
                "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH :q "
                f"AND rowid IN ({','.join(str(int(i)) for i in hidden)})"
            ),
            {"q": match},
        ).scalar_one()
    offset = (page - 1) * per_page
    ranked = db.session.scalars(
        text(
            "SELECT rowid FROM posts_fts WHERE posts_fts MATCH :q "
            "ORDER BY bm25(posts_fts, 5.0, 1.0) LIMIT :limit"
        ),
        {"q": match, "limit": offset + per_page + len(hidden)},
    ).all()
    ids = [rowid for rowid in ranked if rowid not in hidden][offset : offset + per_page]
    if not ids:
        return [], total
    snippets = dict(
        db.session.execute(
            text(
                "SELECT rowid, snippet(posts_fts, 1, :start, :end, '…', 24) FROM posts_fts "
                f"WHERE posts_fts MATCH :q AND rowid IN ({','.join(str(int(i)) for i in ids)})"
            ),
            {"q": match, "start": MARK_START, "end": MARK_END},
        ).all()
    )
    posts = {p.id: p for p in db.session.scalars(select(Post).where(Post.id.in_(ids)))}
    return [(posts[i], snippets.get(i, "")) for i in ids if i in posts], total


def _search_postgres(words, page, per_page):
    # Words are \w+ only, so nothing in them is tsquery syntax; the last one is a prefix.
    query = func.to_tsquery("english", " & ".join(words) + ":*")
    vector = literal_column("posts.search_vector")
    matches = [Post.hidden.is_(False), vector.op("@@")(query)]
    total = db.session.scalar(select(func.count()).select_from(Post).where(*matches))
    options = f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxWords=30, MinWords=12'
    rows = db.session.execute(
        select(Post, func.ts_headline("english", Post.source, query, options))
        .where(*matches)
        .order_by(func.ts_rank(vector, query).desc(), Post.position.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return [(post, snippet) for post, snippet in rows], total
