"""A search result's snippet as HTML: escaped, with the index's highlight markers as <mark>."""

from __future__ import annotations

from markupsafe import Markup, escape

from ..data.search_index import MARK_END, MARK_START


def highlight(snippet: str) -> Markup:
    """Escape a snippet, then turn the index's highlight markers into <mark> elements."""
    escaped = str(escape(snippet))
    return Markup(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))
