"""The listing and post pages: the latest posts, a post with its share bar, its related posts
and its neighbours, and the most shared posts. The post page composes sharing and cards
through their template globals; neither knows it."""

from __future__ import annotations

from flask import Flask

from . import views


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
