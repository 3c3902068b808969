"""A post's share buttons (forms that work without JavaScript, counted through htmx) and its
share total."""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import quote

from flask import current_app
from markupsafe import Markup, escape

from ..sharing.networks import Network, enabled_networks
from ..web.slots import TOTAL, WORD, slot, slot_prefix
from ..web.urls import post_path

# What a Mastodon button asks for (htmx's prompt), and its field without JavaScript.
PROMPT = "Your Mastodon server, for example mastodon.social"
NOSCRIPT_INSTANCE = (
    '\n  <noscript><label class="share__instance">Your Mastodon server '
    '<input name="instance" placeholder="mastodon.social" autocomplete="off"></label></noscript>'
)


class Button(NamedTuple):
    """What one share button shows, HTML-escaped: its network, form action, share URL and the
    post's address (its count is a slot, filled per response)."""

    network: Network
    action: Markup
    share_url: Markup
    post_url: Markup


def buttons_for(post, only: Network | None = None) -> list[Button]:
    """The share buttons for a post (`id`, `slug`, `title`), built once per post rather than
    per button: every enabled network's, or `only` one's."""
    path = post_path(post.slug)
    post_url = current_app.config["BASE_URL"] + path
    quoted_url, quoted_title = quote(post_url, safe=""), quote(post.title, safe="")
    path_html, post_url_html = escape(path), escape(post_url)
    return [
        Button(
            network,
            # The press route (views/share.py) is /posts/<slug>/share/<network>.
            Markup(f"{path_html}/share/{network.name}"),
            escape(network.fill(quoted_url, quoted_title)),
            post_url_html,
        )
        for network in ([only] if only else enabled_networks())
    ]


def share_button(post, button: Button, error: str = "", prefix: str | None = None) -> Markup:
    """A share button: a form that works without JavaScript, counted through htmx
    (`hx-target="this"`: a press's answer is this form again), with `error` shown under it.
    `prefix` is the slots' prefix, when the caller has it already."""
    network, action = button.network, button.action
    name, kind = network.name, network.kind
    prefix, post_id = prefix or slot_prefix(), int(post.id)
    if kind in ("link", "mailto"):
        extra = f' target="_blank" data-share-url="{button.share_url}"'
    elif kind == "prompt":
        extra = f' hx-prompt="{PROMPT}"'
    elif kind == "copy":
        extra = f' data-copy-url="{button.post_url}"'
    elif kind == "native":
        extra = (
            f' hidden data-native-share data-title="{escape(post.title)}"'
            f' data-url="{button.post_url}"'
        )
    else:
        extra = ""
    alert = f'<p class="share__error" role="alert">{escape(error)}</p>' if error else ""
    return Markup(
        f'<form class="share share--{name}" method="post" action="{action}"\n'
        f'      hx-post="{action}" hx-target="this" hx-swap="outerHTML"{extra}>'
        f"{NOSCRIPT_INSTANCE if kind == 'prompt' else ''}\n"
        '  <button type="submit" class="share__button"><span class="share__label">'
        f'{escape(network.label)}</span> <span class="share__count" data-share-count="{name}">'
        f"{slot(prefix, post_id, name)}</span>"
        f'<span class="visually-hidden"> {slot(prefix, post_id, WORD + name)}</span></button>'
        f"{alert}\n</form>"
    )


def share_buttons(post) -> Markup:
    """Every enabled network's button for a post, each in a list item."""
    prefix = slot_prefix()
    return Markup(
        "\n".join(
            f"<li>{share_button(post, button, prefix=prefix)}</li>" for button in buttons_for(post)
        )
    )


def share_total_tag(post_id: int, oob: bool = False, prefix: str | None = None) -> Markup:
    """A post's total shares. After a press it comes back out of band (`oob`), so every place
    showing this post's total (the listing entry, the bar's heading) follows."""
    post_id = int(post_id)
    swap = f" hx-swap-oob=\"outerHTML:[data-share-total='{post_id}']\"" if oob else ""
    return Markup(
        f'<span class="share-total" data-share-total="{post_id}"{swap}>'
        f"{slot(prefix or slot_prefix(), post_id, TOTAL)}</span>"
    )
