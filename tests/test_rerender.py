"""Rendering that stays current: each post records the version of the rules that rendered it,
and posts of older rules are rendered again (the next import, `flask posts render
--outdated`, `flask posts render` for all), changing nothing but what the rules make."""

from __future__ import annotations

import pytest
from flask_migrate import upgrade
from sqlalchemy import select

from community_site import create_app
from community_site.data.extension import MIGRATIONS, db
from community_site.data.models import Post, RelatedPost
from importer import derive, render
from tests.support import EDGE, REAL_DUMP, REAL_POSTS, app_at_revision

RULE_COLUMNS = {"body_html", "excerpt", "reading_minutes", "render_version"}


def snapshot(app) -> dict[str, dict]:
    with app.app_context():
        table = Post.__table__
        rows = db.session.execute(select(table)).mappings().all()
        related = db.session.execute(select(RelatedPost.__table__)).all()
        db.session.remove()
    return {row["slug"]: dict(row) for row in rows}, sorted(related)


@pytest.fixture
def upgrade_rules(monkeypatch):
    """Call it to upgrade to a release whose rules render bodies differently (every paragraph
    gets a class) and say so by a higher RULES_VERSION; it returns that version."""
    original = derive.render

    def rendered_the_new_way(lines):
        html, plain = original(lines)
        return html.replace("<p>", '<p class="new-rules">'), plain

    def upgrade() -> int:
        monkeypatch.setattr(derive, "render", rendered_the_new_way)
        monkeypatch.setattr(render, "RULES_VERSION", render.RULES_VERSION + 1)
        return render.RULES_VERSION

    return upgrade


def assert_rendered_again_and_nothing_else(before, after, version):
    posts_before, related_before = before
    posts_after, related_after = after
    assert posts_after.keys() == posts_before.keys()
    for slug, row in posts_after.items():
        old = posts_before[slug]
        assert row["render_version"] == version
        assert row["body_html"] != old["body_html"] and 'class="new-rules"' in row["body_html"]
        assert row["body_html"].replace(' class="new-rules"', "") == old["body_html"]
        unchanged = {key: value for key, value in row.items() if key not in RULE_COLUMNS}
        assert unchanged == {k: v for k, v in old.items() if k not in RULE_COLUMNS}
    assert related_after == related_before


def import_everything(run_import):
    result = run_import(REAL_DUMP, EDGE / "bullets-links-wraps.txt", EDGE / "xss.txt")
    assert result.exit_code == 0, result.output


def test_stored_posts_record_the_rules_that_rendered_them(app, run_import):
    import_everything(run_import)
    posts, _ = snapshot(app)
    assert {row["render_version"] for row in posts.values()} == {render.RULES_VERSION}


def test_posts_render_outdated_renders_every_post_of_older_rules_and_nothing_else(
    app, client, run_import, run_posts, upgrade_rules
):
    import_everything(run_import)
    run_posts("hide", REAL_POSTS[1][1])
    page_before = client.get(f"/posts/{REAL_POSTS[0][1]}").text
    before = snapshot(app)
    new_rules = upgrade_rules()

    result = run_posts("render", "--outdated")
    assert result.exit_code == 0, result.output
    count = len(before[0])
    assert f"{count} posts rendered again: {count} changed" in result.output
    assert_rendered_again_and_nothing_else(before, snapshot(app), new_rules)
    # The site shows the new rendering at once (its pages are cached by content version).
    page = client.get(f"/posts/{REAL_POSTS[0][1]}").text
    assert page != page_before and 'class="new-rules"' in page

    again = run_posts("render", "--outdated")
    assert again.exit_code == 0 and "0 posts rendered again: 0 changed" in again.output


def test_the_next_import_renders_the_posts_of_older_rules_again(app, run_import, upgrade_rules):
    import_everything(run_import)
    before = snapshot(app)
    new_rules = upgrade_rules()

    result = run_import(REAL_DUMP)
    assert result.exit_code == 0, result.output
    assert "total: 0 added, 0 updated, 4 unchanged" in result.output
    count = len(before[0])
    assert f"{count} posts made by older rules rendered again ({count} changed)" in result.output
    assert_rendered_again_and_nothing_else(before, snapshot(app), new_rules)


def test_posts_render_renders_all_and_changes_nothing_when_the_rules_are_the_same(
    app, run_import, run_posts
):
    import_everything(run_import)
    before = snapshot(app)
    result = run_posts("render")
    assert result.exit_code == 0, result.output
    assert f"{len(before[0])} posts rendered again: 0 changed" in result.output
    assert snapshot(app) == before


def test_posts_stored_before_the_migration_are_rendered_again_by_the_next_import(
    tmp_path, database_url
):
    old, config = app_at_revision(tmp_path, database_url, "0006")
    # Today's importer on that schema stores what it can hold: no rules' version.
    from importer.cli import import_command

    assert old.test_cli_runner().invoke(import_command, [str(REAL_DUMP)]).exit_code == 0
    with old.app_context():
        db.engine.dispose()
    new = create_app(dict(config))
    with new.app_context():
        upgrade(directory=MIGRATIONS)
        versions = set(db.session.scalars(select(Post.render_version)))
        db.session.remove()
    assert versions == {0}
    result = new.test_cli_runner().invoke(import_command, [str(REAL_DUMP)])
    assert result.exit_code == 0, result.output
    assert "4 posts made by older rules rendered again (0 changed)" in result.output
    with new.app_context():
        assert set(db.session.scalars(select(Post.render_version))) == {render.RULES_VERSION}
        db.engine.dispose()
