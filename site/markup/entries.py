"""A post's entry in a list of posts: in a listing (title, reading time, share total, excerpt
and a Share control) and in search results (title and highlighted snippet). One function
writes both, so the two lists look and read alike."""

from __future__ import annotations

from flask import current_app
from markupsafe import Markup, escape

from ..data.search_index import MARK_END, MARK_START
from ..web.slots import TOP, slot, slot_prefix
from ..web.urls import posts_folder
from .share_bar import share_total_tag


def _entry(post_id: int, path: Markup, title: Markup, text: Markup, meta="", after="") -> str:
    """An entry: its title linking to `path`, its full address (shown on paper only: a printed
    list is read away from the screen), then `meta`, `text` and `after` (escaped HTML)."""
    address = escape(current_app.config["BASE_URL"]) + path
    return (
        '<li class="entry">\n'
        f'  <article aria-labelledby="entry-{post_id}">\n'
        f'    <h2 id="entry-{post_id}" class="entry__title"><a href="{path}">{title}</a></h2>\n'
        f'    <p class="print-only entry__address">{address}</p>\n'
        f"{meta}"
        f'    <p class="entry__excerpt">{text}</p>\n'
        f"{after}"
        "  </article>\n"
        "</li>"
    )


def post_summaries(posts, top: bool = False) -> Markup:
    """A listing's entries, one per post (rows of SUMMARY_COLUMNS): title, reading time, total
    shares (with `top`, its top networks too), excerpt, and one Share control that opens the
    post's full bar in place (without JavaScript, a link to the post page's bar)."""
    prefix, folder = slot_prefix(), posts_folder()
    return Markup("\n".join(_summary(post, top, prefix, folder) for post in posts))


def _summary(post, top: bool, prefix: str, folder: str) -> str:
    post_id = int(post.id)
    path = escape(folder + post.slug)
    title = escape(post.title)
    networks = (
        f' <span class="entry__networks">({slot(prefix, post_id, TOP)})</span>' if top else ""
    )
    meta = (
        f'    <p class="entry__meta">{int(post.reading_minutes)} min read · '
        f"{share_total_tag(post_id, prefix=prefix)}{networks}</p>\n"
    )
    share = (
        f'    <a class="entry__share" href="{path}#share-{post_id}" hx-get="{path}/share"\n'
        f'       hx-target="this" hx-swap="outerHTML" aria-label="Share “{title}”">Share</a>\n'
    )
    return _entry(post_id, path, title, escape(post.excerpt), meta, share)


def highlight(snippet: str) -> Markup:
    """Escape a snippet, then turn the index's highlight markers into <mark> elements."""
    escaped = str(escape(snippet))
    return Markup(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def search_entries(results) -> Markup:
    """Search results' entries: (post, snippet) pairs, a post a row with its id, slug, title."""
    folder = posts_folder()
    return Markup(
        "\n".join(
            _entry(int(post.id), escape(folder + post.slug), escape(post.title), highlight(snippet))
            for post, snippet in results
        )
    )
