"""Rendering stored posts again from their source with the current rules: those rendered by
older ones (`flask posts render --outdated`, and every import), or all (`flask posts render`).

Only what the rules make changes: the body's HTML, the excerpt and the reading time, and the
rules' version. Titles, slugs, times, order, hidden flags, counts and related posts stay.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import inspect, select, update

from community_site.data.extension import db
from community_site.data.models import Post, bump_content_version

from . import render
from .derive import derive

BATCH = 1000


@dataclass
class Rendered:
    rendered: int = 0
    changed: int = 0


def versions_recorded() -> bool:
    """Whether posts record their rules' version: not on a schema before migration 0007
    (the tests of upgrades import into one with today's importer)."""
    columns = inspect(db.session.connection()).get_columns(Post.__tablename__)
    return any(column["name"] == "render_version" for column in columns)


def render_again(outdated_only: bool = True) -> Rendered:
    """Render posts again in batches, in the caller's transaction; the site's pages follow
    (the content version moves) when any post's HTML changed."""
    version = render.RULES_VERSION
    done = Rendered()
    if not versions_recorded():
        return done
    last = 0
    while True:
        query = select(
            Post.id,
            Post.source,
            Post.base_slug,
            Post.body_html,
            Post.excerpt,
            Post.reading_minutes,
        ).where(Post.id > last)
        if outdated_only:
            query = query.where(Post.render_version < version)
        rows = db.session.execute(query.order_by(Post.id).limit(BATCH)).all()
        if not rows:
            break
        updates = []
        for post_id, source, base_slug, html, excerpt, minutes in rows:
            derived = derive(source, base_slug)
            new = (derived.body_html, derived.excerpt, derived.reading_minutes)
            done.changed += new != (html, excerpt, minutes)
            updates.append(
                {
                    "id": post_id,
                    "body_html": derived.body_html,
                    "excerpt": derived.excerpt,
                    "reading_minutes": derived.reading_minutes,
                    "render_version": version,
                }
            )
        db.session.execute(update(Post), updates)
        done.rendered += len(rows)
        last = rows[-1][0]
    if done.changed:
        bump_content_version()
    return done
