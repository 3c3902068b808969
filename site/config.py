"""Configuration read from the environment, in one place.

Every setting a maintainer may change comes from an environment variable with a sensible
default, so `make run` needs no set-up at all.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_NETWORKS = "email,copy,mastodon,bluesky,facebook,x,linkedin,reddit,whatsapp,telegram,native"


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from exc


class ConfigError(Exception):
    """A setting that cannot be used; the message says which and why."""


def from_environment(instance_path: str) -> dict:
    """Return the Flask config mapping built from the process environment."""
    default_db = "sqlite:///" + str(Path(instance_path) / "community.db")
    return {
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL") or default_db,
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
    }
