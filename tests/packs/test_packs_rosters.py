"""Rosters printed by office (US and Canadian agendas), and attendance lists that are not rosters.

A US agenda's front page names the body by office ("Mayor", "Mayor Pro Tem", "Councilmembers",
"President …", "…, Chair") with no "Membership" heading, often followed by the staff listed
with it ("Executive Team"); a roll-call item may name the members by office in capitals. None
of these is attendance. Minutes' "Present:" / "Attendees:" lists and roll calls with a status
are attendance and never a roster. The texts below are written for these tests in the shapes
those families print; the corpus documents are checked at the end.
"""

from __future__ import annotations

import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from core.roles import Role
from packs import read_file
from packs.members import read_appointed_members, read_members
from packs.names import name_case
from packs.text import normalise
from tests.auxil.guards import does_not_hang

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
EXPECTED = Path(__file__).parents[1] / "expected" / "corpus"


def front(text: str) -> list[tuple[str, str, str | None]]:
    """Members read from ``text`` taken as a front page (no agenda located)."""
    lines = normalise(text).split("\n")
    members = read_members(lines, [(0, len(lines))])
    return [(m.name, m.role.value, m.title) for m in members]


def test_title_lines_over_names_with_an_executive_team() -> None:
    """Legistar front page: each office on its own line above the name(s); the staff after it,
    three of them run together on one line by PDF text extraction."""
    text = """Tuesday, March 5, 2024
City Council
Mayor
Ana Ortiz

Mayor Pro Tem
Ben Walsh

Councilmembers
Carla Diaz
Derek O'Hara
Erin Zhou
Regular Meeting Agenda

Executive Team

Fay Brooks, Deputy City Manager
Gus Lind, Chief of Police
Hal Moss, Finance Director Ida Park, City Clerk Jon Reyes, Public Works Director
City Attorney
Kim Soto

Lee Tran, City Manager
"""
    assert front(text) == [
        ("Ana Ortiz", "chair", "Mayor"),
        ("Ben Walsh", "vice-chair", "Mayor Pro Tem"),
        ("Carla Diaz", "member", "Councilmember"),
        ("Derek O'Hara", "member", "Councilmember"),
        ("Erin Zhou", "member", "Councilmember"),
        ("Fay Brooks", "officer", "Deputy City Manager"),
        ("Gus Lind", "officer", "Chief of Police"),
        ("Hal Moss", "officer", "Finance Director"),
        ("Ida Park", "officer", "City Clerk"),
        ("Jon Reyes", "officer", "Public Works Director"),
        ("Kim Soto", "officer", "City Attorney"),
        ("Lee Tran", "officer", "City Manager"),
    ]


def test_office_before_the_name_on_one_line() -> None:
    """A commission's roster: "President Name", "Vice President Name", "Commissioner Name"."""
    text = """BOARD OF HARBOR COMMISSIONERS
Board of Harbor Commissioners
President María Núñez-Ruiz
Vice President Tomás Becker
Commissioner Ruth Anne Kaplan
Commissioner Sam Obi
Secretary Vera Lund

SPECIAL NOTICE
"""
    assert front(text) == [
        ("María Núñez-Ruiz", "chair", "President"),
        ("Tomás Becker", "vice-chair", "Vice President"),
        ("Ruth Anne Kaplan", "member", "Commissioner"),
        ("Sam Obi", "member", "Commissioner"),
        ("Vera Lund", "officer", "Secretary"),
    ]


def test_office_after_the_name_with_unmarked_and_non_voting_members() -> None:
    """A committee roster: "Name, Chair", plain names, a non-voting member, then the chief
    executive listed with the committee."""
    text = """Operations Committee
Paul Grant, Chair
Rosa Lee, Vice Chair
Tim Baker
Uma Singh
Vic Moreno, non-voting member

Wes Hall, Chief Executive Officer
Agenda - Final
"""
    assert front(text) == [
        ("Paul Grant", "chair", "Chair"),
        ("Rosa Lee", "vice-chair", "Vice Chair"),
        ("Tim Baker", "member", None),
        ("Uma Singh", "member", None),
        ("Vic Moreno", "member", "non-voting member"),
        ("Wes Hall", "officer", "Chief Executive Officer"),
    ]


def test_a_paragraph_about_attending_does_not_hide_the_roster_after_it() -> None:
    notice = (
        "YOU MAY ATTEND THE MEETING IN PERSON OR JOIN BY VIDEOCONFERENCE; "
        "MEMBERS MAY PARTICIPATE FROM A REMOTE LOCATION."
    )
    text = f"""{notice}

Amy Cole, Chair
Bo Diaz, Vice Chair
Cy Evans, Commissioner
"""
    assert [role for _, role, _ in front(text)] == ["chair", "vice-chair", "member"]


