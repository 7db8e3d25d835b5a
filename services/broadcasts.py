"""A clerk's announcements to a whole board: publishing an agenda, and free-text broadcasts.

Starting one stores the :class:`~storage.models.Broadcast` and queues one outbox row per member
and per linked group in the same transaction; the dispatcher does the sending. Also here:
keeping a person's reachability in step with Telegram (they blocked or unblocked the bot).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.clock import ensure_utc
from core.errors import NotFoundError, QuorumError
from notify.broadcasts import queue_broadcast
from notify.effects import mark_reachable, mark_unreachable
from services import messages
from services.access import require_clerk
from services.boards import clerk_board
from services.meetings import meeting_view, meetings_with_boards
from services.views import MeetingView, Viewer
from storage.engine import Database
from storage.models import (
    AgendaItem,
    Board,
    BoardChat,
    Broadcast,
    BroadcastKind,
    Meeting,
    MeetingStatus,
    Membership,
    Person,
)

# A broadcast fits one Telegram message (4096) with its heading; counted as Telegram counts
# (UTF-16 code units), so emoji-heavy text cannot overflow.
MAX_BROADCAST_TEXT = 3500
BLOCKED_REASON = "blocked the bot"

_PUBLICATION = BroadcastKind.PUBLICATION.value
_TEXT = BroadcastKind.TEXT.value


@dataclass(frozen=True, slots=True)
class BroadcastStarted:
    """A broadcast that has been queued: who it goes to, and what it is about."""

    broadcast_id: int
    board_name: str
    meeting: MeetingView | None
    members: int
    groups: int
    # When this meeting's agenda was last published before (an earlier version), if ever.
    previously_published: datetime | None = None


class AlreadyPublished(QuorumError):
    """This version of the meeting's agenda has been published already: ask before repeating."""

    def __init__(self, *, meeting: MeetingView, published_at_utc: datetime, broadcast_id: int):
        super().__init__(messages.ALREADY_PUBLISHED.format(board=meeting.board_name))
        self.meeting = meeting
        self.published_at_utc = published_at_utc
        self.broadcast_id = broadcast_id


async def _next_meeting(session: AsyncSession, board_id: int, now: datetime) -> MeetingView:
    row = (
        await session.exec(
            meetings_with_boards()
            .where(
                col(Meeting.board_id) == board_id,
                col(Meeting.status) == MeetingStatus.SCHEDULED.value,
                col(Meeting.starts_at_utc) > now,
            )
            .order_by(col(Meeting.starts_at_utc), col(Meeting.id))
            .limit(1)
        )
    ).first()
    if row is None:
        board = await session.get(Board, board_id)
        name = board.name if board is not None else messages.UNNAMED_BOARD
        raise QuorumError(messages.NOTHING_TO_PUBLISH.format(board=name))
    return meeting_view(row)


async def _latest_publication(session: AsyncSession, meeting_id: int) -> Broadcast | None:
    return (
        await session.exec(
            select(Broadcast)
            .where(Broadcast.meeting_id == meeting_id, Broadcast.kind == _PUBLICATION)
            .order_by(col(Broadcast.created_at_utc).desc(), col(Broadcast.id).desc())
            .limit(1)
        )
    ).first()


class PreviewOutdated(QuorumError):
    """The meeting changed after the clerk's preview: show them the new one before sending."""

    def __init__(self) -> None:
        super().__init__(messages.PREVIEW_OUTDATED)


@dataclass(frozen=True, slots=True)
class Recipients:
    """Who an announcement to a board reaches, by channel (names sorted)."""

    board_id: int
    board_name: str
    on_telegram: tuple[str, ...]
    # No Telegram account linked yet, or marked unreachable (they blocked the bot).
    not_yet: tuple[str, ...]
    groups: int


@dataclass(frozen=True, slots=True)
class PublicationPreview:
    """What /publish would send, before anything is stored."""

    meeting: MeetingView
    public_items: int  # the items members see (exempt ones never leave)
    recipients: Recipients
    # The latest publication of this meeting, if any: its id (0 when none: the [Send] button
    # carries it, so a second press, or a publication made meanwhile, sends nothing twice),
    # when it was made and whether it was of this very version.
    seen_broadcast_id: int = 0
    published_at_utc: datetime | None = None
    same_version: bool = False


@dataclass(frozen=True, slots=True)
class TextPreview:
    """What /broadcast TEXT would send, before anything is stored."""

    text: str
    recipients: Recipients


