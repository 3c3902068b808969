"""Full-text search over posts.

On SQLite an FTS5 index mirrors the posts table through triggers, so every import keeps it in
step inside the same transaction. Other databases fall back to a case-insensitive match.
"""

from __future__ import annotations

import re

from sqlalchemy import Engine, func, or_, select, text

from .db import db, is_sqlite
from .models import Post

_FTS_SETUP = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS posts_fts USING fts5(
           title, source, content='posts', content_rowid='id',
           tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER IF NOT EXISTS posts_fts_insert AFTER INSERT ON posts BEGIN
           INSERT INTO posts_fts(rowid, title, source)
           VALUES (new.id, new.title, new.source);
       END""",
    """CREATE TRIGGER IF NOT EXISTS posts_fts_delete AFTER DELETE ON posts BEGIN
           INSERT INTO posts_fts(posts_fts, rowid, title, source)
           VALUES ('delete', old.id, old.title, old.source);
       END""",
    """CREATE TRIGGER IF NOT EXISTS posts_fts_update AFTER UPDATE OF title, source ON posts
       BEGIN
           INSERT INTO posts_fts(posts_fts, rowid, title, source)
           VALUES ('delete', old.id, old.title, old.source);
           INSERT INTO posts_fts(rowid, title, source)
           VALUES (new.id, new.title, new.source);
       END""",
]

# Private-use characters mark highlights inside snippets; the text around them is escaped
# before they become <mark> elements.
MARK_START, MARK_END = "\ue000", "\ue001"
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12


def ensure(engine: Engine) -> None:
    """Create the FTS index and its triggers where the database supports them."""
    if engine.dialect.name != "sqlite":
        return
    with engine.begin() as conn:
        for statement in _FTS_SETUP:
            conn.execute(text(statement))


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
    if is_sqlite():
        return _search_fts(words, page, per_page)
    return _search_like(words, page, per_page)


def _search_fts(words, page, per_page):
    match = _fts_query(words)
    total = db.session.execute(
        text(
            "SELECT count(*) FROM posts_fts JOIN posts ON posts.id = posts_fts.rowid "
            "WHERE posts_fts MATCH :q AND NOT posts.hidden"
        ),
        {"q": match},
    ).scalar_one()
    rows = db.session.execute(
        text(
            "SELECT posts_fts.rowid, snippet(posts_fts, 1, :start, :end, '…', 24) "
            "FROM posts_fts JOIN posts ON posts.id = posts_fts.rowid "
            "WHERE posts_fts MATCH :q AND NOT posts.hidden "
            "ORDER BY bm25(posts_fts, 5.0, 1.0) LIMIT :limit OFFSET :offset"
        ),
        {
            "q": match,
            "start": MARK_START,
            "end": MARK_END,
            "limit": per_page,
            "offset": (page - 1) * per_page,
        },
    ).all()
    posts = {
        p.id: p for p in db.session.scalars(select(Post).where(Post.id.in_([r[0] for r in rows])))
    }
    return [(posts[rowid], snippet) for rowid, snippet in rows if rowid in posts], total


def _search_like(words, page, per_page):
    conditions = [or_(Post.title.ilike(f"%{w}%"), Post.source.ilike(f"%{w}%")) for w in words]
    base = select(Post).where(Post.hidden.is_(False), *conditions)
    total = db.session.scalar(select(func.count()).select_from(base.subquery()))
    posts = db.session.scalars(
        base.order_by(Post.position.desc()).limit(per_page).offset((page - 1) * per_page)
    ).all()
    return [(post, _plain_snippet(post.source, words)) for post in posts], total


def _plain_snippet(body: str, words: list[str], width: int = 160) -> str:
    lowered = body.lower()
    hits = [lowered.find(w.lower()) for w in words if lowered.find(w.lower()) >= 0]
    start = max(0, min(hits, default=0) - width // 3)
    snippet = body[start : start + width]
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    marked = pattern.sub(lambda m: MARK_START + m.group(0) + MARK_END, snippet)
    return ("…" if start else "") + marked + ("…" if start + width < len(body) else "")
