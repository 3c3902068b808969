"""Rendered pages kept in memory by ETag, so a popular page is rendered once per change.

Every key holds the content versions the page depends on, so a page is never served after its
content changed; pages of old versions are simply never asked for again and fall out of the
least-recently-used end. A byte budget (PAGE_CACHE_MB, 0 turns it off) bounds its memory.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from flask import Flask, current_app


@dataclass(frozen=True)
class CachedPage:
    body: bytes
    mimetype: str


class PageCache:
    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._pages: OrderedDict[str, CachedPage] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> CachedPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: str, page: CachedPage) -> None:
        if len(page.body) > self.max_bytes // 4:
            return
        with self._lock:
            if key in self._pages:
                return
            self._pages[key] = page
            self._bytes += len(page.body)
            while self._bytes > self.max_bytes:
                _, dropped = self._pages.popitem(last=False)
                self._bytes -= len(dropped.body)


def page_cache() -> PageCache | None:
    return current_app.extensions.get("page_cache")


def init_app(app: Flask) -> None:
    megabytes = app.config["PAGE_CACHE_MB"]
    app.extensions["page_cache"] = PageCache(megabytes * 1024 * 1024) if megabytes > 0 else None
