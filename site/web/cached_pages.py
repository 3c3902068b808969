"""Pages served from the page cache with their counts filled in, an ETag from what they show,
and a 304 for a request that holds them already.

A page is rendered once per change of what it depends on, cut at its count slots into a
skeleton, and filled per response from the count table; the counts join the ETag, so a press
changes the ETag of exactly the pages that show that post's counts. Browsers revalidate every
page; the proxy in front may keep one PROXY_CACHE_SECONDS.

The cache key holds what every page depends on (the build, the posts version, fragment or full
page, the host, the script root and the path) and what a view declares to `page_cached`: the
query arguments it reads and any other value (`key`). The view sees no other query argument,
so a page can depend on nothing its key leaves out, and a query string the page does not read
(`?r=<random>`) is a cache hit, not a render.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, make_response, request
from werkzeug.datastructures import ImmutableMultiDict

from ..data.count_table import Counts
from ..data.version_watch import current_version
from .compression import MIN_SIZE, compress
from .conditional import conditional_response, kept_briefly
from .page_cache import page_cache
from .slots import Skeleton
from .templating import wants_fragment

# What a cached page's bytes depend on beyond its URL: the three htmx headers that choose a
# fragment or the full page (templating.wants_fragment), and the encoding.
VARY = "HX-Request, HX-Boosted, HX-History-Restore-Request, Accept-Encoding"


@dataclass
class _Filled:
    """The counts a cached page showed last, what its slots said, its ETag, and its
    gzip-compressed body."""

    counts: tuple[Counts, ...]
    values: tuple[str, ...]
    tag: str
    gzipped: bytes | None = None


@dataclass
class _CachedPage:
    skeleton: Skeleton
    # The last filling, kept until the counts it shows change: compressed once, not per request.
    filled: _Filled | None = None


def cache_key(what: str) -> str:
    """The page cache's key for `what` as it stands now: the build, the posts version, the
    host and the script root join it, since every page depends on them (its links on the
    last)."""
    build, version = current_app.config["BUILD_ID"], current_version()[0]
    return f"{build}:{version}:{request.host}\0{request.script_root}\0{what}"


def cached_fragment(what: str, render: Callable[[], str]) -> str:
    """A fragment rendered once per change of the posts and kept in the page cache, with the
    current counts filled in."""
    key = cache_key(what)
    cache = page_cache()
    skeleton = cache.get(key) if cache is not None else None
    if skeleton is None:
        skeleton = Skeleton.of(render(), "text/html")
        if cache is not None:
            cache.put(key, skeleton, skeleton.size)
    return skeleton.fill(skeleton.values(skeleton.counts()))


def _rendered_page(render: Callable):
    """What `render` gives (HTML from render_page, or any response) as a cacheable page, or
    the response itself when it is not a 200."""
    rendered = render()
    if isinstance(rendered, str):  # a page from render_page: HTML, nothing to undo
        return _CachedPage(Skeleton.of(rendered, "text/html"))
    response = make_response(rendered)
    if response.status_code != 200:
        return response
    return _CachedPage(Skeleton.of(response.get_data(as_text=True), response.mimetype))


def _fill(key: str, page: _CachedPage) -> _Filled:
    counts = page.skeleton.counts()
    filled = page.filled
    # The count table replaces a post's counts when they change, so while nothing changed this
    # compares the same objects and renders nothing.
    if filled is not None and filled.counts == counts:
        return filled
    values = page.skeleton.values(counts)
    if filled is None or filled.values != values:
        digest = hashlib.sha1("\0".join((key, *values)).encode(), usedforsecurity=False)
        filled = page.filled = _Filled(counts, values, digest.hexdigest()[:20])
    else:
        filled.counts = counts
    return filled


def cached_page(what: str, render: Callable):
    """Answer with the page `render` makes, kept in the page cache under `what` (everything
    the page depends on beyond `cache_key`'s parts), its counts filled in."""
    variant = "f" if wants_fragment() else "p"
    key = cache_key(f"{variant}:{what}")
    cache = page_cache()
    page = cache.get(key) if cache is not None else None
    if page is None:
        page = _rendered_page(render)
        if not isinstance(page, _CachedPage):
            return page
        if cache is not None:
            # The skeleton, and room for its compressed filling (about a quarter).
            cache.put(key, page, page.skeleton.size * 5 // 4)
    filled = _fill(key, page)
    skeleton = page.skeleton

    def gzipped() -> bytes:
        if filled.gzipped is None:
            filled.gzipped = compress(skeleton.fill(filled.values).encode())
        return filled.gzipped

    # Filling is a join of a few dozen strings: cheaper than keeping an uncompressed copy.
    return conditional_response(
        filled.tag,
        skeleton.mimetype,
        lambda: skeleton.fill(filled.values).encode(),
        gzipped if skeleton.size >= MIN_SIZE else None,
        kept_briefly(current_app.config["PROXY_CACHE_SECONDS"]),
        VARY,
    )


def _only(read: tuple[tuple[str, str], ...]) -> None:
    """Leave the view the query arguments it reads, and no other."""
    request.args = ImmutableMultiDict(read)  # type: ignore[misc]


def page_cached(reads: tuple[str, ...] = (), key: Callable[[], str] | None = None):
    """A view whose page depends on its path, the query arguments named in `reads`, what
    `key()` returns (when given) and the posts, and on nothing else: served by `cached_page`.
    The view (and `key`) sees only the query arguments it reads."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            read = tuple((name, value) for name in reads for value in request.args.getlist(name))
            what = f"{request.path}?{read!r}" if read else request.path
            if key is not None:
                _only(read)
                what += "\0" + key()
            return cached_page(what, lambda: _only(read) or view(*args, **kwargs))

        return wrapper

    return decorate
