"""The questions table: items named by their words, people, meetings by time, the agenda as a
whole, small talk and suggestions, on two boards' agendas; and the table's order means nothing.
"""

from __future__ import annotations

import random
from datetime import date

import pytest

from language import intents
from language.intents import (
    AgendaEntry,
    Intent,
    PersonEntry,
    meeting_words_in,
    suggest,
    understand,
)
from language.questions import QUESTIONS

TUESDAY = date(2023, 10, 3)  # a week before the Rutland meeting of Tuesday 10 October 2023

# The Rutland Health and Wellbeing Board, Tuesday 10 October 2023.
RUTLAND = (
    AgendaEntry("1", "WELCOME AND APOLOGIES RECEIVED"),
    AgendaEntry("2", "RECORD OF MEETING"),
    AgendaEntry("3", "ACTIONS ARISING"),
    AgendaEntry("4", "DECLARATIONS OF INTEREST"),
    AgendaEntry("5", "PETITIONS, DEPUTATIONS AND QUESTIONS"),
    AgendaEntry("6", "QUESTIONS WITH NOTICE FROM MEMBERS"),
    AgendaEntry("7", "NOTICES OF MOTION FROM MEMBERS"),
    AgendaEntry("8", "LEICESTER, LEICESTERSHIRE & RUTLAND (LLR) INTEGRATED CARE SYSTEM"),
    AgendaEntry("8A", "RUTLAND HEALTH PLAN: UPDATE", "Debra Mitchell"),
    AgendaEntry("9", "JOINT STRATEGIC NEEDS ASSESSMENT: UPDATES & TIMELINE", "Adrian Allen"),
    AgendaEntry("10", "JOINT HEALTH AND WELLBEING STRATEGY: UPDATE", "Katherine Willison"),
    AgendaEntry("10A", "COMMUNICATION AND ENGAGEMENT PLAN", "Katherine Willison"),
    AgendaEntry("10B", "AREA SEND INSPECTION REPORT", "Dawn Godfrey"),
    AgendaEntry(
        "10C",
        "RUTLAND MENTAL HEALTH NEIGHBOURHOOD STRATEGY AND ACTION PLAN",
        "Emma Jane Hollands",
    ),
    AgendaEntry("11", "BETTER CARE FUND: 2023-2025", "Katherine Willison"),
    AgendaEntry("12", "RUTLAND HEALTH AND WELLBEING BOARD: TERMS OF REFERENCE ANNUAL UPDATE"),
    AgendaEntry("13", "REVIEW OF FORWARD PLAN AND ANNUAL WORK PLAN"),
    AgendaEntry("14", "ANY URGENT BUSINESS"),
    AgendaEntry("15", "DATE OF NEXT MEETING"),
)
RUTLAND_PEOPLE = (
    PersonEntry("Diane Ellison", ("chair",)),
    PersonEntry("Mike Sandys", ("vice-chair",)),
    *(
        PersonEntry(name, ("member",))
        for name in (
            "Dawn Godfrey",
            "Debra Mitchell",
            "Janet Underwood",
            "Kim Sorsky",
            "Sarah Prema",
            "Tim Smith",
        )
    ),
    *(
        PersonEntry(name, ("officer",))
        for name in ("Adrian Allen", "Emma Jane Hollands", "Katherine Willison", "Jane Narey")
    ),
)

# An invented borough planning committee: other titles, application numbers, councillors.
PLANNING = (
    AgendaEntry("1", "APOLOGIES FOR ABSENCE"),
    AgendaEntry("2", "MINUTES OF THE PREVIOUS MEETING"),
    AgendaEntry("3", "DECLARATIONS OF INTEREST"),
    AgendaEntry("4", "23/01234/FUL LAND NORTH OF STATION ROAD, WESTBRIDGE", "Helen Carter"),
    AgendaEntry("5", "23/00987/OUT FORMER GASWORKS SITE, CANAL STREET", "Mark Osei"),
    AgendaEntry("6", "TREE PRESERVATION ORDER 2023 NO. 4: ELM AVENUE", "Helen Carter"),
    AgendaEntry("7", "APPEALS PERFORMANCE REPORT Q2", "Priya Shah"),
    AgendaEntry("8", "FIVE YEAR HOUSING LAND SUPPLY UPDATE", "Priya Shah"),
    AgendaEntry("9", "ENFORCEMENT ACTIVITY SUMMARY", "Tom Baker"),
    AgendaEntry("10", "EXCLUSION OF THE PRESS AND PUBLIC"),
)
PLANNING_PEOPLE = (
    PersonEntry("Cllr Robert Hughes", ("chair",)),
    PersonEntry("Cllr Ayesha Khan", ("vice-chair",)),
    *(
        PersonEntry(name, ("member",))
        for name in (
            "Cllr Peter Lloyd",
            "Cllr Susan Grant",
            "Cllr Gareth Jones",
            "Cllr Helen Marsh",
        )
    ),
    *(PersonEntry(name, ("officer",)) for name in ("Helen Carter", "Mark Osei", "Priya Shah")),
    PersonEntry("Tom Baker", ("officer",)),
    PersonEntry("Linda Price", ("clerk",)),
)
BOARDS = ("Rutland Health and Wellbeing Board", "Planning Committee")


def ask(
    text: str,
    *,
    today: date = TUESDAY,
    agenda: tuple[AgendaEntry, ...] = RUTLAND,
    people: tuple[PersonEntry, ...] = RUTLAND_PEOPLE,
) -> Intent | None:
    return understand(
        text,
        today=today,
        item_numbers=[entry.number for entry in agenda],
        board_names=BOARDS,
        agenda=agenda,
        people=people,
    )


def planning(text: str) -> Intent | None:
    return ask(text, agenda=PLANNING, people=PLANNING_PEOPLE)


