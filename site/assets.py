"""Static files served with a content hash in their URL and a far-future cache header.

htmx comes from the installed `django-js-lib-htmx` package; the site's own stylesheet,
script and icon live in site/static/. Pages link the icon (SVG, with a PNG fallback) by its
hashed URL; /favicon.ico answers too, for browsers and tools that ask for it by that name.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import js_lib_htmx
from flask import Flask, abort, current_app, send_file, url_for

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


def _load() -> dict[str, Asset]:
    table = {}
    for name, path in SOURCES.items():
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        table[name] = Asset(path, digest)
    return table


def asset_url(name: str) -> str:
    asset = current_app.extensions["assets"][name]
    return url_for("asset", digest=asset.digest, name=name)


def serve_asset(digest: str, name: str):
    asset = current_app.extensions["assets"].get(name)
    if asset is None or asset.digest != digest:
        abort(404)
    response = send_file(asset.path, max_age=ONE_YEAR, etag=True, conditional=True)
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response


def serve_favicon():
    # A fixed address, so a day's cache rather than a year's.
    return send_file(FAVICON_ICO, mimetype="image/x-icon", max_age=ONE_DAY, conditional=True)


def init_app(app: Flask) -> None:
    app.extensions["assets"] = _load()
    app.add_url_rule("/static/<digest>/<name>", "asset", serve_asset)
    app.add_url_rule("/favicon.ico", "favicon", serve_favicon)
    app.jinja_env.globals["asset_url"] = asset_url
