"""Minutes in the variants real bodies print: numbering that skips or carries the year,
apologies in their common wordings, undated minutes, and two-column minutes whose tabs an
export turned into spaces.

Each input is a short synthetic document in the layout of a family the corpus shows
(community-council and parish minutes, Scottish two-column minutes).
"""

from __future__ import annotations

from datetime import date

import pytest

from packs import Pack, read_text
from packs.dates import date_in_name
from packs.text import normalise

PARISH_HEAD = (
    "OAKFORD PARISH COUNCIL\n"
    "Minutes of the Parish Council Meeting held on Tuesday 8 October 2024 at 7.30pm "
    "in the Village Hall\n\n"
    "Present: Cllr P. Green (Chair), Cllr R. White, Cllr S. Black\n\n"
)


def minutes(text: str, source: str = "minutes.txt") -> Pack:
    pack = read_text(text, source=source)
    assert pack.kind == "minutes"
    return pack


def resolution_items(pack: Pack) -> list[str | None]:
    return [resolution.item for resolution in pack.resolutions]


def action_refs(pack: Pack) -> list[str | None]:
    return [action.ref for action in pack.actions]


# --- A. minute numbering ---------------------------------------------------------------


def test_a_space_before_the_tab_does_not_lose_the_minute() -> None:
    # community-council minutes (Wye Valley): "3774. <TAB>To approve ..."
    pack = minutes(
        "Present: Cllrs Smith, Jones & the Clerk.\n\n"
        "3772.\tMatters Arising:  None.\n\n"
        "3773.\tTo receive Financial Report:   Current A/C £3,254.74.\n\n"
        "3774. \tTo approve accounts for payment:  All approved for payment.\n\n"
        "3775.\tPlanning:  None.\n\n"
        "3776.\tReports:  Clerk to write to MCC.\n"
    )
    assert resolution_items(pack) == ["3774"]
    assert action_refs(pack) == ["3776"]


def test_a_skipped_minute_number_does_not_stop_the_numbering() -> None:
    pack = minutes(
        PARISH_HEAD + "01. Apologies for absence\nNone.\n\n"
        "02. Declarations of interest\nNone.\n\n"
        "03. Minutes\nRESOLVED: that the minutes of the last meeting be approved.\n\n"
        "05. Finance\nRESOLVED: to approve the payments listed.\n"
        "ACTION: Clerk to arrange payment.\n\n"
        "06. Date of next meeting\nTuesday 12 November 2024 at 7.30pm.\n"
    )
    assert resolution_items(pack) == ["03", "05"]
    assert action_refs(pack) == ["05"]


def test_a_wild_jump_is_not_a_minute() -> None:
    # a numbered line far above the last minute is an amount or a page number
    pack = minutes(
        PARISH_HEAD + "1. Apologies for absence\nNone.\n\n"
        "2. Planning\n40. Residents objected to the application.\n"
        "RESOLVED: to object to the application.\n\n"
        "3. Date of next meeting\nTuesday 12 November 2024 at 7.30pm.\n"
    )
    assert resolution_items(pack) == ["2"]


@pytest.mark.parametrize(
    ("numbers", "expected"),
    [
        (("24/101", "24/102", "24/103", "24/105"), ["24/103", "24/105"]),  # year/minute
        (("101/24", "102/24", "103/24", "105/24"), ["103/24", "105/24"]),  # minute/year
        (("12/24", "13/24", "14/24", "15/24"), ["14/24", "15/24"]),  # both two-digit
    ],
)
def test_a_minute_numbered_with_the_year_keeps_its_printed_number(
    numbers: tuple[str, str, str, str], expected: list[str]
) -> None:
    # parish minutes: "24/101 Apologies for absence"
    first, second, third, fourth = numbers
    pack = minutes(
        PARISH_HEAD + f"{first} Apologies for absence\nNone.\n\n"
        f"{second} Declarations of interest\nNone.\n\n"
        f"{third} Minutes\nRESOLVED: that the minutes of the last meeting be approved.\n\n"
        f"{fourth} Finance\nRESOLVED: to approve the payments listed.\n"
        "ACTION: Clerk to arrange payment.\n"
    )
    assert resolution_items(pack) == expected
    assert action_refs(pack) == [fourth]


