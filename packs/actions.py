"""The action log a member would be nudged about: actions recorded in the pack.

Actions are read only where a board records them: the agenda's actions-arising item (its
table, or the action log printed as that item's paper) and the previous meeting's minutes
("Action 3" entries with their updates, "ACTION: Name" lines, a summary-of-actions table).
Action plans, risk registers and "lead officer / target date" tables inside reports are
never read: they are plans, not decisions of the board.

The same action often appears twice (in the minutes and again in the actions-arising
table); such copies are merged into one record.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from rapidfuzz import fuzz

from language.dates import MONTH_NAMES, MONTHS

from .agenda import Agenda
from .dates import WEEKDAY_WORD, find_dates, find_yearless_dates
from .minutes import MinuteItem, Minutes, minute_of
from .model import ActionRecord, ActionStatus
from .names import clean_name, has_honorific
from .people import Roster, join_people, printed_initials, same_person, split_people
from .resolutions import (
    INITIALS_CELL,
    is_furniture,
    is_transcript,
    list_entries,
    minute_lookup,
    minute_segments,
    scan_end,
    segment_number,
    sentences,
    strip_action_cell,
)
from .text import BULLET, BULLETS, INITIALS, collapse_spaces, split_cells

__all__ = ["read_actions"]

_ACTIONS_TITLE = re.compile(
    r"\b(?:actions?\s+arising|matters\s+arising|action\s+(?:log|tracker|sheet|list|register)|"
    r"actions?\s+(?:from|of)\s+(?:the\s+)?(?:previous|last)\s+meeting|outstanding\s+actions|"
    r"review\s+of\s+(?:the\s+)?actions|rolling\s+actions?|actions?\s+update|"
    r"(?:outstanding|open|previous)\s+action\s+items)\b",
    re.IGNORECASE,
)
_ENTRY = re.compile(
    r"^action\s+(?:no\.?\s*|number\s+)?(?P<ref>\d{1,3}(?:[./]\d{1,3})?)"
    r"(?:\s*[:.)\u2013\u2014-]\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)
_ACTION_LINE = re.compile(
    r"^(?:[-\u2022*]\s*)?(?i:action(?:s|\s+by|\s+owner)?)\s*(?::|\u2013|\u2014|-(?=\s))\s*"
    r"(?P<rest>\S.*)$"
)
_INLINE_ACTION = re.compile(
    r"\(\s*action(?:\s+by)?\s*[:\u2013-]\s*(?P<who>[^()]{1,80})\)\s*\.?$", re.IGNORECASE
)
_BULLET = re.compile(r"^[-\u2022*]\s+")
# "---oOo---" between paragraphs; the letters are required so the two dash runs never compete
_SEPARATOR = re.compile(r"^[-=_*~ ]*(?:[oO0]+[-=_*~ ]*)?$")
_RESOLVED = re.compile(r"^(?:it\s+was\s+)?resolved\b", re.IGNORECASE)

_WHO_TO = re.compile(r"^(?P<who>[^,;:()]{2,120}?)\s+to\s+(?!be\b)[a-z]")
_WHO_WOULD = re.compile(
    r"^(?P<who>[^;:()]{2,150}?)\s+(?:confirmed|agreed|undertook|offered|said|stated|advised|"
    r"indicated|explained|reported|requested|promised)\b[^.]{0,40}?\b(?:she|he|they)\s+would\b"
)
_ATTENTION = re.compile(r"\bfor\s+the\s+attention\s+of\s+(?P<who>[^,.;()]{3,80})", re.IGNORECASE)
_ROLE = re.compile(r"^the\s+\S", re.IGNORECASE)

_CARRIED = re.compile(
    r"\bcarried\s+(?:forward|over)\b|\bc/f\b|\b(?:rolled|brought)\s+(?:forward|over)\b|"
    r"\bdeferred\b",
    re.IGNORECASE,
)
_DONE = re.compile(
    r"\b(?:has|had|have|was|were|been|is|are|now)(?:\s+(?:now|been|fully|all))*\s+"
    r"(?:completed?|closed|done|actioned|discharged|achieved)\b|"
    r"\baction\s+(?:completed?|closed|done)\b|"
    r"\b(?:item|this)\s+(?:was|is)\s+on\s+the\s+agenda\b",
    re.IGNORECASE,
)
_NOT_DONE = re.compile(r"\bnot\s+(?:yet\s+)?(?:been\s+)?(?:completed?|closed|done)\b", re.I)
_PENDING = re.compile(
    r"\b(?:would|will|ongoing|on-going|in\s+progress|outstanding|awaiting|pending|not\s+yet|"
    r"still\s+to|remains?\s+open|to\s+be)\b",
    re.IGNORECASE,
)
# A status cell, tried in order: "In progress - to be completed by May" is still open.
# RAG colours say whether an action is on track, not whether it is done.
_STATUS_CELL: tuple[tuple[re.Pattern[str], ActionStatus], ...] = (
    (_CARRIED, "carried-forward"),
    (_NOT_DONE, "open"),
    (
        re.compile(
            r"\b(?:open|ongoing|on-going|in\s+progress|outstanding|pending|awaiting|to\s+be|"
            r"not\s+started|incomplete|red|amber|green)\b",
            re.IGNORECASE,
        ),
        "open",
    ),
    (re.compile(r"\b(?:completed?|closed|done|achieved|actioned|discharged)\b", re.I), "completed"),
)
_DUE_BEFORE = re.compile(
    r"\b(?:by|before|due|deadline|no\s+later\s+than|until)\b[\s:,]*"
    rf"(?:(?:the|end\s+of|{WEEKDAY_WORD},?)\s+)*$",
    re.IGNORECASE,
)
_SHORT_DATE = re.compile(r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{2}|\d{4})$")

_REF_HEADERS = frozenset(
    {"ref", "ref no", "reference", "minute", "minute no", "min no", "minute ref", "action ref",
     "ref number", "log no", "action id"}
)  # fmt: skip
_NUMBER_HEADERS = frozenset({"no", "number", "action no", "item", "item no", "#", "id"})
_ACTION_HEADERS = frozenset(
    {"action", "actions", "action required", "agreed action", "action agreed", "actions agreed",
     "description", "action point", "action/decision", "task", "action description"}
)  # fmt: skip
_OWNER_HEADERS = frozenset(
    {"person", "owner", "owners", "lead", "leads", "responsible", "by whom", "who", "action by",
     "action owner", "lead officer", "officer", "responsibility", "assigned to", "action lead",
     "responsible officer", "name", "person responsible", "lead person"}
)  # fmt: skip
_DUE_HEADERS = frozenset(
    {"due", "due date", "due by", "deadline", "by when", "target date", "timescale", "when",
     "completion date", "date due", "target", "target completion date", "timeframe"}
)  # fmt: skip
_STATUS_HEADERS = frozenset(
    {"status", "update", "progress", "comments", "rag", "rag status", "outcome",
     "progress update", "update/status", "current status", "notes", "status/update"}
)  # fmt: skip
_HEADER_CELL = re.compile(r"[^a-z/# ]+")
_NUMBER_CELL = re.compile(r"^\d{1,3}[.)]?$")
_REF_CELL = re.compile(r"^[A-Za-z]{0,4}\s?\d{1,4}(?:[./-]\d{1,4})?[.)]?$")

_OPEN = (":", ",", ";", " and", " or")
_OWNER_WORDS = 4
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_MONTH_NAME = "|".join(MONTH_NAMES)
_END_OF_MONTH = re.compile(
    rf"\b(?:by|before|due)\s+(?:the\s+)?end\s+of\s+(?P<m>{_MONTH_NAME})\s+(?P<y>\d{{4}})\b",
    re.IGNORECASE,
)
_MAX_CANDIDATES = 400
_MAX_TABLE_LINES = 400
_MAX_PAPER_LINES = 400
_MAX_LINE = 3000
_PARAGRAPH_LOOKBACK = 6


@dataclass(slots=True)
class _Candidate:
    """One sighting of an action before copies are merged."""

    description: str
    ref: str | None = None
    minute: str | None = None
    owner: str | None = None
    owner_rank: int = 0
    due: date | None = None
    status: ActionStatus = "open"
    status_rank: int = 0
    numbered_entry: bool = False
    from_table: bool = False
    resolved: bool = False
    """The owner is already the name to print (initials resolved against the attendance)."""
    sources: list[str] = field(default_factory=list)


def read_actions(
    lines: list[str],
    agenda: Agenda,
    minutes: Minutes | None,
    roster: Roster,
    this_day: date | None,
) -> tuple[list[ActionRecord], list[str]]:
    """Actions from the agenda's actions-arising part and the previous meeting's minutes."""
    context = _context_day(minutes, this_day)
    candidates: list[_Candidate] = []
    if minutes is not None:
        end = scan_end(minutes)
        candidates.extend(_entries(lines, minutes.body_start, end, minutes, context))
        candidates.extend(_tables(lines, minutes.heading, end, context, "minutes"))
        candidates.extend(_minutes_actions(lines, minutes, context, roster))
        if not candidates:  # no action marked anywhere: the undertakings in the prose
            candidates.extend(_undertakings(lines, minutes, context))
    ranges = _agenda_ranges(lines, agenda)
    if not ranges and minutes is None:
        ranges = [(begin, end, False) for begin, end in _action_sections(lines)]
    for begin, end, headerless in ranges:
        candidates.extend(_entries(lines, begin, end, None, context))
        candidates.extend(_tables(lines, begin, end, context, "agenda", headerless=headerless))
        candidates.extend(_bullet_actions(lines, begin, end, context))
    warnings: list[str] = []
    if len(candidates) > _MAX_CANDIDATES:
        warnings.append(f"more than {_MAX_CANDIDATES} actions found; only the first were read")
        candidates = candidates[:_MAX_CANDIDATES]
    merged = _merge(candidates)
    listed = any(person.member for person in roster.people)
    records = [_record(candidate, roster, warnings, listed=listed) for candidate in merged]
    return records, warnings


def _context_day(minutes: Minutes | None, this_day: date | None) -> date | None:
    if minutes is not None and minutes.date is not None:
        return minutes.date
    return this_day - timedelta(days=183) if this_day is not None else None


# --- where actions are printed -----------------------------------------------------------


def _agenda_ranges(lines: list[str], agenda: Agenda) -> list[tuple[int, int, bool]]:
    """Line ranges of the actions-arising item(s), and of the paper printed for them."""
    ranges: list[tuple[int, int, bool]] = []
    for position, raw in enumerate(agenda.raw):
        if not _ACTIONS_TITLE.search(" ".join(raw.title)):
            continue
        following = agenda.raw[position + 1 :]
        end = following[0].line if following else agenda.end
        ranges.append((raw.line, end, True))
        paper = _paper(lines, agenda.end, raw.number)
        if paper is not None:
            ranges.append((*paper, False))
    return ranges


def _paper(lines: list[str], begin: int, number: str) -> tuple[int, int] | None:
    marker = re.compile(rf"^agenda\s+item\s+{re.escape(number)}$", re.IGNORECASE)
    for index in range(begin, len(lines)):
        text = lines[index].strip()
        if text and len(text) < 30 and marker.match(collapse_spaces(text)):
            end = min(len(lines), index + _MAX_PAPER_LINES)
            for stop in range(index + 1, end):
                line = lines[stop].strip().lower()
                if line.startswith(("agenda item ", "this page is intentionally left blank")):
                    return index, stop
            return index, end
    return None


# --- "Action 3" entries and "ACTION: Name" lines -----------------------------------------


def _entries(
    lines: list[str], begin: int, end: int, minutes: Minutes | None, context: date | None
) -> list[_Candidate]:
    """ "Action N" entries with their updates, and "ACTION:" lines, in reading order."""
    found: list[_Candidate] = []
    starts = _item_starts(minutes)
    index = begin
    while index < end and len(found) <= _MAX_CANDIDATES:
        raw = lines[index]
        text = _line_text(raw)
        if not text:
            index += 1
            continue
        entry = _ENTRY.match(text)
        if entry:
            stop = _entry_end(lines, index + 1, end, starts)
            minute = _minute_number(minutes, index)
            found.append(_entry(lines, index, stop, entry, minute, context))
            index = stop
            continue
        line = _ACTION_LINE.match(text)
        if line:
            candidate = _action_line(lines, begin, index, line.group("rest"), context)
            if candidate is not None:
                candidate.minute = candidate.ref = _minute_number(minutes, index)
                found.append(candidate)
        else:
            inline = _INLINE_ACTION.search(text)
            if inline:
                # the action is the sentence the marker closes, not the whole paragraph
                before = _strip_bullet(text[: inline.start()]).strip()
                description = _SENTENCE.split(before)[-1]
                candidate = _described(description, context, source="minutes-line")
                candidate.owner, candidate.owner_rank = inline.group("who").strip(), 3
                candidate.minute = candidate.ref = _minute_number(minutes, index)
                found.append(candidate)
        index += 1
    return found


def _item_starts(minutes: Minutes | None) -> set[int]:
    return {item.start for item in minutes.items} if minutes is not None else set()


def _minute_number(
    minutes: Minutes | None,
    index: int,
    lookup: Callable[[int], MinuteItem | None] | None = None,
) -> str | None:
    if minutes is None:
        return None
    item = lookup(index) if lookup is not None else minute_of(minutes, index)
    if item is None:
        return None
    return item.number.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") or item.number


def _entry_end(lines: list[str], begin: int, end: int, starts: set[int]) -> int:
    for index in range(begin, end):
        if index in starts:
            return index
        text = _line_text(lines[index])
        if text and (_ENTRY.match(text) or _RESOLVED.match(text)):
            return index
    return end


def _entry(
    lines: list[str],
    heading: int,
    stop: int,
    match: re.Match[str],
    minute: str | None,
    context: date | None,
) -> _Candidate:
    paragraphs: list[str] = []
    owner_line: str | None = None
    rest = (match.group("rest") or "").strip()
    if rest:
        paragraphs.append(rest)
    for raw in lines[heading + 1 : stop]:
        text = _line_text(raw)
        if not text or _SEPARATOR.match(text):
            continue
        action = _ACTION_LINE.match(text)
        if action:
            owner_line = action.group("rest").strip()
            continue
        paragraphs.append(_strip_bullet(text))
    # The action is the first paragraph and any list it introduces ("to: review...,
    # share..."); what follows is the update reported against it.
    split = len(paragraphs)
    for position in range(1, len(paragraphs)):
        if not (paragraphs[position][:1].islower() or paragraphs[position - 1].endswith(_OPEN)):
            split = position
            break
    description = " ".join(paragraphs[:split])
    update = " ".join(paragraphs[split:])
    candidate = _described(description, context, source="minutes-entry", update=update)
    candidate.ref, candidate.minute, candidate.numbered_entry = match.group("ref"), minute, True
    if owner_line and (split_people(owner_line) is not None or _is_role(owner_line)):
        candidate.owner, candidate.owner_rank = owner_line, 4
    elif update:
        attention = _ATTENTION.search(update)
        if attention and split_people(attention.group("who")) is not None:
            candidate.owner, candidate.owner_rank = attention.group("who").strip(), 3
    if candidate.owner is None and update:
        who = _WHO_WOULD.match(update)
        if who:
            candidate.owner, candidate.owner_rank = who.group("who").strip(), 1
    candidate.status, candidate.status_rank = _status_of(description, update, answered=True)
    return candidate


def _action_line(
    lines: list[str], begin: int, index: int, rest: str, context: date | None
) -> _Candidate | None:
    rest = rest.strip()
    short = len(rest.split()) <= _OWNER_WORDS and not rest.endswith(".")
    if split_people(rest) is not None or _is_role(rest) or short:
        following = _next_paragraph_for(lines, index, rest)
        description = following or _previous_paragraph(lines, begin, index)
        if not description:
            return None
        candidate = _described(description, context, source="minutes-line")
        candidate.owner, candidate.owner_rank = rest, 4
        return candidate
    return _described(rest, context, source="minutes-line")


def _next_paragraph_for(lines: list[str], index: int, owner: str) -> str | None:
    """The line after "Action by: Dr Davies" when it reads "Dr Davies to write to ..."."""
    for position in range(index + 1, min(len(lines), index + 3)):
        text = _line_text(lines[position])
        if not text:
            continue
        who = _WHO_TO.match(text)
        if who and same_person(who.group("who"), owner):
            return _strip_bullet(text)
        return None
    return None


def _previous_paragraph(lines: list[str], begin: int, index: int) -> str:
    parts: list[str] = []
    position = index - 1
    while position >= max(begin, index - _PARAGRAPH_LOOKBACK * 3):
        text = _line_text(lines[position])
        position -= 1
        if not text or _SEPARATOR.match(text):
            if parts:
                break
            continue
        if _ACTION_LINE.match(text) or _ENTRY.match(text):
            break
        parts.insert(0, _strip_bullet(text))
        if not text[:1].islower() or len(parts) >= _PARAGRAPH_LOOKBACK:
            break
    return " ".join(parts)


def _described(
    description: str, context: date | None, *, source: str, update: str = ""
) -> _Candidate:
    description = collapse_spaces(description)
    candidate = _Candidate(description=description, sources=[source])
    candidate.due = _due(f"{description} {update}", context)
    who = _WHO_TO.match(description)
    if who and (split_people(who.group("who")) is not None or _is_role(who.group("who"))):
        candidate.owner, candidate.owner_rank = who.group("who").strip(), 2
    else:
        subject = _WHO_WOULD.match(description)
        if subject:
            candidate.owner, candidate.owner_rank = subject.group("who").strip(), 2
    candidate.status, candidate.status_rank = _status_of(description, update, answered=False)
    return candidate


# --- tables ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Columns:
    action: int
    ref: int | None = None
    number: int | None = None
    owner: int | None = None
    due: int | None = None
    status: int | None = None


def _tables(
    lines: list[str],
    begin: int,
    end: int,
    context: date | None,
    source: str,
    *,
    headerless: bool = False,
) -> list[_Candidate]:
    """Rows of every action table (a header naming an action column) in ``begin:end``."""
    found: list[_Candidate] = []
    index = begin
    saw_header = False
    while index < end:
        raw = lines[index]
        columns = _header(raw) if "\t" in raw and len(raw) < _MAX_LINE else None
        if columns is None:
            index += 1
            continue
        saw_header = True
        rows, index = _rows(lines, index + 1, end)
        found.extend(_row_candidate(row, columns, context, source) for row in rows)
    if not saw_header and headerless:
        rows = _numbered_rows(lines, begin, end)
        for row in rows:
            columns = _guess_columns(row)
            if columns is not None:
                found.append(_row_candidate(row, columns, context, source))
    return [candidate for candidate in found if candidate.description]


def _header(raw: str) -> _Columns | None:
    cells = [_HEADER_CELL.sub("", cell.lower()).strip() for cell in split_cells(raw)]
    cells = [collapse_spaces(cell) for cell in cells]
    action = next((i for i, cell in enumerate(cells) if cell in _ACTION_HEADERS), None)
    if action is None:
        return None

    def first(names: frozenset[str]) -> int | None:
        return next((i for i, cell in enumerate(cells) if cell in names and i != action), None)

    columns = _Columns(
        action=action,
        ref=first(_REF_HEADERS),
        number=first(_NUMBER_HEADERS),
        owner=first(_OWNER_HEADERS),
        due=first(_DUE_HEADERS),
        status=first(_STATUS_HEADERS),
    )
    others = (columns.ref, columns.number, columns.owner, columns.due, columns.status)
    return columns if any(column is not None for column in others) else None


def _rows(lines: list[str], begin: int, end: int) -> tuple[list[list[str]], int]:
    """Table rows from ``begin``; a row broken across lines (or pages) is put back together."""
    rows: list[list[str]] = []
    index = begin
    limit = min(end, begin + _MAX_TABLE_LINES)
    while index < limit:
        raw = lines[index]
        if not raw.strip():
            index += 1
            continue
        if "\t" not in raw.strip(" ") or len(raw) >= _MAX_LINE:
            break
        if _header(raw) is not None:
            index += 1  # the header repeated after a page break
            continue
        cells = split_cells(raw.strip(" "))
        if rows and not cells[0]:
            _continue_row(rows[-1], cells)
        else:
            rows.append(cells)
        index += 1
    return rows, index


def _continue_row(row: list[str], cells: list[str]) -> None:
    while len(row) < len(cells):
        row.append("")
    for position, cell in enumerate(cells):
        if cell:
            row[position] = f"{row[position]} {cell}".strip()


def _numbered_rows(lines: list[str], begin: int, end: int) -> list[list[str]]:
    rows: list[list[str]] = []
    for raw in lines[begin:end]:
        if "\t" not in raw.strip(" ") or len(raw) >= _MAX_LINE:
            continue
        cells = split_cells(raw.strip(" "))
        if _NUMBER_CELL.match(cells[0]):
            rows.append(cells)
        elif rows and not cells[0]:
            _continue_row(rows[-1], cells)
    return rows


def _guess_columns(row: list[str]) -> _Columns | None:
    """Columns of a table printed without a header: number, [ref], action, [person]."""
    if len(row) < 2:
        return None
    action = max(range(1, len(row)), key=lambda i: len(row[i]))
    columns = _Columns(action=action, number=0)
    if action > 1 and _REF_CELL.match(row[1]):
        columns.ref = 1
    last = len(row) - 1
    if last > action and row[last] and split_people(row[last]) is not None:
        columns.owner = last
    return columns


def _row_candidate(
    row: list[str], columns: _Columns, context: date | None, source: str
) -> _Candidate:
    def cell(position: int | None) -> str:
        return row[position] if position is not None and position < len(row) else ""

    description = cell(columns.action)
    status_text = cell(columns.status)
    candidate = _described(description, context, source=source, update=status_text)
    candidate.from_table = True
    ref = cell(columns.ref) or cell(columns.number)
    candidate.ref = ref.rstrip(".)") or None
    owner = cell(columns.owner)
    if owner and owner.lower() not in ("tbc", "n/a", "-", "all"):
        candidate.owner, candidate.owner_rank = owner, 3
    due_text = cell(columns.due)
    if due_text:
        candidate.due = _due_cell(due_text, context) or candidate.due
    for pattern, status in _STATUS_CELL:
        if status_text and pattern.search(status_text):
            candidate.status, candidate.status_rank = status, 3
            break
    return candidate


# --- due dates, statuses, owners ---------------------------------------------------------


def _due(text: str, context: date | None) -> date | None:
    text = text[:_MAX_LINE]
    for found in find_dates(text):
        if _DUE_BEFORE.search(text[max(0, found.start - 40) : found.start]):
            return found.value
    if context is not None:
        for found in find_yearless_dates(text, context):
            if _DUE_BEFORE.search(text[max(0, found.start - 40) : found.start]):
                return found.value
    month_end = _END_OF_MONTH.search(text)
    if month_end:
        return _last_day(int(month_end.group("y")), month_end.group("m"))
    return None


def _last_day(year: int, month_name: str) -> date | None:
    month = MONTHS[month_name.lower()]
    if not 1900 <= year <= 2200:
        return None
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


def _due_cell(text: str, context: date | None) -> date | None:
    dates = find_dates(text[:200])
    if dates:
        return dates[0].value
    short = _SHORT_DATE.match(text.strip())
    if short:
        year = int(short.group("y"))
        year += 2000 if year < 100 else 0
        try:
            return date(year, int(short.group("m")), int(short.group("d")))
        except ValueError:
            return None
    if context is not None:
        yearless = find_yearless_dates(text[:200], context)
        if yearless:
            return yearless[0].value
    return None


def _status_of(description: str, update: str, *, answered: bool) -> tuple[ActionStatus, int]:
    """Status from the wording; ``answered`` says an update printed under it reports back."""
    text = f"{description} {update}"[: _MAX_LINE * 2]
    if _CARRIED.search(text):
        return "carried-forward", 2
    if _DONE.search(update or text) and not _NOT_DONE.search(update or text):
        return "completed", 2
    if update and _PENDING.search(update):
        return "open", 1
    if update and answered:
        return "completed", 1  # the update answers the action and leaves nothing to do
    return "open", 0


def _is_role(text: str) -> bool:
    words = text.split()
    return bool(_ROLE.match(text)) and 2 <= len(words) <= 10 and not text.endswith(".")


def _resolve_owner(text: str, roster: Roster, *, listed: bool) -> tuple[str, list[str]]:
    """The owner's name(s) as the pack's lists spell them, and any name not in them: not in the
    membership list when the document has one (``listed``), else not named anywhere in it."""
    text = collapse_spaces(text).strip(" .,;")
    people = split_people(text)
    if people is None and "," in text:
        # "The Chair, Councillor Ellison": a role and then the person holding it
        for part in text.split(","):
            part = part.strip()
            if has_honorific(part) and split_people(part) is not None:
                people = split_people(part)
                break
    if people is None and _FIRST_NAME.match(text):
        known = roster.by_given_name(text)  # "Bertrand": the one director of that name
        if known is not None:
            return known.name, []
    if people is None:
        holder = roster.by_role(text)
        if holder is None and "," in text:
            holder = roster.by_role(text.split(",", 1)[0])
        if holder is None and text.replace(".", "").replace(" ", "").isupper():
            initials = roster.by_initials(text)  # "(Action: KW)"
            if initials is not None:
                return initials.name, []
        return (holder.name if holder is not None else text), []
    names: list[str] = []
    strangers: list[str] = []
    for name in people:
        person = roster.find(name)
        if person is None:
            names.append(clean_name(name))
            strangers.append(clean_name(name))
        else:
            names.append(person.name)
            if listed and not person.member:
                strangers.append(person.name)
    return join_people(names), strangers


def _record(
    candidate: _Candidate, roster: Roster, warnings: list[str], *, listed: bool
) -> ActionRecord:
    owner: str | None = None
    label = candidate.ref or candidate.description[:30]
    if candidate.owner and candidate.resolved:
        owner = candidate.owner
    elif candidate.owner:
        owner, strangers = _resolve_owner(candidate.owner, roster, listed=listed)
        # Minutes alone have no membership list: the owner is checked against the people the
        # document names (present, apologies, presenters) instead.
        where = "in the membership list" if listed else "among the people named in the document"
        warnings.extend(f"action {label}: owner '{name}' not {where}" for name in strangers)
        if _ROLE.match(owner):
            warnings.append(f"action {label}: owner given only as a role ('{owner}')")
    else:
        warnings.append(f"action {label}: no owner printed")
    return ActionRecord(
        ref=candidate.ref,
        description=candidate.description,
        owner=owner or None,
        due=candidate.due,
        status=candidate.status,
    )


# --- copies of one action ----------------------------------------------------------------


def _normal(text: str) -> str:
    return collapse_spaces(re.sub(r"[^\w\s]", " ", text.lower()))


def _same_action(one: _Candidate, other: _Candidate) -> bool:
    """Whether two sightings are one action: near-identical wording, or one wording inside
    the other, or a table row whose reference is the other's number or minute."""
    if one.numbered_entry and other.numbered_entry and one.ref != other.ref:
        return False
    first, second = _normal(one.description), _normal(other.description)
    if not first or not second:
        return False
    if fuzz.token_sort_ratio(first, second) >= 90:
        return True
    overlap = fuzz.token_set_ratio(first, second)
    shorter = min(len(first.split()), len(second.split()))
    if overlap >= 90 and shorter >= 5:
        return True
    table, entry = (one, other) if one.from_table else (other, one)
    if not table.from_table or entry.from_table or table.ref is None:
        return False
    return table.ref in (entry.ref, entry.minute) and overlap >= 70


