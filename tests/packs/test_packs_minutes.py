"""The previous meeting's minutes: attendance, actions, resolutions, and one name per person.

Expected values for the sample packs come from reading the documents themselves (the line
that shows each is quoted in a comment where it is not obvious). Synthetic packs cover
layouts the samples do not: action logs with owner/due/status columns, prose resolutions,
initials, minutes printed without a year, and report tables that must not be read.
"""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path

import pytest

from packs import ActionRecord, Pack, PackError, read_file, read_text
from packs.people import Roster, same_person
from packs.resolutions import outcomes_of
from tests.auxil.guards import does_not_hang

_FIXTURES = Path(__file__).parents[1] / "fixtures" / "seeds"
SEEDS = _FIXTURES
RUTLAND_2023 = SEEDS / "rutland-hwb-2023-10-10.txt"
LEICESTERSHIRE = SEEDS / "leicestershire-hwb-2023-10-31.txt"


@pytest.fixture(scope="module")
def rutland() -> Pack:
    return read_file(RUTLAND_2023)


@pytest.fixture(scope="module")
def leicestershire() -> Pack:
    return read_file(LEICESTERSHIRE)


def action(pack: Pack, ref: str, about: str = "") -> ActionRecord:
    found = [a for a in pack.actions if a.ref == ref and about in a.description]
    assert len(found) == 1, [(a.ref, a.description[:30]) for a in pack.actions]
    return found[0]


def outcomes(pack: Pack) -> dict[str | None, list[str]]:
    return {resolution.item: resolution.outcomes for resolution in pack.resolutions}


# --- Rutland, 10 October 2023: June minutes, actions-arising table --------------------


def test_rutland_present_lists_members_and_officers_present_not_guests(rutland: Pack) -> None:
    previous = rutland.previous_meeting
    assert previous is not None
    # "PRESENT" rows 1-10 and "OFFICERS PRESENT:" rows 14-19; "IN ATTENDANCE:" is not counted
    assert previous.present == [
        "Diane Ellison", "David Williams", "Dawn Godfrey", "Debra Mitchell", "Ian Crowe",
        "Janet Underwood", "Kim Sorsky", "Mike Sandys", "Raymond Payne", "Sarah Prema",
        "Adrian Allen", "Emma Jane Hollands", "Jane Narey", "Karen Kibblewhite",
        "Katherine Willison", "Mitch Harper",
    ]  # fmt: skip
    assert "Fenelon" not in " ".join(previous.present)
    assert previous.apologies == ["Duncan Furey", "Louise Platt"]
    assert "Liam Palmer" not in previous.apologies  # listed "ABSENT:", not apologies


def test_action_in_table_and_minutes_is_one_action(rutland: Pack) -> None:
    # Action 9 of minute 3 is row 1 (Ref. 3) of the agenda's table and of the summary
    mark_young = [a for a in rutland.actions if "mental health pathways" in a.description]
    assert len(mark_young) == 1
    assert mark_young[0].ref == "9"
    # the "ACTION: Councillor Ellison" line of minute 5 is row 2 (Ref. 5) of the table
    review = [a for a in rutland.actions if "independent review" in a.description]
    assert len(review) == 1
    assert review[0].ref == "5"
    assert len(rutland.actions) == 12  # Actions 1-11 and the minute 5 action


def test_carried_forward_action_has_new_owner_and_due_date(rutland: Pack) -> None:
    # "...requested that the action be carried forward for the attention of Emma Jane
    # Hollands ... Action to be completed by the 18 th July 2023." / "ACTION: Emma Jane Hollands"
    carried = action(rutland, "9")
    assert carried.description == (
        "Mark Young to distribute the mental health pathways once they had been approved."
    )
    assert carried.owner == "Emma Jane Hollands"
    assert carried.due == date(2023, 7, 18)
    assert carried.status == "carried-forward"


def test_owner_written_with_honorific_and_surname_is_the_member(rutland: Pack) -> None:
    # "ACTION: Councillor Ellison" (minute 5; Action 5 of minute 3 is another action)
    assert action(rutland, "5", "independent review").owner == "Diane Ellison"
    assert action(rutland, "10").owner == "Janet Underwood"  # "Dr Underwood to distribute..."


