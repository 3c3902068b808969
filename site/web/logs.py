"""Where the site's log lines go: standard error, one line an event, in gunicorn's shape.

Every logger of the site is a child of `community_site` (Flask's `app.logger` is that one),
so one handler takes them all, at INFO and above. Under gunicorn the hook in
web/gunicorn_conf.py hands them to gunicorn's error log instead, so both go to one place in
one format. No line holds a client address, a reader key or a secret: the site keeps none.
"""

from __future__ import annotations

import logging
import sys

from flask import Flask

SITE_LOGGER = "community_site"
# gunicorn's error-log format, so its lines and the site's read alike on standard error.
FORMAT = "[%(asctime)s] [%(process)d] [%(levelname)s] %(message)s"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S %z"


def site_logger() -> logging.Logger:
    """The site's logger, with a handler on standard error unless it has one already."""
    logger = logging.getLogger(SITE_LOGGER)
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(FORMAT, DATE_FORMAT))
        logger.addHandler(handler)
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.INFO)
    return logger


def init_app(app: Flask) -> None:
    # Before Flask's own logger is first used: with a handler in place it adds none of its own.
    site_logger()
