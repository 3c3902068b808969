"""Search: ranked full-text results with highlighted snippets, as a page and as the fragment
the header's search box swaps in."""

from __future__ import annotations

from flask import Flask

from . import views
from .snippets import highlight


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    app.add_template_filter(highlight)
