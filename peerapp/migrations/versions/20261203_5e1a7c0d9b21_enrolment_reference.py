"""enrolment: the clinic's own reference for the client, sealed with the data key

Revision ID: 5e1a7c0d9b21
Revises: f526146505d7
Create Date: 2026-12-03 13:40:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "5e1a7c0d9b21"
down_revision = "f526146505d7"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("enrolment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reference", sa.LargeBinary(), nullable=True))


def downgrade():
    with op.batch_alter_table("enrolment", schema=None) as batch_op:
        batch_op.drop_column("reference")
