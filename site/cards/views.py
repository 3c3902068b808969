"""Share cards' routes, and what the pages' `og:image` names: a post's card and the site's.

`/posts/<slug>/card-<digest>.png` and `/card-<digest>.png`: the digest is of what the card
shows, so a title changed gives a new URL, and an old URL (a digest that is not the current
one) is a 404 rather than a picture of a title the post no longer has. A hidden post's card
is a 410 like its page. Each card is drawn once (store.py) and served with its digest
as ETag and a year's immutable cache lifetime.

Which card a post has now, or that it is hidden, is kept in the page cache per posts version,
so a card served again reads no database row.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, current_app

from ..data.queries import post_by_slug
from ..web.assets import ONE_YEAR
from ..web.cached_pages import cache_key
from ..web.conditional import conditional_response
from ..web.page_cache import page_cache
from ..web.urls import canonical_url
from . import drawing
from .store import card_store

bp = Blueprint("cards", __name__)
CACHE_CONTROL = f"public, max-age={ONE_YEAR}, immutable"
# About what a _PostCard holds, for the page cache's budget.
ENTRY_SIZE = 512


@dataclass(frozen=True)
class Card:
    url: str
    alt: str


@dataclass(frozen=True)
class _PostCard:
    """What a post's card shows now: its title (None: the font cannot draw it), or that the
    post is hidden."""

    digest: str
    title: str | None
    hidden: bool


def _post_card(title: str) -> _PostCard:
    shown = drawing.drawable(title)
    return _PostCard(drawing.card_digest("post", shown, _site_name()), shown, False)


def _site_name() -> str:
    return current_app.config["SITE_NAME"]


def _tagline() -> str | None:
    return drawing.drawable(current_app.config["SITE_TAGLINE"])


def _site_digest() -> str:
    return drawing.card_digest("site", _site_name(), _tagline())


def post_card(post) -> Card:
    """The card a post page names: its URL on BASE_URL and its alternative text."""
    card = _post_card(post.title)
    url = canonical_url("cards.post_card_image", slug=post.slug, digest=card.digest)
    alt = f"{card.title} · {_site_name()}" if card.title else _site_name()
    return Card(url, alt)


def site_card() -> Card:
    """The card the listing and the most shared posts name: the site's name and tagline."""
    tagline = _tagline()
    alt = f"{_site_name()}: {tagline}" if tagline else _site_name()
    return Card(canonical_url("cards.site_card_image", digest=_site_digest()), alt)


def _serve_png(digest: str, draw):
    return conditional_response(
        digest,
        "image/png",
        lambda: card_store().png(digest, draw),
        None,
        CACHE_CONTROL,
        None,
    )


def _current(slug: str) -> _PostCard:
    """The post's card as it is now (kept per posts version); 404 for no such post."""
    key = cache_key(f"card:{slug}")
    cache = page_cache()
    card = cache.get(key) if cache is not None else None
    if card is None:
        post = post_by_slug(slug, brief=True)
        if post is None:
            abort(404)  # not kept: any path could fill the cache
        card = _PostCard("", None, True) if post.hidden else _post_card(post.title)
        if cache is not None:
            cache.put(key, card, ENTRY_SIZE)
    return card


@bp.get("/posts/<slug>/card-<digest>.png")
def post_card_image(slug: str, digest: str):
    card = _current(slug)
    if card.hidden:
        abort(410)
    if digest != card.digest:
        abort(404)
    return _serve_png(digest, lambda: drawing.draw_post_card(card.title, _site_name()))


@bp.get("/card-<digest>.png")
def site_card_image(digest: str):
    if digest != _site_digest():
        abort(404)
    return _serve_png(digest, lambda: drawing.draw_site_card(_site_name(), _tagline()))
