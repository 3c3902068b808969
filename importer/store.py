"""Storing split posts: recognising known ones, adding new ones, updating changed ones.

A post is recognised by its slug base (from its title) and which occurrence of that title it
is in dump order. Slugs never change once assigned. New posts go above all earlier ones, the
top of a dump being its newest post, and get distinct times in that order; a post's updated
time changes only when its text does. A writer's note line ("CW: ...") is kept apart from
the post's text (derive.split_note), and new and changed posts get their content notes
(notes.note_columns) unless a maintainer decided theirs. The caller owns the transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import bindparam, false, func, insert, inspect, select, update

from community_site.data import search_index
from community_site.data.extension import db
from community_site.data.models import Post, bump_content_version, renumber_listing, utcnow

from . import render
from .derive import base_slug_of, derive, source_hash, source_of, split_note, title_of
from .notes import note_columns
from .progress import counted
from .related import Relater, words_of
from .rerender import versions_recorded

BATCH = 1000
# New posts of one run are stamped this far apart, newest (top of the dump) latest, so feed
# readers sorting by date keep the listing order. A dump holds no dates, so the times stay
# within moments of the import: 50,000 posts span 50 seconds.
STAMP_STEP = timedelta(milliseconds=1)


@dataclass
class Counts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.added + other.added,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
            self.skipped + other.skipped,
        )

    @property
    def posts(self) -> int:
        return self.added + self.updated + self.unchanged

    def __str__(self) -> str:
        return (
            f"{self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.skipped} skipped"
        )


def notes_line(noted: int) -> str:
    """The import report's line on content notes: "1 post got a content note", "2 posts got
    content notes"."""
    if noted == 1:
        return "1 post got a content note"
    return f"{noted} posts got content notes"


def _earlier_ranks(added: int) -> tuple[int, bool]:
    """(how many visible posts there are below an import's `added` new ones, stored and
    still unranked; whether their listing ranks stand as renumber_listing gives them: -1 for
    the oldest visible post down to minus their number, none for hidden posts). New posts on
    top then take the next ranks and no earlier post's rank changes: only a database whose
    ranks stand otherwise (ranked from the newest before 2026-12-02) is numbered again, which
    reads every post."""
    table = Post.__table__
    count = func.count(table.c.id)
    # Apart: each alone is one look at the index's end.
    lowest = db.session.scalar(select(func.min(table.c.listing_rank)))
    highest = db.session.scalar(select(func.max(table.c.listing_rank)))
    posts = db.session.scalar(select(count))
    hidden = db.session.scalar(select(count).where(table.c.hidden))
    unranked = db.session.scalar(select(count).where(table.c.listing_rank.is_(None)))
    visible, unranked = posts - added - hidden, unranked - added
    if visible == 0:
        return 0, highest is None
    return visible, lowest == -visible and highest == -1 and unranked == hidden


@dataclass
class _Known:
    id: int
    hash: str
    slug: str
    decided: bool = False


