"""Who pressed: a reader is a keyed hash of address and browser, and an address a keyed hash
of the network alone (an IPv6 /64). Neither the address nor the browser is stored, and the
keys change with the day's random salt."""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import current_app, request
from sqlalchemy import delete, select

from ..data.execute import insert_for
from ..data.extension import db
from ..data.models import DailySalt, SharePress


def today() -> date:
    return datetime.now(UTC).date()


def _secret(day: date) -> bytes:
    """The key of the day's hashes: the secret key and the day's random salt. Yesterday's
    salts and presses are deleted when a new day starts."""
    cached = current_app.extensions.get("share_secret")
    if cached and cached[0] == day:
        return cached[1]
    salt = db.session.scalar(select(DailySalt.salt).where(DailySalt.day == day))
    if salt is None:
        # End the read first: on SQLite a transaction that read and then writes cannot wait
        # for the write lock once another press of the day's first moments has committed (it
        # fails at once, "database is locked"); one that begins with its write waits.
        db.session.rollback()
        db.session.execute(
            insert_for(db.engine.dialect.name)(DailySalt)
            .values(day=day, salt=secrets.token_hex(32))
            .on_conflict_do_nothing(index_elements=["day"])
        )
        db.session.execute(delete(DailySalt).where(DailySalt.day < day))
        db.session.execute(delete(SharePress).where(SharePress.day < day))
        db.session.commit()
        salt = db.session.scalar(select(DailySalt.salt).where(DailySalt.day == day))
    # Give the connection back: the press waits for its own (presses.py), and presses of
    # other threads holding one each while they wait could leave it none.
    db.session.commit()
    # The secret key joins the salt: a copy of the database alone cannot be brute-forced.
    secret = f"{current_app.config['SECRET_KEY']}:{salt}".encode()
    current_app.extensions["share_secret"] = (day, secret)
    return secret


def address_of(remote_addr: str | None) -> str:
    """The reader's network: an IPv4 address, or the /64 an IPv6 address belongs to (one
    household or device is given a whole /64)."""
    if remote_addr is None or ":" not in remote_addr:
        # IPv4, or no address at all: what ip_address would give back, without parsing (a
        # valid IPv4 address has one spelling, and anything else is kept as it came).
        return remote_addr or ""
    try:
        address = ipaddress.ip_address(remote_addr)
    except ValueError:
        return remote_addr or ""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


@dataclass(frozen=True)
class Reader:
    """Keyed hashes of one press's address, and of its address and browser."""

    address_key: str
    reader_key: str


def reader_of(day: date) -> Reader:
    """The reader making this request, as keyed on `day`."""
    address = address_of(request.remote_addr)
    secret = _secret(day)
    browser = request.headers.get("User-Agent", "")
    return Reader(
        hmac.digest(secret, address.encode(), "sha256").hex()[:32],
        hmac.digest(secret, f"{address}\n{browser}".encode(), "sha256").hex()[:32],
    )
