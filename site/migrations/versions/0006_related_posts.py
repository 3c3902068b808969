"""Related posts ("More like this"): each post's list, its term signature and the terms'
document frequencies, all worked out by the importer. On SQLite the two tables keyed by
post are WITHOUT ROWID: their rows live in their primary key's order, with no second copy.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "related_posts",
        sa.Column(
            "post_id",
            sa.Integer(),
            sa.ForeignKey("posts.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("rank", sa.Integer(), primary_key=True),
        sa.Column(
            "related_id",
            sa.Integer(),
            sa.ForeignKey("posts.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("score", sa.Float(), nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "related_terms",
        sa.Column(
            "post_id",
            sa.Integer(),
            sa.ForeignKey("posts.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("term_id", sa.Integer(), primary_key=True),
        sa.Column("weight", sa.Float(), nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_related_terms_term", "related_terms", ["term_id", "post_id", "weight"])
    op.create_table(
        "related_words",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("term", sa.String(200), nullable=False, unique=True),
        sa.Column("posts", sa.Integer(), nullable=False),
    )


def downgrade():
    op.drop_table("related_words")
    op.drop_index("ix_related_terms_term", "related_terms")
    op.drop_table("related_terms")
    op.drop_table("related_posts")
