"""Paths, expected data and dump builders shared by the tests."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
REAL_DUMP = FIXTURES / "community-dump.txt"
EDGE = FIXTURES / "edge-cases"

REAL_POSTS = [
    ("What is Peer Support?", "what-is-peer-support"),
    ("Enteroviral Infection in ME/CFS", "enteroviral-infection-in-me-cfs"),
    (
        "We had a wonderful day at UBC’s Allies in Health Community and Patient Fair!",
        "we-had-a-wonderful-day-at-ubcs-allies-in-health-community-and-patient-fair",
    ),
    (
        "Over 35 community organizations with a vast range of services",
        "over-35-community-organizations-with-a-vast-range-of-services",
    ),
]


def make_dump(posts: list[tuple[str, str]]) -> str:
    """A dump of (title, body) posts, each closed by the share marker."""
    return "".join(f"{title}\n\n{body}\n\nWays to Share:\n" for title, body in posts)