@dataclass
class PostStore:
    """Accumulates one import run; call `add` per chunk, then `finish` once."""

    known: dict[tuple[str, int], _Known] = field(default_factory=dict)
    slug_of_title: dict[str, str] = field(default_factory=dict)
    slugs: set[str] = field(default_factory=set)
    seen: Counter = field(default_factory=Counter)
    # Occurrences of note lines as titles: how posts with a note line were known before
    # content notes (their note line was their title).
    seen_as_titles: Counter = field(default_factory=Counter)
    new_rows: list[dict] = field(default_factory=list)
    changed_rows: list[dict] = field(default_factory=list)
    added_total: int = 0
    updated_total: int = 0
    # The slugs of this run's new and changed posts, in dump order (a dry run lists them).
    added_slugs: list[str] = field(default_factory=list)
    changed_slugs: list[str] = field(default_factory=list)
    started: datetime = field(default_factory=utcnow)
    latest_created: datetime | None = None
    # Works out related posts for the new and changed posts (None: RELATED_POSTS=0).
    relater: Relater | None = None
    # The rules' version written with each post (None: a schema from before posts had one).
    render_version: int | None = None
    # Propose content notes from the posts' text (NOTE_PROPOSALS=0: only writers' notes).
    propose: bool = True
    # The schema has content notes (migration 0008); an older one gets the posts as before.
    notes: bool = True
    # Posts with content notes among those this run wrote, and posts no proposal had seen
    # before that it proposed for (see `finish`).
    noted_total: int = 0
    caught_up: int = 0

    @classmethod
    def load(cls, relate: bool = True, propose: bool = True) -> PostStore:
        columns = inspect(db.session.connection()).get_columns(Post.__tablename__)
        notes = any(column["name"] == "note_decided" for column in columns)
        store = cls(propose=propose and notes, notes=notes)
        if relate:
            store.relater = Relater.for_import()
        store.latest_created = db.session.scalar(select(func.max(Post.created_at)))
        if versions_recorded():
            store.render_version = render.RULES_VERSION
        rows = db.session.execute(
            select(
                Post.id,
                Post.base_slug,
                Post.occurrence,
                Post.source_hash,
                Post.slug,
                Post.title,
                Post.note_decided if notes else false(),
            )
        )
        for post_id, base, occurrence, digest, slug, title, decided in rows:
            store.known[(base, occurrence)] = _Known(post_id, digest, slug, bool(decided))
            store.slugs.add(slug)
            store.slug_of_title[title] = base
        return store

    def add(self, lines: list[str], counts: Counts) -> None:
        """Store one post's lines (a non-blank chunk), counting what happened to it."""
        source = source_of(lines)
        digest = source_hash(source)  # of the note line too: a changed note is a change
        whole = source
        note, source = split_note(source) if self.notes else (None, source)
        title, _ = title_of(source.split("\n", 1)[:1])
        base = self.slug_of_title.get(title)
        if base is None:
            base = self.slug_of_title[title] = base_slug_of(title)
        self.seen[base] += 1
        occurrence = self.seen[base]
        known = self.known.get((base, occurrence))
        renamed = False
        if note is not None:
            known, renamed = self._known_by_note_title(whole, known, base, occurrence)
        if known is not None and known.hash == digest and not renamed:
            counts.unchanged += 1
            return
        derived = derive(source, base)
        row = {
            "title": derived.title,
            "source": source,
            "source_hash": digest,
            "body_html": derived.body_html,
            "excerpt": derived.excerpt,
            "reading_minutes": derived.reading_minutes,
            "updated_at": utcnow(),
        }
        if self.render_version is not None:
            row["render_version"] = self.render_version
        # Split once for both: the proposals' anchors and the related posts' terms.
        word_counts = Counter(words_of(source)) if self.relater is not None else None
        if self.notes and (known is None or not known.decided):
            row.update(note_columns(note, source, self.propose, word_counts))
            self.noted_total += bool(row["notes"])
        if renamed:  # known from now on by its title, not its note line
            row.update(base_slug=base, occurrence=occurrence)
        if known is not None:
            known.hash = digest
            self.changed_rows.append({"id": known.id, **row})
            counts.updated += 1
            self.updated_total += 1
            slug = known.slug
            self.changed_slugs.append(slug)
        else:
            self.added_total += 1
            row["updated_at"] = self.started - self.added_total * STAMP_STEP
            slug = self._new_slug(base, occurrence)
            row.update(
                base_slug=base,
                occurrence=occurrence,
                slug=slug,
                # Provisional: new posts are moved above all earlier ones in `finish`.
                position=-self.added_total,
                hidden=False,
                created_at=row["updated_at"],
            )
            self.new_rows.append(row)
            self.added_slugs.append(slug)
            counts.added += 1
        if self.relater is not None:
            self.relater.note(slug, derived.title, source, word_counts)
        if len(self.new_rows) + len(self.changed_rows) >= BATCH:
            self.flush()

    def _known_by_note_title(self, whole: str, known, base: str, occurrence: int):
        """(the stored post, whether it was known by its note line) for a post with a note
        line: imported before content notes, its note line was its title, and its identity
        came from that line."""
        title, _ = title_of(whole.split("\n", 1)[:1])
        old_base = self.slug_of_title.get(title) or base_slug_of(title)
        self.seen_as_titles[old_base] += 1
        if known is not None:
            return known, False
        old = self.known.pop((old_base, self.seen_as_titles[old_base]), None)
        if old is None:
            return None, False
        self.known[(base, occurrence)] = old
        return old, True

    def _new_slug(self, base: str, occurrence: int) -> str:
        stem = base or "post"
        number = occurrence if base else max(occurrence, 1)
        slug = stem if base and number == 1 else f"{stem}-{number}"
        while slug in self.slugs:
            number += 1
            slug = f"{stem}-{number}"
        self.slugs.add(slug)
        return slug

    def flush(self) -> None:
        if self.new_rows:
            # Core, not the ORM's bulk insert: no objects or identity bookkeeping per row.
            db.session.execute(insert(Post.__table__), self.new_rows)
            self.new_rows = []
        if self.changed_rows:
            ids = [row["id"] for row in self.changed_rows]
            search_index.unindex_posts(ids)  # needs the old text, so before the update
            if self.relater is not None:
                self.relater.forget(ids)  # so does this
            # A post whose note a maintainer decided has no note columns in its row.
            for columns in {frozenset(row) for row in self.changed_rows}:
                rows = [row for row in self.changed_rows if row.keys() == columns]
                db.session.execute(update(Post), rows)
            search_index.index_posts(ids)
            self.changed_rows = []

    def _propose_for_unexamined(self, step: Callable[[str], None]) -> int:
        """Propose notes for the posts no proposal has seen (imported before content notes, or
        with NOTE_PROPOSALS=0), from their stored text; returns how many got a note."""
        table = Post.__table__
        ids = db.session.scalars(select(table.c.id).where(table.c.note_reasons.is_(None))).all()
        if not ids:
            return 0
        step(f"content notes: proposing for {len(ids)} posts imported without proposals")
        noted = 0
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            rows = db.session.execute(
                select(table.c.id, table.c.source, table.c.note_text).where(table.c.id.in_(batch))
            ).all()
            values = []
            for post_id, source, note in rows:
                columns = note_columns(note, source)
                noted += bool(columns["notes"])
                values.append({"id": post_id, **columns})
            db.session.execute(update(Post), values)
        self.noted_total += noted
        return noted

    def _stamp_above_earlier_posts(self) -> None:
        """Restamp this run's new posts just above the latest earlier post when their times
        would not all be later (a run right after a big one, or a clock set back)."""
        oldest = self.started - self.added_total * STAMP_STEP
        if self.latest_created is None or oldest > self.latest_created:
            return
        table = Post.__table__
        db.session.execute(
            update(table)
            .where(table.c.position == bindparam("provisional"))
            .values(created_at=bindparam("moment"), updated_at=bindparam("moment")),
            [
                {
                    "provisional": -number,
                    "moment": self.latest_created + (self.added_total - number + 1) * STAMP_STEP,
                }
                for number in range(1, self.added_total + 1)
            ],
        )

    def finish(self, step: Callable[[str], None] = lambda _text: None) -> bool:
        """Write what is pending and put new posts on top; True when anything changed. `step`
        is told each phase as it starts (the importer's progress)."""
        step(f"storing: {counted(self.added_total, 'new post')}, {self.updated_total} changed")
        self.flush()
        if self.added_total:
            self._stamp_above_earlier_posts()
            top = db.session.scalar(
                select(func.coalesce(func.max(Post.position), 0)).where(Post.position > 0)
            )
            step(f"listing order: placing {counted(self.added_total, 'new post')} on top")
            below, ranked = _earlier_ranks(self.added_total)
            # Provisional positions run -1 (top of the dump) to -added; shift them above `top`,
            # and give them the ranks renumber_listing would, in the same write: a row is
            # rewritten whole, long text and all, whichever of its columns changes.
            db.session.execute(
                update(Post)
                .where(Post.position < 0)
                .values(
                    position=Post.position + top + self.added_total + 1,
                    listing_rank=-(Post.position + below + self.added_total + 1),
                )
                .execution_options(synchronize_session=False)
            )
            # Indexed for search only now, in one statement: the index is keyed by position.
            step(f"search index: adding {counted(self.added_total, 'new post')}")
            search_index.index_new_posts(top)
            if not ranked:
                step("listing order: numbering every post again")
                renumber_listing()
        if self.propose:
            self.caught_up = self._propose_for_unexamined(step)
        changed = bool(self.added_total or self.updated_total or self.caught_up)
        if changed and self.relater is not None:
            self.relater.finish()  # the posts' ids and final positions are known now
        if changed:
            bump_content_version()
        return changed
