"""Proposing content notes from a post's own text, on this machine, and saying why.

The lexicon (lexicon.py) is a list of phrases, regular expressions each naming the categories
it proposes (content_notes.CATEGORIES). Idioms ("the deadline is killing me", "cutting
costs", "to die for") are phrases that propose nothing. The matches are read as one scan from
the text's start would find them: of overlapping matches the one that begins first wins, and
at one place the phrase listed first, so an idiom listed before its note word's phrases hides
them, and one that begins a few words earlier ("bored to death") is reached first. A negated
phrase ("not suicidal") still proposes: the post still speaks of it.

Scanning a whole text with every phrase would cost more than the rest of the import, so each
phrase names its anchors, words one of which it always holds. A post's words are split once
(the import hands over the words it split for related posts) and met with the set of all
anchors; a phrase is tried only where a word begins, from LEAD_WORDS words before an anchor
found up to the anchor, and only the phrases holding that anchor. Most posts hold no anchor
and cost one set lookup per distinct word.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, field

from community_site.data.content_notes import CATEGORIES, canonical

from .lexicon import LEXICON, NOTE_LEXICON

# How far before an anchor a phrase may begin (an idiom's or a phrase's first words): at
# most this many words, within this many characters.
LEAD_WORDS = 4
ANCHOR_REACH = 40
# Phrases kept as a category's "why", at most.
WHY_KEPT = 5


class _Lexicon:
    """A lexicon ready to scan with: per anchor word, one expression of the phrases that hold
    it (compiled when first needed), each phrase a named group numbered by its place."""

    def __init__(self, lexicon: list[tuple[str, str, str]]):
        self.categories: list[tuple[str, ...]] = []
        self.phrases: list[str] = []
        entries_of: dict[bytes, list[int]] = {}
        # Anchors some phrase holding them may begin before: those are tried from the words
        # before them too; the others only where they stand.
        self.led: set[bytes] = set()
        for number, (names, words, phrase) in enumerate(lexicon):
            self.categories.append(tuple(names.split()))
            self.phrases.append(phrase)
            anchors = [word.encode() for word in words.split()]
            for anchor in anchors:
                entries_of.setdefault(anchor, []).append(number)
            if not _begins_with_anchor(phrase, words.split()):
                self.led.update(anchors)
        self.entries_of = entries_of
        self.anchors = frozenset(entries_of)
        self.expressions: dict[bytes, re.Pattern] = {}

    def expression(self, anchor: bytes) -> re.Pattern:
        expression = self.expressions.get(anchor)
        if expression is None:
            numbers = self.entries_of[anchor]
            parts = "|".join(f"(?P<p{n}>{self.phrases[n]})" for n in numbers)
            # re.compile keeps what it compiled: anchors of the same phrases share one.
            expression = self.expressions[anchor] = re.compile(f"(?:{parts})(?![\\w])")
        return expression

    def whole(self) -> re.Pattern:
        """Every phrase in one expression, to scan a text at every place (slow)."""
        parts = "|".join(f"(?P<p{n}>{phrase})" for n, phrase in enumerate(self.phrases))
        return re.compile(f"(?<![\\w'])(?:{parts})(?![\\w])")


# Words are split at every ASCII character but a letter, as bytes (related.words_of does the
# same, and an import hands its words over); letters beyond ASCII stay in their words.
_LETTERS = frozenset(string.ascii_letters.encode())
_SPLIT = bytes(byte if byte in _LETTERS or byte >= 128 else 32 for byte in range(256))
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


def _top_level(phrase: str) -> list[str]:
    """A phrase's alternatives at its top level (split at "|" outside brackets)."""
    parts, depth, start, escaped = [], 0, 0, False
    for place, char in enumerate(phrase):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(phrase[start:place])
            start = place + 1
    return parts + [phrase[start:]]


_FIRST_WORDS = re.compile(r"\(\?:([a-z' |-]+)\)|([a-z']+)")


def _begins_with_anchor(phrase: str, anchors: list[str]) -> bool:
    """Whether every match of the phrase begins with one of its anchors, as far as its
    text shows: each alternative opens with plain words (or a group of them), the first of
    which begins an anchor. When unsure, False: the words before are tried too."""
    for alternative in _top_level(phrase):
        opening = _FIRST_WORDS.match(alternative)
        if opening is None:
            return False
        options = (opening.group(1) or opening.group(2)).split("|")
        for option in options:
            first = re.match(r"[a-z']*", option).group()
            if not first or not any(anchor.startswith(first) for anchor in anchors):
                return False
    return True


