"""Full-text search over posts, and keeping its index in step with the posts table.

On SQLite an FTS5 index (external content: it stores no text of its own) covers titles and
sources. Its rowid is the post's listing position (larger is newer), not its id: ids follow
import order, which within one dump runs from its newest post to its oldest. Whoever writes a
post's text tells the index here, in the same transaction: new posts with `index_new_posts`,
changed ones with `unindex_posts` before the change and `index_posts` after. On PostgreSQL a
generated tsvector column with a GIN index keeps itself in step. The migrations create both.

Every query is bounded: at most CANDIDATES + 1 matches are taken, newest first, straight from
the index (which stops reading there), and only those are ranked. A query matching more posts
ranks its newest CANDIDATES and reports the count as "more than CANDIDATES"; a query matching
fewer (any query with a rare word in it) ranks every match.
"""

from __future__ import annotations

import json
import re
import unicodedata

from sqlalchemy import bindparam, case, func, literal_column, select, text

from .extension import db
from .models import Post

# Private-use characters mark highlights inside snippets; the text around them is escaped
# before they become <mark> elements.
MARK_START, MARK_END = "\ue000", "\ue001"
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12
# How many matches a query ranks; past this the count reads "more than CANDIDATES".
CANDIDATES = 300
# The index holds prefixes of up to this many characters (migration 0004).
PREFIX_INDEXED = 4
MAX_EXPANSION = 64


def terms(query: str) -> list[str]:
    """The words of a visitor's query; anything else (FTS syntax included) is dropped."""
    return _WORD.findall(query)[:MAX_TERMS]