def _merge(candidates: Iterable[_Candidate]) -> list[_Candidate]:
    merged: list[_Candidate] = []
    for candidate in candidates:
        twin = next((kept for kept in merged if _same_action(kept, candidate)), None)
        if twin is None:
            merged.append(candidate)
            continue
        _absorb(twin, candidate)
    return merged


def _absorb(kept: _Candidate, copy: _Candidate) -> None:
    # A reference: an "Action 9" number, else an action log's own, else the minute's number.
    if not kept.numbered_entry and copy.numbered_entry:
        kept.ref, kept.description = copy.ref, copy.description
        kept.numbered_entry = True
    elif kept.ref is None or (
        copy.from_table and copy.ref and not kept.numbered_entry and not kept.from_table
    ):
        kept.ref = copy.ref
    if copy.owner and copy.owner_rank > kept.owner_rank:
        kept.owner, kept.owner_rank = copy.owner, copy.owner_rank
    kept.due = kept.due or copy.due
    # the agenda's table is the newer record of where an action stands
    newer = "agenda" in copy.sources and copy.status_rank >= kept.status_rank
    if copy.status_rank > kept.status_rank or (newer and copy.status_rank > 0):
        kept.status, kept.status_rank = copy.status, copy.status_rank
    kept.sources.extend(copy.sources)


