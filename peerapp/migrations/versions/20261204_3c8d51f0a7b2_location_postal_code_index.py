"""meeting search by region: an index on the location's postal code

Revision ID: 3c8d51f0a7b2
Revises: a3f1c7d2e9b4
Create Date: 2026-12-04 16:55:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = "3c8d51f0a7b2"
down_revision = "a3f1c7d2e9b4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("location", schema=None) as batch_op:
        batch_op.create_index("ix_location_postal_code", ["postal_code"], unique=False)


def downgrade():
    with op.batch_alter_table("location", schema=None) as batch_op:
        batch_op.drop_index("ix_location_postal_code")