def _occurrences(lower: str, anchor: str):
    """Where `anchor` stands as a whole word in `lower`."""
    size, start = len(anchor), lower.find(anchor)
    while start >= 0:
        end = start + size
        if (start == 0 or not lower[start - 1].isalpha()) and (
            end == len(lower) or not lower[end].isalpha()
        ):
            yield start
        start = lower.find(anchor, end)


def _starts_before(lower: str, at: int) -> list[int]:
    """`at`, and the places the LEAD_WORDS words before it begin, within ANCHOR_REACH
    characters (words as spaces and line ends part them)."""
    low, starts, end = max(0, at - ANCHOR_REACH), [at], at - 1
    for _ in range(LEAD_WORDS):
        gap = max(lower.rfind(" ", low, end), lower.rfind("\n", low, end))
        if gap < 0:
            if low == 0 and end > 0:
                starts.append(0)
            break
        start = gap + 1
        while start < at and not lower[start].isalnum():  # "(he", "“i"
            start += 1
        if start < at:
            starts.append(start)
        end = gap
    return starts


def _scan(text: str, lexicon: _Lexicon, words: Iterable[bytes] | None = None) -> Proposal:
    """Find the lexicon's phrases that hold an anchor the text has. At each place a word
    begins near an anchor, the first phrase (in the lexicon's order) that matches there is
    taken; of overlapping matches the one that begins first wins, as a scan from the start
    would find them, so an idiom hides the note phrases inside it."""
    proposal = Proposal()
    if words is None:
        words = text.lower().encode().translate(_SPLIT).split()
    found = lexicon.anchors.intersection(words)
    if not found:
        return proposal
    lower = text.lower()
    for mark in "’‘ʼ":
        if mark in lower:
            lower = lower.replace(mark, "'")
    matches = {}  # (start, phrase number): end
    for anchor in found:
        expression, led = lexicon.expression(anchor), anchor in lexicon.led
        for at in _occurrences(lower, anchor.decode()):
            for start in _starts_before(lower, at) if led else (at,):
                match = expression.match(lower, start)
                if match is not None:
                    matches[(start, int(match.lastgroup[1:]))] = match.end()
    reached = 0
    for (start, number), end in sorted(matches.items()):  # earlier first, as a scan goes
        if start < reached:
            continue
        reached = end
        phrase = _SPACE.sub(" ", lower[start:end])
        for name in lexicon.categories[number]:
            proposal.add(name, phrase)
    return proposal


_TEXT = _Lexicon(LEXICON)
_NOTE = _Lexicon(NOTE_LEXICON + LEXICON)


def propose(text: str, words: Iterable[bytes] | None = None) -> Proposal:
    """The categories the text speaks of, with why (the phrases found). `words`: the text's
    words as related.words_of splits them, when the caller has them."""
    return _scan(text, _TEXT, words)


def propose_from_note(note: str) -> Proposal:
    """The categories a writer's own note line names: the text's phrases and the short forms
    and topic words writers use in notes."""
    return _scan(note, _NOTE)


def scan_whole(text: str, note: bool = False) -> Proposal:
    """What `propose` (or `propose_from_note`) finds, found without the anchors' shortcut:
    one expression tried at every place of the text. For checking the anchors miss nothing."""
    lexicon = _NOTE if note else _TEXT
    proposal = Proposal()
    lower = text.lower()
    for mark in "’‘ʼ":
        lower = lower.replace(mark, "'")
    for match in lexicon.whole().finditer(lower):
        for name in lexicon.categories[int(match.lastgroup[1:])]:
            proposal.add(name, _SPACE.sub(" ", match.group()))
    return proposal


def note_columns(
    note: str | None, text: str, proposals: bool = True, words: Iterable[bytes] | None = None
) -> dict:
    """A post's note columns, as an import stores them (`text`: the post's text, its title
    line first; `words`: its words, as related.words_of splits them, if the caller has them):
    the writer's note line's categories (source "dump"), then the text's proposals (source
    "proposed"; with `proposals` off none, and `note_reasons` stays NULL so that a later
    import proposes)."""
    from_note = propose_from_note(note) if note else Proposal()
    proposed = propose(text, words) if proposals else Proposal()
    reasons = []
    for key in CATEGORIES:
        if key in from_note.why:
            why = from_note.why[key] + [
                p for p in proposed.why.get(key, ()) if p not in from_note.why[key]
            ]
            reasons.append([key, "dump", why[:WHY_KEPT]])
        elif key in proposed.why:
            reasons.append([key, "proposed", proposed.why[key]])
    if not proposals:
        reasons_text = None
    else:
        reasons_text = json.dumps(reasons, ensure_ascii=False) if reasons else "[]"
    return {
        "notes": " ".join(key for key, _, _ in reasons),  # CATEGORIES' order already
        "note_text": note,
        "note_reasons": reasons_text,
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