def test_owner_named_by_job_title_is_the_person_holding_it(rutland: Pack) -> None:
    # "The Health and Wellbeing Integration Lead confirmed that she would email ..."
    assert action(rutland, "2").owner == "Katherine Willison"
    # no owner in Action 8; "The Deputy Chief Operating Officer, LLR ICB confirmed that she
    # would discuss this further" takes it on
    assert action(rutland, "8").owner == "Debra Mitchell"


def test_owner_given_only_as_a_role_keeps_the_role(rutland: Pack) -> None:
    assert action(rutland, "11").owner == "The Clerk"
    assert "action 11: owner given only as a role ('The Clerk')" in rutland.warnings


def test_joint_owners_are_both_kept(rutland: Pack) -> None:
    assert action(rutland, "6").owner == "Sarah Prema and Paul Sheldon"
    assert action(rutland, "7").owner == "S Harvey and Mike Sandys"


def test_action_status_follows_the_update_printed_under_it(rutland: Pack) -> None:
    statuses = {
        a.ref: a.status for a in rutland.actions if "independent review" not in a.description
    }
    assert statuses == {
        "1": "completed",  # "Item was on the agenda."
        "2": "completed",
        "3": "completed",  # "confirmed that the action had been completed"
        "4": "completed",
        "5": "completed",
        "6": "completed",  # answered: "there was 1 flexible use palliative care bed"
        "7": "open",  # "...but that he would discuss a vaccination update"
        "8": "open",  # "confirmed that she would discuss this further"
        "9": "carried-forward",
        "10": "completed",
        "11": "completed",
    }
    assert action(rutland, "5", "independent review").status == "open"  # nothing reported yet


def test_owner_outside_the_membership_list_is_warned(rutland: Pack) -> None:
    assert "action 6: owner 'Paul Sheldon' not in the membership list" in rutland.warnings
    assert "action 7: owner 'S Harvey' not in the membership list" in rutland.warnings
    assert not any("Katherine Willison" in warning for warning in rutland.warnings)


def test_action_plans_and_risk_tables_in_reports_are_not_actions(rutland: Pack) -> None:
    descriptions = " ".join(entry.description for entry in rutland.actions)
    # the strategy report's delivery plan and the engagement plan's "Action / Lead /
    # Timetable" table come after the minutes, inside reports
    assert "Minor Injury Service" not in descriptions
    assert "digital confidence" not in descriptions
    assert "Engagement training" not in descriptions


def test_resolutions_are_numbered_by_minute_and_lettered_sub_minute(rutland: Pack) -> None:
    assert outcomes(rutland) == {
        "8": ["APPROVED"],
        "10A": ["NOTED", "APPROVED"],
        "10C": ["APPROVED"],
        "11": ["NOTED"],
        "11A": ["APPROVED"],
        "11B": ["NOTED", "AGREED"],
        "11C": ["NOTED", "APPROVED"],
        "11D": ["NOTED"],
        "12": ["NOTED"],
    }


def test_resolution_text_joins_its_lettered_parts_into_one_paragraph(rutland: Pack) -> None:
    minute_11 = next(r for r in rutland.resolutions if r.item == "11")
    assert minute_11.text == (
        "That the Board: a) NOTED the further development of the JHWS Delivery Plan. "
        "b) NOTED the latest Rutland Outcomes Report."
    )


def test_resolution_stops_before_the_next_sub_minute_heading(rutland: Pack) -> None:
    minute_11a = next(r for r in rutland.resolutions if r.item == "11A")
    assert "HEALTH AND WELLBEING COMMUNICATION" not in minute_11a.text
    assert minute_11a.text.endswith("for better understanding and context.")


# --- Leicestershire, 31 October 2023: prose resolutions, grouped attendance ------------


def test_attendance_names_use_the_membership_spelling(leicestershire: Pack) -> None:
    previous = leicestershire.previous_meeting
    assert previous is not None
    assert previous.date == date(2023, 5, 25)
    # minutes print "Mrs L. Richardson CC" and "Sara Prema"; the membership list
    # "Mrs H. L. Richardson CC (Chairman)" and "Sarah Prema"
    assert previous.present == [
        "H. L. Richardson", "D. Taylor", "C. M. Radford", "Mike Sandys", "Jon Wilson",
        "Jane Moore", "Sarah Prema", "Cheryl Cashmore",
    ]  # fmt: skip
    assert "Simon Barton" not in previous.present  # "In attendance"


