"""The reviewer's day: whole-table review items, batches of corrections (undo), field-level merging of
concurrent saves (the version a run was attached at), the extraction's own flag on each item (audit
population), and the page groups a person set for a bundle.

Agreements kept before this revision have no `run_version`; the service rebuilds them at start
(`api.storage.agreements.rebuild_outdated`), which fills the table items and the flags.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch_op:
        batch_op.add_column(sa.Column("page_groups", sa.JSON(), nullable=True))
    with op.batch_alter_table("agreements") as batch_op:
        batch_op.add_column(sa.Column("open_tables", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("tables", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("run_version", sa.Integer(), nullable=True))
    with op.batch_alter_table("corrections") as batch_op:
        batch_op.add_column(sa.Column("batch", sa.String(length=32), nullable=True))
    with op.batch_alter_table("review_items") as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=8), nullable=False, server_default="field"))
        batch_op.add_column(sa.Column("extracted_flag", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("review_items") as batch_op:
        batch_op.drop_column("extracted_flag")
        batch_op.drop_column("kind")
    with op.batch_alter_table("corrections") as batch_op:
        batch_op.drop_column("batch")
    with op.batch_alter_table("agreements") as batch_op:
        batch_op.drop_column("run_version")
        batch_op.drop_column("tables")
        batch_op.drop_column("open_tables")
    with op.batch_alter_table("documents") as batch_op:
        batch_op.drop_column("page_groups")
