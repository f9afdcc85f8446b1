"""plan: a help service can be saved near home (kind 'service')

Revision ID: 5a7c3e1d9b20
Revises: e6a44ad4553e
Create Date: 2026-12-04 16:20:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5a7c3e1d9b20'
down_revision = 'e6a44ad4553e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('plan_saved', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_plan_saved_kind'), type_='check')
        batch_op.create_check_constraint(
            batch_op.f('ck_plan_saved_kind'), "kind IN ('meeting', 'place', 'peer', 'service')"
        )


def downgrade():
    op.execute("DELETE FROM plan_saved WHERE kind = 'service'")
    with op.batch_alter_table('plan_saved', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_plan_saved_kind'), type_='check')
        batch_op.create_check_constraint(
            batch_op.f('ck_plan_saved_kind'), "kind IN ('meeting', 'place', 'peer')"
        )
