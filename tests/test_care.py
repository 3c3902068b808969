"""Care for readers, as a reader meets it: content notes on the post page, on every entry that
leads to a post, in the feed and in a shared link's preview; /help linked from every page; the
search's helpline notice; /choices (folding itself is tested in Chromium:
browser/test_care_browser.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from community_site import ConfigError, create_app
from community_site.config import DEFAULT_HELPLINES
from community_site.data.content_notes import CATEGORIES
from tests.care_dump import BROTHER, EATING, GARDEN, NOTES, ROSES, care_dump

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def noted(run_import, write_dump, app):
    app.extensions["share_limiter"].limit = 0
    result = run_import(write_dump(care_dump()))
    assert result.exit_code == 0, result.output
    return result


def entries(html: str) -> dict[str, str]:
    """Each entry's HTML by the slug it leads to."""
    found = re.findall(r'(<li class="entry".*?</li>)', html, re.S)
    return {re.search(r'href="/posts/([^"#/]+)"', entry).group(1): entry for entry in found}


def assert_noted_entry(entry: str, slug: str):
    notes = NOTES[slug]
    if not notes:
        assert "data-notes" not in entry and "Content note" not in entry, slug
        return
    assert f'data-notes="{notes}"' in entry, slug
    note, excerpt = entry.index('class="note"'), entry.index('class="entry__excerpt"')
    assert note < excerpt, f"{slug}: the note comes before the excerpt"
    assert 'href="/choices"' in entry[note:excerpt]


def test_the_post_page_says_what_the_post_talks_about_above_its_text(client, noted):
    html = client.get(f"/posts/{BROTHER}").text
    note = re.search(r'<aside id="content-note"[^>]*data-notes="([^"]*)".*?</aside>', html, re.S)
    assert note and note.group(1) == "suicide death"
    assert "this post talks about suicide; death, dying or grief." in note.group(0)
    # The writer's own sentence, escaped.
    assert "Written &lt;b&gt;gently&lt;/b&gt;, with love." in note.group(0) and "<b>" not in html
    assert 'href="/choices"' in note.group(0)
    assert html.index('id="content-note"') < html.index('id="post-body"')
    # The writer's note line is neither the title nor the text.
    assert '<h1 id="post-title">Remembering my brother</h1>' in html
    body = re.search(r'<div class="post__body".*?</div>', html, re.S).group(0)
    assert "CW:" not in body


def test_a_post_without_a_note_has_none(client, noted):
    html = client.get(f"/posts/{GARDEN}").text
    assert 'id="content-note"' not in html and "data-folds" not in html.split("share-bar")[0]


@pytest.mark.parametrize("url", ["/", "/?page=2", "/search?q=brother", "/search?q=garden"])
def test_every_listing_and_search_entry_carries_its_note_before_the_excerpt(
    client, noted, app, url
):
    app.config["POSTS_PER_PAGE"] = 3
    found = entries(client.get(url).text)
    assert found, url
    for slug, entry in found.items():
        assert_noted_entry(entry, slug)


def test_the_most_shared_entries_carry_their_notes(client, noted):
    for slug in (BROTHER, EATING, GARDEN):
        client.post(f"/posts/{slug}/share/x", headers={"HX-Request": "true"})
    found = entries(client.get("/popular").text)
    assert set(found) == {BROTHER, EATING, GARDEN}
    for slug, entry in found.items():
        assert_noted_entry(entry, slug)


def test_related_posts_carry_their_notes(client, noted):
    html = client.get(f"/posts/{BROTHER}").text
    block = re.search(r'<nav class="related".*?</nav>', html, re.S).group(0)
    item = re.search(rf'<li data-notes="([^"]+)"><a href="/posts/{ROSES}">.*?</li>', block, re.S)
    assert item and item.group(1) == NOTES[ROSES]
    assert item.group(0).index('class="note"') < item.group(0).index('class="related__words"')


