"""The listing and the post pages."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, request, url_for

from .assets import asset_url
from .queries import neighbours, posts_page, visible_post
from .responses import canonical_url, conditional, page_number, render_page

bp = Blueprint("pages", __name__)


@bp.get("/")
@conditional()
def index():
    page = posts_page(page_number(), current_app.config["POSTS_PER_PAGE"])
    if page is None:
        abort(404)
    return render_page("index.html", "_post_list.html", page=page)


def post_context(slug: str) -> dict:
    """What a post page shows: the post and its neighbours in the listing."""
    post = visible_post(slug)
    newer, older = neighbours(post)
    return {"post": post, "newer": newer, "older": older}


@bp.get("/posts/<slug>")
@conditional()
def post(slug: str):
    return render_page("post.html", "_post.html", **post_context(slug))


def post_path(slug: str) -> str:
    """The path of a post page, as url_for("pages.post") builds it. Listings link every post
    twice, and building through the URL map costs more than the rest of an entry; slugs are
    made of [a-z0-9-] only, so nothing needs quoting."""
    return posts_folder() + slug


def posts_folder() -> str:
    """The path every post page's path starts with: a listing reads it once, not per post."""
    return f"{request.script_root}/posts/"


# What the layout (base.html) links on every page.
LAYOUT_ENDPOINTS = {
    "index": "pages.index",
    "popular": "popular.most_shared",
    "search": "search.results",
    "feed": "feeds.feed",
}
LAYOUT_ASSETS = ("favicon.svg", "favicon.png", "site.css", "htmx.min.js", "site.js")


def layout_urls() -> dict[str, str]:
    """The layout's links, by endpoint key or asset name: built through the URL map once per
    script root (the site may be mounted under a prefix), not a dozen times per page."""
    by_root = current_app.extensions.setdefault("layout_urls", {})
    urls = by_root.get(request.script_root)
    if urls is None:
        urls = {key: url_for(endpoint) for key, endpoint in LAYOUT_ENDPOINTS.items()}
        urls.update((name, asset_url(name)) for name in LAYOUT_ASSETS)
        by_root[request.script_root] = urls
    return urls


def init_app(app) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals.update(
        canonical_url=canonical_url, post_path=post_path, layout_urls=layout_urls
    )
