"""Static files served with a content hash in their URL and a far-future cache header.

htmx comes from the installed `django-js-lib-htmx` package; the site's own stylesheet and
script live in site/static/.
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
    "htmx.min.js": Path(js_lib_htmx.__file__).parent / "static" / "htmx" / "htmx.min.js",
}
ONE_YEAR = 365 * 24 * 3600


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


def init_app(app: Flask) -> None:
    app.extensions["assets"] = _load()
    app.add_url_rule("/static/<digest>/<name>", "asset", serve_asset)
    app.jinja_env.globals["asset_url"] = asset_url
