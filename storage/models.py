"""The tables. One class per table; enumerations are stored as short strings."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

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


class Role(StrEnum):
    CHAIR = "chair"
    VICE_CHAIR = "vice-chair"
    MEMBER = "member"
    OFFICER = "officer"
    CLERK = "clerk"
    FOR_INFORMATION = "for-information"


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CARRIED_FORWARD = "carried-forward"
    DROPPED = "dropped"


class AttendanceStatus(StrEnum):
    ATTENDING = "attending"
    APOLOGIES = "apologies"


class Board(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    slug: str = Field(max_length=200, unique=True)
    organisation: str | None = Field(default=None, max_length=200)
    timezone: str = Field(default="Europe/London", max_length=64)
    created_at_utc: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class Person(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    full_name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=320)
    telegram_user_id: int | None = Field(
        default=None, sa_column=Column(BigInteger, unique=True, nullable=True)
    )
    created_at_utc: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


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


class Meeting(SQLModel, table=True):
    __table_args__ = (Index("ix_meeting_board_start", "board_id", "starts_at_utc"),)

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
    created_at_utc: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    updated_at_utc: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


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


class Invite(SQLModel, table=True):
    """A single-use link that ties a Telegram account to a board member.

    Only the SHA-256 of the token is kept: a copy of the database cannot be used to log in.
    """

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    board_id: int = Field(
        sa_column=Column(Integer, ForeignKey("board.id", ondelete="CASCADE"), nullable=False)
    )
    person_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
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
