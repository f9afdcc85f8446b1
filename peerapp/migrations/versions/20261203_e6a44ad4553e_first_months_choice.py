"""first months: a client's choice to keep the weekly line on their home after three months, or hide it

Revision ID: e6a44ad4553e
Revises: 7b3c9e1d5a20
Create Date: 2026-12-03 18:29:37.492751

"""
import sqlalchemy as sa
from alembic import op

import peerapp.extensions


# revision identifiers, used by Alembic.
revision = 'e6a44ad4553e'
down_revision = "7b3c9e1d5a20"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('first_months_choice',
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('choice', sa.String(length=4), nullable=False),
    sa.Column('changed_at', peerapp.extensions.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("choice IN ('keep', 'hide')", name=op.f('ck_first_months_choice_choice')),
    sa.ForeignKeyConstraint(['client_id'], ['user_account.id'], name=op.f('fk_first_months_choice_client_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('client_id', name=op.f('pk_first_months_choice'))
    )


def downgrade():
    op.drop_table('first_months_choice')
