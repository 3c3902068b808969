"""The build id: a digest of everything a page's bytes come from besides the data, so that a
deploy with new markup changes every cache key and ETag."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask

PACKAGE = Path(__file__).resolve().parent.parent


def build_id(app: Flask) -> str:
    """A digest of the templates, the site's code (it names what pages show: labels, words)
    and the assets (loaded already: assets.init_app)."""
    digest = hashlib.sha256()
    sources = [*Path(app.template_folder).rglob("*"), *PACKAGE.rglob("*.py")]
    for path in sorted(sources):
        # An installed package holds compiled bytecode beside the templates: not markup.
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    for asset in app.extensions["assets"].values():
        digest.update(asset.digest.encode())
    return digest.hexdigest()[:16]


def init_app(app: Flask) -> None:
    app.config.setdefault("BUILD_ID", build_id(app))
