"""The tables. One class per table; enumerations are stored as short strings."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from core.roles import Role
from storage.types import UTCDateTime

# Named constraints keep later migrations possible (SQLite batch mode needs the names).
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> datetime:
    return datetime.now(UTC)


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CARRIED_FORWARD = "carried-forward"
    DROPPED = "dropped"


class DateOrder(StrEnum):
    """How a board's papers write numeric dates: 03/04/2024 is 3 April (day-first) or March 4."""

    DAY_FIRST = "day-first"
    MONTH_FIRST = "month-first"


class AttendanceStatus(StrEnum):
    ATTENDING = "attending"
    APOLOGIES = "apologies"


class NotificationState(StrEnum):
    """An outbox row's life: pending -> sending -> sent | failed | dead.

    ``failed``: Telegram refused it for good (blocked, chat not found) or retries ran out; an
    operator may retry it. ``dead``: deliberately not sent (expired, meeting cancelled,
    action closed, apologies sent).
    """

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    DEAD = "dead"


class NotificationKind(StrEnum):
    MEETING_REMINDER = "meeting-reminder"
    ACTION_NUDGE = "action-nudge"
    ACTION_OVERDUE = "action-overdue"
    ACTION_ESCALATION = "action-escalation"
    PUBLICATION = "publication"
    BROADCAST = "broadcast"
    BROADCAST_REPORT = "broadcast-report"
    UNREACHABLE_NOTICE = "unreachable-notice"
    MEETING_CHANGE = "meeting-change"
    # To a board's clerks: an owner pressed [Can't do]; a member sent apologies after the
    # agenda was published.
    ACTION_CANT_DO = "action-cant-do"
    LATE_APOLOGY = "late-apology"
    # Sync sources (issue 18). To a board's clerks: a meeting's agenda is published on the
    # council's site (announce it?); a source failed (the reason, what to try). To members: a
    # paper added to a published meeting. ``lead`` holds the document's or source's id.
    SITE_PUBLISHED = "site-published"
    SOURCE_FAILED = "source-failed"
    SUPPLEMENT = "supplement"


class BroadcastKind(StrEnum):
    PUBLICATION = "publication"
    TEXT = "text"
    # A meeting moved, re-placed, cancelled or re-agendaed: see :class:`MeetingChange`.
    CHANGE = "change"


