"""Resolutions and actions in minutes that print no RESOLVED and no "Action N" entries.

Each test reads a small set of minutes written the way one family of bodies writes them
(community councils, US commissions, foundation boards, societies, NHS boards) through the
same readers the pack reader uses, on the minutes' lines alone.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from packs.actions import read_actions
from packs.agenda import read_agenda
from packs.evaluation import evaluate
from packs.formats import file_text
from packs.minutes import Minutes, find_minutes_alone, read_attendance, read_minutes
from packs.model import ActionRecord, Resolution
from packs.people import Roster, printed_initials
from packs.resolutions import minute_segments, read_resolutions, sentences
from packs.text import normalise

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
EXPECTED = ROOT / "tests" / "expected" / "corpus"


def _minutes(text: str) -> tuple[list[str], Minutes]:
    lines = normalise(text).split("\n")
    heading = find_minutes_alone(lines)
    assert heading is not None, "the test text must read as minutes"
    return lines, read_minutes(lines, heading, None, alone=True)


def _read(text: str) -> tuple[list[Resolution], list[ActionRecord]]:
    lines, minutes = _minutes(text)
    attendance = read_attendance(lines, minutes)
    roster = Roster()
    for name, title in attendance.titled:
        roster.add(name, title=title)
    resolutions, _ = read_resolutions(lines, minutes)
    actions, _ = read_actions(lines, read_agenda([]), minutes, roster, minutes.date)
    return resolutions, actions


COMMUNITY_COUNCIL = """LLANFAIR COMMUNITY COUNCIL

Minutes of a meeting of the above Council held in the Village Hall on Monday 4th March 2024 at 7.00pm.

Present: Chairman Cllr Jones, Cllrs Price, Morgan, Hughes, County Cllr Rees and the Clerk.

101. Apologies for absence: Cllr Owen.

102. Approval of minutes of previous meeting: Approved & signed as correct.

103. Accounts for payment:
Waste Services - £30.00 (Ch. No. 100201)
Hall Hire - £40 (Ch. No. 100202) – all approved.

104. Playground: The Council do however support the proposals in principle. Annual Return to be approved at the next meeting. Cllrs Price & Hughes agreed to inspect the swings.

105. Footpaths: Cllr Morgan proposed and Cllr Price seconded that the Council fund new stiles.
It was proposed that the Council write to the highways department. Clerk to arrange this.
Clerk has asked for costings. County Cllr Rees will ask the highways officer to attend.
Councillors were asked to send suggestions to the Clerk by the 20th March.

106. Date of next meeting: 8th April 2024.
"""  # noqa: E501 (minutes print each minute as one long line)


def test_community_council_decisions_are_read_without_resolved() -> None:
    resolutions, _ = _read(COMMUNITY_COUNCIL)
    found = {(r.item, tuple(r.outcomes), r.text) for r in resolutions}
    assert ("102", ("APPROVED",), "Approved & signed as correct.") in found
    assert (
        "103",
        ("APPROVED",),
        "Waste Services - £30.00 (Ch. No. 100201) Hall Hire - £40 (Ch. No. 100202) – all approved.",
    ) in found
    assert (
        "104",
        ("SUPPORTED",),
        "The Council do however support the proposals in principle.",
    ) in found
    # proposed and seconded with no outcome printed: the motion words are the outcome
    motion = next(r for r in resolutions if r.item == "105")
    assert motion.outcomes == ["PROPOSED", "SECONDED"]
    assert motion.text.startswith("Cllr Morgan proposed")
    # "to be approved" is not yet decided; "Cllrs ... agreed to" is an undertaking
    assert not any("Annual Return" in r.text or "swings" in r.text for r in resolutions)
    assert len(resolutions) == 4


def test_community_council_undertakings_are_actions() -> None:
    _, actions = _read(COMMUNITY_COUNCIL)
    by_owner = {(a.ref, a.owner): a for a in actions}
    assert ("104", "Price & Hughes") in by_owner
    arrange = by_owner[("105", "Clerk")]
    # a short sentence pointing back keeps the sentence it points to
    assert arrange.description == (
        "It was proposed that the Council write to the highways department. Clerk to arrange this."
    )
    assert ("105", "Rees") in by_owner
    suggestions = by_owner[("105", "Councillors")]
    assert suggestions.due == date(2024, 3, 20)
    assert all(a.status == "open" for a in actions)
    # something already done is not an action
    assert not any("costings" in a.description for a in actions)
    assert len(actions) == 4


US_COMMISSION = """PLANNING COMMISSION
REGULAR MEETING MINUTES
March 4, 2024, 7:00 p.m.

