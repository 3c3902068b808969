"""The listing and post pages: the latest posts, a post with its share bar, its related posts
and its neighbours, and the most shared posts. The post page composes sharing and cards
through their template globals; neither knows it."""

from __future__ import annotations

from flask import Flask

from . import views
from .entries import fold_toggle, note, post_summaries


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    # A listing's entries (templates/_post_list.html); related posts' notes and the post's
    # fold button (templates/_post.html).
    for helper in (post_summaries, note, fold_toggle):
        app.add_template_global(helper)