# --- small helpers -----------------------------------------------------------------------


def _line_text(raw: str) -> str:
    if len(raw) > _MAX_LINE or "\t" in raw.strip(" "):
        return ""
    return collapse_spaces(raw)


def _strip_bullet(text: str) -> str:
    return _BULLET.sub("", text, count=1)


# --- minutes that record actions their own way -------------------------------------------
#
# Minutes outside the "Action N" / "ACTION: Name" house styles mark actions as: "ACTION XX:
# task" lines with a status line under them (society and committee minutes); an action column
# of initials at the right of each paragraph (two-column community-council minutes); a closing
# "Action items" list of "Owner: task" entries (foundation and standards boards); and, failing
# all of these, undertakings in the prose ("Clerk to ...", "Cllr Webb will ...").

# "ACTION MW: Archive channel", "Action HP: Change Passwords", "ACTION cmt-elect: ..."
_OWNER_ACTION = re.compile(
    rf"^(?:[{re.escape(BULLETS)}]\s*)?(?i:action)\s+(?P<who>[^\s:\d][^:]{{0,38}}?)\s*:\s*"
    r"(?P<task>\S.*)$"
)
_NOT_OWNER = frozenset(
    {"by", "owner", "owners", "required", "point", "points", "item", "items", "log", "plan",
     "taken", "agreed", "list", "update", "note", "notes", "summary", "arising", "lead", "for",
     "no", "number", "ref", "status", "tracker", "date", "due"}
)  # fmt: skip
# The status printed under an action: "Action Complete", "Action carried forwards".
_STATUS_LINE = re.compile(
    rf"^(?:[{re.escape(BULLETS)}]\s*)?(?:action\s+|status\s*:\s*)?(?P<state>completed?|done|"
    r"closed|carried\s+(?:forwards?|over)|ongoing|open|in\s+progress)\b",
    re.IGNORECASE,
)
_ACTIONS_HEADING = re.compile(
    r"^(?:#+\s*)?(?:action\s+(?:items|points|list|summary)|actions(?:\s+(?:agreed|list|"
    r"summary|log))?|summary\s+of\s+actions|(?:new|agreed)\s+actions)\s*:?$",
    re.IGNORECASE,
)
_OWNER_TASK = re.compile(r"^(?P<who>[^:]{2,60}?)\s*:\s+(?P<task>\S.*)$")
_EVERYONE = re.compile(r"^(?:all|every(?:one|body)?)\b", re.IGNORECASE)
_TRAILING_INITIALS = re.compile(r"(?<=[.?!])\s+(?P<cell>[A-Z]{2,3}(?:/[A-Z]{2,3}){0,5})$")
_SPLIT_INITIALS = re.compile(r"\s*[/,&+]\s*")
_ATTENDANCE_END = re.compile(
    r"^(?:apologies|absent|absentees|not\s+present|also\s+in\s+attendance|in\s+attendance)\b",
    re.IGNORECASE,
)
# Undertakings in prose (community-council minutes): who is to do what.
_TITLE = r"(?:(?:County|Town|District|City)\s+)?(?:Cllrs?|Councillors?|Mr|Mrs|Ms|Miss|Dr)\.?"
_NAME = r"[A-Z][\w'\u2019-]+"
_PERSON = (
    rf"{_TITLE}(?:\s+{_TITLE}){{0,2}}\s+{_NAME}(?:\s+{_NAME})?"
    rf"(?:\s*(?:,|&|\band\b)\s*(?:{_TITLE}\s+)?{_NAME}){{0,4}}"
)
_ROLE_SUBJECT = (
    r"(?:[Tt]he\s+)?(?:(?:new|incoming|outgoing|acting|interim)\s+)?"
    r"(?:Clerk|Chair(?:man|woman|person)?|Vice[- ]Chair|Secretary|Treasurer|"
    r"Councillors|Members|Officers|Proper\s+Officer|RFO)"
)
_ANCHOR = r"(?:^|(?<=, )|(?<=; )|(?<=\band )|(?<=\bbut )|(?<=\bso ))"
_UNDERTAKING = re.compile(
    rf"{_ANCHOR}(?P<who>{_PERSON}|{_ROLE_SUBJECT})\s+(?:also\s+)?(?:"
    r"(?:(?:was|were|is|are|has\s+been|have\s+been)\s+)?(?:also\s+)?(?:asked|requested|agreed|"
    r"offered|undertook|volunteered|instructed|tasked)\s+to\s+[a-z]|"
    r"to\s+(?:also\s+)?(?!be\b)[a-z]|will\s+(?!be\b|have\b|not\b)[a-z])"
)
# "Clerk reply sending plan ...": a role and a bare verb, the minute-taker's shorthand.
_ROLE_IMPERATIVE = re.compile(
    rf"^(?P<who>{_ROLE_SUBJECT})\s+(?!(?:also|has|had|was|were|is|are|will|would|did|does|can|"
    r"could|should|said|spoke|told|met|sent|gave|made|took|wrote|felt|read|went|saw|thought|"
    r"the|a|an|and|of|for|to|with|on|in)\b)(?P<verb>[a-z]{2,}(?<!ed)(?<!s)(?<!ing))\b"
)
_WHO_WILL = re.compile(rf"\b(?P<who>{_PERSON})\s+who\s+will\s+(?!be\b)\w")
_LATER_WILL = re.compile(
    rf"^(?P<who>{_PERSON})\b[^.]{{0,300}}?\b(?:he|she|they)\s+will\s+(?!be\b)\w"
)
_BACK_REFERENCE = re.compile(r"\b(?:this|him|her)\b", re.IGNORECASE)
_STRIP_TITLES = re.compile(rf"\b{_TITLE}\s+")
# "Bertrand", "Greg": a board that calls its directors by first name in its action lists.
_FIRST_NAME = re.compile(r"^[A-Z][a-z]{2,14}$")
_LABEL_WORDS = frozenset(
    {"note", "notes", "update", "status", "action", "actions", "owner", "due", "comment",
     "comments", "progress", "outcome", "decision", "item", "agreed", "done", "complete",
     "completed", "open", "closed", "new", "background", "summary", "discussion", "proposal"}
)  # fmt: skip
_SHORT_SENTENCE = 15
_HEADING_CHARS = 80
_COLUMN_MINIMUM = 2
_PARAGRAPH_LINES = 12


