"""`/help` ("Need help now?"): the crisis lines of HELPLINES. `/choices`: a checkbox per
content note category; the reader's choices stay in their browser (site.js keeps them in
localStorage as they change: no cookie, no request, nothing on the server)."""

from __future__ import annotations

from flask import Blueprint, render_template

from ..data.content_notes import WORDS
from ..web.cached_pages import page_cached

bp = Blueprint("care", __name__)


@bp.get("/help")
@page_cached()
def help():
    return render_template("help.html")


@bp.get("/choices")
@page_cached()
def choices():
    return render_template("choices.html", categories=WORDS)
