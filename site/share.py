"""Share presses: counting readers once a day, without cookies or raw addresses.

`POST /posts/<slug>/share/<network>` records a press. An htmx request gets the updated button
back; a plain form gets a 303 to the network's share page. `GET /posts/<slug>/share` is a
post's full share bar: the listing opens it in place.

A reader is a keyed hash of address and browser, counted once per post, network and day. One
address (an IPv6 /64) adds at most SHARE_READERS_PER_ADDRESS readers to a count a day,
whatever browsers it claims, and its presses are rate-limited as one.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import ipaddress
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import (
    Blueprint,
    abort,
    current_app,
    make_response,
    redirect,
    request,
)
from sqlalchemy import Executable, bindparam, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from . import counts
from .db import db, run
from .errors import RETRY_AFTER
from .markup import buttons_for, enabled_networks, share_button, share_total_tag
from .models import DailySalt, Post, ShareCount, SharePress, ShareTotal, bump_shares_version
from .networks import NETWORKS, Network, valid_instance
from .pages import post_context
from .queries import visible_post
from .rate_limit import RateLimiter
from .responses import cached_fragment, canonical_url, conditional, render_page

bp = Blueprint("share", __name__)

INSTANCE_ERROR = "Please enter just your Mastodon server's name, for example mastodon.social."
RATE_ERROR = "That was a lot of sharing in a short time. Please wait a minute and try again."


def _insert():
    return postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert


def _today() -> date:
    return datetime.now(UTC).date()


def _salt(today: date) -> str:
    """Today's random salt. Yesterday's salts and presses are deleted when a new day starts."""
    cached = current_app.extensions.get("share_salt")
    if cached and cached[0] == today:
        return cached[1]
    salt = db.session.scalar(select(DailySalt.salt).where(DailySalt.day == today))
    if salt is None:
        db.session.execute(
            _insert()(DailySalt)
            .values(day=today, salt=secrets.token_hex(32))
            .on_conflict_do_nothing(index_elements=["day"])
        )
        db.session.execute(delete(DailySalt).where(DailySalt.day < today))
        db.session.execute(delete(SharePress).where(SharePress.day < today))
        db.session.commit()
        salt = db.session.scalar(select(DailySalt.salt).where(DailySalt.day == today))
    current_app.extensions["share_salt"] = (today, salt)
    return salt


def address_of(remote_addr: str | None) -> str:
    """The reader's network: an IPv4 address, or the /64 an IPv6 address belongs to (one
    household or device is given a whole /64)."""
    try:
        address = ipaddress.ip_address(remote_addr or "")
    except ValueError:
        return remote_addr or ""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


@dataclass(frozen=True)
class Reader:
    """Keyed hashes of one press's address, and of its address and browser; neither the
    address nor the browser is stored, and the keys change with the day's salt."""

    address_key: str
    reader_key: str


def reader_of(today: date) -> Reader:
    address = address_of(request.remote_addr)
    # The secret key joins the salt: a copy of the database alone cannot be brute-forced.
    secret = f"{current_app.config['SECRET_KEY']}:{_salt(today)}".encode()

    def key(message: str) -> str:
        return hmac.new(secret, message.encode(), hashlib.sha256).hexdigest()[:32]

    return Reader(key(address), key(f"{address}\n{request.user_agent.string}"))


@dataclass(frozen=True)
class _PressStatements:
    """A press's statements, built once per dialect: building a statement costs more than
    running it."""

    remember: Executable
    readers: Executable
    count: Executable
    total: Executable


_one_writer = threading.Lock()


@functools.cache
def _press_statements(dialect: str) -> _PressStatements:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    presses, counts_, totals = SharePress.__table__, ShareCount.__table__, ShareTotal.__table__
    post_id, network, day = bindparam("post_id"), bindparam("network"), bindparam("day")
    count = insert(counts_).values(
        post_id=post_id, network=network, count=1, version=bindparam("version")
    )
    total = insert(totals).values(post_id=post_id, total=1, position=bindparam("position"))
    return _PressStatements(
        # RETURNING says whether the row was new; rowcount is not reliable on every driver.
        remember=insert(presses)
        .values(
            post_id=post_id,
            network=network,
            day=day,
            reader_key=bindparam("reader_key"),
            address_key=bindparam("address_key"),
        )
        .on_conflict_do_nothing()
        .returning(presses.c.post_id),
        readers=select(func.count())
        .select_from(presses)
        .where(
            presses.c.post_id == post_id,
            presses.c.network == network,
            presses.c.day == day,
            presses.c.address_key == bindparam("address_key"),
        ),
        count=count.on_conflict_do_update(
            index_elements=["post_id", "network"],
            set_={"count": counts_.c.count + 1, "version": count.excluded.version},
        ).returning(counts_.c.count),
        total=total.on_conflict_do_update(
            index_elements=["post_id"], set_={"total": totals.c.total + 1}
        ),
    )


