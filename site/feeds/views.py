"""Machine-readable views: the Atom feed, the sitemap index and its files, and robots.txt."""

from __future__ import annotations

import uuid

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from sqlalchemy import func, select

from ..data.extension import db
from ..data.models import Post, site_uuid
from ..data.queries import latest_posts, listing_span
from ..web.cached_pages import page_cached
from ..web.urls import canonical_url

bp = Blueprint("feeds", __name__)
FEED_SIZE = 20

# The listing's own pages lead file 1: the home page and the most shared posts. They count as
# ranks -1 and 0, so file N holds ranks (N-1)*size-1 to N*size-2, one index range each.
FIXED_PAGES = 2


def sitemap_count(size: int, visible: int) -> int:
    """How many sitemap files `visible` posts and the fixed pages fill."""
    return (visible + FIXED_PAGES - 1) // size + 1


def entry_id(site: uuid.UUID, slug: str) -> str:
    """A post's Atom id: a name-based UUID of the site's own UUID and the post's slug (which
    never changes), so it stays the same whatever BASE_URL the site moves to (RFC 4287 4.2.6)."""
    return uuid.uuid5(site, slug).urn


@bp.get("/feed.xml")
@page_cached()
def feed():
    site = site_uuid()  # first: making it commits, which would expire the posts
    posts = latest_posts(FEED_SIZE)
    entries = [(post, entry_id(site, post.slug)) for post in posts]
    xml = render_template("feed.xml", posts=posts, entries=entries, feed_id=site.urn)
    return Response(xml, mimetype="application/atom+xml")


@bp.get("/sitemap.xml")
@page_cached()
def sitemap():
    """The sitemap index: one entry per sitemap file, with the latest change it lists."""
    size = current_app.config["SITEMAP_SIZE"]
    newest, visible = listing_span()
    # A post's place in the listing is its rank - newest + 1. One expression object in both
    # places, so PostgreSQL sees the same bound parameters.
    file_index = ((Post.listing_rank - newest + FIXED_PAGES) // size).label("file_index")
    latest = dict(
        db.session.execute(
            select(file_index, func.max(Post.updated_at))
            .where(Post.listing_rank.is_not(None))
            .group_by(file_index)
        ).all()
    )
    files = [
        (number, latest.get(number - 1)) for number in range(1, sitemap_count(size, visible) + 1)
    ]
    xml = render_template("sitemap_index.xml", files=files)
    return Response(xml, mimetype="application/xml")


@bp.get("/sitemap-<int:number>.xml")
@page_cached()
def sitemap_file(number: int):
    """Sitemap file `number`: the fixed pages (in file 1) and the posts of its rank range."""
    if number < 1 or request.script_root + request.path != url_for(
        "feeds.sitemap_file", number=number
    ):
        abort(404)  # no file 0, and one URL per file (no /sitemap-01.xml)
    size = current_app.config["SITEMAP_SIZE"]
    newest, visible = listing_span()
    if number > sitemap_count(size, visible):
        abort(404)
    # The listing's places first to last (1: its newest post) are these ranks.
    first, last = (number - 1) * size - FIXED_PAGES + 1, number * size - FIXED_PAGES
    rows = db.session.execute(
        select(Post.slug, Post.updated_at)
        .where(Post.listing_rank.between(newest + first - 1, newest + last - 1))
        .order_by(Post.listing_rank)
    ).all()
    home_lastmod = None
    if number == 1:
        home_lastmod = db.session.scalar(
            select(func.max(Post.updated_at)).where(
                Post.listing_rank.between(newest, newest + current_app.config["POSTS_PER_PAGE"] - 1)
            )
        )
    # Slugs are python-slugify's [a-z0-9-], which url_for leaves as they are: build the post
    # URL's prefix once rather than once per URL (most of a file's cost otherwise).
    post_prefix = canonical_url("posts.post", slug="x").removesuffix("x")
    xml = render_template(
        "sitemap.xml",
        rows=rows,
        post_prefix=post_prefix,
        home=number == 1,
        home_lastmod=home_lastmod,
    )
    return Response(xml, mimetype="application/xml")


@bp.get("/robots.txt")
def robots():
    sitemap_url = canonical_url("feeds.sitemap")
    return Response(f"User-agent: *\nAllow: /\nSitemap: {sitemap_url}\n", mimetype="text/plain")
