"""A post's share buttons and its share total, as HTML: the share bar's buttons (forms that
work without JavaScript, counted through htmx or site.js), the one button a press answers
with, and the total that follows a press out of band.

Built in Python rather than as Jinja partials because a post page holds eleven buttons and a
listing ten totals, and as partials they cost the cold pages their target: with the buttons,
entries and totals as Jinja partials an uncached post page took 1.32x the instructions and an
uncached listing page 1.34x (bench/instructions.py), and the serve bench put them at 0.18 and
0.14 of the bare app against 0.27 and 0.28 the same day (target 0.3; docs/performance.md,
2026-12-07). Every value is escaped here; counts are slots (web/slots.py), filled per
response. What a network's button does comes from the networks table alone.
"""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import quote

from flask import current_app
from markupsafe import Markup, escape

from ..web.slots import slot, slot_prefix
from ..web.urls import post_path
from .counts import TOTAL, WORD
from .networks import Network, enabled_networks

# Without JavaScript, the form's own field asks for the reader's Mastodon server.
NOSCRIPT_INSTANCE = (
    '\n  <noscript><label class="share__instance">Your Mastodon server '
    '<input name="instance" placeholder="mastodon.social" autocomplete="off"></label></noscript>'
)


class Button(NamedTuple):
    """One share button: its network, its form's action and the network's own attributes,
    as escaped HTML."""

    network: Network
    action: Markup
    attributes: Markup


def _attributes(attributes: dict[str, str | bool]) -> Markup:
    return Markup(
        "".join(
            f" {name}" if value is True else f' {name}="{escape(value)}"'
            for name, value in attributes.items()
        )
    )


def buttons_for(post, only: Network | None = None) -> list[Button]:
    """The share buttons for a post (`id`, `slug`, `title`), built once per post rather than
    per button: every enabled network's, or `only` one's."""
    path = post_path(post.slug)
    post_url = current_app.config["BASE_URL"] + path
    quoted_url, quoted_title = quote(post_url, safe=""), quote(post.title, safe="")
    action = escape(path)
    return [
        Button(
            network,
            # The press route (sharing/views.py) is /posts/<slug>/share/<network>.
            Markup(f"{action}/share/{network.name}"),
            _attributes(
                network.form_attributes(
                    network.fill(quoted_url, quoted_title, "{instance}"), post_url, post.title
                )
            ),
        )
        for network in ([only] if only else enabled_networks())
    ]


def share_button(post, button: Button, error: str = "", prefix: str | None = None) -> Markup:
    """A share button: a form whose press's answer is this form again (`hx-target="this"`),
    with `error` shown under it. `prefix` is the slots' prefix, when the caller has it."""
    network, action = button.network, button.action
    name, post_id = network.name, int(post.id)
    prefix = prefix or slot_prefix()
    htmx = "" if network.pressed_by_script else f' hx-post="{action}"'
    alert = f'<p class="share__error" role="alert">{escape(error)}</p>' if error else ""
    return Markup(
        f'<form class="share share--{name}" method="post" action="{action}"\n'
        f'     {htmx} hx-target="this" hx-swap="outerHTML"{button.attributes}>'
        f"{NOSCRIPT_INSTANCE if network.asks_instance else ''}\n"
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


def share_total(post_id: int, oob: bool = False, prefix: str | None = None) -> Markup:
    """A post's total shares. After a press it comes back out of band (`oob`), so every place
    showing this post's total (the listing entry, the bar's heading) follows."""
    post_id = int(post_id)
    swap = f" hx-swap-oob=\"outerHTML:[data-share-total='{post_id}']\"" if oob else ""
    return Markup(
        f'<span class="share-total" data-share-total="{post_id}"{swap}>'
        f"{slot(prefix or slot_prefix(), post_id, TOTAL)}</span>"
    )
