"""The first schema: posts, share counts and presses, daily salts, the site's version.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SQLITE_SEARCH = [
    """CREATE VIRTUAL TABLE posts_fts USING fts5(
           title, source, content='posts', content_rowid='id',
           tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN
           INSERT INTO posts_fts(rowid, title, source) VALUES (new.id, new.title, new.source);
       END""",
    """CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN
           INSERT INTO posts_fts(posts_fts, rowid, title, source)
           VALUES ('delete', old.id, old.title, old.source);
       END""",
    """CREATE TRIGGER posts_fts_update AFTER UPDATE OF title, source ON posts BEGIN
           INSERT INTO posts_fts(posts_fts, rowid, title, source)
           VALUES ('delete', old.id, old.title, old.source);
           INSERT INTO posts_fts(rowid, title, source) VALUES (new.id, new.title, new.source);
       END""",
]


def upgrade():
    op.create_table(
        "posts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("base_slug", sa.String(100), nullable=False),
        sa.Column("occurrence", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(100), nullable=False, unique=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_hash", sa.String(64), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("excerpt", sa.Text(), nullable=False),
        sa.Column("reading_minutes", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False, unique=True),
        sa.Column("listing_rank", sa.Integer(), nullable=True),
        sa.Column("hidden", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("base_slug", "occurrence", name="uq_posts_identity"),
    )
    op.create_index("ix_posts_listing_rank", "posts", ["listing_rank"])
    op.create_table(
        "share_counts",
        sa.Column("post_id", sa.Integer(), sa.ForeignKey("posts.id", ondelete="CASCADE")),
        sa.Column("network", sa.String(32)),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("post_id", "network"),
    )
    op.create_table(
        "share_presses",
        sa.Column("post_id", sa.Integer(), sa.ForeignKey("posts.id", ondelete="CASCADE")),
        sa.Column("network", sa.String(32)),
        sa.Column("day", sa.Date()),
        sa.Column("reader_key", sa.String(64)),
        sa.PrimaryKeyConstraint("post_id", "network", "day", "reader_key"),
    )
    op.create_table(
        "daily_salts",
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("salt", sa.String(64), nullable=False),
    )
    op.create_table(
        "site_state",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_SEARCH:
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS posts_fts")
    for table in ("site_state", "daily_salts", "share_presses", "share_counts", "posts"):
        op.drop_table(table)
