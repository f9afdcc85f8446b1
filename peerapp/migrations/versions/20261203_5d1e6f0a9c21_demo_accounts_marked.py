"""demo accounts marked as demo, so that outside demo mode they cannot sign in

Revision ID: 5d1e6f0a9c21
Revises: 5e1a7c0d9b21
Create Date: 2026-12-03 13:55:00

Accounts that ``peerapp demo`` made before this column existed are found by what makes them
dangerous: a ``demo-`` username whose password is the published demo password.
"""

import sqlalchemy as sa
from alembic import op
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# revision identifiers, used by Alembic.
revision = "5d1e6f0a9c21"
down_revision = "5e1a7c0d9b21"
branch_labels = None
depends_on = None

#: published in the README and printed by ``peerapp demo`` since the first release
PUBLISHED_DEMO_PASSWORD = "demo-passord-123"  # noqa: S105  # nosec B105  # accepted: published, to find


def _is_published(password_hash):
    try:
        return PasswordHasher().verify(password_hash, PUBLISHED_DEMO_PASSWORD)
    except (VerificationError, InvalidHashError):
        return False


def upgrade():
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_demo", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    users = sa.table(
        "user_account",
        sa.column("id", sa.Integer),
        sa.column("username_key", sa.String),
        sa.column("password_hash", sa.String),
        sa.column("is_demo", sa.Boolean),
    )
    bind = op.get_bind()
    candidates = bind.execute(
        sa.select(users.c.id, users.c.password_hash).where(users.c.username_key.like("demo-%"))
    ).all()
    demo_ids = [row.id for row in candidates if _is_published(row.password_hash)]
    if demo_ids:
        bind.execute(sa.update(users).where(users.c.id.in_(demo_ids)).values(is_demo=True))


def downgrade():
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("is_demo")