def test_resolution_verbs_map_to_outcome_words(leicestershire: Pack) -> None:
    found = outcomes(leicestershire)
    assert found["5"] == ["NOTED"]  # "That the position statement be noted."
    assert found["6"] == ["NOTED", "AGREED"]  # "be noted; (b) The Board agrees that"
    # "(a) Notes ... and acknowledges ... (b) Recognises the work"
    assert found["10"] == ["NOTED", "ACKNOWLEDGED", "RECOGNISED"]
    assert found["12"] == ["SUPPORTED", "APPROVED"]


def test_infinitives_and_nouns_are_not_outcomes(leicestershire: Pack) -> None:
    found = outcomes(leicestershire)
    # 8b: "use his delegated powers to approve it" is not APPROVED; 8c "approves" is
    assert found["8"] == ["NOTED", "APPROVED"]
    # 9d: "to indicate their support" is a noun, not SUPPORTED
    assert found["9"] == ["NOTED", "AUTHORISED"]
    # 14: "the recommendations and corresponding action plan, be noted"
    assert found["14"] == ["NOTED"]


def test_resolution_without_outcome_verb_is_agreed_with_a_warning(leicestershire: Pack) -> None:
    dates = next(r for r in leicestershire.resolutions if r.item == "15")
    assert dates.outcomes == ["AGREED"]
    assert dates.text == (
        "That future meetings of the Board take place on the following dates all at 2.00pm: "
        "28 September 2023; 7 December 2023; 29 February 2024; 23 May 2024; "
        "27 September 2024; 5 December 2024."
    )
    assert "minute 15: resolution names no outcome; recorded as AGREED" in leicestershire.warnings


def test_minute_without_a_resolved_heading_has_no_resolution(leicestershire: Pack) -> None:
    # minute 1, "That Mrs L. Richardson CC be appointed Chairman ...", prints no RESOLVED
    assert [r.item for r in leicestershire.resolutions] == [str(n) for n in range(5, 16)]


def test_narrative_agreements_in_minutes_are_not_actions(leicestershire: Pack) -> None:
    # "It was agreed that this would be corrected after the meeting." is not an action entry
    assert leicestershire.actions == []


@pytest.mark.parametrize(
    ("name", "day"),
    [
        ("rutland-hwb-2016-09-27.txt", date(2016, 6, 28)),
        ("rutland-hwb-2017-06-30.txt", date(2017, 3, 28)),
        ("rutland-hwb-2020-03-03.txt", date(2020, 1, 14)),
    ],
)
def test_pack_whose_minutes_were_previously_circulated_dates_them_from_the_agenda(
    name: str, day: date
) -> None:
    # "To confirm the record of the meeting ... held on 14 January (previously circulated)":
    # the date is known, the attendance is not (SCHEMA.md)
    pack = read_file(SEEDS / name)
    assert pack.previous_meeting is not None
    assert pack.previous_meeting.date == day
    assert pack.previous_meeting.present == [] and pack.previous_meeting.apologies == []
    assert pack.actions == []
    assert pack.resolutions == []


# --- other councils' layouts ----------------------------------------------------------

OTHER_COUNCIL = """\
Northshire County Council

A meeting of the HEALTH AND WELLBEING BOARD will be held in Committee Room 1, County Hall \
on Wednesday, 8th November 2023 commencing at 10.00 am.

AGENDA

1. Apologies for Absence

2. Minutes of the Previous Meeting
To confirm the minutes of the meeting held on 12 July.

3. Action Log
Ref\tAction\tOwner\tDue date\tStatus
HWB/1\tCirculate the dementia strategy to all Board members\tCllr P Green\t31/10/23\tComplete
HWB/2\tArrange a workshop on the Better Care Fund\tJane Doe\tby 30 November 2023\tOngoing
HWB/3\tReport back on delayed discharges from the acute\tDr Ann Black\tDecember 2023\t\
Carried forward

\ttrust to the next meeting

4. Better Care Fund Update
Report of the Director of Adult Social Care.

5. Any Other Business

DISTRIBUTION
Councillor Peter Green (Chair)
Councillor Ravi Patel (Vice-Chair)
Dr Ann Black
Mrs Jane Doe

Minutes of a meeting of the Health and Wellbeing Board held at County Hall on Wednesday \
12 July at 10.00 am

Present: Councillor P Green (Chair), Councillor R Patel, Dr A Black
Officers: John Grey (Democratic Services)

45. Apologies for Absence
Apologies for absence were received from Mrs J Doe and Councillor S White.

46. Minutes
RESOLVED – That the minutes of the meeting held on 10 May 2023 be confirmed as a correct \
record.

47. Dementia Strategy
The Board received the draft strategy. The Chair asked that it be circulated to all \
members. (Action: PG)
RESOLVED:
(a) That the strategy be endorsed;
(b) That the Director be authorised to publish it.

48. Better Care Fund
ACTION: Jane Doe to arrange a workshop on the Better Care Fund.
It was RESOLVED that the report be received.

49. Delayed Discharges
Dr Black would report back on delayed discharges from the acute trust to the next meeting.
ACTION: Dr Black
RESOLVED
The Committee notes the position and welcomes the improvement.

The meeting closed at 12.15 pm.

This page is intentionally left blank

Report of the Director of Adult Social Care

Action Plan
Action\tLead Officer\tTarget date
Recruit two social workers\tHead of Service\t31/12/2023

Risk Register
Risk\tOwner\tMitigation\tAction
Staffing\tDirector\tRecruitment\tRecruit agency staff
"""


