"""A local Modern.Gov web service for tests: an aiohttp server on 127.0.0.1 answering
``GetCommittees``, ``GetMeetings`` and ``GetMeeting`` under ``<prefix>/mgWebService.asmx/`` with
the XML (and the quirks) described in MODERNGOV.md, written from a mutable in-memory model.

Tests change the model between syncs (move or cancel a meeting, publish an agenda, add a late
paper, retitle an item, change an attendee), make operations fail (403, hang, trickle, malformed,
500, 404, 429) and read the request log (path, query, headers, status).

    site = sample_site(date(2023, 10, 3))
    async with FakeModernGov(site) as server:
        ... server.base_url ...           # http://127.0.0.1:PORT (+ prefix)
        site.meeting(SAMPLE.agenda).agenda_published = False
        server.fail(Failure.FORBIDDEN, operation="GetMeeting", times=1)
        server.requests_for("GetMeeting")[-1].headers["User-Agent"]
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from enum import StrEnum
from types import TracebackType
from xml.sax.saxutils import escape, quoteattr

from aiohttp import web

OPERATIONS = ("GetCommittees", "GetMeetings", "GetMeeting")
SERVICE = "/mgWebService.asmx/"
# An empty value as the service writes it: whitespace, not an empty element.
EMPTY = "\n    "
FIREWALL_PAGE = (
    "<!DOCTYPE html><html><head><title>Access Denied</title></head><body>"
    "<h1>Access Denied</h1><p>The request was blocked by the web application firewall."
    " Support ID: 1234567890</p></body></html>"
)


# --- The model -----------------------------------------------------------------------------


@dataclass
class FakeAttendee:
    member_id: str
    name: str
    role: str = "Committee Member"
    attendance: str = "Expected"
    party: str = ""
    ward: str = ""


@dataclass
class FakeItem:
    """An agenda item. ``sequence``: the service's internal ``agendaitemnumber``; ``display``:
    ``fulldisplaynumberformat`` as written ("1."); ``sub``: ``agendaitemsubnumber``.
    ``text`` and ``minute``: HTML (written escaped). ``title_escaped_twice``: the title's
    apostrophes come out as ``&amp;#39;`` in the XML."""

    id: str
    sequence: int
    display: str
    title: str
    sub: str = ""
    text: str = ""
    label1: str = ""
    comment1: str = ""
    label2: str = ""
    comment2: str = ""
    minute: str = ""
    minute_published: bool = False
    restricted: bool = False
    decision: bool = False
    title_escaped_twice: bool = False


@dataclass
class FakeDoc:
    """A linked document. ``item_id``: the :class:`FakeItem` it belongs to (its title is
    written as ``ownertitle`` and its ``sequence`` as ``itemnum``), None for the meeting as a
    whole. ``url``: None writes ``http://<host><prefix>/mgConvert2PDF.aspx?ID=<id>``."""

    id: str
    title: str
    item_id: str | None = None
    restricted: bool = False
    published: date | None = None
    url: str | None = None


@dataclass
class FakeMeeting:
    """``time``/``finish`` as written ("10.00 am", "2.00 pm", "" for none)."""

    id: str
    day: date
    time: str = "10.00 am"
    finish: str = ""
    status: str = "Confirmed"
    location: str = ""
    room: str = ""
    agenda_published: bool = False
    minutes_published: bool = False
    decisions_published: bool = False
    webcast: bool = False
    items: list[FakeItem] = field(default_factory=list)
    docs: list[FakeDoc] = field(default_factory=list)
    attendees: list[FakeAttendee] = field(default_factory=list)

    def item(self, item_id: str) -> FakeItem:
        return next(item for item in self.items if item.id == item_id)

    def doc(self, doc_id: str) -> FakeDoc:
        return next(doc for doc in self.docs if doc.id == doc_id)


