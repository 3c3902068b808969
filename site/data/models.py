"""The stored data: posts, their share counts, and the bookkeeping that keeps pages cacheable.

The site only shows what is stored here; the importer writes posts through these models.
"""

from __future__ import annotations

import functools
import uuid
from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    bindparam,
    cast,
    false,
    func,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from .execute import insert_for, run
from .extension import db


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Post(db.Model):
    __tablename__ = "posts"
    __table_args__ = (
        UniqueConstraint("base_slug", "occurrence", name="uq_posts_identity"),
        Index("ix_posts_listing_rank", "listing_rank"),
        # Covering: a sitemap file or the index reads a rank range from the index alone, not
        # from rows whose long text columns come before updated_at.
        Index("ix_posts_sitemap", "listing_rank", "updated_at", "slug"),
        Index("ix_posts_render_version", "render_version"),
        Index(
            "ix_posts_hidden",
            "id",
            sqlite_where=text("hidden = 1"),
            postgresql_where=text("hidden"),
        ),
        # The posts no proposal has looked at yet (imported before content notes, or with
        # NOTE_PROPOSALS=0): the next import finds them here without reading every row.
        Index(
            "ix_posts_unexamined",
            "id",
            sqlite_where=text("note_reasons IS NULL"),
            postgresql_where=text("note_reasons IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Identity across imports: the slug python-slugify derives from the title, and which
    # occurrence of that title (in dump order) this post is.
    base_slug: Mapped[str] = mapped_column(String(100))
    occurrence: Mapped[int] = mapped_column(Integer)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(Text)
    source_hash: Mapped[str] = mapped_column(String(64))
    body_html: Mapped[str] = mapped_column(Text)
    excerpt: Mapped[str] = mapped_column(Text)
    reading_minutes: Mapped[int] = mapped_column(Integer)
    # The version of the rules that rendered body_html, excerpt and reading_minutes from the
    # source (the importer's RULES_VERSION); older ones are rendered again.
    render_version: Mapped[int] = mapped_column(Integer, server_default="0")
    # Larger is newer. listing_rank orders the visible posts densely, newest first, and is NULL
    # for hidden ones, so any listing page is an index range lookup whatever its number. It is
    # counted from the oldest (-1; the newest has -visible): new posts, which go on top, leave
    # the older posts' ranks as they were. Read it relative to the newest's (queries.py).
    position: Mapped[int] = mapped_column(Integer, unique=True)
    listing_rank: Mapped[int | None] = mapped_column(Integer, nullable=True)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The reader-facing content note: category keys in content_notes.CATEGORIES' order,
    # space-separated ("" for none), and the writer's own sentence (None for none).
    # Server defaults only, so a write that names no note column works on a schema before
    # content notes too (the importer's inserts name only the columns they hold).
    notes: Mapped[str] = mapped_column(String(200), server_default="")
    note_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    # How the note came about, as JSON: [[key, source, [phrases]], ...] in the notes' order
    # (content_notes.SOURCES); NULL while no proposal has looked at the post.
    note_reasons: Mapped[str | None] = mapped_column(Text, nullable=True)
    # A maintainer set or cleared the note: imports leave it as it is from then on.
    note_decided: Mapped[bool] = mapped_column(Boolean, server_default=false())


class ShareCount(db.Model):
    """A post's presses on one network. `version` is the shares version of its last change,
    so a process can fetch just the counts that changed since the version it has seen."""

    __tablename__ = "share_counts"
    __table_args__ = (Index("ix_share_counts_version", "version"),)

    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    network: Mapped[str] = mapped_column(String(32), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))


class ShareTotal(db.Model):
    """A post's presses on all networks, with its listing position, so the most shared posts
    (ties: newest first) are one index range whatever the number of shared posts."""

    __tablename__ = "share_totals"
    __table_args__ = (Index("ix_share_totals_order", "total", "position"),)

    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    total: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)


class RelatedPost(db.Model):
    """One entry of a post's "More like this" list: `rank` 1 is the most related. Lists are
    worked out by the importer (importer/related.py) and keep hidden posts, which the page's
    query skips, so hiding or showing a post changes every list at once."""

    __tablename__ = "related_posts"
    __table_args__ = ({"sqlite_with_rowid": False},)

    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    rank: Mapped[int] = mapped_column(Integer, primary_key=True)
    related_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    # Cosine of the two posts' term signatures, rounded; a later import compares a new
    # post's score with a list's weakest entry to take it in.
    score: Mapped[float] = mapped_column(Float)


class RelatedTerm(db.Model):
    """A post's signature: its most distinctive terms with their weights (unit length), the
    inverted index a later import finds a new post's candidates in."""

    __tablename__ = "related_terms"
    __table_args__ = (
        Index("ix_related_terms_term", "term_id", "post_id", "weight"),
        {"sqlite_with_rowid": False},
    )

    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    term_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    weight: Mapped[float] = mapped_column(Float)


class RelatedWord(db.Model):
    """Every term the posts hold and in how many posts (its document frequency), so a later
    import weighs a new post's terms without reading every other post."""

    __tablename__ = "related_words"

    # Given by the importer (one import at a time), not by a sequence: copy-db keeps them.
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    term: Mapped[str] = mapped_column(String(200), unique=True)
    posts: Mapped[int] = mapped_column(Integer)


class SharePress(db.Model):
    """One reader's press, kept for the day only, to count each reader once a day."""

    __tablename__ = "share_presses"
    __table_args__ = (
        Index("ix_share_presses_day", "day"),
        Index("ix_share_presses_address", "post_id", "network", "day", "address_key"),
    )

    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    network: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    reader_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The keyed hash of the reader's network address alone: caps how many readers one
    # address adds to a count in a day.
    address_key: Mapped[str] = mapped_column(String(64), default="", server_default="")


class DailySalt(db.Model):
    """The random salt for reader keys; one a day, older ones are deleted."""

    __tablename__ = "daily_salts"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    salt: Mapped[str] = mapped_column(String(64))


class SiteState(db.Model):
    """Version counters for ETags and the page cache: row POSTS changes with any change to
    posts (imports, hiding), row SHARES with any share press."""

    __tablename__ = "site_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


POSTS, SHARES = 1, 2
# Where PostgreSQL tells every process that a version moved (data/version_listener.py).
VERSIONS_CHANNEL = "community_versions"


class SiteIdentity(db.Model):
    """The site's own UUID, made once (one row) and kept with the posts: Atom ids derive from
    it, so they survive a new BASE_URL, a new machine or copy-db."""

    __tablename__ = "site_identity"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36))


