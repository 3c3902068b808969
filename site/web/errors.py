"""Error pages in the site's layout; a database that cannot answer is a 503 with Retry-After."""

from __future__ import annotations

from flask import current_app, render_template, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from ..data.extension import db
from ..data.outage import database_failed
from .conditional import kept_briefly

MESSAGES = {
    400: ("Bad request", "The request could not be understood."),
    403: ("Not allowed", "This request came from another site and was refused."),
    404: ("Page not found", "There is no page at this address."),
    405: ("Method not allowed", "This address does not accept that kind of request."),
    410: ("Gone", "This post has been taken down by the site's maintainers."),
    413: ("Too large", "The request was larger than anything this site accepts."),
    422: ("Cannot do that", "The form's value could not be used."),
    429: ("Slow down", "Too many presses in a short time. Please wait a minute."),
    500: ("Something went wrong", "The error has been logged. Please try again later."),
    503: ("Temporarily unavailable", "The site is busy or under maintenance. Please retry soon."),
}
# Seconds a client should wait: a rate-limit window, or a database coming back.
RETRY_AFTER = {429: "60", 503: "30"}
# Answers the proxy may keep as briefly as a page: what is not there stays so for a while.
# Nothing else is kept (no Cache-Control): a 5xx never outlives its cause.
KEPT = (404, 410)


def error_page(status: int, detail: str | None = None, headers: dict | None = None):
    # A Host the site does not answer for is refused before Flask binds the URL map, so the
    # page builds no URL of its own: its links are the layout's (urls.layout_urls).
    title, message = MESSAGES.get(status, (f"Error {status}", "The request failed."))
    html = render_template("error.html", status=status, title=title, message=detail or message)
    headers = dict(headers or {})
    if status in RETRY_AFTER:
        headers["Retry-After"] = RETRY_AFTER[status]
    if status in KEPT and request.method in ("GET", "HEAD"):
        headers["Cache-Control"] = kept_briefly(current_app.config["PROXY_CACHE_SECONDS"], False)
    return html, status, headers


def handle_http(exc: HTTPException):
    """Every HTTP error, 500 included (Flask has logged an unexpected one already)."""
    if exc.code is None or exc.code < 400:
        return exc
    detail = exc.description if exc.code in (422, 429) else None
    headers = {}
    if exc.code == 405 and exc.valid_methods:
        headers["Allow"] = ", ".join(exc.valid_methods)
    return error_page(exc.code, detail, headers)


def handle_database_down(exc: OperationalError):
    db.session.rollback()
    database_failed(exc)  # logged once per outage, not per request
    return error_page(503)


def init_app(app) -> None:
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(OperationalError, handle_database_down)
