"""The site's identity (one row holding the UUID Atom ids derive from) and a covering index
that lets sitemaps read a rank range without touching the posts' rows.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    # Empty: the site makes its UUID on first use, so copy-db can bring the source's along.
    op.create_table(
        "site_identity",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False),
    )
    op.create_index("ix_posts_sitemap", "posts", ["listing_rank", "updated_at", "slug"])


def downgrade():
    op.drop_index("ix_posts_sitemap", "posts")
    op.drop_table("site_identity")
