"""Share cards kept as files in the instance folder (`cards/<digest>.png`), drawn on the first
request for them and never again, across restarts and by every process on the machine.

A card's digest names everything it shows (cards.card_digest), so a file never goes stale:
a changed title has a new digest, and so a new file. Threads of a process draw one card at a
time, and one that waited finds the file its forerunner wrote; a file is written under a
temporary name and renamed into place, so no request ever reads half a card.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from flask import Flask, current_app

FOLDER = "cards"


class CardStore:
    def __init__(self, folder: Path):
        self.folder = folder
        self._lock = threading.Lock()

    def png(self, digest: str, draw: Callable[[], bytes]) -> bytes:
        """The card named `digest`: read from its file, or drawn by `draw` and kept."""
        path = self.folder / f"{digest}.png"
        try:
            return path.read_bytes()
        except FileNotFoundError:
            pass
        with self._lock:
            try:
                return path.read_bytes()  # drawn while this thread waited
            except FileNotFoundError:
                pass
            body = draw()
            partial = path.with_name(f".{digest}.{os.getpid()}.tmp")
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                partial.write_bytes(body)
                os.replace(partial, path)
            except OSError as exc:
                # A full disk costs a drawing per request, not the card.
                current_app.logger.warning("share card %s not kept: %s", digest, exc)
                partial.unlink(missing_ok=True)
            return body


def card_store() -> CardStore:
    return current_app.extensions["card_store"]


def init_app(app: Flask) -> None:
    app.extensions["card_store"] = CardStore(Path(app.instance_path) / FOLDER)
