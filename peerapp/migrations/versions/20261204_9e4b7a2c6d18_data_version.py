"""meeting search in memory: a token that changes whenever a meeting (or a location's postal
code) is written, kept by triggers, so every process knows when its copy is out of date

Revision ID: 9e4b7a2c6d18
Revises: 7d2e4b9c1f03
Create Date: 2026-12-04 20:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "9e4b7a2c6d18"
down_revision = "7d2e4b9c1f03"
branch_labels = None
depends_on = None

#: the meeting columns the search reads: a change to any other (verified, notes...) keeps the copy
SEARCHED = (
    "latitude, longitude, geocell, irregular, fellowship, day, time, week_minute, "
    "duration_minutes, attendance_option, timezone, types_text, search_text, location_id, "
    "archived_at, recurrence, recurrence_start, exceptions_text"
)
#: SQLite: a new token at every row written (the table may have been emptied: then made again)
SQLITE_BUMP = (
    "INSERT OR REPLACE INTO data_version (name, token) "
    "VALUES ('meetings', lower(hex(randomblob(16))))"
)
SQLITE_TRIGGERS = {
    "meeting_inserted_data_version": "AFTER INSERT ON meeting",
    "meeting_updated_data_version": f"AFTER UPDATE OF {SEARCHED} ON meeting",
    "meeting_deleted_data_version": "AFTER DELETE ON meeting",
    "location_postal_code_data_version": "AFTER UPDATE OF postal_code ON location",
}
#: PostgreSQL: once per transaction, at commit (a deferred trigger: the token's row is locked
#: last and briefly, so writers of meetings never wait on each other in a cycle)
POSTGRES_FUNCTION = """
CREATE FUNCTION peerapp_meetings_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('peerapp.meetings_changed', true), '') <> 'yes' THEN
        PERFORM set_config('peerapp.meetings_changed', 'yes', true);
        INSERT INTO data_version (name, token)
        VALUES ('meetings', md5(random()::text || clock_timestamp()::text))
        ON CONFLICT (name) DO UPDATE SET token = excluded.token;
    END IF;
    RETURN NULL;
END $$
"""
POSTGRES_TRIGGERS = {
    "meeting_data_version": (
        "CREATE CONSTRAINT TRIGGER meeting_data_version "
        f"AFTER INSERT OR UPDATE OF {SEARCHED} OR DELETE ON meeting "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
        "EXECUTE FUNCTION peerapp_meetings_changed()"
    ),
    "location_data_version": (
        "CREATE CONSTRAINT TRIGGER location_data_version AFTER UPDATE OF postal_code "
        "ON location DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
        "EXECUTE FUNCTION peerapp_meetings_changed()"
    ),
    "meeting_truncated_data_version": (
        "CREATE TRIGGER meeting_truncated_data_version AFTER TRUNCATE ON meeting "
        "FOR EACH STATEMENT EXECUTE FUNCTION peerapp_meetings_changed()"
    ),
}
TRIGGER_TABLES = {
    "meeting_data_version": "meeting",
    "location_data_version": "location",
    "meeting_truncated_data_version": "meeting",
}


def upgrade():
    op.create_table(
        "data_version",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_data_version")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_FUNCTION)
        for statement in POSTGRES_TRIGGERS.values():
            op.execute(statement)
        op.execute(
            "INSERT INTO data_version (name, token) "
            "VALUES ('meetings', md5(random()::text || clock_timestamp()::text))"
        )
    else:
        for name, when in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {when} BEGIN {SQLITE_BUMP}; END")
        op.execute(SQLITE_BUMP)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for name, table in TRIGGER_TABLES.items():
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS peerapp_meetings_changed()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("data_version")
