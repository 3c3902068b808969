"""Request bodies: the largest the site needs, and a 413 for anything bigger before it is read.

The only bodies the site takes are share presses: a form with at most a Mastodon server's name.
A body declared larger than MAX_BODY_BYTES is refused before a byte of it is read, on every
route; a body without a declared length (chunked) is read only up to the limit. gunicorn
closes the connection after either (web/gunicorn_conf.py), so it does not read the rest
either. A chunked body that gunicorn cannot parse (a malformed chunk line or trailer) is a
400, and one whose chunk sizes add up past the limit a 413 as soon as the size is read.
"""

from __future__ import annotations

from flask import Flask, abort, request
from gunicorn.http.errors import ParseException
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wsgi import LimitedStream

MAX_BODY_BYTES = 64 * 1024
MAX_FORM_PARTS = 20


class ChunksTooLarge(RequestEntityTooLarge):
    """Raised by gunicorn's chunk reader (web/gunicorn_conf.py) once the chunk sizes a body
    announces add up past MAX_BODY_BYTES, before their bytes are waited for: the site's 413."""


def refuse_large_bodies() -> None:
    length = request.content_length
    if length is not None:
        if length > MAX_BODY_BYTES:
            abort(413)
    elif request.method == "POST":
        # No declared length (chunked): read it here, up to the limit and kept for the view,
        # whether or not the view reads it. Werkzeug stops at the limit without a word, so a
        # body that reaches it is refused here.
        # (A server that does not frame the body itself gives an empty stream instead.)
        try:
            request.get_data(cache=True, parse_form_data=False)
        except ParseException:
            # gunicorn's word for a chunk line or trailer it cannot read: the client's fault.
            abort(400)
        stream = request.stream
        if isinstance(stream, LimitedStream) and stream.is_exhausted:
            abort(413)


def init_app(app: Flask) -> None:
    app.config.update(
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
        MAX_FORM_MEMORY_SIZE=MAX_BODY_BYTES,
        MAX_FORM_PARTS=MAX_FORM_PARTS,
    )
    app.before_request(refuse_large_bodies)
