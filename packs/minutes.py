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
from .names import clean_name, has_honorific, looks_like_person
from .text import collapse_spaces, is_heading_like, split_cells, split_list

__all__ = [
    "Attendance",
    "MinuteItem",
    "Minutes",
    "confirmed_minutes_date",
    "find_minutes",
    "find_minutes_alone",
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
    r"(?:(?:board|committee|council)\s+)?members\s+in\s+attendance(?:\s+were)?|"
    r"present|attendees|attendance|those\s+present(?:\s+were)?|"
    r"apologies(?:\s+for\s+absence)?(?:\s+(?:were\s+)?received(?:\s+from)?)?|absent|"
    r"officers?(?:\s+(?:present|in\s+attendance|attending))?|"
    r"(?:also\s+)?in\s+attendance(?:\s+were)?|also\s+present|substitutes?|observers?|guests?|"
    r"minute[- ]taker|clerk)\b(?P<colon>\s*:)?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_SINGLE_WORD_SECTIONS = frozenset(
    {"present", "absent", "officer", "officers", "substitute", "substitutes", "observer",
     "observers", "guest", "guests", "apologies", "attendees", "attendance", "clerk",
     "minute taker", "minute-taker"}
)  # fmt: skip
# People listed under a "present" heading (members or officers) were present; people "in
# attendance" (guests, presenters, note-takers) are not the meeting's attendance record.
_PRESENT_SECTIONS = re.compile(
    r"^(?:(?:[\w-]+\s+)?members\s+present|officers?\s+present|present|attendees|attendance|"
    r"those\s+present(?:\s+were)?|(?:[\w-]+\s+)?members\s+in\s+attendance(?:\s+were)?)$",
    re.IGNORECASE,
)
_MINUTE_NUMBER = re.compile(r"^\S+\s+")
# A minutes document's own title: "Minutes of a Meeting held on ...", "REGULAR MEETING
# MINUTES" (US commissions), "CSS Committee Meeting - Minutes", "OFFICIAL MINUTES" (Portland).
_MINUTES_WORD = re.compile(r"\bminutes\b", re.IGNORECASE)
# ... but not an agenda line about minutes ("To approve the minutes of the last meeting"),
# nor a duration ("30 minutes").
_NOT_MINUTES_TITLE = re.compile(
    r"\b(?:approv\w*|confirm\w*|adopt\w*|receiv\w*|previous|last|prior|signed?|circulated|"
    r"attached|agenda|accuracy|matters\s+arising)\b|\d\s*minutes\b",
    re.IGNORECASE,
)
_AGENDA_TITLE = re.compile(
    r"^(?:a\s?g\s?e\s?n\s?d\s?a|(?:[\w'-]+\s+){0,8}agenda|summons|notice\s+of\s+meeting)\b",
    re.IGNORECASE,
)
_TITLE_LINES = 12
_TITLE_CHARS = 160
_TITLE_SCAN_CHARS = 2000
# Front matter of static-site markdown (YAML "---" or TOML "+++").
_FRONT_MATTER_FENCE = frozenset({"---", "+++"})
_FRONT_MATTER_LINES = 60
_BULLET = re.compile(r"^[-*+\u2022\u25cf\u25cb\u25a0\u25aa\u00b7\uf0b7\u2013]\s*")
# Roll-call tables (US commissions): a Status column saying Present / Absent / Late / Excused.
_STATUS = re.compile(
    r"^(?P<status>present|absent|late|excused|absent\s*\(?excused\)?|apologies|remote|"
    r"arrived\s+late|teleconference|virtual)$",
    re.IGNORECASE,
)
_NOT_NAME_WORD = re.compile(
    r"^(?:who|which|that|has|had|was|is|were|as|because|due|for|re|in|via|by|at|on|participated|"
    r"arrived|left|joined|presiding)\b"
)
_ROLE_PREFIX = re.compile(
    r"^(?:(?:the\s+)?(?:chairman|chairwoman|chairperson|chair|vice[- ]chair(?:man)?|"
    r"mayor(?:\s+pro\s+tem)?|presiding|(?:vice\s+)?president|commissioner|councilmember|"
    r"council\s+member|director|trustee|alderman|alderperson)\s*[:,-]?\s+)",
    re.IGNORECASE,
)
_COUNCILLORS_PREFIX = re.compile(
    r"^(?:(?:county|city|district|town)\s+)?(?:councillors|cllrs|commissioners|"
    r"councilmembers|directors|trustees)\.?\s+",
    re.IGNORECASE,
)
# "Apologies received from", "To receive apologies for absence:" as a minute's title.
_APOLOGIES_TITLE = re.compile(
    r"^(?:to\s+(?:receive|note|record)\s+(?:any\s+)?)?apologies(?:\s+for\s+absence)?"
    r"(?:\s+(?:were\s+)?received)?(?:\s+from)?\s*[:.-]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_INITIALS_CELL = re.compile(r"^\(?[A-Z][A-Za-z]{0,3}(?:/[A-Z][A-Za-z]{0,3})*\)?$")
_CLOCK_CELL = re.compile(r"^\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?$", re.IGNORECASE)
# A list ends where its sentence does: ". Members of the public ...", ". Cllr Evans left".
_SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)\.\s+(?=[A-Z][a-z])"
)
_PLACE_PREFIX = re.compile(
    r"^(?:county|city|district|town|borough)\s+(?=(?:cllr|councillor))", re.I
)
# A role attending with no name printed ("and the Clerk"): SCHEMA keeps the role as text.
_ROLE_ONLY = re.compile(
    r"^the\s+(?:clerk|secretary|treasurer|minute[- ]taker|proper\s+officer|town\s+clerk|"
    r"parish\s+clerk|deputy\s+clerk|responsible\s+financial\s+officer)$",
    re.IGNORECASE,
)
_LOWER_PARTICLES = frozenset({"de", "da", "di", "van", "von", "der", "den", "la", "le", "du"})
# An agenda item confirming the last minutes: "To confirm the record of the meeting ... held
# on 28th June 2016", "approve the minutes of the regular meeting of October 18, 2022".
_CONFIRM_MINUTES = re.compile(
    r"\b(?:confirm|approv|adopt|agree|sign|receive)\w*\s+(?:and\s+\w+\s+)?(?:as\s+a\s+correct\s+"
    r"record\s+)?(?:the\s+)?(?:draft\s+|unconfirmed\s+)?(?:minutes|record)\s+of\b",
    re.IGNORECASE,
)
_CONFIRM_WINDOW = 240
_SECOND_MINUTES_WORDS = 12
_DATED_TITLE_LINES = 4
# Roll call written as prose (US minutes): "Responding to roll call were Commissioners Perez,
# Vice Chair Valencia, and Chair Ramirez", "THOSE PRESENT WERE: Mayor Adams, Presiding; ...".
_PRESENT_SENTENCE = re.compile(
    r"\b(?:responding\s+to\s+(?:the\s+)?roll\s+call\s+(?:were|was)|(?:those\s+)?present\s+were"
    r"|present\s+at\s+(?:the\s+)?roll\s+call\s+were|members\s+present\s*:)\s*:?\s+"
    r"(?P<names>[^.]{3,400})",
    re.IGNORECASE,
)
_PROSE_WINDOW = 3000
# "... in person. Commissioners Davis and Hernandez participated via videoconference."
_REMOTE_SENTENCE = re.compile(
    r"(?:^|\.\s+)(?P<names>[^.]{3,200}?)\s+(?:participated|attended|joined|were\s+present)\s+"
    r"(?:via|by|remotely|virtually|online|by\s+telephone)\b",
    re.IGNORECASE,
)
# A minute heading in a table row: "3767.\tPolice", "3774. \tTo approve" (a stray space before
# the tab, community-council minutes), "24/101\tApologies" (parish year/minute numbers).
_TAB_ITEM = re.compile(
    r"^(?P<num>\d{1,4}(?:/\d{2,4})?)[.)]?(?=[ \t]*\t)[ \t]+(?P<title>[^\t]*\S)\s*$"
)
# ... and the column headings of two-column minutes ("Items | Action": community councils).
_ATTENDANCE_STOP = re.compile(
    r"^(?:this\s+page\s+is\s+intentionally\s+left\s+blank|agenda\s+item\s+\d|resolved\b|"
    r"(?:items?|minutes?|business|discussion)\s+(?:actions?|action\s+by|owner|by\s+whom)$)",
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
    r"^(?:minute\s+)?(?P<prefix>[A-Z]{2,6}/?)?(?P<num>\d{1,4})(?P<suffix>/\d{2,4})?"
    r"(?P<sep>[.):])?[ \t]+(?P<title>\S.*)$"
)
# Minutes numbered on from meeting to meeting skip a number now and then (a confidential or
# withdrawn item, a heading the text layer lost); a larger jump is a page number or an amount.
_MAX_MINUTE_GAP = 5
_PRINTED_NUMBER = re.compile(r"(?P<a>\d+)(?:/(?P<b>\d+))?$")
_SUB_ITEM = re.compile(r"^\(?(?P<letter>[A-Za-z])[.)][ \t]+(?P<title>\S.*)$")
_MONTH_START = re.compile(rf"^{MONTH_WORD}\b", re.IGNORECASE)
# "Apologies (for absence) (were) received (and accepted) from A, B and C" in a minute's text
# (parish and community-council minutes); the names run to the sentence's end, which
# _collect finds (a full stop after an initial, "K. Gray", does not end it).
_APOLOGIES_SENTENCE = re.compile(
    r"\bapologies(?:\s+for\s+absence)?\s+(?:(?:were|was|had\s+been|have\s+been)\s+)?"
    r"(?:received|tendered|given|sent|noted)(?:\s+and\s+(?:accepted|noted|approved))?\s+"
    r"from\s+(?P<names>\S.{2,400})",
    re.IGNORECASE,
)
_MAX_ATTENDANCE_LINES = 150
_MAX_NAMES_LINE = 300
_AND = re.compile(r"\s(?:and|&)\s")
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
    sep: str = ""  # the punctuation after the number: "." in "3774.", "" in "1 WELCOME"


