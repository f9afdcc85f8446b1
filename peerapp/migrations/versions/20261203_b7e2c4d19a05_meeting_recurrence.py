"""meetings that are not weekly (an RFC 5545 rule, its first date, exceptions); the search index

Meetings carry their location's coordinates, so that a distance search counts and pages from one
covering index instead of joining every meeting in the circle to its location.

Revision ID: b7e2c4d19a05
Revises: 7a3c91d2e4f5
Create Date: 2026-12-03 18:10:00

Every existing meeting stays weekly: the new rule columns are empty.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b7e2c4d19a05"
down_revision = "7a3c91d2e4f5"
branch_labels = None
depends_on = None

NEAR_COLUMNS = [
    "geocell",
    "latitude",
    "longitude",
    "archived_at",
    "irregular",
    "fellowship",
    "day",
    "week_minute",
    "duration_minutes",
    "attendance_option",
    "timezone",
    "types_text",
]


def upgrade():
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recurrence", sa.String(length=1000), nullable=True))
        batch_op.add_column(sa.Column("recurrence_start", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("exceptions_text", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("irregular", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("latitude", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("longitude", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("geocell", sa.Integer(), nullable=True))
    meeting = sa.table(
        "meeting",
        sa.column("location_id", sa.Integer),
        sa.column("latitude", sa.Float),
        sa.column("longitude", sa.Float),
        sa.column("geocell", sa.Integer),
    )
    location = sa.table(
        "location",
        sa.column("id", sa.Integer),
        sa.column("latitude", sa.Float),
        sa.column("longitude", sa.Float),
        sa.column("geocell", sa.Integer),
    )
    op.execute(
        sa.update(meeting).values(
            {
                name: sa.select(location.c[name])
                .where(location.c.id == meeting.c.location_id)
                .scalar_subquery()
                for name in ("latitude", "longitude", "geocell")
            }
        )
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_near", NEAR_COLUMNS, unique=False)


def downgrade():
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_near")
        batch_op.drop_column("geocell")
        batch_op.drop_column("longitude")
        batch_op.drop_column("latitude")
        batch_op.drop_column("irregular")
        batch_op.drop_column("exceptions_text")
        batch_op.drop_column("recurrence_start")
        batch_op.drop_column("recurrence")