@dataclass
class FakeCommittee:
    id: str
    title: str
    category: str = ""
    deleted: bool = False
    expired: bool = False
    meetings: list[FakeMeeting] = field(default_factory=list)


@dataclass
class FakeSite:
    committees: list[FakeCommittee] = field(default_factory=list)

    def committee(self, committee_id: str) -> FakeCommittee:
        return next(c for c in self.committees if c.id == committee_id)

    def meeting(self, meeting_id: str) -> FakeMeeting:
        return next(m for c in self.committees for m in c.meetings if m.id == meeting_id)

    def committee_of(self, meeting_id: str) -> FakeCommittee:
        return next(c for c in self.committees if any(m.id == meeting_id for m in c.meetings))


# --- Failures and the request log ----------------------------------------------------------


class Failure(StrEnum):
    FORBIDDEN = "forbidden"  # 403 with a firewall's HTML page
    HANG = "hang"  # no answer until ``hang_seconds`` pass (or the server stops)
    MALFORMED = "malformed"  # 200 with broken XML
    WRONG_ROOT = "wrong-root"  # 200 with well-formed XML of another shape
    SERVER = "server"  # 500
    NOT_FOUND = "not-found"  # 404
    RATE_LIMITED = "rate-limited"  # 429 with Retry-After: ``retry_after``
    # 200 whose body comes a byte every ``trickle_seconds`` until ``hang_seconds`` pass (or the
    # server stops): each read is quick, the whole answer never ends.
    TRICKLE = "trickle"


@dataclass
class _Rule:
    failure: Failure
    operation: str | None
    times: int | None  # None: until healed


@dataclass(frozen=True, slots=True)
class FakeRequest:
    """One request as received: ``operation`` ("GetMeeting"..., "" for other paths)."""

    operation: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    status: int


# --- XML writing -----------------------------------------------------------------------------


def _text(value: str) -> str:
    return escape(value) if value.strip() else EMPTY


def _count(value: int) -> str:
    return f" {value}"


def _flag(value: bool) -> str:
    return "True" if value else "False"


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else EMPTY


def _rich(value: str) -> str:
    """HTML written escaped inside the XML (escape() turns ``<p>`` into ``&lt;p&gt;``)."""
    return escape(value) if value.strip() else EMPTY


def _title(item: FakeItem) -> str:
    if item.title_escaped_twice:
        # Escaped once as HTML, then as XML: ' -> &#39; -> &amp;#39;
        return escape(html.escape(item.title, quote=True).replace("&#x27;", "&#39;"))
    return escape(item.title)


def _element(name: str, value: str) -> str:
    return f"<{name}>{value}</{name}>"


def committees_xml(site: FakeSite) -> str:
    parts = ['<?xml version="1.0" encoding="utf-8"?>', "<committees>"]
    parts.append(_element("committeescount", _count(len(site.committees))))
    for committee in site.committees:
        parts.append("  <committee>")
        parts.append("    " + _element("committeeid", committee.id))
        parts.append("    " + _element("committeetitle", _text(committee.title)))
        parts.append("    " + _element("committeedeleted", _flag(committee.deleted)))
        parts.append("    " + _element("committeeexpired", _flag(committee.expired)))
        parts.append("    " + _element("committeecategory", _text(committee.category)))
        parts.append("  </committee>")
    parts.append("</committees>")
    return "\n".join(parts)