def test_a_run_on_list_led_by_offices() -> None:
    text = "Board\nChair Dana Fox, Vice Chair Eli Gray, Trustees Flo Hunt, Gil Ives & Hana Jo"
    assert front(text) == [
        ("Dana Fox", "chair", "Chair"),
        ("Eli Gray", "vice-chair", "Vice Chair"),
        ("Flo Hunt", "member", "Trustee"),
        ("Gil Ives", "member", "Trustee"),
        ("Hana Jo", "member", "Trustee"),
    ]


@pytest.mark.parametrize(
    "heading", ["Present:", "Attendees:", "Board members in attendance were:", "ROLL CALL"]
)
def test_attendance_lists_are_not_rosters(heading: str) -> None:
    """Minutes name who came with the same offices a roster uses: that is attendance."""
    text = f"""Planning Commission
Minutes of the meeting

{heading}
Amy Cole, Chair
Bo Diaz, Vice Chair
Cy Evans, Commissioner
Di Fox, Commissioner
"""
    assert front(text) == []


def test_a_roll_call_table_with_status_is_attendance() -> None:
    text = """Commission
Ann Bell\tCommissioner\tPresent
Bob Cruz\tChair\tAbsent
Cat Dunn\tCommissioner\tLate
"""
    assert front(text) == []


def test_staff_alone_is_not_a_roster() -> None:
    """Contact details for officers name no member of the body."""
    text = (
        "Contacts\nJane Roe, City Clerk\nJohn Poe, City Manager\n"
        "Executive Team\nAl Ng, Finance Director\n"
    )
    assert front(text) == []


def agenda_members(text: str) -> list[tuple[str, str, str | None]]:
    """Members read from ``text`` taken as an agenda whose items start at its first line."""
    lines = normalise(text).split("\n")
    members = read_members(lines, [(0, 0)], agenda=(0, len(lines)))
    return [(m.name, m.role.value, m.title) for m in members]


def test_roll_call_item_naming_the_members_in_capitals() -> None:
    text = """1. CALL TO ORDER
2. PLEDGE OF ALLEGIANCE

3. ROLL CALL
CHAIR MCKENNA, VICE CHAIR O'NEILL, COMMITTEE MEMBERS ABARA,
BRANDT, CHU.

4. PUBLIC COMMENTS
"""
    assert agenda_members(text) == [
        ("McKenna", "chair", "Chair"),
        ("O'Neill", "vice-chair", "Vice Chair"),
        ("Abara", "member", "Committee Member"),
        ("Brandt", "member", "Committee Member"),
        ("Chu", "member", "Committee Member"),
    ]


@pytest.mark.parametrize(
    "roll_call",
    [
        "ROLL CALL\tJane Roe, CMC\n\tClerk",  # who calls the roll, not who is on it
        "ROLL CALL\nPresent: Chair Kim, Vice Chair Lopez, Commissioners Moss, Nagy",
        "ROLL CALL",
    ],
)
def test_roll_calls_that_name_no_roster(roll_call: str) -> None:
    assert agenda_members(f"1. CALL TO ORDER\n{roll_call}\n\n2. MINUTES\n") == []


def test_a_roll_call_outside_the_agenda_is_not_read() -> None:
    """Without an agenda span (minutes), a roll call is attendance and stays out."""
    text = "ROLL CALL\nCHAIR KIM, VICE CHAIR LOPEZ, COMMISSIONERS MOSS, NAGY\n"
    assert front(text) == []


def test_names_printed_in_capitals_are_written_as_a_clerk_would() -> None:
    assert name_case("MCCLAIN-HILL") == "McClain-Hill"
    assert name_case("O'NEILL") == "O'Neill"
    assert name_case("SIÂN LLŶR") == "Siân Llŷr"
    assert name_case("McClain-Hill") == "McClain-Hill"  # printed in mixed case: kept


@pytest.mark.parametrize(
    "text",
    [
        "Mayor\n" + "1" + "," * 500_000 + "x",
        "Councilmembers\n" + "Ann Lee, " * 100_000,
        "1. ROLL CALL\n" + "CHAIR KIM, " * 100_000,
        "Chair " * 200_000,
        "2. ROLL CALL\n" * 200_000,
        "The following members were agreed:\n" * 100_000,
    ],
)
def test_long_lines_do_not_hang(text: str) -> None:
    lines = text.split("\n")
    with does_not_hang():
        read_members(lines, [(0, min(200, len(lines)))], agenda=(0, len(lines)))
        read_appointed_members(lines)


