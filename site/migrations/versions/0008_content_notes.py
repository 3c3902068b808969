"""Content notes on posts: the reader-facing note (category keys and the writer's sentence),
how it came about (each category's source and the phrases that proposed it), whether a
maintainer decided it, and a partial index of the posts no proposal has looked at yet.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007_render_version"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE ... ADD COLUMN on both databases: no copy of the posts table.
    op.add_column("posts", sa.Column("notes", sa.String(200), nullable=False, server_default=""))
    op.add_column("posts", sa.Column("note_text", sa.Text(), nullable=True))
    op.add_column("posts", sa.Column("note_reasons", sa.Text(), nullable=True))
    op.add_column(
        "posts",
        sa.Column("note_decided", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index(
        "ix_posts_unexamined",
        "posts",
        ["id"],
        sqlite_where=sa.text("note_reasons IS NULL"),
        postgresql_where=sa.text("note_reasons IS NULL"),
    )


def downgrade():
    op.drop_index("ix_posts_unexamined", "posts")
    with op.batch_alter_table("posts") as batch:
        batch.drop_column("note_decided")
        batch.drop_column("note_reasons")
        batch.drop_column("note_text")
        batch.drop_column("notes")
