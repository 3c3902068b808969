"""Configuration read from the environment, in one place.

Every setting a maintainer may change comes from an environment variable with a sensible
default, so `make run` needs no set-up at all.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from exc


SUPPORTED_DATABASES = ("sqlite", "postgresql")
# Where `make run` serves the site; a deployment sets BASE_URL to its public address.
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
LOOPBACK_NAMES = ("localhost", "127.0.0.1")
# A host name or IPv4 address, as Werkzeug's trusted-host check can match it (not an IPv6
# literal); a leading dot in ALLOWED_HOSTS accepts every subdomain.
_HOST_NAME = re.compile(r"\.?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")
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


def engine_options(url: str) -> dict:
    """A PostgreSQL server that does not answer is given up on after a few seconds, so a
    request while it is away is a prompt 503 rather than a worker stuck past its timeout."""
    if make_url(url).get_backend_name() == "postgresql":
        return {"connect_args": {"connect_timeout": _int("DATABASE_CONNECT_TIMEOUT", 5)}}
    return {}


def check_base_url(url: str) -> str:
    """BASE_URL as an origin without its trailing slash: http(s), a host, no path."""
    message = f"BASE_URL must be the site's address, like https://example.org, not {url!r}"
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise ConfigError(message) from None
    host = parts.hostname or ""
    if (
        parts.scheme not in ("http", "https")
        or not _HOST_NAME.fullmatch(host)
        or host.startswith(".")
        or parts.username is not None
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or port == 0
    ):
        raise ConfigError(message)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def trusted_hosts(base_url: str, allowed_hosts: list[str]) -> list[str]:
    """The Host names the site answers for: BASE_URL's, those of ALLOWED_HOSTS, and every
    loopback name when BASE_URL is on loopback. Any other Host gets 400."""
    for name in allowed_hosts:
        if not _HOST_NAME.fullmatch(name):
            raise ConfigError(
                f"ALLOWED_HOSTS holds {name!r}: list host names (no scheme or port), "
                "comma-separated"
            )
    own = urlsplit(base_url).hostname or ""
    hosts = [own, *allowed_hosts]
    if own in LOOPBACK_NAMES:
        hosts += LOOPBACK_NAMES
    return list(dict.fromkeys(hosts))


def site_address(config: dict) -> dict:
    """The settings that follow from BASE_URL: checked once the app's overrides are in.
    Flask builds even `_external` URLs on SERVER_NAME, and refuses other hosts (TRUSTED_HOSTS)."""
    base_url = check_base_url(config["BASE_URL"])
    parts = urlsplit(base_url)
    return {
        "BASE_URL": base_url,
        "TRUSTED_HOSTS": trusted_hosts(base_url, config["ALLOWED_HOSTS"]),
        "SERVER_NAME": parts.netloc,
        "PREFERRED_URL_SCHEME": parts.scheme,
    }


def instance_path_from_environment() -> str | None:
    """INSTANCE_PATH: the folder for the SQLite database and the secret key, made absolute
    against the current folder. None leaves Flask's default: instance/ beside a checkout,
    `<prefix>/var/community_site-instance` for an installed package."""
    raw = os.environ.get("INSTANCE_PATH", "").strip()
    return os.path.abspath(os.path.expanduser(raw)) if raw else None


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


def _sitemap_size_from_environment() -> int:
    size = _int("SITEMAP_SIZE", 10_000)
    # File 1 starts with the home page and /popular.
    if not 2 <= size <= SITEMAP_LIMIT:
        raise ConfigError(f"SITEMAP_SIZE must be 2 to {SITEMAP_LIMIT:,}, not {size}")
    return size


# The crisis lines /help lists (and the search's notice names the first): Canada's, where the
# co-operative is. HELPLINES, or helplines.json in the instance folder, replaces them.
DEFAULT_HELPLINES = [
    {
        "name": "9-8-8 Suicide Crisis Helpline",
        "reach": "Call or text 9-8-8, any time, day or night",
        "href": "tel:988",
    },
    {
        "name": "Mental health support line (British Columbia)",
        "reach": "Call 310-6789, no area code needed, any time",
        "href": "tel:3106789",
    },
    {
        "name": "Emergency services",
        "reach": "Call 9-1-1 if you or someone else is in danger now",
        "href": "tel:911",
    },
]
HELPLINE_FIELDS = {"name", "reach", "href"}
HELPLINE_LINKS = ("tel:", "sms:", "https://", "mailto:")


def helplines(instance_path: str) -> list[dict[str, str]]:
    """The crisis lines: HELPLINES (JSON) from the environment, else the instance folder's
    helplines.json, else DEFAULT_HELPLINES. A list of {"name", "reach", "href"} objects,
    "href" optional: a tel:, sms:, mailto: or https:// link."""
    path = Path(instance_path) / "helplines.json"
    raw, where = os.environ.get("HELPLINES", "").strip(), "HELPLINES"
    if not raw and path.is_file():
        raw, where = path.read_text(encoding="utf-8"), str(path)
    if not raw:
        return DEFAULT_HELPLINES
    usage = (
        f'{where} must be a JSON list of crisis lines like [{{"name": "9-8-8 Suicide Crisis '
        'Helpline", "reach": "Call or text 9-8-8", "href": "tel:988"}]'
    )
    try:
        lines = json.loads(raw)
    except ValueError:
        raise ConfigError(f"{usage}; it is not JSON") from None
    if not isinstance(lines, list) or not lines:
        raise ConfigError(usage)
    for line in lines:
        if (
            not isinstance(line, dict)
            or not {"name", "reach"} <= line.keys() <= HELPLINE_FIELDS
            or not all(isinstance(value, str) and value.strip() for value in line.values())
        ):
            raise ConfigError(f"{usage}; this one is not: {json.dumps(line)[:80]}")
        if "href" in line and not line["href"].startswith(HELPLINE_LINKS):
            raise ConfigError(f"{where}: a link must start with {', '.join(HELPLINE_LINKS)}")
    return lines


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
        # Every absolute URL the site writes is on BASE_URL; see site_address().
        "BASE_URL": os.environ.get("BASE_URL", "").strip() or DEFAULT_BASE_URL,
        "ALLOWED_HOSTS": [
            name.strip().lower()
            for name in os.environ.get("ALLOWED_HOSTS", "").split(",")
            if name.strip()
        ],
        # The share networks shown, in order; none named: every network of the table
        # (sharing/networks.py).
        "SHARE_NETWORKS": [
            name.strip() for name in os.environ.get("SHARE_NETWORKS", "").split(",") if name.strip()
        ],
        "TRUSTED_PROXIES": _int("TRUSTED_PROXIES", 0),
        # Presses a minute from one address (an IPv6 /64), whatever browser it claims.
        "SHARE_RATE_LIMIT": _int("SHARE_RATE_LIMIT", 30),
        # Readers one address adds to a post's count on one network in a day: a household or
        # an office shares an address. 0 for no cap.
        "SHARE_READERS_PER_ADDRESS": _int("SHARE_READERS_PER_ADDRESS", 5),
        "SQLITE_BUSY_TIMEOUT_MS": _int("SQLITE_BUSY_TIMEOUT_MS", 5000),
        "PAGE_CACHE_MB": _int("PAGE_CACHE_MB", 128),
        # Seconds the proxy in front may keep a page (s-maxage; 0: it keeps none).
        "PROXY_CACHE_SECONDS": _int("PROXY_CACHE_SECONDS", 1),
        # 0: imports leave related posts alone (the import bench measures what they cost);
        # the next import with it on, or `flask posts relate`, works every list out.
        "RELATED_POSTS": _int("RELATED_POSTS", 1) != 0,
        # 0: imports propose no content notes (writers' own notes are still read); the next
        # import with it on proposes for every post imported meanwhile.
        "NOTE_PROPOSALS": _int("NOTE_PROPOSALS", 1) != 0,
        "SITEMAP_SIZE": _sitemap_size_from_environment(),
        "HELPLINES": helplines(instance_path),
        # How long a maintainer command waits for another one (an import) to finish.
        "MAINTAINER_WAIT_SECONDS": _int("MAINTAINER_WAIT", 300),
        # An empty database gets the schema at the first request (tests of old schemas turn
        # this off).
        "SCHEMA_AUTO_CREATE": True,
    }
