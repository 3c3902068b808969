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
from flask import Flask, Response, abort, current_app, request, send_file, url_for

from .compression import accepts_gzip, compress

HERE = Path(__file__).resolve().parent
SOURCES = {
    "site.css": HERE / "static" / "site.css",
    "site.js": HERE / "static" / "site.js",
    "favicon.svg": HERE / "static" / "favicon.svg",
    "favicon.png": HERE / "static" / "favicon.png",
    "htmx.min.js": Path(js_lib_htmx.__file__).parent / "static" / "htmx" / "htmx.min.js",
}
ONE_YEAR = 365 * 24 * 3600
ONE_DAY = 24 * 3600
FAVICON_ICO = HERE / "static" / "favicon.ico"


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


def asset_url(name: str) -> str:
    asset = current_app.extensions["assets"][name]
    return url_for("asset", digest=asset.digest, name=name)


def serve_asset(digest: str, name: str):
    asset = current_app.extensions["assets"].get(name)
    if asset is None or asset.digest != digest:
        abort(404)
    gzipped = accepts_gzip()
    tag = asset.digest + ("-gz" if gzipped else "")
    if request.if_none_match.contains(tag):
        response = Response(status=304)
    else:
        response = Response(asset.gzipped if gzipped else asset.body, mimetype=asset.mimetype)
        if gzipped:
            response.headers["Content-Encoding"] = "gzip"
    response.set_etag(tag)
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response


def serve_favicon():
    # A fixed address, so a day's cache rather than a year's.
    return send_file(FAVICON_ICO, mimetype="image/x-icon", max_age=ONE_DAY, conditional=True)


def init_app(app: Flask) -> None:
    app.extensions["assets"] = _load()
    app.add_url_rule("/static/<digest>/<name>", "asset", serve_asset)
    app.add_url_rule("/favicon.ico", "favicon", serve_favicon)