# ---- the examples of issue 17's "Why" ------------------------------------------------------


def test_who_is_presenting_the_better_care_fund_item() -> None:
    assert ask("who is presenting the better care fund item?") == Intent("item", "11", "presenter")


def test_who_is_presentng_10b() -> None:
    assert ask("who is presentng 10b") == Intent("item", "10B", "presenter")


def test_what_page_is_the_better_care_fund_report_on() -> None:
    assert ask("what page is the better care fund report on?") == Intent("item", "11", "pages")


def test_hello() -> None:
    assert ask("hello") == Intent("smalltalk", detail="greeting")


def test_agenda_16_january_is_next_january() -> None:
    assert ask("agenda 16 January") == Intent("agenda", "2024-01-16")


def test_agenda_tuesday_on_a_tuesday_is_the_next_tuesday_with_a_meeting() -> None:
    assert ask("agenda Tuesday") == Intent("agenda", "tuesday")


def test_i_cant_make_it() -> None:
    assert ask("I can't make it") == Intent("apologies")


def test_thanks() -> None:
    assert ask("thanks") == Intent("smalltalk", detail="thanks")


# ---- items named by their words (Rutland) ------------------------------------------------------

ITEMS_BY_WORDS: list[tuple[str, Intent]] = [
    # who presents it
    ("who is presenting the better care fund item?", Intent("item", "11", "presenter")),
    ("who presents the better care fund", Intent("item", "11", "presenter")),
    ("whos doing the send inspection report", Intent("item", "10B", "presenter")),
    ("who's presentng the mental helth strategy", Intent("item", "10C", "presenter")),
    (
        "who is presenting the mental health neighborhood strategy",
        Intent("item", "10C", "presenter"),
    ),
    (
        "who is leading on the joint health and wellbeing strategy",
        Intent("item", "10", "presenter"),
    ),
    (
        "who is speaking to the communication and engagement plan",
        Intent("item", "10A", "presenter"),
    ),
    ("who is introducing the LLR integrated care system item", Intent("item", "8", "presenter")),
    ("presenter for the jsna", Intent("item", "9", "presenter")),
    ("who will present the BCF?", Intent("item", "11", "presenter")),
    ("Who is presenting the communications plan", Intent("item", "10A", "presenter")),
    ("WHO IS PRESENTING THE BETTER CARE FUND", Intent("item", "11", "presenter")),
    ("who is presenting the beter care fnd", Intent("item", "11", "presenter")),
    ("who's presenting the neighbourhood strategy", Intent("item", "10C", "presenter")),
    ("whos presenting the comms plan", Intent("item", "10A", "presenter")),
    # its pages
    ("what page is the better care fund report on?", Intent("item", "11", "pages")),
    ("what page is the send inspection on", Intent("item", "10B", "pages")),
    ("which page is item 9 on", Intent("item", "9", "pages")),
    ("page number for the health plan update", Intent("item", "8A", "pages")),
    ("where is the better care fund in the pack", Intent("item", "11", "pages")),
    ("what pages are the terms of referance on?", Intent("item", "12", "pages")),
    # its papers
    ("papers for the better care fund", Intent("item", "11", "papers")),
    ("can i see the report for the send inspection", Intent("item", "10B", "papers")),
    ("documents for item 10c", Intent("item", "10C", "papers")),
    ("send me the papers for the forward plan review", Intent("item", "13", "papers")),
    # how long
    ("how long is the send inspection item", Intent("item", "10B", "duration")),
    ("how long is item 11", Intent("item", "11", "duration")),
    ("how much time for the better care fund", Intent("item", "11", "duration")),
    ("how many minutes for the jsna", Intent("item", "9", "duration")),
    ("time allowed for the communications plan", Intent("item", "10A", "duration")),
    ("how long do we have for the jsna", Intent("item", "9", "duration")),
    ("how much time is allocated to the send inspection", Intent("item", "10B", "duration")),
    # what it is for
    ("what's the jsna update for", Intent("item", "9", "purpose")),
    ("what is item 8a for", Intent("item", "8A", "purpose")),
    ("is the better care fund for decision or information", Intent("item", "11", "purpose")),
    ("why is the send inspection on the agenda", Intent("item", "10B", "purpose")),
    ("what's the purpose of the terms of reference update", Intent("item", "12", "purpose")),
    ("is the bcf for decision", Intent("item", "11", "purpose")),
    ("what is the communication and engagement plan for?", Intent("item", "10A", "purpose")),
    ("whats the better care fund for", Intent("item", "11", "purpose")),
    # its report number
    ("report number for item 10b", Intent("item", "10B", "report")),
    ("which report is the better care fund", Intent("item", "11", "report")),
    ("what is the report number for the send inspection", Intent("item", "10B", "report")),
    ("what's the report no for the health plan", Intent("item", "8A", "report")),
    # what was decided on it (an item of the agenda: its number, or "item" said)
    ("what was agreed on item 11", Intent("item", "11", "decisions")),
    ("what was decided on the send inspection item", Intent("item", "10B", "decisions")),
    ("what was decided on the forward plan item", Intent("item", "13", "decisions")),
    ("did we agree item 10a", Intent("item", "10A", "decisions")),
    (
        "what was decided on the better care fund item of the agenda",
        Intent("item", "11", "decisions"),
    ),
    # the item itself
    ("tell me about the mental health strategy", Intent("item", "10C")),
    ("tell me about the communication and engagement plan", Intent("item", "10A")),
    ("tell me more about the integrated care system", Intent("item", "8")),
    # several close: which one?
    ("who is presenting the update", Intent("item", "", "presenter", ("8A", "9", "10", "12"))),
    ("who is presenting the strategy", Intent("item", "", "presenter", ("9", "10", "10C"))),
    ("how long is the plan item", Intent("item", "", "duration", ("8A", "10A", "10C", "13"))),
    ("tell me about the health item", Intent("item", "", "", ("8A", "10", "10C", "12"))),
]


