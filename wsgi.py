"""The WSGI entry point: `gunicorn wsgi:app` and `flask --app wsgi ...`."""

import sys

from community_site import ConfigError, create_app

try:
    app = create_app()
except ConfigError as exc:
    # A configuration a maintainer must fix: one line that says what, not a traceback.
    print(f"community-site: configuration error: {exc}", file=sys.stderr)
    raise SystemExit(1) from None