def _minutes_actions(
    lines: list[str], minutes: Minutes, context: date | None, roster: Roster
) -> list[_Candidate]:
    """Actions marked in the styles above; prose undertakings only when none is marked."""
    initials = _present_initials(lines, minutes)
    found = _owner_action_lines(lines, minutes, context)
    found.extend(_action_column(lines, minutes, context, initials))
    found.extend(_action_list(lines, minutes, context))
    for candidate in found:
        if candidate.owner and not candidate.resolved:
            candidate.owner, candidate.resolved = _owner_initials(candidate.owner, initials)
    return found


def _present_initials(lines: list[str], minutes: Minutes) -> dict[str, str]:
    """Initials printed in the list of those present (not apologies: owners are present)."""
    region: list[str] = []
    for raw in lines[max(0, minutes.heading) : minutes.body_start]:
        if _ATTENDANCE_END.match(collapse_spaces(raw)):
            break
        region.append(raw)
    return {key: name for key, name in printed_initials(region).items() if name}


def _owner_initials(owner: str, initials: dict[str, str]) -> tuple[str, bool]:
    """ "KC/GD/IK" as names where the attendance list prints those initials; others as printed.
    Without printed initials the owner is left for the roster to resolve."""
    parts = [part for part in _SPLIT_INITIALS.split(owner.strip()) if part]
    if not initials or not parts or not all(INITIALS.match(part) for part in parts):
        return owner, False
    return join_people([initials.get(part, part) for part in parts]), True


