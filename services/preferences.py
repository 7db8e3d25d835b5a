"""Reminder preferences: a member's lead times, quiet hours and muted boards, and a board's own
reminder configuration.

Every change re-plans the outbox in the same transaction (``notify.planning``), so pending
reminders are re-timed, killed or revived together with the setting that caused it: a setting
saved is never out of step with what will be sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.clock import ensure_utc
from core.errors import NotFoundError, QuorumError
from notify.leads import (
    DEFAULT_LEADS,
    LEAD_CHOICES,
    Lead,
    QuietHours,
    format_leads,
    parse_lead,
    parse_leads,
)
from notify.planning import plan_board, plan_person, quiet_hours_of
from services import messages
from services.access import AccessDenied, require_board
from services.boards import get_board
from services.views import Viewer
from storage.engine import Database
from storage.models import Board, Membership, MutedBoard, Person

# Quiet-hour presets offered in /settings: name -> (start, end) in minutes after local midnight.
# None is the default (21:00-08:00); equal start and end mean no quiet hours.
DEFAULT_QUIET = "21-08"
QUIET_OFF = "off"
QUIET_PRESETS: dict[str, tuple[int, int] | None] = {
    DEFAULT_QUIET: None,
    "22-07": (22 * 60, 7 * 60),
    "20-09": (20 * 60, 9 * 60),
    QUIET_OFF: (0, 0),
}
ESCALATION_DAYS = range(1, 366)


class PreferenceError(QuorumError):
    """A reminder setting that cannot be applied; the message says why, politely."""


@dataclass(frozen=True, slots=True)
class BoardChoice:
    """One of the member's boards, as /settings shows it."""

    board_id: int
    board_name: str
    board_leads: tuple[Lead, ...]  # the board's configured lead times
    muted: bool


@dataclass(frozen=True, slots=True)
class ReminderSettings:
    """What a member's reminders look like now."""

    leads: tuple[Lead, ...]  # in effect: the member's own, else ``default_leads``
    own_leads: bool  # False: the member follows their boards' lead times
    default_leads: tuple[Lead, ...]  # every lead time their boards use, longest first
    quiet: QuietHours
    quiet_preset: str | None  # the matching QUIET_PRESETS name; None for a custom window
    boards: tuple[BoardChoice, ...]

    @property
    def muted_board_ids(self) -> frozenset[int]:
        return frozenset(board.board_id for board in self.boards if board.muted)

    @property
    def boards_agree(self) -> bool:
        """Whether all the member's boards use the same lead times."""
        return len({board.board_leads for board in self.boards}) <= 1

    @property
    def lead_choices(self) -> tuple[Lead, ...]:
        """The lead times to offer as toggles: the standard ones plus any in effect."""
        offered = {parse_lead(text) for text in LEAD_CHOICES} | set(self.leads)
        return _longest_first(offered)


@dataclass(frozen=True, slots=True)
class BoardReminderConfig:
    """A board's reminder configuration, as the CLI reports it."""

    board_name: str
    leads: tuple[Lead, ...]
    escalate_after_days: int


def _longest_first(leads: Iterable[Lead]) -> tuple[Lead, ...]:
    return tuple(sorted(set(leads), key=lambda lead: lead.minutes, reverse=True))


def quiet_preset_of(quiet: QuietHours) -> str | None:
    if quiet.off:
        return QUIET_OFF
    for name, window in QUIET_PRESETS.items():
        if (QuietHours() if window is None else QuietHours(*window)) == quiet:
            return name
    return None


async def _person(session: AsyncSession, viewer: Viewer) -> Person:
    person = await session.get(Person, viewer.person_id)
    if person is None or person.id is None:
        raise NotFoundError(messages.RECORD_GONE)
    return person


async def _boards(session: AsyncSession, person_id: int) -> list[Board]:
    rows = await session.exec(
        select(Board)
        .join(Membership, col(Membership.board_id) == col(Board.id))
        .where(Membership.person_id == person_id)
        .distinct()
        .order_by(col(Board.name))
    )
    return list(rows.all())


def _board_leads(board: Board) -> tuple[Lead, ...]:
    # An unreadable value falls back to the default, as the planner does.
    try:
        return parse_leads(board.reminder_leads) or parse_leads(DEFAULT_LEADS)
    except ValueError:
        return parse_leads(DEFAULT_LEADS)


async def _settings_of(session: AsyncSession, person: Person) -> ReminderSettings:
    assert person.id is not None
    boards = await _boards(session, person.id)
    muted = set(
        (
            await session.exec(select(MutedBoard.board_id).where(MutedBoard.person_id == person.id))
        ).all()
    )
    choices = tuple(
        BoardChoice(
            board_id=board.id,
            board_name=board.name,
            board_leads=_board_leads(board),
            muted=board.id in muted,
        )
        for board in boards
        if board.id is not None
    )
    default = _longest_first(lead for choice in choices for lead in choice.board_leads)
    if not default:
        default = parse_leads(DEFAULT_LEADS)
    own = _own_leads(person)
    quiet = quiet_hours_of(person)
    return ReminderSettings(
        leads=own or default,
        own_leads=own is not None,
        default_leads=default,
        quiet=quiet,
        quiet_preset=quiet_preset_of(quiet),
        boards=choices,
    )


