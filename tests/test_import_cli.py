"""`flask import` and `flask posts`: what a maintainer sees and what ends up stored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from community_site.data.extension import db
from community_site.data.models import Post
from importer.split import MAX_POST_CHARS
from tests.support import EDGE, REAL_DUMP, REAL_POSTS, ROOT, make_dump


def stored(app):
    """(title, slug) of stored posts in listing order, hidden ones included."""
    with app.app_context():
        rows = db.session.execute(select(Post.title, Post.slug).order_by(Post.position.desc()))
        return [tuple(row) for row in rows]


def post_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count(Post.id)))


def test_the_real_dump_gives_exactly_four_posts_in_order(app, imported):
    assert stored(app) == REAL_POSTS
    assert "4 added, 0 updated, 0 unchanged, 0 skipped" in imported.output


def test_real_dump_bodies_keep_lists_links_and_soft_wraps(app, imported):
    with app.app_context():
        peer = db.session.scalar(select(Post).where(Post.slug == "what-is-peer-support"))
        assert peer.body_html.count("<ul>") == 3
        assert not peer.body_html.startswith("<p>What is Peer Support?")
        entero = db.session.scalar(select(Post).where(Post.slug.like("enteroviral%")))
        assert (
            '<a href="https://www.frontiersin.org/articles/10.3389/fmed.2021.688486/full" '
            'rel="nofollow noopener">' in entero.body_html
        )
        fair = db.session.scalar(select(Post).where(Post.slug.like("we-had%")))
        assert "independent writing co-operative" in fair.body_html
        last = db.session.scalar(select(Post).where(Post.slug.like("over-35%")))
        assert last.body_html.startswith("<ul><li>Over 35 community organizations")
        assert last.source.startswith("• Over 35")
        assert last.excerpt and last.reading_minutes >= 1


def test_rerunning_the_same_dump_adds_and_changes_nothing(app, run_import, imported):
    with app.app_context():
        before = db.session.execute(select(Post.slug, Post.updated_at, Post.position)).all()
    result = run_import(REAL_DUMP)
    assert result.exit_code == 0
    assert "total: 0 added, 0 updated, 4 unchanged, 0 skipped" in result.output
    with app.app_context():
        after = db.session.execute(select(Post.slug, Post.updated_at, Post.position)).all()
    assert before == after


def test_changed_text_under_the_same_title_updates_in_place(app, run_import, write_dump):
    run_import(write_dump(make_dump([("Newer", "one"), ("Older", "two")])))
    result = run_import(write_dump(make_dump([("Newer", "one, edited"), ("Older", "two")])))
    assert "0 added, 1 updated, 1 unchanged" in result.output
    assert stored(app) == [("Newer", "newer"), ("Older", "older")]
    with app.app_context():
        assert "one, edited" in db.session.scalar(
            select(Post.body_html).where(Post.slug == "newer")
        )


def test_posts_first_seen_later_go_above_earlier_ones_and_nothing_is_deleted(
    app, run_import, write_dump
):
    run_import(write_dump(make_dump([("B", "b"), ("A", "a")])))
    result = run_import(write_dump(make_dump([("D", "d"), ("C", "c"), ("B", "b")])))
    assert "2 added, 0 updated, 1 unchanged" in result.output
    assert [title for title, _ in stored(app)] == ["D", "C", "B", "A"]


def test_repeated_titles_get_numbered_slugs_in_dump_order_and_keep_them(app, run_import):
    result = run_import(EDGE / "repeated-titles.txt")
    assert result.exit_code == 0
    slugs = [slug for _, slug in stored(app)]
    assert slugs == ["monthly-meeting", "monthly-meeting-2", "monthly-meeting-3"]
    assert "0 added, 0 updated, 3 unchanged" in run_import(EDGE / "repeated-titles.txt").output


def test_a_title_that_yields_no_slug_gets_post_n(app, run_import, write_dump):
    run_import(write_dump(make_dump([("🙂", "smile"), ("!!!", "bang")])))
    assert sorted(slug for _, slug in stored(app)) == ["post-1", "post-2"]


def test_a_slug_never_changes_once_assigned(app, run_import, write_dump):
    run_import(write_dump(make_dump([("Hello world", "v1")])))
    run_import(write_dump(make_dump([("Hello world", "v2")])))
    run_import(write_dump(make_dump([("Hello world!", "v3")])))  # same slug base
    assert stored(app) == [("Hello world!", "hello-world")]


def test_trailing_text_is_a_post_and_the_report_says_so(app, run_import):
    result = run_import(EDGE / "trailing-post.txt")
    assert result.exit_code == 0
    assert "2 added" in result.output
    assert "after the last 'Ways to Share:' line was imported as a post" in result.output
    assert [t for t, _ in stored(app)] == ["First post", "Cut short"]


def test_blank_chunks_are_skipped_and_counted(run_import):
    result = run_import(EDGE / "blank-chunks.txt")
    assert "1 added, 0 updated, 0 unchanged, 2 skipped" in result.output


def test_sentences_with_the_marker_words_do_not_split(app, run_import):
    run_import(EDGE / "markers-and-sentences.txt")
    assert [t for t, _ in stored(app)] == ["Markers in prose", "Second post"]


def test_bom_crlf_and_cr_dumps_import_cleanly(app, run_import):
    result = run_import(EDGE / "bom-crlf.txt")
    assert result.exit_code == 0, result.output
    assert [t for t, _ in stored(app)] == ["Windows post", "Old Mac post"]


def test_refused_files_name_the_file_exit_non_zero_and_write_nothing(app, run_import):
    run_import(EDGE / "trailing-post.txt")
    before = stored(app)
    for name, phrase in [
        ("latin1.txt", "line 1 (byte 4 of the line) is not valid utf-8"),
        ("binary.txt", "binary"),
        ("no-posts.txt", "no posts found"),
        ("does-not-exist.txt", "no such file"),
    ]:
        result = run_import(EDGE / "repeated-titles.txt", EDGE / name)
        assert result.exit_code != 0, name
        assert name in result.output and phrase in result.output
        assert "nothing was imported" in result.output
        assert "Traceback" not in result.output
    assert stored(app) == before


def test_encoding_option_imports_a_legacy_file(app, run_import):
    result = run_import("--encoding", "latin-1", EDGE / "latin1.txt")
    assert result.exit_code == 0, result.output
    assert stored(app) == [("Café night", "cafe-night")]


WIDE_TEXT = make_dump([("Café “quotes” 🌱", "Line one\r\nline two"), ("Second", "ß")])


@pytest.mark.parametrize(
    "encoding,options",
    [
        ("utf-16", []),  # what Windows Notepad saves as "Unicode": little-endian with a BOM
        ("utf-16", ["--encoding", "utf-16"]),
        ("utf-32", []),
        ("utf-16-le", ["--encoding", "utf-16"]),  # no BOM: utf-16 means little-endian
        ("utf-16-be", ["--encoding", "utf-16-be"]),
        ("utf-32-le", ["--encoding", "utf-32"]),
        ("utf-32-be", ["--encoding", "utf-32-be"]),
    ],
)
def test_utf16_and_utf32_dumps_import_with_or_without_a_byte_order_mark(
    app, run_import, tmp_path, encoding, options
):
    dump = tmp_path / "wide.txt"
    dump.write_bytes(WIDE_TEXT.encode(encoding))
    result = run_import(*options, dump)
    assert result.exit_code == 0, result.output
    assert stored(app) == [("Café “quotes” 🌱", "cafe-quotes"), ("Second", "second")]


def test_a_byte_order_mark_wins_over_the_encoding_option(app, run_import, tmp_path):
    dump = tmp_path / "notepad.txt"
    dump.write_bytes(WIDE_TEXT.encode("utf-16"))
    result = run_import("--encoding", "cp1252", dump)
    assert result.exit_code == 0, result.output
    assert [t for t, _ in stored(app)] == ["Café “quotes” 🌱", "Second"]


def test_utf16_without_a_mark_read_as_utf8_is_refused_with_a_hint(app, run_import, tmp_path):
    dump = tmp_path / "bare16.txt"
    dump.write_bytes(WIDE_TEXT.encode("utf-16-le"))
    result = run_import(dump)
    assert result.exit_code != 0
    assert "bare16.txt" in result.output and "--encoding utf-16" in result.output
    assert stored(app) == []


def test_encodings_where_a_newline_is_not_one_byte_are_still_refused(run_import, tmp_path):
    dump = tmp_path / "ebcdic.txt"
    dump.write_bytes(make_dump([("Plain", "text")]).encode("cp500"))
    result = run_import("--encoding", "cp500", dump)
    assert result.exit_code != 0 and "'cp500' is not supported" in result.output


def test_a_post_over_the_size_limit_is_refused_with_its_line(app, run_import, write_dump):
    paragraph = "word " * 1000 + "\n"
    huge = "Huge post\n" + paragraph * (MAX_POST_CHARS // len(paragraph) + 1)
    dump = write_dump(make_dump([("Small", "fine")]) + huge + "Ways to Share:\n")
    result = run_import(dump)
    assert result.exit_code != 0
    assert f"the post that starts at line 6 ('Huge post') is longer than {MAX_POST_CHARS:,}" in (
        result.output
    )
    assert "nothing was imported" in result.output and stored(app) == []
    # One line that long (no newline at all) is refused the same way, without reading it whole.
    line = write_dump("Title " + "x" * (MAX_POST_CHARS + 10))
    result = run_import(line)
    assert result.exit_code != 0 and "line 1 is longer than" in result.output
    # A post just under the limit is imported.
    fits = write_dump(make_dump([("Long but fine", "y" * (MAX_POST_CHARS - 100))]))
    assert run_import(fits).exit_code == 0


def test_standard_input_is_read_with_a_dash(app, run_import):
    result = run_import("-", input=make_dump([("From stdin", "piped")]))
    assert result.exit_code == 0, result.output
    assert "-: 1 added" in result.output
    assert stored(app) == [("From stdin", "from-stdin")]


def test_several_files_are_one_dump_in_one_transaction(app, run_import, write_dump):
    first = write_dump(make_dump([("Top", "t")]))
    second = write_dump(make_dump([("Bottom", "b")]))
    result = run_import(first, second)
    assert f"{first}: 1 added" in result.output and f"{second}: 1 added" in result.output
    assert "total: 2 added" in result.output
    assert [t for t, _ in stored(app)] == ["Top", "Bottom"]


def test_dry_run_reports_the_same_and_writes_nothing(app, run_import):
    result = run_import("--dry-run", REAL_DUMP)
    assert result.exit_code == 0
    assert "total: 4 added, 0 updated, 0 unchanged, 0 skipped" in result.output
    assert "dry run" in result.output
    assert post_count(app) == 0


def test_if_empty_imports_only_into_an_empty_database(app, run_import, write_dump):
    assert "4 added" in run_import("--if-empty", REAL_DUMP).output
    result = run_import("--if-empty", write_dump(make_dump([("New", "n")])))
    assert "already holds posts" in result.output
    assert post_count(app) == 4


def test_posts_list_shows_order_hidden_and_shares(run_posts, imported):
    result = run_posts("list", "--json")
    assert result.exit_code == 0
    posts = json.loads(result.output)
    assert [(p["title"], p["slug"]) for p in posts] == REAL_POSTS
    assert [p["order"] for p in posts] == [1, 2, 3, 4]
    assert all(p["hidden"] is False and p["shares"] == 0 for p in posts)
    table = run_posts("list").output
    assert "what-is-peer-support" in table and "4 posts" in table


def test_hidden_posts_stay_hidden_across_imports(app, run_posts, run_import, imported, client):
    result = run_posts("hide", "what-is-peer-support")
    assert result.exit_code == 0 and "now hidden" in result.output
    run_import(REAL_DUMP)
    posts = json.loads(run_posts("list", "--json").output)
    assert posts[0]["hidden"] is True and posts[0]["listing_rank"] is None
    assert client.get("/posts/what-is-peer-support").status_code == 410
    assert "now shown" in run_posts("show", "what-is-peer-support").output
    assert client.get("/posts/what-is-peer-support").status_code == 200


def test_new_posts_on_top_of_a_hidden_one_take_the_next_places(
    run_posts, run_import, write_dump, imported
):
    assert run_posts("hide", "what-is-peer-support").exit_code == 0
    new = [("Newest of all", "The newest post."), ("Second newest", "The one below it.")]
    assert run_import(write_dump(make_dump(new))).exit_code == 0
    posts = json.loads(run_posts("list", "--json").output)
    assert [(p["title"], p["listing_rank"]) for p in posts] == [
        ("Newest of all", 1),
        ("Second newest", 2),
        (REAL_POSTS[0][0], None),  # hidden
        (REAL_POSTS[1][0], 3),
        (REAL_POSTS[2][0], 4),
        (REAL_POSTS[3][0], 5),
    ]
    assert "now shown" in run_posts("show", "what-is-peer-support").output
    posts = json.loads(run_posts("list", "--json").output)
    assert [p["listing_rank"] for p in posts] == [1, 2, 3, 4, 5, 6]


def test_hiding_an_unknown_slug_is_a_clear_error(run_posts, imported):
    result = run_posts("hide", "nope")
    assert result.exit_code != 0 and "no post with slug 'nope'" in result.output


FLASK = [sys.executable, "-m", "flask", "--app", "wsgi"]


def run_flask(database: Path, *args: str) -> subprocess.CompletedProcess:
    """`flask --app wsgi ARGS` in a process of its own, on a SQLite file."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.run([*FLASK, *args], cwd=ROOT, env=env, capture_output=True, text=True)