@pytest.mark.parametrize(("text", "expected"), ITEMS_BY_WORDS)
def test_items_named_by_their_words(text: str, expected: Intent) -> None:
    assert ask(text) == expected


PLANNING_ITEMS: list[tuple[str, Intent]] = [
    ("who is presenting the gasworks application", Intent("item", "5", "presenter")),
    ("what page is the station road application on", Intent("item", "4", "pages")),
    ("how long is the tree preservation order", Intent("item", "6", "duration")),
    ("who presents the appeals performance report?", Intent("item", "7", "presenter")),
    ("whos presenting the housing land suply update", Intent("item", "8", "presenter")),
    ("what is the enforcement summary for", Intent("item", "9", "purpose")),
    ("papers for the canal street site", Intent("item", "5", "papers")),
    ("who is presenting the land item", Intent("item", "", "presenter", ("4", "8"))),
    ("report number for the elm avenue TPO", Intent("item", "6", "report")),
]


@pytest.mark.parametrize(("text", "expected"), PLANNING_ITEMS)
def test_items_of_another_agenda(text: str, expected: Intent) -> None:
    assert planning(text) == expected


def test_decisions_about_a_topic_stay_a_decisions_search() -> None:
    # Without "item" or a number, what was decided may be from any meeting: a search.
    assert ask("what did we decide about the better care fund") == Intent(
        "decisions", "better care fund"
    )
    assert ask("was the better care fund approved?") == Intent("decisions", "better care fund")


def test_an_item_named_by_its_title_alone_is_its_card_and_suggested() -> None:
    assert ask("better care fund") == Intent("item", "11")
    found = suggest("better care fund", today=TUESDAY, agenda=RUTLAND, people=RUTLAND_PEOPLE)
    assert found[:2] == (Intent("item", "11"), Intent("item", "11", "presenter"))


def test_never_the_whole_agenda() -> None:
    for text in ("who is presenting the", "who is presenting the update", "tell me about rutland"):
        intent = ask(text)
        assert intent is None or len(intent.choices) <= 5


def test_items_are_still_found_by_number() -> None:
    assert ask("who is presenting 10b") == Intent("item", "10B", "presenter")
    assert ask("item 8 a") == Intent("item", "8A")
    assert ask("number six") == Intent("item", "6")
    assert ask("how long is number 10 c?") == Intent("item", "10C", "duration")


# ---- people --------------------------------------------------------------------------------

PEOPLE: list[tuple[str, Intent]] = [
    ("who's the chair", Intent("person", "chair")),
    ("who is the vice chair", Intent("person", "vice-chair")),
    ("who is the vice-chair?", Intent("person", "vice-chair")),
    ("who is the deputy chair", Intent("person", "vice-chair")),
    ("who's vice chairman", Intent("person", "vice-chair")),
    ("who is the clerk", Intent("person", "clerk")),
    ("who is the secretary", Intent("person", "clerk")),
    ("who chairs the board", Intent("person", "chair")),
    ("who is mike sandys", Intent("person", "Mike Sandys")),
    ("who is dawn godfrey", Intent("person", "Dawn Godfrey")),
    ("who's katharine", Intent("person", "Katherine Willison")),
    ("whos the chairman", Intent("person", "chair")),
    ("who is chairing the meeting", Intent("person", "chair")),
    ("who is katherine willisen", Intent("person", "Katherine Willison")),
    ("who is emma", Intent("person", "Emma Jane Hollands")),
    ("sarah prema?", Intent("person", "Sarah Prema")),
    ("Godfrey", Intent("person", "Dawn Godfrey")),
    ("what is dawn presenting", Intent("person", "Dawn Godfrey", "items")),
    ("what items is katherine presenting", Intent("person", "Katherine Willison", "items")),
    ("is adrian allen presenting anything", Intent("person", "Adrian Allen", "items")),
    ("what does debra mitchel present?", Intent("person", "Debra Mitchell", "items")),
    ("dawn's actions", Intent("person", "Dawn Godfrey", "actions")),
    ("tim smith's actions", Intent("person", "Tim Smith", "actions")),
    ("does janet underwood have any actions", Intent("person", "Janet Underwood", "actions")),
    ("what are the chair's actions", Intent("person", "chair", "actions")),
    ("what are diane's actions", Intent("person", "Diane Ellison", "actions")),
    ("does the vice chair have any actions", Intent("person", "vice-chair", "actions")),
    ("what is diane ellison's role", Intent("person", "Diane Ellison", "role")),
    ("what does kim sorsky do", Intent("person", "Kim Sorsky", "role")),
    ("what is the vice chair's role", Intent("person", "vice-chair", "role")),
    ("whats jane narey's job title", Intent("person", "Jane Narey", "role")),
    ("what is mike's role", Intent("person", "Mike Sandys", "role")),
    ("what does the chair do", Intent("person", "chair", "role")),
    ("who is jane", Intent("person", "", "", ("Emma Jane Hollands", "Jane Narey"))),
    ("who is on the board", Intent("members")),
    ("members", Intent("members")),
    ("who sits on the committee", Intent("members")),
]


@pytest.mark.parametrize(("text", "expected"), PEOPLE)
def test_people(text: str, expected: Intent) -> None:
    assert ask(text) == expected


PLANNING_PEOPLE_QUESTIONS: list[tuple[str, Intent]] = [
    ("who is robert hughes", Intent("person", "Cllr Robert Hughes")),
    ("what is cllr khan's role", Intent("person", "Cllr Ayesha Khan", "role")),
    ("what is priya shah presenting", Intent("person", "Priya Shah", "items")),
    ("who is helen", Intent("person", "", "", ("Cllr Helen Marsh", "Helen Carter"))),
    ("tom baker's actions", Intent("person", "Tom Baker", "actions")),
    ("who is the clerk", Intent("person", "clerk")),
]