def test_the_feed_and_the_shared_preview_begin_with_the_note(client, noted):
    feed = ET.fromstring(client.get("/feed.xml").data)
    by_title = {e.find(f"{ATOM}title").text: e for e in feed.iter(f"{ATOM}entry")}
    brother = by_title["Remembering my brother"]
    assert brother.find(f"{ATOM}summary").text.startswith(
        "Content note: suicide; death, dying or grief."
    )
    content = brother.find(f"{ATOM}content").text
    assert content.startswith("<p>Content note: suicide; death, dying or grief.")
    assert "Written &lt;b&gt;gently&lt;/b&gt;" in content  # escaped as HTML inside the feed
    garden = by_title["Gardening with chronic fatigue"]
    assert not garden.find(f"{ATOM}summary").text.startswith("Content note")

    html = client.get(f"/posts/{EATING}").text
    for name in ('property="og:description"', 'name="twitter:description"', 'name="description"'):
        value = re.search(rf'<meta {name} content="([^"]*)"', html).group(1)
        assert value.startswith("Content note: eating disorders."), name


PAGES = ["/", "/?page=2", f"/posts/{BROTHER}", f"/posts/{GARDEN}/share", "/popular", "/search",
         "/search?q=brother", "/choices", "/help", "/no/such/page"]  # fmt: skip


@pytest.mark.parametrize("url", PAGES)
def test_help_is_linked_from_every_page(client, noted, app, url):
    app.config["POSTS_PER_PAGE"] = 3
    html = client.get(url).text
    assert re.search(
        r'<a class="site-nav__link site-nav__help" href="/help"[^>]*>Need help now\?</a>', html
    ), url


def test_help_lists_the_default_crisis_lines(client):
    response = client.get("/help")
    assert response.status_code == 200
    html = response.text
    assert "<h1>Need help now?</h1>" in html
    for line in DEFAULT_HELPLINES:
        assert line["name"] in html and f'href="{line["href"]}"' in html
    assert "9-8-8" in html and "310-6789" in html and "9-1-1" in html


def test_helplines_come_from_the_environment_or_the_instance_folder(tmp_path, monkeypatch):
    lines = '[{"name": "Samaritans", "reach": "Call 116 123", "href": "tel:116123"}]'
    monkeypatch.setenv("HELPLINES", lines)
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "a")})
    html = app.test_client().get("/help").text
    assert "Samaritans" in html and 'href="tel:116123"' in html and "9-8-8" not in html

    monkeypatch.delenv("HELPLINES")
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "helplines.json").write_text(lines.replace("Samaritans", "Lifeline"))
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(folder)})
    assert "Lifeline" in app.test_client().get("/help").text


@pytest.mark.parametrize(
    "raw",
    ["not json", "[]", '[{"name": "x"}]', '[{"name": "x", "reach": "y", "href": "javascript:x"}]',
     '[{"name": "x", "reach": "y", "colour": "red"}]'],
)  # fmt: skip
def test_unusable_helplines_stop_with_one_line(tmp_path, monkeypatch, raw):
    monkeypatch.setenv("HELPLINES", raw)
    with pytest.raises(ConfigError) as stopped:
        create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path)})
    assert "HELPLINES" in str(stopped.value) and "\n" not in str(stopped.value)


RISKY = ["suicide", "Suicidal thoughts", "how to kill myself", "end my life", "self harm",
         "self-harm scars", "overdose", "I want to die"]  # fmt: skip
ORDINARY = ["peer support", "gardening", "the deadline is killing me", "cutting costs",
            "grief", "killing it at work"]  # fmt: skip


@pytest.mark.parametrize("query", RISKY)
def test_a_search_about_suicide_or_self_harm_shows_a_helpline_above_the_results(
    client, noted, query
):
    for headers in ({}, {"HX-Request": "true"}):  # the page and the search box's fragment
        html = client.get("/search", query_string={"q": query}, headers=headers).text
        notice = re.search(r'<aside id="help-notice".*?</aside>', html, re.S)
        assert notice, query
        assert 'href="tel:988"' in notice.group(0) and 'href="/help"' in notice.group(0)
        assert html.index('id="help-notice"') < html.index("data-search-summary")


@pytest.mark.parametrize("query", ORDINARY)
def test_other_searches_show_no_notice(client, noted, query):
    html = client.get("/search", query_string={"q": query}).text
    assert 'id="help-notice"' not in html, query


def test_choices_offer_a_checkbox_per_category_and_set_no_cookie(client):
    response = client.get("/choices")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    boxes = re.findall(
        r'<input type="checkbox" name="fold" value="([a-z-]+)" id="fold-\1">', response.text
    )
    assert boxes == list(CATEGORIES)
    for key in CATEGORIES:
        assert f'<label for="fold-{key}">' in response.text