def _owner_action_lines(
    lines: list[str], minutes: Minutes, context: date | None
) -> list[_Candidate]:
    found: list[_Candidate] = []
    lookup = minute_lookup(minutes)
    for index in range(minutes.body_start, scan_end(minutes)):
        if len(found) >= _MAX_CANDIDATES:
            break
        text = _line_text(lines[index])
        match = _OWNER_ACTION.match(text) if text else None
        if match is None:
            continue
        who = match.group("who").strip()
        if who.split()[0].lower() in _NOT_OWNER or len(who.split()) > 3:
            continue
        task, status = match.group("task").strip(), None
        for position in range(index + 1, min(scan_end(minutes), index + 6)):
            following = _line_text(lines[position])
            if not following or is_furniture(following):
                continue
            if following[:1].islower() and not task.endswith((".", "!", "?")):
                task = f"{task} {following}"  # the task wrapped over a page break
                continue
            state = _STATUS_LINE.match(following)
            if state is not None and not _OWNER_ACTION.match(following):
                status = state.group("state").lower()
            break
        candidate = _described(task, context, source="minutes-line")
        candidate.owner, candidate.owner_rank = who, 4
        candidate.ref = candidate.minute = _minute_number(minutes, index, lookup)
        if status is not None:
            candidate.status, candidate.status_rank = _state(status), 4
        found.append(candidate)
    return found


