"""`/healthz`: 200 when the database answers, 503 when it does not."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..data.extension import db
from ..data.outage import database_failed

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1 FROM posts LIMIT 1"))
    except SQLAlchemyError as exc:
        db.session.rollback()
        database_failed(exc)
        response = jsonify(status="unavailable", database="unreachable")
        response.status_code = 503
        response.headers["Retry-After"] = "30"
        return response
    return jsonify(status="ok", database="ok")