1.\tCALL TO ORDER AND ROLL CALL
\tThe meeting was called to order at 7:02 p.m.
2.\tAPPROVAL OF THE AGENDA
\tRESULT:\tAPPROVED [UNANIMOUS]
\tMOTION BY: Lee
\tSECOND:\tPark
\tAYES:\tLee, Park, Diaz
3.\tCONSENT CALENDAR
\t1.\tMinutes of February 5, 2024
\t\tAdopt the minutes.
\t2.\tMeeting Calendar 2024
\t\tApprove the calendar.
\tRESULT:\tAPPROVED AS AMENDED [3-0]
\tMOTION BY: Park
\tSECOND:\tDiaz
4.\tPUBLIC HEARINGS
\t1.\tVariance at 12 Elm Street
\tCommissioner Lee made a motion, seconded by Commissioner Diaz, to deny the variance.
\tRESULT:\tFAILED [1-2]
\tMOTION BY: Lee
\tSECOND:\tDiaz
\tNAYS:\tPark, Diaz
\tCommissioner Park made a motion, seconded by Commissioner Diaz, to continue the item.
\tRESULT:\tAPPROVED [3-0]
\tMOTION BY: Park
\tSECOND:\tDiaz
5.\tADJOURNMENT
"""


def test_us_motion_blocks_are_resolutions_with_their_result() -> None:
    resolutions, actions = _read(US_COMMISSION)
    assert [(r.item, r.outcomes) for r in resolutions] == [
        ("2", ["APPROVED"]),
        ("3", ["APPROVED AS AMENDED"]),  # a vote on two sub-items belongs to the item
        ("4.1", ["FAILED"]),
        ("4.1", ["APPROVED"]),  # the second motion on the same sub-item
    ]
    assert resolutions[0].text == "Approval of the agenda"
    assert resolutions[1].text.startswith("Minutes of February 5, 2024 Adopt the minutes.")
    assert resolutions[2].text == (
        "Commissioner Lee made a motion, seconded by Commissioner Diaz, to deny the variance."
    )
    assert resolutions[3].text.endswith("to continue the item.")
    assert actions == []


SOCIETY = """CSS Committee Meeting - Minutes

Date:\tTuesday 9th July 2024
Attendees:\tHolly Packer (HP) (Chairing), Matty Widdop (MW), Leonardo
\t(LB)

1\tApologies received from
\t\t\u25cf Rohit Jose (RJ)
2\tAdoption of Previous Minutes
\u25cf Unanimous adoption of previous minutes
3\tMatters Arising
\u25cb ACTION HP: Change passwords
\u25a0 Action carried forwards
\u25cb Action MW: Sort out Github
\u25a0 Action complete
\u25cb ACTION RJ: Write to the Guild
\u25cb ACTION EVERYONE: Note down tasks for
arrangement
\u25cb MW will handle the rota
"""


def test_action_lines_with_owner_initials_and_status_lines() -> None:
    resolutions, actions = _read(SOCIETY)
    assert [(r.item, r.outcomes) for r in resolutions] == [("2", ["ADOPTED"])]
    assert [(a.ref, a.owner, a.description, a.status) for a in actions] == [
        ("3", "Holly Packer", "Change passwords", "carried-forward"),
        ("3", "Matty Widdop", "Sort out Github", "completed"),
        # RJ sent apologies: initials are resolved only against those present
        ("3", "RJ", "Write to the Guild", "open"),
        ("3", "EVERYONE", "Note down tasks for arrangement", "open"),
    ]


TWO_COLUMN = """Ayton Community Council