class Board(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    slug: str = Field(max_length=200, unique=True)
    organisation: str | None = Field(default=None, max_length=200)
    timezone: str = Field(default="Europe/London", max_length=64)
    created_at_utc: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    # Meeting reminder lead times ("7d,1d,2h"); day leads keep the local time of day.
    reminder_leads: str = Field(default="7d,1d,2h", max_length=100)
    # Days an action may be overdue before the board's clerks are told.
    escalate_after_days: int = Field(default=14)
    # ORGANIZER of e-mailed invitations (METHOD:REQUEST); None: a clerk's own address.
    organizer_email: str | None = Field(default=None, max_length=320)
    # How many voting members make a meeting quorate: a number ("5") or a fraction of the
    # voting members ("1/3", rounded up).
    quorum_rule: str = Field(default="1/3", max_length=16)
    # How its papers write numeric dates (a :class:`DateOrder` value); None: as is usual in its
    # time zone (month-first in the Americas, day-first elsewhere).
    date_order: str | None = Field(default=None, max_length=16)
    # A meeting whose agenda a sync source finds published is announced to members at once
    # (True) rather than offered to the clerks with [Publish] [Not now].
    autopublish: bool = Field(default=False)


class Person(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    full_name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=320)
    telegram_user_id: int | None = Field(
        default=None, sa_column=Column(BigInteger, unique=True, nullable=True)
    )
    created_at_utc: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    # Reminder preferences; None means the board's lead times / the default quiet hours.
    reminder_leads: str | None = Field(default=None, max_length=100)
    quiet_start_minute: int | None = None
    quiet_end_minute: int | None = None
    # Set when Telegram says the person blocked the bot; cleared when they come back.
    unreachable_since_utc: datetime | None = Field(default=None, sa_type=UTCDateTime)
    unreachable_reason: str | None = Field(default=None, max_length=200)
    # The secret in the person's calendar subscription link; replaced by /calendar reset.
    calendar_token: str | None = Field(default=None, max_length=64, unique=True)


class PersonAlias(SQLModel, table=True):
    """Other ways the same person is written ("Councillor Ellison", "D Ellison")."""

    __tablename__ = "person_alias"
    __table_args__ = (UniqueConstraint("person_id", "alias_key"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(
        sa_column=Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False)
    )
    alias: str = Field(max_length=200)
    alias_key: str = Field(max_length=200, index=True)


class Membership(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("board_id", "person_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(
        sa_column=Column(Integer, ForeignKey("board.id", ondelete="CASCADE"), nullable=False)
    )
    person_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    role: str = Field(default=Role.MEMBER.value, max_length=32)
    title: str | None = Field(default=None, max_length=500)


class FormerMembership(SQLModel, table=True):
    """A role someone held on a board and no longer holds (retired by a clerk, or no longer
    named by the board's latest membership list).

    Kept apart from :class:`Membership`, which holds current roles only: every query that
    reaches members (reminders, chasing, quorum, broadcasts, access) sees current members
    without a filter of its own, and the history stays (this row, their attendance, their
    actions)."""

    __tablename__ = "former_membership"
    __table_args__ = (Index("ix_former_membership_board_person", "board_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(
        sa_column=Column(Integer, ForeignKey("board.id", ondelete="CASCADE"), nullable=False)
    )
    person_id: int = Field(
        sa_column=Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False)
    )
    role: str = Field(max_length=32)
    title: str | None = Field(default=None, max_length=500)
    left_at_utc: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class Meeting(SQLModel, table=True):
    __table_args__ = (
        Index("ix_meeting_board_start", "board_id", "starts_at_utc"),
        UniqueConstraint("source_id", "external_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(
        sa_column=Column(Integer, ForeignKey("board.id", ondelete="CASCADE"), nullable=False)
    )
    starts_at_utc: datetime = Field(sa_type=UTCDateTime)
    ends_at_utc: datetime | None = Field(default=None, sa_type=UTCDateTime)
    location: str | None = Field(default=None, max_length=500)
    remote_link: str | None = Field(default=None, max_length=1000)
    status: str = Field(default=MeetingStatus.SCHEDULED.value, max_length=32)
    ics_sequence: int = Field(default=0)
    source: str | None = Field(default=None, max_length=500)
    # False for a meeting known only from minutes that give no time: it is shown by its date
    # alone (an all-day event in calendars) until its own pack, with a time, is imported.
    time_stated: bool = Field(default=True)
    created_at_utc: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    updated_at_utc: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    # A meeting a sync source brought: the source and the council's id of the meeting.
    source_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("sync_source.id", ondelete="SET NULL"), nullable=True, index=True
        ),
    )
    external_id: str | None = Field(default=None, max_length=64)
    # What the council's site says is published for it (agenda, minutes).
    site_agenda_published: bool = Field(default=False)
    site_minutes_published: bool = Field(default=False)
    # Successful syncs in a row whose snapshot (covering its day) no longer listed this meeting
    # while it was still ahead; at 2 it is cancelled (the council deleted it). 0 once seen.
    site_missing: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class AgendaItem(SQLModel, table=True):
    __tablename__ = "agenda_item"
    __table_args__ = (
        UniqueConstraint("meeting_id", "position"),
        UniqueConstraint("meeting_id", "number"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(
        sa_column=Column(Integer, ForeignKey("meeting.id", ondelete="CASCADE"), nullable=False)
    )
    position: int
    number: str = Field(max_length=16)
    title: str = Field(max_length=1000)
    presenter: str | None = Field(default=None, max_length=200)
    presenter_role: str | None = Field(default=None, max_length=500)
    report_number: str | None = Field(default=None, max_length=64)
    pages_first: int | None = None
    pages_last: int | None = None
    duration_minutes: int | None = None
    purpose: str | None = Field(default=None, max_length=32)
    exempt: bool = Field(default=False)
    # The council's id of the item, for an item a sync source brought.
    external_id: str | None = Field(default=None, max_length=64)


class Action(SQLModel, table=True):
    # Lists filter a board's (or an owner's) actions by status; these keep that fast on large
    # boards. The owner index also serves the ON DELETE SET NULL lookups on person.
    __table_args__ = (
        Index("ix_action_board_status", "board_id", "status"),
        Index("ix_action_owner_status", "owner_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(
        sa_column=Column(Integer, ForeignKey("board.id", ondelete="CASCADE"), nullable=False)
    )
    meeting_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("meeting.id", ondelete="SET NULL"), nullable=True),
    )
    ref: str | None = Field(default=None, max_length=32)
    description: str = Field(max_length=4000)
    owner_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("person.id", ondelete="SET NULL"), nullable=True),
    )
    owner_name: str | None = Field(default=None, max_length=200)
    due_on: date | None = None
    status: str = Field(default=ActionStatus.OPEN.value, max_length=32)
    created_at_utc: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    updated_at_utc: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class Decision(SQLModel, table=True):
    """A resolution recorded in minutes."""

    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("board.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    meeting_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("meeting.id", ondelete="SET NULL"), nullable=True),
    )
    item: str | None = Field(default=None, max_length=16)
    outcomes: str = Field(default="", max_length=200)
    text: str = Field(max_length=8000)
    # A decision a sync source made from the site's minutes: the external id of its item
    # (None: recorded by an import or by hand; a sync never touches those).
    external_id: str | None = Field(default=None, max_length=64)


class Invite(SQLModel, table=True):
    """A single-use link that ties a Telegram account to a board member.

    Only the SHA-256 of the token is kept: a copy of the database cannot be used to log in.
    """

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    board_id: int = Field(
        sa_column=Column(Integer, ForeignKey("board.id", ondelete="CASCADE"), nullable=False)
    )
    # The member the link is for; None for a clerk invitation, whose opener becomes the clerk.
    person_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=True, index=True
        ),
    )
    # The role the link grants (a member's invite grants none: they already hold theirs).
    role: str | None = Field(default=None, max_length=32)
    created_by_person_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("person.id", ondelete="SET NULL"), nullable=True),
    )
    created_at_utc: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    expires_at_utc: datetime = Field(sa_type=UTCDateTime)
    used_at_utc: datetime | None = Field(default=None, sa_type=UTCDateTime)
    used_by_telegram_id: int | None = Field(
        default=None, sa_column=Column(BigInteger, nullable=True)
    )


