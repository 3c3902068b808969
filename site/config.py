"""Configuration read from the environment, in one place.

Every setting a maintainer may change comes from an environment variable with a sensible
default, so `make run` needs no set-up at all.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

DEFAULT_NETWORKS = "email,copy,mastodon,bluesky,facebook,x,linkedin,reddit,whatsapp,telegram,native"


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from exc


SUPPORTED_DATABASES = ("sqlite", "postgresql")
# The sitemaps protocol allows at most 50,000 URLs in one file.
SITEMAP_LIMIT = 50_000


class ConfigError(Exception):
    """A setting that cannot be used; the message says which and why."""


def check_database_url(url: str) -> str:
    """Refuse a URL that does not parse, names an unknown database or a missing driver."""
    try:
        parsed = make_url(url)
        dialect = parsed.get_dialect()
    except NoSuchModuleError:
        raise ConfigError(
            f"DATABASE_URL names an unknown database driver {make_url(url).drivername!r}"
        ) from None
    except ArgumentError:
        raise ConfigError(
            "DATABASE_URL is not a database URL "
            "(expected e.g. sqlite:///path/site.db or postgresql+psycopg://user@host/db)"
        ) from None
    if parsed.get_backend_name() not in SUPPORTED_DATABASES:
        raise ConfigError(
            f"DATABASE_URL names {parsed.get_backend_name()}; the site runs on "
            + " or ".join(SUPPORTED_DATABASES)
        )
    try:
        dialect.import_dbapi()
    except ImportError as exc:
        raise ConfigError(
            f"the driver for DATABASE_URL ({parsed.drivername}) is not installed: {exc.name}"
            + ("; install the project's 'postgres' extra" if "postgres" in url else "")
        ) from None
    return url


def ensure_instance_folder(path: str) -> None:
    try:
        Path(path).mkdir(parents=True, exist_ok=True)
        probe = Path(path) / ".write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise ConfigError(
            f"the instance folder {path} cannot be created or written ({exc.strerror or exc})"
        ) from None


def secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment, else one generated once and kept (mode 0600)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = Path(instance_path) / "secret_key"
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_text().strip()
        if not key:
            raise ConfigError(f"{path} is empty: delete it to have a new key made") from None
        return key
    except OSError as exc:
        raise ConfigError(f"cannot create {path} ({exc.strerror or exc})") from None
    key = secrets.token_hex(32)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(key + "\n")
    return key


def sitemap_size() -> int:
    size = _int("SITEMAP_SIZE", 10_000)
    if not 1 <= size <= SITEMAP_LIMIT:
        raise ConfigError(f"SITEMAP_SIZE must be 1 to {SITEMAP_LIMIT:,}, not {size}")
    return size


def from_environment(instance_path: str) -> dict:
    """Return the Flask config mapping built from the process environment."""
    default_db = "sqlite:///" + str(Path(instance_path) / "community.db")
    return {
        "SECRET_KEY": secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": check_database_url(os.environ.get("DATABASE_URL") or default_db),
        "POSTS_PER_PAGE": _int("POSTS_PER_PAGE", 10),
        "SITE_NAME": os.environ.get("SITE_NAME", "Peer Voices"),
        "SITE_TAGLINE": os.environ.get(
            "SITE_TAGLINE", "Stories and resources from a peer-support community"
        ),
        "BASE_URL": os.environ.get("BASE_URL", "").rstrip("/"),
        "SHARE_NETWORKS": [
            name.strip()
            for name in os.environ.get("SHARE_NETWORKS", DEFAULT_NETWORKS).split(",")
            if name.strip()
        ],
        "TRUSTED_PROXIES": _int("TRUSTED_PROXIES", 0),
        "SHARE_RATE_LIMIT": _int("SHARE_RATE_LIMIT", 30),
        "SQLITE_BUSY_TIMEOUT_MS": _int("SQLITE_BUSY_TIMEOUT_MS", 5000),
        "PAGE_CACHE_MB": _int("PAGE_CACHE_MB", 32),
        "SITEMAP_SIZE": sitemap_size(),
        # An empty database gets the schema at start-up (tests of old schemas turn this off).
        "SCHEMA_AUTO_CREATE": True,
    }
