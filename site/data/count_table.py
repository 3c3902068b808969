"""Share counts as pages show them: `CountTable`, a bounded table of recently shown posts'
counts that the database keeps exact. Every change to a count stamps it with the shares
version of its commit, so when the version moves a process fetches only the counts that
changed since it last looked.
A share press therefore costs one small query in each process, and never a re-render (the
pages hold slots that are filled per response: web/slots.py).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from flask import Flask, current_app
from sqlalchemy import bindparam, select

from .execute import read
from .models import ShareCount
from .version_watch import current_version

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


def init_app(app: Flask) -> None:
    app.extensions["count_table"] = CountTable()
