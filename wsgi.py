"""The WSGI entry point of a checkout: `gunicorn wsgi:app` and `flask --app wsgi ...`.
The site is `community_site.wsgi`, which an installed package serves the same way."""

from community_site.wsgi import app

__all__ = ["app"]
