"""Variants of real agenda layouts a reviewer probed: each failed before its fix.

Every snippet is written for the test (no corpus wording): outline sub-items ("2.a", "E.1."),
a page column, US next-meeting sentences, a time-first header with the venue, bracketed notes
that are not presenters, link labels, and standards bodies' numbered committees.
"""

from __future__ import annotations

from pathlib import Path

from packs import read_file, read_text
from packs.agenda import Agenda, read_agenda
from packs.formats.markup import markdown_text
from packs.model import Pack
from packs.text import normalise


def agenda(text: str) -> Agenda:
    return read_agenda(normalise(text).split("\n"))


def pack(text: str) -> Pack:
    return read_text(text, source="variant.txt")


_LETTERED_SUBS = """\
AGENDA

1. Apologies for absence
2. Planning matters
2.a Garage at Mill Lane
2.b Porch at Church Street
3. Finance
3.a. Payments for approval
3.b. Bank reconciliation
4. Close of meeting
"""

_DOTTED_LETTER_SUBS = """\
AGENDA

A. CALL TO ORDER
B. CONSENT CALENDAR
B.1. 24-0201 Approval of Minutes of the May 7, 2024 Meeting
B.2. 24-0207 Purchase of Two Utility Trucks
C. NEW BUSINESS
C.1. 24-0210 Lease of the Harbor Office
D. ADJOURNMENT
"""


def test_letter_sub_items_after_a_number_are_read() -> None:
    items = {item.number: item.title for item in agenda(_LETTERED_SUBS).items}
    assert items == {
        "1": "Apologies for absence",
        "2": "Planning matters",
        "2.a": "Garage at Mill Lane",
        "2.b": "Porch at Church Street",
        "3": "Finance",
        "3.a": "Payments for approval",
        "3.b": "Bank reconciliation",
        "4": "Close of meeting",
    }


def test_number_sub_items_after_a_letter_are_read() -> None:
    items = {item.number: item for item in agenda(_DOTTED_LETTER_SUBS).items}
    assert list(items) == ["A", "B", "B.1", "B.2", "C", "C.1", "D"]
    assert items["B.2"].title == "Purchase of Two Utility Trucks"
    assert items["B.2"].report_number == "24-0207"


_PAGE_COLUMN = """\
AGENDA

Item   Business                                            Page(s)

1.     APOLOGIES
2.     MINUTES                                             3 - 8
       To confirm the minutes of the last meeting.
3.     HOUSING ALLOCATIONS POLICY                          9 - 22
4.     ANY OTHER BUSINESS
"""


def test_a_page_column_gives_pages_not_title_words() -> None:
    items = {item.number: item for item in agenda(_PAGE_COLUMN).items}
    assert items["2"].title == "MINUTES"
    assert items["2"].pages == (3, 8)
    assert items["3"].title == "HOUSING ALLOCATIONS POLICY"
    assert items["3"].pages == (9, 22)
    assert items["1"].pages is None


def test_a_page_column_in_tab_separated_rows() -> None:
    text = "AGENDA\n\n1.\tAPOLOGIES\n2.\tMINUTES\t3 - 8\n3.\tBUDGET\t9 - 22\n"
    items = {item.number: item for item in agenda(text).items}
    assert (items["2"].title, items["2"].pages) == ("MINUTES", (3, 8))


def test_a_lone_number_range_in_a_title_stays_title() -> None:
    text = "AGENDA\n\n1. Apologies\n2. Play provision for ages 5 - 11\n3. Close\n"
    items = {item.number: item for item in agenda(text).items}
    assert items["2"].title == "Play provision for ages 5 - 11"
    assert items["2"].pages is None


_US_AGENDA = """\
City of Lakeview
City Council
Regular Meeting Agenda
Tuesday, May 14, 2024
7:00 PM
Council Chambers, 10 Lake Road, Lakeview, CA 90000

A. CALL TO ORDER
B. ROLL CALL
C. ADJOURNMENT
"""


def test_us_next_regular_meeting_sentence() -> None:
    text = (
        _US_AGENDA + "The next regular meeting will be held on Tuesday, May 28, 2024 at 7:00 PM.\n"
    )
    following = pack(text).next_meeting
    start = following.start if following is not None else None
    assert start is not None and start.isoformat() == "2024-05-28T19:00:00+01:00"


def test_next_special_meeting_sentence() -> None:
    text = (
        _US_AGENDA
        + "The next special meeting of the Council is on Tuesday, June 4, 2024 at 7:00 PM.\n"
    )
    following = pack(text).next_meeting
    start = following.start if following is not None else None
    assert start is not None and start.date().isoformat() == "2024-06-04"


def test_time_first_header_keeps_the_venue() -> None:
    text = (
        "6.30 pm, Wednesday 9 October 2024, Assembly Room, Market Hall\n\n"
        "Northby Town Council\n\nAGENDA\n\n1. Apologies\n2. Close\n"
    )
    meeting = pack(text).meeting
    assert meeting is not None and meeting.location == "Assembly Room, Market Hall"