def meetings_xml(committee: FakeCommittee | None, meetings: Iterable[FakeMeeting]) -> str:
    chosen = list(meetings)
    parts = ['<?xml version="1.0" encoding="utf-8"?>', "<getmeetings>"]
    parts.append("  " + _element("meetingscount", _count(len(chosen))))
    parts.append("  " + _element("committeescount", _count(1 if committee else 0)))
    if committee is not None:
        parts.append("  <committee>")
        parts.append("    " + _element("committeeid", committee.id))
        parts.append("    " + _element("committeetitle", _text(committee.title)))
        parts.append("    " + _element("committeemeetingcount", _count(len(chosen))))
        parts.append("    <committeemeetings>")
        for meeting in chosen:
            parts.append("      <meeting>")
            parts.append("        " + _element("meetingid", meeting.id))
            parts.append("        " + _element("meetingdate", _day(meeting.day)))
            parts.append("        " + _element("meetingstatus", _text(meeting.status)))
            parts.append("        " + _element("meetingtime", _text(meeting.time)))
            parts.append("        " + _element("iswebcast", _flag(meeting.webcast)))
            parts.append("      </meeting>")
        parts.append("    </committeemeetings>")
        parts.append("  </committee>")
    parts.append("</getmeetings>")
    return "\n".join(parts)


def meeting_xml(meeting: FakeMeeting, *, site_root: str) -> str:
    parts = ['<?xml version="1.0" encoding="utf-8"?>', "<meeting>"]
    fields = [
        ("meetingid", meeting.id),
        ("meetingdate", _day(meeting.day)),
        ("meetingstatus", _text(meeting.status)),
        ("meetingtime", _text(meeting.time)),
        ("meetingplannedfinishtime", _text(meeting.finish)),
        ("meetinglocation", _text(meeting.location)),
        ("meetingroom", _text(meeting.room)),
        ("agendapublished", _flag(meeting.agenda_published)),
        ("minutepublished", _flag(meeting.minutes_published)),
        ("decisionpublished", _flag(meeting.decisions_published)),
    ]
    parts.extend("  " + _element(name, value) for name, value in fields)
    parts.append("  <agendaitems>")
    for item in meeting.items:
        parts.append("    <agendaitem>")
        item_fields = [
            ("agendaitemid", item.id),
            ("agendaitemtitle", _title(item)),
            ("agendatext", _rich(item.text)),
            ("agendaitemnumber", str(item.sequence)),
            ("fulldisplaynumberformat", _text(item.display)),
            ("agendaitemsubnumber", _text(item.sub)),
            ("commentlabel1", _text(item.label1)),
            ("commenttext1", _text(item.comment1)),
            ("commentlabel2", _text(item.label2)),
            ("commenttext2", _text(item.comment2)),
            ("minutesnonemptyhtmlbody", _rich(item.minute)),
            ("minutesitemnumber", _count(item.sequence) if item.minute_published else EMPTY),
            ("declarationcount", _count(0)),
            ("isrestricted", _flag(item.restricted)),
            ("isdecision", _flag(item.decision)),
            ("ispubliccanspeak", _flag(False)),
            ("isminutepublished", _flag(item.minute_published)),
            ("isdecisionpublished", _flag(meeting.decisions_published and item.decision)),
        ]
        parts.extend("      " + _element(name, value) for name, value in item_fields)
        parts.append("    </agendaitem>")
    parts.append("  </agendaitems>")
    parts.append("  <linkeddocuments>")
    items = {item.id: item for item in meeting.items}
    for doc in meeting.docs:
        owner = items.get(doc.item_id) if doc.item_id else None
        url = doc.url or f"{site_root}/mgConvert2PDF.aspx?ID={doc.id}"
        parts.append("    <linkeddoc>")
        doc_fields = [
            ("attachmentid", doc.id),
            ("title", _text(doc.title)),
            ("url", escape(url)),
            ("isrestricted", _flag(doc.restricted)),
            ("publicationdate", _day(doc.published)),
            ("ownertitle", _title(owner) if owner else EMPTY),
            ("itemnum", str(owner.sequence) if owner else EMPTY),
        ]
        parts.extend("      " + _element(name, value) for name, value in doc_fields)
        parts.append("    </linkeddoc>")
    parts.append("  </linkeddocuments>")
    parts.append("  <attendees>")
    for person in meeting.attendees:
        attributes = {
            "memberid": person.member_id,
            "name": person.name,
            "roledescription": person.role,
            "attendance": person.attendance,
            "politicalparty": person.party,
            "ward": person.ward,
        }
        written = " ".join(f"{key}={quoteattr(value)}" for key, value in attributes.items())
        parts.append(f"    <attendee {written} />")
    parts.append("  </attendees>")
    parts.append("</meeting>")
    return "\n".join(parts)


