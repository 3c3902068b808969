"""PostgreSQL full-text search; indexes for hidden posts and the daily clean-up of presses.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_share_presses_day", "share_presses", ["day"])
    # Partial: only hidden posts are in it, so finding them is instant however many posts.
    op.create_index(
        "ix_posts_hidden",
        "posts",
        ["id"],
        sqlite_where=sa.text("hidden = 1"),
        postgresql_where=sa.text("hidden"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """ALTER TABLE posts ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
                   setweight(to_tsvector('english', title), 'A')
                   || setweight(to_tsvector('english', source), 'B')
               ) STORED"""
        )
        op.execute("CREATE INDEX ix_posts_search ON posts USING gin (search_vector)")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_posts_search")
        op.execute("ALTER TABLE posts DROP COLUMN search_vector")
    op.drop_index("ix_posts_hidden", "posts")
    op.drop_index("ix_share_presses_day", "share_presses")
