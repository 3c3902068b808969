"""Proposing content notes from a post's own text, on this machine, and saying why.

A lexicon of phrases, each naming the categories it proposes (content_notes.CATEGORIES), is
compiled into one regular expression. Idioms ("the deadline is killing me", "cutting costs",
"to die for") are phrases of the same expression that propose nothing: at a place where an
idiom and a note phrase both match, the idiom comes first in the alternation and wins, and an
idiom that begins a few words before its note word ("bored to death") is reached first. A
negated phrase ("not suicidal") still proposes: the post still speaks of it.

Scanning every post whole with that expression would cost more than the rest of the import,
so each phrase names its anchors, words one of which it always holds. A post's words are
split out once (bytes.translate, as related.py does) and met with the set of all anchors; only
the text around each anchor found (ANCHOR_REACH characters either side) is scanned. Most posts
hold no anchor and cost one split.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, field

from community_site.data.content_notes import CATEGORIES, canonical

from .lexicon import IDIOM, LEXICON, NOTE_LEXICON

# Characters each side of an anchor that are scanned: room for an idiom's first words.
ANCHOR_REACH = 80
# Phrases kept as a category's "why", at most.
WHY_KEPT = 5


def _compile(lexicon: list[tuple[str, str, str]]):
    """One expression of every phrase, each a named group; the groups' categories; the
    anchors' words."""
    parts, categories, anchors = [], {}, set()
    for number, (names, words, phrase) in enumerate(lexicon):
        group = f"p{number}"
        parts.append(f"(?P<{group}>{phrase})")
        categories[group] = tuple(names.split())
        anchors.update(words.split())
    pattern = r"(?<![\w'])(?:" + "|".join(parts) + r")(?![\w])"
    return re.compile(pattern), categories, frozenset(word.encode() for word in anchors)


def _expand(lexicon):
    """The lexicon with each "idiom(?#idiom)|phrase" entry split into an idiom and a phrase."""
    expanded = []
    for names, words, phrase in lexicon:
        if "(?#idiom)|" in phrase:
            idiom, rest = phrase.split("(?#idiom)|", 1)
            expanded.append((IDIOM, words, idiom))
            expanded.append((names, words, rest))
        else:
            expanded.append((names, words, phrase))
    return expanded


_TEXT = _compile(_expand(LEXICON))
_NOTE = _compile(_expand(NOTE_LEXICON + LEXICON))

# Words are split at every ASCII character but a letter, as bytes (related.py does the same);
# letters beyond ASCII stay in their words.
_LETTERS = frozenset(string.ascii_letters.encode())
_SPLIT = bytes(byte if byte in _LETTERS or byte >= 128 else 32 for byte in range(256))
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})
_SPACE = re.compile(r"\s+")


@dataclass
class Proposal:
    """Categories proposed for a text, each with the phrases that proposed it."""

    why: dict[str, list[str]] = field(default_factory=dict)

    @property
    def notes(self) -> str:
        return canonical(self.why)

    def add(self, category: str, phrase: str) -> None:
        phrases = self.why.setdefault(category, [])
        if phrase not in phrases and len(phrases) < WHY_KEPT:
            phrases.append(phrase)


def _windows(lower: str, anchors: Iterable[str]) -> list[tuple[int, int]]:
    """The stretches of `lower` around each whole-word occurrence of the anchors, merged."""
    spans = []
    for anchor in anchors:
        size, start = len(anchor), lower.find(anchor)
        while start >= 0:
            end = start + size
            if (start == 0 or not lower[start - 1].isalpha()) and (
                end == len(lower) or not lower[end].isalpha()
            ):
                spans.append((max(0, start - ANCHOR_REACH), end + ANCHOR_REACH))
            start = lower.find(anchor, end)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _scan(text: str, compiled, proposal: Proposal) -> Proposal:
    expression, categories, anchors = compiled
    lower = text.lower()
    found = anchors.intersection(lower.encode().translate(_SPLIT).split())
    if not found:
        return proposal
    for start, end in _windows(lower, [word.decode() for word in found]):
        if start:  # begin at a word's start, so no phrase is read from half a word
            start = max(lower.rfind(" ", 0, start), lower.rfind("\n", 0, start)) + 1
        window = lower[start:end].translate(_APOSTROPHES)
        for match in expression.finditer(window):
            names = categories[match.lastgroup]
            if not names:
                continue
            # A match that runs into the window's end may be cut short; the text goes on.
            phrase = _SPACE.sub(" ", match.group()).strip()
            for name in names:
                proposal.add(name, phrase)
    return proposal


def propose(text: str) -> Proposal:
    """The categories the text speaks of, with why (the phrases found)."""
    return _scan(text, _TEXT, Proposal())


def propose_from_note(note: str) -> Proposal:
    """The categories a writer's own note line names: the text's phrases and the short forms
    and topic words writers use in notes."""
    return _scan(note, _NOTE, Proposal())


def scan_whole(text: str, note: bool = False) -> Proposal:
    """The same as `propose` (or `propose_from_note`) without the anchors' shortcut: every
    place of the text is tried. For checking that the anchors miss nothing."""
    expression, categories, _ = _NOTE if note else _TEXT
    proposal = Proposal()
    for match in expression.finditer(text.lower().translate(_APOSTROPHES)):
        names = categories[match.lastgroup]
        phrase = _SPACE.sub(" ", match.group()).strip()
        for name in names:
            proposal.add(name, phrase)
    return proposal


def note_columns(note: str | None, title: str, text: str, proposals: bool = True) -> dict:
    """A post's note columns, as an import stores them: the writer's note line's categories
    (source "dump"), then the text's proposals (source "proposed"; with `proposals` off none,
    and `note_reasons` stays NULL so a later import proposes)."""
    from_note = propose_from_note(note) if note else Proposal()
    proposed = propose(f"{title}\n{text}") if proposals else Proposal()
    reasons = []
    for key in CATEGORIES:
        if key in from_note.why:
            why = from_note.why[key] + [
                p for p in proposed.why.get(key, ()) if p not in from_note.why[key]
            ]
            reasons.append([key, "dump", why[:WHY_KEPT]])
        elif key in proposed.why:
            reasons.append([key, "proposed", proposed.why[key]])
    return {
        "notes": canonical(key for key, _, _ in reasons),
        "note_text": note,
        "note_reasons": json.dumps(reasons, ensure_ascii=False) if proposals else None,
    }


def decided_columns(keys: Iterable[str], text: str | None) -> dict:
    """The note columns of a maintainer's decision: these categories (none: cleared)."""
    notes = canonical(keys)
    reasons = [[key, "maintainer", []] for key in notes.split()]
    return {
        "notes": notes,
        "note_text": text,
        "note_reasons": json.dumps(reasons),
        "note_decided": True,
    }
