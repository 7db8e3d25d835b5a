"""Modern.Gov's answers read into plain values: every quirk of MODERNGOV.md, and XML attacks
refused."""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path

import pytest

from sources.base import FailureKind, SourceFailure
from sources.moderngov.xml import (
    parse_committees,
    parse_day,
    parse_meeting,
    parse_meetings,
    parse_time,
    plain_line,
    plain_text,
    printed_number,
    site_url,
)
from tests.auxil.moderngov import SAMPLE, committees_xml, meeting_xml, sample_site

FIXTURES = Path(__file__).parent / "fixtures"
SITE = "https://democracy.example.gov.uk"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_committees_listed_with_deleted_and_expired_not_current() -> None:
    body = committees_xml(sample_site(date(2023, 10, 3))).encode()
    committees = parse_committees(body)
    assert [(c.id, c.title, c.current) for c in committees] == [
        ("123", "Health and Wellbeing Board", True),
        ("124", "Cabinet", True),
        ("125", "Old Scrutiny Panel", False),
        ("126", "Shadow Health Board", False),
    ]
    assert committees[0].category == "Boards"
    assert committees[2].category is None  # whitespace-only value


def test_meetings_list_reads_dates_times_statuses_and_skips_undated() -> None:
    [committee] = parse_meetings(fixture("getmeetings.xml"))
    assert committee.id == "123"
    assert committee.title == "Health & Wellbeing Board"  # escaped twice
    assert [(m.id, m.day, m.start, m.status, m.cancelled) for m in committee.meetings] == [
        ("4241", date(2024, 1, 16), time(10, 0), "Confirmed", False),
        ("4242", date(2024, 3, 26), time(14, 0), "CANCELLED", True),
        ("4243", date(2024, 7, 9), None, None, False),  # ISO date, blank time and status
    ]


def test_meeting_fields_are_stripped_and_typed() -> None:
    parsed = parse_meeting(fixture("getmeeting.xml"), committee_id="123", site_root=SITE)
    assert parsed.id == "4242"
    assert parsed.day == date(2024, 3, 26)
    assert parsed.start == time(14, 0)
    assert parsed.finish is None
    assert parsed.location == "Committee Room 1, County Hall, Market Street"
    assert parsed.status == "Cancelled - moved to 2 April"
    assert parsed.cancelled
    assert parsed.agenda_published and parsed.minutes_published
    assert not parsed.decisions_published
    assert parsed.url == f"{SITE}/ieListDocuments.aspx?CId=123&MId=4242"


def test_items_printed_numbers_titles_presenters_and_minutes() -> None:
    parsed = parse_meeting(fixture("getmeeting.xml"), site_root=SITE)
    items = {item.id: item for item in parsed.items}
    assert [item.number for item in parsed.items] == ["1", "2", "2b", "3a", ""]
    assert items["901"].title == "Declarations of interest"
    assert items["901"].minute == "None were declared."
    assert items["901"].presenter is None
    # Escaped twice (&amp;#39;, &amp;amp;): unescaped until stable.
    assert items["902"].title == "Director's report & budget"
    assert items["902"].presenter == "Anna Clarke, Director"  # label in commentlabel2
    assert items["902"].is_decision
    assert items["902"].minute == "The Board discussed the report.\nRESOLVED: noted"
    assert items["903"].presenter == "Mark Lee"  # "Lead officer"
    assert items["904"].restricted and not items["903"].restricted
    assert items["905"].number == ""  # never the internal sequence
    assert items["903"].minute is None


