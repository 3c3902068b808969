"""The listing and the post pages, and the template globals the layout and the pages call."""

from __future__ import annotations

from flask import Blueprint, abort, current_app

from ..data.queries import neighbours, posts_page, related_posts, visible_post
from ..markup.entries import post_summaries
from ..markup.share_bar import share_buttons, share_total_tag
from ..web.cached_pages import page_cached
from ..web.rendering import render_page
from ..web.urls import canonical_url, layout_urls, page_number, post_path

bp = Blueprint("pages", __name__)
# What the layout and the pages' templates call, on every page of the site.
for helper in (
    canonical_url,
    layout_urls,
    post_path,
    post_summaries,
    share_buttons,
    share_total_tag,
):
    bp.add_app_template_global(helper)


@bp.get("/")
@page_cached
def index():
    page = posts_page(page_number(), current_app.config["POSTS_PER_PAGE"])
    if page is None:
        abort(404)
    return render_page("index.html", "_post_list.html", page=page)


def post_context(slug: str) -> dict:
    """What a post page shows: the post, its related posts and its neighbours in the listing."""
    post = visible_post(slug)
    newer, older = neighbours(post)
    return {"post": post, "related": related_posts(post), "newer": newer, "older": older}


@bp.get("/posts/<slug>")
@page_cached
def post(slug: str):
    return render_page("post.html", "_post.html", **post_context(slug))
