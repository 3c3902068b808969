"""The addresses pages write and read: absolute URLs on BASE_URL, post paths, the layout's
links, and the page number a listing's query string asks for."""

from __future__ import annotations

from flask import abort, current_app, request, url_for

# What the layout (base.html) links on every page.
LAYOUT_ENDPOINTS = {
    "index": "posts.index",
    "popular": "posts.most_shared",
    "search": "search.results",
    "feed": "feeds.feed",
    "help": "care.help",
    "choices": "care.choices",
}
LAYOUT_ASSETS = ("favicon.svg", "favicon.png", "site.css", "htmx.min.js", "site.js")


def canonical_url(endpoint: str, **values) -> str:
    """An absolute URL, always on BASE_URL: never on the Host a request names, so no request
    can put another site's address into a page, a feed or a cached copy of either."""
    return current_app.config["BASE_URL"] + url_for(endpoint, **values)


def posts_folder() -> str:
    """The path every post page's path starts with: a listing reads it once, not per post."""
    return f"{request.script_root}/posts/"


def post_path(slug: str) -> str:
    """The path of a post page, as url_for("posts.post") builds it. Listings link every post
    twice, and building through the URL map costs more than the rest of an entry; slugs are
    made of [a-z0-9-] only, so nothing needs quoting."""
    return posts_folder() + slug


def layout_urls() -> dict[str, str]:
    """The layout's links, by endpoint key or asset name: built once per script root (the
    site may be mounted under a prefix), not a dozen times per page.

    Built on a URL adapter of the site's own address rather than the request's: an error
    page for a Host the site refuses has no adapter of its own (Flask refuses the host
    before it binds the URL map), and its links belong on BASE_URL's host anyway."""
    by_root = current_app.extensions.setdefault("layout_urls", {})
    urls = by_root.get(request.script_root)
    if urls is None:
        adapter = current_app.url_map.bind(
            current_app.config["SERVER_NAME"], script_name=request.script_root or "/"
        )
        assets = current_app.extensions["assets"]
        urls = {key: adapter.build(endpoint) for key, endpoint in LAYOUT_ENDPOINTS.items()}
        urls.update(
            (name, adapter.build("asset", {"digest": assets[name].digest, "name": name}))
            for name in LAYOUT_ASSETS
        )
        by_root[request.script_root] = urls
    return urls


def page_number(name: str = "page") -> int:
    """The page number from the query string: a whole number from 1, or the request is a 404."""
    raw = request.args.get(name, "1")
    if not raw.isascii() or not raw.isdigit() or raw.startswith("0") or len(raw) > 9:
        abort(404)
    return int(raw)