@pytest.mark.parametrize(("text", "expected"), PLANNING_PEOPLE_QUESTIONS)
def test_people_of_another_board(text: str, expected: Intent) -> None:
    assert planning(text) == expected


def test_a_name_in_a_title_does_not_hijack_an_item_question() -> None:
    agenda = (
        AgendaEntry("5", "SMITH MEMORIAL PARK: LEASE RENEWAL", "Kim Sorsky"),
        AgendaEntry("6", "BUDGET MONITORING", "Tim Smith"),
    )
    people = (PersonEntry("Tim Smith", ("member",)), PersonEntry("Kim Sorsky", ("officer",)))
    assert ask("who is presenting the smith memorial park item", agenda=agenda, people=people) == (
        Intent("item", "5", "presenter")
    )
    assert ask("what is tim smith presenting", agenda=agenda, people=people) == Intent(
        "person", "Tim Smith", "items"
    )


def test_statements_about_people_are_not_questions() -> None:
    assert ask("I agree with the chair") is None
    assert ask("I spoke to dawn yesterday about it all") is None


# What an agenda and people add changes nothing else: the questions of test_intents, asked
# with the Rutland agenda, its people and two boards, are answered as without them, but for
# these, which the agenda makes more precise.
MORE_PRECISE = {
    "who will present the better care fund": Intent("item", "11", "presenter"),
    "tell me about the better care fund": Intent("item", "11"),
}


def test_an_agenda_and_people_change_only_what_they_name() -> None:
    from tests.language.test_intents import ITEMS, NOT_UNDERSTOOD, PHRASINGS, PRECEDENCE, TYPOS

    for text in [row[0] for row in (*PHRASINGS, *TYPOS, *PRECEDENCE)] + NOT_UNDERSTOOD:
        alone = understand(text, today=TUESDAY, item_numbers=ITEMS)
        assert ask(text) == MORE_PRECISE.get(text, alone), text


# ---- meetings by time ------------------------------------------------------------------------

MEETINGS_BY_TIME: list[tuple[str, Intent]] = [
    ("agenda 16 January", Intent("agenda", "2024-01-16")),
    ("what's on the agenda on 10 October", Intent("agenda", "2023-10-10")),
    ("what was on the agenda on 12 September?", Intent("agenda", "2023-09-12")),
    ("what did we discuss on 20 December", Intent("agenda", "2022-12-20")),
    ("the january meeting agenda", Intent("agenda", "2024-01")),
    ("agenda for march", Intent("agenda", "2024-03")),
    ("agenda for jan", Intent("agenda", "2024-01")),
    ("when is the meeting in january", Intent("next", "2024-01")),
    ("what was on the agenda in september", Intent("agenda", "2023-09")),
    ("agenda for the october meeting", Intent("agenda", "2023-10")),
    ("what happened in june", Intent("agenda", "2023-06")),
    ("what happened at the november meeting", Intent("agenda", "2022-11")),
    ("agenda for March 2025", Intent("agenda", "2025-03")),
    ("when is the meeting in february", Intent("next", "2024-02")),
    ("agenda on Tuesday", Intent("agenda", "tuesday")),
    ("what's on thursday?", Intent("agenda", "thursday")),
    ("agenda for next tuesday", Intent("agenda", "2023-10-10")),
    ("what was discussed on Monday", Intent("agenda", "2023-10-02")),
    ("what was on the agenda at the last meeting", Intent("agenda", "previous")),
    ("agenda of the previous meeting", Intent("agenda", "previous")),
    ("previous meeting's agenda", Intent("agenda", "previous")),
    ("where was the last meeting held", Intent("next", "previous")),
    ("agenda for the meeting after next", Intent("agenda", "after next")),
    ("what's on the agenda for the meeting after next", Intent("agenda", "after next")),
    ("agenda for last meeting", Intent("agenda", "previous")),
    ("when is the meeting after next?", Intent("next", "after next")),
    ("when is the following meeting", Intent("next", "after next")),
    ("when is the next meeting", Intent("next")),
    ("when was the last meeting", Intent("meetings", "past")),
    ("agenda next month", Intent("agenda", "2023-11")),
    ("what was decided in june", Intent("decisions", when="2023-06")),
    ("what did the board decide on 12 September", Intent("decisions", when="2023-09-12")),
    ("when is the next meeting after this one", Intent("next", "after next")),
    ("when is the one after that", Intent("next", "after next")),
    ("and the one after that?", Intent("next", "after next")),
    ("what's on the agenda for the meeting after that one", Intent("agenda", "after next")),
    ("I can't make the meeting on Tuesday", Intent("apologies", "tuesday")),
    ("apologies for the january meeting", Intent("apologies", "2024-01")),
    ("planning committee agenda on friday", Intent("agenda", "friday")),
]


@pytest.mark.parametrize(("text", "expected"), MEETINGS_BY_TIME)
def test_meetings_by_time(text: str, expected: Intent) -> None:
    assert ask(text) == expected


def test_a_month_is_the_next_or_the_last_such_month_from_today() -> None:
    assert ask("agenda for october", today=date(2023, 10, 31)) == Intent("agenda", "2023-10")
    assert ask("agenda for september", today=date(2023, 10, 31)) == Intent("agenda", "2024-09")
    assert ask("what happened in december", today=date(2024, 1, 2)) == Intent("agenda", "2023-12")
    assert ask("may I see the agenda") == Intent("agenda")
    assert ask("agenda in may") == Intent("agenda", "2024-05")


# ---- the agenda as a whole -------------------------------------------------------------------

