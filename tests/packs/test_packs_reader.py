"""The text reader, checked against what a clerk reads off the sample packs.

Expected values below come from reading the documents (copies in tests/fixtures/seeds), not from the
reader's output. Synthetic snippets cover layouts and hazards the samples do not.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.roles import Role
from packs import (
    AgendaItem,
    Pack,
    PackError,
    read_file,
    read_file_async,
    read_text,
    sample_path,
)
from packs.text import normalise
from tests.auxil.guards import does_not_hang

LONDON = ZoneInfo("Europe/London")
SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"
RUTLAND_2023 = SEEDS / "rutland-hwb-2023-10-10.txt"
LEICESTERSHIRE = SEEDS / "leicestershire-hwb-2023-10-31.txt"


def london(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def item(pack: Pack, number: str) -> AgendaItem:
    return next(entry for entry in pack.agenda if entry.number == number)


def member_roles(pack: Pack) -> dict[str, Role]:
    return {member.name: member.role for member in pack.members}


@pytest.fixture(scope="module")
def rutland_2023() -> Pack:
    return read_file(sample_path())


@pytest.fixture(scope="module")
def leicestershire() -> Pack:
    return read_file(LEICESTERSHIRE)


# --- Rutland, 10 October 2023 (the bundled sample) -------------------------------------


def test_bundled_sample_is_the_rutland_october_2023_pack() -> None:
    path = sample_path()
    assert path.name == "rutland-hwb-2023-10-10.txt"
    assert path.is_file()
    if RUTLAND_2023.exists():
        assert path.read_bytes() == RUTLAND_2023.read_bytes()


def test_unknown_sample_name_is_refused() -> None:
    with pytest.raises(PackError):
        sample_path("../pyproject.toml")
    with pytest.raises(PackError):
        sample_path("no-such-pack.txt")


def test_rutland_summons_gives_start_location_and_zoom_link(rutland_2023: Pack) -> None:
    meeting = rutland_2023.meeting
    assert meeting.start == london(2023, 10, 10, 14)
    assert meeting.start is not None and meeting.start.isoformat() == "2023-10-10T14:00:00+01:00"
    assert meeting.location == "Council Chamber, Catmose, Oakham, Rutland LE15 6HP"
    assert meeting.remote_link == "https://us06web.zoom.us/j/87586875196"


def test_rutland_shouted_body_name_is_title_cased(rutland_2023: Pack) -> None:
    assert rutland_2023.body == "Rutland Health and Wellbeing Board"
    assert rutland_2023.organisation == "Rutland County Council"
    assert rutland_2023.source == "rutland-hwb-2023-10-10.txt"


def test_rutland_agenda_keeps_printed_order_with_lettered_sub_items(rutland_2023: Pack) -> None:
    numbers = [entry.number for entry in rutland_2023.agenda]
    assert numbers == [
        "1", "2", "3", "4", "5", "6", "7", "8", "8A", "9", "10", "10A", "10B", "10C",
        "11", "12", "13", "14", "15",
    ]  # fmt: skip


def test_rutland_agenda_ignores_actions_table_and_minutes_numbering(rutland_2023: Pack) -> None:
    titles = [entry.title for entry in rutland_2023.agenda]
    assert not any("Mark Young" in title for title in titles)
    assert "ELECTION OF VICE CHAIR" not in titles  # item 8 of the June minutes
    assert item(rutland_2023, "15").title == "DATE OF NEXT MEETING"


def test_rutland_item_10_reads_report_pages_timing_purpose_and_presenter(
    rutland_2023: Pack,
) -> None:
    strategy = item(rutland_2023, "10")
    assert strategy.title == "JOINT HEALTH AND WELLBEING STRATEGY: UPDATE"
    assert strategy.report_number == "148/2023"
    assert strategy.pages == (19, 82)
    assert strategy.duration_minutes == 10
    assert strategy.purpose == "information"
    assert strategy.presenter == "Katherine Willison"
    assert strategy.presenter_role == "Health and Integration Lead, Rutland County Council"
    assert strategy.exempt is False


def test_rutland_sub_items_carry_their_own_details(rutland_2023: Pack) -> None:
    health_plan = item(rutland_2023, "8A")
    assert health_plan.title == "RUTLAND HEALTH PLAN: UPDATE"
    assert health_plan.presenter == "Debra Mitchell"
    assert health_plan.duration_minutes == 30
    assert health_plan.purpose == "discussion"
    assert health_plan.pages is None
    mental_health = item(rutland_2023, "10C")
    assert mental_health.report_number == "149/2023"
    assert mental_health.pages == (123, 136)
    assert mental_health.purpose == "approval"
    assert mental_health.presenter == "Emma Jane Hollands"
    assert item(rutland_2023, "12").purpose == "review"
    assert item(rutland_2023, "2").pages == (7, 18)


def test_rutland_item_allowing_thirty_minutes_for_questions_has_no_printed_timing(
    rutland_2023: Pack,
) -> None:
    assert item(rutland_2023, "5").duration_minutes is None


def test_rutland_next_meeting_is_in_january_in_gmt(rutland_2023: Pack) -> None:
    assert rutland_2023.next_meeting is not None
    start = rutland_2023.next_meeting.start
    assert start == london(2024, 1, 16, 14)
    assert start is not None and start.isoformat() == "2024-01-16T14:00:00+00:00"


def test_rutland_members_have_roles_and_names_without_honorifics(rutland_2023: Pack) -> None:
    roles = member_roles(rutland_2023)
    assert len(rutland_2023.members) == 22
    assert roles["Diane Ellison"] == "chair"
    assert roles["Mike Sandys"] == "vice-chair"
    assert roles["Janet Underwood"] == "member"  # her title says "Chair, Healthwatch Rutland"
    assert roles["Liam Palmer"] == "member"
    assert roles["Adrian Allen"] == "officer"
    assert roles["Susan-Louise Hope"] == "officer"
    assert roles["Angela Hillery"] == "for-information"
    assert sum(role == "officer" for role in roles.values()) == 8
    chair = rutland_2023.members[0]
    assert chair.title == "Portfolio Holder for Adult Care and Health, RCC"
    assert not any("(" in name or "CHAIR" in name for name in roles)


def test_members_carry_core_roles_and_the_json_plain_strings(rutland_2023: Pack) -> None:
    # The reader hands storage core's Role; SCHEMA.md's JSON keeps the bare role names.
    assert all(isinstance(member.role, Role) for member in rutland_2023.members)
    written = rutland_2023.to_json()["members"]
    assert {type(member["role"]) for member in written} == {str}
    assert {member["role"] for member in written} == {
        "chair", "vice-chair", "member", "officer", "for-information"
    }  # fmt: skip


def test_rutland_previous_meeting_attendance_is_read_from_the_minutes(
    rutland_2023: Pack,
) -> None:
    previous = rutland_2023.previous_meeting
    assert previous is not None
    assert previous.date == date(2023, 6, 27)
    assert previous.apologies == ["Duncan Furey", "Louise Platt"]
    assert previous.present[0] == "Diane Ellison"
    assert "Raymond Payne" in previous.present
    assert "Liam Palmer" not in previous.present  # recorded as absent


def test_rutland_pack_serialises_to_the_schema_shape(rutland_2023: Pack) -> None:
    data = rutland_2023.to_json()
    assert data["meeting"]["start"] == "2023-10-10T14:00:00+01:00"
    assert data["next_meeting"]["start"] == "2024-01-16T14:00:00+00:00"
    assert data["agenda"][10]["pages"] == [19, 82]
    assert isinstance(data["warnings"], list)


# --- Leicestershire, 31 October 2023: a table-layout agenda ---------------------------


def test_leicestershire_header_fields_give_start_and_location(leicestershire: Pack) -> None:
    start = leicestershire.meeting.start
    assert start == london(2023, 10, 31, 14)
    assert start is not None and start.utcoffset() is not None
    assert start.isoformat() == "2023-10-31T14:00:00+00:00"
    assert leicestershire.meeting.location == "Sparkenhoe Committee Room, County Hall, Glenfield"
    assert leicestershire.meeting.remote_link is None


def test_leicestershire_organisation_is_inferred_and_body_qualified(
    leicestershire: Pack,
) -> None:
    assert leicestershire.organisation == "Leicestershire County Council"
    assert leicestershire.body == "Leicestershire Health and Wellbeing Board"


def test_leicestershire_table_agenda_has_fifteen_items(leicestershire: Pack) -> None:
    assert [entry.number for entry in leicestershire.agenda] == [str(n) for n in range(1, 16)]
    assert item(leicestershire, "1").pages == (3, 12)
    governance = item(leicestershire, "5")
    assert governance.title == "Health and Wellbeing Board Governance"
    assert governance.presenter is None
    assert governance.presenter_role == "Chief Executive"
    assert governance.pages == (13, 14)


def test_leicestershire_row_broken_by_a_page_break_is_reassembled(leicestershire: Pack) -> None:
    plans = item(leicestershire, "6")
    assert plans.title == "Progress Report on Community Health and Wellbeing Plans"
    assert plans.presenter_role == "Integrated Care Board"
    assert plans.presenter is None
    assert plans.pages == (15, 126)
    assert item(leicestershire, "7").title == "Better Care Fund - Quarter 2 Report"
    assert "item 6: title reassembled across a page break" in leicestershire.warnings


def test_leicestershire_presenter_named_only_in_the_title(leicestershire: Pack) -> None:
    # "4. Position Statement by the Chairman." has no "Report by" cell
    statement = item(leicestershire, "4")
    assert (statement.presenter, statement.presenter_role) == (None, "Chairman")


def test_leicestershire_minutes_items_are_not_agenda_items(leicestershire: Pack) -> None:
    titles = {entry.title for entry in leicestershire.agenda}
    assert "Appointment of Chairman" not in titles
    assert item(leicestershire, "15").title == (
        "Any other items which the Chairman has decided to take as urgent"
    )


def test_leicestershire_next_meeting_from_text_under_the_item(leicestershire: Pack) -> None:
    assert leicestershire.next_meeting is not None
    assert leicestershire.next_meeting.start == london(2023, 12, 7, 14)


def test_leicestershire_membership_grid_strips_honorifics_and_post_nominals(
    leicestershire: Pack,
) -> None:
    roles = member_roles(leicestershire)
    assert len(leicestershire.members) == 20
    assert roles["H. L. Richardson"] == "chair"
    assert roles["J. Kaufman"] == "member"
    assert roles["C. M. Radford"] == "member"
    assert roles["Cheryl Cashmore"] == "member"
    assert roles["Nikhil Mahatma"] == "member"
    assert roles["Edd de Coverly"] == "member"


def test_leicestershire_previous_meeting_apologies_from_a_run_on_list(
    leicestershire: Pack,
) -> None:
    previous = leicestershire.previous_meeting
    assert previous is not None
    assert previous.date == date(2023, 5, 25)
    assert previous.apologies == ["Edd de Coverly", "John Sinnott", "Andy Williams", "Rachna Vyas"]
    assert "Cheryl Cashmore" in previous.present


def test_rutland_2016_agenda_stops_before_proposed_items_for_the_next_meeting() -> None:
    pack = read_file(SEEDS / "rutland-hwb-2016-09-27.txt")
    assert pack.meeting.start == london(2016, 9, 27, 14)
    assert pack.body == "Rutland Health and Wellbeing Board"  # printed as "HEALTH AND ..."
    assert len(pack.agenda) == 11
    assert pack.agenda[-1].title == "DATE OF NEXT MEETING"
    assert item(pack, "5").report_number == "186/2016"
    assert item(pack, "5").pages == (5, 28)
    assert item(pack, "7").report_number == "185/2016"
    assert pack.next_meeting is not None
    assert pack.next_meeting.start == london(2016, 11, 29, 14)
    assert pack.next_meeting.location == "Council Chamber, Catmose"
    roles = member_roles(pack)
    assert roles["T King"] == "chair"
    assert roles["R Clifton"] == "vice-chair"
    assert roles["Gavid Drummond"] == "member"
    assert len(pack.members) == 15


def test_rutland_2017_chair_marker_from_second_distribution_list() -> None:
    pack = read_file(SEEDS / "rutland-hwb-2017-06-30.txt")
    assert pack.meeting.start == london(2017, 6, 30, 14)
    assert len(pack.agenda) == 10
    assert item(pack, "6").presenter == "Mike Sandys"
    assert item(pack, "6").presenter_role == "Director of Public Health"
    assert pack.next_meeting is not None
    assert pack.next_meeting.start == london(2017, 9, 26, 14)
    roles = member_roles(pack)
    assert len(pack.members) == 18
    assert roles["Richard Clifton"] == "chair"
    assert roles["Andy Ker"] == "member"
    assert sum(role == "for-information" for role in roles.values()) == 5


def test_rutland_2020_next_meeting_to_be_confirmed_has_no_start() -> None:
    pack = read_file(SEEDS / "rutland-hwb-2020-03-03.txt")
    assert pack.meeting.start == london(2020, 3, 3, 14)
    assert len(pack.agenda) == 10
    assert pack.next_meeting is not None
    assert pack.next_meeting.start is None
    strategy = item(pack, "8")
    assert strategy.presenter is None
    assert strategy.presenter_role == "Director for Public Health"
    assert strategy.report_number == "52/2020"
    assert len(pack.members) == 15  # a markdown table
    assert member_roles(pack)["Siobhan Gorman"] == "member"  # printed "Insp. Siobhan Gorman"


# --- layouts and hazards the samples do not show --------------------------------------

MINIMAL = """\
Testshire Borough Council

