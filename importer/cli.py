"""The maintainers' commands: `flask import FILE...` and
`flask posts list|hide|show|relate|render|note|notes`.

Registered through the `flask.commands` entry point, so the site never imports the importer.
"""

from __future__ import annotations

import json
import os
import sys
from contextlib import ExitStack

import click
from flask import current_app
from sqlalchemy import func, inspect, literal, select, update
from sqlalchemy.exc import SQLAlchemyError

from community_site.data.content_notes import CATEGORIES, WORDS, keys_of
from community_site.data.extension import db
from community_site.data.models import Post, ShareCount, bump_content_version, renumber_listing

from .guard import database_failure, maintainer_command
from .notes import decided_columns
from .progress import BAR_MIN, Progress, counted, quiet_option
from .related import Relater
from .rerender import render_again
from .split import DumpError, read_lines, split
from .store import Counts, PostStore, notes_line

# A dry run lists this many slugs of each kind unless --verbose asks for all.
LISTED = 10


def _check_paths(files: tuple[str, ...]) -> None:
    if files.count("-") > 1:
        raise click.ClickException("standard input ('-') can be named only once")
    for name in files:
        if name == "-":
            continue
        if not os.path.exists(name):
            raise click.ClickException(f"{name}: no such file; nothing was imported")
        if os.path.isdir(name):
            raise click.ClickException(f"{name}: is a directory, not a dump; nothing was imported")
        if not os.access(name, os.R_OK):
            raise click.ClickException(f"{name}: cannot be read (permission denied)")


def _import_file(name, stream, store, encoding, progress: Progress) -> tuple[Counts, bool]:
    counts, trailing = Counts(), False
    size = os.fstat(stream.fileno()).st_size if name != "-" else 0
    with progress.bar(f"reading {name}", size, bar_min=BAR_MIN) as advance:
        for chunk in split(read_lines(stream, name, encoding, advance), name):
            if chunk.blank:
                counts.skipped += 1
                continue
            store.add(chunk.lines, counts)
            trailing = not chunk.closed
    if counts.posts == 0:
        raise DumpError(f"{name}: no posts found (no text before a 'Ways to Share:' line)")
    return counts, trailing


@click.command("import")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option(
    "--encoding", default="utf-8", show_default=True, help="Text encoding of the dump files."
)
@click.option("--if-empty", is_flag=True, help="Import only into a database with no posts.")
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help=f"With --dry-run: list every slug, not the first {LISTED}.",
)
@quiet_option
@maintainer_command("import", what="nothing was imported")
def import_command(
    files: tuple[str, ...], dry_run: bool, encoding: str, if_empty: bool, verbose: bool, quiet: bool
) -> None:
    """Import plain-text dumps: posts closed by 'Ways to Share:' lines.

    Files are read as one dump in the order given, the top being the newest post. Use '-' for
    standard input. All files are imported in one transaction: on any error nothing is written.
    """
    _check_paths(files)
    if if_empty and db.session.scalar(select(func.count(Post.id))):
        click.echo("the database already holds posts; nothing imported (--if-empty)")
        return
    lines, total = [], Counts()
    progress = Progress(quiet)
    try:
        store = PostStore.load(
            relate=current_app.config["RELATED_POSTS"],
            propose=current_app.config["NOTE_PROPOSALS"],
        )
        for name in files:
            with ExitStack() as stack:
                stream = sys.stdin.buffer if name == "-" else stack.enter_context(open(name, "rb"))
                counts, trailing = _import_file(name, stream, store, encoding, progress)
            total += counts
            lines.append(f"{name}: {counts}")
            if trailing:
                lines.append(
                    f"{name}: note: the text after the last 'Ways to Share:' line "
                    "was imported as a post"
                )
        store.finish(progress.step)
        # Posts older rules rendered (an upgrade changed them) are rendered again.
        rendered = render_again(outdated_only=True)
        if dry_run:
            db.session.rollback()
        else:
            progress.step("commit: writing it all at once")
            db.session.commit()
    except DumpError as exc:
        db.session.rollback()
        raise click.ClickException(f"{exc}; nothing was imported") from None
    except SQLAlchemyError as exc:
        db.session.rollback()
        raise database_failure(exc, "nothing was imported") from None
    for line in lines:
        click.echo(line)
    dry = " (dry run: nothing written)" if dry_run else ""
    click.echo(f"total: {total}{dry}")
    click.echo(f"content notes: {notes_line(store.noted_total)}{dry}")
    if rendered.rendered:
        would = "would be " if dry_run else ""
        click.echo(
            f"{counted(rendered.rendered, 'post')} made by older rules {would}rendered again "
            f"({rendered.changed} changed)"
        )
    if dry_run:
        _list_slugs("would add", store.added_slugs, verbose)
        _list_slugs("would change", store.changed_slugs, verbose)