def _fts_query(words: list[str]) -> str:
    # Every word quoted, so nothing the visitor types is read as FTS syntax; the last word is
    # a prefix so results appear while typing.
    quoted = ['"' + word.replace('"', "") + '"' for word in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def _fold(word: str) -> str:
    """A word as the index's tokenizer stores it: lower case, diacritics removed."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _bounded_fts_query(words: list[str]) -> str:
    """The FTS5 query for `words`, written so that reading it newest first can stop early.

    Prefixes of up to PREFIX_INDEXED characters have an index of their own. A longer prefix
    would make FTS5 merge the whole lists of every word it starts, at each lookup; the words
    it stands for are read from the index's words instead (one step each) and OR-ed, which
    FTS5 reads lazily. Past MAX_EXPANSION words (or none found) the plain prefix query is used.
    """
    last = words[-1]
    if len(last) <= PREFIX_INDEXED:
        return _fts_query(words)
    expansions = _words_starting(_fold(last), MAX_EXPANSION + 1)
    if not expansions or len(expansions) > MAX_EXPANSION:
        return _fts_query(words)
    exact = " ".join('"' + word.replace('"', "") + '"' for word in words[:-1])
    alternatives = "(" + " OR ".join(f'"{term}"' for term in expansions) + ")"
    return f"{exact} AND {alternatives}" if exact else alternatives


# The index's words one row per place each appears (fts5vocab's 'instance' table, in the
# connection's temp schema): the first row at or after a word is one step into the index.
# posts_fts_terms ('row') counts a word's posts before giving it, which reads them all.
_WORDS_TABLE = text(
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.posts_fts_words "
    "USING fts5vocab(main, posts_fts, instance)"
)
_WORD_FROM = text("SELECT term FROM temp.posts_fts_words WHERE term >= :start LIMIT 1")


def _words_starting(prefix: str, limit: int) -> list[str]:
    """Up to `limit` of the index's words that start with `prefix`, in order: one lookup a
    word, whatever the number of posts."""
    connection = db.session.connection()
    # Every time, not once per connection: made inside a transaction that is then rolled
    # back, the table would be gone again.
    connection.execute(_WORDS_TABLE)
    found, start = [], prefix
    while len(found) < limit:
        word = connection.execute(_WORD_FROM, {"start": start}).scalar()
        if word is None or not word.startswith(prefix):
            break
        found.append(word)
        start = word + "\x00"  # the next word: nothing sorts between a word and this
    return found


# What a result shows of a post, besides its snippet: read as rows, never its text; with
# its content note (data/content_notes.py).
_SHOWN = select(Post.id, Post.position, Post.slug, Post.title, Post.notes, Post.note_text)


def search(query: str, page: int, per_page: int) -> tuple[list[tuple[object, str]], int]:
    """Return ((post, snippet) pairs for the page, matches) for a visitor's query; a post is
    a row of its id, position, slug, title, notes and note_text.

    The number of matches is at most CANDIDATES + 1, which means "more than CANDIDATES";
    pages past the CANDIDATES ranked ones are empty.
    """
    words = terms(query)
    if not words:
        return [], 0
    if db.engine.dialect.name == "postgresql":
        return _search_postgres(words, page, per_page)
    return _search_fts(words, page, per_page)


def _page_of(ranked: list[int], page: int, per_page: int) -> list[int]:
    offset = (page - 1) * per_page
    return ranked[:CANDIDATES][offset : offset + per_page]


def _title_hits(title: str, whole: list[re.Pattern], start: re.Pattern) -> int:
    """How many of a query's words a title holds: `whole` finds each word before the last
    one whole, `start` the last one at the start of a word (as the index reads them); both
    match folded text."""
    folded = title.lower() if title.isascii() else _fold(title)
    return sum(1 for word in whole if word.search(folded)) + bool(start.search(folded))


# The candidates' titles, their positions as one JSON list: one statement whatever their number.
_TITLES = text(
    "SELECT position, title FROM posts WHERE position IN (SELECT value FROM json_each(:positions))"
)


def _search_fts(words, page, per_page):
    # Hidden posts are few (a partial index lists them): take enough candidates to cover
    # them and drop them in Python, instead of joining every match to posts.
    match = _bounded_fts_query(words)
    hidden = set(db.session.scalars(select(Post.position).where(Post.hidden)))
    # ORDER BY rowid DESC LIMIT walks the index's doclists newest first and stops at the
    # limit. No bm25 here: it counts every post each word matches (its weights), which
    # grows with the posts however few are ranked.
    candidates = db.session.scalars(
        text(
            "SELECT rowid FROM posts_fts WHERE posts_fts MATCH :q ORDER BY rowid DESC LIMIT :limit"
        ),
        {"q": match, "limit": CANDIDATES + 1 + len(hidden)},
    ).all()
    visible = [rowid for rowid in candidates if rowid not in hidden]
    total = min(len(visible), CANDIDATES + 1)
    # Titles first: the more of the query's words a title holds, the higher; newer first
    # among equals (every candidate holds every word somewhere).
    ranked_ones = visible[:CANDIDATES]
    folded = [re.escape(_fold(word)) for word in words]
    whole = [re.compile(rf"(?<!\w){word}(?!\w)") for word in folded[:-1]]
    start = re.compile(rf"(?<!\w){folded[-1]}")
    titles = dict(db.session.execute(_TITLES, {"positions": json.dumps(ranked_ones)}).all())
    ranked = sorted(ranked_ones, key=lambda i: (-_title_hits(titles.get(i, ""), whole, start), -i))
    positions = _page_of(ranked, page, per_page)
    if not positions:
        return [], total
    # One lookup per post: FTS5 seeks straight to a rowid, so this does not read the doclists.
    snippet = text(
        "SELECT snippet(posts_fts, 1, :start, :end, '…', 24) FROM posts_fts "
        "WHERE posts_fts MATCH :q AND rowid = :id"
    )
    snippets = {
        i: db.session.scalar(snippet, {"q": match, "id": i, "start": MARK_START, "end": MARK_END})
        for i in positions
    }
    posts = {p.position: p for p in db.session.execute(_SHOWN.where(Post.position.in_(positions)))}
    return [(posts[i], snippets.get(i) or "") for i in positions if i in posts], total


# ts_headline parses all the text it is given (about 0.1 ms a kilobyte), so it gets a window
# of the source: from a little before the first place the first word's opening letters
# appear (the text's start if they do not), long enough for a snippet of 30 words.
WINDOW_BEFORE, WINDOW = 150, 700


def _snippet_window(words):
    needle = words[0].lower()[:PREFIX_INDEXED]
    start = func.greatest(1, func.strpos(func.lower(Post.source), needle) - WINDOW_BEFORE)
    return func.substr(Post.source, start, WINDOW)


def postgres_queries(words: list[str]):
    """The tsquery a post must match (every word, the last one a prefix), and the one its
    rank is computed by (any of the words).

    Words are \\w+ only, so nothing in them is tsquery syntax. The english configuration
    drops stop words, typed prefixes among them ("s", "the"): such a prefix is read as it is
    typed instead, as SQLite reads every prefix. Every match holds every word; it is ranked by
    how often and where (title or text) each one appears, as bm25 does on SQLite: ts_rank of
    the "&" query would also weigh how close the words stand, which costs more than finding
    the matches."""
    prefix = func.to_tsquery("english", words[-1] + ":*")
    prefix = case(
        (func.numnode(prefix) == 0, func.to_tsquery("simple", words[-1] + ":*")), else_=prefix
    )
    others = words[:-1]
    if not others:
        return prefix, prefix
    every = func.to_tsquery("english", " & ".join(others)).op("&&")(prefix)
    any_word = func.to_tsquery("english", " | ".join(others)).op("||")(prefix)
    return every, any_word


def _search_postgres(words, page, per_page):
    query, any_word = postgres_queries(words)
    vector = literal_column("posts.search_vector")
    rank = func.ts_rank(vector, any_word)
    # The same bound as on SQLite: the newest CANDIDATES + 1 visible matches, ranked alone.
    # For a common word the planner walks the position index backwards and stops at the
    # limit; for a rarer one it takes the GIN index's matches and sorts those.
    rows = db.session.execute(
        select(Post.id, Post.position, rank)
        .where(Post.hidden.is_(False), vector.op("@@")(query))
        .order_by(Post.position.desc())
        .limit(CANDIDATES + 1)
    ).all()
    total = len(rows)
    # Best rank first, newer first among equals.
    ranked = [i for i, position, rank in sorted(rows[:CANDIDATES], key=lambda r: (-r[2], -r[1]))]
    ids = _page_of(ranked, page, per_page)
    if not ids:
        return [], total
    options = f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxWords=30, MinWords=12'
    snippet = func.ts_headline("english", _snippet_window(words), query, options)
    found = {
        row.id: row
        for row in db.session.execute(
            _SHOWN.add_columns(snippet.label("snippet")).where(Post.id.in_(ids))
        )
    }
    return [(found[i], found[i].snippet or "") for i in ids if i in found], total


# Keeping the SQLite index in step. Rows go in in position order: FTS5 writes a new segment
# whenever a rowid is smaller than the one before, so unordered rows cost many times more.
# Databases migrated only to the first schemas (id as rowid) still keep it by triggers; these
# functions leave it to them.


def _fts_writes(connection) -> bool:
    if connection.dialect.name != "sqlite":
        return False
    trigger = connection.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'posts_fts_insert'")
    ).first()
    return trigger is None


INDEX_ABOVE = text(
    "INSERT INTO posts_fts(rowid, title, source) "
    "SELECT position, title, source FROM posts WHERE position > :top ORDER BY position"
)


def index_new_posts(top: int) -> None:
    """Index every post placed above position `top` (the newest before an import), in one
    statement once the new posts have their final positions.

    Filling the index this way costs what rebuilding it costs per post, so a large import
    costs no more than a rebuild, and ten new posts cost ten posts' worth.
    """
    connection = db.session.connection()
    if _fts_writes(connection):
        connection.execute(INDEX_ABOVE, {"top": top})


_BY_IDS = "SELECT {columns} FROM posts WHERE id IN :ids ORDER BY position"
_UNINDEX = text(
    "INSERT INTO posts_fts(posts_fts, rowid, title, source) "
    + _BY_IDS.format(columns="'delete', position, title, source")
).bindparams(bindparam("ids", expanding=True))
_INDEX = text(
    "INSERT INTO posts_fts(rowid, title, source) "
    + _BY_IDS.format(columns="position, title, source")
).bindparams(bindparam("ids", expanding=True))


def _write_index(statement, ids: list[int]) -> None:
    connection = db.session.connection()
    if ids and _fts_writes(connection):
        connection.execute(statement, {"ids": list(ids)})


def unindex_posts(ids: list[int]) -> None:
    """Take posts out of the index; call before their title or source changes (the index
    needs the old text to find its entries)."""
    _write_index(_UNINDEX, ids)


def index_posts(ids: list[int]) -> None:
    """Put posts (back) into the index; call after `unindex_posts` and the change."""
    _write_index(_INDEX, ids)


def index_all_posts(connection) -> None:
    """Fill the empty index of a SQLite database whose posts were copied in as rows.

    Not FTS5's 'rebuild': that reads posts in id order, which is not position order.
    """
    if _fts_writes(connection):
        connection.execute(INDEX_ABOVE, {"top": 0})
