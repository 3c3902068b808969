"""Search: bounded ranking that still finds rare words, capped counts, hidden posts, and an
index that follows imports, updates, copies and schema upgrades."""

from __future__ import annotations

import re

import pytest
from flask_migrate import upgrade

from community_site import create_app
from community_site.data import search_index
from community_site.data.extension import MIGRATIONS, db
from importer.cli import import_command
from importer.maintenance import copy_db_command
from tests.support import app_at_revision, make_dump


def titles(html: str) -> list[str]:
    return re.findall(r'class="entry__title"><a href="[^"]+">([^<]+)</a>', html)


def count_text(html: str) -> str:
    return re.search(r'class="search-results__count"[^>]*>([^<]+) found', html).group(1)


# Top of a dump is its newest post: "Common 1" is the newest, the quokka post the oldest.
COMMON = [(f"Common {n}", f"Peer support meeting notes, week {n}.") for n in range(1, 13)]
OLDEST = ("An old quokka story", "Peer support and a quokka, long ago.")


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(search_index, "CANDIDATES", 5)


@pytest.fixture
def site(client, run_import, write_dump):
    assert run_import(write_dump(make_dump([*COMMON, OLDEST]))).exit_code == 0
    return client


def test_a_rare_word_in_the_oldest_post_is_found_among_many_common_matches(small_cap, site):
    html = site.get("/search?q=quokka").text
    assert titles(html) == ["An old quokka story"]
    assert count_text(html) == "1 post"
    # With a common word too: still only the rare word's post.
    assert titles(site.get("/search?q=peer quokka").text) == ["An old quokka story"]
    # Typed as a prefix, short or long.
    assert titles(site.get("/search?q=quok").text) == ["An old quokka story"]
    assert titles(site.get("/search?q=peer quokk").text) == ["An old quokka story"]


def test_past_the_cap_the_count_reads_more_than_and_the_newest_are_ranked(small_cap, site):
    html = site.get("/search?q=peer support").text
    assert count_text(html) == "More than 5 posts"
    assert set(titles(html)) == {f"Common {n}" for n in range(1, 6)}


def test_past_the_cap_a_later_imports_newer_posts_are_the_ones_ranked(
    small_cap, client, run_import, write_dump
):
    old = [(f"Old {n}", f"Peer support notes, old week {n}.") for n in range(1, 9)]
    assert run_import(write_dump(make_dump(old))).exit_code == 0
    new = [(f"New {n}", f"Peer support notes, new week {n}.") for n in range(1, 6)]
    # The later dump holds the new posts above the old ones: they are the newest.
    assert run_import(write_dump(make_dump([*new, *old]))).exit_code == 0
    html = client.get("/search?q=peer support").text
    assert count_text(html) == "More than 5 posts"
    assert set(titles(html)) == {f"New {n}" for n in range(1, 6)}


def test_a_snippet_shows_a_word_found_deep_in_a_long_post(client, run_import, write_dump):
    filler = " ".join(f"Plain sentence number {n} about nothing much." for n in range(120))
    body = f"{filler} Then a narwhal appeared near the harbour. {filler}"
    assert len(body) > 8000
    assert run_import(write_dump(make_dump([("A long report", body)]))).exit_code == 0
    html = client.get("/search?q=narwhal").text
    assert titles(html) == ["A long report"]
    assert re.search(r"<mark>narwhal</mark> appeared near the harbour", html)


def test_a_one_letter_prefix_finds_what_it_begins(client, run_import, write_dump):
    # "s" is a stop word to PostgreSQL's english configuration; typed as a prefix it still
    # finds the words it begins, as on SQLite.
    dump = [("Sunny walk", "We walked far."), ("Rainy talk", "We talked long.")]
    assert run_import(write_dump(make_dump(dump))).exit_code == 0
    assert titles(client.get("/search?q=s").text) == ["Sunny walk"]
    assert titles(client.get("/search?q=talked l").text) == ["Rainy talk"]


def test_below_the_cap_every_match_is_counted(site):
    assert count_text(site.get("/search?q=peer support").text) == "13 posts"
    assert count_text(site.get("/search?q=supp").text) == "13 posts"


def test_pages_stop_at_the_ranked_candidates(small_cap, app, site):
    app.config["POSTS_PER_PAGE"] = 2
    last = site.get("/search?q=peer&page=3")
    assert last.status_code == 200
    assert "Page 3 of 3" in last.text and len(titles(last.text)) == 1
    assert site.get("/search?q=peer&page=4").status_code == 404
    shown = [t for page in (1, 2, 3) for t in titles(site.get(f"/search?q=peer&page={page}").text)]
    assert sorted(shown) == sorted(f"Common {n}" for n in range(1, 6))


def test_hidden_posts_never_appear_and_are_not_counted(small_cap, site, run_posts):
    assert run_posts("hide", "common-1").exit_code == 0
    assert run_posts("hide", "an-old-quokka-story").exit_code == 0
    assert "Nothing found" in site.get("/search?q=quokka").text
    html = site.get("/search?q=peer support").text
    assert "Common 1<" not in html
    # The hidden post is not one of the five ranked: the next newest takes its place.
    assert set(titles(html)) == {f"Common {n}" for n in range(2, 7)}
    assert count_text(html) == "More than 5 posts"