def _parse_day(text: str) -> date | None:
    try:
        return datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError:
        return None


# --- The server ------------------------------------------------------------------------------


class FakeModernGov:
    """The fake service. ``prefix``: a path the site sits under ("/moderngov"); ``ignore_dates``:
    GetMeetings answers every meeting of the committee; ``exclusive_end``: the end date is
    exclusive; ``etags`` / ``last_modified``: send those validators and answer 304 to a
    matching conditional GET."""

    def __init__(
        self,
        site: FakeSite | None = None,
        *,
        prefix: str = "",
        ignore_dates: bool = False,
        exclusive_end: bool = False,
        etags: bool = True,
        last_modified: bool = True,
        hang_seconds: float = 30.0,
        trickle_seconds: float = 0.05,
        retry_after: str = "0",
    ) -> None:
        self.site = site if site is not None else FakeSite()
        self.prefix = "/" + prefix.strip("/") if prefix.strip("/") else ""
        self.ignore_dates = ignore_dates
        self.exclusive_end = exclusive_end
        self.etags = etags
        self.last_modified = last_modified
        self.hang_seconds = hang_seconds
        self.trickle_seconds = trickle_seconds
        self.retry_after = retry_after
        self.requests: list[FakeRequest] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._rules: list[_Rule] = []
        self._versions: dict[str, tuple[str, int]] = {}
        self._stopping = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle

    @property
    def base_url(self) -> str:
        """The site root to give a source: ``http://127.0.0.1:PORT`` plus the prefix."""
        return f"http://127.0.0.1:{self.port}{self.prefix}"

    @property
    def service_url(self) -> str:
        return self.base_url + "/mgWebService.asmx"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._handle)
        self._stopping = asyncio.Event()
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        sockets = getattr(server, "sockets", None)
        assert sockets
        self.port = int(sockets[0].getsockname()[1])

    async def stop(self) -> None:
        self._stopping.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeModernGov:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    # -- failures and the log

    def fail(
        self, failure: Failure, *, operation: str | None = None, times: int | None = None
    ) -> None:
        """Make ``operation`` (every operation when None) fail the next ``times`` requests
        (every request until :meth:`heal` when None). Later rules are checked first."""
        if operation is not None and operation not in OPERATIONS:
            raise ValueError(f"unknown operation {operation!r}")
        self._rules.append(_Rule(failure, operation, times))

    def heal(self) -> None:
        self._rules.clear()

    def requests_for(self, operation: str) -> list[FakeRequest]:
        return [request for request in self.requests if request.operation == operation]

    def _failure_for(self, operation: str) -> Failure | None:
        for rule in reversed(self._rules):
            if rule.operation not in (None, operation):
                continue
            if rule.times is not None:
                rule.times -= 1
                if rule.times <= 0:
                    self._rules.remove(rule)
            return rule.failure
        return None

    # -- answering

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            operation, response = await self._answer(request)
        finally:
            self.in_flight -= 1
        self.requests.append(
            FakeRequest(
                operation=operation,
                path=request.path,
                query=dict(request.query),
                headers=dict(request.headers),
                status=response.status,
            )
        )
        return response

    def _operation(self, path: str) -> str:
        service = (self.prefix + SERVICE).lower()
        if not path.lower().startswith(service):
            return ""
        name = path[len(service) :]
        return next((op for op in OPERATIONS if op.lower() == name.lower()), "")

    async def _answer(self, request: web.Request) -> tuple[str, web.StreamResponse]:
        path = request.path
        if path.lower() == (self.prefix + "/mgConvert2PDF.aspx").lower():
            body = f"%PDF-1.4\n% fake paper {request.query.get('ID', '')}\n%%EOF\n".encode()
            return "", web.Response(body=body, content_type="application/pdf")
        operation = self._operation(path)
        if not operation:
            return "", web.Response(status=404, text="<html><body>Not found</body></html>")
        failure = self._failure_for(operation)
        if failure is not None:
            if failure is Failure.TRICKLE:
                return operation, await self._trickle(request)
            return operation, await self._failed(failure)
        text = self._xml(operation, request)
        if text is None:
            return operation, web.Response(status=500, text="System.ArgumentException")
        return operation, self._conditional(request, text.encode("utf-8"))

    async def _trickle(self, request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(status=200, headers={"Content-Type": "text/xml"})
        await response.prepare(request)
        loop = asyncio.get_running_loop()
        until = loop.time() + self.hang_seconds
        with contextlib.suppress(ConnectionError):
            await response.write(b'<?xml version="1.0" encoding="utf-8"?>\n')
            while loop.time() < until and not self._stopping.is_set():
                await response.write(b" ")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), self.trickle_seconds)
        return response

    async def _failed(self, failure: Failure) -> web.Response:
        if failure is Failure.FORBIDDEN:
            return web.Response(status=403, text=FIREWALL_PAGE, content_type="text/html")
        if failure is Failure.HANG:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.hang_seconds)
            return web.Response(status=504, text="late")
        if failure is Failure.MALFORMED:
            body = '<?xml version="1.0" encoding="utf-8"?>\n<getmeetings><meetingscount> 1'
            return web.Response(body=body.encode(), content_type="text/xml")
        if failure is Failure.WRONG_ROOT:
            body = '<?xml version="1.0" encoding="utf-8"?>\n<html><body>Maintenance</body></html>'
            return web.Response(body=body.encode(), content_type="text/xml")
        if failure is Failure.NOT_FOUND:
            return web.Response(status=404, text="<html><body>Not found</body></html>")
        if failure is Failure.RATE_LIMITED:
            return web.Response(
                status=429, text="Too many", headers={"Retry-After": self.retry_after}
            )
        return web.Response(
            status=500, text="<html><body>Server Error in '/' Application.</body></html>"
        )

    def _xml(self, operation: str, request: web.Request) -> str | None:
        query = request.query
        if operation == "GetCommittees":
            return committees_xml(self.site)
        if operation == "GetMeetings":
            first = _parse_day(query.get("sFromDate", ""))
            last = _parse_day(query.get("sToDate", ""))
            committee = next(
                (c for c in self.site.committees if c.id == query.get("lCommitteeId", "").strip()),
                None,
            )
            if first is None or last is None:
                return None  # the real service wants both dates
            if committee is None:
                return meetings_xml(None, [])
            meetings = committee.meetings
            if not self.ignore_dates:
                meetings = [
                    m
                    for m in meetings
                    if first <= m.day and (m.day < last if self.exclusive_end else m.day <= last)
                ]
            return meetings_xml(committee, sorted(meetings, key=lambda m: m.day))
        meeting_id = query.get("lMeetingId", "").strip()
        try:
            meeting = self.site.meeting(meeting_id)
        except StopIteration:
            return None
        return meeting_xml(meeting, site_root=f"http://{request.host}{self.prefix}")

    def _conditional(self, request: web.Request, body: bytes) -> web.Response:
        key = request.path_qs
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        known = self._versions.get(key)
        version = known[1] if known and known[0] == etag else (known[1] + 1 if known else 0)
        self._versions[key] = (etag, version)
        stamp = format_datetime(
            datetime(2024, 1, 1, tzinfo=UTC) + timedelta(hours=version), usegmt=True
        )
        headers: dict[str, str] = {}
        if self.etags:
            headers["ETag"] = etag
        if self.last_modified:
            headers["Last-Modified"] = stamp
        none_match = request.headers.get("If-None-Match")
        since = request.headers.get("If-Modified-Since")
        if self.etags and none_match is not None:
            if etag in [tag.strip() for tag in none_match.split(",")]:
                return web.Response(status=304, headers=headers)
        elif self.last_modified and since is not None and since == stamp:
            return web.Response(status=304, headers=headers)
        return web.Response(body=body, headers=headers, content_type="text/xml", charset="utf-8")


