"""One way to answer a GET whose body is known by a tag: the ETag, a 304 to a client that
holds it, and gzip for a client that accepts it. Cached pages and static assets answer so."""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import Response, request

from .compression import accepts_gzip

# Past its time a shared cache may still hand out a page this long while the site does not
# answer. (No stale-while-revalidate: browsers would take it too, and show a count a second
# old after a press; the proxy hands out the old copy only while one request refreshes it.)
DOWN_SECONDS = 5


@functools.lru_cache(maxsize=8)
def kept_briefly(seconds: int, stale: bool = True) -> str:
    """Cache-Control for an answer that browsers revalidate every time (max-age=0, by its
    ETag) and that a shared cache in front, the proxy, may keep for `seconds` (s-maxage),
    then, when `stale`, serve a few seconds longer while the site is down. With 0 seconds
    nothing may keep it."""
    if seconds <= 0:
        return "no-cache"
    value = f"max-age=0, s-maxage={seconds}"
    return f"{value}, stale-if-error={DOWN_SECONDS}" if stale else value


def conditional_response(
    tag: str,
    mimetype: str,
    body: Callable[[], bytes],
    gzipped: Callable[[], bytes] | None,
    cache_control: str,
    vary: str | None,
) -> Response:
    """A 304 when the request holds `tag` already, else `body()`, or `gzipped()` where there
    is one and the client accepts gzip (tagged apart: the two are different bytes). `vary`
    names the request headers the body depends on (None: none does)."""
    use_gzip = gzipped is not None and accepts_gzip()
    if use_gzip:
        tag += "-gz"
    if request.if_none_match.contains(tag):
        response = Response(status=304)
    elif use_gzip:
        response = Response(gzipped(), mimetype=mimetype)  # type: ignore[misc]
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = Response(body(), mimetype=mimetype)
    response.set_etag(tag)
    # Set directly (the caller names every header the body depends on): cheaper than
    # parsing the header.
    if vary:
        response.headers["Vary"] = vary
    response.headers["Cache-Control"] = cache_control
    return response
