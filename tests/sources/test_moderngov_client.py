"""The Modern.Gov source against the local fake service: snapshots, politeness (User-Agent, one
request at a time, conditional GETs, retries) and failures a clerk can read."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from collections.abc import AsyncIterator
from datetime import date, time

import httpx
import pytest

from sources.base import FailureKind, SourceFailure
from sources.http import is_public
from sources.model import Snapshot
from sources.moderngov.client import ModernGovSource, normalise_base_url
from sources.registry import USER_AGENT, SourceOptions, open_source
from sources.registry import normalise_base_url as registry_normalise
from tests.auxil.moderngov import (
    SAMPLE,
    Failure,
    FakeModernGov,
    FakeSite,
    add_late_document,
    committees_xml,
    sample_site,
)

TODAY = date(2023, 10, 3)
FIRST = date(2022, 10, 1)
LAST = date(2024, 7, 31)
# Generous for answers that come (a loaded machine is slow), short where a test waits for a
# site that never answers.
OPTIONS = SourceOptions(timeout=10, attempts=2, backoff=0.01, allow_private=True)
IMPATIENT = SourceOptions(timeout=0.5, attempts=2, backoff=0.01, allow_private=True)


@pytest.fixture
def site() -> FakeSite:
    return sample_site(TODAY)


@pytest.fixture
async def server(site: FakeSite) -> AsyncIterator[FakeModernGov]:
    async with FakeModernGov(site) as fake:
        yield fake


async def snapshot_of(
    fake: FakeModernGov,
    *,
    first: date = FIRST,
    last: date = LAST,
    options: SourceOptions = OPTIONS,
    cache: Snapshot | None = None,
) -> Snapshot:
    source = ModernGovSource(fake.base_url, options=options)
    try:
        known = {r.url: r for r in cache.responses} if cache else {}
        return await source.snapshot(SAMPLE.committee, first_day=first, last_day=last, cache=known)
    finally:
        await source.aclose()


async def failure_of(fake: FakeModernGov, **kwargs: object) -> SourceFailure:
    with pytest.raises(SourceFailure) as caught:
        await snapshot_of(fake, **kwargs)  # type: ignore[arg-type]
    return caught.value


async def test_committees(server: FakeModernGov) -> None:
    source = open_source("modgov", server.base_url, options=OPTIONS)
    try:
        committees = await source.committees()
    finally:
        await source.aclose()
    assert [(c.id, c.current) for c in committees] == [
        ("123", True),
        ("124", True),
        ("125", False),
        ("126", False),
    ]


async def test_full_snapshot(server: FakeModernGov) -> None:
    snapshot = await snapshot_of(server)
    assert snapshot.committee_id == "123"
    assert snapshot.committee_title == "Health and Wellbeing Board"
    assert (snapshot.first_day, snapshot.last_day) == (FIRST, LAST)
    by_id = {m.id: m for m in snapshot.meetings}
    assert list(by_id) == [
        SAMPLE.oldest,
        SAMPLE.minuted,
        SAMPLE.agenda,
        SAMPLE.cancelled,
        SAMPLE.planned,
        SAMPLE.last,
    ]
    # GMT and BST dates, local times as printed.
    assert (by_id[SAMPLE.oldest].day, by_id[SAMPLE.oldest].start) == (date(2022, 11, 14), time(10))
    assert (by_id[SAMPLE.minuted].day, by_id[SAMPLE.minuted].start) == (date(2023, 5, 9), time(14))
    assert by_id[SAMPLE.last].start is None
    cancelled = by_id[SAMPLE.cancelled]
    assert cancelled.cancelled and cancelled.status == "Cancelled"
    assert cancelled.day == date(2023, 12, 20)
    agenda = by_id[SAMPLE.agenda]
    assert agenda.day == date(2023, 10, 15)
    assert (agenda.start, agenda.finish) == (time(10), time(12, 30))
    assert agenda.agenda_published and not agenda.minutes_published
    assert [(i.number, i.title, i.presenter, i.restricted) for i in agenda.items] == [
        ("1", "Apologies for absence", None, False),
        ("2", "Minutes of the previous meeting", None, False),
        ("3", "Children's Services Update", "Anna Clarke, Director of Public Health", False),
        ("3a", "School readiness performance data", "Mark Lee, Head of Performance", False),
        ("4", "Better Care Fund: contract award", "Ben Ward, Head of Commissioning", True),
    ]
    documents = {d.id: d for d in agenda.documents}
    assert documents["8005"].restricted and documents["8005"].item_id == "5005"
    assert documents["8001"].item_id is None
    assert documents["8003"].url == f"{server.base_url}/mgConvert2PDF.aspx?ID=8003"
    assert documents["8003"].published_on == date(2023, 10, 8)
    assert [(a.name, a.role) for a in agenda.attendees][:2] == [
        ("Councillor Jane Smith", "Chair"),
        ("Councillor Tom Brown", "Vice-Chair"),
    ]
    assert agenda.url == f"{server.base_url}/ieListDocuments.aspx?CId=123&MId={SAMPLE.agenda}"
    minuted = by_id[SAMPLE.minuted]
    assert minuted.minutes_published
    assert minuted.items[1].minute == (
        "The Board considered the refreshed strategy.\nRESOLVED: that the strategy be approved."
    )
    # Dates asked for as dd/mm/yyyy, the end a day later (servers with an exclusive end).
    [listing] = server.requests_for("GetMeetings")
    assert listing.query == {
        "lCommitteeId": "123",
        "sFromDate": "01/10/2022",
        "sToDate": "01/08/2024",
    }
    assert len(server.requests_for("GetMeeting")) == 6


async def test_window_filtered_when_the_server_ignores_dates(site: FakeSite) -> None:
    async with FakeModernGov(site, ignore_dates=True) as fake:
        snapshot = await snapshot_of(fake, first=TODAY, last=date(2023, 12, 20))
        assert [m.id for m in snapshot.meetings] == [SAMPLE.agenda, SAMPLE.cancelled]
        asked = {r.query["lMeetingId"] for r in fake.requests_for("GetMeeting")}
        assert asked == {SAMPLE.agenda, SAMPLE.cancelled}


async def test_last_day_kept_when_the_server_treats_the_end_as_exclusive(site: FakeSite) -> None:
    async with FakeModernGov(site, exclusive_end=True) as fake:
        snapshot = await snapshot_of(fake, first=TODAY, last=date(2023, 12, 20))
    assert [m.id for m in snapshot.meetings] == [SAMPLE.agenda, SAMPLE.cancelled]


async def test_conditional_get_reuses_bodies_and_sees_changes(
    server: FakeModernGov, site: FakeSite
) -> None:
    first = await snapshot_of(server)
    assert len(first.responses) == 7
    assert all(r.etag and r.last_modified and r.body for r in first.responses)
    server.requests.clear()
    second = await snapshot_of(server, cache=first)
    assert second.meetings == first.meetings
    assert len(server.requests) == 7
    assert all(r.headers.get("If-None-Match") for r in server.requests)
    assert all(r.headers.get("If-Modified-Since") for r in server.requests)
    assert {r.status for r in server.requests} == {304}
    assert {r.url: r.body for r in second.responses} == {r.url: r.body for r in first.responses}
    # A late paper: that meeting's answer changes, the others stay 304.
    add_late_document(site, today=TODAY)
    site.meeting(SAMPLE.planned).time = "4.30 pm"
    server.requests.clear()
    third = await snapshot_of(server, cache=second)
    changed = {r.query.get("lMeetingId") for r in server.requests if r.status == 200}
    assert changed == {SAMPLE.agenda, SAMPLE.planned, None}  # None: GetMeetings (a time moved)
    agenda = next(m for m in third.meetings if m.id == SAMPLE.agenda)
    assert agenda.documents[-1].id == SAMPLE.late_doc
    assert agenda.documents[-1].item_id == "5003"


async def test_last_modified_alone_is_used(site: FakeSite) -> None:
    async with FakeModernGov(site, etags=False) as fake:
        first = await snapshot_of(fake, first=TODAY, last=TODAY.replace(month=12, day=31))
        fake.requests.clear()
        await snapshot_of(fake, first=TODAY, last=TODAY.replace(month=12, day=31), cache=first)
        assert {r.status for r in fake.requests} == {304}
        assert not any("If-None-Match" in r.headers for r in fake.requests)


async def test_honest_user_agent(server: FakeModernGov) -> None:
    await snapshot_of(server)
    assert {r.headers["User-Agent"] for r in server.requests} == {USER_AGENT}
    await snapshot_of(
        server, options=SourceOptions(timeout=10, user_agent="Quorum-test/1", allow_private=True)
    )
    assert server.requests[-1].headers["User-Agent"] == "Quorum-test/1"


async def test_one_request_at_a_time_per_host(server: FakeModernGov) -> None:
    await asyncio.gather(*(snapshot_of(server) for _ in range(3)))
    assert len(server.requests) == 21
    assert server.max_in_flight == 1


async def test_retries_then_succeeds_after_a_500(server: FakeModernGov) -> None:
    server.fail(Failure.SERVER, operation="GetMeetings", times=1)
    snapshot = await snapshot_of(server)
    assert len(snapshot.meetings) == 6
    assert [r.status for r in server.requests_for("GetMeetings")] == [500, 200]


async def test_rate_limited_then_succeeds(server: FakeModernGov) -> None:
    server.fail(Failure.RATE_LIMITED, operation="GetMeeting", times=1)
    snapshot = await snapshot_of(server)
    assert len(snapshot.meetings) == 6
    assert [r.status for r in server.requests_for("GetMeeting")][:2] == [429, 200]


async def test_server_error_after_every_attempt(server: FakeModernGov) -> None:
    server.fail(Failure.SERVER)
    failure = await failure_of(server)
    assert failure.kind is FailureKind.SERVER
    assert "HTTP 500" in failure.reason
    assert len(server.requests) == OPTIONS.attempts


async def test_forbidden_is_not_retried(server: FakeModernGov) -> None:
    server.fail(Failure.FORBIDDEN)
    failure = await failure_of(server)
    assert failure.kind is FailureKind.FORBIDDEN
    assert "refused" in failure.reason
    assert USER_AGENT in failure.advice
    assert len(server.requests) == 1


async def test_hang_is_a_timeout(server: FakeModernGov) -> None:
    server.fail(Failure.HANG, operation="GetMeeting")
    failure = await failure_of(server, options=IMPATIENT)
    assert failure.kind is FailureKind.TIMEOUT
    assert "did not answer in time" in failure.reason


@pytest.mark.parametrize("broken", [Failure.MALFORMED, Failure.WRONG_ROOT])
async def test_malformed_is_not_retried(server: FakeModernGov, broken: Failure) -> None:
    server.fail(broken, operation="GetMeeting")
    failure = await failure_of(server)
    assert failure.kind is FailureKind.MALFORMED
    assert len(server.requests_for("GetMeeting")) == 1


async def test_not_found_advises_checking_the_address(site: FakeSite) -> None:
    async with FakeModernGov(site, prefix="/moderngov") as fake:
        source = ModernGovSource(f"http://127.0.0.1:{fake.port}", options=OPTIONS)
        try:
            with pytest.raises(SourceFailure) as caught:
                await source.committees()
        finally:
            await source.aclose()
        assert caught.value.kind is FailureKind.NOT_FOUND
        assert "web service is not at that address" in caught.value.advice
        assert len(fake.requests) == 1


async def test_site_under_a_path(site: FakeSite) -> None:
    async with FakeModernGov(site, prefix="/moderngov") as fake:
        assert fake.base_url.endswith("/moderngov")
        snapshot = await snapshot_of(fake)
        assert len(snapshot.meetings) == 6
        agenda = next(m for m in snapshot.meetings if m.id == SAMPLE.agenda)
        assert agenda.documents[0].url.startswith(fake.base_url + "/mgConvert2PDF.aspx")
        assert all(r.path.startswith("/moderngov/mgWebService.asmx/") for r in fake.requests)


async def test_too_large(server: FakeModernGov) -> None:
    failure = await failure_of(
        server, options=SourceOptions(timeout=10, max_bytes=300, allow_private=True)
    )
    assert failure.kind is FailureKind.TOO_LARGE


async def test_unreachable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    source = ModernGovSource(f"http://127.0.0.1:{port}", options=OPTIONS)
    try:
        with pytest.raises(SourceFailure) as caught:
            await source.committees()
    finally:
        await source.aclose()
    assert caught.value.kind is FailureKind.UNREACHABLE


async def test_tls_failure_is_not_retried(server: FakeModernGov) -> None:
    # https to a plain-http port: the TLS handshake fails; certificates are never skipped.
    source = ModernGovSource(f"127.0.0.1:{server.port}", options=OPTIONS)
    assert source.base_url.startswith("https://")
    try:
        with pytest.raises(SourceFailure) as caught:
            await source.committees()
    finally:
        await source.aclose()
    assert caught.value.kind is FailureKind.TLS
    assert "never" in caught.value.advice


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("democracy.example.gov.uk", "https://democracy.example.gov.uk"),
        ("  https://Democracy.Example.gov.uk/  ", "https://democracy.example.gov.uk"),
        ("http://democracy.example.gov.uk", "http://democracy.example.gov.uk"),
        (
            "https://democracy.example.gov.uk/mgWebService.asmx/GetCommittees?lDummy=0",
            "https://democracy.example.gov.uk",
        ),
        ("www.example.gov.uk/moderngov/", "https://www.example.gov.uk/moderngov"),
        (
            "https://www.example.gov.uk/modern.gov/ieListMeetings.aspx?CommitteeId=123",
            "https://www.example.gov.uk/modern.gov",
        ),
        ("https://example.moderngov.co.uk:8443/", "https://example.moderngov.co.uk:8443"),
        ("https://example.gov.uk/MGWEBSERVICE.ASMX", "https://example.gov.uk"),
    ],
)
def test_normalise_base_url(typed: str, stored: str) -> None:
    assert normalise_base_url(typed) == stored
    assert registry_normalise("modgov", typed) == stored


@pytest.mark.parametrize(
    "typed", ["", "   ", "ftp://example.gov.uk", "https://", "https:///path", "http://a b/"]
)
def test_normalise_base_url_refuses(typed: str) -> None:
    with pytest.raises(ValueError, match=r"\w") as caught:
        normalise_base_url(typed)
    assert "example" in str(caught.value) or "address" in str(caught.value)


# --- Time limits ---------------------------------------------------------------------------


async def test_a_trickling_answer_times_out(site: FakeSite) -> None:
    # Each byte comes quickly, the answer never ends: the limit is on the whole request.
    async with FakeModernGov(site, hang_seconds=60) as fake:
        fake.fail(Failure.TRICKLE, operation="GetMeeting")
        failure = await failure_of(fake, options=IMPATIENT)
    assert failure.kind is FailureKind.TIMEOUT
    assert "did not answer in time" in failure.reason


async def test_a_snapshot_has_an_overall_deadline(site: FakeSite) -> None:
    # Many attempts, each within its own limit, but not past the snapshot's deadline.
    patient = SourceOptions(
        timeout=0.3, attempts=10, backoff=0.01, deadline=0.5, allow_private=True
    )
    async with FakeModernGov(site, hang_seconds=60) as fake:
        fake.fail(Failure.TRICKLE, operation="GetMeeting")
        failure = await failure_of(fake, options=patient)
    assert failure.kind is FailureKind.TIMEOUT
    assert "in all" in failure.reason
    assert "usually temporary" in failure.advice


# --- Retry-After ---------------------------------------------------------------------------


async def test_a_long_retry_after_fails_this_sync(site: FakeSite) -> None:
    async with FakeModernGov(site, retry_after="600") as fake:
        fake.fail(Failure.RATE_LIMITED, operation="GetMeetings")
        failure = await failure_of(fake)
        assert failure.kind is FailureKind.SERVER
        assert "wait 10 minutes" in failure.reason
        assert "the site sets how often" in failure.advice
        # Not asked again sooner than the site said.
        assert [r.status for r in fake.requests_for("GetMeetings")] == [429]


# --- https first -----------------------------------------------------------------------------


async def test_http_site_tries_https_then_falls_back(
    server: FakeModernGov, caplog: pytest.LogCaptureFixture
) -> None:
    assert server.base_url.startswith("http://")
    source = ModernGovSource(server.base_url, options=OPTIONS)
    try:
        with caplog.at_level(logging.WARNING, logger="sources.http"):
            committees = await source.committees()
            await source.committees()
        assert source._http.scheme_for(server.base_url) == "http"
    finally:
        await source.aclose()
    assert len(committees) == 4
    assert len(server.requests_for("GetCommittees")) == 2
    # https was tried once, for the session's first request only.
    fallbacks = [r for r in caplog.records if "using http for this session" in r.getMessage()]
    assert len(fallbacks) == 1


PUBLIC = "93.184.216.34"  # an address literal: no DNS needed


def recording(
    answer: dict[str, httpx.Response],
) -> tuple[httpx.MockTransport, list[str]]:
    """A transport answering URLs from ``answer`` (else 500), logging each URL asked."""
    asked: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        asked.append(url)
        return answer.get(url, httpx.Response(500))

    return httpx.MockTransport(handle), asked


def committees_answer() -> httpx.Response:
    return httpx.Response(200, content=committees_xml(sample_site(TODAY)).encode())


async def committees_via(base: str, transport: httpx.MockTransport) -> SourceFailure | int:
    source = ModernGovSource(
        base, options=SourceOptions(timeout=2, attempts=1), transport=transport
    )
    try:
        return len(await source.committees())
    except SourceFailure as failure:
        return failure
    finally:
        await source.aclose()


async def test_https_used_when_the_site_has_it() -> None:
    transport, asked = recording(
        {f"https://{PUBLIC}/mgWebService.asmx/GetCommittees": committees_answer()}
    )
    assert await committees_via(f"http://{PUBLIC}", transport) == 4
    assert asked == [f"https://{PUBLIC}/mgWebService.asmx/GetCommittees"]


async def test_redirect_from_https_to_http_is_refused() -> None:
    moved = httpx.Response(301, headers={"Location": f"http://{PUBLIC}/mgWebService.asmx/x"})
    transport, asked = recording({f"https://{PUBLIC}/mgWebService.asmx/GetCommittees": moved})
    failure = await committees_via(f"https://{PUBLIC}", transport)
    assert isinstance(failure, SourceFailure)
    assert failure.kind is FailureKind.UNREACHABLE
    assert "insecure one (http)" in failure.reason
    assert "over https" in failure.advice
    assert all(url.startswith("https://") for url in asked)


async def test_redirect_within_https_is_followed() -> None:
    target = f"https://{PUBLIC}/democracy/mgWebService.asmx/GetCommittees"
    moved = httpx.Response(302, headers={"Location": "/democracy/mgWebService.asmx/GetCommittees"})
    transport, asked = recording(
        {f"https://{PUBLIC}/mgWebService.asmx/GetCommittees": moved, target: committees_answer()}
    )
    assert await committees_via(f"https://{PUBLIC}", transport) == 4
    assert asked[-1] == target


async def test_http_site_whose_https_redirects_to_http_keeps_http() -> None:
    http_url = f"http://{PUBLIC}/mgWebService.asmx/GetCommittees"
    moved = httpx.Response(301, headers={"Location": http_url})
    transport, asked = recording(
        {f"https://{PUBLIC}/mgWebService.asmx/GetCommittees": moved, http_url: committees_answer()}
    )
    assert await committees_via(f"http://{PUBLIC}", transport) == 4
    assert asked == [f"https://{PUBLIC}/mgWebService.asmx/GetCommittees", http_url]


# --- Public sites only -----------------------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
async def test_private_addresses_are_refused(server: FakeModernGov, host: str) -> None:
    strict = SourceOptions(timeout=0.5, attempts=2, backoff=0.01)
    assert not strict.allow_private
    source = ModernGovSource(f"http://{host}:{server.port}", options=strict)
    try:
        with pytest.raises(SourceFailure) as caught:
            await source.committees()
    finally:
        await source.aclose()
    assert caught.value.kind is FailureKind.FORBIDDEN
    assert "not a public web site" in caught.value.reason
    assert server.requests == []


async def test_redirect_to_a_private_address_is_refused() -> None:
    moved = httpx.Response(302, headers={"Location": "https://169.254.169.254/latest/meta-data"})
    transport, asked = recording({f"https://{PUBLIC}/mgWebService.asmx/GetCommittees": moved})
    failure = await committees_via(f"https://{PUBLIC}", transport)
    assert isinstance(failure, SourceFailure)
    assert failure.kind is FailureKind.FORBIDDEN
    assert "not a public web site" in failure.reason
    assert asked == [f"https://{PUBLIC}/mgWebService.asmx/GetCommittees"]


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2a00:1450:4009::1", True),
        ("::ffff:8.8.8.8", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("0.0.0.0", False),
        ("::1", False),
        ("::", False),
        ("fe80::1", False),
        ("fd12:3456::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
    ],
)
def test_public_addresses(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public
