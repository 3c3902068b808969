"""Per-reader limits on share presses, kept in memory, checked before any database write.

A sliding window per reader key: more than SHARE_RATE_LIMIT presses in 60 seconds get a 429.
Each gunicorn process keeps its own window; the daily counting rule stays in the database.
"""

from __future__ import annotations

import threading
import time
from collections import deque

from flask import Flask, current_app

WINDOW_SECONDS = 60.0
MAX_READERS = 100_000


class RateLimiter:
    def __init__(self, limit: int, window: float = WINDOW_SECONDS):
        self.limit = limit
        self.window = window
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        """Record a press by `key`; False when it is over the limit."""
        if self.limit <= 0:
            return True
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.get(key)
            if hits is None:
                if len(self._hits) >= MAX_READERS:
                    self._forget_idle(now)
                hits = self._hits[key] = deque()
            while hits and now - hits[0] >= self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            return True

    def _forget_idle(self, now: float) -> None:
        idle = [
            key for key, hits in self._hits.items() if not hits or now - hits[-1] >= self.window
        ]
        for key in idle:
            del self._hits[key]
        if len(self._hits) >= MAX_READERS:  # all active: drop the oldest half
            for key in list(self._hits)[: MAX_READERS // 2]:
                del self._hits[key]


def share_limiter() -> RateLimiter:
    return current_app.extensions["share_limiter"]


def init_app(app: Flask) -> None:
    app.extensions["share_limiter"] = RateLimiter(app.config["SHARE_RATE_LIMIT"])