AGENDA_VIEWS: list[tuple[str, Intent]] = [
    ("how many items are on the agenda", Intent("agenda", "", "size")),
    ("how long will the meeting be", Intent("agenda", "", "size")),
    ("how big is the agenda?", Intent("agenda", "", "size")),
    ("how many items r there", Intent("agenda", "", "size")),
    ("how long is the meeting going to be", Intent("agenda", "", "size")),
    ("how long is the meeting on tuesday", Intent("agenda", "tuesday", "size")),
    ("whats the running order", Intent("agenda", "", "order")),
    ("what's first on the agenda", Intent("agenda", "", "first")),
    ("what's last on the agenda", Intent("agenda", "", "last")),
    ("what's the last item", Intent("agenda", "", "last")),
    ("which item comes first?", Intent("agenda", "", "first")),
    ("what is the final item on the agenda", Intent("agenda", "", "last")),
    ("what's the first item at the january meeting", Intent("agenda", "2024-01", "first")),
    ("what's the running order?", Intent("agenda", "", "order")),
    ("order of business for the january meeting", Intent("agenda", "2024-01", "order")),
    ("what's for decision", Intent("agenda", "", "purpose:decision")),
    ("what do we have to approve", Intent("agenda", "", "purpose:approval")),
    ("what are we being asked to decide", Intent("agenda", "", "purpose:decision")),
    ("what's for approval at the next meeting", Intent("agenda", "", "purpose:approval")),
    ("which items are for information?", Intent("agenda", "", "purpose:information")),
    ("what is for noting", Intent("agenda", "", "purpose:noting")),
    ("what needs a decision at the next meeting", Intent("agenda", "", "purpose:decision")),
    ("what do I need to read before the meeting", Intent("agenda", "", "prepare")),
    ("reading list", Intent("agenda", "", "prepare")),
    ("which papers should I read", Intent("agenda", "", "prepare")),
    ("what papers do i need to read", Intent("agenda", "", "prepare")),
    ("what should i read before tuesday", Intent("agenda", "tuesday", "prepare")),
    ("what should i prepare for tuesday's meeting", Intent("agenda", "tuesday", "prepare")),
]


@pytest.mark.parametrize(("text", "expected"), AGENDA_VIEWS)
def test_the_agenda_as_a_whole(text: str, expected: Intent) -> None:
    assert ask(text) == expected


# ---- small talk ------------------------------------------------------------------------------

SMALL_TALK: list[tuple[str, str]] = [
    ("hello", "greeting"),
    ("hi there", "greeting"),
    ("Good morning!", "greeting"),
    ("hey quorum", "greeting"),
    ("hiya", "greeting"),
    ("hey there", "greeting"),
    ("good evening", "greeting"),
    ("thanks", "thanks"),
    ("thank you 🙏", "thanks"),
    ("cheers", "thanks"),
    ("thanks for your help", "thanks"),
    ("thank you for sending the agenda", "thanks"),
    ("thanks so much for the reminder", "thanks"),
    ("cheers for letting me know", "thanks"),
    ("great, thanks a lot!", "thanks"),
    ("ta", "thanks"),
    ("thank u", "thanks"),
    ("many thanks", "thanks"),
    ("ok thanks", "thanks"),
    ("cheers mate", "thanks"),
    ("bye", "farewell"),
    ("see you", "farewell"),
    ("goodbye!", "farewell"),
    ("see you later", "farewell"),
    ("good night", "farewell"),
    ("how are you today?", "wellbeing"),
    ("how are you", "wellbeing"),
    ("how are u", "wellbeing"),
]


@pytest.mark.parametrize(("text", "kind"), SMALL_TALK)
def test_small_talk(text: str, kind: str) -> None:
    assert ask(text) == Intent("smalltalk", detail=kind)


@pytest.mark.parametrize(
    "text",
    ["ok", "lol", "👍", "yes", "no", "haha", "what's the weather like", "the meeting was great"],
)
def test_chatter_is_not_small_talk(text: str) -> None:
    assert ask(text) is None


def test_a_greeting_before_a_question_answers_the_question() -> None:
    assert ask("hi, when is the next meeting") == Intent("next")
    assert ask("good morning, who is presenting the better care fund?") == Intent(
        "item", "11", "presenter"
    )
    assert ask("thanks! and what's on the agenda?") == Intent("agenda")


# ---- suggestions -----------------------------------------------------------------------------


def suggestions(text: str) -> tuple[Intent, ...]:
    return suggest(
        text,
        today=TUESDAY,
        item_numbers=[entry.number for entry in RUTLAND],
        board_names=BOARDS,
        agenda=RUTLAND,
        people=RUTLAND_PEOPLE,
    )


@pytest.mark.parametrize("text", ["", "lol", "👍", "?!", "ok", "haha", "asdfgh qwerty"])
def test_nothing_is_suggested_for_chatter(text: str) -> None:
    assert suggestions(text) == ()


def test_an_item_named_without_a_question_suggests_its_card_and_presenter() -> None:
    found = suggestions("send inspection")
    assert found[:2] == (Intent("item", "10B"), Intent("item", "10B", "presenter"))


def test_a_name_alone_in_a_sentence_suggests_the_person() -> None:
    assert Intent("person", "Dawn Godfrey") in suggestions("I need to ring dawn godfrey about it")


def test_a_date_suggests_that_day_s_agenda() -> None:
    assert Intent("agenda", "2023-10-10") in suggestions("10 October")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("agenda stuff", Intent("agenda")),
        ("calender thing", Intent("calendar")),
        ("my acions list pls", Intent("actions")),
        ("decison", Intent("decisions")),
    ],
)
def test_close_questions_are_suggested(text: str, expected: Intent) -> None:
    found = suggestions(text)
    assert expected in found