async def _recipients(session: AsyncSession, board_id: int) -> Recipients:
    """The board's current members (as :func:`notify.broadcasts.queue_broadcast` queues them)
    by channel, and its linked groups."""
    board = await session.get(Board, board_id)
    if board is None:
        raise NotFoundError(messages.BOARD_GONE)
    people = (
        await session.exec(
            select(Person)
            .where(
                col(Person.id).in_(
                    select(Membership.person_id).where(Membership.board_id == board_id)
                )
            )
            .order_by(col(Person.full_name), col(Person.id))
        )
    ).all()
    groups = (
        await session.exec(
            select(func.count()).select_from(BoardChat).where(BoardChat.board_id == board_id)
        )
    ).one()
    on = [p.full_name for p in people if _on_telegram(p)]
    off = [p.full_name for p in people if not _on_telegram(p)]
    return Recipients(
        board_id=board_id,
        board_name=board.name,
        on_telegram=tuple(on),
        not_yet=tuple(off),
        groups=int(groups),
    )


def _on_telegram(person: Person) -> bool:
    """Whether a message can be tried at all (as the dispatcher decides when it sends)."""
    return person.telegram_user_id is not None and person.unreachable_since_utc is None


async def recipients(db: Database, *, viewer: Viewer, board_id: int) -> Recipients:
    """[Who?] under a preview: the board's members by channel. Its clerks only."""
    require_clerk(viewer, board_id)
    async with db.read() as session:
        return await _recipients(session, board_id)


async def _meeting_to_publish(
    session: AsyncSession,
    viewer: Viewer,
    *,
    meeting_id: int | None,
    board_id: int | None,
    now: datetime,
) -> MeetingView:
    """The meeting /publish names (see :func:`start_publication`), checked as publishable."""
    if meeting_id is not None:
        row = (
            await session.exec(meetings_with_boards().where(col(Meeting.id) == meeting_id))
        ).first()
        if row is None:
            raise NotFoundError(messages.MEETING_GONE)
        require_clerk(viewer, row[0].board_id)
        meeting = meeting_view(row)
    else:
        chosen = clerk_board(viewer, board_id, command="publish")
        meeting = await _next_meeting(session, chosen, now)
    if meeting.status == MeetingStatus.CANCELLED.value:
        raise QuorumError(messages.CANCELLED_NOTHING_TO_ANNOUNCE)
    if meeting.starts_at_utc <= now:
        raise QuorumError(messages.STARTED_TOO_LATE_TO_ANNOUNCE)
    return meeting


async def _public_items(session: AsyncSession, meeting_id: int) -> int:
    """The agenda items a publication counts (exempt items are never published)."""
    count = (
        await session.exec(
            select(func.count())
            .select_from(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id, col(AgendaItem.exempt).is_(False))
        )
    ).one()
    return int(count)


async def preview_publication(
    db: Database,
    *,
    viewer: Viewer,
    meeting_id: int | None,
    now: datetime,
    board_id: int | None = None,
) -> PublicationPreview:
    """What :func:`start_publication` would announce with the same arguments, and to whom; it
    stores nothing. The same refusals (not the clerk, nothing to publish, cancelled, started)."""
    require_clerk(viewer, board_id)
    now = ensure_utc(now)
    async with db.read() as session:
        meeting = await _meeting_to_publish(
            session, viewer, meeting_id=meeting_id, board_id=board_id, now=now
        )
        latest = await _latest_publication(session, meeting.id)
        return PublicationPreview(
            meeting=meeting,
            public_items=await _public_items(session, meeting.id),
            recipients=await _recipients(session, meeting.board_id),
            seen_broadcast_id=(latest.id or 0) if latest is not None else 0,
            published_at_utc=latest.created_at_utc if latest is not None else None,
            same_version=latest is not None and latest.meeting_sequence == meeting.sequence,
        )


async def preview_text_broadcast(
    db: Database, *, viewer: Viewer, text: str, board_id: int | None
) -> TextPreview:
    """What :func:`start_text_broadcast` would send (the checked text) and to whom; it stores
    nothing."""
    require_clerk(viewer, board_id)
    text = checked_text(text)
    chosen = clerk_board(viewer, board_id, command="broadcast")
    async with db.read() as session:
        return TextPreview(text=text, recipients=await _recipients(session, chosen))


