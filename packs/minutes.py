"""The previous meeting's minutes, when the pack carries them: date and attendance."""

from __future__ import annotations

import re
from datetime import date

from .dates import find_dates
from .members import names_in_list, person_name, row_cells
from .model import PreviousMeeting
from .text import collapse_spaces

__all__ = ["find_minutes", "read_previous_meeting"]

_MINUTES = re.compile(r"^minutes\s+of\b", re.IGNORECASE)
_SECTION = re.compile(
    r"^(?P<name>present|members\s+present|apologies(?:\s+for\s+absence)?|absent|"
    r"officers\s+present|officers\s+in\s+attendance|in\s+attendance|also\s+present|"
    r"also\s+in\s+attendance)\b\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_MINUTE_ITEM = re.compile(r"^\d{1,2}[.)]?\s+\S")
_STOP = re.compile(
    r"^(?:this\s+page\s+is\s+intentionally\s+left\s+blank|agenda\s+item\s+\d|resolved\b)",
    re.IGNORECASE,
)
_MAX_ATTENDANCE_LINES = 150
_MINUTES_SEARCH_LINES = 400


def find_minutes(lines: list[str], begin: int) -> int | None:
    """Index of the minutes heading that closely follows the agenda (``begin``), if any.

    Only the first few pages after the agenda are searched: minutes printed deeper in the
    pack belong to a report's appendix (a sub-group's), not to this board's last meeting.
    """
    for index in range(begin, min(len(lines), begin + _MINUTES_SEARCH_LINES)):
        if _MINUTES.match(lines[index].strip()):
            following = [line for line in lines[index + 1 : index + 12] if line.strip()][:6]
            if any(_SECTION.match(line.strip()) for line in following):
                return index
    return None


def read_previous_meeting(lines: list[str], heading: int, this_day: date | None) -> PreviousMeeting:
    """Date, members present and apologies from the minutes starting at ``heading``."""
    heading_text = " ".join(collapse_spaces(line) for line in lines[heading : heading + 3])
    day = next(
        (
            found.value
            for found in find_dates(heading_text)
            if this_day is None or found.value < this_day
        ),
        None,
    )
    present: list[str] = []
    apologies: list[str] = []
    section: str | None = None
    for raw in lines[heading + 1 : heading + 1 + _MAX_ATTENDANCE_LINES]:
        text = collapse_spaces(raw)
        if not text:
            continue
        if _STOP.match(text):
            break
        match = _SECTION.match(text)
        if match and "\t" not in raw.strip():
            section = _kind(match.group("name"))
            if match.group("rest"):
                _collect(match.group("rest"), section, present, apologies)
            continue
        if "\t" not in raw.strip() and _MINUTE_ITEM.match(text) and person_name(text) is None:
            break  # the first minute item: the attendance lists are over
        _collect_row(raw, section, present, apologies)
    return PreviousMeeting(date=day, present=present, apologies=apologies)


def _kind(section_name: str) -> str | None:
    """Which list a section feeds: members present, apologies, or neither (officers...)."""
    name = collapse_spaces(section_name).lower()
    if name in ("present", "members present"):
        return "present"
    if name.startswith("apologies"):
        return "apologies"
    return None


def _collect_row(raw: str, section: str | None, present: list[str], apologies: list[str]) -> None:
    cells = row_cells(raw)
    if not cells:
        return
    if len(cells) == 1 and cells[0].count(",") >= 1:
        _collect(cells[0], section, present, apologies)
        return
    name = person_name(cells[0])
    if name:
        _add(name, section, present, apologies)


def _collect(text: str, section: str | None, present: list[str], apologies: list[str]) -> None:
    names = names_in_list(text)
    if not names:
        single = person_name(text)
        names = [single] if single else []
    for name in names:
        _add(name, section, present, apologies)


def _add(name: str, section: str | None, present: list[str], apologies: list[str]) -> None:
    target = present if section == "present" else apologies if section == "apologies" else None
    if target is not None and name not in target:
        target.append(name)