def record_press(post: Post, network: str, reader: Reader, today: date) -> None:
    """Count this reader's press once per post, network and day, and at most
    SHARE_READERS_PER_ADDRESS readers of one address; atomically."""
    statements = _press_statements(db.engine.dialect.name)
    params = {
        "post_id": post.id,
        "network": network,
        "day": today,
        "reader_key": reader.reader_key,
        "address_key": reader.address_key,
    }
    # One press at a time in this process: the others wait on a lock that wakes them at once,
    # not in SQLite's busy handler, which sleeps in steps of up to 100 ms. They wait no longer
    # than that handler would: behind a press stuck on the database (an import holds SQLite's
    # write lock) a queue of presses would otherwise hold every thread for one busy timeout
    # each, while readers wait for a thread.
    wait = current_app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000
    if not _one_writer.acquire(timeout=wait):
        abort(503)
    try:
        # The insert comes first so the transaction holds the write lock before the cap is
        # counted.
        inserted = run(statements.remember, params).first()
        cap = current_app.config["SHARE_READERS_PER_ADDRESS"]  # 0: no cap
        counted = inserted is not None and (
            cap <= 0 or run(statements.readers, params).scalar_one() <= cap
        )
        if counted:
            params["version"] = bump_shares_version()
            params["position"] = post.position
            count = run(statements.count, params).scalar_one()
            run(statements.total, params)
        db.session.commit()
    finally:
        _one_writer.release()
    if counted:
        # This process's count table learns the new count from the press itself rather than
        # by a query on the next request (outside the writers' lock: the table's lock is
        # held while it queries).
        counts.table().changed(post.id, network, count, params["version"])


def same_origin() -> bool:
    """False for a POST whose Origin names another site."""
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return False
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    allowed = {request.host_url.rstrip("/")}
    if current_app.config["BASE_URL"]:
        allowed.add(current_app.config["BASE_URL"])
    return origin in allowed


def _button(post: Post, network: Network, status: int = 200, error: str = ""):
    """A press's answer: its button, rendered once per post, network and message."""

    def render() -> str:
        (button,) = buttons_for(post, only=network)
        return share_button(post, button, error) + share_total_tag(post.id, oob=True)

    html = cached_fragment(f"button:{post.slug}:{network.name}:{error}", render)
    response = make_response(html, status)
    if status == 429:
        response.headers["Retry-After"] = RETRY_AFTER[429]
    return response


@bp.post("/posts/<slug>/share/<network_name>")
def press(slug: str, network_name: str):
    network = NETWORKS.get(network_name)
    if network is None or network not in enabled_networks():
        abort(404)
    if not same_origin():
        abort(403)
    post = visible_post(slug, brief=True)
    post_url = canonical_url("pages.post", slug=post.slug)
    instance = ""
    if network.kind == "prompt":
        raw = request.headers.get("HX-Prompt") or request.form.get("instance", "")
        instance = valid_instance(raw) or ""
        if not instance:
            if request.htmx:  # type: ignore[attr-defined]
                # 200, not 4xx: the refusal is an answer the reader reads in place.
                return _button(post, network, 200, INSTANCE_ERROR)
            abort(422, INSTANCE_ERROR)
    today = _today()
    reader = reader_of(today)
    if not current_app.extensions["share_limiter"].allow(reader.address_key):
        if request.htmx:  # type: ignore[attr-defined]
            return _button(post, network, 429, RATE_ERROR)
        abort(429, RATE_ERROR)
    record_press(post, network.name, reader, today)
    target = network.share_url(post_url, post.title, instance)
    if request.htmx:  # type: ignore[attr-defined]
        response = _button(post, network)
        if network.kind == "prompt":
            response.headers["HX-Redirect"] = target
        return response
    if network.kind in ("copy", "native"):
        target = canonical_url("pages.post", slug=post.slug) + f"#share-{post.id}"
    return redirect(target, 303)


@bp.get("/posts/<slug>/share")
@conditional()
def bar(slug: str):
    """A post's full share bar: alone for htmx (the listing opens it in place), otherwise the
    post page, whose bar is the same."""
    return render_page("post.html", "_share_bar.html", **post_context(slug))


def init_app(app) -> None:
    app.extensions["share_limiter"] = RateLimiter(app.config["SHARE_RATE_LIMIT"])
    app.register_blueprint(bp)
