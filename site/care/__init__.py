"""Care for readers: content notes as readers see them, each reader's own choice of what to
fold (/choices, kept in their browser alone), and help at hand (/help, linked from every page,
and a notice above the results of a search that asks about suicide or self-harm)."""

from __future__ import annotations

from flask import Flask

from . import views
from .notes import note_line, note_paragraph, note_words
from .risk import offers_help


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    # Notes on the post page, on every entry, in the feed and the page's description.
    app.add_template_global(note_words, "note_words")
    app.add_template_global(note_line)
    app.add_template_global(note_paragraph)
    # The search results' helpline notice.
    app.add_template_global(offers_help)
