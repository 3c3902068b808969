"""The listing, a post's page, its share bar alone, and the most shared posts.

`/posts/<slug>/share` is the post page's share bar: alone for htmx (the listing opens it in
place), otherwise the post page itself, whose bar is the same. `/popular` lists posts with at
least one share, most shared first, ties newest first, paginated like the listing; its order
changes with presses, so its cache key holds the posts it shows, in order (one index range
read per request), while the counts themselves are slots like on every page.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g

from ..data.queries import neighbours, popular_page, posts_page, related_posts, visible_post
from ..web.cached_pages import page_cached
from ..web.templating import render_page
from ..web.urls import page_number

bp = Blueprint("posts", __name__)


@bp.get("/")
@page_cached(reads=("page",))
def index():
    page = posts_page(page_number(), current_app.config["POSTS_PER_PAGE"])
    if page is None:
        abort(404)
    return render_page("index.html", "_post_list.html", page=page)


def _post_context(slug: str) -> dict:
    """What a post page shows: the post, its related posts and its neighbours in the listing."""
    post = visible_post(slug)
    newer, older = neighbours(post)
    return {"post": post, "related": related_posts(post), "newer": newer, "older": older}


@bp.get("/posts/<slug>")
@page_cached()
def post(slug: str):
    return render_page("post.html", "_post.html", **_post_context(slug))


@bp.get("/posts/<slug>/share")
@page_cached()
def share_bar(slug: str):
    return render_page("post.html", "_share_bar.html", **_post_context(slug))


def _popular():
    """The requested page of the most shared posts, read once per request (its key and, on
    a miss, its page)."""
    if "popular_page" not in g:
        g.popular_page = popular_page(page_number(), current_app.config["POSTS_PER_PAGE"])
    if g.popular_page is None:
        abort(404)
    return g.popular_page


def _popular_order() -> str:
    """The most shared page's posts in order, and how many pages there are."""
    page = _popular()
    return f"{page.last}:" + ",".join(str(post.id) for post in page.posts)


@bp.get("/popular")
@page_cached(reads=("page",), key=_popular_order)
def most_shared():
    return render_page("popular.html", "_post_list.html", page=_popular(), popular=True)
