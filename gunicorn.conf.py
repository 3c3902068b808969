"""gunicorn settings for a checkout: `gunicorn -c gunicorn.conf.py wsgi:app`. They live in the
package (community_site/web/gunicorn_conf.py), so an installed wheel is served with the same
ones: `gunicorn -c python:community_site.web.gunicorn_conf 'community_site:create_app()'`."""

from community_site.web.gunicorn_conf import *  # noqa: F403