def _own_leads(person: Person) -> tuple[Lead, ...] | None:
    if person.reminder_leads is None:
        return None
    try:
        return parse_leads(person.reminder_leads) or None
    except ValueError:
        return None  # unreadable: the planner falls back to the board's too


async def get_settings(db: Database, *, viewer: Viewer) -> ReminderSettings:
    """The viewer's reminder settings."""
    async with db.read() as session:
        return await _settings_of(session, await _person(session, viewer))


async def toggle_lead(
    db: Database, *, viewer: Viewer, lead: str, now: datetime
) -> ReminderSettings:
    """Turn one lead time on or off for the viewer's meeting reminders.

    A member following the board's lead times starts from those. The last lead time cannot be
    turned off (muting a board is the way to stop its reminders). Raises PreferenceError for a
    lead time that is not on offer.
    """
    try:
        chosen = parse_lead(lead)
    except ValueError as exc:
        raise PreferenceError(messages.LEAD_NOT_OFFERED.format(lead=lead)) from exc
    async with db.write() as session:
        person = await _person(session, viewer)
        current = await _settings_of(session, person)
        if chosen not in current.lead_choices:
            raise PreferenceError(messages.LEAD_NOT_A_CHOICE.format(lead=chosen))
        if chosen in current.leads:
            leads = tuple(other for other in current.leads if other != chosen)
            if not leads:
                raise PreferenceError(messages.LAST_LEAD)
        else:
            leads = (*current.leads, chosen)
        person.reminder_leads = format_leads(_longest_first(leads))
        return await _replan(session, person, now)


async def reset_leads(db: Database, *, viewer: Viewer, now: datetime) -> ReminderSettings:
    """Follow the boards' lead times again."""
    async with db.write() as session:
        person = await _person(session, viewer)
        person.reminder_leads = None
        return await _replan(session, person, now)


async def set_quiet_hours(
    db: Database, *, viewer: Viewer, preset: str, now: datetime
) -> ReminderSettings:
    """Choose quiet hours by preset name: ``21-08`` (the default), ``22-07``, ``20-09``, ``off``."""
    if preset not in QUIET_PRESETS:
        names = ", ".join(QUIET_PRESETS)
        raise PreferenceError(messages.NOT_A_QUIET_CHOICE.format(preset=preset, names=names))
    window = QUIET_PRESETS[preset]
    async with db.write() as session:
        person = await _person(session, viewer)
        person.quiet_start_minute, person.quiet_end_minute = window or (None, None)
        return await _replan(session, person, now)


async def toggle_mute(
    db: Database, *, viewer: Viewer, board_id: int, now: datetime
) -> ReminderSettings:
    """Mute one of the viewer's boards (no meeting reminders from it), or unmute it.

    Raises AccessDenied for a board the viewer is not a member of.
    """
    require_board(viewer, board_id)
    async with db.write() as session:
        person = await _person(session, viewer)
        assert person.id is not None
        if board_id not in {board.id for board in await _boards(session, person.id)}:
            raise AccessDenied(messages.NOT_YOUR_BOARD)
        muted = await session.get(MutedBoard, (person.id, board_id))
        if muted is None:
            session.add(MutedBoard(person_id=person.id, board_id=board_id))
        else:
            await session.delete(muted)
        return await _replan(session, person, now)


async def _replan(session: AsyncSession, person: Person, now: datetime) -> ReminderSettings:
    assert person.id is not None
    session.add(person)
    await session.flush()
    await plan_person(session, person.id, now=ensure_utc(now))
    return await _settings_of(session, person)


# -- a board's configuration (the CLI) ---------------------------------------------------------


def parse_board_leads(text: str) -> tuple[Lead, ...]:
    """``"7d,1d,2h"`` -> lead times; PreferenceError for unreadable or empty text."""
    try:
        leads = parse_leads(text)
    except ValueError as exc:
        raise PreferenceError(str(exc)) from exc
    if not leads:
        raise PreferenceError(messages.NO_LEAD_GIVEN)
    return leads


def _config(board: Board) -> BoardReminderConfig:
    return BoardReminderConfig(
        board_name=board.name,
        leads=_board_leads(board),
        escalate_after_days=board.escalate_after_days,
    )


async def set_board_leads(
    db: Database, *, board_name: str, leads_text: str, now: datetime
) -> BoardReminderConfig:
    """Set a board's meeting reminder lead times and re-plan its reminders.

    Members who chose their own lead times keep them. Raises PreferenceError for bad text
    (before touching the database) and NotFoundError for an unknown board.
    """
    leads = parse_board_leads(leads_text)
    async with db.write() as session:
        board = await get_board(session, name=board_name)
        assert board.id is not None
        board.reminder_leads = format_leads(leads)
        session.add(board)
        await session.flush()
        await plan_board(session, board.id, now=ensure_utc(now))
        return _config(board)


async def set_board_escalation(
    db: Database, *, board_name: str, days: int, now: datetime
) -> BoardReminderConfig:
    """Set after how many days overdue a board's clerks hear about an action, and re-plan."""
    if days not in ESCALATION_DAYS:
        raise PreferenceError(
            messages.ESCALATION_RANGE.format(
                low=ESCALATION_DAYS.start, high=ESCALATION_DAYS.stop - 1
            )
        )
    async with db.write() as session:
        board = await get_board(session, name=board_name)
        assert board.id is not None
        board.escalate_after_days = days
        session.add(board)
        await session.flush()
        await plan_board(session, board.id, now=ensure_utc(now))
        return _config(board)
