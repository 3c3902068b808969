"""Share counts in pages: rendered as slots, filled per response.

Pages are rendered and cached without their counts: where a count goes, the page's markup
(markup/) writes a slot (`slot`), a marker holding a per-process random nonce that imported
text cannot guess. A rendered page is cut at its slots into a `Skeleton` once; each response
fills the slots with the current counts from the count table (data/count_table.py).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from flask import Flask, current_app
from markupsafe import escape

from ..data.count_table import Counts, counts_for
from ..sharing.networks import NETWORKS

TOTAL, TOP, WORD = "*total", "*top", "~"
TOP_SHOWN = 3

# Slots: a private-use character, the nonce, "post id:what", another private-use character.
START, END = "\ue010", "\ue011"


def slot_prefix() -> str:
    """What this app's slots begin with (a caller writing many slots reads it once)."""
    return START + current_app.extensions["slot_nonce"]


def slot(prefix: str, post_id: int, what: str) -> str:
    """The slot for `what` of post `post_id`: a network's count, WORD + network, TOTAL, TOP."""
    return f"{prefix}{int(post_id)}:{what}{END}"


def _phrase(total: int) -> str:
    return f"{total} share" if total == 1 else f"{total} shares"


def _top(counts: Counts) -> str:
    ranked = sorted(
        ((count, name) for name, count in counts.items() if count and name in NETWORKS),
        key=lambda pair: (-pair[0], pair[1]),
    )[:TOP_SHOWN]
    return " · ".join(f"{escape(NETWORKS[name].label)} {count}" for count, name in ranked)


def render_slot(counts: Counts, what: str) -> str:
    if what == TOTAL:
        return _phrase(sum(counts.values()))
    if what == TOP:
        return _top(counts)
    if what.startswith(WORD):
        return "share" if counts.get(what[1:], 0) == 1 else "shares"
    return str(counts.get(what, 0))


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
        return tuple(render_slot(by_post[post_id], what) for post_id, what in self.slots)

    def fill(self, values: tuple[str, ...]) -> str:
        if not values:
            return self.texts[0]
        pieces = [self.texts[0]]
        for value, text in zip(values, self.texts[1:], strict=True):
            pieces.append(value)
            pieces.append(text)
        return "".join(pieces)


def init_app(app: Flask) -> None:
    nonce = secrets.token_hex(8)
    app.extensions["slot_nonce"] = nonce
    app.extensions["slot_pattern"] = re.compile(f"{START}{nonce}(\\d+):([^{END}]+){END}")
