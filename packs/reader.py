"""Entry points: read an agenda pack's text (or file) into a :class:`Pack`."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from .actions import read_actions
from .agenda import Agenda, read_agenda
from .body import find_organisation, qualify_body, tidy_body_name
from .errors import PackError
from .formats import decode as decode
from .formats import file_text
from .meeting import next_meeting_sentences, read_next_meeting, read_summons
from .members import read_members
from .minutes import Attendance, Minutes, find_minutes, read_attendance, read_minutes
from .model import AgendaItem, Member, Pack, PreviousMeeting, Resolution
from .people import Roster
from .resolutions import read_resolutions
from .text import normalise

__all__ = ["LONDON", "read_file", "read_file_async", "read_text", "sample_path"]

LONDON = ZoneInfo("Europe/London")
DEFAULT_SAMPLE = "rutland-hwb-2023-10-10.txt"

_NEXT_MEETING_TITLE = re.compile(r"\bnext\s+meeting\b|\bfuture\s+meeting", re.IGNORECASE)
_FRONT_STOP = re.compile(
    r"^(?:this\s+page\s+is\s+intentionally\s+left\s+blank|agenda\s+item\s+\d|"
    r"report\s+to\s+(?:the\s+)?(?-i:[A-Z])|minutes\s+of\b)",
    re.IGNORECASE,
)
_FRONT_LINES = 200


def read_text(
    text: str,
    *,
    source: str,
    zone: ZoneInfo = LONDON,
    day_first: bool | None = None,
    notes: Sequence[str] = (),
) -> Pack:
    """Read one meeting document from its text (converted from PDF, markdown-ish or plain).

    ``source`` names the document in the result; times are read as local times in
    ``zone``. ``day_first`` says how numeric dates are written (03/04/2024): None follows
    the zone's custom (month-first in the Americas, day-first elsewhere). ``notes`` are
    warnings from reading the file (e.g. that its text came from OCR), kept first in the
    result's warnings. Raises :class:`PackError` (and nothing else) only when there is no
    text to read.
    """
    if not isinstance(text, str):
        raise PackError(f"{source}: expected the pack's text, got {type(text).__name__}")
    try:
        return _read(text, source, zone, day_first, list(notes))
    except PackError:
        raise
    except Exception as exc:  # the promise to callers is "only PackError"
        raise PackError(
            f"{source}: this pack could not be read ({type(exc).__name__}); "
            "please send it to the maintainers"
        ) from exc


def read_file(path: Path, *, zone: ZoneInfo = LONDON, day_first: bool | None = None) -> Pack:
    """Read an agenda pack from a file: PDF, HTML, markdown or plain text.

    The format is recognised from the content (then the extension); PDFs are read with
    PDFium, text as UTF-8, UTF-16 with a BOM or Windows-1252. Refuses empty, binary,
    encrypted, scanned (no text layer), over-large (50 MB) and unreadable files with
    :class:`PackError`.
    """
    path = Path(path)
    return read_text(file_text(path), source=path.name, zone=zone, day_first=day_first)


async def read_file_async(
    path: Path, *, zone: ZoneInfo = LONDON, day_first: bool | None = None
) -> Pack:
    """:func:`read_file` in a worker thread, so that parsing never blocks the event loop."""
    return await asyncio.to_thread(read_file, path, zone=zone, day_first=day_first)


def sample_path(name: str = DEFAULT_SAMPLE) -> Path:
    """Path of a pack bundled with the package (the demo's example data)."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise PackError(f"no bundled sample called {name!r}")
    resource = resources.files(__package__ or "packs").joinpath("samples", name)
    if not resource.is_file():
        raise PackError(f"no bundled sample called {name!r}")
    return Path(str(resource))


def _read(text: str, source: str, zone: ZoneInfo, day_first: bool | None, notes: list[str]) -> Pack:
    clean = normalise(text)
    if not clean.strip():
        raise PackError(f"{source}: the pack is empty")
    lines = clean.split("\n")
    agenda = read_agenda(lines)
    head_end = agenda.start if agenda.start is not None else min(len(lines), _FRONT_LINES)
    head = "\n".join(lines[:head_end])

    summons = read_summons(head, zone)
    if summons.day is None:
        raise PackError(f"{source}: no meeting date found: is this an agenda pack?")
    if not agenda.items and not summons.explicit:
        raise PackError(f"{source}: no agenda found: is this an agenda pack?")
    warnings = [*notes, *summons.warnings, *agenda.warnings]
    if not agenda.items:
        warnings.append("no agenda items found")

    organisation = find_organisation(head, clean)
    if organisation is None:
        warnings.append("publishing organisation not found")
    body = None
    if summons.body:
        body = qualify_body(tidy_body_name(summons.body), organisation, clean)
    else:
        warnings.append("name of the board not found")

    next_meeting, next_warnings = read_next_meeting(
        _next_meeting_texts(agenda, lines), summons.day, summons.meeting.start, zone
    )
    warnings.extend(next_warnings)

    members = read_members(lines, _member_regions(agenda, lines))
    if not members:
        warnings.append("no membership list found")

    minutes: Minutes | None = None
    attendance = Attendance()
    heading = find_minutes(lines, agenda.end) if agenda.start is not None else None
    if heading is not None:
        minutes = read_minutes(lines, heading, summons.day)
        attendance = read_attendance(lines, minutes)

    roster = _roster(members, attendance, agenda.items)
    for item in agenda.items:
        if item.presenter:
            item.presenter = roster.canonical_people(item.presenter)

    previous = None
    resolutions: list[Resolution] = []
    if minutes is not None:
        if minutes.date is None:
            warnings.append("previous meeting's minutes carry no date that could be read")
        previous = PreviousMeeting(
            date=minutes.date,
            present=_canonical_list(roster, attendance.present),
            apologies=_canonical_list(roster, attendance.apologies),
        )
        resolutions, resolution_warnings = read_resolutions(lines, minutes)
        warnings.extend(resolution_warnings)
    actions, action_warnings = read_actions(lines, agenda, minutes, roster, summons.day)
    warnings.extend(action_warnings)

    return Pack(
        source=source,
        body=body,
        organisation=organisation,
        meeting=summons.meeting,
        agenda=agenda.items,
        next_meeting=next_meeting,
        members=members,
        previous_meeting=previous,
        actions=actions,
        resolutions=resolutions,
        warnings=warnings,
    )


def _roster(members: list[Member], attendance: Attendance, items: list[AgendaItem]) -> Roster:
    """Everyone the pack names, membership list first, so its spellings win."""
    roster = Roster()
    for member in members:
        roster.add(member.name, title=member.title, member=True)
    for name, title in attendance.titled:
        roster.add(name, title=title)
    for item in items:
        if item.presenter:
            for name in item.presenter.split(" and "):
                roster.add(name, title=item.presenter_role)
    return roster


def _canonical_list(roster: Roster, names: list[str]) -> list[str]:
    """``names`` as the pack usually spells them, each person once."""
    return list(dict.fromkeys(roster.canonical(name) for name in names))


def _next_meeting_texts(agenda: Agenda, lines: list[str]) -> list[str]:
    texts = [raw.text() for raw in agenda.raw if _NEXT_MEETING_TITLE.search(" ".join(raw.title))]
    if agenda.start is not None:
        texts.extend(next_meeting_sentences("\n".join(lines[: agenda.end])))
    return texts


def _member_regions(agenda: Agenda, lines: list[str]) -> list[tuple[int, int]]:
    if agenda.start is None:
        return [(0, min(len(lines), _FRONT_LINES))]
    regions = [(0, agenda.start)]
    limit = min(len(lines), agenda.end + _FRONT_LINES)
    end = agenda.end
    while end < limit and not _FRONT_STOP.match(lines[end].strip()):
        end += 1
    if end > agenda.end:
        regions.append((agenda.end, end))
    return regions
