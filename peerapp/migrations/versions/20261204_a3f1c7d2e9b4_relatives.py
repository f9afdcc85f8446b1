"""relatives: the relative role, and peers who talk with relatives

Revision ID: a3f1c7d2e9b4
Revises: 5a7c3e1d9b20
Create Date: 2026-12-04 16:20:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a3f1c7d2e9b4'
down_revision = "5a7c3e1d9b20"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_user_account_role"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_user_account_role"),
            "role IN ('client', 'peer', 'clinic', 'admin', 'municipal', 'relative')",
        )
    with op.batch_alter_table('peer_profile', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('talks_with_relatives', sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table('peer_profile', schema=None) as batch_op:
        batch_op.drop_column('talks_with_relatives')
    op.execute("DELETE FROM user_account WHERE role = 'relative'")
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_user_account_role"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_user_account_role"),
            "role IN ('client', 'peer', 'clinic', 'admin', 'municipal')",
        )
