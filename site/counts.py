"""Share counts in pages: rendered as slots, filled per response from an in-memory table.

Pages are rendered and cached without their counts: where a count goes, the page's markup
(markup.py) writes a slot (`slot`), a marker holding a per-process random nonce that imported
text cannot guess. `fill` puts the current counts into the slots.

The counts come from `CountTable`, a bounded table of recently shown posts' counts that the
database keeps exact: every change to a count stamps it with the shares version of its commit,
so when the version moves a process fetches only the counts that changed since it last looked.
A share press therefore costs one small query in each process, and never a re-render.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass

from flask import Flask, current_app
from markupsafe import escape
from sqlalchemy import bindparam, select

from .db import read
from .models import ShareCount
from .networks import NETWORKS
from .versions import current_version

TOTAL, TOP, WORD = "*total", "*top", "~"
TOP_SHOWN = 3
MAX_POSTS = 20_000

# A post's counts by network. Never changed in place: a change replaces the post's dict, so a
# page may keep the dicts it was filled from and tell by identity that nothing moved.
Counts = dict[str, int]

_CHANGED = select(
    ShareCount.post_id, ShareCount.network, ShareCount.count, ShareCount.version
).where(ShareCount.version > bindparam("seen"))
_OF_POSTS = select(ShareCount.post_id, ShareCount.network, ShareCount.count).where(
    ShareCount.post_id.in_(bindparam("ids", expanding=True))
)


class CountTable:
    """Counts by post id and network for at most `max_posts` posts, least recently used out."""

    def __init__(self, max_posts: int = MAX_POSTS):
        self.max_posts = max_posts
        self.version = -1
        self._posts: OrderedDict[int, Counts] = OrderedDict()
        # One lock around the queries too: a post loaded on a miss is then never older than
        # the changes already applied to the table.
        self._lock = threading.Lock()

    def counts(self, post_ids: tuple[int, ...], version: int) -> tuple[Counts, ...]:
        """Current counts of these posts, in their order, given the shares version this
        request has read."""
        with self._lock:
            if version > self.version:
                self._catch_up(version)
            posts = self._posts
            missing = [post_id for post_id in post_ids if post_id not in posts]
            if missing:
                self._load(missing)
            for post_id in post_ids:
                posts.move_to_end(post_id)
            return tuple(posts[post_id] for post_id in post_ids)

    def changed(self, post_id: int, network: str, count: int, version: int) -> None:
        """A count this process has just committed at `version`. Taken only when the table
        holds every version before it and none after (then it is current at `version` without
        a query); otherwise the next catch-up fetches it with whatever else changed."""
        with self._lock:
            if self.version != version - 1:
                return
            counts = self._posts.get(post_id)
            if counts is not None:
                self._posts[post_id] = {**counts, network: count}
            self.version = version

    def _catch_up(self, version: int) -> None:
        if not self._posts:  # nothing held to bring up to date (a new process, say)
            self.version = version
            return
        rows = read(_CHANGED, {"seen": self.version})
        newest = version
        for post_id, network, count, changed_at in rows:
            newest = max(newest, changed_at)
            counts = self._posts.get(post_id)
            if counts is not None:  # posts not held are loaded whole when next shown
                self._posts[post_id] = {**counts, network: count}
        self.version = newest

    def _load(self, post_ids: list[int]) -> None:
        loaded: dict[int, Counts] = {post_id: {} for post_id in post_ids}
        for post_id, network, count in read(_OF_POSTS, {"ids": post_ids}):
            loaded[post_id][network] = count
        self._posts.update(loaded)
        while len(self._posts) > self.max_posts:
            self._posts.popitem(last=False)


def table() -> CountTable:
    return current_app.extensions["count_table"]


def counts_for(post_ids: tuple[int, ...]) -> tuple[Counts, ...]:
    """The current share counts of these posts, in their order."""
    return table().counts(post_ids, current_version()[1])


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
    app.extensions["count_table"] = CountTable()
