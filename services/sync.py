"""Syncing a board from its source: the snapshot a source gives, applied as a change set.

One sync reads the source (:mod:`sources`), then in one write transaction: meetings matched
by external id (or adopted by date), moved / re-placed / cancelled / items changed through
:func:`services.meeting_changes.record_change` (so members get the usual notices), papers and
attendees stored, minutes as decisions, the clerks asked once whether to announce an agenda
the site has published (or it is announced at once, with autopublish), one supplement notice
per member for a paper added to a published meeting. A second sync of the same data writes
nothing. A failure leaves the data as it was and is told to the board's clerks once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sources.base import SourceFailure
from sources.model import RemoteCommittee, Snapshot
from sources.registry import SourceOpener, open_source
from storage.engine import Database

# Meetings synced: from this many days back to this many ahead.
WINDOW_DAYS = 366


@dataclass(frozen=True, slots=True)
class SyncReport:
    source_id: int
    board_name: str
    ok: bool
    meetings_added: int = 0
    meetings_changed: int = 0
    meetings_unchanged: int = 0
    documents_added: int = 0
    supplements: int = 0  # supplement notices queued (one per member per paper)
    publication_prompts: int = 0  # clerks asked "announce it?"
    autopublished: int = 0  # meetings announced at once
    change_notices: int = 0  # members told of a change
    failure: str | None = None
    advice: str | None = None
    clerks_told: bool = False  # a failure told to the clerks (once per failing spell)

    @property
    def summary(self) -> str:
        """One line for a clerk: "2 meetings added, 1 changed, 9 unchanged" or the failure."""
        raise NotImplementedError


async def committees(
    kind: str, base_url: str, *, opener: SourceOpener = open_source
) -> list[RemoteCommittee]:
    """The site's current committees (deleted and expired left out), by title. Raises
    SourceFailure."""
    raise NotImplementedError


async def apply_snapshot(
    db: Database, *, source_id: int, snapshot: Snapshot, now: datetime
) -> SyncReport:
    """Apply what the source says (one transaction)."""
    raise NotImplementedError


async def record_failure(
    db: Database, *, source_id: int, failure: SourceFailure, now: datetime
) -> SyncReport:
    """Keep the failure on the source, retry later, tell the board's clerks once."""
    raise NotImplementedError


async def sync_source(
    db: Database, *, source_id: int, now: datetime, opener: SourceOpener = open_source
) -> SyncReport:
    """Sync one source now (a clerk's /source sync, quorum source sync)."""
    raise NotImplementedError


async def sync_due(
    db: Database, *, now: datetime, owner: str, opener: SourceOpener = open_source
) -> list[SyncReport]:
    """Sync every source whose time has come, each leased to ``owner`` while it syncs (several
    instances on PostgreSQL never sync one source at once)."""
    raise NotImplementedError


async def next_sync_at(db: Database) -> datetime | None:
    """When the next source is due (None: no sources)."""
    raise NotImplementedError
