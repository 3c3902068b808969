"""Debian's nginx with the shipped configuration (deploy/nginx.conf in the main file
deploy/nginx-main.conf) in front of a gunicorn the tests started. Both files are used as they
are, but for the lines naming this machine's places: the port nginx listens on, the
upstream's address, the paths of the logs, the pid file and the cache, and the includes of
Debian's other sites, each replaced once. The temp folders go in a folder of the test's own;
nginx runs as a foreground process."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.support import ROOT

NGINX = "/usr/sbin/nginx"
SHIPPED = ROOT / "deploy" / "nginx.conf"
SHIPPED_MAIN = ROOT / "deploy" / "nginx-main.conf"


def require_nginx() -> None:
    if os.path.exists(NGINX) or shutil.which("nginx"):
        return
    if os.environ.get("CI"):
        pytest.fail(f"{NGINX} is missing: CI must install Debian's nginx (see .ci/run)")
    pytest.skip(f"{NGINX} is not installed (apt-get install nginx); the proxy tests skipped")


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"the shipped nginx file should hold {old!r} once"
    return text.replace(old, new)


def shipped_for(port: int, upstream: int, folder: Path) -> str:
    """deploy/nginx.conf with this machine's port, upstream, log and cache."""
    text = SHIPPED.read_text()
    text = _replace_once(text, "listen 80;", f"listen 127.0.0.1:{port};")
    text = _replace_once(text, "server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};")
    text = _replace_once(text, "/var/lib/nginx/community_site-cache", str(folder / "cache"))
    text = _replace_once(text, "/var/log/nginx/community-error.log", str(folder / "site-error.log"))
    return _replace_once(text, "/var/log/nginx/community-access.log", str(folder / "access.log"))


def main_for(folder: Path, http: str, workers: int | None) -> str:
    """deploy/nginx-main.conf with this test's folder for its pid, logs and temp files, the
    shipped site (and `http`) in place of Debian's includes, and `workers` when given."""
    text = SHIPPED_MAIN.read_text()
    # As root nginx's workers would run as www-data, who cannot enter pytest's folders.
    user = "user root root;" if os.geteuid() == 0 else ""
    text = _replace_once(text, "user www-data;", user)
    if workers is not None:
        text = _replace_once(text, "worker_processes auto;", f"worker_processes {workers};")
    text = _replace_once(text, "pid /run/nginx.pid;", f"pid {folder / 'nginx.pid'};")
    text = _replace_once(
        text, "error_log /var/log/nginx/error.log;", f"error_log {folder / 'error.log'} info;"
    )
    text = _replace_once(text, "include /etc/nginx/modules-enabled/*.conf;", "")
    text = _replace_once(
        text, "access_log /var/log/nginx/access.log;", f"access_log {folder / 'other.log'};"
    )
    text = _replace_once(text, "include /etc/nginx/sites-enabled/*;", "")
    return _replace_once(text, "include /etc/nginx/conf.d/*.conf;", http)


class Nginx:
    """`extra` goes into the http block beside the shipped file (the load bench adds a static
    server and takes readers' addresses from its load generator). `workers` replaces the
    shipped `worker_processes auto`; None keeps it."""

    def __init__(
        self, folder: Path, port: int, upstream: int, extra: str = "", workers: int | None = 1
    ):
        require_nginx()
        self.folder, self.port = folder, port
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "community.conf").write_text(shipped_for(port, upstream, folder))
        temp = "".join(
            f"    {kind}_temp_path {folder / kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        http = f"{temp}    include {folder / 'community.conf'};\n{extra}"
        (folder / "nginx.conf").write_text(main_for(folder, http, workers))
        self.process = subprocess.Popen(
            [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                if self.process.poll() is not None:
                    failed = self.process.stderr.read().decode()
                    raise RuntimeError(f"nginx did not start: {failed}") from None
                assert time.monotonic() < deadline, "nginx did not start listening"
                time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=15)