# --- B. apologies ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "1. Apologies for absence\n"
            "Apologies were received from Cllr K. Gray and Cllr L. Blue.\n\n",
            ["K. Gray", "L. Blue"],
        ),
        (
            "1. Apologies\nApologies received from Cllr Ashman and Cllr Brown.\n\n",
            ["Ashman", "Brown"],
        ),
        (
            "1.\tApologies:  Apologies received from Cllr Ashman and Cllr Brown.\n\n",
            ["Ashman", "Brown"],
        ),
        (
            "1. Apologies for absence\nApologies for absence were received and accepted "
            "from Cllr Ashman and Mrs J. Brown.\n\n",
            ["Ashman", "J. Brown"],
        ),
        ("1. Apologies for absence\nCllr K. Gray and Cllr L. Blue.\n\n", ["K. Gray", "L. Blue"]),
        ("1. Apologies for absence\nNo apologies were received.\n\n", []),
        ("1. Apologies for absence\nNone.\n\n", []),
    ],
)
def test_apologies_in_the_wordings_minutes_use(body: str, expected: list[str]) -> None:
    pack = minutes(PARISH_HEAD + body + "2. Declarations of interest\nNone.\n")
    assert pack.previous_meeting is not None
    assert pack.previous_meeting.apologies == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ("Apologies for absence\nCllr K. Gray and Cllr L. Blue.\n", ["K. Gray", "L. Blue"]),
        ("Apologies: None\n", []),
    ],
)
def test_apologies_listed_under_the_attendance(lines: str, expected: list[str]) -> None:
    pack = minutes(PARISH_HEAD.rstrip("\n") + "\n" + lines + "\n1. Planning\nNone.\n")
    assert pack.previous_meeting is not None
    assert pack.previous_meeting.apologies == expected


# --- C. dates of undated minutes -------------------------------------------------------

UNDATED = (
    "Present: Cllrs Smith, Jones & the Clerk.\n\n"
    "3782.\tMatters Arising:  None.\n\n"
    "3783.\tPlanning:  None.\n\n"
    "3784.\tAny Other Business:  Delivery group next meeting 20/11/2024.\n\n"
    "3785.\tDate of next meeting:  28th October.\n"
)


def test_a_date_in_the_body_is_not_the_date_of_the_minuted_meeting() -> None:
    pack = minutes(UNDATED)
    assert pack.previous_meeting is not None
    assert pack.previous_meeting.date is None
    assert "no date found for the meeting these minutes record" in pack.warnings


def test_undated_minutes_take_the_year_of_the_next_meeting_from_the_file_name() -> None:
    pack = minutes(UNDATED, source="wye-valley-minutes-30.09.24.txt")
    assert pack.next_meeting is not None
    assert pack.next_meeting.day == date(2024, 10, 28)


@pytest.mark.parametrize(
    ("name", "day_first", "expected"),
    [
        ("Minutes 30.09.24.docx", True, date(2024, 9, 30)),
        ("minutes_30-09-2024.pdf", True, date(2024, 9, 30)),
        ("minutes-2024-09-30.txt", True, date(2024, 9, 30)),
        ("Minutes 30 September 2024.pdf", True, date(2024, 9, 30)),
        ("minutes-03.04.24", True, date(2024, 4, 3)),
        ("minutes-03.04.24", False, date(2024, 3, 4)),
        ("agenda-item-12345678.pdf", True, None),
        ("minutes.pdf", True, None),
    ],
)
def test_dates_in_file_names_as_clerks_write_them(
    name: str, day_first: bool, expected: date | None
) -> None:
    assert date_in_name(name, day_first) == expected


# --- E. two-column minutes exported with spaces ----------------------------------------

TWO_COLUMNS = (
    "Ayton Community Council\n\n"
    "Minutes of a Meeting held on Tuesday 1 October 2019\n"
    "at 7.00pm in Ayton Community Hall\n\n"
    "Present: Catherine Chisholm{gap}CC{gap}Kenny Combe{gap}KC\n"
    "{gap}Isabel Kellie{gap}IK{gap}Dick Noble{gap}DN\n\n"
    "Items{gap}Action\n\n"
    "1. Apologies for Absence\n"
    "Apologies for absence were received from Margaret Carey.\n\n"
    "2. Matters Arising\n"
    "\u2022 Defibrillator - funding proposal still to be drawn up.{gap}DN/IK\n"
    "\u2022 Parking - it was agreed to adopt an informal approach to this matter.{gap}KC\n"
)


@pytest.mark.parametrize("gap", ["\t", "   ", "  "], ids=["tabs", "three spaces", "two spaces"])
def test_two_column_minutes_with_their_tabs_turned_into_spaces(gap: str) -> None:
    pack = minutes(TWO_COLUMNS.format(gap=gap))
    assert pack.previous_meeting is not None
    assert pack.previous_meeting.present == [
        "Catherine Chisholm",
        "Kenny Combe",
        "Isabel Kellie",
        "Dick Noble",
    ]
    assert [(action.ref, action.owner) for action in pack.actions] == [
        ("2", "Dick Noble and Isabel Kellie"),
        ("2", "Kenny Combe"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "It was agreed.  The Clerk will write to the council.",  # sentences, two spaces apart
        "3783.   Correspondence",  # an item number, then its title
        "Subject to a revised layout.   They feel the bench would be better elsewhere.",
    ],
)
def test_spaces_that_are_not_columns_stay_spaces(line: str) -> None:
    assert "\t" not in normalise(line)


def test_spaced_columns_become_cells() -> None:
    assert normalise("Catherine Chisholm   CC   Kenny Combe   KC") == (
        "Catherine Chisholm\tCC\tKenny Combe\tKC"
    )
    assert normalise("down to the village.  GD/IK") == "down to the village.\tGD/IK"
