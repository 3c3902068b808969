"""Templates: the one helper that decides fragment or full page and renders it, and the
template globals the layout (base.html) and every feature's templates call."""

from __future__ import annotations

from flask import Flask, render_template, request

from .urls import canonical_url, layout_urls, post_path


def wants_fragment() -> bool:
    """A fragment only for an htmx request that is neither boosted nor a history restore.

    Boosted navigation and history restores (htmx sends HX-Request on both) must get the full
    page, or the back button could show a bare fragment.
    """
    htmx = request.htmx  # type: ignore[attr-defined]
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render_page(page_template: str, fragment_template: str, **context) -> str:
    """Render the fragment alone for a plain htmx request, otherwise the full page. Views that
    return it are page-cached (cached_pages.py), which names in `Vary` the three headers
    this choice reads."""
    template = fragment_template if wants_fragment() else page_template
    return render_template(template, **context)


def init_app(app: Flask) -> None:
    # Links: the layout's (on every page), a page's absolute address, a post's path.
    for helper in (layout_urls, canonical_url, post_path):
        app.add_template_global(helper)