@pytest.mark.served
def test_the_import_command_is_registered_with_flask(tmp_path):
    result = run_flask(tmp_path / "cli.db", "import", str(REAL_DUMP))
    assert result.returncode == 0, result.stderr
    assert "total: 4 added, 0 updated, 0 unchanged, 0 skipped" in result.stdout
    bad = run_flask(tmp_path / "cli.db", "import", str(EDGE / "binary.txt"))
    assert bad.returncode == 1
    assert "binary.txt" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.served
def test_a_killed_import_leaves_the_database_as_it_was(tmp_path):
    """Posts are written in batches inside one transaction: SIGKILL mid-import loses nothing."""
    database = tmp_path / "kill.db"
    first = run_flask(database, "import", str(REAL_DUMP))
    assert first.returncode == 0, first.stderr
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    proc = subprocess.Popen(
        [*FLASK, "import", "-"], cwd=ROOT, env=env, stdin=subprocess.PIPE, stderr=subprocess.PIPE
    )
    # More than one batch, then the stream stays open: the import is mid-transaction.
    proc.stdin.write(make_dump([(f"Pending {n}", "text") for n in range(2500)]).encode())
    proc.stdin.flush()
    time.sleep(2)
    proc.kill()
    proc.wait()
    listing = run_flask(database, "posts", "list", "--json")
    assert listing.returncode == 0, listing.stderr
    assert [(p["title"], p["slug"]) for p in json.loads(listing.stdout)] == REAL_POSTS
