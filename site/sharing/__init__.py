"""Sharing: the table of networks, a post's share buttons and total, presses (counted once a
day per reader, without cookies or raw addresses, rate-limited per address), and what the
count slots in every page say."""

from __future__ import annotations

from flask import Flask

from ..web import slots
from . import pressed_posts, rate_limit, views
from .buttons import share_buttons, share_total
from .counts import slot_text


def init_app(app: Flask) -> None:
    rate_limit.init_app(app)
    pressed_posts.init_app(app)
    slots.fill_with(app, slot_text)
    app.register_blueprint(views.bp)
    # The share bar's buttons and a post's total (templates/_share_bar.html).
    app.add_template_global(share_buttons)
    app.add_template_global(share_total)