async def start_publication(
    db: Database,
    *,
    viewer: Viewer,
    meeting_id: int | None,
    now: datetime,
    board_id: int | None = None,
    confirm: bool = False,
    seen_broadcast_id: int | None = None,
    sequence: int | None = None,
) -> BroadcastStarted:
    """Announce a meeting's agenda to every member of its board and its groups.

    The meeting is ``meeting_id``, else the next scheduled meeting of ``board_id``, else of the
    one board the viewer clerks. Only that board's clerk may do it; the meeting must be
    scheduled and not yet started. Publishing the same version (ICS sequence) again raises
    :class:`AlreadyPublished` unless ``confirm``; with ``seen_broadcast_id`` (the publication
    the clerk was asked about, or 0 for "none"), a publication made since then asks again, so
    a double press does not send everything twice. With ``sequence`` (the version a preview
    showed), a meeting changed since raises :class:`PreviewOutdated`.
    """
    require_clerk(viewer, board_id)
    now = ensure_utc(now)
    async with db.write() as session:
        meeting = await _meeting_to_publish(
            session, viewer, meeting_id=meeting_id, board_id=board_id, now=now
        )
        # Two presses at once (PostgreSQL: two transactions) take turns on the meeting's row,
        # so the second sees the first's publication. (SQLite's writers take turns anyway.)
        await session.exec(select(Meeting.id).where(Meeting.id == meeting.id).with_for_update())
        latest = await _latest_publication(session, meeting.id)
        if latest is not None and latest.id is not None:
            same_version = latest.meeting_sequence == meeting.sequence
            newer_than_seen = seen_broadcast_id is not None and latest.id != seen_broadcast_id
            if same_version and (not confirm or newer_than_seen):
                raise AlreadyPublished(
                    meeting=meeting,
                    published_at_utc=latest.created_at_utc,
                    broadcast_id=latest.id,
                )
        if sequence is not None and sequence != meeting.sequence:
            raise PreviewOutdated()
        broadcast = Broadcast(
            board_id=meeting.board_id,
            meeting_id=meeting.id,
            kind=_PUBLICATION,
            meeting_sequence=meeting.sequence,
            created_by_person_id=viewer.person_id,
            created_at_utc=now,
        )
        session.add(broadcast)
        await session.flush()
        assert broadcast.id is not None
        audience = await queue_broadcast(session, broadcast, now=now)
        return BroadcastStarted(
            broadcast_id=broadcast.id,
            board_name=meeting.board_name,
            meeting=meeting,
            members=audience.members,
            groups=audience.groups,
            previously_published=latest.created_at_utc if latest is not None else None,
        )


def broadcast_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def checked_text(text: str) -> str:
    """A broadcast's text, trimmed; QuorumError when empty or over 3,500 characters."""
    text = text.strip()
    if not text:
        raise QuorumError(messages.NOTHING_TO_BROADCAST)
    length = broadcast_length(text)
    if length > MAX_BROADCAST_TEXT:
        raise QuorumError(
            messages.BROADCAST_TOO_LONG.format(length=length, limit=MAX_BROADCAST_TEXT)
        )
    return text


async def start_text_broadcast(
    db: Database, *, viewer: Viewer, text: str, now: datetime, board_id: int | None
) -> BroadcastStarted:
    """Send the clerk's own words to every member of their board (``board_id``, or the one
    board they clerk) and its groups. The text is trimmed; 1 to 3,500 characters."""
    require_clerk(viewer, board_id)
    text = checked_text(text)
    chosen = clerk_board(viewer, board_id, command="broadcast")
    now = ensure_utc(now)
    async with db.write() as session:
        board = await session.get(Board, chosen)
        if board is None:
            raise NotFoundError(messages.BOARD_GONE)
        broadcast = Broadcast(
            board_id=chosen,
            kind=_TEXT,
            text=text,
            created_by_person_id=viewer.person_id,
            created_at_utc=now,
        )
        session.add(broadcast)
        await session.flush()
        assert broadcast.id is not None
        audience = await queue_broadcast(session, broadcast, now=now)
        return BroadcastStarted(
            broadcast_id=broadcast.id,
            board_name=board.name,
            meeting=None,
            members=audience.members,
            groups=audience.groups,
        )


async def set_progress_message(
    db: Database, *, broadcast_id: int, chat_id: int, message_id: int
) -> None:
    """Remember the clerk's progress message, which the dispatcher keeps up to date."""
    async with db.write() as session:
        broadcast = await session.get(Broadcast, broadcast_id)
        if broadcast is None:
            return
        broadcast.progress_chat_id = chat_id
        broadcast.progress_message_id = message_id
        session.add(broadcast)


async def _person_with_telegram(session: AsyncSession, telegram_user_id: int) -> Person | None:
    return (
        await session.exec(select(Person).where(Person.telegram_user_id == telegram_user_id))
    ).first()


async def person_blocked_bot(db: Database, *, telegram_user_id: int, now: datetime) -> bool:
    """Telegram says this account blocked the bot: mark the person unreachable (their clerks
    are told once). False for an unknown account or one already marked."""
    async with db.write() as session:
        person = await _person_with_telegram(session, telegram_user_id)
        if person is None or person.id is None or person.unreachable_since_utc is not None:
            return False
        await mark_unreachable(session, person.id, reason=BLOCKED_REASON, now=ensure_utc(now))
        return True


async def person_unblocked_bot(db: Database, *, telegram_user_id: int, now: datetime) -> bool:
    """The account can be messaged again: clear the mark and plan their reminders again."""
    async with db.write() as session:
        person = await _person_with_telegram(session, telegram_user_id)
        if person is None or person.id is None:
            return False
        return await mark_reachable(session, person.id, now=ensure_utc(now))