def _state(word: str) -> ActionStatus:
    if word.startswith("carried"):
        return "carried-forward"
    if word.startswith(("complete", "done", "closed")):
        return "completed"
    return "open"


def _action_column(
    lines: list[str], minutes: Minutes, context: date | None, initials: dict[str, str]
) -> list[_Candidate]:
    """Paragraphs closed by an initials cell in the right-hand action column."""
    cells: list[tuple[int, str]] = []
    for index in range(minutes.body_start, scan_end(minutes)):
        if len(cells) >= _MAX_CANDIDATES:
            break
        raw = lines[index]
        if len(raw) > _MAX_LINE or raw.strip(" \t").count("\t") != 1:
            continue
        _, cell = strip_action_cell(raw)
        if cell is not None:
            cells.append((index, cell))
    if len(cells) < _COLUMN_MINIMUM:
        return []
    seen = {part for _, cell in cells for part in _SPLIT_INITIALS.split(cell)} | set(initials)
    marked = {index for index, _ in cells}
    for index in range(minutes.body_start, scan_end(minutes)):
        if index in marked or len(lines[index]) > _MAX_LINE:
            continue
        text = collapse_spaces(lines[index])
        if not text:
            continue
        if INITIALS_CELL.match(text) and set(_SPLIT_INITIALS.split(text)) <= seen:
            cells.append((index, text))  # the cell printed on a line of its own
            continue
        trailing = _TRAILING_INITIALS.search(text)
        if (
            trailing
            and set(_SPLIT_INITIALS.split(trailing.group("cell"))) <= seen
            and not _continued(lines, index + 1, scan_end(minutes))
        ):
            cells.append((index, trailing.group("cell")))  # the cell run into the text
    cells.sort()
    starts = _item_starts(minutes)
    lookup = minute_lookup(minutes)
    found: list[_Candidate] = []
    for index, cell in cells[:_MAX_CANDIDATES]:
        description = _closed_paragraph(lines, index, starts, {i for i, _ in cells})
        if not description:
            continue
        candidate = _described(description, context, source="minutes-column")
        candidate.owner, candidate.owner_rank = cell, 4
        candidate.ref = candidate.minute = _minute_number(minutes, index, lookup)
        found.append(candidate)
    return found


