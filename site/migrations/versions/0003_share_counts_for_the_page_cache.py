"""Share counts that pages read from memory, totals for /popular, a cap per address.

- share_counts.version: the shares version of a count's last change, so each process fetches
  only the counts that changed since it last looked.
- share_totals: each post's total with its listing position, for the most shared posts.
- share_presses.address_key: the keyed hash of the reader's address, deleted with the day.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("share_counts") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="0"))
    op.create_index("ix_share_counts_version", "share_counts", ["version"])
    op.create_table(
        "share_totals",
        sa.Column(
            "post_id",
            sa.Integer(),
            sa.ForeignKey("posts.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_index("ix_share_totals_order", "share_totals", ["total", "position"])
    op.execute(
        """INSERT INTO share_totals (post_id, total, position)
           SELECT share_counts.post_id, sum(share_counts.count), posts.position
           FROM share_counts JOIN posts ON posts.id = share_counts.post_id
           GROUP BY share_counts.post_id, posts.position"""
    )
    with op.batch_alter_table("share_presses") as batch:
        batch.add_column(sa.Column("address_key", sa.String(64), nullable=False, server_default=""))
    op.create_index(
        "ix_share_presses_address",
        "share_presses",
        ["post_id", "network", "day", "address_key"],
    )


def downgrade():
    op.drop_index("ix_share_presses_address", "share_presses")
    with op.batch_alter_table("share_presses") as batch:
        batch.drop_column("address_key")
    op.drop_index("ix_share_totals_order", "share_totals")
    op.drop_table("share_totals")
    op.drop_index("ix_share_counts_version", "share_counts")
    with op.batch_alter_table("share_counts") as batch:
        batch.drop_column("version")
