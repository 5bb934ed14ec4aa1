"""Read paths without recomputation: each agreement keeps its effective record as JSON (rebuilt with
its review items whenever a run or a correction changes it), and the review queue reads its order
from an index.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agreements") as batch_op:
        batch_op.add_column(sa.Column("record", sa.JSON(), nullable=True))
    op.create_index("ix_review_items_queue", "review_items",
                    ["needs_review", "confidence", "agreement_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_review_items_queue", table_name="review_items")
    with op.batch_alter_table("agreements") as batch_op:
        batch_op.drop_column("record")
