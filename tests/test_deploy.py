"""deploy/: the systemd units pass `systemd-analyze verify`, the sysusers file makes the
service user, and the units' own commands, run as an unprivileged user with a state folder of
its own and the environment file, as systemd runs them, serve the site and back it up. A
start-up that cannot work stops gunicorn with one line and exit status 3.

As root (CI) the commands run as `nobody` (setpriv) from a Python prefix that user can read;
as any other user they run as that user, itself unprivileged.
"""

from __future__ import annotations

import configparser
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support import REAL_DUMP, REAL_POSTS, ROOT

pytestmark = [pytest.mark.sqlite_only, pytest.mark.served]

DEPLOY = ROOT / "deploy"
UNITS = ["community.service", "community-backup.service", "community-backup.timer"]
PREFIX = "/opt/community"
STATE = "/var/lib/community"
ENV_FILE = "/etc/community.env"
ROOT_USER = os.geteuid() == 0


def _require(tool: str) -> str:
    found = shutil.which(tool)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"{tool} is missing: CI must install it (see .ci/run)")
    pytest.skip(f"{tool} is not installed (Debian's systemd package); skipped")


class _Repeated(dict):
    """A section for configparser in which a repeated key (ExecStartPre=) adds its value."""

    def __setitem__(self, key, value):
        if key in self and isinstance(value, list):
            self[key].extend(value)
        else:
            super().__setitem__(key, value)


def unit(name: str) -> dict[str, list[str]]:
    """A unit file's [Service] (or [Timer]) settings, each key with all of its values."""
    parser = configparser.RawConfigParser(dict_type=_Repeated, strict=False, delimiters=("=",))
    parser.optionxform = str
    parser.read(DEPLOY / name)
    section = "Service" if parser.has_section("Service") else "Timer"
    return {key: value.split("\n") for key, value in parser.items(section)}


def environment_file() -> dict[str, str]:
    settings = {}
    for line in (DEPLOY / "community.env").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            settings[key.strip()] = value.strip()
    return settings


def test_the_units_pass_systemd_analyze_verify(tmp_path):
    """Verified inside a root of their own: systemd's units, these, and the two programs
    they run where the package puts them."""
    _require("systemd-analyze")
    root = tmp_path / "root"
    shutil.copytree("/usr/lib/systemd/system", root / "usr/lib/systemd/system", symlinks=True)
    (root / "etc/systemd/system").mkdir(parents=True)
    for name in UNITS:
        shutil.copy(DEPLOY / name, root / "etc/systemd/system" / name)
    (root / "etc/community.env").write_text((DEPLOY / "community.env").read_text())
    for program in ("flask", "gunicorn"):
        path = root / PREFIX.lstrip("/") / "bin" / program
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("#!/bin/sh\n")
        path.chmod(0o755)
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", f"--root={root}", *UNITS],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and not (result.stdout + result.stderr).strip(), (
        result.stdout + result.stderr
    )


