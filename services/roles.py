"""Who holds which role, for things keyed on roles rather than boards (command menus)."""

from __future__ import annotations

from sqlmodel import col, select

from core.roles import Role
from storage.engine import Database
from storage.models import Membership, Person


async def clerk_telegram_ids(db: Database) -> list[int]:
    """Telegram ids of every linked clerk (any board)."""
    async with db.read() as session:
        rows = await session.exec(
            select(Person.telegram_user_id)
            .join(Membership, col(Membership.person_id) == col(Person.id))
            .where(Membership.role == Role.CLERK.value, col(Person.telegram_user_id).is_not(None))
            .distinct()
        )
        return sorted(int(value) for value in rows.all() if value is not None)