def test_suggestions_are_few_distinct_and_deterministic() -> None:
    for text in ("better care fund", "agenda stuff", "dawn", "10 October", "the update thing"):
        found = suggestions(text)
        assert len(found) <= 3
        assert len(set(found)) == len(found)
        assert suggestions(text) == found


# ---- the table's order means nothing --------------------------------------------------------

ALL_PHRASINGS = [
    text for table in (ITEMS_BY_WORDS, PEOPLE, MEETINGS_BY_TIME, AGENDA_VIEWS) for text, _ in table
] + [text for text, _ in SMALL_TALK]


def test_the_order_of_the_table_means_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.language.test_intents import NOT_UNDERSTOOD, PHRASINGS, PRECEDENCE, TYPOS

    texts = ALL_PHRASINGS + [row[0] for row in (*PHRASINGS, *TYPOS, *PRECEDENCE)]
    texts += NOT_UNDERSTOOD
    before = [(ask(text), suggestions(text)) for text in texts]
    for seed in range(3):
        shuffled = list(QUESTIONS)
        random.Random(seed).shuffle(shuffled)
        monkeypatch.setattr(intents, "_TABLE", tuple(shuffled))
        assert [(ask(text), suggestions(text)) for text in texts] == before
    reversed_table = tuple(reversed(QUESTIONS))
    monkeypatch.setattr(intents, "_TABLE", reversed_table)
    assert [(ask(text), suggestions(text)) for text in texts] == before


def test_every_row_has_a_unique_name_and_an_answer_to_give() -> None:
    names = [row.name for row in QUESTIONS]
    assert len(names) == len(set(names))
    for row in QUESTIONS:
        assert row.cues or row.cue_optional, row.name
        assert set(row.requires) <= set(row.slots), row.name


def test_enough_new_phrasings() -> None:
    counts = {
        "items by words": len(ITEMS_BY_WORDS) + len(PLANNING_ITEMS),
        "people": len(PEOPLE) + len(PLANNING_PEOPLE_QUESTIONS),
        "meetings by time": len(MEETINGS_BY_TIME),
        "agenda views": len(AGENDA_VIEWS),
        "small talk": len(SMALL_TALK),
    }
    assert sum(counts.values()) >= 80
    assert min(counts.values()) >= 10


# ---- a name must fit the person it settles on ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A surname alone, or a first name alone, is the one person who has it.
        ("who is smith", Intent("person", "Tim Smith")),
        ("who is tim smith", Intent("person", "Tim Smith")),
        ("who's godfrey", Intent("person", "Dawn Godfrey")),
        # Another first name with a known surname is somebody else: the words as typed, so
        # the service says nobody is called that and offers the close names.
        ("who is john smith", Intent("person", "john smith")),
        ("who's Jon Smith?", Intent("person", "Jon Smith")),
        ("who is dawn smith", Intent("person", "dawn smith")),
        ("what are John Smith's actions", Intent("person", "John Smith", "actions")),
        ("is john smith presenting anything", Intent("person", "john smith", "items")),
    ],
)
def test_a_name_settles_on_someone_only_if_it_all_fits(text: str, expected: Intent) -> None:
    assert ask(text) == expected


def test_a_name_that_does_not_fit_on_another_board() -> None:
    assert planning("who is peter hughes") == Intent("person", "peter hughes")
    assert planning("who is helen jones") == Intent("person", "helen jones")
    assert planning("who is hughes") == Intent("person", "Cllr Robert Hughes")
    assert planning("what is cllr khan's role") == Intent("person", "Cllr Ayesha Khan", "role")


# ---- statements are not questions ----------------------------------------------------------

STATEMENTS = [
    "great meeting today",
    "good meeting yesterday",
    "I spoke to Dawn",
    "I emailed the chair",
    "tell Dawn I am late",
    "tell the chair I will be late",
    "the chair will present",
    "Dawn will present",
    "I met Katherine",
    "we met on tuesday",
]


@pytest.mark.parametrize("text", STATEMENTS)
def test_statements_that_name_someone_or_a_day_are_not_questions(text: str) -> None:
    assert ask(text) is None


def test_the_same_words_asked_are_questions() -> None:
    assert ask("meeting tomorrow?") == Intent("next", "2023-10-04")
    assert ask("will the chair present?") == Intent("person", "chair", "items")
    assert ask("tell me about dawn") == Intent("person", "Dawn Godfrey")
    assert ask("dawn?") == Intent("person", "Dawn Godfrey")
    # Thanks for something is thanks; with a question after it, the question is answered.
    assert ask("thank you for sending the agenda") == Intent("smalltalk", detail="thanks")
    assert ask("thanks for the papers, what's on the agenda?") == Intent("agenda")


# ---- an item named by its title alone ----------------------------------------------------------

ITEMS_BY_TITLE: list[tuple[str, Intent]] = [
    ("better care fund", Intent("item", "11")),
    ("send inspection", Intent("item", "10B")),
    ("the mental health strategy", Intent("item", "10C")),
    ("what are the declarations of interest", Intent("item", "4")),
    ("what is the send report", Intent("item", "10B")),
    ("what is the health plan", Intent("item", "8A")),
    ("what are the actions arising", Intent("item", "3")),
    # A word several titles share asks which, with a question; alone it is only suggested.
    ("what is the update", Intent("item", "", "", ("8A", "9", "10", "12"))),
]


@pytest.mark.parametrize(("text", "expected"), ITEMS_BY_TITLE)
def test_an_item_named_by_its_title_alone(text: str, expected: Intent) -> None:
    assert ask(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gasworks site", Intent("item", "5")),
        ("elm avenue tpo", Intent("item", "6")),
        ("what is the tree preservation order", Intent("item", "6")),
        ("what's the housing land supply update", Intent("item", "8")),
        ("exclusion of the press and public", Intent("item", "10")),
    ],
)
def test_an_item_of_another_agenda_named_by_its_title_alone(text: str, expected: Intent) -> None:
    assert planning(text) == expected