def test_the_sysusers_file_makes_the_service_user_with_the_state_folder_as_home(tmp_path):
    _require("systemd-sysusers")
    (tmp_path / "etc").mkdir()
    result = subprocess.run(
        ["systemd-sysusers", f"--root={tmp_path}", str(DEPLOY / "community.sysusers")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    (line,) = [
        line
        for line in (tmp_path / "etc/passwd").read_text().splitlines()
        if line.startswith("community:")
    ]
    name, _, uid, _, _, home, shell = line.split(":")
    assert int(uid) < 1000 and home == STATE and shell.endswith("nologin")


def test_the_units_agree_on_the_user_state_folder_and_settings():
    site, backup = unit("community.service"), unit("community-backup.service")
    for service in (site, backup):
        assert service["User"] == ["community"] and service["EnvironmentFile"] == [ENV_FILE]
        assert "community" in service["StateDirectory"][0].split()
    assert environment_file()["INSTANCE_PATH"] == STATE
    # Nothing for systemd to expand and nothing cron would cut at a '%'.
    for service in (site, backup):
        for key, lines in service.items():
            if key.startswith("Exec"):
                assert all("%" not in line for line in lines), lines
    assert unit("community-backup.timer")["Persistent"] == ["true"]


# Running the units' commands.


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cannot_run(reason: str):
    """Skip on a laptop, saying why; in CI (CI=true) fail: CI clones where `nobody` reads."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: CI must run this test")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def service_prefix():
    """A folder standing in for /opt/community that the service user can run: as root, a
    virtual environment of Debian's python3 reading this environment's packages (whose own
    Python may live where `nobody` cannot read); otherwise this environment itself."""
    if not ROOT_USER:
        yield Path(sys.prefix)
        return
    system_python = "/usr/bin/python3"
    version = subprocess.run(
        [system_python, "-c", "import sys; print(sys.version_info[:2])"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    if version != str(sys.version_info[:2]):
        cannot_run(f"{system_python} is not Python {sys.version_info[:2]}; cannot stand in")
    holder = Path(tempfile.mkdtemp(prefix="community-deploy-"))
    holder.chmod(0o755)
    prefix = holder / "opt"
    subprocess.run([system_python, "-m", "venv", "--without-pip", str(prefix)], check=True)
    ours = sysconfig.get_paths()["purelib"]
    (
        prefix
        / "lib"
        / f"python{sys.version_info[0]}.{sys.version_info[1]}"
        / "site-packages"
        / "borrowed.pth"
    ).write_text(f"import site; site.addsitedir({ours!r})\n")
    scripts = {"flask": "flask.cli:main", "gunicorn": "gunicorn.app.wsgiapp:run"}
    for name, target in scripts.items():
        module, function = target.split(":")
        script = prefix / "bin" / name
        script.write_text(
            f"#!{prefix}/bin/python\nimport sys\nfrom {module} import {function}\n"
            f"sys.exit({function}())\n"
        )
        script.chmod(0o755)
    readable = subprocess.run(
        ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
        + [str(prefix / "bin" / "python"), "-c", "import community_site, flask, gunicorn"],
        cwd=holder,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    if "ModuleNotFoundError" in readable.stderr or "PermissionError" in readable.stderr:
        shutil.rmtree(holder)
        cannot_run(f"nobody cannot read this checkout or its packages ({ours}): {readable.stderr}")
    yield prefix
    shutil.rmtree(holder)


class Service:
    """The units' commands with the paths systemd would give them: /opt/community is the
    prefix, /var/lib/community a state folder owned by the service user, /etc/community.env
    the shipped file (its BASE_URL kept; GUNICORN_BIND on a free port)."""

    def __init__(self, prefix: Path, writable: bool = True):
        self.prefix = prefix
        self.holder = Path(tempfile.mkdtemp(prefix="community-state-"))
        self.holder.chmod(0o755)
        self.state = self.holder / "community"
        self.backups = self.holder / "community-backups"
        for folder in (self.state, self.backups):
            folder.mkdir(mode=0o750)
            if ROOT_USER and writable:
                shutil.chown(folder, "nobody", "nogroup")
        if not writable:
            self.state.chmod(0o555)  # a state folder the user cannot write
        self.port = _free_port()
        settings = environment_file()
        settings.update(
            INSTANCE_PATH=self._paths(settings["INSTANCE_PATH"]),
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
        )
        self.host = settings["BASE_URL"].split("://", 1)[1]
        # What systemd gives a service: a bare PATH, the user's home (the sysusers one, or
        # none at all, as for `nobody`), and the environment file.
        self.env = {
            "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME": "/nonexistent",
            "LANG": "C.UTF-8",
            **settings,
        }

    def _paths(self, text: str) -> str:
        return (
            text.replace(PREFIX, str(self.prefix))
            .replace(STATE + "-backups", str(self.backups))
            .replace(STATE, str(self.state))
        )

    def command(self, line: str) -> list[str]:
        """An Exec line as the service user runs it ("-" only says a failure is ignored)."""
        words = shlex.split(self._paths(line.lstrip("-")))
        user = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
        return (user if ROOT_USER else []) + words

    def run(self, line: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            self.command(line), cwd=self.state, env=self.env, capture_output=True, text=True
        )

    def start(self, line: str) -> subprocess.Popen:
        return subprocess.Popen(
            self.command(line),
            cwd=self.holder,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    def maintainer(self, *args: str) -> subprocess.CompletedProcess:
        """deploy/community-flask as root runs it, for `nobody` with this folder's settings
        (as any other user, the command it runs, as that user)."""
        if not ROOT_USER:
            return self.run(f"{PREFIX}/bin/flask --app community_site {shlex.join(args)}")
        env_file = self.holder / "community.env"
        env_file.write_text(
            "".join(f"{key}={shlex.quote(value)}\n" for key, value in self.env.items())
        )
        script = self.holder / "community-flask"
        script.write_text(
            (DEPLOY / "community-flask")
            .read_text()
            .replace("runuser -u community", "runuser -u nobody")
            .replace(ENV_FILE, str(env_file))
            .replace(PREFIX, str(self.prefix))
        )
        script.chmod(0o755)
        return subprocess.run([str(script), *args], cwd=self.holder, capture_output=True, text=True)

    def get(self, path: str) -> tuple[int, str]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", headers={"Host": self.host}
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read().decode()

    def remove(self):
        shutil.rmtree(self.holder, ignore_errors=True)


def test_the_units_commands_serve_and_back_up_the_site_as_an_unprivileged_user(service_prefix):
    site, backup = unit("community.service"), unit("community-backup.service")
    service = Service(service_prefix)
    try:
        for line in site["ExecStartPre"]:
            result = service.run(line)
            assert result.returncode == 0, f"{line}: {result.stderr}"
        # The maintainer's first import, as the service user with the same settings.
        imported = service.maintainer("import", str(REAL_DUMP))
        assert imported.returncode == 0 and "total: 4 added" in imported.stdout, imported.stderr

        (start,) = site["ExecStart"]
        server = service.start(start)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    status, _ = service.get("/healthz")
                    break
                except OSError:
                    assert server.poll() is None, server.communicate()[1]
                    assert time.monotonic() < deadline, "gunicorn did not answer"
                    time.sleep(0.2)
            assert status == 200
            status, listing = service.get("/")
            assert status == 200 and REAL_POSTS[0][0].replace("?", "") in listing
            for line in site["ExecStartPost"]:
                result = service.run(line)
                assert result.returncode == 0, f"{line}: {result.stderr}"
            # The timer's backup while the site serves.
            (line,) = backup["ExecStart"]
            result = service.run(line)
            assert result.returncode == 0, result.stderr
            (written,) = service.backups.glob("community-*.db")
            assert f"backed up 4 posts to {written}" in result.stdout
            hidden = service.maintainer("posts", "hide", REAL_POSTS[0][1], REAL_POSTS[1][1])
            assert hidden.returncode == 0, hidden.stderr
            assert service.get("/")[1].count('class="entry"') == 2
        finally:
            server.send_signal(signal.SIGTERM)
            _, log = server.communicate(timeout=40)
        assert server.returncode == 0, log
        assert "[ERROR]" not in log and "Traceback" not in log, log
        assert {"community.db", "secret_key"} <= {p.name for p in service.state.iterdir()}
    finally:
        service.remove()


def test_a_start_up_that_cannot_work_stops_gunicorn_with_one_line(service_prefix):
    """A state folder the service user cannot write: the worker says why in one line, and
    the master stops with status 3 (no worker booted again and again), which the unit's
    RestartPreventExitStatus leaves stopped."""
    site = unit("community.service")
    assert site["RestartPreventExitStatus"] == ["3"]
    service = Service(service_prefix, writable=False)
    service.env["INSTANCE_PATH"] = str(service.state / "instance")
    try:
        (start,) = site["ExecStart"]
        server = service.start(start)
        try:
            _, log = server.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            log = server.communicate()[1]
            raise AssertionError("gunicorn kept running: " + log[-3000:]) from None
        assert server.returncode == 3, log
        said = [line for line in log.splitlines() if "configuration error" in line]
        assert len(said) == 1, log
        assert f"the instance folder {service.state / 'instance'} cannot be created" in said[0]
        assert log.count("Booting worker") == 1, log
        assert "Traceback" not in log and "AttributeError" not in log, log
    finally:
        service.remove()
