"""The read queries the pages share: one query for a page of posts (the listing's or the most
shared), one for a post with its neighbours and its related posts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from flask import abort
from sqlalchemy import JSON, bindparam, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.functions import FunctionElement

from .execute import read, run
from .extension import db
from .models import Post, RelatedPost, ShareTotal


class _json_list(FunctionElement):
    """A JSON list with one list of these values for each row: SQLite's json_group_array,
    PostgreSQL's json_agg (NULL over no rows)."""

    type = JSON()
    name = "json_list"
    inherit_cache = True


@compiles(_json_list, "sqlite")
def _json_list_sqlite(element, compiler, **kw):
    return f"json_group_array(json_array({compiler.process(element.clauses, **kw)}))"


@compiles(_json_list, "postgresql")
def _json_list_postgresql(element, compiler, **kw):
    return f"json_agg(json_build_array({compiler.process(element.clauses, **kw)}))"


# What a listing shows of a post, read as plain rows: cheaper than loading Post objects.
# `notes` and `note_text` are its content note (data/content_notes.py).
SUMMARY_COLUMNS = (
    Post.id, Post.slug, Post.title, Post.excerpt, Post.reading_minutes, Post.created_at,
    Post.notes, Post.note_text,
)  # fmt: skip


# Ranks are 32-bit integers (PostgreSQL's INTEGER): no listing has a page beyond them.
MAX_RANK = 2**31 - 1


