"""What the dispatcher hands to the sender, and what the sender reports back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from storage.models import Notification


@dataclass(frozen=True, slots=True)
class Claimed:
    """A snapshot of one claimed outbox row; the sender never touches the row itself."""

    id: int
    kind: str
    dedupe_key: str
    board_id: int | None
    person_id: int | None
    chat_id: int | None
    meeting_id: int | None
    action_id: int | None
    broadcast_id: int | None
    about_person_id: int | None
    lead: str | None
    due_at_utc: datetime
    expires_at_utc: datetime | None
    attempts: int
    # When this attempt may go: a claim may take a row a moment early (see Dispatcher).
    next_attempt_at_utc: datetime | None = None

    @classmethod
    def of(cls, row: Notification) -> Claimed:
        assert row.id is not None
        return cls(
            id=row.id,
            kind=row.kind,
            dedupe_key=row.dedupe_key,
            board_id=row.board_id,
            person_id=row.person_id,
            chat_id=row.chat_id,
            meeting_id=row.meeting_id,
            action_id=row.action_id,
            broadcast_id=row.broadcast_id,
            about_person_id=row.about_person_id,
            lead=row.lead,
            due_at_utc=row.due_at_utc,
            expires_at_utc=row.expires_at_utc,
            attempts=row.attempts,
            next_attempt_at_utc=row.next_attempt_at_utc,
        )


@dataclass(frozen=True, slots=True)
class Delivered:
    """The channel accepted the message (``message_id``: its id there, where it has one)."""

    message_id: int | None = None


@dataclass(frozen=True, slots=True)
class RetryLater:
    """Delivery unknown or refused for now (Telegram: 429, 5xx, timeout): try again.

    ``after_seconds``: how long the channel asked us to wait, where it said (Telegram's
    retry_after); None means back off.
    """

    reason: str
    after_seconds: float | None = None


@dataclass(frozen=True, slots=True)
class Unreachable:
    """The person cannot be messaged: not retried.

    ``blocked``: the channel refused them (Telegram: 403, blocked or never pressed Start); the
    person is marked unreachable and their clerks told. False for a member not on Telegram yet.
    """

    reason: str
    blocked: bool = True


@dataclass(frozen=True, slots=True)
class Failed:
    """The channel refused the message for good (Telegram: 400 chat not found, bad request)."""

    reason: str


@dataclass(frozen=True, slots=True)
class Skipped:
    """Deliberately not sent: no longer relevant (meeting cancelled, action done, muted)."""

    reason: str


@dataclass(frozen=True, slots=True)
class Deferred:
    """Not now (quiet hours): try again at ``until`` without counting an attempt."""

    until: datetime
    reason: str


Outcome = Delivered | RetryLater | Unreachable | Failed | Skipped | Deferred


class Deliver(Protocol):
    """A channel's sender: renders one claimed row, sends it, and says what happened
    (Telegram's is :class:`bot.delivery.TelegramDelivery`).

    Must not raise for anything the channel or the network does; an exception is treated as a
    bug: the row is retried with backoff and the error logged.
    """

    async def __call__(self, item: Claimed) -> Outcome: ...