@pytest.fixture(scope="module")
def other() -> Pack:
    return read_text(OTHER_COUNCIL, source="northshire.txt")


def test_minutes_date_printed_without_a_year_takes_the_year_before_this_meeting(
    other: Pack,
) -> None:
    assert other.previous_meeting is not None
    assert other.previous_meeting.date == date(2023, 7, 12)  # a Wednesday in 2023


def test_run_on_present_list_and_apologies_sentence_in_the_first_minute(other: Pack) -> None:
    previous = other.previous_meeting
    assert previous is not None
    assert previous.present == ["Peter Green", "Ravi Patel", "Ann Black"]
    assert previous.apologies == ["Jane Doe", "S White"]


def test_action_log_columns_give_ref_owner_due_and_status(other: Pack) -> None:
    circulate = action(other, "HWB/1")
    assert circulate.owner == "Peter Green"  # "Cllr P Green"
    assert circulate.due == date(2023, 10, 31)  # "31/10/23"
    assert circulate.status == "completed"


def test_action_log_row_and_minutes_action_line_are_one_action(other: Pack) -> None:
    workshop = action(other, "HWB/2")  # the log's reference wins over the minute number
    assert workshop.description == "Jane Doe to arrange a workshop on the Better Care Fund."
    assert workshop.owner == "Jane Doe"
    assert workshop.due == date(2023, 11, 30)
    assert workshop.status == "open"
    assert sum("workshop" in entry.description for entry in other.actions) == 1


def test_action_log_row_continued_after_a_page_break_matches_the_minutes(other: Pack) -> None:
    discharges = action(other, "HWB/3")
    assert discharges.owner == "Ann Black"
    assert discharges.status == "carried-forward"
    assert discharges.due is None  # "December 2023": no day, no date


def test_inline_action_initials_are_the_member_with_those_initials(other: Pack) -> None:
    circulated = next(a for a in other.actions if a.ref == "47")
    assert circulated.owner == "Peter Green"  # "(Action: PG)"
    assert circulated.description == "The Chair asked that it be circulated to all members."


def test_lead_officer_target_date_table_in_a_report_is_not_an_action(other: Pack) -> None:
    descriptions = [entry.description for entry in other.actions]
    assert not any("social workers" in text or "agency staff" in text for text in descriptions)
    assert len(other.actions) == 4


def test_prose_resolutions_from_other_layouts(other: Pack) -> None:
    assert outcomes(other) == {
        "46": ["CONFIRMED"],  # "RESOLVED – That the minutes ... be confirmed"
        "47": ["ENDORSED", "AUTHORISED"],
        "48": ["RECEIVED"],  # "It was RESOLVED that the report be received."
        "49": ["NOTED", "WELCOMED"],  # "The Committee notes ... and welcomes"
    }
    endorsed = next(r for r in other.resolutions if r.item == "47")
    assert endorsed.text == (
        "(a) That the strategy be endorsed; (b) That the Director be authorised to publish it."
    )


def test_lower_case_participle_beside_an_upper_case_outcome_is_not_an_outcome() -> None:
    assert outcomes_of("a) NOTED the report, which had been approved by the Chair.") == ["NOTED"]


def test_outcome_word_inside_a_heading_in_capitals_is_not_an_outcome() -> None:
    assert outcomes_of("That the BETTER CARE FUND FUNDED PROGRAMME be noted.") == ["NOTED"]


