"""Machine-readable views: the Atom feed, the sitemap and robots.txt."""

from __future__ import annotations

from flask import Blueprint, Response, render_template
from sqlalchemy import select

from .db import db
from .models import Post
from .queries import latest_posts
from .responses import canonical_url, conditional

bp = Blueprint("feeds", __name__)
FEED_SIZE = 20


@bp.get("/feed.xml")
@conditional()
def feed():
    posts = latest_posts(FEED_SIZE)
    xml = render_template("feed.xml", posts=posts)
    return Response(xml, mimetype="application/atom+xml")


@bp.get("/sitemap.xml")
@conditional()
def sitemap():
    rows = db.session.execute(
        select(Post.slug, Post.updated_at)
        .where(Post.listing_rank.is_not(None))
        .order_by(Post.listing_rank)
    ).all()
    xml = render_template("sitemap.xml", rows=rows)
    return Response(xml, mimetype="application/xml")


@bp.get("/robots.txt")
def robots():
    sitemap_url = canonical_url("feeds.sitemap")
    return Response(f"User-agent: *\nAllow: /\nSitemap: {sitemap_url}\n", mimetype="text/plain")


def atom_date(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else "1970-01-01T00:00:00Z"


def init_app(app) -> None:
    app.register_blueprint(bp)
    app.jinja_env.filters["atom_date"] = atom_date
