"""throttle counters in the database (shared by every worker without Redis); long recovery codes

Revision ID: 7a3c91d2e4f5
Revises: a2e1e6c51959
Create Date: 2026-12-03 18:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "7a3c91d2e4f5"
down_revision = "a2e1e6c51959"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "throttle_counter",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("window_ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_throttle_counter")),
    )
    with op.batch_alter_table("throttle_counter", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_throttle_counter_window_ends_at"), ["window_ends_at"], unique=False
        )
    # codes made before this revision are the short (48-bit) ones: marked, so people are asked
    # to make new ones; they keep working until then
    with op.batch_alter_table("recovery_code", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("long_code", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("recovery_code", schema=None) as batch_op:
        batch_op.drop_column("long_code")
    with op.batch_alter_table("throttle_counter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_throttle_counter_window_ends_at"))
    op.drop_table("throttle_counter")
