"""The database extension and the migrations, created at module level (`db = SQLAlchemy()`)
and bound to the app by `schema.init_app`."""

from __future__ import annotations

from pathlib import Path

from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
# site/migrations/, beside this package.
MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")