A meeting of the AUDIT AND GOVERNANCE COMMITTEE will be held at the Guildhall, Testbury \
on Thursday, 18 th January 2024 commencing at 2pm.

AGENDA

1) APOLOGIES

2) FISH <b>& CHIPS

3) DATE OF NEXT MEETING

{next}
"""


def minimal(next_text: str = "Thursday, 21st March 2024 at 6.30 p.m.") -> Pack:
    return read_text(MINIMAL.format(next=next_text), source="minimal.txt")


def test_summons_with_at_place_spaced_ordinal_and_bare_pm_time() -> None:
    pack = minimal()
    assert pack.meeting.start == london(2024, 1, 18, 14)
    assert pack.meeting.location == "Guildhall, Testbury"
    assert pack.body == "Audit and Governance Committee"
    assert pack.organisation == "Testshire Borough Council"


def test_hostile_title_text_survives_as_text() -> None:
    assert item(minimal(), "2").title == "FISH <b>& CHIPS"


def test_next_meeting_time_with_dotted_pm_switches_to_bst() -> None:
    pack = minimal()
    assert pack.next_meeting is not None
    assert pack.next_meeting.start == london(2024, 3, 21, 18, 30)


def test_next_meeting_date_without_time_is_a_date_with_a_warning() -> None:
    # SCHEMA.md: a next meeting printed with a date and no time is a date ("2024-03-21").
    pack = minimal("Thursday, 21st March 2024")
    assert pack.next_meeting is not None
    assert pack.next_meeting.start is None
    assert pack.next_meeting.day == date(2024, 3, 21)
    assert pack.to_json()["next_meeting"]["start"] == "2024-03-21"
    assert any("no time printed" in warning for warning in pack.warnings)


def test_next_meeting_said_to_be_at_the_same_time_needs_no_warning() -> None:
    pack = minimal("Thursday, 21st March 2024, at the same time.")
    assert pack.next_meeting is not None
    assert pack.next_meeting.start == london(2024, 3, 21, 14)
    assert not any("no time printed" in warning for warning in pack.warnings)


def test_next_meeting_to_be_confirmed_has_null_start() -> None:
    pack = minimal("To be confirmed.")
    assert pack.next_meeting is not None
    assert pack.next_meeting.start is None


HEADER_STYLE = """\
Public Document Pack

