"""Static files served from memory with a content hash in their URL, a far-future cache
header, and gzip-compressed once at start-up for clients that accept it.

htmx comes from the installed `django-js-lib-htmx` package; the site's own stylesheet,
script and icon live in site/static/. Pages link the icon (SVG, with a PNG fallback) by its
hashed URL; /favicon.ico answers too, for browsers and tools that ask for it by that name.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

import js_lib_htmx
from flask import Flask, abort, current_app, send_file

from .compression import compress
from .conditional import conditional_response

# site/static/, beside this package.
STATIC = Path(__file__).resolve().parent.parent / "static"
SOURCES = {
    "site.css": STATIC / "site.css",
    "site.js": STATIC / "site.js",
    "favicon.svg": STATIC / "favicon.svg",
    "favicon.png": STATIC / "favicon.png",
    "htmx.min.js": Path(js_lib_htmx.__file__).parent / "static" / "htmx" / "htmx.min.js",
}
ONE_YEAR = 365 * 24 * 3600
ONE_DAY = 24 * 3600
FAVICON_ICO = STATIC / "favicon.ico"


@dataclass(frozen=True)
class Asset:
    path: Path
    digest: str
    body: bytes
    gzipped: bytes
    mimetype: str


def _load() -> dict[str, Asset]:
    table = {}
    for name, path in SOURCES.items():
        body = path.read_bytes()
        digest = hashlib.sha256(body).hexdigest()[:12]
        mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        table[name] = Asset(path, digest, body, compress(body), mimetype)
    return table


def serve_asset(digest: str, name: str):
    asset = current_app.extensions["assets"].get(name)
    if asset is None or asset.digest != digest:
        abort(404)
    return conditional_response(
        asset.digest,
        asset.mimetype,
        lambda: asset.body,
        lambda: asset.gzipped,
        f"public, max-age={ONE_YEAR}, immutable",
        "Accept-Encoding",
    )


def serve_favicon():
    # A fixed address, so a day's cache rather than a year's.
    return send_file(FAVICON_ICO, mimetype="image/x-icon", max_age=ONE_DAY, conditional=True)


def init_app(app: Flask) -> None:
    app.extensions["assets"] = _load()
    app.add_url_rule("/static/<digest>/<name>", "asset", serve_asset)
    app.add_url_rule("/favicon.ico", "favicon", serve_favicon)