def _continued(lines: list[str], begin: int, end: int) -> bool:
    """Whether the sentence carries on at the next line ("... HL" / "would expedite.")."""
    for raw in lines[begin : min(end, begin + 4)]:
        text = collapse_spaces(raw)
        if text and not is_furniture(text):
            return text[:1].islower()
    return False


def _closed_paragraph(lines: list[str], index: int, starts: set[int], cells: set[int]) -> str:
    """The bullet or paragraph an action cell closes, back to its bullet or its first line."""
    parts: list[str] = []
    position = index
    while position >= max(0, index - _PARAGRAPH_LINES * 3) and len(parts) < _PARAGRAPH_LINES:
        if position in starts or (position != index and position in cells):
            break
        raw, _ = strip_action_cell(lines[position])
        text = collapse_spaces(raw)
        if position == index:
            trailing = _TRAILING_INITIALS.search(text)
            text = text[: trailing.start()] if trailing else text
            text = "" if INITIALS_CELL.match(text) else text
        elif not text:
            break
        if text and not is_furniture(text):
            bullet = BULLET.match(text)
            parts.insert(0, text[bullet.end() :] if bullet else text)
            if bullet:
                break
        position -= 1
    return collapse_spaces(" ".join(parts))


def _action_list(lines: list[str], minutes: Minutes, context: date | None) -> list[_Candidate]:
    """A closing "Action items" list: "Owner: task", "MW to ...", or a task alone."""
    found: list[_Candidate] = []
    for index in range(minutes.body_start, scan_end(minutes)):
        if len(lines[index]) > _HEADING_CHARS:
            continue
        text = collapse_spaces(lines[index])
        if not text or not _ACTIONS_HEADING.match(text):
            continue
        for number, entry in list_entries(lines, index + 1, scan_end(minutes)):
            owner: str | None = None
            description = entry
            split = _OWNER_TASK.match(entry)
            if split is not None and _is_owner(split.group("who")):
                owner, description = split.group("who").strip(), split.group("task")
            else:
                who = _WHO_TO.match(entry)
                if who is not None and _is_owner(who.group("who")):
                    owner = who.group("who").strip()
            candidate = _described(description, context, source="minutes-list")
            candidate.owner, candidate.owner_rank = owner, 4 if owner else 0
            candidate.ref = number
            found.append(candidate)
        if len(found) >= _MAX_CANDIDATES:
            break
    return found


