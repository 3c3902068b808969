"""Presses come from the site's own pages: a POST whose Origin names another site is refused."""

from __future__ import annotations

from flask import current_app, request


def same_origin() -> bool:
    """False for a POST whose Origin names another site."""
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return False
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    base_url = current_app.config["BASE_URL"]
    return (base_url and origin == base_url) or origin == request.host_url.rstrip("/")
