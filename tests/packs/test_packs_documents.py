"""Every kind of meeting document: minutes alone, notices, agendas without a summons.

Texts here are written in the layouts of real families (community-council minutes, US
roll-call minutes, NHS board attendance rows, foundation minutes in markdown, US notices
of adjournment); the corpus files themselves are read at the end.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from packs import PackError, read_file, read_text

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def test_text_with_no_meeting_date_is_read_with_a_warning() -> None:
    pack = read_text("GARDEN CLUB\n\nSome notes about roses and their pruning.", source="x.txt")
    assert pack.meeting.start is None
    assert "no meeting date found" in pack.warnings
    assert "no agenda items found" in pack.warnings


def test_only_text_without_words_is_refused() -> None:
    with pytest.raises(PackError, match="empty"):
        read_text("\n \t\n", source="blank.txt")


COMMUNITY_MINUTES = (
    "LLANFAIR COMMUNITY COUNCIL\n\n"
    "Minutes of a meeting of the above Council held in the Village Hall on Monday 4th March "
    "2024 at 7.00pm.\n\n"
    "Present: Chairman Cllr Mrs Jones, Cllrs Pryce, Hughes & Siân Evans, County Cllr Webb and "
    "the Clerk. Members of the public - Mr A Brown.\n\n"
    """101. Police Report: Nothing to report.

102. Apologies for absence: Cllr Morgan who is unwell.

103. Declarations of interest: None.
"""
)


def test_community_council_minutes_alone() -> None:
    pack = read_text(COMMUNITY_MINUTES, source="minutes.txt")
    assert pack.kind == "minutes"
    assert pack.meeting.start is None and pack.agenda == []
    assert pack.previous_meeting is not None
    assert pack.previous_meeting.date == date(2024, 3, 4)
    assert pack.previous_meeting.present == [
        "Jones", "Pryce", "Hughes", "Siân Evans", "Webb", "the Clerk"
    ]  # fmt: skip
    assert pack.previous_meeting.apologies == ["Morgan"]
    assert pack.body == "Llanfair Community Council"
    assert pack.organisation is None  # the letterhead is the body itself


ROLL_CALL_MINUTES = """Planning Commission\tMarch 2, 2020 Minutes\tPage 1 of 2
SPRINGFIELD
PLANNING COMMISSION
REGULAR MEETING MINUTES
March 2, 2020, 7:00 p.m.

1.\tCALL TO ORDER AND ROLL CALL
\tThe meeting was called to order at 7:02 p.m.
Attendee Name\tTitle\tStatus\tArrived
\tAnna Lee\tCommissioner\tLate\t7:08 p.m.
\tBrian Holt\tChair\tPresent
\tCarla Diaz\tCommissioner\tAbsent
\tDev Shah\tCommissioner\tExcused

2.\tAPPROVAL OF THE AGENDA
\tRESULT:\tAPPROVED [UNANIMOUS]

The City of Springfield's rules apply.
"""


def test_us_roll_call_table_decides_who_was_present() -> None:
    pack = read_text(ROLL_CALL_MINUTES, source="minutes.pdf", zone=LOS_ANGELES)
    assert pack.kind == "minutes"
    assert pack.previous_meeting is not None
    assert pack.previous_meeting.date == date(2020, 3, 2)
    assert pack.previous_meeting.present == ["Anna Lee", "Brian Holt"]
    assert pack.previous_meeting.apologies == ["Dev Shah"]  # absent is not an apology
    assert pack.body == "Springfield Planning Commission"
    assert pack.organisation == "City of Springfield"


NHS_MINUTES = """Example Standards Board

Minutes of the meeting
Thursday 28 March 2019 \u2013 14:00-17:00

Attendees:
Mark Ward (MW) (Chair)\t\t-\tCardiff and Vale UHB
Ann Bevan (AB)\t\t-\tWelsh Government

Apologies:
Zo\u00eb Crowe (ZC)\t\t-\tSwansea University

e-Prescribing

MW said that prescribing was a foundation to many things.
"""


def test_attendance_rows_with_initials_and_organisations() -> None:
    pack = read_text(NHS_MINUTES, source="minutes.md")
    assert pack.kind == "minutes"
    assert pack.body == "Example Standards Board"
    assert pack.previous_meeting is not None
    assert pack.previous_meeting.date == date(2019, 3, 28)
    assert pack.previous_meeting.present == ["Mark Ward", "Ann Bevan"]
    assert pack.previous_meeting.apologies == ["Zoë Crowe"]


FOUNDATION_MINUTES = """---
---

XYZ Board monthly meeting, January 9, 2025

The meeting was led by Ada Byron.

Board members in attendance were:

- Ada Byron
- Grace Hopper

Also in attendance were:

- Alan Turing (Assistant to Treasurer)

Finances

Balance
"""


def test_bulleted_attendance_leaves_out_those_also_in_attendance() -> None:
    pack = read_text(FOUNDATION_MINUTES, source="minutes.md")
    assert pack.kind == "minutes"
    assert pack.body == "XYZ Board"
    assert pack.previous_meeting is not None
    assert pack.previous_meeting.date == date(2025, 1, 9)
    assert pack.previous_meeting.present == ["Ada Byron", "Grace Hopper"]


TWO_COLUMN_MINUTES = """Minutes of a Meeting held on Tuesday 1 October 2019
at 7.00pm in the Community Hall

Present: Catherine Chisholm\tCC\tKenny Combe\tKC
Jim Fullarton (SBC)\tJF\tIsabel Kellie\tIK
\tSarah Woodbury\tSW

The Meeting was Chaired by Kenny Combe.

1. Police Report
Nothing received.

