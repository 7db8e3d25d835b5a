"""The previous meeting's minutes, when the pack carries them.

:func:`find_minutes` locates the minutes heading just after the agenda; :func:`read_minutes`
delimits them, numbers their items ("8", "10A": minute items and lettered sub-items, as
printed) and reads the date and the attendance lists. Actions and resolutions are read from
the same :class:`Minutes` by :mod:`packs.actions` and :mod:`packs.resolutions`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .dates import MONTH_WORD, find_dates, find_yearless_dates_before
from .members import names_in_list, person_name, row_cells
from .names import clean_name
from .text import collapse_spaces, is_heading_like

__all__ = [
    "Attendance",
    "MinuteItem",
    "Minutes",
    "find_minutes",
    "is_minutes_heading",
    "minute_of",
    "read_attendance",
    "read_minutes",
]

_MINUTES = re.compile(
    r"^(?:(?:draft|unconfirmed|confirmed)\s+)?(?:minutes|record|notes)\s+of\b|"
    r"^(?:(?:draft|unconfirmed|confirmed)\s+)?minutes$",
    re.IGNORECASE,
)
_SECTION = re.compile(
    r"^(?P<name>(?:(?:board|voting|non-voting|committee|panel|elected)\s+)?members\s+present|"
    r"present|apologies(?:\s+for\s+absence)?(?:\s+(?:were\s+)?received(?:\s+from)?)?|absent|"
    r"officers?(?:\s+(?:present|in\s+attendance|attending))?|(?:also\s+)?in\s+attendance|"
    r"also\s+present|substitutes?|observers?|guests?)\b(?P<colon>\s*:)?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_SINGLE_WORD_SECTIONS = frozenset(
    {"present", "absent", "officer", "officers", "substitute", "substitutes", "observer",
     "observers", "guest", "guests", "apologies"}
)  # fmt: skip
# People listed under a "present" heading (members or officers) were present; people "in
# attendance" (guests, presenters, note-takers) are not the meeting's attendance record.
_PRESENT_SECTIONS = re.compile(
    r"^(?:(?:[\w-]+\s+)?members\s+present|officers?\s+present|present)$", re.IGNORECASE
)
_MINUTE_NUMBER = re.compile(r"^\S+\s+")
_ATTENDANCE_STOP = re.compile(
    r"^(?:this\s+page\s+is\s+intentionally\s+left\s+blank|agenda\s+item\s+\d|resolved\b)",
    re.IGNORECASE,
)
_END = re.compile(
    r"^(?:this\s+page\s+is\s+intentionally\s+left\s+blank|agenda\s+item\s+\d{1,3}[a-z]?$|"
    r"public\s+document\s+pack$)",
    re.IGNORECASE,
)
# A report's first page ("Report of the Director of Public Health"), not a sentence about one.
_REPORT_HEADING = re.compile(r"^report\s+(?:to|of|by)\s+the\s+(?-i:[A-Z])", re.IGNORECASE)
_MAX_REPORT_HEADING_WORDS = 14
_ITEM = re.compile(
    r"^(?:minute\s+)?(?P<prefix>[A-Z]{2,6}/?)?(?P<num>\d{1,3})(?P<suffix>/\d{2,4})?"
    r"(?P<sep>[.):])?[ \t]+(?P<title>\S.*)$"
)
_SUB_ITEM = re.compile(r"^\(?(?P<letter>[A-Za-z])[.)][ \t]+(?P<title>\S.*)$")
_MONTH_START = re.compile(rf"^{MONTH_WORD}\b", re.IGNORECASE)
_APOLOGIES_SENTENCE = re.compile(
    r"\bapologies(?:\s+for\s+absence)?\s+(?:were|was|had\s+been)\s+received\s+from\s+"
    r"(?P<names>[^.]{3,400})",
    re.IGNORECASE,
)
_MAX_ATTENDANCE_LINES = 150
_MINUTES_SEARCH_LINES = 400
_MAX_MINUTES_LINES = 4000
_MAX_TITLE_WORDS = 25
_APOLOGY_ITEMS = 3
_HEADING_LINES = 8
_MAX_LIST_TEXT = 4000
_MAX_PEOPLE = 400


@dataclass(slots=True)
class MinuteItem:
    """One numbered minute (or lettered sub-minute) and the lines it spans."""

    number: str
    main: int
    start: int
    end: int
    title: str
    letters: int = 0


@dataclass(slots=True)
class Minutes:
    """The previous meeting's minutes: where they are and how they are numbered."""

    heading: int
    end: int
    body_start: int
    date: date | None
    items: list[MinuteItem] = field(default_factory=list)