@pytest.mark.parametrize(
    "stem",
    [
        "hermosa-beach-city-council-agenda-2023-01-10",
        "ladwp-board-of-water-and-power-commissioners-agenda-2022-01-25",
    ],
)
def test_corpus_rosters_match_the_hand_read_members(stem: str) -> None:
    expected = json.loads((EXPECTED / f"{stem}.json").read_text(encoding="utf-8"))
    pack = read_file(CORPUS / f"{stem}.pdf", zone=ZoneInfo(expected["zone"]))
    read = sorted((m.name, m.role.value, m.title) for m in pack.members)
    assert read == sorted((m["name"], m["role"], m["title"]) for m in expected["members"])


def test_committee_roster_with_a_non_voting_member() -> None:
    """LA Metro's committee roster: chair, vice chair, plain names, a non-voting member and
    the chief executive, with no heading but the committee's name."""
    pack = read_file(
        CORPUS / "la-metro-executive-management-committee-agenda-2017-06-15.pdf",
        zone=ZoneInfo("America/Los_Angeles"),
    )
    roles = {m.name: m.role for m in pack.members}
    assert roles == {
        "John Fasana": Role.CHAIR,
        "Eric Garcetti": Role.VICE_CHAIR,
        "James Butts": Role.MEMBER,
        "Sheila Kuehl": Role.MEMBER,
        "Mark Ridley-Thomas": Role.MEMBER,
        "Carrie Bowen": Role.MEMBER,
        "Phillip A. Washington": Role.OFFICER,
    }


def test_uk_list_with_surnames_in_capitals_keeps_every_row() -> None:
    """UK lists often print surnames in capitals; such rows were dropped without a warning."""
    text = (
        "Membership\nCllr A SMITH (Chair)\nCllr B JONES\nDiane ELLISON\tPortfolio Holder\n"
        "OFFICERS ATTENDING\nMark PRICE\tDirector of Public Health\n"
    )
    assert front(text) == [
        ("A Smith", "chair", None),
        ("B Jones", "member", None),
        ("Diane Ellison", "member", "Portfolio Holder"),
        ("Mark Price", "officer", "Director of Public Health"),
    ]


def test_roll_call_in_groups_one_name_a_line() -> None:
    """A board agenda's roll call: directors expected present or absent are all members,
    officers are officers, guests are not on the roster."""
    text = """ 1. Call to order

 2. Roll Call

    Members of the foundation are welcome to attend board meetings.

    Directors (expected to be) Present:

        Ada Byron
        Ben Cho

    Directors (expected to be) Absent:

        Cai Dorn

    Executive Officers (expected to be) Present:

        Dee Ekwu

    Guests (expected):

        Eve Ford

 3. Minutes from previous meetings
"""
    assert agenda_members(text) == [
        ("Ada Byron", "member", None),
        ("Ben Cho", "member", None),
        ("Cai Dorn", "member", None),
        ("Dee Ekwu", "officer", None),
    ]


def appointed(text: str) -> list[tuple[str, str, str | None]]:
    members = read_appointed_members(normalise(text).split("\n"))
    return [(m.name, m.role.value, m.title) for m in members]


def test_members_declared_and_office_bearers_elected_at_an_agm() -> None:
    text = """1. Attendance and apologies
Present: Ann Ash, Bob Birch, Cat Cedar, Dan Dale
Apologies: Eve Elm

6. Announcement of members for the new term
The membership of the Community Council was then declared as:
Ann Ash
Bob Birch
Cat Cedar

7. Election of Office Bearers
The following officers were declared elected without contest.
Chair: Dan Dale nominated by Ann Ash and seconded Bob Birch
Secretary: Bob Birch nominated by Cat Cedar
Treasurer: It was agreed to ask Fay Fir to take this position in November.

The following representatives were agreed:
Planning Contact: Cat Cedar

10. Appointment of Associate Members
The following were agreed by the meeting:
Gus Gorse
Hal Holly (responsible for the website)
"""
    assert appointed(text) == [
        ("Ann Ash", "member", None),
        ("Bob Birch", "member", "Secretary"),
        ("Cat Cedar", "member", "Planning Contact"),
        ("Dan Dale", "chair", "Chair"),
        ("Gus Gorse", "member", "Associate Member"),
        ("Hal Holly", "member", "Associate Member (responsible for the website)"),
    ]


def test_minutes_attendance_is_not_an_appointment() -> None:
    text = """Present:
Ann Ash
Bob Birch
Cat Cedar

The minutes were agreed as a correct record.
Dan Dale
"""
    assert appointed(text) == []