Minutes of a Meeting held on Tuesday 1 October 2019

Present: Catherine Chisholm\tCC\tKenny Combe\tKC
\tHelen Laing (SBC)\tHL\tDick Noble\tDN

Items\tAction

3. Apologies for Absence
Apologies for absence were received from Graham Dolan.

4. Matters Arising
\uf0b7 Resilient Communities - the leaflet would need to be distributed. A small group
would meet to consider a way forward.\tKC/GD
\uf0b7 Stop, Look and Listen - this work was still outstanding. HL
would expedite.\tHL
\uf0b7 Parking in the High Street - it was agreed to adopt an informal approach.\tGD
\uf0b7 Lights - all lights should be checked in good time.
KC/DN

5. Any Other Business
The path is no longer kept clear. HL would refer to the appropriate officer. HL
"""


def test_action_column_initials_resolved_against_those_present() -> None:
    resolutions, actions = _read(TWO_COLUMN)
    assert [(a.ref, a.owner) for a in actions] == [
        ("4", "Kenny Combe and GD"),  # GD gave apologies: left as printed
        ("4", "Helen Laing"),
        ("4", "GD"),
        ("4", "Kenny Combe and Dick Noble"),
        ("5", "Helen Laing"),
    ]
    assert actions[1].description == (
        "Stop, Look and Listen - this work was still outstanding. HL would expedite."
    )
    assert [(r.item, r.outcomes) for r in resolutions] == [("4", ["AGREED"])]
    assert resolutions[0].text.endswith("it was agreed to adopt an informal approach.")


CLOSING_LISTS = """Technical Standards Board

Minutes of the meeting
Thursday 28 March 2019

Attendees:
Mark Wardle (MW) (Chair)\t\t-\tCardiff
Andrew Nelson (AN)\t\t-\tCardiff

Apologies:
Mike Ogonovsky (MO)\t\t-\tNewport

Prescribing

The Board agreed that prescribing was a fundamental issue.

MW agreed to write a blog post.

Actions

1.\tAgree letter to health boards at next meeting.
2.\tMW to produce blog post for the webpage.
3.\tMO to circulate the paper.

Decisions

\u2022\tThe Board agreed that prescribing was a fundamental issue.
\u2022\tIt was agreed by the Board that it would adopt FHIR.
"""


def test_closing_actions_and_decisions_lists_are_the_record() -> None:
    resolutions, actions = _read(CLOSING_LISTS)
    # the minute-taker's lists, not the prose they summarise
    assert [(r.item, r.outcomes, r.text) for r in resolutions] == [
        (None, ["AGREED"], "The Board agreed that prescribing was a fundamental issue."),
        (None, ["AGREED"], "It was agreed by the Board that it would adopt FHIR."),
    ]
    assert [(a.ref, a.owner) for a in actions] == [
        ("1", None),
        ("2", "Mark Wardle"),
        ("3", "MO"),  # gave apologies: not resolved
    ]


FOUNDATION = """---
title: Board meeting
---

Board monthly meeting, January 9, 2025

Board members in attendance were:

- Thibaud Colas
- Jeff Triplett

Grants approved

- Python Weekend Abuja: USD $500.00

Ongoing business

- Would like to have these resolved so that we can vote by next time
- Thibaud to take point on coming up with a plan

Action items

