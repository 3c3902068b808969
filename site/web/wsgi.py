"""The site as gunicorn serves it: `gunicorn ... community_site.web.wsgi:app` (the checkout's
wsgi.py is this module too, and `flask --app wsgi` loads it).

A configuration that cannot work (an instance folder the service user cannot write, a
DATABASE_URL that does not parse, ...) is one log line and a non-zero exit. Under gunicorn
the status is 3, its "worker failed to boot": the master then stops instead of booting the
worker again and again, so the service manager sees the failure and the journal holds the
one line that says why. A `flask` command exits 1, like its other refusals.
"""

import os

from .. import ConfigError, create_app
from .logs import site_logger

# gunicorn's Arbiter.WORKER_BOOT_ERROR.
GUNICORN_BOOT_ERROR = 3


def _under_gunicorn() -> bool:
    # gunicorn's arbiter sets this before it forks a worker, in every version the site allows.
    return os.environ.get("SERVER_SOFTWARE", "").startswith("gunicorn/")


try:
    app = create_app()
except ConfigError as exc:
    site_logger().error("configuration error, the site did not start: %s", exc)
    raise SystemExit(GUNICORN_BOOT_ERROR if _under_gunicorn() else 1) from None
