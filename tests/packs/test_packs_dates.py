"""Dates, times and meeting details as bodies print them (packs.dates, packs.meeting)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from packs.dates import (
    date_in_name,
    day_first_for,
    find_dates,
    find_time,
    find_time_range,
    find_yearless_dates,
    minutes_between,
    parse_timestamp,
)
from packs.meeting import (
    front_matter,
    meeting_schedule,
    next_meeting_sentences,
    previous_meeting_date,
    read_next_meeting,
    read_summons,
)

LONDON = ZoneInfo("Europe/London")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
TOKYO = ZoneInfo("Asia/Tokyo")


def dates(text: str, day_first: bool = True) -> list[date]:
    return [found.value for found in find_dates(text, day_first)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Monday, March 4, 2024", date(2024, 3, 4)),  # US, weekday and comma
        ("January 10, 2023", date(2023, 1, 10)),
        ("4th March 2024", date(2024, 3, 4)),
        ("Tuesday, 27th September,\n2016", date(2016, 9, 27)),  # year wrapped to next line
        ("Monday 29\nth October 2018", date(2018, 10, 29)),  # ordinal split by PDF extraction
        ("NOVEMBER 14,\n2022", date(2022, 11, 14)),
        ("the 3Oth of September 2019", date(2019, 9, 30)),  # OCR: O for 0
        ("l0th May 2020", date(2020, 5, 10)),  # OCR: l for 1
        ("lst June 2021", date(2021, 6, 1)),  # OCR: "1st" as "lst"
        ("Tuesday 1st October 2O19", date(2019, 10, 1)),  # OCR in the year
        ("WAS HELD THIS 12TH DAY OF JANUARY, 2011 AT 9:30 A.M.", date(2011, 1, 12)),
        ("date = 2019-03-28T14:00:00Z", date(2019, 3, 28)),  # ISO in front matter
        ("see /meetings/2019-02-26 for the minutes", date(2019, 2, 26)),
    ],
)
def test_written_dates_in_either_order(text: str, expected: date) -> None:
    assert dates(text) == [expected]


def test_numeric_dates_follow_the_convention() -> None:
    assert dates("Printed on 1/6/2023", day_first=True) == [date(2023, 6, 1)]
    assert dates("Printed on 1/6/2023", day_first=False) == [date(2023, 1, 6)]
    # Only one reading is a date: it is taken whatever the convention.
    assert dates("28/03/2019", day_first=False) == [date(2019, 3, 28)]
    assert dates("03/28/2019", day_first=True) == [date(2019, 3, 28)]
    assert dates("28.03.2019 and 12/13/22", day_first=True) == [
        date(2019, 3, 28),
        date(2022, 12, 13),
    ]


def test_numbers_that_are_not_dates() -> None:
    assert dates("item 3.5.20, phone 310.377.1577, 30 minutes of activity") == []
    assert dates("the minutes may 5 members approve") == []


def test_convention_by_zone() -> None:
    assert day_first_for(LONDON) is True
    assert day_first_for(ZoneInfo("Europe/Dublin")) is True
    assert day_first_for(LOS_ANGELES) is False
    assert day_first_for(LOS_ANGELES, True) is True  # a board's own setting wins


def test_yearless_month_first_and_the_verb_may() -> None:
    found = find_yearless_dates(
        "minutes of Closed Session held on November 29 and December 13, 2022; members may 5 times",
        date(2022, 6, 1),
    )
    assert [item.value for item in found] == [date(2022, 11, 29)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.00 a.m.", time(10, 0)),
        ("6:30 PM", time(18, 30)),
        ("at 7pm", time(19, 0)),
        ("7.30pm", time(19, 30)),
        ("19:00", time(19, 0)),
        ("5:45 P.M.", time(17, 45)),
        ("11.30 - 1pm", time(11, 30)),  # a range ending after noon starts in the morning
    ],
)
def test_clock_times(text: str, expected: time) -> None:
    found = find_time(text)
    assert found is not None
    assert found.value == expected


@pytest.mark.parametrize(
    ("text", "start", "end", "minutes"),
    [
        ("10:10-10:25 Opening remarks", time(10, 10), time(10, 25), 15),
        ("10:00 to 17:00 JST", time(10, 0), time(17, 0), 420),
        ("2 - 4pm", time(14, 0), time(16, 0), 120),
        ("6.30pm to 8pm", time(18, 30), time(20, 0), 90),
    ],
)
def test_time_ranges(text: str, start: time, end: time, minutes: int) -> None:
    span = find_time_range(text)
    assert span is not None
    assert (span[0].value, span[1].value) == (start, end)
    assert minutes_between(span[0].value, span[1].value) == minutes


def test_lists_of_numbers_are_not_time_ranges() -> None:
    assert find_time_range("items 3-4 and 2019-03-28") is None


def test_timestamps_are_converted_to_the_zone() -> None:
    summer = parse_timestamp("2019-06-28T14:00:00Z", LONDON)
    assert summer is not None
    assert summer[1] == datetime(2019, 6, 28, 15, 0, tzinfo=LONDON)
    assert parse_timestamp("2025-10-06", LONDON) == (date(2025, 10, 6), None)
    offset = parse_timestamp("'2025-11-18T10:00:00+09:00'", LONDON)
    assert offset is not None
    assert offset[1] == datetime(2025, 11, 18, 1, 0, tzinfo=LONDON)
    assert parse_timestamp("next Tuesday", LONDON) is None


def test_front_matter_yaml_and_toml() -> None:
    yaml, end = front_matter('---\ntitle: "AGM"\ndate: 2025-10-06\n---\nBody')
    assert yaml == {"title": "AGM", "date": "2025-10-06"}
    assert end == len('---\ntitle: "AGM"\ndate: 2025-10-06\n---\n')
    toml, _ = front_matter('+++\nlocation = "Room 4"\npostcode = "CF10 3NQ"\n+++\n')
    assert toml == {"location": "Room 4", "postcode": "CF10 3NQ"}
    assert front_matter("Agenda\n---\n") == ({}, 0)
    assert front_matter("---\nno end") == ({}, 0)


def test_summons_from_front_matter() -> None:
    head = (
        '+++\ntitle = "Sign-off"\ndate = 2019-06-28T14:00:00Z\n'
        'location = "Room 4.07, Cathays Park, Cardiff"\npostcode = "CF10 3NQ"\n+++\n\nAgenda\n'
    )
    summons = read_summons(head, LONDON)
    assert summons.meeting.start == datetime(2019, 6, 28, 15, 0, tzinfo=LONDON)
    assert summons.meeting.location == "Room 4.07, Cathays Park, Cardiff CF10 3NQ"


def test_us_agenda_header_with_two_start_times() -> None:
    head = (
        "Tuesday, January 10, 2023\n5:00 PM\nCity of Hermosa Beach\nCity Hall\n"
        "1315 Valley Drive\nHermosa Beach, CA 90254\n\nClosed Session - 5:00 PM\n"
        "Open Session - 6:00 PM\nCity of Hermosa Beach\tPage 2\tPrinted on 1/6/2023\n"
    )
    after = (
        "1. IN PERSON - Council Chambers, 1315 Valley Drive, Hermosa Beach, CA 90254\n"
        "2. ZOOM - https://us02web.zoom.us/j/899? pwd=abcDEF2.\n\n"
        "2. ZOOM - https://us02web.zoom.us/j/899? pwd=abcDEF and use 'Raise Hand'\n"
        "2. ZOOM - https://us02web.zoom.us/j/899? pwd=abcDEF and use 'Raise Hand'\n"
    )
    summons = read_summons(head, LOS_ANGELES, after=after)
    assert summons.meeting.start == datetime(2023, 1, 10, 17, 0, tzinfo=LOS_ANGELES)
    assert (
        summons.meeting.location == "Council Chambers, 1315 Valley Drive, Hermosa Beach, CA 90254"
    )
    assert summons.meeting.remote_link == "https://us02web.zoom.us/j/899?pwd=abcDEF"


def test_venue_interleaved_with_a_heading_from_another_column() -> None:
    head = (
        "BOARD OF WATER AND POWER COMMISSIONERS\n"
        "DEPARTMENT OF WATER AND POWER OF THE CITY OF LOS ANGELES Room 1555-H, "
        "111 North Hope Street, Los Angeles, CA 90012\n\n"
        "REGULAR MEETING AGENDA\nTuesday, January 25, 2022, at 10:00 A.M.\n"
    )
    summons = read_summons(head, LOS_ANGELES)
    assert summons.meeting.start == datetime(2022, 1, 25, 10, 0, tzinfo=LOS_ANGELES)
    assert summons.meeting.location == "Room 1555-H, 111 North Hope Street, Los Angeles, CA 90012"


def test_letterhead_address_is_not_the_venue_but_the_banner_cell_is() -> None:
    head = (
        "CITY OF\nROLLING HILLS ESTATES\n"
        "4045 Palos Verdes Drive North, Rolling Hills Estates, CA 90274\n"
        "TELEPHONE 310.377.1577\n\nCITY COUNCIL\n\n"
        "Tuesday, December 13, 2022\t7:00 PM\tCouncil Chambers\n"
    )
    summons = read_summons(head, LOS_ANGELES)
    assert summons.meeting.start == datetime(2022, 12, 13, 19, 0, tzinfo=LOS_ANGELES)
    assert summons.meeting.location == "Council Chambers"


def test_location_and_date_fields_with_bullets_and_time_before_the_date() -> None:
    head = (
        "Agenda for the 111th meeting\n\n- Dates and times:\n"
        "- 10:00 to 17:00 JST (Asia/Tokyo) on Tuesday 18 November 2025\n"
        "- 10:00 to 16:00 JST (Asia/Tokyo) on Wednesday 19 November 2025\n"
        "- Location: Tokyo, Japan\n"
    )
    summons = read_summons(head, TOKYO)
    assert summons.meeting.start == datetime(2025, 11, 18, 10, 0, tzinfo=TOKYO)
    assert summons.meeting.location == "Tokyo, Japan"


def test_letter_summons_and_a_title_date_with_the_time_in_the_first_item() -> None:
    summons = read_summons(
        "TINTERN COMMUNITY COUNCIL\n\nTo members of the Public and all Members of the Council "
        "You are summoned to a meeting of the above Council on Monday 29th October 2018 at "
        "7.00pm\n",
        LONDON,
    )
    assert summons.meeting.start == datetime(2018, 10, 29, 19, 0, tzinfo=LONDON)
    assert summons.explicit
    titled = read_summons(
        "The Apache Software Foundation\n\nBoard of Directors Meeting Agenda\n\n"
        "February 18, 2015\n",
        LOS_ANGELES,
        after="1. Call to order\n\nThe meeting is scheduled for 10:30am Pacific and will",
    )
    assert titled.meeting.start == datetime(2015, 2, 18, 10, 30, tzinfo=LOS_ANGELES)


def test_a_date_without_a_time_is_kept_as_a_date() -> None:
    summons = read_summons("DSF Board monthly meeting, January 9, 2025\n", LOS_ANGELES)
    assert summons.meeting.start is None
    assert summons.meeting.day == date(2025, 1, 9)


def test_adjourned_meeting_keeps_the_new_place_out_of_its_own() -> None:
    head = (
        "NOTICE OF ADJOURNMENT OF REGULAR MEETING\n\n"
        "NOTICE IS HEREBY GIVEN that the Planning Commission Regular Meeting to be held on "
        "Thursday, December 8, 2022, at 6:00 p.m. has been adjourned to Thursday, January 12, "
        "2023 at 6:00 p.m. due to a lack of a quorum. The meeting will be held at the City "
        "Hall Council Chambers, One Civic Center Drive, La Canada Flintridge, CA.\n"
    )
    summons = read_summons(head, LOS_ANGELES)
    assert summons.meeting.start == datetime(2022, 12, 8, 18, 0, tzinfo=LOS_ANGELES)
    assert summons.meeting.location is None
    texts = next_meeting_sentences(head)
    following, _ = read_next_meeting(texts, summons.day, summons.meeting.start, LOS_ANGELES)
    assert following.start == datetime(2023, 1, 12, 18, 0, tzinfo=LOS_ANGELES)
    assert following.location == (
        "City Hall Council Chambers, One Civic Center Drive, La Canada Flintridge, CA"
    )


@pytest.mark.parametrize(
    ("texts", "day", "expected"),
    [
        # UK summons, year from context: the latest such date before the meeting.
        (
            [
                "RECORD OF MEETING\nTo confirm the record of the meeting of the Board held on "
                "14 January (previously circulated)."
            ],
            date(2020, 3, 3),
            date(2020, 1, 14),
        ),
        (
            ["To confirm the minutes of the meeting held on 14 December"],
            date(2020, 1, 20),
            date(2019, 12, 14),
        ),
        (
            ["Approval of minutes of the regular meeting of December 13, 2022"],
            date(2023, 1, 10),
            date(2022, 12, 13),
        ),
        (["Minutes of the last meeting (2 September)"], date(2019, 10, 1), date(2019, 9, 2)),
        # Two sets of minutes: the latest wins.
        (
            [
                "1. Recommendation for approval of the minutes of the December 13, 2021, "
                "Special Meeting of the Board.",
                "2. Recommendation for approval of the minutes of the December 14, 2021, "
                "Regular Meeting of the Board.",
            ],
            date(2022, 1, 25),
            date(2021, 12, 14),
        ),
        # Minutes of other bodies received on a consent calendar are not this body's.
        (
            [
                "E.\tCITY COUNCIL MINUTES OF NOVEMBER 8, 2022\nRecommendation: Approve.",
                "F.\tEQUESTRIAN COMMITTEE MINUTES OF OCTOBER 24, 2022",
                "H.\tPARK AND ACTIVITIES COMMISSION MINUTES OF NOVEMBER 14, 2022",
            ],
            date(2022, 12, 13),
            date(2022, 11, 8),
        ),
        # A "Minutes" heading listing the meetings.
        (
            [
                "Minutes from previous meetings\n\nMinutes (in Subversion) are found under the "
                "URL:\n\nhttps://svn.example.org/minutes/\n\nA. The meeting of January 21, 2015"
            ],
            date(2015, 2, 18),
            date(2015, 1, 21),
        ),
        # Not the minutes' date: warrants listed after the minutes sentence ends.
        (
            [
                "approve the minutes of the regular\nmeeting of October 18, 2022, as submitted.\n"
                "2. WARRANTS – approve the warrant runs for October 15, 2022 through November 1, "
                "2022"
            ],
            date(2022, 11, 15),
            date(2022, 10, 18),
        ),
        (["The total time allowed is 30 minutes of 14 January"], date(2020, 3, 3), None),
        (["Adoption of Previous Minutes"], date(2024, 7, 9), None),
    ],
)
def test_previous_meeting_date(texts: list[str], day: date, expected: date | None) -> None:
    assert previous_meeting_date(texts, day, True, "City Council") == expected


def test_previous_meeting_date_is_never_after_the_meeting() -> None:
    texts = ["To confirm the minutes of the meeting held on 14 March 2024"]
    assert previous_meeting_date(texts, date(2024, 3, 1)) is None


def test_next_meeting_without_a_year_or_a_time() -> None:
    following, warnings = read_next_meeting(
        ["Date of next meeting: 28th October."],
        date(2024, 9, 30),
        datetime(2024, 9, 30, 19, 0, tzinfo=LONDON),
        LONDON,
    )
    assert following.start is None
    assert following.day == date(2024, 10, 28)
    assert any("no time printed" in warning for warning in warnings)


def test_next_meeting_times_on_other_bullets_are_not_its_own() -> None:
    following, _ = read_next_meeting(
        ["Date of Next Meeting\n● Next Meeting: Tuesday 23rd July\n● Start: 19:30\n● End: 20:06"],
        date(2024, 7, 9),
        None,
        LONDON,
    )
    assert (following.start, following.day) == (None, date(2024, 7, 23))


def test_next_meeting_time_before_the_date_and_place_after() -> None:
    following, _ = read_next_meeting(
        [
            "The next meeting would be held at 7.00 pm on Tuesday 5 November 2019 in Ayton "
            "Community Hall."
        ],
        date(2019, 10, 1),
        None,
        LONDON,
    )
    assert following.start == datetime(2019, 11, 5, 19, 0, tzinfo=LONDON)
    assert following.location == "Ayton Community Hall"


def test_sub_item_naming_the_meeting_whose_minutes_are_approved() -> None:
    texts = ["The meeting of January 21, 2015\nSee: board_minutes_2015_01_21.txt"]
    assert previous_meeting_date(texts, date(2015, 2, 18)) == date(2015, 1, 21)


def test_future_meetings_schedule_after_the_items() -> None:
    text = (
        "XVI. ADJOURNMENT\n\nFUTURE MEETINGS AND CITY HOLIDAYS\n\nCITY COUNCIL MEETINGS:\n"
        "January 24, 2023 - Tuesday - 5:00 PM - Closed Session,\n6:00 PM - City Council Meeting\n"
        "January 28, 2023 - Saturday - City Council Retreat\n"
    )
    schedule = meeting_schedule(text)
    assert len(schedule) == 1
    following, _ = read_next_meeting(schedule, date(2023, 1, 10), None, LOS_ANGELES)
    assert following.start == datetime(2023, 1, 24, 17, 0, tzinfo=LOS_ANGELES)
    assert meeting_schedule("The next meeting will be on 24 January 2023.") == []


def test_the_item_labelled_next_meeting_comes_before_another_bodys() -> None:
    text = (
        "3784. Any Other Business: Wye Valley Villages Delivery Group next meeting 20/11/2024.\n"
        "\n3785. Date of next meeting: 28th October.\n"
    )
    texts = next_meeting_sentences(text)
    assert texts[0].startswith("3785.")
    # Minutes with no date of their own: the year of "28th October" is unknown, and the
    # other body's meeting is not taken instead.
    following, warnings = read_next_meeting(texts, None, None, LONDON)
    assert (following.start, following.day) == (None, None)
    assert warnings
    dated, _ = read_next_meeting(texts, date(2024, 9, 30), None, LONDON)
    assert dated.day == date(2024, 10, 28)


@pytest.mark.parametrize(
    ("head", "body"),
    [
        (
            "1\nBOARD OF WATER AND POWER COMMISSIONERS\n\n"
            "OPPORTUNITIES FOR THE PUBLIC TO ADDRESS THE BOARD\n",
            "BOARD OF WATER AND POWER COMMISSIONERS",
        ),
        (
            "Metro\nLos Angeles County Metropolitan Transportation Authority\n\n"
            "Executive Management Committee\nJohn Fasana, Chair\n",
            "Executive Management Committee",
        ),
    ],
)
def test_body_title_line_before_letterhead(head: str, body: str) -> None:
    assert read_summons(head, LOS_ANGELES).body == body


def test_next_meeting_named_with_the_body_and_a_date_only() -> None:
    texts = next_meeting_sentences(
        "It was agreed.\n\nThe next Community Council Meeting was set for Monday 3rd of "
        "November 2025.\n"
    )
    following, _ = read_next_meeting(texts, date(2025, 10, 6), None, LONDON)
    assert (following.start, following.day) == (None, date(2025, 11, 3))
    assert next_meeting_sentences("on the next business day when a meeting day falls") == []


def test_us_address_with_a_number_word_and_the_room_after_the_zip() -> None:
    head = (
        "Thursday, June 15, 2017\n\n11:30 AM\nMetro\n\n"
        "One Gateway Plaza, Los Angeles, CA 90012, 3rd Floor, Metro Board Room\n\n"
        "Executive Management Committee\n"
    )
    summons = read_summons(head, LOS_ANGELES)
    assert summons.meeting.start == datetime(2017, 6, 15, 11, 30, tzinfo=LOS_ANGELES)
    assert summons.meeting.location == (
        "One Gateway Plaza, Los Angeles, CA 90012, 3rd Floor, Metro Board Room"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("wye-valley-community-council-minutes-2024-09-30.txt", date(2024, 9, 30)),
        ("20181029.pdf", date(2018, 10, 29)),
        ("board_minutes_2015_01_21.txt", date(2015, 1, 21)),
        ("agenda-item-12345678.pdf", None),
        ("pack.pdf", None),
    ],
)
def test_date_in_a_file_name(name: str, expected: date | None) -> None:
    assert date_in_name(name) == expected


def test_venue_stacked_in_a_title_block_and_adjourning_to_the_next_meeting() -> None:
    head = (
        "PALMDALE\n\nMEASURE AV OVERSIGHT COMMITTEE ADJOURNED REGULAR MEETING\n"
        "CITY COUNCIL CHAMBER\n38300 SIERRA HIGHWAY, SUITE B\nPALMDALE, CA 93550\n"
        "WEDNESDAY, NOVEMBER 30, 2022\n5:00 PM\nwww.cityofpalmdale.org\n\n"
        "Webinar attendee link https://us06web.zoom.us/j/880?\npwd=S1hMa0.\n"
    )
    summons = read_summons(head, LOS_ANGELES)
    assert summons.meeting.start == datetime(2022, 11, 30, 17, 0, tzinfo=LOS_ANGELES)
    assert summons.meeting.location == (
        "CITY COUNCIL CHAMBER, 38300 SIERRA HIGHWAY, SUITE B, PALMDALE, CA 93550"
    )
    assert summons.meeting.remote_link == "https://us06web.zoom.us/j/880?pwd=S1hMa0"
    texts = next_meeting_sentences(
        "9. ADJOURN meeting to January 25, 2023 at 5:00 p.m. in the City Hall Council "
        "Chamber, 38300 Sierra Highway, Suite B, Palmdale, California\n"
    )
    following, _ = read_next_meeting(texts, summons.day, summons.meeting.start, LOS_ANGELES)
    assert following.start == datetime(2023, 1, 25, 17, 0, tzinfo=LOS_ANGELES)
    assert following.location == (
        "City Hall Council Chamber, 38300 Sierra Highway, Suite B, Palmdale, California"
    )


def test_a_venue_heading_stops_before_other_lines() -> None:
    head = (
        "AGENDA\nHOUSING AUTHORITY\nNOVEMBER 15, 2022\nREGULAR MEETING\n"
        "NORWALK CITY HALL/COUNCIL CHAMBERS\nAND VIA VIDEOCONFERENCE\n5:45 P.M.\n"
    )
    summons = read_summons(head, LOS_ANGELES)
    assert summons.meeting.start == datetime(2022, 11, 15, 17, 45, tzinfo=LOS_ANGELES)
    assert summons.meeting.location == "NORWALK CITY HALL/COUNCIL CHAMBERS"


# -- Welsh councils' summonses -------------------------------------------------------------------

_WELSH_SUMMONS = (
    "Annwyl Gynghorydd,\n\nFe'ch gwysir i fynychu cyfarfod o Gyngor Cymuned Llanfair a gynhelir "
    "yn Neuadd y Pentref ar Ddydd Llun, 4 Mawrth 2024 am 7.00 yh\n\nAGENDA\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ar Ddydd Llun, 4 Mawrth 2024", date(2024, 3, 4)),
        ("Dydd Mawrth 5 Mawrth 2024", date(2024, 3, 5)),
        ("ddydd Mercher 3ydd o Orffennaf 2024", date(2024, 7, 3)),
        ("cyfarfod o 10 Ragfyr 2024", date(2024, 12, 10)),
        ("1af Mai 2025", date(2025, 5, 1)),
        ("14 Chwefror 2024", date(2024, 2, 14)),
    ],
)
def test_welsh_dates_are_read(text: str, expected: date) -> None:
    assert [found.value for found in find_dates(text)] == [expected]


def test_welsh_month_words_are_not_english_month_words() -> None:
    # "Mai" and "Mawrth" are Welsh only: an English "4 May 2024" and "4 March 2024" still read.
    assert [found.value for found in find_dates("4 May 2024 and 4 March 2024")] == [
        date(2024, 5, 4),
        date(2024, 3, 4),
    ]
    assert find_dates("Mawrth 2024") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("am 7.00 yh", time(19, 0)),
        ("am 10.30 yb", time(10, 30)),
        ("am 6 y.h.", time(18, 0)),
        ("at 7.00 am", time(7, 0)),
        ("am 7.00 am", time(7, 0)),
    ],
)
def test_welsh_clock_times(text: str, expected: time) -> None:
    found = find_time(text)
    assert found is not None
    assert (found.value, found.guessed) == (expected, False)


def test_welsh_letter_summons() -> None:
    summons = read_summons(_WELSH_SUMMONS, LONDON)
    assert summons.meeting.start == datetime(2024, 3, 4, 19, 0, tzinfo=LONDON)
    assert summons.meeting.location == "Neuadd y Pentref"
    assert summons.explicit
    assert summons.warnings == []


def test_next_meeting_without_a_time_warns_without_claiming_the_start() -> None:
    # Storage assumes the usual time; the reader only says that none was printed.
    _, warnings = read_next_meeting(
        ["Date of next meeting: 28th October 2024."],
        date(2024, 9, 30),
        datetime(2024, 9, 30, 19, 0, tzinfo=LONDON),
        LONDON,
    )
    assert warnings == ["next meeting on 2024-10-28 has no time printed"]