Cabinet

Date:\tWednesday, 6 March 2024
Time:\t14:00
Venue:\tCouncil Chamber, Civic Centre
Contact:\tdemocratic.services@northshire.gov.uk

Membership: Councillors A Smith (Chair), B Jones (Vice-Chair), C Brown and D Green

AGENDA

1.\tApologies for Absence

2.\tMinutes\t(Pages 5 - 10)
\tTo confirm the minutes of the meeting held on 7 February 2024.

3.\tBudget Monitoring\tDirector of Finance\t(Pages 11 -



\t\t\t30)

4.\tExclusion of the Press and Public
\tTo resolve that the public be excluded for the following item as it involves exempt \
information.

5.\tWaste Contract Award\t(Pages 31 - 40)

Agenda Item 2

Minutes of the Cabinet held on 7 February 2024
Present: Councillors A Smith (Chair) and B Jones
1. Apologies
Apologies were received from Councillor Green.
"""


def test_header_fields_with_twenty_four_hour_time_and_bare_body_line() -> None:
    pack = read_text(HEADER_STYLE, source="cabinet.txt")
    assert pack.meeting.start == london(2024, 3, 6, 14)
    assert pack.meeting.location == "Council Chamber, Civic Centre"
    assert pack.body == "Cabinet"
    assert pack.organisation is None  # nothing in the pack names the council
    assert any("organisation" in warning for warning in pack.warnings)


def test_table_agenda_with_description_rows_and_split_page_range() -> None:
    pack = read_text(HEADER_STYLE, source="cabinet.txt")
    assert [entry.number for entry in pack.agenda] == ["1", "2", "3", "4", "5"]
    assert item(pack, "2").title == "Minutes"
    assert item(pack, "2").pages == (5, 10)
    budget = item(pack, "3")
    assert budget.title == "Budget Monitoring"
    assert budget.presenter_role == "Director of Finance"
    assert budget.pages == (11, 30)


def test_items_after_an_exclusion_resolution_are_exempt() -> None:
    pack = read_text(HEADER_STYLE, source="cabinet.txt")
    assert [entry.exempt for entry in pack.agenda] == [False, False, False, False, True]


def test_run_on_membership_list_gives_chair_and_vice_chair() -> None:
    pack = read_text(HEADER_STYLE, source="cabinet.txt")
    assert [(m.name, m.role) for m in pack.members] == [
        ("A Smith", "chair"),
        ("B Jones", "vice-chair"),
        ("C Brown", "member"),
        ("D Green", "member"),
    ]


EXEMPT_HEADING = """\
A meeting of the LICENSING PANEL will be held in Room 1, Town Hall on 5 June 2024 at 10am.