def test_a_title_match_ranks_above_a_body_only_match(client, run_import, write_dump):
    posts = [
        ("Garden day", "We met at the garden; someone brought a wombat toy."),
        ("Wombat care", "Notes from the meeting."),
        ("Another day", "The wombat came back, and then the wombat left again."),
    ]
    assert run_import(write_dump(make_dump(posts))).exit_code == 0
    assert titles(client.get("/search?q=wombat").text)[0] == "Wombat care"


def test_prefixes_match_in_any_case(client, run_import, write_dump):
    posts = [("Dessert night", "Pudding for the Cafeteria crowd."), ("Other", "Nothing.")]
    assert run_import(write_dump(make_dump(posts))).exit_code == 0
    for query in ["CAFET", "cafeteri", "pudding cafeter", "dessert"]:
        assert titles(client.get("/search", query_string={"q": query}).text) == ["Dessert night"], (
            query
        )


@pytest.mark.sqlite_only  # PostgreSQL's english configuration keeps diacritics
def test_prefixes_match_words_with_diacritics(client, run_import, write_dump):
    posts = [("Crème brûlée night", "Dessert for the Caféteria crowd.")]
    assert run_import(write_dump(make_dump(posts))).exit_code == 0
    for query in ["brule", "BRÛL", "cafete", "creme brul"]:
        assert titles(client.get("/search", query_string={"q": query}).text) == [
            "Crème brûlée night"
        ], query


def test_a_small_import_into_a_bigger_site_is_searchable(client, run_import, write_dump):
    many = [(f"Archive {n}", f"Meeting minutes number {n}.") for n in range(40)]
    assert run_import(write_dump(make_dump(many))).exit_code == 0
    new = [("Fresh axolotl news", "An axolotl joined."), ("Second fresh post", "Minutes.")]
    assert run_import(write_dump(make_dump([*new, *many]))).exit_code == 0
    assert titles(client.get("/search?q=axolotl").text) == ["Fresh axolotl news"]
    assert titles(client.get("/search?q=number 17").text) == ["Archive 17"]
    assert count_text(client.get("/search?q=minutes").text) == "41 posts"


def test_a_changed_post_is_found_by_its_new_words_only(client, run_import, write_dump):
    before = [("Weekly note", "We talked about kayaks."), ("Other", "Nothing here.")]
    assert run_import(write_dump(make_dump(before))).exit_code == 0
    assert titles(client.get("/search?q=kayaks").text) == ["Weekly note"]
    after = [("Weekly note", "We talked about canoes."), ("Other", "Nothing here.")]
    result = run_import(write_dump(make_dump(after)))
    assert "1 updated" in result.output
    assert "Nothing found" in client.get("/search?q=kayaks").text
    assert titles(client.get("/search?q=canoes").text) == ["Weekly note"]
    assert titles(client.get("/search?q=canoe").text) == ["Weekly note"]


def test_a_copy_into_sqlite_is_searchable(app, client, run_import, write_dump, tmp_path):
    posts = [("Heron sighting", "A grey heron by the pond."), *COMMON]
    assert run_import(write_dump(make_dump(posts))).exit_code == 0
    url = f"sqlite:///{tmp_path / 'copy.db'}"
    assert app.test_cli_runner().invoke(copy_db_command, [url]).exit_code == 0
    target = create_app({"INSTANCE_PATH": str(tmp_path / "copy"), "SQLALCHEMY_DATABASE_URI": url})
    copy = target.test_client()
    assert titles(copy.get("/search?q=heron").text) == ["Heron sighting"]
    assert count_text(copy.get("/search?q=peer").text) == "12 posts"
    # And it keeps following imports.
    extra = tmp_path / "extra.txt"
    extra.write_text(make_dump([("Newer heron", "Another heron.")]), encoding="utf-8")
    assert target.test_cli_runner().invoke(import_command, [str(extra)]).exit_code == 0
    assert titles(copy.get("/search?q=heron").text) == ["Newer heron", "Heron sighting"]
    with target.app_context():
        db.engine.dispose()


def test_upgrading_from_the_second_schema_keeps_search_working(tmp_path, database_url):
    old, config = app_at_revision(tmp_path, database_url, "0002")
    dump = tmp_path / "old.txt"
    dump.write_text(make_dump([("Old otter", "An otter by the river."), *COMMON]), encoding="utf-8")
    assert old.test_cli_runner().invoke(import_command, [str(dump)]).exit_code == 0
    with old.app_context():
        db.engine.dispose()

    new = create_app(dict(config))
    with new.app_context():
        upgrade(directory=MIGRATIONS)
    client = new.test_client()
    assert titles(client.get("/search?q=otter").text) == ["Old otter"]
    assert count_text(client.get("/search?q=peer").text) == "12 posts"
    # New and changed posts are indexed on the upgraded schema.
    dump.write_text(
        make_dump([("New otter", "Swimming."), ("Old otter", "A beaver story."), *COMMON]),
        encoding="utf-8",
    )
    assert new.test_cli_runner().invoke(import_command, [str(dump)]).exit_code == 0
    assert titles(client.get("/search?q=swimming").text) == ["New otter"]
    assert titles(client.get("/search?q=beaver").text) == ["Old otter"]
    assert "Nothing found" in client.get("/search?q=river").text
    with new.app_context():
        db.engine.dispose()
