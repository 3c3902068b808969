"""Rendered pages kept in memory, so a popular page is rendered once per change.

Every key holds what the page depends on (build, posts version, variant, host, path), so a
page is never served after its content changed; pages of old versions are simply never asked
for again and fall out of the least-recently-used end. A byte budget (PAGE_CACHE_MB, 0 turns
it off) bounds its memory. Share counts are not part of a cached page: see slots.py.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from flask import Flask, current_app


class PageCache:
    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> Any | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: str, value: Any, size: int) -> None:
        """Keep `value`, which holds about `size` bytes; one larger than a quarter of the
        budget is not kept."""
        if size > self.max_bytes // 4:
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= dropped


def page_cache() -> PageCache | None:
    return current_app.extensions.get("page_cache")


def init_app(app: Flask) -> None:
    megabytes = app.config["PAGE_CACHE_MB"]
    app.extensions["page_cache"] = PageCache(megabytes * 1024 * 1024) if megabytes > 0 else None
