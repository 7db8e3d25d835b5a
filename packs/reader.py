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
from .body import (
    city_named_in,
    city_owning,
    find_organisation,
    qualify_body,
    same_body,
    tidy_body_name,
    title_body,
)
from .dates import date_in_name, day_first_for
from .errors import PackError
from .formats import decode as decode
from .formats import read_file_text
from .meeting import (
    meeting_schedule,
    next_meeting_sentences,
    previous_meeting_date,
    read_next_meeting,
    read_summons,
)
from .members import read_appointed_members, read_members
from .minutes import (
    Attendance,
    Minutes,
    find_minutes,
    find_minutes_alone,
    read_attendance,
    read_minutes,
)
from .model import (
    AgendaItem,
    DocumentKind,
    MeetingInfo,
    Member,
    Pack,
    PreviousMeeting,
    Resolution,
)
from .notices import Notice, read_notice
from .people import Roster
from .resolutions import read_resolutions
from .text import normalise

__all__ = [
    "LONDON",
    "NO_BOARD",
    "NO_MEETING_DATE",
    "NO_MINUTES_DATE",
    "read_file",
    "read_file_async",
    "read_text",
    "sample_path",
]

LONDON = ZoneInfo("Europe/London")
# Warnings for what storage needs and the document did not give (the import settles them with
# the clerk's --board / --date, or by asking in chat).
NO_BOARD = "name of the board not found"
NO_MEETING_DATE = "no meeting date found"
NO_MINUTES_DATE = "no date found for the meeting these minutes record"
DEFAULT_SAMPLE = "rutland-hwb-2023-10-10.txt"

