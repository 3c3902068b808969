"""Related posts ("More like this"): what a reader sees at the end of a post, on the bundled
dump and on generated dumps whose posts fall into topics; on both databases."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from community_site.data.extension import db
from community_site.data.models import Post, RelatedPost, RelatedTerm, RelatedWord, content_versions
from community_site.data.queries import RELATED_SHOWN, post_by_slug, related_posts
from importer.cli import relate_command
from tests.support import REAL_POSTS, make_dump, topic_posts

FAIR_DAY = REAL_POSTS[2][1]
FAIR_ANNOUNCED = REAL_POSTS[3][1]
RELATED_BLOCK = re.compile(r'<nav class="related" id="related".*?</nav>', re.S)
LINK = re.compile(r'<a href="/posts/([^"]+)">')


def shown(client, slug: str) -> list[str]:
    """The slugs a post page lists under "More like this", in order."""
    response = client.get(f"/posts/{slug}")
    assert response.status_code == 200
    block = RELATED_BLOCK.search(response.get_data(as_text=True))
    return LINK.findall(block.group(0)) if block else []


def every_list(app) -> dict[str, list[str]]:
    """Every post's shown list (slug: related slugs), as the post pages read them."""
    with app.app_context():
        slugs = db.session.scalars(select(Post.slug).where(Post.hidden.is_(False))).all()
        return {slug: [row.slug for row in related_posts(post_by_slug(slug))] for slug in slugs}


def stored(app) -> tuple:
    """Everything related posts keep: lists, signatures and term counts."""
    with app.app_context():
        return tuple(
            tuple(
                map(
                    tuple,
                    db.session.execute(
                        select(model.__table__).order_by(*model.__table__.primary_key)
                    ),
                )
            )
            for model in (RelatedPost, RelatedTerm, RelatedWord)
        )


@pytest.fixture
def topics(write_dump, run_import):
    """Import 1,000 generated posts in 40 topics; return each title's topic."""
    posts = topic_posts(1000, 40)
    result = run_import(write_dump(make_dump([(title, body) for title, body, _ in posts])))
    assert result.exit_code == 0, result.output
    return {title: topic for title, _, topic in posts}


def topic_of_slugs(app, topic_of_title: dict) -> dict[str, int]:
    with app.app_context():
        rows = db.session.execute(select(Post.slug, Post.title))
        return {slug: topic_of_title.get(title) for slug, title in rows}


def test_the_two_fair_posts_list_each_other_first(client, imported):
    assert shown(client, FAIR_DAY)[0] == FAIR_ANNOUNCED
    assert shown(client, FAIR_ANNOUNCED)[0] == FAIR_DAY


def test_the_block_links_titles_and_a_few_words_under_its_heading(app, client, imported):
    page = client.get(f"/posts/{FAIR_DAY}").get_data(as_text=True)
    block = RELATED_BLOCK.search(page).group(0)
    assert '<h2 id="related-title">More like this</h2>' in block
    first = re.search(r'<li><a href="/posts/([^"]+)">([^<]+)</a> <span[^>]*>([^<]+)</span>', block)
    assert first.group(1) == FAIR_ANNOUNCED and first.group(2) == REAL_POSTS[3][0]
    with app.app_context():
        excerpt = db.session.scalar(select(Post.excerpt).where(Post.slug == FAIR_ANNOUNCED))
    words = first.group(3)
    # A few words from the post's start, not its whole excerpt.
    assert words.endswith("…") and excerpt.startswith(words[:-1])
    assert len(words.split()) < len(excerpt.split()) and len(words) <= 91
    # The block comes after the post's text and its share bar, before the neighbours.
    assert page.index('class="post__body"') < page.index('id="related"') < page.index("post-nav")


def test_posts_of_a_topic_relate_to_their_topic(app, topics):
    topic = topic_of_slugs(app, topics)
    lists = every_list(app)
    links = [(slug, other) for slug, shown_list in lists.items() for other in shown_list]
    within = sum(topic[slug] == topic[other] for slug, other in links) / len(links)
    with_some = sum(bool(shown_list) for shown_list in lists.values()) / len(lists)
    assert within >= 0.8, f"{within:.0%} of related links stay within their topic"
    assert with_some >= 0.9, f"{with_some:.0%} of posts show related posts"
    assert max(len(shown_list) for shown_list in lists.values()) == RELATED_SHOWN