@dataclass(slots=True)
class Minutes:
    """A set of minutes: where they are and how they are numbered.

    ``first`` is the first line of the attendance lists (the line after the heading, or the
    heading itself when minutes open straight on "Present:"); ``body_start`` ends them.
    """

    heading: int
    end: int
    body_start: int
    date: date | None
    items: list[MinuteItem] = field(default_factory=list)
    first: int = -1

    def __post_init__(self) -> None:
        if self.first < 0:
            self.first = self.heading + 1


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


def find_minutes_alone(lines: list[str]) -> int | None:
    """The title line of a document that is minutes and nothing else, if it is one.

    Minutes say so in their title block ("Minutes of a Meeting held on ...", "REGULAR
    MEETING MINUTES", "Committee Meeting - Minutes"), or open on their attendance list
    ("Present: ...", "Board members in attendance were:") before any agenda. Returns the
    index of that line; None for an agenda, a summons or a pack.
    """
    seen = 0
    for index in range(_after_front_matter(lines), len(lines)):
        raw = lines[index][:_TITLE_SCAN_CHARS]  # a title is short; the rest costs
        text = collapse_spaces(raw)
        if not text:
            continue
        seen += 1
        if seen > _TITLE_LINES:
            return None
        head = text[:_TITLE_CHARS]
        if _AGENDA_TITLE.match(head) or _opens_minute(text):
            return None  # an agenda, or numbered business before any minutes title
        if _MINUTES_WORD.search(head) and not _NOT_MINUTES_TITLE.search(head):
            return index
        first = split_cells(raw.strip())[0] if "\t" in raw.strip() else text
        section = _section(collapse_spaces(first), first)
        if section is not None and _kind(collapse_spaces(section.group("name")).lower()):
            return index
    return None