A G E N D A

1) MINUTES

2) TAXI POLICY

---oOo---

EXEMPT INFORMATION

It is recommended that members of the public be excluded from the meeting.

3) LICENCE REVIEW

4) APPEAL
"""


def test_items_under_an_exempt_information_heading_are_exempt() -> None:
    pack = read_text(EXEMPT_HEADING, source="panel.txt")
    assert pack.meeting.start == london(2024, 6, 5, 10)
    assert [(entry.number, entry.exempt) for entry in pack.agenda] == [
        ("1", False),
        ("2", False),
        ("3", True),
        ("4", True),
    ]


EXEMPT_THEN_PUBLIC = """\
A meeting of the CABINET will be held in the Council Chamber, Town Hall on Monday, \
4 March 2024 at 7.00 pm.

AGENDA

1) APOLOGIES

2) BUDGET 2024/25

PART II - PRIVATE AND CONFIDENTIAL

The press and public are likely to be excluded for the following items.

3) LAND DISPOSAL

4) STAFFING RESTRUCTURE

5) DATE OF NEXT MEETING

Monday, 15 April 2024 at 7.00 pm.
"""


def test_exempt_section_marks_only_its_items_and_next_meeting_stays_public() -> None:
    pack = read_text(EXEMPT_THEN_PUBLIC, source="cabinet.txt")
    assert [(entry.number, entry.exempt) for entry in pack.agenda] == [
        ("1", False),
        ("2", False),
        ("3", True),
        ("4", True),
        ("5", False),
    ]
    assert pack.next_meeting is not None
    assert pack.next_meeting.start == london(2024, 4, 15, 19)


GAP_IN_NUMBERING = """\
NHS Northshire Integrated Care Board

