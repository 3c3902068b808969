"""gzip for clients that accept it: cached pages and static files are compressed once; other
text responses (error pages, fragments after a press) as they go out.
"""

from __future__ import annotations

import functools
import gzip
import zlib

from flask import Flask, Response, request
from werkzeug.http import parse_accept_header

# Below this a compressed body saves less than its headers cost.
MIN_SIZE = 512
LEVEL = 6
# Bodies up to this size are compressed with a window of their own size (see compress).
SMALL = 8192
MIN_WINDOW_BITS = 9
GZIP_FRAMING = 16  # added to zlib's window bits: a gzip header and trailer
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml")


def compress(body: bytes) -> bytes:
    if len(body) > SMALL:
        # mtime=0: the same body always compresses to the same bytes.
        return gzip.compress(body, LEVEL, mtime=0)
    # A small body (a press's answer, an error page) gets a window and a hash table of its
    # size: the same compression, without clearing the default's 64 KiB table each time.
    bits = max(MIN_WINDOW_BITS, (len(body) - 1).bit_length())
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, GZIP_FRAMING + bits, bits - 6)
    return compressor.compress(body) + compressor.flush()


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