def _list_slugs(what: str, slugs: list[str], verbose: bool) -> None:
    """A dry run's slugs of one kind: every one with --verbose, else the first few."""
    if not slugs:
        return
    click.echo(f"{what} {counted(len(slugs), 'post')}:")
    shown = slugs if verbose else slugs[:LISTED]
    for slug in shown:
        click.echo(f"  {slug}")
    if len(shown) < len(slugs):
        click.echo(f"  … and {len(slugs) - len(shown)} more (--verbose lists them all)")


@click.group("posts")
def posts_group() -> None:
    """List posts, hide and show them on the site, work out related posts again, decide
    their content notes."""


def _notes_column():
    """Posts' notes, or "" for every post on a schema before content notes (migration 0008),
    which `posts list` still reads."""
    columns = inspect(db.session.connection()).get_columns(Post.__tablename__)
    if any(column["name"] == "notes" for column in columns):
        return Post.notes
    return literal("").label("notes")


@posts_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@maintainer_command("posts list", exclusive=False)
def list_command(as_json: bool) -> None:
    """List posts newest first: slug, title, listing order, hidden, share total."""
    totals = (
        select(ShareCount.post_id, func.sum(ShareCount.count).label("total"))
        .group_by(ShareCount.post_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            Post.slug, Post.title, Post.listing_rank, Post.hidden, totals.c.total, _notes_column()
        )
        .outerjoin(totals, totals.c.post_id == Post.id)
        .order_by(Post.position.desc())
    ).all()
    newest = min((row.listing_rank for row in rows if row.listing_rank is not None), default=0)
    posts = [
        {
            "order": order,
            "slug": slug,
            "title": title,
            # Its place in the listing: 1 for the listing's first post.
            "listing_rank": None if rank is None else rank - newest + 1,
            "hidden": bool(hidden),
            "shares": int(total or 0),
            "notes": keys_of(notes),
        }
        for order, (slug, title, rank, hidden, total, notes) in enumerate(rows, 1)
    ]
    if as_json:
        click.echo(json.dumps(posts, ensure_ascii=False, indent=2))
        return
    for post in posts:
        flag = "hidden" if post["hidden"] else "shown"
        note = f"  (note: {', '.join(post['notes'])})" if post["notes"] else ""
        click.echo(
            f"{post['order']:>6}  {flag:<6}  {post['shares']:>6} shares  "
            f"{post['slug']}  {post['title']}{note}"
        )
    click.echo(f"{len(posts)} posts")


def _set_hidden(slugs: tuple[str, ...], hidden: bool) -> None:
    """Hide or show every post named, in one transaction: all of them or, if any slug is
    unknown, none."""
    wanted = list(dict.fromkeys(slugs))
    found = dict(
        db.session.execute(select(Post.slug, Post.hidden).where(Post.slug.in_(wanted))).all()
    )
    unknown = [slug for slug in wanted if slug not in found]
    if unknown:
        named = "no post with slug" if len(unknown) == 1 else "no posts with slugs"
        raise click.ClickException(
            f"{named} {', '.join(map(repr, unknown))} (see 'flask posts list'); "
            f"no post was {'hidden' if hidden else 'shown'}"
        )
    changed = {slug for slug in wanted if bool(found[slug]) != hidden}
    if changed:
        db.session.execute(
            update(Post)
            .where(Post.slug.in_(changed))
            .values(hidden=hidden)
            .execution_options(synchronize_session=False)
        )
        renumber_listing()
        bump_content_version()
        db.session.commit()
    state = "hidden" if hidden else "shown"
    for slug in wanted:
        click.echo(f"{slug} {'is now' if slug in changed else 'is already'} {state}")


@posts_group.command("hide")
@click.argument("slugs", nargs=-1, required=True, metavar="SLUG...")
@maintainer_command("posts hide", what="no post was hidden")
def hide_command(slugs: tuple[str, ...]) -> None:
    """Take posts off the site: they answer 410 Gone and later imports keep them hidden."""
    _set_hidden(slugs, True)


@posts_group.command("show")
@click.argument("slugs", nargs=-1, required=True, metavar="SLUG...")
@maintainer_command("posts show", what="no post was shown")
def show_command(slugs: tuple[str, ...]) -> None:
    """Put hidden posts back on the site."""
    _set_hidden(slugs, False)


@posts_group.command("relate")
@maintainer_command("posts relate", what="no list was changed")
def relate_command() -> None:
    """Work out every post's related posts again, from every post's text as it is now.

    Imports relate their new and changed posts; this also brings older posts' own signatures
    up to date with the terms' counts. A list that comes out the same is not written.
    """
    changed = Relater(everything=True).finish()
    if changed:
        bump_content_version()  # the pages that show those lists
    db.session.commit()
    posts = db.session.scalar(select(func.count(Post.id)))
    click.echo(f"related posts worked out for {posts} posts: {changed} lists changed")