def test_a_hidden_post_leaves_every_list_at_once_and_comes_back_when_shown(
    app, client, topics, run_posts
):
    lists = every_list(app)
    hidden = lists[next(iter(lists))][0]
    holders = [slug for slug, shown_list in lists.items() if hidden in shown_list]
    assert holders
    before = stored(app)
    assert run_posts("hide", hidden).exit_code == 0
    for slug in holders:
        now, rest = shown(client, slug), [other for other in lists[slug] if other != hidden]
        assert hidden not in now and now[: len(rest)] == rest  # the next one moves up
    assert stored(app) == before  # no list was rewritten: the page's query skips it
    assert run_posts("show", hidden).exit_code == 0
    assert all(hidden in shown(client, slug) for slug in holders)


def test_a_rerun_of_the_same_dump_leaves_every_list_as_it_was(app, topics, write_dump, run_import):
    before, version = stored(app), None
    with app.app_context():
        version = content_versions()[0]
    posts = topic_posts(1000, 40)
    result = run_import(write_dump(make_dump([(title, body) for title, body, _ in posts])))
    assert "0 added, 0 updated, 1000 unchanged" in result.output
    assert stored(app) == before
    with app.app_context():
        assert content_versions()[0] == version  # nothing written, no page made stale


def test_relating_everything_again_gives_the_lists_the_import_gave(app, topics, runner):
    before = stored(app)[0]
    result = runner.invoke(relate_command)
    assert result.exit_code == 0, result.output
    assert "1000 posts: 0 lists changed" in result.output
    assert stored(app)[0] == before


def test_new_posts_get_lists_and_older_posts_take_them_in(app, write_dump, run_import):
    posts = topic_posts(410, 40)
    older, newer = posts[10:], posts[:10]  # the dump's top is its newest post
    assert run_import(write_dump(make_dump([(t, b) for t, b, _ in older]))).exit_code == 0
    result = run_import(write_dump(make_dump([(t, b) for t, b, _ in newer])))
    assert "10 added" in result.output
    topic = topic_of_slugs(app, {title: t for title, _, t in posts})
    lists = every_list(app)
    with app.app_context():
        new_slugs = set(
            db.session.scalars(
                select(Post.slug)
                .where(Post.listing_rank.is_not(None))
                .order_by(Post.listing_rank)
                .limit(10)
            )
        )
    assert len(new_slugs) == 10
    for slug in new_slugs:
        assert lists[slug], f"{slug} shows no related posts"
        assert sum(topic[other] == topic[slug] for other in lists[slug]) >= 0.8 * len(lists[slug])
    taken_in = {slug for slug, shown_list in lists.items() if new_slugs & set(shown_list)}
    assert taken_in - new_slugs, "no older post lists a newer one"


def test_a_changed_post_leaves_the_lists_of_its_old_topic(app, write_dump, run_import):
    posts = topic_posts(200, 10)
    title = "A note that changes its subject"  # no topic's words: only its text relates it
    (_, old_text, old_topic), (_, new_text, new_topic) = posts[0], posts[1]
    rest = [(t, b) for t, b, _ in posts[2:]]
    assert run_import(write_dump(make_dump([(title, old_text), *rest]))).exit_code == 0
    topic = topic_of_slugs(app, {t: tp for t, _, tp in posts[2:]})
    moved = "a-note-that-changes-its-subject"
    lists = every_list(app)
    holders = [slug for slug in lists if moved in lists[slug] and topic[slug] == old_topic]
    assert len(holders) >= 3
    result = run_import(write_dump(make_dump([(title, new_text), *rest])))
    assert "0 added, 1 updated" in result.output
    lists = every_list(app)
    assert not any(moved in lists[slug] for slug in holders)
    assert lists[moved] and sum(topic[other] == new_topic for other in lists[moved]) >= 4


def test_a_post_with_nothing_like_it_shows_no_block(client, write_dump, run_import):
    dump = make_dump(
        [
            ("Tomato seedlings", "Tomato seedlings want warmth and light in spring."),
            ("Quarterly accounts", "The treasurer filed the quarterly accounts on time."),
        ]
    )
    assert run_import(write_dump(dump)).exit_code == 0
    page = client.get("/posts/tomato-seedlings").get_data(as_text=True)
    assert 'id="related"' not in page and "More like this" not in page


def test_the_bench_dump_shape_relates_nothing_rather_than_everything(write_dump, run_import, app):
    # Every post holds the same words (the bench's dump): no word tells one post from another.
    text = "Peer support groups share lived experience and recovery stories together."
    dump = make_dump([(f"Support circle {n}", text) for n in range(120)])
    assert run_import(write_dump(dump)).exit_code == 0
    assert not any(every_list(app).values())
