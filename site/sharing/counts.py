"""What a page's count slots say (web/slots.py fills them per response): a network's count,
the word after it, a post's total in words, and its top networks."""

from __future__ import annotations

from markupsafe import escape

from ..data.count_table import Counts
from .networks import NETWORKS

# A slot's `what` is a network's name, or one of these.
TOTAL, TOP, WORD = "*total", "*top", "~"
TOP_SHOWN = 3


def _phrase(total: int) -> str:
    return f"{total} share" if total == 1 else f"{total} shares"


def _top(counts: Counts) -> str:
    ranked = sorted(
        ((count, name) for name, count in counts.items() if count and name in NETWORKS),
        key=lambda pair: (-pair[0], pair[1]),
    )[:TOP_SHOWN]
    return " · ".join(f"{escape(NETWORKS[name].label)} {count}" for count, name in ranked)


def slot_text(counts: Counts, what: str) -> str:
    """What the slot for `what` shows, given a post's counts (escaped HTML)."""
    if what == TOTAL:
        return _phrase(sum(counts.values()))
    if what == TOP:
        return _top(counts)
    if what.startswith(WORD):
        return "share" if counts.get(what[1:], 0) == 1 else "shares"
    return str(counts.get(what, 0))