@posts_group.command("render")
@click.option(
    "--outdated", is_flag=True, help="Only the posts older rules rendered (after an upgrade)."
)
@quiet_option
@maintainer_command("posts render", what="no post was rendered again")
def render_command(outdated: bool, quiet: bool) -> None:
    """Render posts' bodies again from their source text with the current rules.

    Only the body's HTML, the excerpt and the reading time change; titles, slugs, dates,
    order, hidden flags, counts and related posts stay as they are.
    """
    Progress(quiet).step(
        "rendering: " + ("posts older rules rendered" if outdated else "every post")
    )
    done = render_again(outdated_only=outdated)
    db.session.commit()
    if quiet and not done.rendered:
        return
    click.echo(f"{counted(done.rendered, 'post')} rendered again: {done.changed} changed")


def _categories(value: str | None) -> list[str]:
    """The category keys of `--set`, checked: one line naming the unknown ones."""
    keys = [key.strip() for key in (value or "").split(",") if key.strip()]
    unknown = [key for key in keys if key not in WORDS]
    if unknown or not keys:
        named = ", ".join(repr(key) for key in unknown) or "none given"
        raise click.ClickException(
            f"unknown content note category: {named}; the categories are "
            f"{', '.join(CATEGORIES)} (comma-separated); nothing was changed"
        )
    return keys


@posts_group.command("note")
@click.argument("slugs", nargs=-1, required=True, metavar="SLUG...")
@click.option("--set", "categories", metavar="CATEGORY,...", help="Give the posts this note.")
@click.option("--text", help="The note's own sentence, shown with its categories (with --set).")
@click.option("--clear", is_flag=True, help="Give the posts no note; no proposal brings one back.")
@maintainer_command("posts note", what="no note was changed")
def note_command(slugs: tuple[str, ...], categories: str | None, text: str | None, clear: bool):
    """Decide posts' content notes: --set CATEGORY,... [--text SENTENCE], or --clear.

    A decision stands: later imports, even of changed text, leave it as it is. Without
    --text, --set keeps the sentence the post has.
    """
    if clear == (categories is not None):
        raise click.ClickException("say --set CATEGORY,... or --clear; nothing was changed")
    if clear and text is not None:
        raise click.ClickException("--text goes with --set, not --clear; nothing was changed")
    keys = [] if clear else _categories(categories)
    if text is not None:
        text = " ".join(text.split()) or None
    posts = {
        post.slug: post for post in db.session.scalars(select(Post).where(Post.slug.in_(slugs)))
    }
    missing = [slug for slug in dict.fromkeys(slugs) if slug not in posts]
    if missing:
        raise click.ClickException(
            f"no post with slug {', '.join(map(repr, missing))} (see 'flask posts list'); "
            "nothing was changed"
        )
    for slug in dict.fromkeys(slugs):
        post = posts[slug]
        sentence = None if clear else (post.note_text if text is None else text)
        for column, value in decided_columns(keys, sentence).items():
            setattr(post, column, value)
    db.session.flush()
    bump_content_version()  # the pages that show these notes
    db.session.commit()
    for slug in dict.fromkeys(slugs):
        post = posts[slug]
        click.echo(
            f"{slug}: {'note: ' + ', '.join(keys_of(post.notes)) if post.notes else 'no note'}"
        )


@posts_group.command("notes")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a list.")
@maintainer_command("posts notes", exclusive=False)
def notes_command(as_json: bool) -> None:
    """List noted posts newest first: each category, where it came from (dump, proposed,
    maintainer) and why (the phrases that proposed it)."""
    rows = db.session.execute(
        select(
            Post.slug, Post.title, Post.notes, Post.note_text, Post.note_reasons, Post.note_decided
        )
        .where(Post.notes != "")
        .order_by(Post.position.desc())
    ).all()
    posts = []
    for row in rows:
        reasons = {key: (source, why) for key, source, why in json.loads(row.note_reasons or "[]")}
        posts.append(
            {
                "slug": row.slug,
                "title": row.title,
                "notes": keys_of(row.notes),
                "text": row.note_text,
                "decided": bool(row.note_decided),
                "categories": [
                    {
                        "key": key,
                        "words": WORDS[key],
                        "source": reasons.get(key, ("proposed", []))[0],
                        "why": reasons.get(key, ("proposed", []))[1],
                    }
                    for key in keys_of(row.notes)
                ],
            }
        )
    if as_json:
        click.echo(json.dumps(posts, ensure_ascii=False, indent=2))
        return
    for post in posts:
        click.echo(f"{post['slug']}  {post['title']}")
        if post["text"]:
            click.echo(f"  writer's note: {post['text']}")
        for category in post["categories"]:
            why = ", ".join(f'"{phrase}"' for phrase in category["why"])
            click.echo(f"  {category['key']}: {category['source']}" + (f" ({why})" if why else ""))
    noun = "post has" if len(posts) == 1 else "posts have"
    click.echo(f"{len(posts)} {noun} a content note")