class BoardChat(SQLModel, table=True):
    """A Telegram group linked to a board (one board per group)."""

    __tablename__ = "board_chat"

    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("board.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    chat_id: int = Field(sa_column=Column(BigInteger, unique=True, nullable=False))
    title: str | None = Field(default=None, max_length=255)
    linked_at_utc: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    linked_by_person_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("person.id", ondelete="SET NULL"), nullable=True),
    )


class Attendance(SQLModel, table=True):
    """A member's answer for one meeting: attending, or apologies (with a substitute)."""

    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(
        sa_column=Column(Integer, ForeignKey("meeting.id", ondelete="CASCADE"), nullable=False)
    )
    person_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    status: str = Field(max_length=16)
    reason: str | None = Field(default=None, max_length=500)
    substitute: str | None = Field(default=None, max_length=200)
    updated_at_utc: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class MutedBoard(SQLModel, table=True):
    """A member who asked for no reminders from one board."""

    __tablename__ = "muted_board"

    person_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("person.id", ondelete="CASCADE"), primary_key=True, nullable=False
        )
    )
    board_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("board.id", ondelete="CASCADE"), primary_key=True, nullable=False
        )
    )


class ActionEvent(SQLModel, table=True):
    """One entry in an action's history: an update from its owner, or a change of status."""

    __tablename__ = "action_event"

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("action.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    person_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("person.id", ondelete="SET NULL"), nullable=True),
    )
    kind: str = Field(max_length=32)
    detail: str | None = Field(default=None, max_length=1000)
    at_utc: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class Broadcast(SQLModel, table=True):
    """A clerk's announcement to a whole board: an agenda publication or free text."""

    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("board.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    meeting_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("meeting.id", ondelete="SET NULL"), nullable=True),
    )
    kind: str = Field(max_length=32)
    text: str | None = Field(default=None, max_length=4000)
    meeting_sequence: int | None = None
    created_by_person_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("person.id", ondelete="SET NULL"), nullable=True),
    )
    created_at_utc: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    # The clerk's live progress message, edited as deliveries complete.
    progress_chat_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    progress_message_id: int | None = Field(
        default=None, sa_column=Column(BigInteger, nullable=True)
    )
    finished_at_utc: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Notification(SQLModel, table=True):
    """One message to send: the outbox. The row is the truth; the scheduler only wakes us.

    Recipient: ``person_id`` (their private chat) or ``chat_id`` (a board's group).
    Subject: the meeting, action or broadcast it is about. ``dedupe_key`` makes the same
    reminder impossible to queue twice.
    """

    __table_args__ = (
        Index("ix_notification_state_next", "state", "next_attempt_at_utc"),
        Index("ix_notification_state_lease", "state", "lease_until_utc"),
        # Pending rows past their expiry, found by a seek however many are pending.
        Index("ix_notification_state_expires", "state", "expires_at_utc"),
        # The latest send (/healthz, /metrics) without reading the whole outbox.
        Index("ix_notification_sent_at", "sent_at_utc"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)
    dedupe_key: str = Field(max_length=200, unique=True)
    board_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("board.id", ondelete="CASCADE"), nullable=True, index=True
        ),
    )
    person_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=True, index=True
        ),
    )
    chat_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    meeting_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("meeting.id", ondelete="CASCADE"), nullable=True, index=True
        ),
    )
    action_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("action.id", ondelete="CASCADE"), nullable=True, index=True
        ),
    )
    broadcast_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("broadcast.id", ondelete="CASCADE"), nullable=True, index=True
        ),
    )
    # Who the message is about when that is not the recipient (an unreachable member).
    about_person_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=True),
    )
    # Which reminder of a series: "7d", "2h", "due", "week-2".
    lead: str | None = Field(default=None, max_length=16)
    due_at_utc: datetime = Field(sa_type=UTCDateTime)
    expires_at_utc: datetime | None = Field(default=None, sa_type=UTCDateTime)
    state: str = Field(default=NotificationState.PENDING.value, max_length=16)
    attempts: int = Field(default=0)
    next_attempt_at_utc: datetime = Field(sa_type=UTCDateTime)
    lease_until_utc: datetime | None = Field(default=None, sa_type=UTCDateTime)
    lease_owner: str | None = Field(default=None, max_length=64)
    last_error: str | None = Field(default=None, max_length=500)
    telegram_message_id: int | None = Field(
        default=None, sa_column=Column(BigInteger, nullable=True)
    )
    sent_at_utc: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at_utc: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class MeetingChange(SQLModel, table=True):
    """What one change did to a meeting, kept so its notice can say exactly what changed.

    ``None`` on both sides of a pair means that part did not change. The members' notices are
    a :class:`Broadcast` of kind ``change`` (``broadcast_id``), so the clerk gets a report.
    """

    __tablename__ = "meeting_change"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("meeting.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    board_id: int = Field(
        sa_column=Column(Integer, ForeignKey("board.id", ondelete="CASCADE"), nullable=False)
    )
    broadcast_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("broadcast.id", ondelete="SET NULL"), nullable=True, index=True
        ),
    )
    # The meeting's SEQUENCE after this change.
    sequence: int
    created_at_utc: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    created_by_person_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("person.id", ondelete="SET NULL"), nullable=True),
    )
    old_starts_at_utc: datetime | None = Field(default=None, sa_type=UTCDateTime)
    new_starts_at_utc: datetime | None = Field(default=None, sa_type=UTCDateTime)
    old_location: str | None = Field(default=None, max_length=500)
    new_location: str | None = Field(default=None, max_length=500)
    link_changed: bool = Field(default=False)
    old_status: str | None = Field(default=None, max_length=32)
    new_status: str | None = Field(default=None, max_length=32)
    # Agenda changes, one per line ("added|7|Title", "removed|5|Title", "retitled|3|Old|New").
    # The agenda lines added, removed and retitled (JSON); as long as the agenda is.
    agenda: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class Instance(SQLModel, table=True):
    """A running ``quorum run`` process. Several may share one PostgreSQL database: each
    beats every few seconds, the live ones share Telegram's sending rate between them, and
    /healthz lists them. A row whose beat stopped belongs to a process that died."""

    name: str = Field(primary_key=True, max_length=100)
    host: str = Field(max_length=100)
    pid: int
    # "polling" or "webhook"; in polling mode one instance is the "leader" (it takes the
    # updates), the others "standby".
    mode: str = Field(max_length=16)
    role: str = Field(max_length=16)
    started_at_utc: datetime = Field(sa_type=UTCDateTime)
    seen_at_utc: datetime = Field(sa_type=UTCDateTime, index=True)


