"""Related posts ("More like this"), worked out from the posts' own text on this machine.

Terms are a post's words (3 to 40 letters, lower case, a plural's final "s" dropped, English
stop words left out). Each post gets a signature: its SIGNATURE most
distinctive terms, each weighed by how rare it is among all posts (the log of posts over the
posts holding it) and how often the post uses it (1 + its log), a title's terms TITLE_WEIGHT
times more, scaled to unit length. A term held
by one post alone relates nothing, and one held by more than DF_SHARE of the posts (and more
than DF_FLOOR) says little about a post: neither has weight. Two posts' score is the cosine of
their signatures.

A post's candidates are the posts whose signatures share a term with its own, found through
an inverted index (term: the posts whose signature holds it), read rarest term first; a term
whose posts would take the post past BUDGET entries read is left out, so the work grows with
the number of posts, never with its square. A list keeps the KEPT best posts scoring at least
MIN_SCORE: higher score first, then the newer post (listing position) first. Among terms of
equal weight a signature takes those that appear first (the title's, then the text's).

An import relates its new and changed posts, in its transaction: their signatures use the
term counts as they stand after it, their candidates are every post, and each older post
whose list the new post's score beats (its weakest entry, or a free place) takes it in; a
changed post leaves the lists it no longer belongs to. Older posts' own signatures stay as
they were until `flask posts relate` works every list out again. An import into posts that
were never related (an older database, or imports with RELATED_POSTS=0) relates them all.
Hidden posts stay in the lists: the page's query skips them, so hiding and showing a post
changes every list at once.
"""

from __future__ import annotations

import math
import string
from array import array
from collections import Counter, defaultdict
from heapq import nlargest
from itertools import compress, filterfalse, islice, repeat

from sqlalchemy import delete, func, inspect, select, update

from community_site.data.extension import db
from community_site.data.models import Post, RelatedPost, RelatedTerm, RelatedWord

SIGNATURE = 8
TITLE_WEIGHT = 3.0
DF_SHARE = 0.02
DF_FLOOR = 20
BUDGET = 1000
KEPT = 8
MIN_SCORE = 0.1
# Scores are rounded so that equal ones compare equal however their sums were ordered.
DIGITS = 6
TERM_CHARS = (3, 40)
# A term used more often than this in one post counts as used this often.
MAX_TIMES = 255
BATCH = 500
INSERT_BATCH = 10_000
# Below this a sum cannot round up to MIN_SCORE.
_NEAR_MIN_SCORE = MIN_SCORE - 10.0**-DIGITS

# Words are split at every ASCII character but a letter, and at the common punctuation
# and spaces beyond ASCII, as bytes: three times faster than a regular expression.
_SEPARATORS = "‘’‚‛“”„‟′″‹›«»–—―…•·\u00a0\u2002\u2003\u2009\u200b\u3000"
_LETTERS = frozenset(string.ascii_letters.encode())
_SPLIT = bytes(byte if byte in _LETTERS or byte >= 128 else 32 for byte in range(256))
STOP_WORDS = frozenset(
    """
    about above after again against all also although among and another any are aren around
    because been before being below between both but can cannot could couldn did didn does
    doesn doing don down during each either else ever every few for from further get gets got
    had hadn has hasn have haven having her here hers herself him himself his how however into
    isn its itself just let like made make many may might mine more most much must mustn myself
    near need neither nor not now off often once one only onto other others our ours ourselves
    out over own per perhaps quite rather really same say says shall shan she should shouldn
    since some still such than that the their theirs them themselves then there these they
    thing things this those though through thus too toward towards under until upon very via
    was wasn way well were weren what when where whether which while who whom whose why will
    with within without won would wouldn yes yet you your yours yourself yourselves
    """.split()
)


def words_of(text: str) -> list[bytes]:
    """A text's words, lower case, UTF-8 encoded; letters beyond ASCII stay in their words."""
    text = text.lower()
    if not text.isascii():
        for mark in _SEPARATORS:
            if mark in text:
                text = text.replace(mark, " ")
    return text.encode().translate(_SPLIT).split()