def test_documents_linked_to_items_and_urls_made_https() -> None:
    parsed = parse_meeting(fixture("getmeeting.xml"), site_root=SITE)
    documents = {doc.id: doc for doc in parsed.documents}
    assert list(documents) == ["7001", "7002", "7003", "7004"]  # the repeated 7001 once
    assert documents["7001"].title == "Director's report"
    assert documents["7001"].item_id == "902"  # by the owner's title
    assert documents["7002"].item_id == "903"  # by itemnum, the internal sequence
    assert documents["7003"].item_id == "904"
    assert documents["7004"].item_id is None  # the meeting as a whole
    assert documents["7001"].url == f"{SITE}/mgConvert2PDF.aspx?ID=7001"
    assert documents["7003"].url == f"{SITE}/mgConvert2PDF.aspx?ID=7003"  # relative
    assert documents["7004"].url == "http://files.example.org/minutes.pdf"  # another host
    assert documents["7001"].published_on == date(2024, 3, 18)
    assert documents["7002"].published_on == date(2024, 3, 19)  # ISO tolerated
    assert documents["7003"].published_on is None
    assert documents["7003"].restricted


def test_attendees_from_attributes() -> None:
    parsed = parse_meeting(fixture("getmeeting.xml"), site_root=SITE)
    assert [(a.id, a.name, a.role, a.attendance) for a in parsed.attendees] == [
        ("11", "Councillor Jane Smith", "Chair", "Present"),
        ("12", "Councillor Tom Brown", "Vice-Chair", "Apologies"),
        ("13", "Councillor Alan Jones", "Substitute", None),
    ]


def test_sample_meeting_from_the_fake() -> None:
    site = sample_site(date(2023, 10, 3))
    body = meeting_xml(site.meeting(SAMPLE.agenda), site_root="http://127.0.0.1:1").encode()
    parsed = parse_meeting(body)
    assert [(i.number, i.title) for i in parsed.items] == [
        ("1", "Apologies for absence"),
        ("2", "Minutes of the previous meeting"),
        ("3", "Children's Services Update"),
        ("3a", "School readiness performance data"),
        ("4", "Better Care Fund: contract award"),
    ]
    links = {doc.id: doc.item_id for doc in parsed.documents}
    assert links == {"8001": None, "8002": "5002", "8003": "5003", "8004": "5004", "8005": "5005"}
    assert parsed.location is not None and "Council Chamber" in parsed.location


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.00 am", time(10, 0)),
        ("2.00 pm", time(14, 0)),
        ("2:00 pm", time(14, 0)),
        ("10am", time(10, 0)),
        ("10 AM", time(10, 0)),
        ("12.30 pm", time(12, 30)),
        ("12.15 am", time(0, 15)),
        ("14:00", time(14, 0)),
        ("09:30:00", time(9, 30)),
        ("6.30 p.m.", time(18, 30)),
        ("Noon", time(12, 0)),
        ("", None),
        ("   ", None),
        ("TBC", None),
        ("25:00", None),
        ("13.00 pm", None),
    ],
)
def test_times(text: str, expected: time | None) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("26/03/2024", date(2024, 3, 26)),
        (" 01/11/2023 ", date(2023, 11, 1)),
        ("2024-03-26", date(2024, 3, 26)),
        ("2024-03-26T00:00:00", date(2024, 3, 26)),
        ("", None),
        ("31/02/2024", None),
    ],
)
def test_days(text: str, expected: date | None) -> None:
    assert parse_day(text) == expected


@pytest.mark.parametrize(
    ("display", "sub", "expected"),
    [
        ("1.", "", "1"),
        (" 2. ", "", "2"),
        ("3.", "a", "3a"),
        ("3a.", "a", "3a"),
        ("3(a)", "a", "3(a)"),
        ("4.1.", "", "4.1"),
        ("", "", ""),
        ("", "b", "b"),
    ],
)
def test_printed_numbers(display: str, sub: str, expected: str) -> None:
    assert printed_number(display, sub) == expected


def test_html_to_plain_text() -> None:
    assert plain_text("<p>One</p><p>Two<br>three</p>") == "One\nTwo\nthree"
    assert plain_text("&lt;p&gt;Escaped &amp;amp; twice&lt;/p&gt;") == "Escaped & twice"
    assert plain_text("<ul><li>a</li><li>b  c</li></ul>") == "a\nb c"
    assert plain_text("Fish &amp; chips &lt; 5") == "Fish & chips < 5"
    assert plain_text("<style>p {}</style><b>Bold</b>&nbsp;text") == "Bold text"
    assert plain_line("Children&amp;#39;s\n  Services") == "Children's Services"


