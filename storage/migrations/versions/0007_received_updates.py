"""received_update: the webhook's record of the update ids it has taken

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "received_update",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("received_at_utc", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_received_update")),
    )
    with op.batch_alter_table("received_update", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_received_update_received_at_utc"), ["received_at_utc"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("received_update", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_received_update_received_at_utc"))
    op.drop_table("received_update")
