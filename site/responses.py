"""How a view answers: one helper decides fragment or full page, and one decorator answers
conditional requests with 304 before any rendering happens.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from flask import Response, abort, current_app, make_response, render_template, request, url_for

from .page_cache import CachedPage, page_cache
from .versions import current_version


def wants_fragment() -> bool:
    """A fragment only for an htmx request that is neither boosted nor a history restore.

    Boosted navigation and history restores (htmx sends HX-Request on both) must get the full
    page, or the back button could show a bare fragment.
    """
    htmx = request.htmx  # type: ignore[attr-defined]
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render_page(page_template: str, fragment_template: str, **context) -> Response:
    """Render the fragment alone for a plain htmx request, otherwise the full page."""
    template = fragment_template if wants_fragment() else page_template
    response = make_response(render_template(template, **context))
    response.vary.add("HX-Request")
    return response


def page_number(name: str = "page") -> int:
    """The page number from the query string: a whole number from 1, or the request is a 404."""
    raw = request.args.get(name, "1")
    if not raw.isascii() or not raw.isdigit() or raw.startswith("0") or len(raw) > 9:
        abort(404)
    return int(raw)


def canonical_url(endpoint: str, **values) -> str:
    """An absolute URL on BASE_URL when configured, else on the host the request came to."""
    base = current_app.config["BASE_URL"]
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def build_id(app) -> str:
    """A digest of templates and assets, so a deploy with new markup changes every ETag."""
    digest = hashlib.sha256()
    for path in sorted(Path(app.template_folder).rglob("*")):
        # An installed package holds compiled bytecode beside the templates: not markup.
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    for asset in app.extensions["assets"].values():
        digest.update(asset.digest.encode())
    return digest.hexdigest()[:16]


def conditional(shows_shares: bool = True):
    """Give a view's response an ETag from the versions of what it shows, serve it from the
    page cache when it is there, and answer 304 to a request that already holds it.

    The ETag differs for fragment and full-page variants. Views that show no share counts
    (search, feeds) pass shows_shares=False and stay cached through share presses.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            posts, shares = current_version()
            variant = "f" if wants_fragment() else "p"
            key = (
                f"{current_app.config['BUILD_ID']}:{posts}:{shares if shows_shares else '-'}:"
                f"{variant}:{request.full_path}"
            )
            etag = hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:20]
            cache = page_cache()
            if etag in request.if_none_match:
                response = Response(status=304)
            elif cache is not None and (cached := cache.get(etag)) is not None:
                response = Response(cached.body, mimetype=cached.mimetype)
            else:
                response = make_response(view(*args, **kwargs))
                if cache is not None and response.status_code == 200:
                    cache.put(etag, CachedPage(response.get_data(), response.mimetype))
            response.set_etag(etag)
            # Set directly (no view adds a Vary of its own): cheaper than parsing the header.
            response.headers["Vary"] = "HX-Request"
            response.headers["Cache-Control"] = "no-cache"
            return response

        return wrapper

    return decorate


def init_app(app) -> None:
    app.config.setdefault("BUILD_ID", build_id(app))
