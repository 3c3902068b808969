"""Share presses and a post's share bar.

`POST /posts/<slug>/share/<network>` records a press (sharing/presses.py). An htmx request
gets the updated button back; a plain form gets a 303 to the network's share page.
`GET /posts/<slug>/share` is a post's full share bar: the listing opens it in place.

A reader is a keyed hash of address and browser, counted once per post, network and day. One
address (an IPv6 /64) adds at most SHARE_READERS_PER_ADDRESS readers to a count a day,
whatever browsers it claims, and its presses are rate-limited as one.
"""

from __future__ import annotations

from flask import Blueprint, abort, make_response, redirect, request

from ..data.queries import visible_post
from ..markup.share_bar import buttons_for, share_button, share_total_tag
from ..sharing.networks import NETWORKS, Network, enabled_networks, valid_instance
from ..sharing.origin import same_origin
from ..sharing.presses import record_press
from ..sharing.rate_limit import share_limiter
from ..sharing.readers import reader_of, today
from ..web.cached_pages import cached_fragment, page_cached
from ..web.errors import RETRY_AFTER
from ..web.rendering import render_page
from ..web.urls import canonical_url
from .pages import post_context

bp = Blueprint("share", __name__)

INSTANCE_ERROR = "Please enter just your Mastodon server's name, for example mastodon.social."
RATE_ERROR = "That was a lot of sharing in a short time. Please wait a minute and try again."


def _button(post, network: Network, status: int = 200, error: str = ""):
    """A press's answer: its button, rendered once per post, network and message."""

    def render() -> str:
        (button,) = buttons_for(post, only=network)
        return share_button(post, button, error) + share_total_tag(post.id, oob=True)

    html = cached_fragment(f"button:{post.slug}:{network.name}:{error}", render)
    response = make_response(html, status)
    if status == 429:
        response.headers["Retry-After"] = RETRY_AFTER[429]
    return response


@bp.post("/posts/<slug>/share/<network_name>")
def press(slug: str, network_name: str):
    network = NETWORKS.get(network_name)
    if network is None or network not in enabled_networks():
        abort(404)
    if not same_origin():
        abort(403)
    post = visible_post(slug, brief=True)
    post_url = canonical_url("pages.post", slug=post.slug)
    instance = ""
    if network.kind == "prompt":
        raw = request.headers.get("HX-Prompt") or request.form.get("instance", "")
        instance = valid_instance(raw) or ""
        if not instance:
            if request.htmx:  # type: ignore[attr-defined]
                # 200, not 4xx: the refusal is an answer the reader reads in place.
                return _button(post, network, 200, INSTANCE_ERROR)
            abort(422, INSTANCE_ERROR)
    day = today()
    reader = reader_of(day)
    if not share_limiter().allow(reader.address_key):
        if request.htmx:  # type: ignore[attr-defined]
            return _button(post, network, 429, RATE_ERROR)
        abort(429, RATE_ERROR)
    record_press(post, network.name, reader, day)
    target = network.share_url(post_url, post.title, instance)
    if request.htmx:  # type: ignore[attr-defined]
        response = _button(post, network)
        if network.kind == "prompt":
            response.headers["HX-Redirect"] = target
        return response
    if network.kind in ("copy", "native"):
        target = post_url + f"#share-{post.id}"
    return redirect(target, 303)


@bp.get("/posts/<slug>/share")
@page_cached
def bar(slug: str):
    """A post's full share bar: alone for htmx (the listing opens it in place), otherwise the
    post page, whose bar is the same."""
    return render_page("post.html", "_share_bar.html", **post_context(slug))