def _is_owner(text: str) -> bool:
    text = text.strip()
    parts = [part for part in _OWNERS_SPLIT.split(text) if part]
    first_names = all(
        _FIRST_NAME.match(part) and part.lower() not in _LABEL_WORDS for part in parts
    )
    return (bool(parts) and first_names) or (
        split_people(text) is not None
        or all(INITIALS.match(part) for part in parts)
        or bool(_EVERYONE.match(text))
        or _is_role(text)
        or re.fullmatch(_ROLE_SUBJECT, text) is not None
    )


def _undertakings(lines: list[str], minutes: Minutes, context: date | None) -> list[_Candidate]:
    """ "Clerk to ...", "Cllr Webb will ...", "The Clerk was asked to ...", sentence by sentence;
    a short sentence pointing back ("Clerk to arrange this") keeps the one before it."""
    found: list[_Candidate] = []
    lookup = minute_lookup(minutes)
    for segment in minute_segments(lines, minutes):
        if len(found) >= _MAX_CANDIDATES:
            break
        if is_transcript(segment.text):
            continue
        pieces = sentences(segment.text)
        for position, sentence in enumerate(pieces):
            who = _undertaker(sentence)
            if who is None:
                continue
            description = sentence
            short = len(sentence.split()) < _SHORT_SENTENCE
            if position > 0 and short and _BACK_REFERENCE.search(sentence):
                description = f"{pieces[position - 1]} {sentence}"
            candidate = _described(description, context, source="minutes-prose")
            candidate.owner, candidate.owner_rank = _STRIP_TITLES.sub("", who).strip(), 2
            number = _minute_number(minutes, segment.line, lookup)
            candidate.ref = candidate.minute = (
                segment_number(number, segment.label) if number is not None else None
            )
            candidate.status, candidate.status_rank = "open", 0
            found.append(candidate)
    return found


def _undertaker(sentence: str) -> str | None:
    sentence = sentence[:_MAX_LINE]
    for pattern in (_UNDERTAKING, _ROLE_IMPERATIVE, _WHO_WILL, _LATER_WILL):
        match = pattern.search(sentence)
        if match is not None:
            return match.group("who")
    return None


# --- action lists under an agenda's actions item -----------------------------------------
#
# Boards that review last meeting's actions as an agenda item list them as bullets:
# "* Bertrand: Follow up with PMC ..." with a "Status: done" line under each (foundation
# boards), or "JW to ask the Guild ..." (society committees). Only bullets naming an owner
# count: other bullets under such an item are notes.

_SECTION_HEADING = re.compile(r"^(?:\d{1,3}[.)]?|[A-Z][.)])\s+\S")
_STATUS_LABEL = re.compile(r"^status\s*:\s*(?P<status>.*)$", re.IGNORECASE)
_OWNERS_SPLIT = re.compile(r"\s*(?:[/,&+]|\band\b)\s*")
_MAX_SECTION_LINES = 600
_MAX_HEADINGS = 20000
_NUMBERED_HEADING = re.compile(r"^[ \t]*(?:\d{1,3}[.)]?|[A-Z][.)])[ \t]+[^\n]{1,78}$", re.MULTILINE)


def _action_sections(lines: list[str]) -> list[tuple[int, int]]:
    """Numbered headings of an actions item ("9. Review Outstanding Action Items") and the
    lines under them, for documents whose agenda was not read item by item."""
    found: list[tuple[int, int]] = []
    text = "\n".join(lines)
    position = line = 0
    for seen, match in enumerate(_NUMBERED_HEADING.finditer(text)):
        if seen >= _MAX_HEADINGS or len(found) >= _MAX_CANDIDATES:
            break
        if not _ACTIONS_TITLE.search(match.group(0)):
            continue
        line += text.count("\n", position, match.start())  # its line, counting once
        position = match.start()
        end = line + 1
        limit = min(len(lines), line + _MAX_SECTION_LINES)
        while end < limit and not _SECTION_HEADING.match(lines[end].strip()):
            end += 1
        found.append((line + 1, end))
    return found


def _bullet_actions(
    lines: list[str], begin: int, end: int, context: date | None
) -> list[_Candidate]:
    """Bullets that name an owner, with the status printed under each."""
    entries: list[list[str]] = []  # [text, status]
    in_status = False
    for raw in lines[begin : min(end, begin + _MAX_SECTION_LINES)]:
        text = collapse_spaces(raw) if len(raw) < _MAX_LINE and "\t" not in raw.strip() else ""
        if not text:
            in_status = False
            continue
        bullet = BULLET.match(text)
        label = _STATUS_LABEL.match(text)
        if bullet is not None:
            entries.append([text[bullet.end() :], ""])
            in_status = False
        elif entries and label is not None:
            entries[-1][1] = label.group("status")
            in_status = True
        elif entries and in_status:
            entries[-1][1] = f"{entries[-1][1]} {text}"
        elif entries and text[:1].islower():
            entries[-1][0] = f"{entries[-1][0]} {text}"
        if len(entries) >= _MAX_CANDIDATES:
            break
    found: list[_Candidate] = []
    for text, status in entries:
        owner, description = _owner_and_task(text)
        if owner is None:
            continue
        candidate = _described(description, context, source="agenda-list", update=status)
        candidate.owner, candidate.owner_rank = owner, 4
        candidate.status, candidate.status_rank = "open", 1
        for pattern, state in _STATUS_CELL:
            if status and pattern.search(status):
                candidate.status, candidate.status_rank = state, 3
                break
        found.append(candidate)
    return found


def _owner_and_task(entry: str) -> tuple[str | None, str]:
    """ "Owner: task" or "Owner to task" (owner a name, initials or a role), else no owner."""
    split = _OWNER_TASK.match(entry)
    if split is not None and _is_owner(split.group("who")):
        return split.group("who").strip(), split.group("task")
    who = _WHO_TO.match(entry)
    if who is not None and _is_owner(who.group("who")):
        return who.group("who").strip(), entry
    return None, entry