- Catherine Holmes: Create monthly charts
- Thibaud Colas & Jeff Triplett: Start a draft of new bylaws
- All board members: Look at the PRs, answer questions
"""


def test_decision_headings_and_owner_task_lists() -> None:
    resolutions, actions = _read(FOUNDATION)
    assert [(r.outcomes, r.text) for r in resolutions] == [
        (["APPROVED"], "Grants approved: Python Weekend Abuja: USD $500.00")
    ]
    assert [(a.owner, a.description) for a in actions] == [
        ("Catherine Holmes", "Create monthly charts"),
        ("Thibaud Colas and Jeff Triplett", "Start a draft of new bylaws"),
        ("All board members", "Look at the PRs, answer questions"),
    ]


DISPOSITIONS = """CITY OF RIVERTON OFFICIAL MINUTES A REGULAR MEETING OF THE COUNCIL WAS HELD THIS 12TH DAY OF JANUARY, 2011 AT 9:30 A.M. THOSE PRESENT WERE: Mayor Adams, Presiding; Commissioners Fish, Fritz.

Commissioner Fritz arrived at 9:36 a.m.

OFFICERS IN ATTENDANCE: Karla Moore-Love, Clerk of the Council.

Item No. 42 was pulled for discussion and on a Y-3 roll call, the balance of the Consent Agenda was adopted. Disposition: COMMUNICATIONS 38 Request of Joe Bloggs to address Council regarding wages (Communication) PLACED ON FILE CONSENT AGENDA Mayor Adams 39 Appoint Alison Stoll to the Planning Committee (Report) (Y-3) CONFIRMED *40 Accept a grant of $94,710 for volunteers (Ordinance) (Y-3) 184349 41 Adopt a Waste Reduction Program (Ordinance) PASSED TO SECOND READING JANUARY 19, 2011 AT 9:30 AM Bureau of Transport *42 Authorize an agreement with TriMet (Ordinance) REFERRED TO COMMISSIONER OF FINANCE