def stem(word: str) -> str:
    """A word as a term: a plural's final "s" (or "ies") made singular; nothing cleverer."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


class Relater:
    """Collects the posts an import (or `flask posts relate`) relates, then works out and
    stores their signatures and lists in `finish`, in the caller's transaction."""

    def __init__(self, everything: bool = False, fresh: bool = False):
        # everything: relate every post, read from the database at `finish`, with terms
        # counted afresh; otherwise only the posts noted, against the stored counts. fresh:
        # nothing is stored yet (an import into an empty database).
        self.everything = everything
        self.fresh = fresh or everything
        self.local: dict[bytes, int] = {}  # a word as words_of gives it: its term (0: none)
        self.terms: list[str] = [""]  # term: its text
        self.term_of: dict[str, int] = {}
        self.counts: Counter = Counter()  # term: change in how many posts hold it
        # slug: (terms, how often each is used, the title's terms)
        self.noted: dict[str, tuple[array, array, tuple]] = {}
        self.changed: set[int] = set()

    @classmethod
    def for_import(cls) -> Relater | None:
        """The relater of an import: of its posts only, unless the posts already stored were
        never related (then of every post); None on a schema older than related posts."""
        if not inspect(db.session.connection()).has_table(RelatedWord.__tablename__):
            return None
        related = db.session.scalar(select(RelatedWord.id).limit(1)) is not None
        stored = db.session.scalar(select(Post.id).limit(1)) is not None
        return cls(everything=stored and not related, fresh=not related)

    # Reading posts' terms.

    def _term(self, word: bytes) -> int:
        text = word.decode()
        if not TERM_CHARS[0] <= len(text) <= TERM_CHARS[1] or not text.isalpha():
            return 0
        text = stem(text)
        if text in STOP_WORDS:
            return 0
        term = self.term_of.get(text)
        if term is None:
            term = self.term_of[text] = len(self.terms)
            self.terms.append(text)
        return term

    def _terms_of(self, text: str, counted: Counter | None = None) -> dict[int, int]:
        """The terms of a text and how often each appears, in the order they first appear
        (`counted`: its words_of counted, when the caller has them). Words are counted in C;
        Python sees each distinct word once."""
        local = self.local
        counted = counted or Counter(words_of(text))
        for word in filterfalse(local.__contains__, counted):
            local[word] = self._term(word)
        found = list(map(local.__getitem__, counted))
        terms = dict(zip(found, counted.values(), strict=True))
        # Words of no term (0) may repeat; two words of one term ("post", "posts") need
        # their counts added.
        if len(terms) < len(found) - max(found.count(0) - 1, 0):
            terms = {}
            for term, times in zip(found, counted.values(), strict=True):
                terms[term] = terms.get(term, 0) + times
        terms.pop(0, None)
        return terms

    def _read(self, slug: str, title: str, source: str, counted=None) -> None:
        # The title is the source's first line (or its start), so its terms come first.
        terms = self._terms_of(source, counted)
        self.counts.update(terms.keys())
        try:
            times = array("B", terms.values())
        except OverflowError:  # a term used more than MAX_TIMES times: rare, and slower
            times = array("B", map(min, terms.values(), repeat(MAX_TIMES)))
        title_terms = tuple(self._terms_of(title))
        self.noted[slug] = (array("I", terms), times, title_terms)

    def note(self, slug: str, title: str, source: str, counted: Counter | None = None) -> None:
        """A new or changed post of this import, with its new text (and its words_of
        counted, when the caller has them)."""
        if not self.everything:
            self._read(slug, title, source, counted)

    def forget(self, ids: list[int]) -> None:
        """Changed posts, called before their text changes: their old terms stop counting."""
        if self.everything or not ids:
            return
        self.changed.update(ids)
        for batch in _batches(ids):
            rows = db.session.execute(select(Post.source).where(Post.id.in_(batch)))
            for (source,) in rows:
                self.counts.subtract(self._terms_of(source).keys())

    # Working the lists out.

    def finish(self) -> int:
        """Store the signatures and lists of the posts noted (every post with `everything`)
        and the older lists they enter; return how many lists changed."""
        if self.everything:
            db.session.execute(delete(RelatedTerm.__table__))
            db.session.execute(delete(RelatedWord.__table__))
            rows = db.session.execute(
                select(Post.slug, Post.title, Post.source)
                .order_by(Post.position.desc())
                .execution_options(yield_per=BATCH)
            )
            for slug, title, source in rows:
                self._read(slug, title, source)
        if not self.noted and not self.changed:
            return 0
        # post: its listing position, for the order of equal scores; with posts related
        # against stored ones, only the posts a list names are read (_place).
        ids, position = {}, {}
        if self.fresh:
            # Two reads of one index each: a row's position comes after its long text.
            ids = dict(db.session.execute(select(Post.slug, Post.id)).all())
            position = dict(db.session.execute(select(Post.id, Post.position)).all())
            total = len(ids)
        else:
            for batch in _batches(list(self.noted)):
                for post, slug, place in db.session.execute(_ALL_POSTS.where(Post.slug.in_(batch))):
                    ids[slug], position[post] = post, place
            total = db.session.scalar(select(func.count(Post.id)))
        term_ids, weights, holding = self._store_counts(total)
        signatures = {}
        for slug in list(self.noted):
            noted = self.noted.pop(slug)  # freed as it goes: a signature is smaller
            signatures[ids[slug]] = _signature(*noted, weights)
        if not self.fresh:
            _delete_in(RelatedTerm, list(signatures))
        postings = self._postings(signatures, term_ids, holding)
        # Into an empty table the term index is built once, after the rows (one sort),
        # rather than grown row by row out of its order.
        (by_term,) = (i for i in RelatedTerm.__table__.indexes if i.name == "ix_related_terms_term")
        if self.fresh:
            by_term.drop(db.session.connection())
        _insert(
            RelatedTerm,
            ("post_id", "term_id", "weight"),
            (
                (post, term_ids[term], weight)
                for post, (terms, values) in signatures.items()
                for term, weight in zip(terms, values, strict=True)
            ),
        )
        if self.fresh:
            by_term.create(db.session.connection())
        if self.fresh and not self.everything:
            return _insert_lists(signatures, postings, position)
        lists, offers, scored = {}, defaultdict(list), {}
        for post, (terms, values) in signatures.items():
            scores = _scores(post, terms, values, postings)
            if self.fresh:  # every post is here, and its list is all it needs
                lists[post] = _ranked(scores, position)
            else:
                scored[post] = scores
        _place(position, {other for scores in scored.values() for _, other in scores})
        for post, scores in scored.items():
            lists[post] = _ranked(scores, position)
            for score, other in scores:
                if other not in signatures:
                    offers[other].append((score, post))
        return self._store_lists(lists, offers, position)

    def _store_counts(self, total: int) -> tuple[list[int], list[float], list[int]]:
        """Store how many posts hold each term read; return each term's stored id, its
        weight now (0 for a term that relates nothing) and how many posts hold it."""
        stored: dict[str, tuple[int, int]] = {}
        if not self.fresh:
            texts = [self.terms[term] for term in self.counts]
            for chunk in _batches(texts):
                query = select(RelatedWord.term, RelatedWord.id, RelatedWord.posts)
                for text, word_id, held in db.session.execute(
                    query.where(RelatedWord.term.in_(chunk))
                ):
                    stored[text] = (word_id, held)
        next_id = (db.session.scalar(select(func.max(RelatedWord.id))) or 0) + 1
        term_ids, holding = [0] * len(self.terms), [0] * len(self.terms)
        new_rows, changed_rows = [], []  # (id, term, posts); {id, posts}
        for term, change in self.counts.items():
            text = self.terms[term]
            if text in stored:
                term_ids[term], before = stored[text]
                holding[term] = before + change
                if change:
                    changed_rows.append({"id": term_ids[term], "posts": holding[term]})
            elif change > 0:
                term_ids[term], holding[term] = next_id, change
                next_id += 1
                new_rows.append((term_ids[term], text, change))
        _insert(RelatedWord, ("id", "term", "posts"), new_rows)
        if changed_rows:
            db.session.execute(update(RelatedWord), changed_rows)
        ceiling = max(DF_FLOOR, int(DF_SHARE * total))
        weights = [math.log(total / held) if 2 <= held <= ceiling else 0.0 for held in holding]
        return term_ids, weights, holding

    def _postings(self, signatures: dict, term_ids: list[int], holding: list[int]) -> dict:
        """The inverted index of the signatures' terms (term: its posts and their weights),
        from the signatures at hand and the stored ones of every other post. Of a term held
        by more than BUDGET posts at most BUDGET + 1 stored entries are read: _scores leaves
        such a term out whatever the rest are, so a new post never reads a share of all
        posts."""
        postings: dict[int, tuple[array, array]] = {}
        for post, (terms, values) in signatures.items():
            for term, weight in zip(terms, values, strict=True):
                entry = postings.get(term)
                if entry is None:
                    entry = postings[term] = (array("I"), array("d"))
                entry[0].append(post)
                entry[1].append(weight)
        if self.fresh or not postings:
            return postings
        local = {term_ids[term]: term for term in postings}
        query = select(RelatedTerm.term_id, RelatedTerm.post_id, RelatedTerm.weight)
        few = [term_id for term_id, term in local.items() if holding[term] <= BUDGET]
        chunks = [query.where(RelatedTerm.term_id.in_(batch)) for batch in _batches(few)]
        chunks += [
            query.where(RelatedTerm.term_id == term_id).limit(BUDGET + 1)
            for term_id, term in local.items()
            if holding[term] > BUDGET
        ]
        for chunk in chunks:
            for term_id, post, weight in db.session.execute(chunk):
                if post not in signatures:
                    entry = postings[local[term_id]]
                    entry[0].append(post)
                    entry[1].append(weight)
        return postings

    def _stored_lists(self, posts: set[int]) -> dict[int, list[tuple[int, float]]]:
        query = select(RelatedPost.post_id, RelatedPost.related_id, RelatedPost.score).order_by(
            RelatedPost.post_id, RelatedPost.rank
        )
        if self.everything:
            chunks = [query]
        elif self.fresh:
            chunks = []
        else:
            ids = list(posts)
            chunks = [query.where(RelatedPost.post_id.in_(batch)) for batch in _batches(ids)]
        lists = defaultdict(list)
        for chunk in chunks:
            for post, other, score in db.session.execute(chunk):
                lists[post].append((other, score))
        return lists

    def _holders(self) -> set[int]:
        """The posts whose lists hold a changed post (which may no longer belong there)."""
        ids, holders = list(self.changed), set()
        for batch in _batches(ids):
            holders.update(
                db.session.scalars(
                    select(RelatedPost.post_id).where(RelatedPost.related_id.in_(batch)).distinct()
                )
            )
        return holders

    def _store_lists(self, lists: dict, offers: dict, position: dict) -> int:
        """Store the lists of the posts related and of the older posts they change; return
        how many lists changed (none is written that did not)."""
        holders = self._holders() if self.changed and not self.fresh else set()
        others = (set(offers) | holders) - lists.keys()
        old = self._stored_lists(lists.keys() | others)
        new = dict(lists)
        _place(position, {other for post in others for other, _ in old.get(post, ())})
        for post in others:
            kept = [(score, other) for other, score in old.get(post, ()) if other not in lists]
            new[post] = _ranked(kept + offers.get(post, []), position)
        for post in old.keys() - new.keys():  # `everything`: a post no longer stored
            new[post] = []
        changed = [post for post, entries in new.items() if old.get(post, []) != entries]
        _delete_in(RelatedPost, [post for post in changed if post in old])
        _insert(
            RelatedPost,
            ("post_id", "rank", "related_id", "score"),
            (
                (post, rank, other, score)
                for post in changed
                for rank, (other, score) in enumerate(new[post], 1)
            ),
        )
        return len(changed)


