"""Search: ranked full-text results with highlighted snippets, as a page and as the fragment
the header's search box swaps in."""

from __future__ import annotations

from flask import Flask

from ..posts.entries import search_entries
from . import views


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    # Results' entries, written like a listing's (posts/entries.py).
    app.add_template_global(search_entries)