def page_count(items: int, per_page: int) -> int:
    """How many pages `items` fill, `per_page` a page: at least one (an empty first page)."""
    return max(1, -(-items // per_page))


@dataclass
class PostPage:
    posts: list  # rows of SUMMARY_COLUMNS
    number: int
    last: int
    total: int

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.last else None

    def numbers(self, around: int = 2) -> list[int | None]:
        """Page numbers to link: first, last and a window around the current page; None is a gap."""
        wanted = {1, self.last, *range(self.number - around, self.number + around + 1)}
        shown, previous = [], 0
        for number in sorted(n for n in wanted if 1 <= n <= self.last):
            if number - previous > 1:
                shown.append(None)
            shown.append(number)
            previous = number
        return shown


# The statements pages run on every cold render, built once: building a statement costs
# more than running it.
# Listing ranks are dense, newest first, but need not start at 1 (models.renumber_listing):
# the n-th post of the listing has the newest's rank + n - 1.
# Each of min and max in a subquery of its own: alone, each is one step down the index (in
# one select SQLite would scan it).
_newest = select(func.min(Post.listing_rank)).scalar_subquery()
_visible = select(func.max(Post.listing_rank)).scalar_subquery() - _newest + 1
_LISTING_SPAN = select(_newest, _visible)
# A page of posts, each row also holding how many posts are visible: one query per page.
_PAGE = (
    select(*SUMMARY_COLUMNS, _visible.label("visible"))
    .where(
        Post.listing_rank.between(_newest + bindparam("first") - 1, _newest + bindparam("last") - 1)
    )
    .order_by(Post.listing_rank)
)
# What a post page shows of a post, as a row: never its source text; with the slug and title
# of its newer and older neighbours in the listing (None where there is none).
_newer, _older, _related = aliased(Post), aliased(Post), aliased(Post)
# Its related posts, visible ones only, as one JSON list of [rank, slug, title, excerpt,
# notes, note_text] in the post's own row (the page's one query; `related_posts` orders and
# cuts it).
_RELATED_LIST = (
    select(
        _json_list(
            RelatedPost.rank,
            _related.slug,
            _related.title,
            _related.excerpt,
            _related.notes,
            _related.note_text,
        )
    )
    .select_from(RelatedPost)
    .join(_related, _related.id == RelatedPost.related_id)
    .where(RelatedPost.post_id == Post.id, _related.hidden.is_(False))
    .scalar_subquery()
)
_BY_SLUG = (
    select(
        Post.id,
        Post.slug,
        Post.title,
        Post.body_html,
        Post.excerpt,
        Post.reading_minutes,
        Post.listing_rank,
        Post.hidden,
        Post.notes,
        Post.note_text,
        _newer.slug.label("newer_slug"),
        _newer.title.label("newer_title"),
        _older.slug.label("older_slug"),
        _older.title.label("older_title"),
        _RELATED_LIST.label("related"),
    )
    .outerjoin(_newer, _newer.listing_rank == Post.listing_rank - 1)
    .outerjoin(_older, _older.listing_rank == Post.listing_rank + 1)
    .where(Post.slug == bindparam("slug"))
)
RELATED_SHOWN = 5
# What a share press needs of a post: not its text.
_BRIEF_BY_SLUG = select(Post.id, Post.slug, Post.title, Post.position, Post.hidden).where(
    Post.slug == bindparam("slug")
)


def listing_span() -> tuple[int, int]:
    """The newest visible post's listing rank (the listing's first) and how many are visible;
    (0, 0) when none is."""
    newest, visible = run(_LISTING_SPAN).one()
    return newest or 0, visible or 0


def posts_page(number: int, per_page: int) -> PostPage | None:
    """Page `number` of the listing, newest first, or None past the last page.

    Visible posts carry dense ranks, so every page is an index range: the cost does not grow
    with the page number. `first` and `last` count from 1, the listing's first post.
    """
    first_rank = (number - 1) * per_page + 1
    if first_rank + per_page > MAX_RANK:  # past any listing, and past PostgreSQL's integer
        return None
    posts = read(_PAGE, {"first": first_rank, "last": first_rank + per_page - 1})
    if not posts and number > 1:  # every page up to the last has a post
        return None
    total = posts[0].visible if posts else 0
    return PostPage(posts, number, page_count(total, per_page), total)


def post_by_slug(slug: str, brief: bool = False):
    """A row of what a post page shows of the post with this slug, or None; `brief`: its id,
    slug, title, position and hidden flag only."""
    if "\x00" in slug:  # no slug has one, and PostgreSQL refuses to compare with it
        return None
    rows = read(_BRIEF_BY_SLUG if brief else _BY_SLUG, {"slug": slug})
    return rows[0] if rows else None


def visible_post(slug: str, brief: bool = False):
    """The post with this slug; 404 when there is none, 410 Gone when it is hidden."""
    post = post_by_slug(slug, brief)
    if post is None:
        abort(404)
    if post.hidden:
        abort(410)
    return post


class Related(NamedTuple):
    slug: str
    title: str
    excerpt: str
    notes: str  # content_notes' stored form: keys in order, space-separated ("" for none)
    note_text: str | None


def related_posts(post) -> list[Related]:
    """Up to RELATED_SHOWN visible posts related to `post` (a row of `post_by_slug`), most
    related first (empty when none is worth showing)."""
    entries = sorted(post.related or ())  # [rank, slug, title, excerpt, notes, note_text]
    return [Related(*entry[1:]) for entry in entries[:RELATED_SHOWN]]


class Neighbour(NamedTuple):
    slug: str
    title: str


def neighbours(post) -> tuple:
    """The newer and the older visible post next to `post` (a row of `post_by_slug`) in the
    listing, as (slug, title), or None where there is none."""
    newer = Neighbour(post.newer_slug, post.newer_title) if post.newer_slug else None
    older = Neighbour(post.older_slug, post.older_title) if post.older_slug else None
    return newer, older


def latest_posts(limit: int) -> list[Post]:
    return list(
        db.session.scalars(
            select(Post)
            .where(Post.listing_rank.is_not(None))
            .order_by(Post.listing_rank)
            .limit(limit)
        )
    )


# The most shared posts: at least one share, most shared first, ties newest first.
_POPULAR = (
    select(*SUMMARY_COLUMNS)
    .join(ShareTotal, ShareTotal.post_id == Post.id)
    .where(Post.listing_rank.is_not(None), ShareTotal.total > 0)
    .order_by(ShareTotal.total.desc(), ShareTotal.position.desc())
    .limit(bindparam("limit"))
    .offset(bindparam("offset"))
)
# Counted without joining every shared post: all shared ones, less the few hidden ones.
_SHARED = select(func.count()).select_from(ShareTotal).where(ShareTotal.total > 0)
_SHARED_HIDDEN = (
    select(func.count())
    .select_from(ShareTotal)
    .join(Post, Post.id == ShareTotal.post_id)
    .where(Post.hidden, ShareTotal.total > 0)
)


def popular_page(number: int, per_page: int) -> PostPage | None:
    """Page `number` of the most shared posts, or None past the last page."""
    session = db.session
    total = session.execute(_SHARED).scalar() - session.execute(_SHARED_HIDDEN).scalar()
    last = page_count(total, per_page)
    if number > last:
        return None
    rows = session.execute(_POPULAR, {"limit": per_page, "offset": (number - 1) * per_page}).all()
    return PostPage(list(rows), number, last, total)
