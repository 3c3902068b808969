"""`/healthz`, for the proxy and the operator: whether the database answers."""

from __future__ import annotations

from flask import Flask

from . import views


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
