"""Share cards: the 1200x630 pictures a shared link shows (`og:image`), one for each post and
one for the site: drawn (drawing.py), kept as files (store.py) and served (views.py)."""

from __future__ import annotations

from flask import Flask

from . import store, views


def init_app(app: Flask) -> None:
    store.init_app(app)
    app.register_blueprint(views.bp)
    # What a page's share meta names (templates/_share_meta.html).
    app.add_template_global(views.post_card)
    app.add_template_global(views.site_card)
