"""Instructions per request, counted by valgrind's callgrind, for this checkout and another:
a before-and-after comparison that other work on a shared machine cannot disturb (callgrind
counts instructions, not seconds).

Each kind of request runs in the site's own process through Flask's test client, once with
N requests and once with 2N; the difference over N is the cost of one request, start-up and
warm-up left out. Both checkouts serve copies of one database of generated posts.

A press is an htmx share press from a reader of its own (an address and a browser no other
press has), over the first posts and the networks htmx presses, so that none is a repeat the
day-once rule leaves uncounted. Its ratio to the cached post page, in the same checkout, is
printed beside it.

    python bench/instructions.py --other DIR [--posts 2000] [--requests 500] [--kinds KIND ...]

DIR is another checkout with its own .venv (make .venv/.test there).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve_bench import prepare_site  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# The generated dump's first post (bench/import_bench.py generate).
SLUG = "what-is-peer-support-part-0"
KINDS = {
    "post page": (f"/posts/{SLUG}", 128),
    "listing page 1": ("/", 128),
    "listing page 100": ("/?page=100", 128),
    "uncached post page": (f"/posts/{SLUG}", 0),
    "uncached listing page 1": ("/", 0),
    "press": ("press", 128),
}
# Runs in the checkout's own python: N requests of one URL after a warm-up.
DRIVER = """
import sys
from community_site import create_app
path, cache_mb, count, instance = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
app = create_app({"INSTANCE_PATH": instance, "PAGE_CACHE_MB": cache_mb})
client = app.test_client()
headers = {"Accept-Encoding": "gzip"}
if path != "press":
    for _ in range(20):
        assert client.get(path, headers=headers).status_code == 200
    for _ in range(count):
        client.get(path, headers=headers)
    sys.exit()
# Presses: each from an address and a browser of its own, the networks htmx posts.
from community_site.data.extension import db
from community_site.data.models import Post
from sqlalchemy import select
NETWORKS = ["email", "copy", "bluesky", "facebook", "x", "linkedin", "reddit", "whatsapp",
            "telegram"]
with app.app_context():
    slugs = db.session.scalars(select(Post.slug).order_by(Post.position.desc()).limit(20)).all()
headers = {**headers, "HX-Request": "true", "Origin": app.config["BASE_URL"],
           "Sec-Fetch-Site": "same-origin"}
def press(n):
    return client.post(
        f"/posts/{slugs[n % len(slugs)]}/share/{NETWORKS[n // len(slugs) % len(NETWORKS)]}",
        headers={**headers, "User-Agent": f"bench reader {n}"},
        environ_base={"REMOTE_ADDR": f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"},
    )
for n in range(20):
    answer = press(n)
    assert answer.status_code == 200, (answer.status_code, answer.get_data()[:300])
for n in range(20, 20 + count):
    press(n)
"""


def instructions(python: Path, cwd: Path, env: dict, args: list[str], out: Path) -> int:
    subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out}",
            str(python),
            "-c",
            DRIVER,
            *args,
        ],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
    )
    summary = re.search(r"^summary:\s+(\d+)", out.read_text(), re.M)
    return int(summary.group(1))


def per_request(checkout: Path, folder: Path, database: Path, kind: str, n: int) -> float:
    path, cache_mb = KINDS[kind]
    python = checkout / ".venv" / "bin" / "python"
    counts = []
    for count in (n, 2 * n):
        instance = folder / f"instance-{checkout.name}-{count}"
        instance.mkdir(exist_ok=True)
        copy = instance / "site.db"
        shutil.copy(database, copy)
        # A fixed hash seed: start-up then costs the same in both runs, and drops out.
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{copy}", "SECRET_KEY": "bench"}
        env["PYTHONHASHSEED"] = "0"
        args = [path, str(cache_mb), str(count), str(instance)]
        counts.append(instructions(python, checkout, env, args, folder / "callgrind.out"))
    return (counts[1] - counts[0]) / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--other", type=Path, required=True, help="the checkout to compare")
    parser.add_argument("--posts", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument(
        "--kinds", nargs="+", choices=list(KINDS), help="these kinds only (default: all)"
    )
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        sys.exit("valgrind is not installed (apt-get install valgrind)")
    other = args.other.resolve()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        env = prepare_site(folder, args.posts)
        database = Path(env["DATABASE_URL"].removeprefix("sqlite:///"))
        print(f"{args.posts} posts, {args.requests} requests a run, instructions per request")
        print(f"{'request':<26}{other.name:>14}{ROOT.name:>14}   ratio")
        page = {}
        for kind in args.kinds or KINDS:
            before = per_request(other, folder, database, kind, args.requests)
            after = per_request(ROOT, folder, database, kind, args.requests)
            print(f"{kind:<26}{before:>14,.0f}{after:>14,.0f}   {after / before:.3f}")
            if kind == "post page":
                page = {other: before, ROOT: after}
            elif kind == "press" and page:
                print(
                    f"{'press / post page':<26}{before / page[other]:>13.2f}x"
                    f"{after / page[ROOT]:>13.2f}x   (target <= 1.5x)"
                )


if __name__ == "__main__":
    main()
