"""gzip for clients that accept it: cached pages and static files are compressed once; other
text responses (error pages, fragments after a press) as they go out.
"""

from __future__ import annotations

import functools
import gzip

from flask import Flask, Response, request
from werkzeug.http import parse_accept_header

# Below this a compressed body saves less than its headers cost.
MIN_SIZE = 512
LEVEL = 6
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml")


def compress(body: bytes) -> bytes:
    # mtime=0: the same body always compresses to the same bytes.
    return gzip.compress(body, LEVEL, mtime=0)


@functools.lru_cache(maxsize=256)
def _accepts_gzip(header: str) -> bool:
    # Browsers send one of a handful of these headers: each is parsed once.
    return parse_accept_header(header)["gzip"] > 0


def accepts_gzip() -> bool:
    return _accepts_gzip(request.headers.get("Accept-Encoding", ""))


def add_vary(response: Response) -> None:
    response.vary.add("Accept-Encoding")


def compress_response(response: Response) -> Response:
    """Compress a text response that nothing compressed before."""
    mimetype = response.mimetype or ""
    if (
        response.direct_passthrough
        or response.status_code < 200
        or response.status_code in (204, 304)
        or "Content-Encoding" in response.headers
        or not (mimetype.startswith(COMPRESSIBLE) or mimetype.endswith("+xml"))
    ):
        return response
    add_vary(response)
    if not accepts_gzip():
        return response
    body = response.get_data()
    if len(body) < MIN_SIZE:
        return response
    response.set_data(compress(body))
    response.headers["Content-Encoding"] = "gzip"
    return response


def init_app(app: Flask) -> None:
    app.after_request(compress_response)
