"""The search page: ranked full-text results with highlighted snippets, updated as you type."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, request
from markupsafe import Markup, escape

from . import search_index
from .responses import conditional, page_number, render_page

bp = Blueprint("search", __name__)
MAX_QUERY = 200


def highlight(snippet: str) -> Markup:
    """Escape a snippet, then turn the index's highlight markers into <mark> elements."""
    escaped = str(escape(snippet))
    return Markup(
        escaped.replace(search_index.MARK_START, "<mark>").replace(search_index.MARK_END, "</mark>")
    )


@bp.get("/search")
@conditional()
def results():
    query = " ".join(request.args.get("q", "").split())[:MAX_QUERY]
    page = page_number()
    per_page = current_app.config["POSTS_PER_PAGE"]
    found, total = search_index.search(query, page, per_page)
    # Past the cap only the ranked candidates have pages.
    last = max(1, -(-min(total, search_index.CANDIDATES) // per_page))
    if page > last:
        abort(404)
    return render_page(
        "search.html",
        "_search_results.html",
        query=query,
        results=found,
        total=total,
        more_than=search_index.CANDIDATES if total > search_index.CANDIDATES else None,
        page=page,
        last=last,
    )


def init_app(app) -> None:
    app.register_blueprint(bp)
    app.jinja_env.filters["highlight"] = highlight
