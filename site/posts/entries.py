"""A post's entry in a list of posts, as HTML: in a listing (title, reading time, share total,
content note, excerpt and a Share control) and in search results (title, content note and
highlighted snippet); and the content note and fold button that entries, related posts and
the post page share. One module writes them all, so every list looks and reads alike.

Built in Python rather than as Jinja partials because a listing holds ten entries, and as
partials they cost the cold pages their target: an uncached listing page took 1.34x the
instructions (bench/instructions.py) and the serve bench put it at 0.14 of the bare app against
0.28 the same day (target 0.3; docs/performance.md, 2026-12-07). Every value is escaped here.
"""

from __future__ import annotations

from flask import current_app
from markupsafe import Markup, escape

from ..data.content_notes import words_of
from ..data.search_index import MARK_END, MARK_START
from ..sharing.buttons import share_total
from ..sharing.counts import TOP
from ..web.slots import slot, slot_prefix
from ..web.urls import layout_urls, posts_folder


def note(notes: str, note_text: str | None, choices: str | None = None) -> Markup:
    """An entry's content note, before its excerpt: what the post talks about in plain words,
    the writer's sentence, and where a reader chooses what to fold ("" for no note)."""
    if not notes and not note_text:
        return Markup("")
    words = escape("; ".join(words_of(notes)))
    if note_text:
        words += (". " if notes else "") + escape(note_text)
    choices = choices or layout_urls()["choices"]
    return Markup(
        f'<p class="note"><span class="note__label">Content note:</span> {words}'
        f'<span class="note__choices"> · <a href="{escape(choices)}">Reading choices</a></span></p>'
    )


def fold_toggle(notes: str, fold_id: str, what: str) -> Markup:
    """The button that shows what a reader chose to fold (`fold_id`, the element that carries
    data-folds="`notes`"). site.js and the stylesheet show it only where a chosen category is
    in `notes`: without JavaScript, or without a choice, nothing is folded and it never shows."""
    if not notes:
        return Markup("")
    return Markup(
        f'<button type="button" class="fold-toggle" data-folds="{escape(notes)}" '
        f'aria-controls="{escape(fold_id)}" aria-expanded="false">'
        f'<span class="fold-toggle__show">Show {escape(what)}</span>'
        f'<span class="fold-toggle__hide">Fold {escape(what)} again</span></button>'
    )


def _entry(post, path: Markup, text: Markup, choices: str, meta="", after="") -> str:
    """An entry: its title linking to `path`, its full address (shown on paper only: a printed
    list is read away from the screen), then `meta`, its note, `text` (folded where the reader
    chose a category of the note) and `after` (escaped HTML)."""
    post_id, notes = int(post.id), post.notes or ""
    address = escape(current_app.config["BASE_URL"]) + path
    fold_id = f"excerpt-{post_id}"
    carries = f' data-notes="{escape(notes)}"' if notes else ""
    folds = f' data-folds="{escape(notes)}"' if notes else ""
    noted = ""
    if notes or post.note_text:
        noted = f"    {note(notes, post.note_text, choices)}\n"
    if notes:
        noted += f"    {fold_toggle(notes, fold_id, 'the excerpt')}\n"
    return (
        f'<li class="entry"{carries}>\n'
        f'  <article aria-labelledby="entry-{post_id}">\n'
        f'    <h2 id="entry-{post_id}" class="entry__title"><a href="{path}">'
        f"{escape(post.title)}</a></h2>\n"
        f'    <p class="print-only entry__address">{address}</p>\n'
        f"{meta}{noted}"
        f'    <p class="entry__excerpt" id="{fold_id}"{folds}>{text}</p>\n'
        f"{after}"
        "  </article>\n"
        "</li>"
    )


def post_summaries(posts, top: bool = False) -> Markup:
    """A listing's entries, one per post (rows of SUMMARY_COLUMNS): title, reading time, total
    shares (with `top`, its top networks too), note, excerpt, and one Share control that opens
    the post's full bar in place (without JavaScript, a link to the post page's bar)."""
    prefix, folder, choices = slot_prefix(), posts_folder(), layout_urls()["choices"]
    return Markup("\n".join(_summary(post, top, prefix, folder, choices) for post in posts))


def _summary(post, top: bool, prefix: str, folder: str, choices: str) -> str:
    post_id = int(post.id)
    path = escape(folder + post.slug)
    networks = (
        f' <span class="entry__networks">({slot(prefix, post_id, TOP)})</span>' if top else ""
    )
    meta = (
        f'    <p class="entry__meta">{int(post.reading_minutes)} min read · '
        f"{share_total(post_id, prefix=prefix)}{networks}</p>\n"
    )
    share = (
        f'    <a class="entry__share" href="{path}#share-{post_id}" hx-get="{path}/share"\n'
        f'       hx-target="this" hx-swap="outerHTML" aria-label="Share “{escape(post.title)}”">'
        "Share</a>\n"
    )
    return _entry(post, path, escape(post.excerpt), choices, meta, share)


def highlight(snippet: str) -> Markup:
    """Escape a snippet, then turn the index's highlight markers into <mark> elements."""
    escaped = str(escape(snippet))
    return Markup(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def search_entries(results) -> Markup:
    """Search results' entries: (post, snippet) pairs, a post a row with its id, slug, title
    and note."""
    folder, choices = posts_folder(), layout_urls()["choices"]
    return Markup(
        "\n".join(
            _entry(post, escape(folder + post.slug), highlight(snippet), choices)
            for post, snippet in results
        )
    )
