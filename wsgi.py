"""The WSGI entry point: `gunicorn wsgi:app` and `flask --app wsgi ...`."""

from community_site import ConfigError, create_app
from community_site.web.logs import site_logger

try:
    app = create_app()
except ConfigError as exc:
    # A configuration a maintainer must fix: one line that says what, not a traceback.
    site_logger().error("configuration error, the site did not start: %s", exc)
    raise SystemExit(1) from None
