"""Share presses: `POST /posts/<slug>/share/<network>` records a press (presses.py). An htmx
request gets the updated button back; a plain form is sent where the network leads.

A reader is a keyed hash of address and browser, counted once per post, network and day. One
address (an IPv6 /64) adds at most SHARE_READERS_PER_ADDRESS readers to a count a day,
whatever browsers it claims, and its presses are rate-limited as one.
"""

from __future__ import annotations

from flask import Blueprint, abort, make_response, redirect, request

from ..web.cached_pages import cached_fragment
from ..web.errors import RETRY_AFTER
from ..web.urls import canonical_url
from .buttons import buttons_for, share_button, share_total
from .networks import NETWORKS, Network, enabled_networks, valid_instance
from .origin import same_origin
from .pressed_posts import pressed_post
from .presses import record_press
from .rate_limit import share_limiter
from .readers import reader_of, today

bp = Blueprint("share", __name__)

INSTANCE_ERROR = "Please enter just your Mastodon server's name, for example mastodon.social."
RATE_ERROR = "That was a lot of sharing in a short time. Please wait a minute and try again."
SCRIPT_ERROR = "This button needs JavaScript: please use another one to share."


def _button(post, network: Network, status: int = 200, error: str = ""):
    """A press's answer: its button and the post's total (out of band), rendered once per
    post, network and message."""

    def render() -> str:
        (button,) = buttons_for(post, only=network)
        return share_button(post, button, error) + share_total(post.id, oob=True)

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
    if network.needs_script and not request.htmx:  # type: ignore[attr-defined]
        abort(422, SCRIPT_ERROR)  # nothing opened without a script: nothing to count
    post = pressed_post(slug)
    instance = ""
    if network.asks_instance:
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
    if request.htmx:  # type: ignore[attr-defined]
        return _button(post, network)  # the page or sheet it leads to is open already
    post_url = canonical_url("posts.post", slug=post.slug)
    bar = f"{post_url}#share-{post.id}"
    return redirect(network.after_press(post_url, post.title, instance, bar), 303)