2. Apologies for Absence
Apologies for absence were received from Margaret Carey and Tracey Dick.
"""


def test_two_column_present_list_with_initials() -> None:
    pack = read_text(TWO_COLUMN_MINUTES, source="minutes.pdf")
    assert pack.previous_meeting is not None
    assert pack.previous_meeting.present == [
        "Catherine Chisholm", "Kenny Combe", "Jim Fullarton", "Isabel Kellie", "Sarah Woodbury"
    ]  # fmt: skip
    assert pack.previous_meeting.apologies == ["Margaret Carey", "Tracey Dick"]


def test_notice_of_adjournment() -> None:
    text = (
        "NOTICE OF ADJOURNMENT OF REGULAR MEETING\n\n"
        "SPRINGFIELD PLANNING COMMISSION Thursday, December 8, 2022 \u2013 6:00 PM\n\n"
        "NOTICE IS HEREBY GIVEN that the Springfield Planning Commission Regular Meeting to be "
        "held on Thursday, December 8, 2022, at 6:00 p.m. has been adjourned to Thursday, "
        "January 12, 2023 at 6:00 p.m. due to a lack of a quorum. The meeting will be held at "
        "the City Hall Council Chambers, One Civic Center Drive, Springfield.\n"
    )
    pack = read_text(text, source="notice.pdf", zone=LOS_ANGELES)
    assert (pack.kind, pack.status) == ("notice", "adjourned")
    assert pack.body == "Springfield Planning Commission"
    assert pack.meeting.start is not None
    assert pack.meeting.start.isoformat() == "2022-12-08T18:00:00-08:00"
    assert pack.next_meeting is not None and pack.next_meeting.start is not None
    assert pack.next_meeting.start.isoformat() == "2023-01-12T18:00:00-08:00"
    assert pack.next_meeting.location is not None
    assert pack.next_meeting.location.startswith("City Hall Council Chambers")


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("The meeting of the Parish Council on 4 March 2024 will not take place.", "cancelled"),
        ("The Board meeting on 4 March 2024 has been cancelled.", "cancelled"),
        ("The Board meeting on 4 March 2024 has been postponed.", "adjourned"),
        ("The Board meeting on 4 March 2024 has been rescheduled to 11 March 2024.", "moved"),
    ],
)
def test_notices_that_a_meeting_will_not_go_ahead(sentence: str, status: str) -> None:
    pack = read_text(f"PARISH NEWS\n\n{sentence}\n", source="notice.txt")
    assert (pack.kind, pack.status) == ("notice", status)
    assert pack.agenda == []


def test_an_agenda_mentioning_a_postponed_item_is_still_an_agenda() -> None:
    text = (
        "A meeting of the CABINET will be held in the Council Chamber on Tuesday, 10 October "
        "2023 at 2.00 pm.\n\nAGENDA\n\n1) APOLOGIES\n\n2) BUDGET\nThe budget meeting has been "
        "postponed.\n\n3) ANY OTHER BUSINESS\n"
    )
    pack = read_text(text, source="agenda.txt")
    assert pack.kind == "agenda" and pack.status is None
    assert [item.number for item in pack.agenda] == ["1", "2", "3"]


def test_confirming_the_minutes_gives_the_previous_meeting_date() -> None:
    text = (
        "A meeting of the CABINET will be held in the Council Chamber on Tuesday, 10 March "
        "2020 at 2.00 pm.\n\nAGENDA\n\n1) APOLOGIES\n\n2) RECORD OF MEETING\nTo confirm the "
        "record of the meeting of the Cabinet held on 14 January (previously circulated).\n\n"
        "3) ANY OTHER BUSINESS\n"
    )
    pack = read_text(text, source="agenda.txt")
    assert pack.previous_meeting is not None
    assert pack.previous_meeting.date == date(2020, 1, 14)
    assert pack.previous_meeting.present == []


# --- the corpus documents of these kinds --------------------------------------------------


def test_corpus_adjournment_notice() -> None:
    pack = read_file(
        CORPUS / "la-canada-flintridge-planning-commission-adjournment-notice-2022-12-08.pdf",
        zone=LOS_ANGELES,
    )
    assert (pack.kind, pack.status) == ("notice", "adjourned")
    assert pack.body == "La Cañada Flintridge Planning Commission"


@pytest.mark.parametrize(
    ("name", "day", "present", "apologies"),
    [
        ("ayton-community-council-minutes-2019-10-01.pdf", date(2019, 10, 1), 9, 4),
        ("tintern-community-council-minutes-2018-10-29.pdf", date(2018, 10, 29), 9, 1),
        ("wye-valley-community-council-minutes-2024-09-30.txt", None, 8, 1),
        ("welsh-technical-standards-board-minutes-2019-03-28.md", date(2019, 3, 28), 8, 9),
        ("django-software-foundation-board-minutes-2025-01-09.md", date(2025, 1, 9), 7, 0),
        ("east-palo-alto-planning-commission-minutes-2020-01-27.pdf", date(2020, 1, 27), 7, 0),
        (
            "cssuob-computer-science-society-committee-minutes-2024-07-09.pdf",
            date(2024, 7, 9),
            6,
            6,
        ),
    ],
)
def test_corpus_minutes_alone(name: str, day: date | None, present: int, apologies: int) -> None:
    pack = read_file(CORPUS / name)
    assert pack.kind == "minutes"
    assert pack.meeting.start is None and pack.agenda == []
    assert pack.previous_meeting is not None
    assert pack.previous_meeting.date == day
    assert len(pack.previous_meeting.present) == present
    assert len(pack.previous_meeting.apologies) == apologies