@dataclass(slots=True)
class Attendance:
    """Who the minutes list as present and as apologising, and every listed person's title."""

    present: list[str] = field(default_factory=list)
    apologies: list[str] = field(default_factory=list)
    titled: list[tuple[str, str | None]] = field(default_factory=list)


def find_minutes(lines: list[str], begin: int) -> int | None:
    """Index of the minutes heading that closely follows the agenda (``begin``), if any.

    Only the first few pages after the agenda are searched: minutes printed deeper in the
    pack belong to a report's appendix (a sub-group's), not to this board's last meeting.
    """
    for index in range(begin, min(len(lines), begin + _MINUTES_SEARCH_LINES)):
        if is_minutes_heading(lines, index):
            return index
    return None


def is_minutes_heading(lines: list[str], index: int) -> bool:
    """Whether line ``index`` heads a set of minutes: "Minutes of ...", then attendance.

    A "Minutes of the meeting held on ..." line inside an agenda item is not followed by
    an attendance list, so it does not count.
    """
    text = lines[index].strip()
    return len(text) < 600 and bool(_MINUTES.match(text)) and _has_attendance(lines, index)


def read_minutes(lines: list[str], heading: int, this_day: date | None) -> Minutes:
    """Delimit the minutes starting at ``heading`` and number their items."""
    end = _minutes_end(lines, heading)
    body_start = _attendance_end(lines, heading, end)
    minutes = Minutes(
        heading=heading,
        end=end,
        body_start=body_start,
        date=_minutes_date(lines, heading, this_day),
    )
    minutes.items = _items(lines, body_start, end)
    return minutes


def minute_of(minutes: Minutes, index: int) -> MinuteItem | None:
    """The minute (or sub-minute) that line ``index`` belongs to."""
    found = None
    for item in minutes.items:
        if item.start <= index < item.end:
            found = item  # sub-items follow their parent, so the last hit is the closest
    return found


def read_attendance(lines: list[str], minutes: Minutes) -> Attendance:
    """Members present, apologies, and (name, title) for every person the lists print."""
    attendance = Attendance()
    section: str | None = None
    kind: str | None = None
    for raw in lines[minutes.heading + 1 : minutes.body_start]:
        text = collapse_spaces(raw)
        if not text:
            continue
        match = _section(text, raw)
        if match is not None:
            section = collapse_spaces(match.group("name")).lower()
            kind = _kind(section)
            if match.group("rest"):
                _collect(match.group("rest"), kind, attendance)
            continue
        _collect_row(raw, kind, attendance)
    if not attendance.apologies:
        for item in minutes.items[:_APOLOGY_ITEMS]:
            body = " ".join(collapse_spaces(line) for line in lines[item.start : item.end])
            sentence = _APOLOGIES_SENTENCE.search(body[:4000])
            if sentence:
                _collect(sentence.group("names"), "apologies", attendance)
                break
    return attendance


def _has_attendance(lines: list[str], index: int) -> bool:
    following = [line for line in lines[index + 1 : index + 12] if line.strip()][:6]
    return any(_section(collapse_spaces(line), line) is not None for line in following)


def _section(text: str, raw: str) -> re.Match[str] | None:
    if "\t" in raw.strip() or len(text) > 600:
        return None
    match = _SECTION.match(text)
    if match is None:
        return None
    name = collapse_spaces(match.group("name")).lower()
    if match.group("rest") and not match.group("colon") and name in _SINGLE_WORD_SECTIONS:
        return None  # "Present were ...", "Officers confirmed ...": prose, not a heading
    return match


def _kind(section_name: str) -> str | None:
    """Which list a section feeds: members present, apologies, or neither (officers...)."""
    if _PRESENT_SECTIONS.match(section_name):
        return "present"
    if section_name.startswith("apologies"):
        return "apologies"
    return None


def _attendance_end(lines: list[str], heading: int, end: int) -> int:
    limit = min(end, heading + 1 + _MAX_ATTENDANCE_LINES)
    for index in range(heading + 1, limit):
        raw = lines[index]
        text = collapse_spaces(raw)
        if not text:
            continue
        if _ATTENDANCE_STOP.match(text):
            return index
        if _section(text, raw) is not None:
            continue
        if "\t" not in raw.strip() and _opens_minute(text):
            return index  # the first minute item: the attendance lists are over
    return limit


def _opens_minute(text: str) -> bool:
    """A numbered line ("1 WELCOME", "HWB21 APOLOGIES") that is not a numbered name."""
    match = _ITEM.match(text)
    if match is None or not _item_title_ok(match.group("title")):
        return False
    return person_name(_MINUTE_NUMBER.sub("", text, count=1)) is None


