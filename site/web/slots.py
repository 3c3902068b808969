"""Share counts in pages: rendered as slots, filled per response.

Pages are rendered and cached without their counts: where a count goes, a template writes a
slot (the `count_slot` template global), a marker holding a per-process random nonce that
imported text cannot guess. A rendered page is cut at its slots into a `Skeleton` once; each
response fills the slots with the current counts from the count table (data/count_table.py),
in the words of the feature that owns them: `fill_with` names the function that turns a
post's counts and a slot's `what` into text (sharing's `init_app` names sharing/counts.py's).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app

from ..data.count_table import Counts, counts_for

# Slots: a private-use character, the nonce, "post id:what", another private-use character.
START, END = "\ue010", "\ue011"


def slot(prefix: str, post_id: int, what: str) -> str:
    """The slot for `what` of post `post_id` (what the slot text function understands)."""
    return f"{prefix}{int(post_id)}:{what}{END}"


@dataclass(frozen=True)
class Skeleton:
    """A rendered page cut at its slots: text, slot, text, ..., text."""

    texts: tuple[str, ...]
    slots: tuple[tuple[int, str], ...]
    mimetype: str
    post_ids: tuple[int, ...]  # the posts whose counts the slots show, each once
    size: int  # characters of text outside the slots

    @classmethod
    def of(cls, html: str, mimetype: str) -> Skeleton:
        pattern = current_app.extensions["slot_pattern"]
        parts = pattern.split(html)
        # split() gives text, id, what, text, id, what, ..., text
        texts = tuple(parts[0::3])
        slots = tuple(
            (int(post_id), what) for post_id, what in zip(parts[1::3], parts[2::3], strict=True)
        )
        post_ids = tuple(dict.fromkeys(post_id for post_id, _ in slots))
        return cls(texts, slots, mimetype, post_ids, sum(map(len, texts)))

    def counts(self) -> tuple[Counts, ...]:
        """The current counts of `post_ids`."""
        return counts_for(self.post_ids) if self.post_ids else ()

    def values(self, counts: tuple[Counts, ...]) -> tuple[str, ...]:
        """What each slot shows, given `counts()`."""
        by_post = dict(zip(self.post_ids, counts, strict=True))
        text = current_app.extensions["slot_text"]
        return tuple(text(by_post[post_id], what) for post_id, what in self.slots)

    def fill(self, values: tuple[str, ...]) -> str:
        if not values:
            return self.texts[0]
        pieces = [self.texts[0]]
        for value, text in zip(values, self.texts[1:], strict=True):
            pieces.append(value)
            pieces.append(text)
        return "".join(pieces)


def fill_with(app: Flask, slot_text: Callable[[Counts, str], str]) -> None:
    """Fill this app's slots with `slot_text(counts, what)`."""
    app.extensions["slot_text"] = slot_text


def init_app(app: Flask) -> None:
    nonce = secrets.token_hex(8)
    app.extensions["slot_nonce"] = nonce
    prefix = START + nonce

    def count_slot(post_id: int, what: str) -> str:
        """A template's slot for `what` of post `post_id` (this app's prefix, read once)."""
        return slot(prefix, post_id, what)

    app.add_template_global(count_slot)
    app.extensions["slot_pattern"] = re.compile(f"{START}{nonce}(\\d+):([^{END}]+){END}")
