"""gunicorn settings, read from the environment:
`gunicorn -c python:community_site.web.gunicorn_conf community_site.web.wsgi:app` (or the
checkout's gunicorn.conf.py, which reads these).

One process with threads suits SQLite: one writer at a time, many readers. With PostgreSQL,
raise GUNICORN_WORKERS and run several machines behind the proxy; each worker then listens
for the database's version notifications on a connection of its own (post_worker_init). The
docs/performance.md (Load) and docs/deploying.md have the measured reasons for the defaults.
"""

import ipaddress
import logging
import os

from .limits import MAX_BODY_BYTES, ChunksTooLarge
from .logs import SITE_LOGGER

bind = os.environ.get(
    "GUNICORN_BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)
workers = int(os.environ.get("GUNICORN_WORKERS", "1"))
worker_class = "gthread"
# Requests are short and hold the GIL most of their time (on PostgreSQL too, since a page
# asks the database nothing while the version listener is up), so more threads add contention
# rather than throughput (docs/performance.md, Load).
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Requests in flight get this long to finish after SIGTERM.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "15"))
# Access log off unless asked for ("-" for standard output); its format writes no client
# address, as the site stores none either.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = os.environ.get(
    "GUNICORN_ACCESS_LOG_FORMAT", '%(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# X-Forwarded-* are believed only from the proxies the site trusts (TRUSTED_PROXIES).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn would take SCRIPT_NAME and PATH_INFO from request headers of those same peers, and
# any client can send them through a proxy that passes underscore headers on: a SCRIPT_NAME
# of "/evil" would move every link of a page the site then caches for everyone. The site is
# served at the root of BASE_URL (an origin, no path), so no header names a prefix; gunicorn's
# own SCRIPT_NAME environment variable, an operator's setting, still would. Other header names
# with an underscore are dropped, as gunicorn does by default.
forwarder_headers = ""
header_map = "drop"
# As nginx's client_body_timeout (deploy/nginx.conf): silence this long ends a chunked body.
BODY_STALL_SECONDS = float(os.environ.get("GUNICORN_BODY_STALL_SECONDS", "10"))
# gunicorn 25.1+'s control socket (gunicornc) is off unless GUNICORN_CONTROL_SOCKET names a path
# (e.g. in the state folder): by default it goes under $HOME, which a service user has not got,
# and every start would log an error.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]


def pre_request(worker, req):
    """After a body the site refuses unread (413: larger than it takes, or of no declared
    length), close the connection: otherwise gunicorn would read all of it to reach the next
    request on the same connection."""
    worker.log.debug("%s %s", req.method, req.path)
    for name, value in req.headers:
        if name == "TRANSFER-ENCODING" or (
            name == "CONTENT-LENGTH" and value.isdigit() and int(value) > MAX_BODY_BYTES
        ):
            req.must_close = True
        if name == "TRANSFER-ENCODING":
            bound_chunked_body(req)


def bound_chunked_body(req) -> None:
    """Refuse a chunked body (ChunksTooLarge, the site's 413) as soon as its chunk sizes add up
    past MAX_BODY_BYTES: without this a chunk line of FFFFFFFFFFFFFFFF1 has gunicorn wait for
    that many bytes, and the client gets no answer at all. A body that stops arriving (a chunk
    line ended by a bare LF waits for its CRLF) is a 400 after BODY_STALL_SECONDS of silence."""
    sock = getattr(getattr(req, "unreader", None), "sock", None)
    if sock is not None:
        sock.settimeout(BODY_STALL_SECONDS)
    parse = getattr(getattr(req.body, "reader", None), "parse_chunk_size", None)
    if parse is None:  # not gunicorn's chunked reader: the site's own limit still holds
        return
    announced = 0

    def parse_bounded(unreader, data=None):
        nonlocal announced
        size, rest = parse(unreader, data)
        announced += size
        if announced > MAX_BODY_BYTES:
            raise ChunksTooLarge()
        return size, rest

    req.body.reader.parse_chunk_size = parse_bounded


def facing_clients(addresses: list[str]) -> list[str]:
    """The addresses gunicorn listens on that are not loopback (nor a unix socket)."""
    exposed = []
    for address in addresses:
        if address.startswith(("unix:", "fd://")):
            continue
        host = address.rsplit(":", 1)[0] if ":" in address else address
        try:
            loopback = ipaddress.ip_address(host.strip("[]")).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            exposed.append(address)
    return exposed


def when_ready(server):
    """Say once, at start-up, when clients reach gunicorn with no proxy in front."""
    exposed = facing_clients(server.cfg.bind)
    if exposed:
        server.log.warning(
            "listening on %s, facing clients directly: serve the site behind the proxy "
            "configuration deploy/nginx.conf (docs/deploying.md), since a few slow clients "
            "can hold every gunicorn thread",
            ", ".join(exposed),
        )


def post_worker_init(worker):
    """Once gunicorn has forked the worker and loaded the app: the site's log lines go to
    gunicorn's error log, in its format (one place for both); and the worker's own version
    listener starts (PostgreSQL), never in the master, whose threads a fork would not carry
    over."""
    from ..data.version_watch import start_listening

    site = logging.getLogger(SITE_LOGGER)
    site.handlers[:] = worker.log.error_log.handlers
    site.propagate = False
    start_listening(worker.wsgi)


def worker_exit(server, worker):
    """Stop the worker's version listener; a worker whose app never loaded has none."""
    from ..data.version_watch import stop_listening

    if getattr(worker, "wsgi", None) is not None:
        stop_listening(worker.wsgi)
