"""The community site: a Flask application factory and the parts it is made of."""

from __future__ import annotations

from importlib.resources import files

from flask import Flask
from htmx_flask import Htmx
from werkzeug.middleware.proxy_fix import ProxyFix

from . import cards, care, feeds, health, posts, search, sharing
from .config import (
    ConfigError,
    check_database_url,
    engine_options,
    ensure_instance_folder,
    from_environment,
    instance_path_from_environment,
    site_address,
)
from .data import count_table, outage, schema, version_watch
from .web import (
    assets,
    build,
    compression,
    errors,
    limits,
    logs,
    page_cache,
    security,
    slots,
    templating,
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

    logs.init_app(app)  # first: every part may log
    Htmx(app)
    # The data: the database (no connection yet), its version watch, the share counts.
    schema.init_app(app)
    outage.init_app(app)
    version_watch.init_app(app)
    count_table.init_app(app)
    # How responses are made. Before any view runs, a body over the limit is refused.
    limits.init_app(app)
    assets.init_app(app)
    build.init_app(app)  # after assets: the build id digests them
    page_cache.init_app(app)
    slots.init_app(app)
    templating.init_app(app)
    # after_request functions run last-registered first: responses are compressed, then
    # given the security headers.
    security.init_app(app)
    errors.init_app(app)
    compression.init_app(app)
    # The features: each registers its routes and the template globals its templates call.
    posts.init_app(app)
    search.init_app(app)
    sharing.init_app(app)
    cards.init_app(app)
    feeds.init_app(app)
    care.init_app(app)
    health.init_app(app)
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
    return app