_ALL_POSTS = select(Post.id, Post.slug, Post.position)


def _insert_lists(signatures: dict, postings: dict, position: dict) -> int:
    """Work out and insert every post's list, into a database that had none: each list is
    final as it comes and is written then, never all held at once. Returns how many posts
    have a list."""
    listed = 0

    def rows():
        nonlocal listed
        for post, (terms, values) in signatures.items():
            ranked = _ranked(_scores(post, terms, values, postings), position)
            listed += bool(ranked)
            for rank, (other, score) in enumerate(ranked, 1):
                yield post, rank, other, score

    _insert(RelatedPost, ("post_id", "rank", "related_id", "score"), rows())
    return listed


def _batches(values: list) -> list[list]:
    """`values` in slices of BATCH: an IN list the databases take in one statement."""
    return [values[start : start + BATCH] for start in range(0, len(values), BATCH)]


def _place(position: dict[int, int], posts: set[int]) -> None:
    """Add the listing positions of these posts to `position` (post: position)."""
    wanted = [post for post in posts if post not in position]
    for batch in _batches(wanted):
        position.update(
            db.session.execute(select(Post.id, Post.position).where(Post.id.in_(batch))).all()
        )


def _signature(terms: array, times: array, title: tuple, weights: list[float]):
    """A post's SIGNATURE heaviest terms (ties: the one appearing first) and their weights,
    scaled to unit length and rounded, heaviest first."""
    in_title = set(title)
    weighed = []
    # Only the few terms with a weight are looked at in Python.
    for place in compress(range(len(terms)), map(weights.__getitem__, terms)):
        term = terms[place]
        weight = weights[term] * (1.0 + math.log(times[place]))
        if term in in_title:
            weight *= TITLE_WEIGHT
        weighed.append((weight, -place, term))
    best = nlargest(SIGNATURE, weighed)
    norm = math.sqrt(sum(weight * weight for weight, _, _ in best)) or 1.0
    return (
        array("I", [term for _, _, term in best]),
        array("d", [round(weight / norm, DIGITS) for weight, _, _ in best]),
    )