def site_uuid() -> uuid.UUID:
    """The site's UUID; the first call on a new database makes and stores it."""
    kept = db.session.scalar(select(SiteIdentity.uuid).where(SiteIdentity.id == 1))
    if kept is None:
        try:
            db.session.add(SiteIdentity(id=1, uuid=str(uuid.uuid4())))
            db.session.commit()
        except IntegrityError:  # another process made it first: use theirs
            db.session.rollback()
        kept = db.session.scalar(select(SiteIdentity.uuid).where(SiteIdentity.id == 1))
    return uuid.UUID(kept)


# The session's info key for the versions its transaction has bumped, {row: version}.
BUMPED = "bumped_versions"


def content_versions() -> tuple[int, int]:
    """(posts version, shares version)."""
    rows = dict(db.session.execute(select(SiteState.id, SiteState.version)).all())
    return rows.get(POSTS, 0), rows.get(SHARES, 0)


@functools.cache
def bump_statement(dialect: str):
    """Add one to a version row, creating it at 1, and return the new version: one statement,
    so concurrent first writers cannot both create the row. On PostgreSQL the same statement
    sends '<row>:<version>' on VERSIONS_CHANNEL, delivered to the listeners when (and only
    if) the transaction commits. Built once per dialect: share presses bump a version each."""
    state = SiteState.__table__
    statement = insert_for(dialect)(state).values(id=bindparam("row"), version=1)
    statement = statement.on_conflict_do_update(
        index_elements=["id"], set_={"version": state.c.version + 1}
    ).returning(state.c.version)
    if dialect != "postgresql":
        return statement
    bumped = statement.cte("bumped")
    payload = func.concat(cast(bindparam("row"), String), ":", bumped.c.version)
    return select(bumped.c.version, func.pg_notify(VERSIONS_CHANNEL, payload))


def _bump(row: int) -> int:
    version = run(bump_statement(db.engine.dialect.name), {"row": row}).scalar_one()
    # For this process's own view once the transaction commits (version_watch).
    db.session.info.setdefault(BUMPED, {})[row] = version
    return version


def bump_content_version() -> None:
    """Mark that posts changed; call inside the writing transaction."""
    _bump(POSTS)


def bump_shares_version() -> int:
    """Mark that share counts changed; call inside the writing transaction. Returns the new
    version: writers run one at a time on the version row, so versions follow commit order."""
    return _bump(SHARES)


def renumber_listing() -> None:
    """Give visible posts dense ranks, newest first, counted from the oldest (-1, -2, ...);
    hidden posts get none.

    Only rows whose rank changes are written: an unchanged import writes nothing, and one
    that adds new posts on top writes only theirs (ranks from the newest would change every
    visible post's row, which on SQLite rewrites the posts' long text with it). A database
    ranked 1, 2, ... from the newest (before 2026-12-02) reads the same meanwhile and is
    renumbered once, at its next import that adds posts, hide or show.
    """
    db.session.execute(
        update(Post).where(Post.hidden, Post.listing_rank.is_not(None)).values(listing_rank=None)
    )
    ranked = (
        select(
            Post.id.label("id"),
            (-func.row_number().over(order_by=Post.position)).label("rank"),
        )
        .where(Post.hidden.is_(False))
        .subquery()
    )
    db.session.execute(
        update(Post)
        .where(Post.id == ranked.c.id)
        .where((Post.listing_rank.is_(None)) | (Post.listing_rank != ranked.c.rank))
        .values(listing_rank=ranked.c.rank)
        .execution_options(synchronize_session=False)
    )
