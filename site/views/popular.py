"""The most shared posts, `/popular`: posts with at least one share, most shared first, ties
newest first, paginated like the listing.

Its order changes with presses, so the page's cache key holds the posts it shows, in order, as
one index range read per request; the counts themselves are slots like on every page.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, request

from ..data.queries import popular_page
from ..web.cached_pages import cached_page
from ..web.rendering import render_page
from ..web.urls import page_number

bp = Blueprint("popular", __name__)


@bp.get("/popular")
def most_shared():
    page = popular_page(page_number(), current_app.config["POSTS_PER_PAGE"])
    if page is None:
        abort(404)
    # The page's posts in order, and how many pages there are, join the cache key.
    order = f"{page.last}:" + ",".join(str(post.id) for post in page.posts)
    return cached_page(
        f"{request.full_path}:{order}",
        lambda: render_page("popular.html", "_post_list.html", page=page, popular=True),
    )