class ConversationState(SQLModel, table=True):
    """A user's or chat's conversation state between two updates (the question waiting for
    its answer, a draft waiting for its button), kept here on PostgreSQL so that whichever
    instance takes the next update carries on. ``scope``: ``u<user id>`` or ``c<chat id>``;
    ``data``: the pickled state, signed with a key derived from the bot token."""

    __tablename__ = "conversation_state"

    scope: str = Field(primary_key=True, max_length=32)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    updated_at_utc: datetime = Field(sa_type=UTCDateTime, index=True)


class ReceivedUpdate(SQLModel, table=True):
    """A Telegram update the webhook has taken, by its ``update_id``: Telegram sends an update
    again when it thinks delivery failed, perhaps to another instance, and the unique key lets
    only the first delivery through. Rows older than Telegram keeps an update are pruned."""

    __tablename__ = "received_update"

    update_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    received_at_utc: datetime = Field(sa_type=UTCDateTime, index=True)


class SyncSource(SQLModel, table=True):
    """Where a board's meetings come from besides packs: a council's committee system
    (``kind`` "modgov": Modern.Gov's web service at ``base_url``, committee ``committee_id``).
    Synced every ``interval_minutes``; a failure is kept (``failing_since_utc``, ``failure``)
    and told to the board's clerks once; the last good data stays."""

    __tablename__ = "sync_source"
    __table_args__ = (UniqueConstraint("board_id", "kind", "base_url", "committee_id"),)

    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("board.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    kind: str = Field(max_length=16)
    base_url: str = Field(max_length=500)
    committee_id: str = Field(max_length=64)
    committee_title: str | None = Field(default=None, max_length=300)
    interval_minutes: int = Field(default=30)
    created_at_utc: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    next_sync_at_utc: datetime = Field(sa_type=UTCDateTime, index=True)
    # A process syncing it holds it until then (several instances on PostgreSQL).
    lease_until_utc: datetime | None = Field(default=None, sa_type=UTCDateTime)
    lease_owner: str | None = Field(default=None, max_length=64)
    last_attempt_at_utc: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_success_at_utc: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # What the last good sync did ("3 meetings, 1 changed"), for /source list.
    last_result: str | None = Field(default=None, max_length=500)
    failing_since_utc: datetime | None = Field(default=None, sa_type=UTCDateTime)
    failure: str | None = Field(default=None, max_length=500)
    failures: int = Field(default=0)


class SourceResponse(SQLModel, table=True):
    """The last answer to one URL of a source, with its validators (ETag, Last-Modified): the
    next request is conditional, and a 304 reuses ``body``."""

    __tablename__ = "source_response"
    __table_args__ = (UniqueConstraint("source_id", "url"),)

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(
        sa_column=Column(Integer, ForeignKey("sync_source.id", ondelete="CASCADE"), nullable=False)
    )
    url: str = Field(max_length=1000)
    etag: str | None = Field(default=None, max_length=300)
    last_modified: str | None = Field(default=None, max_length=100)
    body: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    fetched_at_utc: datetime = Field(sa_type=UTCDateTime)


class ExternalPerson(SQLModel, table=True):
    """A person as a sync source knows them (Modern.Gov's member id)."""

    __tablename__ = "external_person"
    __table_args__ = (UniqueConstraint("source_id", "external_id"),)

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(
        sa_column=Column(Integer, ForeignKey("sync_source.id", ondelete="CASCADE"), nullable=False)
    )
    external_id: str = Field(max_length=64)
    person_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    # Reference attendee lists in a row that did not name them; retired at 2, 0 once named.
    missing_lists: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class Document(SQLModel, table=True):
    """A paper of a meeting published on the council's site: a report, an appendix, the
    minutes. ``item_id``: the agenda item it belongs to (None: the meeting as a whole).
    ``restricted`` papers are shown only where exempt items are."""

    __table_args__ = (UniqueConstraint("meeting_id", "external_id"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("meeting.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    item_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("agenda_item.id", ondelete="SET NULL"), nullable=True, index=True
        ),
    )
    external_id: str = Field(max_length=64)
    title: str = Field(max_length=500)
    url: str = Field(max_length=1000)
    published_on: date | None = None
    restricted: bool = Field(default=False)
    created_at_utc: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    # When the site stopped listing it (hidden meanwhile); cleared if it is listed again.
    withdrawn_at_utc: datetime | None = Field(default=None, sa_type=UTCDateTime)