def _minutes_end(lines: list[str], heading: int) -> int:
    limit = min(len(lines), heading + _MAX_MINUTES_LINES)
    for index in range(heading + 1, limit):
        text = lines[index].strip()
        if not text or len(text) > 200:
            continue
        text = collapse_spaces(text)
        if _END.match(text):
            return index
        if (
            _REPORT_HEADING.match(text)
            and len(text.split()) <= _MAX_REPORT_HEADING_WORDS
            and not text.endswith(".")
        ):
            return index
        if is_minutes_heading(lines, index):
            return index  # a second set of minutes (a sub-group's) begins
    return limit


def _minutes_date(lines: list[str], heading: int, this_day: date | None) -> date | None:
    # The heading may run over a few lines ("MINUTES" / body / "held on ...") before the
    # attendance list starts.
    heading_lines: list[str] = []
    for raw in lines[heading : heading + _HEADING_LINES]:
        text = collapse_spaces(raw)
        if heading_lines and _section(text, raw) is not None:
            break
        heading_lines.append(text)
    heading_text = " ".join(heading_lines)[:600]
    for found in find_dates(heading_text):
        if this_day is None or found.value < this_day:
            return found.value
    if this_day is not None:
        yearless = find_yearless_dates_before(heading_text, this_day)
        if yearless:
            return yearless[0].value
    return None


def _item_title_ok(title: str) -> bool:
    words = title.split()
    if not words or len(words) > _MAX_TITLE_WORDS or not title[:1].isalpha():
        return False
    if not (title[:1].isupper() or title[:1].isdigit()):
        return False
    return not title.endswith((";", ",")) and not _MONTH_START.match(title)


def _items(lines: list[str], begin: int, end: int) -> list[MinuteItem]:
    """Numbered minutes, each number one more than the last, with lettered sub-minutes."""
    items: list[MinuteItem] = []
    parent: MinuteItem | None = None
    for index in range(begin, end):
        raw = lines[index]
        if "\t" in raw.strip() or not raw.strip() or len(raw) > 400:
            continue
        text = collapse_spaces(raw)
        match = _ITEM.match(text)
        if match and _item_title_ok(match.group("title")):
            number = int(match.group("num"))
            if parent is None or number == parent.main + 1:
                printed = (match.group("prefix") or "") + match.group("num")
                printed += match.group("suffix") or ""
                title = match.group("title").rstrip(" .")
                parent = MinuteItem(printed, number, index, end, title)
                items.append(parent)
                continue
        sub = _SUB_ITEM.match(text)
        if parent is not None and sub and _sub_title_ok(sub.group("title")):
            letter = sub.group("letter").upper()
            if letter == chr(ord("A") + parent.letters):
                parent.letters += 1
                title = sub.group("title").rstrip(" .")
                items.append(MinuteItem(parent.number + letter, parent.main, index, end, title))
    for position, item in enumerate(items):
        later = [other.start for other in items[position + 1 :] if other.main != item.main]
        following = items[position + 1].start if position + 1 < len(items) else end
        # a minute runs to the next minute; a sub-minute to the next sub-minute or minute
        item.end = following if item.number[-1:].isalpha() else (later[0] if later else end)
    return items


def _sub_title_ok(title: str) -> bool:
    return is_heading_like(title) and len(title.split()) <= _MAX_TITLE_WORDS


def _collect_row(raw: str, kind: str | None, attendance: Attendance) -> None:
    if len(raw) > _MAX_LIST_TEXT or len(attendance.titled) >= _MAX_PEOPLE:
        return
    cells = row_cells(raw)
    if not cells:
        return
    if len(cells) == 1 and cells[0].count(",") >= 1:
        _collect(cells[0], kind, attendance)
        return
    name = person_name(cells[0])
    if name:
        title = ", ".join(cell for cell in cells[1:] if cell) or None
        attendance.titled.append((name, title))
        _add(name, kind, attendance)


def _collect(text: str, kind: str | None, attendance: Attendance) -> None:
    if len(text) > _MAX_LIST_TEXT or len(attendance.titled) >= _MAX_PEOPLE:
        return  # no attendance list runs this long: this is not one
    names = names_in_list(text)
    if not names:
        single = person_name(text)
        names = [single] if single else []
    for name in names:
        attendance.titled.append((name, None))
        _add(name, kind, attendance)


def _add(name: str, kind: str | None, attendance: Attendance) -> None:
    target = (
        attendance.present
        if kind == "present"
        else attendance.apologies
        if kind == "apologies"
        else None
    )
    name = clean_name(name)
    if target is not None and name and name not in target:
        target.append(name)