def confirmed_minutes_date(
    texts: list[str], this_day: date | None, day_first: bool = True
) -> date | None:
    """The date of the meeting whose minutes an agenda item asks to confirm.

    "To confirm the record of the meeting held on 14 January" gives that date, its year
    the latest that puts it before ``this_day`` (the meeting being summoned).
    """
    for text in texts:
        flat = collapse_spaces(text.replace("\n", " "))
        for match in _CONFIRM_MINUTES.finditer(flat):
            window = flat[match.end() : match.end() + _CONFIRM_WINDOW]
            for found in find_dates(window, day_first):
                if this_day is None or found.value < this_day:
                    return found.value
            if this_day is not None:
                yearless = find_yearless_dates_before(window, this_day)
                if yearless:
                    return yearless[0].value
    return None


def is_minutes_heading(lines: list[str], index: int) -> bool:
    """Whether line ``index`` heads a set of minutes: "Minutes of ...", then attendance.

    A "Minutes of the meeting held on ..." line inside an agenda item is not followed by
    an attendance list, so it does not count.
    """
    text = lines[index].strip()
    if len(text) >= 600 or not _MINUTES.match(text):
        return False
    return _has_attendance(lines, index) or _dated_title(lines, index)


def _dated_title(lines: list[str], index: int) -> bool:
    """A minutes title in capitals with the meeting's date just under it (US packs:
    "MINUTES OF THE REGULAR MEETING" / "NORWALK HOUSING AUTHORITY" / "OCTOBER 18, 2022")."""
    text = collapse_spaces(lines[index])
    if not is_heading_like(text) or len(text.split()) > _SECOND_MINUTES_WORDS:
        return False
    following = [collapse_spaces(line) for line in lines[index + 1 : index + 8] if line.strip()]
    return any(find_dates(line) for line in following[:_DATED_TITLE_LINES] if len(line) < 80)


