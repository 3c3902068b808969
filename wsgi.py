"""The WSGI entry point of a checkout: `gunicorn wsgi:app` and `flask --app wsgi ...`.
The site is `community_site.web.wsgi`, which an installed package serves the same way."""

from community_site.web.wsgi import app

__all__ = ["app"]
