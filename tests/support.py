"""Paths, expected data and dump builders shared by the tests."""

from __future__ import annotations

import http.client
import os
import uuid
from pathlib import Path
from urllib.parse import urlsplit

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


def server_database_url(tmp: Path) -> str:
    """A new, empty database for a server the tests start: a SQLite file, or in the
    PostgreSQL half of the suite a database of its own on that server."""
    postgres = os.environ.get("TEST_DATABASE_URL", "")
    if not postgres:
        return f"sqlite:///{tmp / 'site.db'}"
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"community_{uuid.uuid4().hex[:12]}"
    engine = create_engine(postgres, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(postgres).set(database=name).render_as_string(hide_password=False)


def app_at_revision(tmp: Path, database_url: str, revision: str):
    """An app on a database whose schema stops at an old migration `revision`, and the config
    to build the same app again (for the upgrade a test then runs)."""
    from flask_migrate import upgrade

    from community_site import create_app
    from community_site.data.extension import MIGRATIONS

    config = {
        "INSTANCE_PATH": str(tmp / "instance"),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SCHEMA_AUTO_CREATE": False,
    }
    app = create_app(dict(config))
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision=revision)
    return app, config


def topic_posts(count: int, topics: int, seed: int = 21) -> list[tuple[str, str, int]]:
    """`count` posts (title, body, topic) in `topics` topics, each topic with forty words of
    its own: a post uses eight of its topic's words (some more than once) and four words of
    other topics, among some three hundred words every topic shares, about 2 KB in all.
    Made-up words (three syllables), so no topic leans on English; topics take turns down
    the dump. The titles are distinct."""
    return list(iter_topic_posts(count, topics, seed))


def iter_topic_posts(count: int, topics: int, seed: int = 21):
    """topic_posts' posts one at a time, for dumps too large to hold (bench/scale.py)."""
    import random

    rng = random.Random(seed)
    syllables = [c + v for c in "bdfgklmnprtvz" for v in "aeiou"]
    made: set[str] = set()

    # Three syllables make 274,625 words; a dump that needs more of them (a million posts
    # need 1.6 million) goes on with four once most three-syllable words are taken.
    short = len(syllables) ** 3 * 6 // 10

    def word() -> str:
        while True:
            length = 3 if len(made) < short else 4
            made_up = "".join(rng.choice(syllables) for _ in range(length))
            if made_up not in made:
                made.add(made_up)
                return made_up

    shared = [word() for _ in range(300)]
    own = [[word() for _ in range(40)] for _ in range(topics)]
    for n in range(count):
        topic = n % topics
        picked = rng.sample(own[topic], 8)
        words = rng.choices(shared, k=300) + picked + rng.choices(picked, k=8)
        words += [rng.choice(own[rng.randrange(topics)]) for _ in range(4)]
        rng.shuffle(words)
        sentences = [" ".join(words[i : i + 14]).capitalize() + "." for i in range(0, 325, 14)]
        body = "\n".join(" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4))
        title = f"{picked[0].capitalize()} and {picked[1]}: {rng.choice(shared)} {n}"
        yield title, body, topic


def send(base: str, method: str, path: str, headers: dict | None = None) -> tuple[int, str]:
    """One request to a served site at `base`, on a connection of its own: (status, body)."""
    connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()
