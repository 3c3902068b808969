"""What a post's share buttons show, built once per post for the share button partial
(templates/_share_button.html): each enabled network's form action, share URL and attributes."""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import quote

from flask import current_app

from ..web.urls import post_path
from .networks import Network, enabled_networks


class Button(NamedTuple):
    """One share button: its network, its form's action and the network's own attributes
    (the partial escapes them)."""

    network: Network
    action: str
    attributes: dict[str, str | bool]


def share_buttons(post, only: Network | None = None) -> list[Button]:
    """The share buttons for a post (`id`, `slug`, `title`), built once per post rather than
    per button: every enabled network's, or `only` one's."""
    path = post_path(post.slug)
    post_url = current_app.config["BASE_URL"] + path
    quoted_url, quoted_title = quote(post_url, safe=""), quote(post.title, safe="")
    return [
        Button(
            network,
            # The press route (sharing/views.py) is /posts/<slug>/share/<network>.
            f"{path}/share/{network.name}",
            network.form_attributes(
                network.fill(quoted_url, quoted_title, "{instance}"), post_url, post.title
            ),
        )
        for network in ([only] if only else enabled_networks())
    ]