Closed Caption File. Adams: Good morning. Please read item 39. Fish: Aye. Fritz: Aye. Adams: Aye. It is approved.
"""  # noqa: E501 (text extracted from this family's PDFs runs items together on one line)


def test_numbered_items_with_printed_dispositions() -> None:
    resolutions, _ = _read(DISPOSITIONS)
    assert [(r.item, r.outcomes) for r in resolutions] == [
        (None, ["ADOPTED"]),
        ("38", ["PLACED ON FILE"]),
        ("39", ["(Y-3)", "CONFIRMED"]),
        ("40", ["(Y-3)"]),
        ("41", ["PASSED TO SECOND READING"]),
        ("42", ["REFERRED TO COMMISSIONER OF FINANCE"]),
    ]
    assert resolutions[2].text == "Appoint Alison Stoll to the Planning Committee"
    # the verbatim transcript appended to the minutes records no decision of its own


def test_printed_initials_take_the_words_that_spell_them() -> None:
    found = printed_initials(
        [
            "Present: Catherine Chisholm\tCC\tJim Fullarton (SBC)\tJF",
            "Mark Wardle (MW) (Chair)  Andy Warburton (AWa), Kellie IK Helen Mary Laing (HML)",
        ]
    )
    assert found == {
        "MW": "Mark Wardle",
        "AWa": "Andy Warburton",
        "HML": "Helen Mary Laing",
        "CC": "Catherine Chisholm",
        "JF": "Jim Fullarton",  # the cell after the name, not its bracketed affiliation
    }


def test_sentences_do_not_end_at_abbreviations_or_initials() -> None:
    assert sentences("Paid (Ch. No. 300097) to S. Evans – all approved. Cllr A left.") == [
        "Paid (Ch. No. 300097) to S. Evans – all approved.",
        "Cllr A left.",
    ]


def test_paragraphs_join_across_page_breaks_and_keep_lettered_parts() -> None:
    lines, minutes = _minutes(
        "Minutes of a meeting held on 1 May 2024\n\nPresent: Cllr A Smith\n\n"
        "12. Remote meetings:\n(a) Proposed purchase of a laptop.\n"
        "(b) Change of address. Cllr Smith proposed and Cllr Brown seconded approval, which\n"
        "\n2\n\n\nwas carried.\n"
    )
    segments = minute_segments(lines, minutes)
    assert [(s.label, s.text) for s in segments] == [
        ("a", "Proposed purchase of a laptop."),
        (
            "b",
            "Change of address. Cllr Smith proposed and Cllr Brown seconded approval, which "
            "was carried.",
        ),
    ]
    resolutions, _ = read_resolutions(lines, minutes)
    assert [(r.item, r.outcomes) for r in resolutions] == [("12b", ["APPROVED"])]


@pytest.mark.parametrize(
    "unit",
    [
        "1. Item\n\u25cb ACTION MW: do it\n\u25a0 Action Complete\n",
        "Some text about things.\tKC/GD\nmore\tHP\n",
        "Clerk to ask Cllr Smith, Cllr Jones & Cllr Brown and Cllrs A, B, C to do this. ",
        "it was agreed approved carried to be approved proposed seconded by ",
        "\t1.\tSub\nRESULT: APPROVED [UNANIMOUS]\nMOTION BY: A\n",
        "Grants approved\n- a\n",
        "38 Request of Joe (Communication) (Y-5) PLACED ON FILE ",
        "Ch. No. S. Adams: Aye. ",
    ],
)
def test_two_megabytes_of_minutes_give_a_bounded_result(unit: str) -> None:
    text = "Minutes of a meeting held on 1 May 2024\n\nPresent: Holly Packer (HP)\n\n"
    text += (unit * (2_000_000 // len(unit) + 1))[:2_000_000]
    lines = normalise(text).split("\n")
    # the whole document as minutes, however the minutes reader would delimit them
    minutes = Minutes(heading=0, end=len(lines), body_start=3, date=None)
    # No timing here (bench/adversarial.py measures speed): what is read stays bounded.
    resolutions, warnings = read_resolutions(lines, minutes)
    actions, _ = read_actions(lines, read_agenda([]), minutes, Roster(), None)
    assert len(resolutions) <= 500
    assert len(actions) <= 5000
    if minutes.end - minutes.body_start > 5000:
        assert any("minutes longer than" in warning for warning in warnings)


MINUTES_DOCUMENTS = [
    "ayton-community-council-minutes-2019-10-01.pdf",
    "cssuob-computer-science-society-committee-minutes-2024-07-09.pdf",
    "django-software-foundation-board-minutes-2025-01-09.md",
    "east-palo-alto-planning-commission-minutes-2020-01-27.pdf",
    "tintern-community-council-minutes-2018-10-29.pdf",
    "welsh-technical-standards-board-minutes-2019-03-28.md",
]


@pytest.mark.parametrize("name", MINUTES_DOCUMENTS)
def test_corpus_minutes_decisions_and_actions(name: str) -> None:
    """The hand-read expected files of minutes from six families, on their minutes alone."""
    path = CORPUS / name
    expected = json.loads((EXPECTED / f"{path.stem}.json").read_text(encoding="utf-8"))
    lines = normalise(file_text(path)).split("\n")
    heading = find_minutes_alone(lines)
    assert heading is not None
    minutes = read_minutes(lines, heading, None, alone=True)
    attendance = read_attendance(lines, minutes)
    roster = Roster()
    for person, title in attendance.titled:
        roster.add(person, title=title)
    resolutions, _ = read_resolutions(lines, minutes)
    actions, _ = read_actions(lines, read_agenda([]), minutes, roster, minutes.date)
    predicted = {
        "resolutions": [
            {"item": r.item, "outcomes": r.outcomes, "text": r.text} for r in resolutions
        ],
        "actions": [
            {
                "ref": a.ref,
                "description": a.description,
                "owner": a.owner,
                "due": a.due.isoformat() if a.due else None,
                "status": a.status,
            }
            for a in actions
        ],
    }
    scores = evaluate(
        predicted, {"resolutions": expected["resolutions"], "actions": expected["actions"]}
    )
    for field in (
        "actions.items",
        "actions.ref",
        "actions.owner",
        "actions.status",
        "resolutions.items",
        "resolutions.outcomes",
        "resolutions.text",
    ):
        counts = scores[field]
        if counts.tp + counts.fp + counts.fn:
            assert counts.f1 >= 0.9, f"{name} {field}: {counts}"


# US council minutes of the same family worded another way: no type tags after the titles,
# numeric and spelled-out tallies, section headings of other wording, a lettered item mark.
OTHER_DISPOSITIONS = """TOWN OF MAPLE GROVE MINUTES OF THE REGULAR MEETING OF THE TOWN COUNCIL HELD ON MARCH 3, 2025 AT 7:00 P.M. PRESENT: Mayor Ortiz; Councilmembers Lee, Park, Novak.

