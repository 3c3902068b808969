"""Feeds and sitemaps: the Atom feed of the latest posts, the sitemap index and its files,
and robots.txt."""

from __future__ import annotations

from flask import Flask

from . import views
from .dates import atom_date, w3c_date


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    app.add_template_filter(atom_date)
    app.add_template_filter(w3c_date)
