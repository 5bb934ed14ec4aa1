"""Each run's pages and extraction seconds, and an index on when it finished: `/metrics` reads the
pages per second and the extraction-time histogram of every worker, on any machine, from the runs.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("runs") as batch_op:
        batch_op.add_column(sa.Column("pages", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("seconds", sa.Float(), nullable=True))
        batch_op.create_index("ix_runs_created_at", ["created_at"])


def downgrade() -> None:
    with op.batch_alter_table("runs") as batch_op:
        batch_op.drop_index("ix_runs_created_at")
        batch_op.drop_column("seconds")
        batch_op.drop_column("pages")
