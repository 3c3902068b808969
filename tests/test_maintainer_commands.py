"""The maintainers' rough edges: a dry run names the posts it would add and change, `posts
hide` and `show` take many slugs in one transaction, a reading bar ends at 100%, counts are
said in the right number, and `flask version` agrees with the package."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from importlib.metadata import version

import pytest

from importer.split import read_lines
from tests.support import REAL_DUMP, REAL_POSTS, ROOT, make_dump


def many_posts(count: int, prefix: str = "Meeting note") -> str:
    return make_dump([(f"{prefix} {n}", f"What was said at meeting {n}.") for n in range(count)])


def listed_slugs(output: str, heading: str) -> list[str]:
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    slugs = []
    for line in lines[start + 1 :]:
        if not line.startswith("  ") or line.startswith("  …"):
            break
        slugs.append(line.strip())
    return slugs


def test_a_dry_run_names_the_posts_it_would_add_and_change(run_import, write_dump):
    assert run_import(REAL_DUMP).exit_code == 0
    changed = REAL_DUMP.read_text(encoding="utf-8").replace(
        "What is Peer Support?\n", "What is Peer Support?\n\nA new first line.\n", 1
    )
    dump = write_dump(many_posts(14) + changed)
    result = run_import("--dry-run", dump)
    assert result.exit_code == 0, result.output
    assert "total: 14 added, 1 updated, 3 unchanged" in result.output
    added = [f"meeting-note-{n}" for n in range(14)]
    assert "would add 14 posts:" in result.output
    assert listed_slugs(result.output, "would add") == added[:10]
    assert "  … and 4 more (--verbose lists them all)" in result.output
    assert "would change 1 post:" in result.output
    assert listed_slugs(result.output, "would change") == [REAL_POSTS[0][1]]

    verbose = run_import("--dry-run", "--verbose", dump)
    assert listed_slugs(verbose.output, "would add") == added
    assert "more (--verbose" not in verbose.output


def test_a_real_import_lists_no_slugs(run_import, write_dump):
    result = run_import(write_dump(many_posts(3)))
    assert result.exit_code == 0 and "would add" not in result.output


def listing(run_posts) -> dict[str, bool]:
    return {post["slug"]: post["hidden"] for post in json.loads(run_posts("list", "--json").output)}


def test_hide_and_show_take_many_slugs_at_once(run_posts, imported, client):
    slugs = [slug for _, slug in REAL_POSTS[:3]]
    result = run_posts("hide", *slugs)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"{slug} is now hidden" for slug in slugs]
    assert [listing(run_posts)[slug] for slug in slugs] == [True, True, True]
    for slug in slugs:
        assert client.get(f"/posts/{slug}").status_code == 410
    assert client.get("/").text.count('class="entry"') == 1

    again = run_posts("show", slugs[0], REAL_POSTS[3][1])
    assert again.output.splitlines() == [
        f"{slugs[0]} is now shown",
        f"{REAL_POSTS[3][1]} is already shown",
    ]
    assert client.get(f"/posts/{slugs[0]}").status_code == 200


def test_one_unknown_slug_hides_none_of_them(run_posts, imported):
    before = listing(run_posts)
    result = run_posts("hide", REAL_POSTS[0][1], "no-such-post", REAL_POSTS[1][1])
    assert result.exit_code == 1
    assert "no post with slug 'no-such-post'" in result.output
    assert "no post was hidden" in result.output
    assert listing(run_posts) == before


def test_the_reading_bar_ends_at_the_files_size(tmp_path):
    dump = tmp_path / "big.txt"
    dump.write_text(many_posts(3000), encoding="utf-8")
    advanced = []
    with open(dump, "rb") as stream:
        lines = sum(1 for _ in read_lines(stream, str(dump), progress=advanced.append))
    assert lines > 4096 * 2
    assert sum(advanced) == dump.stat().st_size


def test_reading_standard_input_counts_without_a_size(tmp_path):
    pipe = io.BufferedReader(io.BytesIO(many_posts(2000).encode()))
    pipe.tell = lambda: (_ for _ in ()).throw(OSError(29, "Illegal seek"))  # a pipe
    assert sum(1 for _ in read_lines(pipe, "-", progress=lambda _n: None)) > 4096


def test_one_new_post_is_said_as_one(run_import, write_dump):
    result = run_import(write_dump(many_posts(1)))
    assert result.exit_code == 0
    assert "storing: 1 new post, 0 changed" in result.output
    assert "search index: adding 1 new post\n" in result.output


@pytest.mark.served
def test_flask_version_prints_the_packages_version():
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"community-site {version('community-site')}\n"