OFFICERS IN ATTENDANCE: Jane Roe, Town Clerk.

NEW BUSINESS 7 Approve the purchase of two patrol vehicles (5-0) APPROVED OLD BUSINESS 8 Award the paving contract to Delta Asphalt Ayes 4, Noes 1 ADOPTED A-9 Amend the parking ordinance for Elm Street CONTINUED TO MARCH 17, 2025 10 Rename the community garden REFERRED TO PARKS BOARD Adjourned at 8:10 p.m. JOHN SMITH TOWN CLERK (4-1) WITHDRAWN
"""  # noqa: E501 (text extracted from this family's PDFs runs items together on one line)


def test_dispositions_of_other_councils_in_the_family() -> None:
    resolutions, _ = _read(OTHER_DISPOSITIONS)
    assert [(r.item, r.text, r.outcomes) for r in resolutions] == [
        ("7", "Approve the purchase of two patrol vehicles", ["(5-0)", "APPROVED"]),
        ("8", "Award the paving contract to Delta Asphalt", ["Ayes 4, Noes 1", "ADOPTED"]),
        ("9", "Amend the parking ordinance for Elm Street", ["CONTINUED"]),
        # the signatory in capitals ends the last item: the tally after it is not the item's
        ("10", "Rename the community garden", ["REFERRED TO PARKS BOARD"]),
    ]


MINUTES_WITH_OWNERS = """MINUTES OF THE BOARD MEETING HELD ON 9 JANUARY 2025

Present: Ann Baker, Carl Dunn, Eve Ford
Apologies: Gus Hale

1. Finance
Action: Ann Baker to circulate the budget.
Action: Gus Hale to book the venue.
Action: Ivy Jones to draft the newsletter.
"""


def test_action_owners_are_checked_against_the_people_the_minutes_name() -> None:
    lines, minutes = _minutes(MINUTES_WITH_OWNERS)
    attendance = read_attendance(lines, minutes)
    roster = Roster()
    for name, title in attendance.titled:
        roster.add(name, title=title)
    actions, warnings = read_actions(lines, read_agenda([]), minutes, roster, minutes.date)
    assert [a.owner for a in actions] == ["Ann Baker", "Gus Hale", "Ivy Jones"]
    owner_warnings = [w for w in warnings if "owner" in w]
    # present and apologies are named; only the stranger is warned, with no membership list
    assert len(owner_warnings) == 1
    assert "'Ivy Jones' not among the people named in the document" in owner_warnings[0]
    assert not any("membership list" in w for w in warnings)


def test_action_owners_outside_a_membership_list_are_still_warned() -> None:
    lines, minutes = _minutes(MINUTES_WITH_OWNERS)
    roster = Roster()
    roster.add("Ann Baker", member=True)
    roster.add("Carl Dunn", member=True)
    roster.add("Gus Hale")  # named (apologies) but not a member
    _, warnings = read_actions(lines, read_agenda([]), minutes, roster, minutes.date)
    owner_warnings = [w for w in warnings if "owner" in w]
    assert any("'Gus Hale' not in the membership list" in w for w in owner_warnings)
    assert any("'Ivy Jones' not in the membership list" in w for w in owner_warnings)
    assert not any("Ann Baker" in w for w in owner_warnings)