PREFIXED_MINUTES = """\
Westshire Council

HEALTH AND WELLBEING BOARD

Date: Thursday, 18 January 2024
Time: 2.00 pm
Venue: The Guildhall, Westbury

Membership: Councillors A Ahmed (Chair), B Brown (Vice-Chair), C Clarke; Dr D Davies; Ms E Evans

AGENDA

1. Apologies and substitutions
2. Minutes of the meeting held on 16 November 2023 (Pages 1 - 6)
3. Action Tracker (Pages 7 - 8)
4. Pharmaceutical Needs Assessment (Pages 9 - 30)
5. Date of next meeting - 14 March 2024

MINUTES OF THE HEALTH AND WELLBEING BOARD
held on Thursday 16 November 2023 at 2.00 pm

Voting Members present:
Councillor A Ahmed (Chair)
Councillor Bob Brown
Dr Dafydd Davies

Non-voting members present:
Ms E Evans

Officers in attendance:
Fran Foster, Democratic Services Officer

HWB21 APOLOGIES
Apologies were received from Councillor C Clarke.

HWB22 MINUTES
RESOLVED: That the minutes of the meeting held on 21 September 2023 be approved as a correct \
record.

HWB23 PHARMACY SERVICES
Dr Davies presented the report. Members discussed the closure of two pharmacies.
Action by: Dr Davies
Dr Davies to write to NHS England about opening hours by 31 December 2023.
RESOLVED: That the Board notes the report and requests a further update in March.

Chair

Agenda Item 3

Action Tracker
Date\tMinute\tAction\tLead\tBy when\tUpdate
16/11/23\tHWB23\tWrite to NHS England about pharmacy opening hours\tDafydd Davies\t31/12/23\t\
Letter sent 5 December - complete
21/09/23\tHWB17\tCirculate the JSNA summary\tFran Foster\t30/11/23\tIn progress
"""


@pytest.fixture(scope="module")
def prefixed() -> Pack:
    return read_text(PREFIXED_MINUTES, source="westshire.txt")


def test_minute_numbers_with_a_prefix_number_the_resolutions(prefixed: Pack) -> None:
    assert outcomes(prefixed) == {"HWB22": ["APPROVED"], "HWB23": ["NOTED", "REQUESTED"]}


def test_voting_and_non_voting_members_present_are_both_present(prefixed: Pack) -> None:
    previous = prefixed.previous_meeting
    assert previous is not None
    assert previous.date == date(2023, 11, 16)
    # The fuller spelling wins: the minutes' "Bob Brown" over the membership's "B Brown".
    assert previous.present == ["A Ahmed", "Bob Brown", "Dafydd Davies", "E Evans"]
    assert previous.apologies == ["C Clarke"]


def test_action_tracker_printed_as_the_items_paper_is_read(prefixed: Pack) -> None:
    jsna = action(prefixed, "HWB17")
    assert (jsna.owner, jsna.due, jsna.status) == ("Fran Foster", date(2023, 11, 30), "open")
    assert "action HWB17: owner 'Fran Foster' not in the membership list" in prefixed.warnings


def test_action_by_line_owns_the_sentence_after_it(prefixed: Pack) -> None:
    letter = action(prefixed, "HWB23")  # one action: the minutes line and the tracker row
    assert letter.description == (
        "Dr Davies to write to NHS England about opening hours by 31 December 2023."
    )
    assert letter.owner == "D Davies"
    assert letter.due == date(2023, 12, 31)
    assert letter.status == "completed"  # the tracker: "Letter sent 5 December - complete"
    assert len(prefixed.actions) == 2


# --- one person, several spellings ----------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Mr R Clifton", "Cllr Richard Clifton"),
        ("Sara Prema", "Sarah Prema"),
        ("Mrs L. Richardson CC", "Mrs H. L. Richardson CC (Chairman)"),
        ("Councillor Ellison", "Diane Ellison"),
        ("Inspector Gavid Drummond", "Gavin Drummond"),
        ("Andy Williams", "Andrew Williams"),
        ("Edd de Coverly", "Mr E de Coverly"),
    ],
)
def test_same_person_written_two_ways(one: str, other: str) -> None:
    assert same_person(one, other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Mark Andrews", "Mary Andrews"),
        ("A Smith", "B Smith"),
        ("Helen Briggs", "Ellen Briggs"),
        ("Jane Moore", "Jane Moors"),
    ],
)
def test_different_people_are_not_merged(one: str, other: str) -> None:
    assert not same_person(one, other)


