"""The most shared posts, `/popular`: posts with at least one share, most shared first, ties
newest first, paginated like the listing.

Its order changes with presses, so the page's cache key holds the posts it shows, in order, as
one index range read per request; the counts themselves are slots like on every page.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g
from sqlalchemy import bindparam, func, select

from .db import db
from .models import Post, ShareTotal
from .queries import SUMMARY_COLUMNS, PostPage
from .responses import conditional, page_number, render_page

bp = Blueprint("popular", __name__)

_shown = (Post.listing_rank.is_not(None), ShareTotal.total > 0)
_PAGE = (
    select(*SUMMARY_COLUMNS)
    .join(ShareTotal, ShareTotal.post_id == Post.id)
    .where(*_shown)
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
    last = max(1, -(-total // per_page))
    if number > last:
        return None
    rows = session.execute(_PAGE, {"limit": per_page, "offset": (number - 1) * per_page}).all()
    return PostPage(list(rows), number, last, total)


def _order() -> str:
    """Part of the cache key: the page's posts in order, and how many pages there are."""
    page = g.popular = popular_page(page_number(), current_app.config["POSTS_PER_PAGE"])
    if page is None:
        abort(404)
    return f"{page.last}:" + ",".join(str(post.id) for post in page.posts)


@bp.get("/popular")
@conditional(key_extra=_order)
def most_shared():
    return render_page("popular.html", "_post_list.html", page=g.popular, popular=True)


def init_app(app) -> None:
    app.register_blueprint(bp)
