"""One address is a few readers at most: what an attacker rotating User-Agents gets, sent to
the app served by gunicorn."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import Server
from tests.support import REAL_DUMP, send

pytestmark = pytest.mark.served

POST = "/posts/what-is-peer-support"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    # Behind one trusted proxy, so the tests can send from many addresses as nginx would.
    server = Server(tmp_path_factory.mktemp("caps"), [REAL_DUMP], {"TRUSTED_PROXIES": "1"})
    yield server
    server.stop()


def press(server, network, address, agent):
    return send(
        server.base,
        "POST",
        f"{POST}/share/{network}",
        {"HX-Request": "true", "User-Agent": agent, "X-Forwarded-For": address},
    )[0]


def count(server, network) -> int:
    html = send(server.base, "GET", POST)[1]
    return int(re.search(rf'data-share-count="{network}">(\d+)<', html).group(1))


def test_forty_user_agents_from_one_address_get_429s_and_add_at_most_the_cap(served):
    statuses = [press(served, "reddit", "203.0.113.50", f"Agent {n}") for n in range(40)]
    assert statuses[:30] == [200] * 30  # SHARE_RATE_LIMIT: 30 a minute per address
    assert statuses[30:] == [429] * 10
    assert count(served, "reddit") == 5  # SHARE_READERS_PER_ADDRESS


def test_an_ipv6_64_is_one_address_and_another_64_is_another(served):
    # One device hopping through its /64 with the same browser is one reader...
    hops = [press(served, "telegram", f"2001:db8:1:2::{n:x}", "Same UA") for n in range(1, 4)]
    assert hops == [200] * 3
    assert count(served, "telegram") == 1
    # ...and many browsers in one /64 are at most the cap.
    many = [press(served, "telegram", f"2001:db8:1:2::{n:x}", f"UA {n}") for n in range(1, 9)]
    assert many == [200] * 8
    assert count(served, "telegram") == 5
    assert press(served, "telegram", "2001:db8:1:3::1", "Same UA") == 200
    assert count(served, "telegram") == 6


def test_readers_sharing_an_address_still_count_up_to_the_cap(served):
    # A household: three browsers behind one address are three readers.
    for agent in ("Phone", "Laptop", "Tablet"):
        assert press(served, "email", "198.51.100.30", agent) == 200
    assert press(served, "email", "198.51.100.30", "Phone") == 200  # the same reader again
    assert count(served, "email") == 3