def test_surname_shared_by_two_members_is_left_as_printed() -> None:
    roster = Roster()
    roster.add("Fiona Taylor", member=True)
    roster.add("Sandra Taylor", member=True)
    assert roster.canonical("Councillor Taylor") == "Taylor"
    assert roster.canonical("Ms S Taylor") == "Sandra Taylor"


def test_role_is_matched_to_the_member_whose_title_it_is() -> None:
    roster = Roster()
    roster.add("Debra Mitchell", title="Deputy Chief Operating Officer, LLR ICB", member=True)
    roster.add("Mike Sandys", title="Director of Public Health, LCC", member=True)
    person = roster.by_role("The Deputy Chief Operating Officer, LLR ICB")
    assert person is not None and person.name == "Debra Mitchell"
    assert roster.by_role("The Chair") is None  # too vague to pin on anyone


def test_presenter_named_by_title_and_surname_is_the_member() -> None:
    # 2016 item 8: "led by Councillor Clifton and Mark Andrews"; the list has "Mr R Clifton"
    pack = read_file(SEEDS / "rutland-hwb-2016-09-27.txt")
    heart = next(entry for entry in pack.agenda if entry.number == "8")
    assert heart.presenter == "R Clifton and Mark Andrews"


# --- hostile input --------------------------------------------------------------------

_HEAD = (
    "A meeting of the HEALTH AND WELLBEING BOARD will be held in the Council Chamber on "
    "Tuesday, 10th October, 2023 commencing at 2.00 pm.\n\nA G E N D A\n\n1) APOLOGIES\n\n"
    "2) ACTIONS ARISING\n\nNo.\tRef.\tAction\tPerson\n"
)
_MINUTES = (
    "\n3) DATE OF NEXT MEETING\n\nTuesday, 16th January 2024 at 2.00 p.m.\n\n"
    "Minutes of the MEETING held on Tuesday, 27th June, 2023\n\nPRESENT\n\nCllr A Smith\n\n"
    "1 APOLOGIES\n\n"
)
_SIZE = 2 * 1024 * 1024


def _fill(unit: str) -> str:
    return (unit * (_SIZE // len(unit) + 1))[:_SIZE]


@pytest.mark.parametrize(
    "text",
    [
        _HEAD + _fill("1.\t3\tMark Young to distribute by 18 th July 2023\tCouncillor Ellison\n"),
        _HEAD + "1.\t3\tx\ty\n" + _fill("\t\tServices and Health 18 th July carried forward\n"),
        _HEAD + _MINUTES + _fill("Action 1\n\nSmith to do it.\n\n"),
        _HEAD + _MINUTES + _fill("- The Chair said she would do it.\nACTION: Councillor Ellison\n"),
        _HEAD + _MINUTES + _fill("RESOLVED\n\nThat the Board:\n\n- a) NOTED the report;\n"),
        _HEAD + _MINUTES + "RESOLVED\n\nThat " + _fill("be noted and the Board agrees and "),
        _HEAD + _MINUTES + _fill("2 TITLE\n3 TITLE\n4 TITLE\nA) SUB\n"),
        _HEAD + _MINUTES.replace("1 APOLOGIES\n\n", "") + _fill("Councillor Smith (Cllr), Mr A B "),
        _HEAD + _MINUTES + "ACTION: " + _fill("Councillor Smith and "),
        _HEAD + _MINUTES + _fill("1234567890 (Pages 1 - ((((([[[[ "),
        _HEAD + _MINUTES + "Action 1\nx\n" + _fill("The Lead, ") + " confirmed that she would.",
        _HEAD + _MINUTES + _fill("-" * 2000 + "x\n"),
    ],
    ids=[
        "table rows",
        "row continuations",
        "action entries",
        "action lines",
        "resolved blocks",
        "one endless resolution",
        "minute headings",
        "endless attendance line",
        "endless owner",
        "digits and brackets",
        "endless role",
        "long dash lines",
    ],
)
def test_two_megabytes_of_hostile_minutes_do_not_hang(text: str) -> None:
    with does_not_hang(), contextlib.suppress(PackError):
        read_text(text, source="hostile.txt")
