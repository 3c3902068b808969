"""Share presses: counting readers once a day, without cookies or raw addresses.

`POST /posts/<slug>/share/<network>` records a press. An htmx request gets the updated button
back; a plain form gets a 303 to the network's share page.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import quote

from flask import (
    Blueprint,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from .db import db
from .errors import RETRY_AFTER
from .models import DailySalt, Post, ShareCount, SharePress, bump_shares_version
from .networks import NETWORKS, Network, valid_instance
from .queries import visible_post
from .rate_limit import RateLimiter
from .responses import canonical_url

bp = Blueprint("share", __name__)

INSTANCE_ERROR = "Please enter just your Mastodon server's name, for example mastodon.social."
RATE_ERROR = "That was a lot of sharing in a short time. Please wait a minute and try again."


def enabled_networks() -> list[Network]:
    return [NETWORKS[name] for name in current_app.config["SHARE_NETWORKS"] if name in NETWORKS]


@dataclass(frozen=True)
class Button:
    """What one share button shows: its network, count, form action and share URL."""

    network: Network
    count: int
    action: str
    share_url: str
    post_url: str


def buttons_for(post: Post, counts: dict[str, int], only: Network | None = None) -> list[Button]:
    """The share bar's buttons for a post, built once per post rather than per button."""
    post_path = url_for("pages.post", slug=post.slug)
    post_url = canonical_url("pages.post", slug=post.slug)
    quoted_url, quoted_title = quote(post_url, safe=""), quote(post.title, safe="")
    return [
        Button(
            network,
            counts.get(network.name, 0),
            # The press route below is /posts/<slug>/share/<network>.
            f"{post_path}/share/{network.name}",
            network.fill(quoted_url, quoted_title),
            post_url,
        )
        for network in ([only] if only else enabled_networks())
    ]


def counts_for(post_ids: list[int]) -> dict[int, dict[str, int]]:
    """Share counts by post id and network name."""
    counts: dict[int, dict[str, int]] = {post_id: {} for post_id in post_ids}
    if post_ids:
        rows = db.session.execute(
            select(ShareCount.post_id, ShareCount.network, ShareCount.count).where(
                ShareCount.post_id.in_(post_ids)
            )
        )
        for post_id, network, count in rows:
            counts[post_id][network] = count
    return counts


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


def reader_key(today: date) -> str:
    """A keyed hash of the reader's address and browser; neither is stored."""
    message = f"{request.remote_addr}\n{request.user_agent.string}".encode()
    # The secret key joins the salt: a copy of the database alone cannot be brute-forced.
    secret = f"{current_app.config['SECRET_KEY']}:{_salt(today)}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]


def record_press(post: Post, network: str, key: str, today: date) -> None:
    """Count this reader's press once per post, network and day, atomically."""
    # RETURNING says whether the row was new; rowcount is not reliable on every driver.
    inserted = db.session.execute(
        _insert()(SharePress)
        .values(post_id=post.id, network=network, day=today, reader_key=key)
        .on_conflict_do_nothing()
        .returning(SharePress.post_id)
    ).first()
    if inserted is not None:
        statement = _insert()(ShareCount).values(post_id=post.id, network=network, count=1)
        db.session.execute(
            statement.on_conflict_do_update(
                index_elements=["post_id", "network"],
                set_={"count": ShareCount.count + 1},
            )
        )
        bump_shares_version()
    db.session.commit()


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
    counts = counts_for([post.id])[post.id]
    (button,) = buttons_for(post, counts, only=network)
    html = render_template("_share_button.html", post=post, button=button, error=error)
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
    post = visible_post(slug)
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
    key = reader_key(today)
    if not current_app.extensions["share_limiter"].allow(key):
        if request.htmx:  # type: ignore[attr-defined]
            return _button(post, network, 429, RATE_ERROR)
        abort(429, RATE_ERROR)
    record_press(post, network.name, key, today)
    target = network.share_url(post_url, post.title, instance)
    if request.htmx:  # type: ignore[attr-defined]
        response = _button(post, network)
        if network.kind == "prompt":
            response.headers["HX-Redirect"] = target
        return response
    if network.kind in ("copy", "native"):
        target = canonical_url("pages.post", slug=post.slug) + "#share"
    return redirect(target, 303)


def init_app(app) -> None:
    app.extensions["share_limiter"] = RateLimiter(app.config["SHARE_RATE_LIMIT"])
    app.register_blueprint(bp)
    app.jinja_env.globals["share_buttons"] = buttons_for
