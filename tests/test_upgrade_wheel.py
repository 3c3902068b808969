"""Versions that mean something: two builds of two commits have two versions, the later one
higher, and installing the newer wheel over the older one installs the new code, as
`flask version` and the package's metadata both say.

Built from a clone of the checkout's last commit with `python -m build`, installed with pip
(dependencies from the package index, like tests/test_wheel.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.version import Version

from tests.support import ROOT

pytestmark = pytest.mark.served

MARKER = "# a change made after the first build\n"


def run(*args, cwd=None, env=None) -> str:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"{args}: {result.stdout[-2000:]}{result.stderr[-3000:]}"
    return result.stdout


def build_wheel(repo: Path, out: Path) -> Path:
    run(sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(repo))
    (wheel,) = out.glob("*.whl")
    return wheel


def test_a_newer_wheel_installs_over_an_older_one(tmp_path):
    repo = tmp_path / "repo"
    run("git", "clone", "--quiet", str(ROOT), str(repo))
    first = build_wheel(repo, tmp_path / "first")

    with (repo / "importer" / "version.py").open("a") as source:
        source.write(MARKER)
    author = ["-c", "user.name=Test", "-c", "user.email=test@example.org"]
    run("git", *author, "commit", "--quiet", "-am", "A change", cwd=repo)
    second = build_wheel(repo, tmp_path / "second")

    older, newer = (Version(wheel.name.split("-")[1]) for wheel in (first, second))
    assert newer > older, (first.name, second.name)

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", str(venv))
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["INSTANCE_PATH"] = str(tmp_path / "instance")
    python, flask = str(venv / "bin" / "python"), str(venv / "bin" / "flask")

    def installed() -> tuple[str, str, str]:
        said = run(flask, "--app", "community_site", "version", cwd=tmp_path, env=env)
        metadata = run(
            python,
            "-c",
            "import importlib.metadata as m, importer.version as v; "
            "print(m.version('community-site')); print(v.__file__)",
            cwd=tmp_path,
            env=env,
        ).split()
        return said.strip(), metadata[0], Path(metadata[1]).read_text()

    run(python, "-m", "pip", "install", "--quiet", str(first), env=env)
    said, metadata, code = installed()
    assert said == f"community-site {older}" and Version(metadata) == older
    assert MARKER not in code

    upgrade = run(python, "-m", "pip", "install", str(second), env=env)
    assert "already installed" not in upgrade and "already satisfied: community-site" not in upgrade
    said, metadata, code = installed()
    assert said == f"community-site {newer}" and Version(metadata) == newer
    assert code.endswith(MARKER)
