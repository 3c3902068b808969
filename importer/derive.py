"""What a post is made of: its title, slug base, rendered body, excerpt and reading time."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from slugify import slugify

from .render import bullet_text, render

TITLE_MAX = 120
SLUG_MAX = 80
EXCERPT_WORDS = 40
WORDS_PER_MINUTE = 200
# A writer's content note: a post's first line beginning with one of these, any case.
NOTE_LINE = re.compile(
    r"\s*(?:content\s*notes?|content\s*warnings?|trigger\s*warnings?|cn|cw|tw)\s*:\s*(.*?)\s*",
    re.IGNORECASE,
)


@dataclass
class Derived:
    title: str
    base_slug: str
    body_html: str
    body_text: str
    excerpt: str
    reading_minutes: int


def source_of(lines: list[str]) -> str:
    """The post's source text: its lines without leading and trailing blank lines."""
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return "\n".join(lines[start:end])


def split_note(source: str) -> tuple[str | None, str]:
    """(the writer's note without its "CW:"-style prefix, the rest of the post) when the
    post's first line is a note line and text follows it; else (None, the post as it is)."""
    first, newline, rest = source.partition("\n")
    if not newline or first.lstrip()[:1] not in "cCtT":  # the cheap test first
        return None, source
    match = NOTE_LINE.fullmatch(first)
    if match is None:
        return None, source
    rest = source_of(rest.split("\n"))
    if not rest:
        return None, source
    return " ".join(match.group(1).split()) or None, rest


def source_hash(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def shorten(text: str, limit: int) -> str:
    """Cut text at a word boundary to at most `limit` characters, ending in an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-") + "…"


def title_of(source_lines: list[str]) -> tuple[str, list[str]]:
    """Return (title, body lines). A heading-like first line leaves the body; others stay."""
    first = source_lines[0] if source_lines else ""
    item = bullet_text(first)
    title = " ".join((item if item is not None else first).split())
    while (inner := bullet_text(title)) is not None:
        title = inner.strip()
    if item is None and len(title) <= TITLE_MAX:
        return title, source_lines[1:]
    return shorten(title, TITLE_MAX), source_lines


def base_slug_of(title: str) -> str:
    # The transliteration named, not "auto": a slug never changes because Unidecode got
    # installed, and "auto" would look for Unidecode again at every title beyond ASCII.
    return slugify(title, max_length=SLUG_MAX, word_boundary=True, backend="text-unidecode")


def excerpt_of(plain: str) -> str:
    words = plain.replace("•", " ").split()
    text = " ".join(words[:EXCERPT_WORDS])
    return text + "…" if len(words) > EXCERPT_WORDS else text


def derive(source: str, base_slug: str | None = None) -> Derived:
    """Everything stored for a post; pass `base_slug` when the caller already has it."""
    title, body_lines = title_of(source.split("\n"))
    if base_slug is None:
        base_slug = base_slug_of(title)
    body_html, body_text = render(body_lines)
    words = len(body_text.split()) + len(title.split())
    return Derived(
        title=title,
        base_slug=base_slug,
        body_html=body_html,
        body_text=body_text,
        excerpt=excerpt_of(body_text),
        reading_minutes=max(1, round(words / WORDS_PER_MINUTE)),
    )
