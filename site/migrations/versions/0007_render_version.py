"""Each post records the version of the rules that rendered its body (importer/render.py,
RULES_VERSION). Posts stored before are version 0, older than any: the next import, or
`flask posts render --outdated` (which the site's unit runs after each start), renders them
again.

Revision ID: 0007_render_version
Revises: 0006
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_render_version"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "posts", sa.Column("render_version", sa.Integer(), nullable=False, server_default="0")
    )
    # Every import looks for posts of older rules: an index range, not a read of every post.
    op.create_index("ix_posts_render_version", "posts", ["render_version"])


def downgrade():
    op.drop_index("ix_posts_render_version", "posts")
    with op.batch_alter_table("posts") as batch:
        batch.drop_column("render_version")
