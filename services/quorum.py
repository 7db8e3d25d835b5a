"""A board's quorum rule: how many voting members make a meeting quorate.

A rule is a number of members ("5"), a fraction of the voting members ("1/3", "50%", "half",
"two thirds"), or "majority" (more than half). Fractions are rounded up. Voting members are the
board's chairs, vice-chairs and members; officers, clerks and those copied for information do
not count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.errors import QuorumError
from core.roles import Role
from services import messages
from services.boards import get_board
from storage.engine import Database
from storage.models import Board, Membership

DEFAULT_RULE = "1/3"
VOTING_ROLES = frozenset({Role.CHAIR.value, Role.VICE_CHAIR.value, Role.MEMBER.value})
MAX_MEMBERS = 999
MAJORITY = "majority"
_WORDS = {
    "half": (1, 2),
    "one half": (1, 2),
    "a half": (1, 2),
    "third": (1, 3),
    "one third": (1, 3),
    "a third": (1, 3),
    "two thirds": (2, 3),
    "quarter": (1, 4),
    "one quarter": (1, 4),
    "a quarter": (1, 4),
}
_FRACTION = re.compile(r"(\d{1,3})\s*/\s*(\d{1,3})")
_PERCENT = re.compile(r"(\d{1,3})\s*%")


class QuorumRuleError(QuorumError):
    """A quorum rule that cannot be read; the message says what would be."""


@dataclass(frozen=True, slots=True)
class QuorumRule:
    """A parsed rule. ``text`` is its canonical spelling, as stored on the board."""

    text: str
    count: int | None = None  # a fixed number of members
    numerator: int = 0
    denominator: int = 1
    majority: bool = False

    def required(self, voting: int) -> int:
        """How many voting members must attend, given ``voting`` voting members (at least 1)."""
        if self.count is not None:
            return self.count
        if self.majority:
            return voting // 2 + 1
        return max(1, -(-voting * self.numerator // self.denominator))

    def describe(self) -> str:
        """ "1/3 of the voting members, rounded up", "5 members", "a majority of ..."."""
        if self.count is not None:
            return f"{self.count} member{'' if self.count == 1 else 's'}"
        if self.majority:
            return "a majority of the voting members"
        return f"{self.text} of the voting members, rounded up"


def parse_rule(text: str) -> QuorumRule:
    """Read a rule as a clerk types it; raise :class:`QuorumRuleError` if it makes no sense."""
    spoken = " ".join(text.strip().lower().split())
    if spoken.isdigit():
        count = int(spoken)
        if not 1 <= count <= MAX_MEMBERS:
            raise QuorumRuleError(messages.QUORUM_COUNT_IMPOSSIBLE.format(count=count))
        return QuorumRule(text=str(count), count=count)
    if spoken in (MAJORITY, "a majority", "more than half"):
        return QuorumRule(text=MAJORITY, majority=True)
    if spoken in _WORDS:
        numerator, denominator = _WORDS[spoken]
        return QuorumRule(
            text=f"{numerator}/{denominator}", numerator=numerator, denominator=denominator
        )
    fraction = _FRACTION.fullmatch(spoken)
    if fraction:
        numerator, denominator = int(fraction.group(1)), int(fraction.group(2))
        if not 0 < numerator <= denominator:
            raise QuorumRuleError(
                messages.QUORUM_NOT_A_FRACTION.format(numerator=numerator, denominator=denominator)
            )
        return QuorumRule(
            text=f"{numerator}/{denominator}", numerator=numerator, denominator=denominator
        )
    percent = _PERCENT.fullmatch(spoken)
    if percent:
        share = int(percent.group(1))
        if not 0 < share <= 100:
            raise QuorumRuleError(messages.QUORUM_SHARE_IMPOSSIBLE.format(share=share))
        return QuorumRule(text=f"{share}%", numerator=share, denominator=100)
    raise QuorumRuleError(messages.QUORUM_UNREADABLE.format(text=text.strip()))


def board_rule(board: Board) -> QuorumRule:
    """The board's rule; an unreadable stored value falls back to the default."""
    try:
        return parse_rule(board.quorum_rule)
    except QuorumRuleError:
        return parse_rule(DEFAULT_RULE)


def is_voting(roles: Iterable[str]) -> bool:
    return any(role in VOTING_ROLES for role in roles)


async def voting_member_count(session: AsyncSession, board_id: int) -> int:
    query = (
        select(func.count(func.distinct(Membership.person_id)))
        .select_from(Membership)
        .where(Membership.board_id == board_id, col(Membership.role).in_(VOTING_ROLES))
    )
    return int((await session.exec(query)).one())


@dataclass(frozen=True, slots=True)
class QuorumSetting:
    board_name: str
    rule: QuorumRule
    voting: int
    required: int


async def set_quorum_rule(db: Database, *, board_name: str, rule_text: str) -> QuorumSetting:
    """Store a board's quorum rule (canonical spelling). Raises QuorumRuleError for bad text
    (before touching the database) and NotFoundError for an unknown board."""
    rule = parse_rule(rule_text)
    async with db.write() as session:
        board = await get_board(session, name=board_name)
        assert board.id is not None
        board.quorum_rule = rule.text
        session.add(board)
        voting = await voting_member_count(session, board.id)
        return QuorumSetting(
            board_name=board.name, rule=rule, voting=voting, required=rule.required(voting)
        )
