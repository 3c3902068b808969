"""The community site: a Flask application factory and the parts it is made of."""

from __future__ import annotations

from importlib.resources import files

from flask import Flask
from htmx_flask import Htmx
from werkzeug.middleware.proxy_fix import ProxyFix

from . import (
    assets,
    compression,
    counts,
    db,
    errors,
    feeds,
    health,
    limits,
    markup,
    page_cache,
    pages,
    popular,
    responses,
    search,
    security,
    share,
    versions,
)
from .config import (
    ConfigError,
    check_database_url,
    engine_options,
    ensure_instance_folder,
    from_environment,
    instance_path_from_environment,
    site_address,
)

__all__ = ["ConfigError", "create_app"]

# The top-level templates/ folder is the package `community_site.templates` (setuptools
# package-dir): found the same way in a checkout, an editable install and an installed wheel.
TEMPLATES = files(f"{__name__}.templates")


def create_app(config: dict | None = None) -> Flask:
    """Build the site. `config` overrides settings read from the environment; its
    INSTANCE_PATH, if given, replaces the instance folder (tests use a temporary one)."""
    config = dict(config or {})
    app = Flask(
        __name__,
        instance_path=config.pop("INSTANCE_PATH", None) or instance_path_from_environment(),
        instance_relative_config=True,
        template_folder=str(TEMPLATES),
        static_folder=None,
    )
    ensure_instance_folder(app.instance_path)
    app.config.update(from_environment(app.instance_path))
    app.config.update(config)
    check_database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config["SQLALCHEMY_DATABASE_URI"])
    )
    app.config.update(site_address(app.config))
    app.json.ensure_ascii = False  # type: ignore[attr-defined]

    Htmx(app)
    db.init_app(app)
    parts = (limits, assets, versions, counts, page_cache, responses, security, errors, compression)
    for part in (*parts, pages, popular, search, feeds, health, share, markup):
        part.init_app(app)
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
    return app
