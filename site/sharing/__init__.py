"""Sharing: the table of networks, a post's share buttons and total, presses (counted once a
day per reader, without cookies or raw addresses, rate-limited per address), and what the
count slots in every page say."""

from __future__ import annotations

from types import SimpleNamespace

from flask import Flask

from ..web import slots
from . import rate_limit, views
from .buttons import share_buttons
from .counts import TOP, TOTAL, WORD, slot_text


def init_app(app: Flask) -> None:
    rate_limit.init_app(app)
    slots.fill_with(app, slot_text)
    app.register_blueprint(views.bp)
    # The share bar and button partials build their buttons and write their count slots
    # (web/slots.py's count_slot) with these.
    app.add_template_global(share_buttons)
    app.add_template_global(SimpleNamespace(total=TOTAL, top=TOP, word=WORD), "share_slots")