def test_a_title_with_more_words_around_it_is_not_an_item_card() -> None:
    assert ask("update") is None
    assert ask("the better care fund was great") is None
    assert ask("who is the better care fund") is None
    assert ask("what is the weather like for the better care fund") is None
    # A cue word that is a title word counts as the title's when the title goes on.
    assert ask("who is presenting the send inspection report") == Intent("item", "10B", "presenter")
    assert ask("send me the papers for the better care fund") == Intent("item", "11", "papers")
    assert ask("what are my actions") == Intent("actions")


# ---- people by their job title ----------------------------------------------------------------

TITLES = {
    "Diane Ellison": "Portfolio Holder for Adult Care and Health, RCC",
    "Dawn Godfrey": "Strategic Director of Children and Families (DCS), RCC",
    "Janet Underwood": "Chair, Healthwatch Rutland",
    "Kim Sorsky": "Strategic Director for Adult Services and Health (DASS), RCC",
    "Mike Sandys": "Director of Public Health for Leicestershire & Rutland, LCC",
    "Sarah Prema": "Chief Strategy Officer, LLR ICB",
    "Tim Smith": "Portfolio Holder for Children's Services, RCC",
    "Adrian Allen": "Assistant Director - Delivery, Public Health",
    "Emma Jane Hollands": "Head of Community Care Services",
    "Katherine Willison": "Health and Wellbeing Integration Lead, RCC",
}
TITLED_PEOPLE = tuple(
    PersonEntry(person.name, person.roles, (TITLES[person.name],) if person.name in TITLES else ())
    for person in RUTLAND_PEOPLE
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("who is the director of public health", Intent("person", "Mike Sandys")),
        ("who's the healthwatch rep", Intent("person", "Janet Underwood")),
        (
            "who is the portfolio holder for children's services",
            Intent("person", "Tim Smith"),
        ),
        ("who is the portfolio holder for adult care", Intent("person", "Diane Ellison")),
        ("who is head of community care", Intent("person", "Emma Jane Hollands")),
        ("who's the chief strategy officer?", Intent("person", "Sarah Prema")),
        # Names and roles first; items still by their titles.
        ("who is the chair", Intent("person", "chair")),
        ("who is dawn", Intent("person", "Dawn Godfrey")),
        ("who is presenting the mental health strategy", Intent("item", "10C", "presenter")),
        ("tell me about the health plan", Intent("item", "8A")),
    ],
)
def test_people_by_their_job_title(text: str, expected: Intent) -> None:
    assert ask(text, people=TITLED_PEOPLE) == expected


def test_a_job_title_is_only_asked_with_who() -> None:
    assert ask("tell me about public health", people=TITLED_PEOPLE) == ask(
        "tell me about public health"
    )
    intent = ask("who is the strategic director", people=TITLED_PEOPLE)
    assert intent is not None and intent.command == "person"
    assert set(intent.choices) == {"Dawn Godfrey", "Kim Sorsky"}


# An invented housing and adult care board: job titles that share words with items' titles.
CARE_BOARD_PEOPLE = (
    PersonEntry("Cllr Nadia Brook", ("chair",), ("Cabinet Member for Adult Social Care",)),
    PersonEntry("Owen Pryce", ("member",), ("Director of Housing and Care Services",)),
    PersonEntry("Grace Mbeki", ("officer",), ("Head of Care Homes Commissioning",)),
    PersonEntry("Luke Farrant", ("officer",), ("Strategic Lead, Homelessness Prevention",)),
)
CARE_BOARD_AGENDA = (
    AgendaEntry("1", "APOLOGIES"),
    AgendaEntry("2", "HOMELESSNESS PREVENTION STRATEGY 2024-2029", "Luke Farrant"),
    AgendaEntry("3", "CARE HOMES QUALITY DASHBOARD", "Grace Mbeki"),
    AgendaEntry("4", "DISABLED FACILITIES GRANT UPDATE", "Owen Pryce"),
)


def care_board(text: str, agenda: tuple[AgendaEntry, ...] = ()) -> Intent | None:
    return understand(
        text,
        today=TUESDAY,
        item_numbers=[entry.number for entry in agenda],
        agenda=agenda,
        people=CARE_BOARD_PEOPLE,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # No agenda on record (a meeting known only by its minutes): never a job title's words.
        (
            "who presented the adult social care report in june",
            Intent("decisions", "adult social care", when="2023-06"),
        ),
        (
            "who presented the care homes dashboard at the last meeting",
            Intent("decisions", "care homes dashboard", when="previous"),
        ),
        ("who introduced the homelessness strategy", Intent("decisions", "homelessness strategy")),
        ("who is presenting the housing report", Intent("search", "housing")),
        ("who presents the care homes dashboard?", Intent("search", "care homes dashboard")),
        ("what page is the housing strategy on", Intent("search", "housing strategy")),
        ("how long is the care homes item", Intent("search", "care homes")),
        ("who is presenting the better care fund", Intent("search", "better care fund")),
        # "who is (the) <title>" still asks who holds it.
        ("who is the director of housing", Intent("person", "Owen Pryce")),
        ("who's head of care homes commissioning?", Intent("person", "Grace Mbeki")),
        ("who is the cabinet member for adult social care", Intent("person", "Cllr Nadia Brook")),
    ],
)
def test_an_item_no_agenda_names_is_never_a_job_title(text: str, expected: Intent) -> None:
    assert care_board(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # On an agenda, the item's words still name it; words close to none are searched.
        ("who is presenting the care homes dashboard", Intent("item", "3", "presenter")),
        (
            "who presented the homelessness strategy in june",
            Intent("item", "2", "presenter", when="2023-06"),
        ),
        ("who is presenting the adult social care report", Intent("search", "adult social care")),
        (
            "who presented the mental health report in june",
            Intent("decisions", "mental health", when="2023-06"),
        ),
        ("who is responsible for housing", Intent("search", "housing")),
        ("who is the director of housing", Intent("person", "Owen Pryce")),
    ],
)
def test_an_item_no_title_fits_is_decisions_or_a_search(text: str, expected: Intent) -> None:
    assert care_board(text, CARE_BOARD_AGENDA) == expected