Meeting of the Board in Public

Date: Thursday 2 November 2023
Time: 09:30
Venue: Boardroom, Pacific House, Northtown

AGENDA

1. Welcome and Apologies
2. Chair's Announcements
3. Report of the Chief Executive
4. Quality Report
6. Finance Report
7. Questions from the Public
8. Date of Next Meeting
Thursday 4 January 2024 at 09:30

Agenda Item 1
"""


def test_misprinted_gap_of_one_in_the_numbering_does_not_end_the_agenda() -> None:
    pack = read_text(GAP_IN_NUMBERING, source="icb.txt")
    assert [entry.number for entry in pack.agenda] == ["1", "2", "3", "4", "6", "7", "8"]
    assert "agenda numbering jumps from 4 to 6; item 6 read as the next item" in pack.warnings
    assert pack.next_meeting is not None
    assert pack.next_meeting.start == london(2024, 1, 4, 9, 30)


def test_numbered_rows_under_an_item_do_not_bridge_a_gap() -> None:
    text = GAP_IN_NUMBERING.replace(
        "4. Quality Report\n", "4. Quality Report\n1) Falls\n2) Infections\n"
    )
    pack = read_text(text, source="icb.txt")
    assert [entry.number for entry in pack.agenda] == ["1", "2", "3", "4"]


def test_nhs_letterhead_is_the_publishing_organisation() -> None:
    pack = read_text(GAP_IN_NUMBERING, source="icb.txt")
    assert pack.organisation == "NHS Northshire Integrated Care Board"


def test_presenter_in_a_possessive_or_by_title() -> None:
    pack = read_text(GAP_IN_NUMBERING, source="icb.txt")
    assert item(pack, "2").presenter_role == "Chair"  # "Chair's Announcements"
    assert item(pack, "3").presenter_role == "Chief Executive"  # "Report of the Chief Executive"
    assert item(pack, "4").presenter_role is None  # "Quality Report" names nobody


def test_council_letterhead_is_not_the_body_when_a_board_is_named() -> None:
    text = (
        "Westshire Council\n\nHEALTH AND WELLBEING BOARD\n\nDate: Thursday, 18 January 2024\n"
        "Time: 2.00 pm\nVenue: The Guildhall\n\nAGENDA\n\n1. Apologies\n2. Minutes\n"
    )
    pack = read_text(text, source="westshire.txt")
    assert pack.body == "Health and Wellbeing Board"
    assert pack.organisation == "Westshire Council"


BOARD_TABLE = """\
Meeting of the Board in Public