def test_a_sentence_after_a_dated_header_is_not_a_venue() -> None:
    text = (
        "Wednesday 9 October 2024, when the hall committee will report on the library works\n\n"
        "Northby Town Council\n\nAGENDA\n\n1. Apologies\n2. Close\n"
    )
    meeting = pack(text).meeting
    assert meeting is None or meeting.location is None


def test_bracketed_notes_are_not_presenters() -> None:
    text = (
        "AGENDA\n\n1. Budget update [Verbal]\n2. Pay policy [Paper to follow]\n"
        "3. Grants review [Discussion]\n4. Parks report [Jane Smith]\n5. Treasurer [Priya]\n"
    )
    items = {item.number: item for item in agenda(text).items}
    assert [items[n].presenter for n in ("1", "2", "3")] == [None, None, None]
    assert items["4"].presenter == "Jane Smith"
    assert items["4"].title == "Parks report"
    assert items["5"].presenter == "Priya"


def test_slides_in_a_title_are_kept_unless_they_were_a_link() -> None:
    text = (
        "AGENDA\n\n1. Playground equipment: replacement slides\n"
        "2. Stage 2 proposal [slides](https://example.org/deck)\n3. Close\n"
    )
    items = {item.number: item.title for item in agenda(text).items}
    assert items["1"] == "Playground equipment: replacement slides"
    assert items["2"] == "Stage 2 proposal"


def test_numbered_working_group_is_a_body() -> None:
    for name in (
        "Open Scripting Language Working Group 21",
        "Northern Open Data Standards TC 12",
        "Northern Open Data Standards SC22",
    ):
        text = f"{name}\n\nThursday 7 March 2024 at 14:00\n\nAGENDA\n\n1. Opening\n2. Close\n"
        assert pack(text).body == name


def test_recommended_by_names_the_department_before_any_action_word() -> None:
    text = (
        "AGENDA\n\n1. Recommended by Parks and Recreation Division "
        "Amendment of the Grounds Maintenance Contract\n2. Close\n"
    )
    item = agenda(text).items[0]
    assert item.title == "Amendment of the Grounds Maintenance Contract"
    assert item.presenter_role == "Parks and Recreation Division"


# --- markdown agendas whose items are headings ----------------------------------------------

_HEADED_UNDER_AGENDA = """\
# Allotment Society committee

Tuesday 9 April 2024, 6.30pm, Pavilion

## Agenda

### Chair's welcome

### Notes of the March meeting

To agree the notes as a true record.

### Water troughs

Quotes from two suppliers.

## Any other business
"""

_HEADED_UNDER_TITLE = """\
# Friends of Elm Park

Wednesday 15 May 2024 at 19:00

## Introductions

## Bench restoration

Progress on the three benches by the pond.

## Summer fair
"""


def _read_markdown(tmp_path: Path, text: str) -> Pack:
    path = tmp_path / "agenda.md"
    path.write_text(text, encoding="utf-8")
    return read_file(path)


def test_headings_under_an_agenda_heading_are_unnumbered_items(tmp_path: Path) -> None:
    read = _read_markdown(tmp_path, _HEADED_UNDER_AGENDA)
    assert [(item.number, item.title) for item in read.agenda] == [
        (None, "Chair's welcome"),
        (None, "Notes of the March meeting"),
        (None, "Water troughs"),
    ]
    assert "no agenda items found" not in read.warnings


def test_same_level_headings_below_the_title_are_items(tmp_path: Path) -> None:
    read = _read_markdown(tmp_path, _HEADED_UNDER_TITLE)
    assert [(item.number, item.title) for item in read.agenda] == [
        (None, "Introductions"),
        (None, "Bench restoration"),
        (None, "Summer fair"),
    ]


def test_numbered_headings_keep_their_numbers(tmp_path: Path) -> None:
    text = _HEADED_UNDER_AGENDA.replace("### Chair's", "### 1. Chair's")
    text = text.replace("### Notes", "### 2. Notes").replace("### Water", "### 3. Water")
    read = _read_markdown(tmp_path, text)
    assert [(item.number, item.title) for item in read.agenda] == [
        ("1", "Chair's welcome"),
        ("2", "Notes of the March meeting"),
        ("3", "Water troughs"),
    ]


def test_item_headings_become_bullets_and_paragraphs_stay() -> None:
    text = markdown_text(_HEADED_UNDER_AGENDA)
    assert "- Notes of the March meeting\n\nTo agree the notes as a true record." in text
    assert "## Agenda" in text  # the agenda heading itself is not an item
    assert "## Any other business" in text  # back at the agenda's level: not under it


def test_headings_that_read_as_prose_are_not_items() -> None:
    text = "# Newsletter\n\n## What happened this spring in the park and around the village.\n"
    text += "\n## Why we need more volunteers to help with the fair this year?\n"
    assert markdown_text(text) == text


def test_sections_after_an_attendance_list_are_not_items(tmp_path: Path) -> None:
    text = (
        "# Residents' association, 2 May 2024\n\nMembers present were:\n\n- Ann Dale\n"
        "- Raj Mehta\n\n## Treasury\n\nBalance unchanged.\n\n## Street lighting\n\n## Hall hire\n"
    )
    assert _read_markdown(tmp_path, text).agenda == []
