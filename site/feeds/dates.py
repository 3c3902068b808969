"""The dates feeds and sitemaps write: Atom's RFC 3339 and the sitemaps' W3C Datetime."""

from __future__ import annotations

from datetime import datetime


def atom_date(moment) -> str:
    """An RFC 3339 time in UTC to the millisecond: posts imported together are a millisecond
    apart, and readers keep their order only if the feed shows it."""
    if not moment:
        return "1970-01-01T00:00:00.000Z"
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def w3c_date(moment: datetime) -> str:
    """A sitemap lastmod: W3C Datetime, to the second, in UTC."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")
