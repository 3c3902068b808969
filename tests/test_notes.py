"""Content notes, the importer's half: the writer's note line in a dump, proposals from a
post's text (and how good they are on a labelled dump), maintainers' decisions and the
commands that show them; on both databases."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from community_site.data.content_notes import CATEGORIES
from community_site.data.extension import db
from community_site.data.models import Post, content_versions
from importer.notes import propose, scan_whole
from tests.notes_corpus import LABELLED, UNLABELLED
from tests.support import REAL_DUMP, make_dump

PREFIXES = [
    "Content note:",
    "content warning :",
    "CN:",
    "cw:",
    "TW :",
    "TRIGGER WARNING:",
    "Trigger  warning:",
]


def stored(app) -> dict[str, Post]:
    """Every post by title, detached from the session."""
    with app.app_context():
        posts = db.session.scalars(select(Post)).all()
        db.session.expunge_all()
        return {post.title: post for post in posts}


def test_a_note_line_is_the_writers_note_not_the_title_nor_the_text(
    app, client, run_import, write_dump
):
    posts = [
        (f"{prefix} suicide and grief, marmalade{n}", f"Walking home {n}", "The text begins here.")
        for n, prefix in enumerate(PREFIXES)
    ]
    dump = "".join(f"{note}\n{title}\n\n{body}\nWays to Share:\n" for note, title, body in posts)
    result = run_import(write_dump(dump))
    assert result.exit_code == 0, result.output
    found = stored(app)
    assert sorted(found) == sorted(title for _, title, _ in posts)
    for n, (_, title, _) in enumerate(posts):
        post = found[title]
        assert post.note_text == f"suicide and grief, marmalade{n}"
        assert post.slug == f"walking-home-{n}"
        assert "marmalade" not in post.body_html + post.excerpt + post.source
        assert post.excerpt == "The text begins here."
        assert post.notes == "suicide death"  # the writer's words name both
        reasons = json.loads(post.note_reasons)
        assert [(key, source) for key, source, _ in reasons] == [
            ("suicide", "dump"),
            ("death", "dump"),
        ]
    # The note is not in the search index: a word only it holds finds nothing.
    page = client.get("/search?q=marmalade3").get_data(as_text=True)
    assert "walking-home-3" not in page
    assert "walking-home-3" in client.get("/search?q=walking").get_data(as_text=True)


def test_a_lone_note_like_line_or_a_word_that_only_begins_so_stays_the_title(
    app, run_import, write_dump
):
    dump = "CW: just this line\nWays to Share:\nCwm Rhondda\nA hymn tune.\nWays to Share:\n"
    result = run_import(write_dump(dump))
    assert result.exit_code == 0, result.output
    found = stored(app)
    assert set(found) == {"CW: just this line", "Cwm Rhondda"}
    assert all(post.note_text is None for post in found.values())


def test_proposals_on_a_labelled_dump_find_what_is_there_and_leave_idioms_alone(
    app, run_import, write_dump
):
    dump = make_dump([(title, text) for title, text, _ in LABELLED] + UNLABELLED)
    result = run_import(write_dump(dump))
    assert result.exit_code == 0, result.output
    found = stored(app)
    hits = proposed = labelled = 0
    misses, extras = [], []
    for title, _, labels in LABELLED:
        got = set(found[title].notes.split())
        hits += len(got & labels)
        proposed += len(got)
        labelled += len(labels)
        misses += [f"{title}: {key}" for key in labels - got]
        extras += [f"{title}: {key}" for key in got - labels]
    idioms = {title: found[title].notes for title, _ in UNLABELLED if found[title].notes}
    proposed += sum(len(notes.split()) for notes in idioms.values())
    recall, precision = hits / labelled, hits / proposed
    figures = (
        f"found {hits} of {labelled} labelled categories ({recall:.0%}); {hits} of {proposed} "
        f"proposed are labelled ({precision:.0%}); missed {misses}; extra {extras}"
    )
    assert recall >= 0.85 and precision >= 0.85, figures
    assert not idioms, f"idiom posts got notes: {idioms}"
    noted = sum(1 for post in found.values() if post.notes)
    assert f"content notes: {noted} posts got content notes\n" in result.output


def test_the_anchors_shortcut_finds_what_a_whole_scan_finds():
    texts = [f"{title}\n{text}" for title, text, _ in LABELLED]
    texts += [f"{title}\n{text}" for title, text in UNLABELLED]
    texts += [REAL_DUMP.read_text(encoding="utf-8")]
    for text in texts:
        assert propose(text).why == scan_whole(text).why, text[:60]


@pytest.mark.parametrize(
    "text",
    [
        "The deadline is killing me.",
        "We are cutting costs again.",
        "I was starving for conversation.",
        "We killed it at the fair.",
        "I could murder a coffee.",
        "I am dead tired.",
        "The cake was to die for.",
        "She shot a photo of us.",
        "My phone died on the bus.",
        "I was bored to death.",
        "Stop beating yourself up.",
        "He beat me at chess.",
        "I binge-watched the whole series.",
        "I am addicted to crosswords.",
        "Good grief, the forms!",
        "Antibiotics kill the bacteria.",
        "I was attacked by my own immune system.",
        "My legs are dead after the hike.",
        "My migraine was a killer headache.",
        "Shoot me an email when you can.",
        "You will be the death of me.",
    ],
)
def test_idioms_propose_nothing(text):
    assert propose(text).why == {}


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("I am not suicidal, but I was.", {"suicide"}),
        ("He killed himself in 2012.", {"suicide", "death"}),
        ("I tried to kill myself.", {"suicide"}),
        ("My mother passed away.", {"death"}),
        ("I used to cut myself.", {"self-harm"}),
        ("She was raped.", {"abuse"}),
        ("I was drinking every night.", {"substance-use"}),
        ("Years of bulimia.", {"eating-disorders"}),
        ("He was stabbed outside the bar.", {"violence"}),
    ],
)
def test_phrases_propose_their_categories(text, keys):
    assert set(propose(text).why) == keys


def test_the_report_and_the_dry_run_say_how_many_posts_got_notes(run_import, write_dump):
    one = write_dump(make_dump([("A", "She passed away."), ("B", "A sunny day.")]))
    two = write_dump(make_dump([("C", "I was drunk."), ("D", "Grief, and more grief.")]))
    none = write_dump(make_dump([("E", "A sunny day.")]))
    dry = run_import("--dry-run", one)
    assert dry.exit_code == 0, dry.output
    assert "content notes: 1 post got a content note (dry run: nothing written)" in dry.output
    assert "content notes: 1 post got a content note\n" in run_import(one).output
    assert "content notes: 2 posts got content notes\n" in run_import(two).output
    assert "content notes: 0 posts got content notes\n" in run_import(none).output


def test_set_and_clear_survive_a_reimport_of_changed_text(app, run_import, run_posts, write_dump):
    first = [
        ("Calm", "A walk by the sea."),
        ("Hard", "My brother took his own life."),
        ("Third", "Grief."),
    ]
    assert run_import(write_dump(make_dump(first))).exit_code == 0
    result = run_posts("note", "calm", "--set", "death,violence", "--text", "A hard week.")
    assert result.exit_code == 0, result.output
    assert result.output == "calm: note: death, violence\n"
    result = run_posts("note", "hard", "third", "--clear")
    assert result.exit_code == 0, result.output
    assert result.output == "hard: no note\nthird: no note\n"
    changed = [
        ("Calm", "A walk by the sea, then a funeral."),
        ("Hard", "My brother took his own life. I miss him."),
        ("Third", "More grief, and a funeral."),
    ]
    result = run_import(write_dump(make_dump(changed)))
    assert "3 updated" in result.output
    found = stored(app)
    assert (found["Calm"].notes, found["Calm"].note_text) == ("death violence", "A hard week.")
    assert found["Hard"].notes == found["Third"].notes == ""
    assert "then a funeral" in found["Calm"].body_html  # the text itself was updated
    # A writer's note line added later does not override the decision either.
    noted = [("CW: suicide", "Hard\n\nMy brother took his own life. I miss him.")]
    run_import(write_dump("".join(f"{a}\n{b}\nWays to Share:\n" for a, b in noted)))
    assert stored(app)["Hard"].notes == ""


def test_a_decision_moves_the_posts_version_so_cached_pages_change(app, run_posts, imported):
    with app.app_context():
        before = content_versions()[0]
    assert run_posts("note", "what-is-peer-support", "--clear").exit_code == 0
    with app.app_context():
        assert content_versions()[0] == before + 1


def test_posts_list_and_posts_notes_as_json(app, run_import, run_posts, write_dump):
    dump = "CW: self harm\nScars\n\nI used to cut myself.\nWays to Share:\n" + make_dump(
        [("Plain", "A sunny day."), ("Loss", "My father died in May.")]
    )
    assert run_import(write_dump(dump)).exit_code == 0
    assert run_posts("note", "plain", "--set", "substance-use").exit_code == 0
    listed = json.loads(run_posts("list", "--json").output)
    assert {post["slug"]: post["notes"] for post in listed} == {
        "scars": ["self-harm"],
        "plain": ["substance-use"],
        "loss": ["death"],
    }
    assert "scars  Scars  (note: self-harm)\n" in run_posts("list").output
    notes = {post["slug"]: post for post in json.loads(run_posts("notes", "--json").output)}
    assert notes["scars"]["text"] == "self harm"
    assert notes["scars"]["categories"] == [
        {
            "key": "self-harm",
            "words": "self-harm",
            "source": "dump",
            "why": ["self harm", "cut myself"],
        }
    ]
    assert notes["loss"]["categories"][0]["source"] == "proposed"
    assert notes["loss"]["categories"][0]["why"] == ["died"]
    assert notes["loss"]["categories"][0]["words"] == "death, dying or grief"
    assert notes["plain"]["decided"] is True
    assert notes["plain"]["categories"] == [
        {"key": "substance-use", "words": "alcohol or drug use", "source": "maintainer", "why": []}
    ]
    text = run_posts("notes").output
    assert 'death: proposed ("died")' in text
    assert text.endswith("3 posts have a content note\n")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["scars", "--set", "sadness"], "unknown content note category: 'sadness'"),
        (["scars", "--set", "death,gore"], "unknown content note category: 'gore'"),
        (["scars", "--set", ","], "unknown content note category: none given"),
        (["scars", "nope", "--set", "death"], "no post with slug 'nope'"),
        (["scars"], "say --set CATEGORY,... or --clear"),
        (["scars", "--set", "death", "--clear"], "say --set CATEGORY,... or --clear"),
        (["scars", "--clear", "--text", "x"], "--text goes with --set"),
    ],
)
def test_bad_input_says_so_in_one_line_and_changes_nothing(
    app, run_import, run_posts, write_dump, arguments, message
):
    assert run_import(write_dump(make_dump([("Scars", "I used to cut myself.")]))).exit_code == 0
    with app.app_context():
        before = content_versions()[0]
    result = run_posts("note", *arguments)
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "nothing was changed" in lines[0], lines
    assert "Traceback" not in result.output
    post = stored(app)["Scars"]
    assert (post.notes, post.note_decided) == ("self-harm", False)
    with app.app_context():
        assert content_versions()[0] == before


def test_posts_imported_without_proposals_get_them_at_the_next_import(app, run_import, write_dump):
    app.config["NOTE_PROPOSALS"] = False
    first = write_dump(make_dump([("Loss", "My father died in May."), ("Sun", "A sunny day.")]))
    result = run_import(first)
    assert "content notes: 0 posts got content notes" in result.output
    assert stored(app)["Loss"].notes == ""
    app.config["NOTE_PROPOSALS"] = True
    result = run_import(write_dump(make_dump([("New", "A quiet week.")])))
    assert "content notes: 1 post got a content note" in result.output
    found = stored(app)
    assert (found["Loss"].notes, found["Sun"].notes, found["New"].notes) == ("death", "", "")
    assert json.loads(found["Sun"].note_reasons) == []


def test_the_categories_module_keeps_the_contract():
    assert CATEGORIES == (
        "suicide",
        "self-harm",
        "death",
        "violence",
        "abuse",
        "eating-disorders",
        "substance-use",
    )


def test_every_kind_of_entry_reads_the_note(app, run_import, run_posts, write_dump):
    """The rows the site renders from carry notes and note_text: a listing page, the most
    shared, a search result, a post and its related posts."""
    from community_site.data.queries import post_by_slug, posts_page, related_posts
    from community_site.data.search_index import search

    dump = "CW: my father's death\nGlacier marmots\n\nThe marmots whistled on the glacier.\n"
    dump += "Ways to Share:\n" + make_dump(
        [
            ("More glacier marmots", "More marmots whistled on the glacier ridge."),
            ("Bread", "A loaf of sourdough."),
        ]
    )
    assert run_import(write_dump(dump)).exit_code == 0
    with app.app_context():
        listing = {row.slug: (row.notes, row.note_text) for row in posts_page(1, 10).posts}
        assert listing["glacier-marmots"] == ("death", "my father's death")
        assert listing["bread"] == ("", None)
        found = {row.slug: row.notes for row, _ in search("marmots", 1, 10)[0]}
        assert found == {"glacier-marmots": "death", "more-glacier-marmots": ""}
        post = post_by_slug("glacier-marmots")
        assert (post.notes, post.note_text) == ("death", "my father's death")
        related = related_posts(post_by_slug("more-glacier-marmots"))
        assert [(r.slug, r.notes, r.note_text) for r in related] == [
            ("glacier-marmots", "death", "my father's death")
        ]


def test_posts_imported_before_content_notes_lose_their_note_line_titles_at_upgrade(
    tmp_path, database_url
):
    """Before migration 0008 a note line was a post's title. After the upgrade the same dump
    finds those posts again, moves the line into the note and keeps their slugs; posts whose
    text did not change get their proposals."""
    from flask_migrate import upgrade

    from community_site import create_app
    from community_site.data.extension import MIGRATIONS
    from importer.cli import import_command
    from tests.support import app_at_revision

    old, config = app_at_revision(tmp_path, database_url, "0006")
    dump = tmp_path / "dump.txt"
    dump.write_text(
        "CW: suicide\nMy brother\n\nHe took his own life.\nWays to Share:\n"
        "CW: suicide\nMy sister\n\nShe is well.\nWays to Share:\n"
        + make_dump([("Loss", "My father died in May.")]),
        encoding="utf-8",
    )
    result = old.test_cli_runner().invoke(import_command, [str(dump)])
    assert "3 added" in result.output, result.output
    with old.app_context():
        db.engine.dispose()
    new = create_app(dict(config))
    with new.app_context():
        upgrade(directory=MIGRATIONS)
    runner = new.test_cli_runner()
    result = runner.invoke(import_command, [str(dump)])
    assert "0 added, 2 updated, 1 unchanged" in result.output, result.output
    assert "content notes: 3 posts got content notes" in result.output
    found = stored(new)
    assert sorted(found) == ["Loss", "My brother", "My sister"]
    assert (found["My brother"].slug, found["My sister"].slug) == ("cw-suicide", "cw-suicide-2")
    assert found["My brother"].note_text == "suicide" and found["Loss"].notes == "death"
    result = runner.invoke(import_command, [str(dump)])
    assert "0 added, 0 updated, 3 unchanged" in result.output, result.output
    with new.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(
    ("note", "keys"),
    [
        ("suicide, SH, ED", "suicide self-harm eating-disorders"),
        ("mentions of SA", "abuse"),
        ("DV, a funeral", "death violence abuse"),
        ("food and weight talk", "eating-disorders"),
        ("drug use, alcohol", "substance-use"),
        ("pet loss", "death"),
        ("heavy week, be gentle", ""),
    ],
)
def test_a_writers_note_names_categories_in_its_own_short_words(note, keys):
    from importer.notes import note_columns

    columns = note_columns(note, "Title\nA calm text.")
    assert sorted(columns["notes"].split()) == sorted(keys.split())
    assert columns["note_text"] == note
    assert all(source == "dump" for _, source, _ in json.loads(columns["note_reasons"]))


def test_copy_db_and_backup_carry_notes_and_decisions(
    app, run_import, run_posts, write_dump, tmp_path
):
    """Every note column goes along: the copy keeps a maintainer's decision through a
    reimport of changed text, as the original would."""
    from community_site import create_app
    from importer.cli import import_command
    from importer.maintenance import backup_command, copy_db_command

    dump = "CW: grief\nLoss\n\nMy father died in May.\nWays to Share:\n"
    dump += make_dump([("Sun", "A sunny day."), ("Hard", "I was drinking every night.")])
    assert run_import(write_dump(dump)).exit_code == 0
    assert run_posts("note", "hard", "--clear").exit_code == 0
    columns = ("slug", "notes", "note_text", "note_reasons", "note_decided")

    def notes_of(some_app) -> set:
        with some_app.app_context():
            rows = db.session.execute(select(*(getattr(Post, c) for c in columns))).all()
            db.session.remove()
            return {tuple(row) for row in rows}

    original = notes_of(app)
    target_url = f"sqlite:///{tmp_path / 'copy.db'}"
    result = app.test_cli_runner().invoke(copy_db_command, [target_url])
    assert result.exit_code == 0, result.output
    copy = create_app(
        {"INSTANCE_PATH": str(tmp_path / "copy"), "SQLALCHEMY_DATABASE_URI": target_url}
    )
    assert notes_of(copy) == original
    changed = write_dump(make_dump([("Hard", "I was drinking every night, and more.")]))
    assert "1 updated" in copy.test_cli_runner().invoke(import_command, [str(changed)]).output
    assert ("hard", "", None, "[]", True) in notes_of(copy)
    with copy.app_context():
        db.engine.dispose()
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        backup = tmp_path / "backup.db"
        result = app.test_cli_runner().invoke(backup_command, [str(backup)])
        assert result.exit_code == 0, result.output
        kept = create_app(
            {
                "INSTANCE_PATH": str(tmp_path / "kept"),
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{backup}",
            }
        )
        assert notes_of(kept) == original
        with kept.app_context():
            db.engine.dispose()


def test_the_lexicon_names_known_categories_and_anchors_the_split_can_find():
    import re

    from importer.lexicon import LEXICON, NOTE_LEXICON

    for names, anchors, phrase in LEXICON + NOTE_LEXICON:
        assert all(name in CATEGORIES for name in names.split()), phrase
        # The importer splits words at every character but a letter.
        assert anchors and all(re.fullmatch(r"[^\W\d_]+", word) for word in anchors.split())
        re.compile(phrase)