def _scores(post: int, terms: array, values: array, postings: dict) -> list[tuple[float, int]]:
    """(score, other post) for every post sharing a term of `post`'s signature and scoring at
    least MIN_SCORE; terms are read heaviest first, within BUDGET entries."""
    sums: dict[int, float] = {}
    spent = 0
    for term, weight in zip(terms, values, strict=True):
        posts, others = postings[term]
        if spent + len(posts) > BUDGET:
            continue
        spent += len(posts)
        get = sums.get
        for other, other_weight in zip(posts, others, strict=True):
            sums[other] = get(other, 0.0) + weight * other_weight
    sums.pop(post, None)
    # Most candidates share one light term: only those near the bar are rounded.
    return [
        (score, other)
        for other, total in sums.items()
        if total >= _NEAR_MIN_SCORE and (score := round(total, DIGITS)) >= MIN_SCORE
    ]


def _ranked(scores: list[tuple[float, int]], position: dict) -> list[tuple[int, float]]:
    """The KEPT best of (score, post) as (post, score): higher score first, then newer."""
    best = nlargest(KEPT, [(score, position[post], post) for score, post in scores])
    return [(post, score) for score, _, post in best]


def _insert(model, columns: tuple[str, ...], rows) -> None:
    """Insert rows (tuples in `columns` order) straight to the driver: SQLAlchemy would build
    a dict of parameters per row, which costs more than the row's insert. On PostgreSQL with
    COPY (a stream of rows, several times faster than inserts), else in batches of inserts."""
    connection = db.session.connection()
    table, names = model.__tablename__, ", ".join(columns)
    if connection.dialect.name == "postgresql":
        with connection.connection.dbapi_connection.cursor() as cursor:
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    statement = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['?'] * len(columns))})"
    rows = iter(rows)
    while batch := list(islice(rows, INSERT_BATCH)):
        connection.exec_driver_sql(statement, batch)


def _delete_in(model, ids: list[int]) -> None:
    """Delete the rows of these posts from a table keyed by post."""
    table = model.__table__
    for batch in _batches(ids):
        db.session.execute(delete(table).where(table.c.post_id.in_(batch)))
