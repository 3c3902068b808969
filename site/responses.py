"""How a view answers: one helper decides fragment or full page, and one decorator answers
conditional requests with 304 before any rendering happens.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import Response, abort, current_app, make_response, render_template, request, url_for

from .compression import MIN_SIZE, accepts_gzip, compress
from .counts import Counts, Skeleton
from .page_cache import page_cache
from .versions import current_version


def wants_fragment() -> bool:
    """A fragment only for an htmx request that is neither boosted nor a history restore.

    Boosted navigation and history restores (htmx sends HX-Request on both) must get the full
    page, or the back button could show a bare fragment.
    """
    htmx = request.htmx  # type: ignore[attr-defined]
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render_page(page_template: str, fragment_template: str, **context) -> str:
    """Render the fragment alone for a plain htmx request, otherwise the full page. Views that
    return it are `conditional`, which answers with it and sends `Vary: HX-Request`."""
    template = fragment_template if wants_fragment() else page_template
    return render_template(template, **context)


def page_number(name: str = "page") -> int:
    """The page number from the query string: a whole number from 1, or the request is a 404."""
    raw = request.args.get(name, "1")
    if not raw.isascii() or not raw.isdigit() or raw.startswith("0") or len(raw) > 9:
        abort(404)
    return int(raw)


def canonical_url(endpoint: str, **values) -> str:
    """An absolute URL, always on BASE_URL: never on the Host a request names, so no request
    can put another site's address into a page, a feed or a cached copy of either."""
    return current_app.config["BASE_URL"] + url_for(endpoint, **values)


def build_id(app) -> str:
    """A digest of templates, the site's code (some markup is built in Python: markup.py)
    and assets, so a deploy with new markup changes every ETag."""
    digest = hashlib.sha256()
    sources = [*Path(app.template_folder).rglob("*"), *Path(__file__).parent.glob("*.py")]
    for path in sorted(sources):
        # An installed package holds compiled bytecode beside the templates: not markup.
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    for asset in app.extensions["assets"].values():
        digest.update(asset.digest.encode())
    return digest.hexdigest()[:16]


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
    """The page cache's key for `what` as it stands now: the build, the posts version and the
    host join it, since a page depends on all three."""
    return f"{current_app.config['BUILD_ID']}:{current_version()[0]}:{request.host}:{what}"


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


def _fill(key: str, page: _CachedPage) -> _Filled:
    counts = page.skeleton.counts()
    filled = page.filled
    # The count table replaces a post's counts when they change, so while nothing changed this
    # compares the same objects and renders nothing.
    if filled is not None and filled.counts == counts:
        return filled
    values = page.skeleton.values(counts)
    if filled is None or filled.values != values:
        tag = hashlib.sha1("\0".join((key, *values)).encode(), usedforsecurity=False).hexdigest()[
            :20
        ]
        filled = page.filled = _Filled(counts, values, tag)
    else:
        filled.counts = counts
    return filled


def conditional(key_extra=None):
    """Serve a view's page from the page cache, with an ETag from what it shows, and answer
    304 to a request that already holds it.

    The cache key holds the build, the posts version, fragment or full page, the host and the
    path (and `key_extra()` where a page depends on more); share counts are filled into the
    cached page per response from the count table (counts.py), and join the ETag, so a press
    changes the ETag of exactly the pages that show that post's counts.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            variant = "f" if wants_fragment() else "p"
            key = cache_key(f"{variant}:{request.full_path}")
            if key_extra is not None:
                key += ":" + key_extra()
            cache = page_cache()
            page = cache.get(key) if cache is not None else None
            if page is None:
                rendered = view(*args, **kwargs)
                if isinstance(rendered, str):  # a page from render_page: HTML, nothing to undo
                    page = _CachedPage(Skeleton.of(rendered, "text/html"))
                else:
                    response = make_response(rendered)
                    if response.status_code != 200:
                        return response
                    html = response.get_data(as_text=True)
                    page = _CachedPage(Skeleton.of(html, response.mimetype))
                if cache is not None:
                    # The skeleton, and room for its compressed filling (about a quarter).
                    cache.put(key, page, page.skeleton.size * 5 // 4)
            filled = _fill(key, page)
            gzipped = accepts_gzip() and page.skeleton.size >= MIN_SIZE
            tag = filled.tag + ("-gz" if gzipped else "")
            if request.if_none_match.contains(tag):
                response = Response(status=304)
            elif gzipped:
                if filled.gzipped is None:
                    filled.gzipped = compress(page.skeleton.fill(filled.values).encode())
                response = Response(filled.gzipped, mimetype=page.skeleton.mimetype)
                response.headers["Content-Encoding"] = "gzip"
            else:
                # Filling is a join of a few dozen strings: cheaper than keeping a copy.
                body = page.skeleton.fill(filled.values).encode()
                response = Response(body, mimetype=page.skeleton.mimetype)
            response.set_etag(tag)
            # Set directly (no view adds a Vary of its own): cheaper than parsing the header.
            response.headers["Vary"] = "HX-Request, Accept-Encoding"
            response.headers["Cache-Control"] = "no-cache"
            return response

        return wrapper

    return decorate


def init_app(app) -> None:
    app.config.setdefault("BUILD_ID", build_id(app))
