"""Debian's nginx with the shipped configuration (deploy/nginx.conf) in front of a gunicorn the
tests started. The file is used as it is, but for the lines naming this machine's places: the
port nginx listens on, the upstream's address and the paths of the two logs and the cache,
each replaced once.
Around it goes what Debian's own nginx.conf provides (the http block, temp folders), in a
folder of the test's own, run as a foreground process."""

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


def require_nginx() -> None:
    if os.path.exists(NGINX) or shutil.which("nginx"):
        return
    if os.environ.get("CI"):
        pytest.fail(f"{NGINX} is missing: CI must install Debian's nginx (see .ci/run)")
    pytest.skip(f"{NGINX} is not installed (apt-get install nginx); the proxy tests skipped")


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"deploy/nginx.conf should hold {old!r} once"
    return text.replace(old, new)


def shipped_for(port: int, upstream: int, folder: Path) -> str:
    """deploy/nginx.conf with this machine's port, upstream, log and cache."""
    text = SHIPPED.read_text()
    text = _replace_once(text, "listen 80;", f"listen 127.0.0.1:{port};")
    text = _replace_once(text, "server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};")
    text = _replace_once(text, "/var/lib/nginx/community_site-cache", str(folder / "cache"))
    text = _replace_once(text, "/var/log/nginx/community-error.log", str(folder / "site-error.log"))
    return _replace_once(text, "/var/log/nginx/community-access.log", str(folder / "access.log"))


class Nginx:
    """`extra` goes into the http block beside the shipped file (the load bench adds a static
    server and takes readers' addresses from its load generator)."""

    def __init__(self, folder: Path, port: int, upstream: int, extra: str = "", workers: int = 1):
        require_nginx()
        self.folder, self.port = folder, port
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "community.conf").write_text(shipped_for(port, upstream, folder))
        temp = "".join(
            f"    {kind}_temp_path {folder / kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        # As root nginx's workers would run as nobody, who cannot enter pytest's folders.
        user = "user root root;\n" if os.geteuid() == 0 else ""
        (folder / "nginx.conf").write_text(
            f"{user}worker_processes {workers};\n"
            f"pid {folder / 'nginx.pid'};\n"
            f"error_log {folder / 'error.log'} info;\n"
            "events { worker_connections 1024; }\n"
            f"http {{\n{temp}    include {folder / 'community.conf'};\n{extra}}}\n"
        )
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