def read_minutes(
    lines: list[str], heading: int, this_day: date | None, *, alone: bool = False
) -> Minutes:
    """Delimit the minutes starting at ``heading`` and number their items.

    ``alone`` says the document is these minutes and nothing else (``heading`` from
    :func:`find_minutes_alone`): they run to the end, their date may be printed anywhere in
    the title block, and may be the same day as ``this_day``.
    """
    first = heading + 1
    if alone:
        end = _second_minutes(lines, heading)
        text = collapse_spaces(lines[heading])
        if _section(text, lines[heading]) is not None or "\t" in lines[heading].strip():
            first = heading
    else:
        end = _minutes_end(lines, heading)
    body_start = _attendance_end(lines, first, end, alone=alone)
    if alone:
        # a date in the minutes' body ("next meeting 20/11/2024") is not the one they record
        day = _title_block_date(lines, heading, body_start)
    else:
        day = _minutes_date(lines, heading, this_day)
    minutes = Minutes(heading=heading, end=end, body_start=body_start, date=day, first=first)
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
    pending: list[str] = []
    for raw in lines[minutes.first : minutes.body_start]:
        text = collapse_spaces(raw)
        if not text:
            _flush(pending, kind, attendance)
            continue
        cells = split_cells(raw.strip()) if "\t" in raw.strip() else [text]
        match = _section(collapse_spaces(cells[0]), cells[0])
        if match is not None:
            _flush(pending, kind, attendance)
            section = collapse_spaces(match.group("name")).lower()
            kind = _kind(section)
            rest = " ".join([match.group("rest"), *cells[1:]]).strip()
            if rest and "\t" in raw.strip() and not rest.count(","):
                _collect_row("\t".join([match.group("rest"), *cells[1:]]), kind, attendance)
            elif rest:
                pending.append(rest)
            continue
        if pending and _continues(pending[-1], raw, text):
            pending.append(text)
            continue
        _flush(pending, kind, attendance)
        if text.count(",") >= 2 and "\t" not in raw.strip():
            pending.append(text)
            continue
        _collect_row(raw, kind, attendance)
    _flush(pending, kind, attendance)
    if not attendance.present:
        _roll_call_table(lines, minutes, attendance)
    if not attendance.present:
        window = " ".join(
            collapse_spaces(line[:_PROSE_WINDOW])
            for line in lines[minutes.heading : minutes.end][:60]
        )[:_PROSE_WINDOW]
        sentence = _PRESENT_SENTENCE.search(window)
        if sentence:
            _collect(sentence.group("names"), "present", attendance)
            following = window[sentence.end() : sentence.end() + _PROSE_WINDOW // 3]
            for remote in _REMOTE_SENTENCE.finditer(following):
                _collect(remote.group("names"), "present", attendance)
    if not attendance.apologies:
        _apologies_in_items(lines, minutes, attendance)
    return attendance


def _after_front_matter(lines: list[str]) -> int:
    """Index of the first line after a markdown document's front matter (0 without one)."""
    for index, raw in enumerate(lines[:_FRONT_MATTER_LINES]):
        text = raw.strip()
        if not text:
            continue
        if text not in _FRONT_MATTER_FENCE:
            return 0
        for close in range(index + 1, min(len(lines), index + _FRONT_MATTER_LINES)):
            if lines[close].strip() == text:
                return close + 1
        return 0
    return 0


def _title_block_date(lines: list[str], heading: int, body_start: int) -> date | None:
    """The first date printed from the top of the document to just after the title line,
    and before the first minute (``body_start``)."""
    begin = _after_front_matter(lines)
    stop = min(heading + _HEADING_LINES, max(body_start, heading + 1))
    chunk = [collapse_spaces(raw) for raw in lines[begin:stop]]
    for found in find_dates(" \n ".join(chunk)[:4000]):
        return found.value
    return None


def _continues(previous: str, raw: str, text: str) -> bool:
    """Whether a line carries on a run-on list wrapped over several lines."""
    if _section(text, raw) is not None or _BULLET.match(text):
        return False
    return (
        raw[:1] in {" ", "\t"}
        or previous.rstrip().endswith((",", "&", " and"))
        or text[:1] in {"(", ",", "&"}
        or text[:1].islower()
    )


def _flush(pending: list[str], kind: str | None, attendance: Attendance) -> None:
    if pending:
        _collect(" ".join(pending), kind, attendance)
        pending.clear()


def _roll_call_table(lines: list[str], minutes: Minutes, attendance: Attendance) -> None:
    """A US roll-call table (Name / Title / Status) printed inside the first minute."""
    limit = min(minutes.end, minutes.body_start + _MAX_ATTENDANCE_LINES)
    for raw in lines[minutes.first : limit]:
        cells = [cell for cell in split_cells(raw.strip()) if cell]
        if len(cells) >= 2 and any(_STATUS.match(cell) for cell in cells[1:]):
            _collect_row(raw, None, attendance)


def _apologies_in_items(lines: list[str], minutes: Minutes, attendance: Attendance) -> None:
    """Apologies minuted as an item: "Apologies for absence were received from A, B and C",
    "3768. To receive apologies for absence: Cllr Ashman", or a bulleted list under it."""
    for item in minutes.items[:_APOLOGY_ITEMS]:
        body = " ".join(collapse_spaces(line[:4000]) for line in lines[item.start : item.end][:100])
        sentence = _APOLOGIES_SENTENCE.search(body[:4000])
        if sentence:
            _collect(sentence.group("names"), "apologies", attendance)
            if attendance.apologies:
                return  # else a list follows the heading: "Apologies received from" / bullets
        titled = _APOLOGIES_TITLE.match(collapse_spaces(lines[item.start]).split(" ", 1)[-1])
        if titled is None:
            continue
        rest = titled.group("rest").strip()
        if rest:
            _collect(rest, "apologies", attendance)
        for raw in lines[item.start + 1 : min(item.end, item.start + _MAX_ATTENDANCE_LINES)]:
            text = collapse_spaces(raw)
            if _BULLET.match(text):
                _collect_row(text, "apologies", attendance)
        if not attendance.apologies and not rest:
            _names_under(lines, item, attendance)
        if attendance.apologies:
            return


def _names_under(lines: list[str], item: MinuteItem, attendance: Attendance) -> None:
    """The names on the line under an apologies minute's heading ("1. Apologies for absence"
    / "Cllr K. Gray and Cllr L. Blue."), as parish minutes print them."""
    for raw in lines[item.start + 1 : min(item.end, item.start + _HEADING_LINES)]:
        text = collapse_spaces(raw)
        if not text:
            continue
        if len(text) < _MAX_NAMES_LINE and names_in_list(text.rstrip(". ")):
            _collect(text, "apologies", attendance)
        return


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


def _attendance_end(lines: list[str], first: int, end: int, *, alone: bool = False) -> int:
    """Where the attendance lists stop: the first minute item, or (in minutes alone, whose
    items may be unnumbered headings) the first paragraph after a blank line that is
    neither a list heading nor a list row."""
    limit = min(end, first + _MAX_ATTENDANCE_LINES)
    seen_section = False
    after_blank = False
    for index in range(first, limit):
        raw = lines[index]
        text = collapse_spaces(raw)
        if not text:
            after_blank = True
            continue
        blank_before, after_blank = after_blank, False
        if _ATTENDANCE_STOP.match(text):
            return index
        cell = split_cells(raw.strip())[0] if "\t" in raw.strip() else text
        if _section(collapse_spaces(cell), cell) is not None:
            seen_section = True
            continue
        if _opens_minute(_tab_item(raw) or text) and ("\t" not in raw.strip() or _tab_item(raw)):
            return index  # the first minute item: the attendance lists are over
        if alone and seen_section and blank_before and not _list_row(raw, text):
            return index  # a topic heading or prose: the attendance lists are over
    return limit


def _list_row(raw: str, text: str) -> bool:
    """A line of an attendance list: a bullet, a table row, or names."""
    if _BULLET.match(text) or "\t" in raw.strip():
        return True
    return bool(names_in_list(text)) and len(text) < _MAX_LIST_TEXT


def _tab_item(raw: str) -> str | None:
    """A minute heading printed as a numbered table row ("3767.\tPolice Reports: ...",
    "1\tApologies received from"), rewritten "3767. Police Reports: ..."."""
    match = _TAB_ITEM.match(raw.strip())
    if match is None:
        return None
    return f"{match.group('num')}. {collapse_spaces(match.group('title'))}"


def _opens_minute(text: str) -> bool:
    """A numbered line ("1 WELCOME", "HWB21 APOLOGIES") that is not a numbered name."""
    match = _ITEM.match(text)
    if match is None or _minute_title(match.group("title")) is None:
        return False
    if len(match.group("num")) == 4 and not match.group("sep"):
        return False  # "2019 Anti-rape campaign": a year, not a minute number
    return person_name(_MINUTE_NUMBER.sub("", text, count=1)) is None


def _second_minutes(lines: list[str], heading: int) -> int:
    """Where a second meeting's minutes begin in the same document, else its end.

    Community councils minute an AGM and the ordinary meeting that follows it in one file
    ("Minutes of the October General Meeting"): the first meeting is the one read.
    """
    for index in range(heading + 1, min(len(lines), heading + _MAX_MINUTES_LINES)):
        if len(lines[index]) > _TITLE_CHARS:
            continue
        text = collapse_spaces(lines[index])
        if (
            text
            and _MINUTES.match(text)
            and len(text.split()) <= _SECOND_MINUTES_WORDS
            and not text.endswith(".")
        ):
            return index
    return len(lines)


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
        # the minutes of the summoned meeting itself may follow its agenda: the same day
        if this_day is None or found.value <= this_day:
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
        if not raw.strip() or len(raw) > 4000:
            continue
        tabbed = "\t" in raw.strip()
        text = _tab_item(raw) if tabbed else collapse_spaces(raw)
        if text is None:
            continue
        match = _ITEM.match(text)
        title = _minute_title(match.group("title")) if match else None
        if match and title and (len(match.group("num")) < 4 or match.group("sep")):
            numbers = _minute_number(match, parent)
            if numbers is not None and parent is not None and numbers[1] != parent.main:
                if any(item.main != parent.main for item in items):
                    numbers = None  # the numbering's sequence part was settled before
                else:
                    for item in items:  # "12/24" then "13/24": the sequence is the first part
                        item.main = numbers[1]
            if numbers is not None:
                number = numbers[0]
                printed = (match.group("prefix") or "") + match.group("num")
                printed += match.group("suffix") or ""
                parent = MinuteItem(
                    printed, number, index, end, title, sep=match.group("sep") or ""
                )
                items.append(parent)
                continue
        sub = _SUB_ITEM.match(text) if len(text) <= 400 else None
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


def _minute_number(match: re.Match[str], parent: MinuteItem | None) -> tuple[int, int] | None:
    """(this minute's sequence number, the previous minute's) when the heading ``match``
    follows ``parent``; None when it does not (a numbered line inside a minute).

    A minute's number rises by one, or skips a few (a confidential or withdrawn item, a
    heading the text lost) printed in the same style; "24/101" (parish minutes: year/minute)
    and "101/24" (minute/year) rise in one part while the other, the year, stays.
    """
    num, suffix = match.group("num"), match.group("suffix")
    first = int(num)
    second = int(suffix[1:]) if suffix else None
    if parent is None:
        if second is None:
            return first, first
        # the two-digit part is the year; both two-digit: settled by the next minute
        guess = first if len(suffix) == 3 and len(num) != 2 else second
        return guess, guess
    before = _PRINTED_NUMBER.search(parent.number)
    if before is None or (second is None) != (before.group("b") is None):
        return None
    same_style = (match.group("sep") or "") == parent.sep
    if second is None:
        step = first - parent.main
        if step == 1 or (1 < step <= _MAX_MINUTE_GAP and same_style and parent.sep):
            return first, parent.main
        return None
    last_first, last_second = int(before.group("a")), int(before.group("b"))
    if first == last_first and 1 <= second - last_second <= _MAX_MINUTE_GAP and same_style:
        return second, last_second
    if second == last_second and 1 <= first - last_first <= _MAX_MINUTE_GAP and same_style:
        return first, last_first
    return None


def _minute_title(title: str) -> str | None:
    """The title of a numbered minute, or None when the line is not one.

    Community-council minutes run the title into the minute ("2580. Public Forum: Mr Tom
    Court from Hill Farm explained ..."): the title is the text before the colon.
    """
    if _item_title_ok(title) and len(title) <= 400:
        return title.rstrip(" .")
    head, colon, _ = title.partition(":")
    if colon and len(head) <= 80 and _item_title_ok(head):
        return head.rstrip(" .")
    return None


def _sub_title_ok(title: str) -> bool:
    return is_heading_like(title) and len(title.split()) <= _MAX_TITLE_WORDS


def _collect_row(raw: str, kind: str | None, attendance: Attendance) -> None:
    """One row of an attendance list or roll-call table.

    Rows come as "Name<TAB>title", "Name (MW) (Chair)<TAB>-<TAB>Organisation" (NHS Wales),
    "Name<TAB>Title<TAB>Status" (US roll calls: the status decides the list), or two
    people side by side with their initials (Scottish community councils).
    """
    if len(raw) > _MAX_LIST_TEXT or len(attendance.titled) >= _MAX_PEOPLE:
        return
    bullet = _BULLET.match(raw.strip())
    cells = row_cells(_BULLET.sub("", raw.strip()) if bullet else raw)
    cells = [cell for cell in cells if cell and cell.strip("-\u2013 ")]
    if not cells:
        return
    if len(cells) == 1 and (cells[0].count(",") >= 1 or _AND.search(cells[0])):
        _collect(cells[0], kind, attendance)  # "Cllr K. Gray and Cllr L. Blue."
        return
    statuses = [cell for cell in cells[1:] if _STATUS.match(cell)]
    if statuses:
        kind = _status_kind(statuses[0])
    people = [person_name(cell) for cell in cells]
    named = [name for name in people if name]
    if len(named) >= 2 and all(
        name or _INITIALS_CELL.match(cell) for name, cell in zip(people, cells, strict=True)
    ):
        for person in named:  # two columns of "Name<TAB>initials"
            attendance.titled.append((person, None))
            _add(person, kind, attendance)
        return
    name = people[0] or (_single_name(cells[0]) if bullet else None)
    if name:
        rest = [
            cell
            for cell in cells[1:]
            if not _STATUS.match(cell)
            and not _INITIALS_CELL.match(cell)
            and not _CLOCK_CELL.match(cell)
        ]
        attendance.titled.append((name, ", ".join(rest) or None))
        _add(name, kind, attendance)


def _status_kind(status: str) -> str | None:
    word = status.lower()
    if "excused" in word or word.startswith("apolog"):
        return "apologies"
    if word.startswith("absent"):
        return None  # absent is not an apology unless the minutes say so
    return "present"


def _collect(text: str, kind: str | None, attendance: Attendance) -> None:
    """Names in a run-on list ("Chairman Cllr Mrs Shewell, Cllrs Hayward, Hoskins, County
    Cllr Webb and the Clerk. Members of the public - ..."): the list stops at its sentence's
    end; "Cllrs" carries on to the surnames after it; roles without a name are left out."""
    if len(text) > _MAX_LIST_TEXT or len(attendance.titled) >= _MAX_PEOPLE:
        return  # no attendance list runs this long: this is not one
    end = _SENTENCE_END.search(text)
    if end:
        text = text[: end.start()]
    titled_run = False
    for part in split_list(text, strip=" .:"):
        part = _BULLET.sub("", part)
        role = _ROLE_PREFIX.match(part)
        part = part[role.end() :] if role else part
        part = _PLACE_PREFIX.sub("", part)
        run = _COUNCILLORS_PREFIX.match(part)
        if run:
            titled_run = True
            part = part[run.end() :]
        if _ROLE_ONLY.match(part):
            _add(collapse_spaces(part), kind, attendance)  # "the Clerk": kept as printed
            continue
        part = _name_words(part)
        if not part:
            continue
        name = clean_name(part)
        titled = titled_run or role is not None or has_honorific(part)
        if name and looks_like_person(name, titled=titled):
            attendance.titled.append((name, None))
            _add(name, kind, attendance)


def _name_words(part: str) -> str:
    """The name at the front of "Cllr Pocock who has now tendered his resignation"."""
    words = part.split()
    for index, word in enumerate(words):
        if index and _NOT_NAME_WORD.match(word) and word.islower():
            return " ".join(words[:index])
    if words and words[0].islower() and words[0] not in _LOWER_PARTICLES:
        return ""  # "the Clerk", "all members": a role, not a name
    return part


def _single_name(text: str) -> str | None:
    """A name printed as one word in a bulleted list ("Sai"): accepted there only."""
    word = collapse_spaces(text)
    if " " in word or not word[:1].isupper() or not word[1:].islower() or len(word) < 2:
        return None
    return word if looks_like_person(f"{word} {word}") else None


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
