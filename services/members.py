"""Who sits on the viewer's boards, by role."""

from __future__ import annotations

from sqlmodel import col, select

from core.roles import Role
from services.meetings import boards_in_scope
from services.names import name_key
from services.views import MemberView, Viewer
from storage.engine import Database
from storage.models import Board, Membership, Person

# The order a board's membership list is read in.
ROLE_ORDER = (
    Role.CHAIR.value,
    Role.VICE_CHAIR.value,
    Role.MEMBER.value,
    Role.OFFICER.value,
    Role.FOR_INFORMATION.value,
    Role.CLERK.value,
)
_RANK = {role: rank for rank, role in enumerate(ROLE_ORDER)}


async def members(
    db: Database, *, viewer: Viewer, board_id: int | None = None
) -> list[tuple[str, list[MemberView]]]:
    """(board name, its members) for each of the viewer's boards, or for ``board_id`` only.

    Boards by name; within a board by role (chair, vice-chair, members, officers,
    for-information, clerks), then alphabetically. Someone with two roles is listed under each.
    Raises :class:`~services.access.AccessDenied` for a ``board_id`` the viewer is not on.
    """
    board_ids = boards_in_scope(viewer, board_id)
    if not board_ids:
        return []
    async with db.read() as session:
        rows = (
            await session.exec(
                select(Board, Membership, Person)
                .join(Membership, col(Membership.board_id) == col(Board.id))
                .join(Person, col(Person.id) == col(Membership.person_id))
                .where(col(Board.id).in_(board_ids))
            )
        ).all()
    boards: dict[str, list[MemberView]] = {}
    for board, membership, person in rows:
        boards.setdefault(board.name, []).append(
            MemberView(
                name=person.full_name,
                role=membership.role,
                title=membership.title,
                linked=person.telegram_user_id is not None,
            )
        )
    return [
        (
            name,
            sorted(
                people,
                key=lambda m: (_RANK.get(m.role, len(ROLE_ORDER)), name_key(m.name), m.name),
            ),
        )
        for name, people in sorted(boards.items(), key=lambda pair: pair[0].casefold())
    ]
