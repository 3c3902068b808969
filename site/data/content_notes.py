"""Content notes: the categories a post's note may name, their plain words and their order.

A post's decided note is stored as `Post.notes`, its category keys in CATEGORIES' order,
separated by single spaces ("" when it has none), and the writer's own sentence, if any, as
`Post.note_text`. The importer proposes and stores them; the site only reads them, through
the helpers here.
"""

from __future__ import annotations

from collections.abc import Iterable

# Key: the words a reader sees. The order is the canonical one, everywhere.
WORDS = {
    "suicide": "suicide",
    "self-harm": "self-harm",
    "death": "death, dying or grief",
    "violence": "violence",
    "abuse": "abuse (domestic, child or sexual abuse, assault, stalking)",
    "eating-disorders": "eating disorders",
    "substance-use": "alcohol or drug use",
}
CATEGORIES = tuple(WORDS)
# Where a category of a post's note came from: the writer's note line in the dump, the
# importer's proposal from the post's text, or a maintainer's decision.
SOURCES = ("dump", "proposed", "maintainer")
_RANK = {key: rank for rank, key in enumerate(CATEGORIES)}


def canonical(keys: Iterable[str]) -> str:
    """The stored form of a set of category keys: known keys once each, in CATEGORIES' order,
    space-separated. Raises KeyError for a key that is not a category."""
    return " ".join(sorted(set(keys), key=_RANK.__getitem__))


def keys_of(notes: str | None) -> list[str]:
    """The category keys of a stored note, in order ([] for none)."""
    return notes.split() if notes else []


def words_of(notes: str | None) -> list[str]:
    """The plain words of a stored note's categories, in order."""
    return [WORDS[key] for key in keys_of(notes)]