def test_site_urls() -> None:
    assert site_url("http://democracy.example.gov.uk/a?ID=1", SITE) == f"{SITE}/a?ID=1"
    assert site_url("http://other.example.org/a", SITE) == "http://other.example.org/a"
    assert site_url("mgConvert2PDF.aspx?ID=1", SITE + "/moderngov") == (
        f"{SITE}/moderngov/mgConvert2PDF.aspx?ID=1"
    )
    # An http site's URLs stay http.
    assert site_url("http://x.example/a", "http://x.example") == "http://x.example/a"


@pytest.mark.parametrize("name", ["billion_laughs.xml", "external_entity.xml"])
def test_entities_and_dtds_refused(name: str) -> None:
    with pytest.raises(SourceFailure) as failure:
        if name.startswith("billion"):
            parse_meeting(fixture(name))
        else:
            parse_committees(fixture(name))
    assert failure.value.kind is FailureKind.MALFORMED
    assert "entities" in failure.value.reason


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"   ",
        b"<getmeetings><meetingscount> 1",
        b"<html><body>Maintenance</body></html>",
        b"\xff\xfe not xml",
    ],
)
def test_malformed_or_wrong_root_refused(body: bytes) -> None:
    with pytest.raises(SourceFailure) as failure:
        parse_meetings(body)
    assert failure.value.kind is FailureKind.MALFORMED
    assert failure.value.advice


def test_meeting_without_id_or_date_is_malformed() -> None:
    with pytest.raises(SourceFailure):
        parse_meeting(b"<meeting><meetingdate>01/01/2024</meetingdate></meeting>")
    with pytest.raises(SourceFailure):
        parse_meeting(b"<meeting><meetingid>1</meetingid></meeting>")
    fallback = parse_meeting(b"<meeting><meetingid>1</meetingid></meeting>", day=date(2024, 1, 2))
    assert fallback.day == date(2024, 1, 2)
    assert fallback.items == () and fallback.start is None


def test_answer_over_the_limit_refused() -> None:
    with pytest.raises(SourceFailure) as failure:
        parse_meeting(fixture("getmeeting.xml"), max_bytes=100)
    assert failure.value.kind is FailureKind.TOO_LARGE


def _minuted_meeting(*, item_flag: bool | None, minutes: bool, decisions: bool) -> bytes:
    """The sample's minuted meeting with a minute written for its first item: the item's own
    ``isminutepublished`` set to ``item_flag`` (None: the element left out), the meeting's
    flags set as given."""
    site = sample_site(date(2023, 10, 3))
    meeting = site.meeting(SAMPLE.minuted)
    meeting.minutes_published = minutes
    meeting.decisions_published = decisions
    meeting.items[0].minute_published = bool(item_flag)
    body = meeting_xml(meeting, site_root="http://127.0.0.1:1")
    if item_flag is None:
        body = re.sub(r"<isminutepublished>\w+</isminutepublished>", "", body)
    return body.encode()


@pytest.mark.parametrize(
    ("item_flag", "minutes", "decisions", "published"),
    [
        (True, True, True, True),
        (True, False, False, True),  # the item's own flag decides
        (False, True, True, False),  # a draft minute under published ones: never read
        (False, False, False, False),
        (None, True, False, True),  # no flag on the item: the meeting's minutes
        (None, False, True, True),  # ... or its decisions
        (None, False, False, False),
    ],
)
def test_minute_only_once_published(
    item_flag: bool | None, minutes: bool, decisions: bool, published: bool
) -> None:
    body = _minuted_meeting(item_flag=item_flag, minutes=minutes, decisions=decisions)
    assert (b"<isminutepublished>" in body) is (item_flag is not None)
    first = parse_meeting(body).items[0]
    expected = "Apologies were received from Sarah Green." if published else None
    assert first.minute == expected
