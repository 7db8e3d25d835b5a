"""outbox: index (state, expires_at_utc), so expiring overdue rows is a seek

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 23:25:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_notification_state_expires",
        "notification",
        ["state", "expires_at_utc"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_notification_state_expires", table_name="notification")
