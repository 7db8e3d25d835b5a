"""A board's sync sources: adding, listing, removing, their interval, and a board's choice to
announce a published agenda at once (autopublish). The syncing itself: :mod:`services.sync`.

``viewer`` None is the operator (the CLI); otherwise only the board's clerks may act.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.views import Viewer
from storage.engine import Database

DEFAULT_INTERVAL_MINUTES = 30
MIN_INTERVAL_MINUTES = 5
MAX_INTERVAL_MINUTES = 7 * 24 * 60


@dataclass(frozen=True, slots=True)
class SourceView:
    id: int
    board_id: int
    board_name: str
    kind: str
    base_url: str
    committee_id: str
    committee_title: str | None
    interval_minutes: int
    next_sync_at_utc: datetime
    last_success_at_utc: datetime | None
    last_result: str | None
    failing_since_utc: datetime | None
    failure: str | None
    meetings: int  # meetings on record from this source


async def add_source(
    db: Database,
    *,
    board_name: str,
    kind: str,
    base_url: str,
    committee_id: str,
    committee_title: str | None = None,
    viewer: Viewer | None,
    now: datetime,
) -> SourceView:
    """Add a source to a board (due to sync at once). The same source twice raises
    QuorumError; ``base_url`` is normalised (:func:`sources.registry.normalise_base_url`)."""
    raise NotImplementedError


async def list_sources(
    db: Database, *, board_name: str | None = None, viewer: Viewer | None
) -> list[SourceView]:
    """The sources of one board, or of every board (the operator) / every board the viewer
    clerks."""
    raise NotImplementedError


async def get_source(db: Database, *, source_id: int, viewer: Viewer | None) -> SourceView:
    """One source (NotFoundError, or AccessDenied for a non-clerk of its board)."""
    raise NotImplementedError


async def remove_source(db: Database, *, source_id: int, viewer: Viewer | None) -> SourceView:
    """Remove a source. Its meetings stay (no longer synced)."""
    raise NotImplementedError


async def set_sync_interval(
    db: Database,
    *,
    minutes: int,
    board_name: str | None = None,
    source_id: int | None = None,
    viewer: Viewer | None,
    now: datetime,
) -> list[SourceView]:
    """Sync every ``minutes`` (MIN..MAX): one source, a board's sources, or all of them."""
    raise NotImplementedError


async def set_autopublish(
    db: Database, *, board_name: str, on: bool, viewer: Viewer | None
) -> bool:
    """Whether a board's agendas found published on the council's site are announced at once.
    Returns the setting now."""
    raise NotImplementedError