def test_several_items_sharing_one_word_of_many_are_none_close() -> None:
    # "care" is in two titles, "homes" in neither: neither is the item asked about.
    assert ask("who presents the care homes report") == Intent("search", "care homes")
    assert ask("what page is the care homes report on") == Intent("search", "care homes")
    # Every word fits: still the short list of candidates.
    assert ask("who is presenting the strategy") == Intent(
        "item", "", "presenter", choices=("9", "10", "10C")
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Found by a phone's try-outs: shorthand, a month after "on in", a purpose with "a",
        # a purpose asked with "do we need to", a title with a role's word in it.
        ("wen is the nxt mtg", Intent("next")),
        ("what's on in january", Intent("agenda", "2024-01")),
        ("which items need a decision", Intent("agenda", detail="purpose:decision")),
        ("what reports require an approval", Intent("agenda", detail="purpose:approval")),
        ("do we need to decide anything on the comms plan", Intent("item", "10A", "purpose")),
        ("what can you help with", Intent("help")),
    ],
)
def test_phone_phrasings(text: str, expected: Intent) -> None:
    assert ask(text) == expected


def test_a_job_title_with_a_role_word_in_it_is_that_title() -> None:
    assert ask("who is the healthwatch chair", people=TITLED_PEOPLE) == Intent(
        "person", "Janet Underwood"
    )
    assert care_board("who is the chair") == Intent("person", "chair")
    assert ask("who is the chair", people=TITLED_PEOPLE) == Intent("person", "chair")


def test_an_item_number_in_a_statement_is_not_asked_about() -> None:
    assert ask("the chair will present 10B") is None
    assert ask("10B") == Intent("item", "10B")


# ---- items and decisions of a meeting named by time -----------------------------------------

OF_A_MEETING: list[tuple[str, Intent]] = [
    (
        "who presented the better care fund in june",
        Intent("item", "11", "presenter", when="2023-06"),
    ),
    (
        "who introduced the send inspection at the last meeting",
        Intent("item", "10B", "presenter", when="previous"),
    ),
    (
        "who led the send inspection item on 12 september",
        Intent("item", "10B", "presenter", when="2023-09-12"),
    ),
    (
        "what was decided on the better care fund at the last meeting",
        Intent("item", "11", "decisions", when="previous"),
    ),
    (
        "what did we decide about the better care fund in june",
        Intent("item", "11", "decisions", when="2023-06"),
    ),
    ("how long was item 11 at the last meeting", Intent("item", "11", "duration", when="previous")),
    ("who is presenting item 11 in january", Intent("item", "11", "presenter", when="2024-01")),
    ("what did we decide in june", Intent("decisions", when="2023-06")),
    ("what was agreed on 27 june", Intent("decisions", when="2023-06-27")),
    # The next meeting is the one a question is about unless it names another.
    ("who is presenting the better care fund", Intent("item", "11", "presenter")),
    ("what did we decide about the better care fund", Intent("decisions", "better care fund")),
]


@pytest.mark.parametrize(("text", "expected"), OF_A_MEETING)
def test_items_and_decisions_of_a_meeting_named_by_time(text: str, expected: Intent) -> None:
    assert ask(text) == expected


def test_an_item_of_another_agenda_at_a_meeting_named_by_time() -> None:
    assert planning("what did we decide about the appeals report at the previous meeting") == (
        Intent("item", "7", "decisions", when="previous")
    )
    assert planning("who presented the gasworks application in june") == Intent(
        "item", "5", "presenter", when="2023-06"
    )


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("who presented the better care fund in june", "2023-06"),
        ("what was agreed on 27 june", "2023-06-27"),
        ("what did we decide at the last meeting", "previous"),
        ("what's on the agenda for tuesday", "tuesday"),
        ("when is the one after that?", "after next"),
        ("what is item 6 at the january meeting", "2024-01"),
        ("who is presenting the better care fund", ""),
        ("when is the next meeting", ""),
        ("", ""),
        ("x" * 700, ""),
    ],
)
def test_meeting_words_in(text: str, words: str) -> None:
    assert meeting_words_in(text, today=TUESDAY) == words
    intent = understand(text, today=TUESDAY, agenda=RUTLAND, people=RUTLAND_PEOPLE)
    if intent is not None and intent.command in ("item", "decisions"):
        assert intent.when == words


def test_every_purpose_a_question_names_is_one_an_answer_names() -> None:
    from language.questions import PURPOSE_NOUNS, PURPOSE_WORDS
    from services.agenda_views import purpose_named

    assert set(PURPOSE_WORDS.values()) <= set(PURPOSE_NOUNS)
    for word, purpose in PURPOSE_WORDS.items():
        assert purpose_named(purpose) == purpose, word


# ---- papers (issue 18) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "reports for the next meeting",
        "what reports are there for the next meeting",
        "what papers do we have for the meeting",
        "which documents have been published",
        "meeting papers",
    ],
)
def test_a_meetings_papers(text: str) -> None:
    assert ask(text) == Intent("papers")


def test_an_items_papers_stay_the_item_led_by_its_papers() -> None:
    assert ask("papers for item 11") == Intent("item", "11", "papers")
    # Reading for the meeting is still the agenda's reading list.
    assert ask("which papers should i read") == Intent("agenda", detail="prepare")