_NEXT_MEETING_TITLE = re.compile(r"\bnext\s+meeting\b|\bfuture\s+meeting", re.IGNORECASE)
_FRONT_STOP = re.compile(
    r"^(?:this\s+page\s+is\s+intentionally\s+left\s+blank|agenda\s+item\s+\d|"
    r"report\s+to\s+(?:the\s+)?(?-i:[A-Z])|minutes\s+of\b)",
    re.IGNORECASE,
)
_FRONT_LINES = 200
# Lines after the agenda beyond which a document carries reports: a pack, not an agenda.
_PACK_LINES = 150


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
    result's warnings. Never refuses a document that has text: what it could not find is
    named in the result's warnings. Raises :class:`PackError` (and nothing else) only when
    there is no text to read.
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
    PDFium (pages without a text layer by OCR when Tesseract is installed, with a warning),
    text as UTF-8, UTF-16 with a BOM or Windows-1252. Refuses empty, binary, encrypted,
    over-large (50 MB) and unreadable files, and scans without Tesseract, with
    :class:`PackError`.
    """
    path = Path(path)
    read = read_file_text(path)
    return read_text(read.text, source=path.name, zone=zone, day_first=day_first, notes=read.notes)


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
    alone = find_minutes_alone(lines)
    if alone is not None:
        return _read_minutes_alone(lines, alone, clean, source, zone, notes, day_first)
    agenda = read_agenda(lines)
    notice = read_notice(lines, zone, len(agenda.items))
    if notice is not None:
        return _read_notice(lines, notice, agenda, clean, source, zone, notes)
    head_end = agenda.start if agenda.start is not None else min(len(lines), _FRONT_LINES)
    head = "\n".join(lines[:head_end])

    after = "\n".join(lines[head_end : head_end + _FRONT_LINES])
    summons = read_summons(head, zone, day_first, after=after)
    warnings = [*notes, *summons.warnings, *agenda.warnings]
    if summons.day is None:
        warnings.append(NO_MEETING_DATE)
    if not agenda.items:
        warnings.append("no agenda items found")
    body, organisation = _body_and_organisation(summons.body, head, clean, warnings)

    next_meeting, next_warnings = read_next_meeting(
        _next_meeting_texts(agenda, lines), summons.day, summons.meeting.start, zone, day_first
    )
    warnings.extend(next_warnings)

    span = (agenda.start, agenda.end) if agenda.start is not None else None
    members = read_members(lines, _member_regions(agenda, lines), agenda=span)
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
        previous = _previous(minutes, attendance, roster)
        resolutions, resolution_warnings = read_resolutions(lines, minutes)
        warnings.extend(resolution_warnings)
    else:
        confirmed = previous_meeting_date(
            [raw.text() for raw in agenda.raw],
            summons.day,
            day_first_for(zone, day_first),
            summons.body,
        )
        if confirmed is not None:
            previous = PreviousMeeting(date=confirmed, present=[], apologies=[])
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
        kind=_kind(lines, agenda, minutes),
    )


def _read_minutes_alone(
    lines: list[str],
    heading: int,
    clean: str,
    source: str,
    zone: ZoneInfo,
    notes: list[str],
    day_first: bool | None = None,
) -> Pack:
    """Minutes and nothing else: they summon no meeting and carry no agenda (SCHEMA.md)."""
    warnings = [*notes]
    minutes = read_minutes(lines, heading, None, alone=True)
    attendance = read_attendance(lines, minutes)
    head = "\n".join(lines[: max(minutes.body_start, heading + 1)][:_FRONT_LINES])
    summons = read_summons(head, zone)  # only the board's name: the minutes summon nothing
    body, organisation = _body_and_organisation(summons.body, head, clean, warnings, titled=True)
    if minutes.date is None:
        warnings.append(NO_MINUTES_DATE)
    if not attendance.present:
        warnings.append("no attendance list found in the minutes")
    roster = _roster([], attendance, [])
    previous = _previous(minutes, attendance, roster)
    resolutions, resolution_warnings = read_resolutions(lines, minutes)
    warnings.extend(resolution_warnings)
    empty = Agenda(items=[], raw=[], heading=None, start=None, end=minutes.body_start)
    actions, action_warnings = read_actions(lines, empty, minutes, roster, minutes.date)
    warnings.extend(action_warnings)
    next_meeting, next_warnings = read_next_meeting(
        next_meeting_sentences("\n".join(lines[minutes.body_start :])),
        # undated minutes: the year from the file name ("minutes-30.09.24.docx")
        minutes.date or date_in_name(source, day_first_for(zone, day_first)),
        None,
        zone,
    )
    dated = next_meeting.start is not None or next_meeting.day is not None
    if dated:
        warnings.extend(next_warnings)
    return Pack(
        source=source,
        body=body,
        organisation=organisation,
        meeting=MeetingInfo(start=None),
        agenda=[],
        next_meeting=next_meeting if dated else None,
        members=read_appointed_members(lines),
        previous_meeting=previous,
        actions=actions,
        resolutions=resolutions,
        warnings=warnings,
        kind="minutes",
    )


def _read_notice(
    lines: list[str],
    notice: Notice,
    agenda: Agenda,
    clean: str,
    source: str,
    zone: ZoneInfo,
    notes: list[str],
) -> Pack:
    """A notice that a meeting is adjourned, cancelled or moved: the meeting as called in
    ``meeting``, the new date (if any) in ``next_meeting``, what happened in ``status``."""
    head = "\n".join(lines[:_FRONT_LINES])
    summons = read_summons(head, zone)
    warnings = [*notes, *notice.warnings]
    body, organisation = _body_and_organisation(summons.body, head, clean, warnings, titled=True)
    meeting = notice.meeting
    if meeting.start is None and summons.day == notice.day:
        meeting.start = summons.meeting.start
    return Pack(
        source=source,
        body=body,
        organisation=organisation,
        meeting=meeting,
        agenda=agenda.items,
        next_meeting=notice.next_meeting,
        warnings=warnings,
        kind="notice",
        status=notice.status,
    )


def _body_and_organisation(
    named: str | None, head: str, clean: str, warnings: list[str], *, titled: bool = False
) -> tuple[str | None, str | None]:
    """The board and its organisation. ``titled``: the document names its board in its
    title (minutes, notices), which then wins over a summons-style guess."""
    organisation = find_organisation(head, clean)
    title = title_body(head.split("\n"))
    if title and (titled or not named):
        named = title
    body = None
    if named:
        body = qualify_body(tidy_body_name(named), organisation, clean)
    else:
        warnings.append(NO_BOARD)
    if organisation is None and body is not None:
        organisation = city_named_in(body, clean)  # US city commissions and councils
        owned = city_owning(body, clean) if organisation is None else None
        if owned is not None:
            organisation, body = owned
    if (
        organisation is not None
        and body is not None
        and same_body(organisation, body)
        and body.lower().endswith("council")
    ):
        organisation = None  # a community council's letterhead is the body itself
    if organisation is None:
        warnings.append("publishing organisation not found")
    return body, organisation


def _previous(minutes: Minutes, attendance: Attendance, roster: Roster) -> PreviousMeeting:
    return PreviousMeeting(
        date=minutes.date,
        present=_canonical_list(roster, attendance.present),
        apologies=_canonical_list(roster, attendance.apologies),
    )


def _kind(lines: list[str], agenda: Agenda, minutes: Minutes | None) -> DocumentKind:
    """A full pack carries minutes or reports after its agenda; an agenda does not."""
    if minutes is not None or len(lines) - agenda.end > _PACK_LINES:
        return "pack"
    return "agenda"


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
    """``names`` as the pack usually spells them, each person once.

    A bare surname ("Commissioners Perez, Davis" in US roll calls, "Cllrs Hayward,
    Hoskins" in community-council minutes) stays as printed (SCHEMA: names keep their
    printed spelling); the roster only settles variants of a fuller name.
    """
    return list(
        dict.fromkeys(name if " " not in name else roster.canonical(name) for name in names)
    )


def _next_meeting_texts(agenda: Agenda, lines: list[str]) -> list[str]:
    texts = [raw.text() for raw in agenda.raw if _NEXT_MEETING_TITLE.search(" ".join(raw.title))]
    if agenda.start is not None:
        texts.extend(next_meeting_sentences("\n".join(lines[: agenda.end])))
        texts.extend(meeting_schedule("\n".join(lines[agenda.end : agenda.end + _FRONT_LINES])))
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
