"""meeting search online: an index on how a meeting is attended, so an online-only search reads
the online and hybrid meetings, not every meeting

Revision ID: 7d2e4b9c1f03
Revises: 3c8d51f0a7b2
Create Date: 2026-12-04 17:20:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = "7d2e4b9c1f03"
down_revision = "3c8d51f0a7b2"
branch_labels = None
depends_on = None

COLUMNS = [
    "attendance_option",
    "archived_at",
    "irregular",
    "week_minute",
    "duration_minutes",
    "timezone",
    "fellowship",
    "day",
    "types_text",
]


def upgrade():
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_attendance", COLUMNS, unique=False)


def downgrade():
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_attendance")
