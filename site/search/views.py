"""Search: ranked full-text results with highlighted snippets. The header's search box, on
every page, swaps them into the main area as the reader types; the /search page shows them
with pagination for Enter, links and browsers without JavaScript.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, request, url_for

from ..data import search_index
from ..data.queries import page_count
from ..web.cached_pages import page_cached
from ..web.templating import render_page, wants_fragment
from ..web.urls import page_number

bp = Blueprint("search", __name__)
MAX_QUERY = 200


def search_history(view):
    """Tell htmx how the address bar follows a search typed in the header's box.

    Typing on another page adds one history entry (/search?q=...); refining the search on the
    results replaces that entry, so Back returns to the page the reader searched from. Set
    outside `page_cached` so that a 304 carries it too; the header depends on the page the
    request came from, hence the Vary.
    """

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        response = view(*args, **kwargs)
        response.vary.add("HX-Current-URL")
        if wants_fragment() and response.status_code in (200, 304):
            here = url_for("search.results")
            came_from = urlsplit(request.htmx.current_url or "").path  # type: ignore[attr-defined]
            header = "HX-Replace-Url" if came_from == here else "HX-Push-Url"
            response.headers[header] = request.full_path.rstrip("?")
        return response

    return wrapper


@bp.get("/search")
@search_history
@page_cached(reads=("q", "page"))
def results():
    query = " ".join(request.args.get("q", "").split())[:MAX_QUERY]
    page = page_number()
    per_page = current_app.config["POSTS_PER_PAGE"]
    found, total = search_index.search(query, page, per_page)
    # Past the cap only the ranked candidates have pages.
    last = page_count(min(total, search_index.CANDIDATES), per_page)
    site = current_app.config["SITE_NAME"]
    if page > last:
        abort(404)
    return render_page(
        "search.html",
        "_search_fragment.html",
        search_title=f"“{query}” · Search · {site}" if query else f"Search · {site}",
        query=query,
        results=found,
        total=total,
        more_than=search_index.CANDIDATES if total > search_index.CANDIDATES else None,
        page=page,
        last=last,
    )