# --- A realistic site ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SampleIds:
    """The sample site's ids (see :func:`sample_site`)."""

    committee: str = "123"
    other_committee: str = "124"
    deleted_committee: str = "125"
    expired_committee: str = "126"
    oldest: str = "7101"  # 11 months back, agenda published, no minutes
    minuted: str = "7102"  # 5 months back, minutes published
    agenda: str = "7103"  # 12 days ahead, agenda published with items, papers, attendees
    cancelled: str = "7104"  # 2 months ahead, Cancelled
    planned: str = "7105"  # 5 months ahead, 2.00 pm, nothing published
    last: str = "7106"  # 8 months ahead, no time given, nothing published
    other_meeting: str = "7201"  # committee 124, 1 month ahead
    late_doc: str = "8099"  # the paper add_late_document() adds


SAMPLE = SampleIds()


def months_from(today: date, months: int, day: int) -> date:
    """``day`` (1..28) of the month ``months`` after today's."""
    index = today.year * 12 + today.month - 1 + months
    return date(index // 12, index % 12 + 1, day)


def sample_site(today: date) -> FakeSite:
    """Health and Wellbeing Board (123) with six meetings from 11 months back to 8 months ahead
    of ``today`` (its offsets always cover both GMT and BST dates), Cabinet (124, one meeting),
    a deleted (125) and an expired (126) committee. See :class:`SampleIds`."""
    ids = SAMPLE
    location = "Council Chamber, County Hall, Market Street, Eastshire EA1 1AA"
    members = [
        FakeAttendee("301", "Councillor Jane Smith", "Chair", party="Independent", ward="Oakham"),
        FakeAttendee("302", "Councillor Tom Brown", "Vice-Chair", party="Labour", ward="Riverside"),
        FakeAttendee("303", "Dr Priya Patel", "Committee Member"),
        FakeAttendee("304", "Sarah Green", "Committee Member", attendance="Apologies"),
        FakeAttendee("305", "Councillor Alan Jones", "Substitute", party="Conservative"),
    ]
    oldest = FakeMeeting(
        ids.oldest,
        months_from(today, -11, 14),
        "10.00 am",
        status="Confirmed",
        location=location,
        agenda_published=True,
        items=[FakeItem("4001", 1, "1.", "Apologies for absence")],
        attendees=[FakeAttendee(a.member_id, a.name, a.role) for a in members[:4]],
    )
    minuted_day = months_from(today, -5, 9)
    minuted = FakeMeeting(
        ids.minuted,
        minuted_day,
        "2.00 pm",
        finish="4.00 pm",
        location=location,
        room="Committee Room 2",
        agenda_published=True,
        minutes_published=True,
        decisions_published=True,
        items=[
            FakeItem(
                "4101",
                1,
                "1.",
                "Apologies for absence",
                minute="<p>Apologies were received from Sarah Green.</p>",
                minute_published=True,
            ),
            FakeItem(
                "4102",
                2,
                "2.",
                "Joint Health and Wellbeing Strategy refresh",
                text="<p>To approve the refreshed strategy.</p>",
                label1="Presented By",
                comment1="Anna Clarke, Director of Public Health",
                minute=(
                    "<p>The Board considered the refreshed strategy.</p>"
                    "<p>RESOLVED: that the strategy be approved.</p>"
                ),
                minute_published=True,
                decision=True,
            ),
        ],
        docs=[
            FakeDoc("8010", "Printed minutes", published=minuted_day + timedelta(days=10)),
            FakeDoc("8011", "Strategy refresh report", item_id="4102", published=minuted_day),
        ],
        attendees=[FakeAttendee(a.member_id, a.name, a.role, "Present") for a in members[:4]],
    )
    agenda_day = today + timedelta(days=12)
    published = agenda_day - timedelta(days=7)
    agenda = FakeMeeting(
        ids.agenda,
        agenda_day,
        "10.00 am",
        finish="12.30 pm",
        location=location,
        room="  ",
        agenda_published=True,
        items=[
            FakeItem("5001", 1, "1.", "Apologies for absence", text="<p>To receive apologies.</p>"),
            FakeItem(
                "5002",
                2,
                " 2. ",
                "Minutes of the previous meeting",
                text="<p>To approve the minutes of the meeting held on "
                + minuted_day.strftime("%d %B %Y")
                + " as a correct record.</p>",
            ),
            FakeItem(
                "5003",
                3,
                "3.",
                "Children's Services Update",
                text=(
                    "<p>The Board will receive an update on:</p>"
                    "<ul><li>early help</li><li>school readiness &amp; SEND</li></ul>"
                ),
                label1="Presented By",
                comment1="Anna Clarke, Director of Public Health",
                label2="Actions",
                comment2="To note the update.",
                title_escaped_twice=True,
            ),
            FakeItem(
                "5004",
                4,
                "3.",
                "School readiness performance data",
                sub="a",
                label1="Lead Officer",
                comment1="Mark Lee, Head of Performance",
            ),
            FakeItem(
                "5005",
                5,
                "4.",
                "Better Care Fund: contract award",
                text="<p>Exempt: paragraph 3 of Schedule 12A.</p>",
                restricted=True,
                decision=True,
                label1="Presented By",
                comment1="Ben Ward, Head of Commissioning",
            ),
        ],
        docs=[
            FakeDoc("8001", "Agenda frontsheet", published=published),
            FakeDoc("8002", "Draft minutes", item_id="5002", published=published),
            FakeDoc(
                "8003", "Children's Services Update report", item_id="5003", published=published
            ),
            FakeDoc("8004", "Appendix A - performance data", item_id="5004", published=published),
            FakeDoc(
                "8005",
                "Better Care Fund contract award - exempt report",
                item_id="5005",
                restricted=True,
                published=published,
            ),
        ],
        attendees=list(members),
    )
    cancelled = FakeMeeting(
        ids.cancelled,
        months_from(today, 2, 20),
        "2.00 pm",
        status="Cancelled",
        location=location,
    )
    planned = FakeMeeting(ids.planned, months_from(today, 5, 11), "2.00 pm", location=location)
    last = FakeMeeting(ids.last, months_from(today, 8, 3), "", location=location)
    board = FakeCommittee(
        ids.committee,
        "Health and Wellbeing Board",
        category="Boards",
        meetings=[oldest, minuted, agenda, cancelled, planned, last],
    )
    cabinet = FakeCommittee(
        ids.other_committee,
        "Cabinet",
        category="Executive",
        meetings=[FakeMeeting(ids.other_meeting, months_from(today, 1, 6), "10.00 am")],
    )
    return FakeSite(
        [
            board,
            cabinet,
            FakeCommittee(ids.deleted_committee, "Old Scrutiny Panel", deleted=True),
            FakeCommittee(ids.expired_committee, "Shadow Health Board", expired=True),
        ]
    )


def add_late_document(site: FakeSite, *, today: date) -> FakeDoc:
    """A supplementary paper (SAMPLE.late_doc) added to the published agenda's item 3."""
    doc = FakeDoc(
        SAMPLE.late_doc,
        "Supplementary information - Children's Services",
        item_id="5003",
        published=today,
    )
    site.meeting(SAMPLE.agenda).docs.append(doc)
    return doc