Date: Thursday 2 November 2023
Time: 09:30 - 12:30
Venue: Boardroom, Pacific House, Northtown
Join via MS Teams: https://teams.microsoft.com/l/meetup-join/xyz

AGENDA

Item\tTime\tSubject\tLead\tPurpose\tPaper
1.\t09:30\tWelcome and apologies\tChair\tInformation\tVerbal
2.\t09:40\tMinutes of the meeting held on 7 September 2023\tChair\tApproval\tA
3.\t09:45\tChief Executive's Report\tJane Doe, Chief Executive\tInformation\tB
4.\t10:15\tQuality and Safety Report\tDr John Roe\tAssurance\tC

Date of next meeting: Thursday 4 January at 09:30

Agenda Item 2
"""


def test_table_agenda_with_time_slot_lead_and_purpose_columns() -> None:
    pack = read_text(BOARD_TABLE, source="board.txt")
    assert pack.meeting.start == london(2023, 11, 2, 9, 30)
    assert pack.meeting.remote_link == "https://teams.microsoft.com/l/meetup-join/xyz"
    assert [entry.title for entry in pack.agenda] == [
        "Welcome and apologies",
        "Minutes of the meeting held on 7 September 2023",
        "Chief Executive's Report",
        "Quality and Safety Report",
    ]
    assert [entry.purpose for entry in pack.agenda] == [
        "information", "approval", "information", "assurance",
    ]  # fmt: skip
    welcome, _, report, quality = pack.agenda
    assert (welcome.presenter, welcome.presenter_role) == (None, "Chair")
    assert (report.presenter, report.presenter_role) == ("Jane Doe", "Chief Executive")
    assert (quality.presenter, quality.presenter_role) == ("John Roe", None)


def test_next_meeting_printed_without_a_year_is_placed_after_this_meeting() -> None:
    pack = read_text(BOARD_TABLE, source="board.txt")
    assert pack.next_meeting is not None
    assert pack.next_meeting.start == london(2024, 1, 4, 9, 30)
    assert any("without a year" in warning for warning in pack.warnings)


def test_normalisation_strips_markup_and_repairs_lookalike_letters() -> None:
    text = (
        "**Tuesday, 10 th October**\n"
        "\u041ceeting of the b\u043eard <i>today</i>\n"
        "Join: <https://zoom.us/j/1>\n"
        "see [Procedure Rule 73](#)\n"
        "| 1 | Cllr A Smith | Council |\n"
        "|---|---|---|"
    )
    assert normalise(text).split("\n") == [
        "Tuesday, 10th October",
        "Meeting of the board today",
        "Join: https://zoom.us/j/1",
        "see Procedure Rule 73",
        "1\tCllr A Smith\tCouncil",
    ]


# --- refusing what is not a pack ------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\t\n", "**", "| | |"])
def test_empty_text_is_refused(text: str) -> None:
    with pytest.raises(PackError):
        read_text(text, source="empty.txt")


def test_prose_with_text_is_read_with_warnings_not_refused() -> None:
    prose = (
        "It was a bright cold day in April, and the clocks were striking thirteen.\n\n"
        "1. Winston Smith, his chin nuzzled into his breast, slipped quickly through the "
        "glass doors of Victory Mansions on 4 April 1984."
    )
    pack = read_text(prose, source="novel.txt")
    assert pack.meeting.start is None and pack.body is None
    assert "no meeting date found" in pack.warnings
    assert "name of the board not found" in pack.warnings


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(PackError, match="empty"):
        read_file(path)


@pytest.mark.parametrize(
    "payload", [b"\x00\x01\x02\x03binary\x00" * 50, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"]
)
def test_binary_file_is_refused(tmp_path: Path, payload: bytes) -> None:
    path = tmp_path / "pack.txt"
    path.write_bytes(payload)
    with pytest.raises(PackError):
        read_file(path)


def test_missing_file_is_refused_with_pack_error(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="cannot read"):
        read_file(tmp_path / "absent.txt")


def test_windows_1252_file_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.txt"
    text = MINIMAL.format(next="To be confirmed.").replace("FISH", "FISH \u2013 CAF\u00c9")
    path.write_bytes(text.encode("cp1252"))
    assert item(read_file(path), "2").title == "FISH \u2013 CAF\u00c9 <b>& CHIPS"


async def test_async_reader_gives_the_same_pack(rutland_2023: Pack) -> None:
    pack = await read_file_async(sample_path(), zone=LONDON)
    assert pack == rutland_2023


@pytest.mark.parametrize(
    "text",
    [
        "1" + "," * 100_000 + "x",
        "<b>" * 50_000,
        "(Pages 1 - " * 20_000,
        "Mr " * 50_000 + "Smith",
        "A meeting of the " + "BOARD " * 30_000 + "will be held",
        "10th October 2023 at " * 10_000,
        "<!--" * 50_000,
        "meeting of the " * 10_000,
    ],
)
def test_adversarial_text_is_read_without_hanging(text: str) -> None:
    with does_not_hang():
        try:
            pack = read_text(text, source="hostile.txt")
        except PackError as error:  # only when nothing is left once markup is removed
            assert "empty" in str(error)
            return
    assert pack.warnings  # never a confident reading of hostile text


_FUZZ_TOKENS = [
    *"0123456789 \t\n.,:;()-\u2013|*<>/&abcpmAMPxyz",
    "Pages ", "October ", "2023", "AGENDA\n", "1) ", "2) ", "3.\t", "A. ", "Cllr ", " at ",
    "meeting of the ", " will be held ", "(Chair)", "DISTRIBUTION\n", "\u041c", "2.00 pm",
    "Minutes of ", "PRESENT\n", "next meeting ", "<b>", "</b>", "**", "\t(Pages 1 -\n",
]  # fmt: skip


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_FUZZ_TOKENS), max_size=150).map("".join))
def test_any_text_gives_a_pack_or_a_pack_error(text: str) -> None:
    try:
        pack = read_text(text, source="fuzz.txt")
    except PackError:
        return
    assert pack.meeting.start is None or pack.meeting.start.tzinfo is not None
