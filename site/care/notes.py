"""A content note in words: its categories' plain words (data/content_notes.py), and the one
line that opens a post's description, feed entry and share preview."""

from __future__ import annotations

from markupsafe import escape

from ..data.content_notes import words_of

note_words = words_of


def note_line(notes: str | None, note_text: str | None) -> str:
    """ "Content note: suicide; self-harm. <the writer's sentence> " ("" for no note): plain
    text, escaped where it is written."""
    words = "; ".join(words_of(notes))
    if not words and not note_text:
        return ""
    parts = [f"Content note: {words}." if words else "Content note."]
    if note_text:
        parts.append(note_text.strip())
    return " ".join(parts) + " "


def note_paragraph(notes: str | None, note_text: str | None) -> str:
    """The note as a paragraph of HTML, for the feed's content (which escapes it again as
    text of the XML): a plain string, not markup."""
    line = note_line(notes, note_text).strip()
    return f"<p>{escape(line)}</p>" if line else ""
