"""What services hand to the adapters: plain, read-only values (no ORM objects, no sessions)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from core.roles import Role


@dataclass(frozen=True, slots=True)
class BoardRole:
    board_id: int
    board_name: str
    role: str


@dataclass(frozen=True, slots=True)
class Viewer:
    """The person behind a Telegram account, with the boards they may see."""

    person_id: int
    full_name: str
    boards: tuple[BoardRole, ...]

    @property
    def board_ids(self) -> frozenset[int]:
        return frozenset(board.board_id for board in self.boards)

    @property
    def clerk_board_ids(self) -> frozenset[int]:
        return frozenset(board.board_id for board in self.boards if board.role == Role.CLERK)

    @property
    def is_clerk(self) -> bool:
        return bool(self.clerk_board_ids)

    def roles_on(self, board_id: int) -> frozenset[str]:
        return frozenset(board.role for board in self.boards if board.board_id == board_id)


@dataclass(frozen=True, slots=True)
class MeetingView:
    id: int
    board_id: int
    board_name: str
    zone: ZoneInfo
    starts_at_utc: datetime
    location: str | None
    remote_link: str | None
    status: str
    item_count: int
    sequence: int = 0  # bumped when the meeting moves: old buttons can tell they are stale
    time_stated: bool = True  # False: known from minutes giving no time; show the date alone


@dataclass(frozen=True, slots=True)
class AgendaItemView:
    number: str
    title: str
    presenter: str | None
    presenter_role: str | None
    report_number: str | None
    pages: tuple[int, int] | None
    duration_minutes: int | None
    purpose: str | None
    exempt: bool


@dataclass(frozen=True, slots=True)
class AgendaView:
    meeting: MeetingView
    items: tuple[AgendaItemView, ...]
    withheld_exempt: int = 0


@dataclass(frozen=True, slots=True)
class DecisionView:
    id: int
    board_id: int
    board_name: str
    meeting_id: int | None
    meeting_starts_at_utc: datetime | None
    zone: ZoneInfo
    item: str | None
    outcomes: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class ItemView:
    """One agenda item of one meeting, with what the minutes decided on it (if minuted)."""

    meeting: MeetingView
    item: AgendaItemView
    decisions: tuple[DecisionView, ...] = ()


@dataclass(frozen=True, slots=True)
class ActionView:
    id: int
    board_id: int
    board_name: str
    ref: str | None
    description: str
    owner_name: str | None
    due_on: date | None
    status: str
    overdue: bool
    mine: bool


@dataclass(frozen=True, slots=True)
class MemberView:
    name: str
    role: str
    title: str | None
    linked: bool  # has a Telegram account linked


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: Literal["item", "decision", "action"]
    score: float  # 0-100, higher is better
    board_name: str
    text: str  # the item title, decision text or action description
    meeting: MeetingView | None = None
    number: str | None = None  # agenda item number, minute number or action ref
    action_id: int | None = None  # an action's handle (its id), for its label


@dataclass(frozen=True, slots=True)
class ItemChange:
    number: str
    title: str
    previous_title: str | None = None  # for a retitled item
    fields: tuple[str, ...] = ()  # for an item whose details changed
    exempt: bool = False  # exempt (Part II) before or after: never described outside


@dataclass(slots=True)
class ChangeSet:
    """What a re-import changed about the meeting; the notification issue turns it into notices."""

    moved_from_utc: datetime | None = None
    moved_to_utc: datetime | None = None
    place_from: str | None = None
    place_to: str | None = None
    remote_link_changed: bool = False
    items_added: list[ItemChange] = field(default_factory=list)
    items_removed: list[ItemChange] = field(default_factory=list)
    items_retitled: list[ItemChange] = field(default_factory=list)
    items_updated: list[ItemChange] = field(default_factory=list)

    @property
    def moved(self) -> bool:
        return self.moved_to_utc is not None

    @property
    def re_placed(self) -> bool:
        return self.place_to is not None

    @property
    def is_empty(self) -> bool:
        return not (
            self.moved
            or self.re_placed
            or self.remote_link_changed
            or self.items_added
            or self.items_removed
            or self.items_retitled
            or self.items_updated
        )


@dataclass(slots=True)
class ImportSummary:
    board_name: str
    board_created: bool
    meeting_id: int
    meeting_created: bool
    starts_at_utc: datetime
    zone: ZoneInfo
    location: str | None
    items: int
    members: int
    actions: int
    decisions: int
    next_meeting_id: int | None
    changes: ChangeSet = field(default_factory=ChangeSet)
    warnings: list[str] = field(default_factory=list)
    # Minutes alone: ``meeting_id`` is the minuted meeting (created, with no time stated, when
    # none was on record that day).
    minutes: bool = False
    time_stated: bool = True
    # Attendance recorded from the minutes (a pack's, when their meeting is on record).
    present: int = 0
    apologies: int = 0
    # A notice that the meeting is cancelled or adjourned: it is now cancelled.
    called_off: bool = False
    # Membership that follows the packs: names the pack's list adds to the board, current
    # members it does not name (asked whether they have left), and those retired by this
    # import (when the clerk confirmed they have left).
    members_new: list[str] = field(default_factory=list)
    members_not_listed: list[str] = field(default_factory=list)
    members_retired: list[str] = field(default_factory=list)
