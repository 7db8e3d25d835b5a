"""A council's Modern.Gov site as a :class:`sources.base.Source`: ``GetCommittees``, then for a
snapshot ``GetMeetings`` over the window and ``GetMeeting`` for each meeting in it, one request
at a time, politely (see :mod:`sources.http`), within ``options.deadline`` in all. Answers are
parsed in a worker thread, off the event loop."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Mapping
from dataclasses import replace
from datetime import date, timedelta
from typing import TypeVar
from urllib.parse import urlencode, urlsplit, urlunsplit

import httpx

from sources.base import FailureKind
from sources.http import Fetched, PoliteClient, Politeness, deadline_failure
from sources.model import Cached, RemoteCommittee, RemoteMeeting, Snapshot
from sources.moderngov.xml import (
    ListedCommittee,
    parse_committees,
    parse_meeting,
    parse_meetings,
)

# sources.registry.MODERNGOV (the registry imports this module, not the other way round).
KIND = "modgov"
SERVICE = "mgWebService.asmx"
DAY_FORMAT = "%d/%m/%Y"
EXAMPLE = "https://democracy.yourcouncil.gov.uk"

T = TypeVar("T")

NOT_FOUND_ADVICE = (
    "The Modern.Gov web service is not at that address. Check the site's root (the address of "
    f"its home page, like {EXAMPLE}); the council may also have switched the web service off, "
    "in which case its web team can turn it back on."
)


def normalise_base_url(text: str) -> str:
    """The site root a clerk typed, as stored: https assumed when no scheme is given, host in
    lower case, no query, no trailing slash, no ``/mgWebService.asmx...`` tail and no page
    (``ieListMeetings.aspx``...). Raises ValueError with a message a clerk can act on."""
    text = text.strip()
    if not text:
        raise ValueError(
            f"Please give the address of the council's Modern.Gov site, like {EXAMPLE}."
        )
    if "://" not in text:
        text = "https://" + text.lstrip("/")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise ValueError(
            f"That does not look like a web address. Please give one like {EXAMPLE}."
        ) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ValueError(f"The address must start with https:// (or http://), like {EXAMPLE}.")
    host = (parts.hostname or "").strip(".")
    if not host or " " in host:
        raise ValueError(f"That address has no site name in it. Please give one like {EXAMPLE}.")
    if parts.username is not None or parts.password is not None:
        raise ValueError("Please give the address without a user name or password.")
    path = parts.path
    cut = path.lower().find("/" + SERVICE.lower())
    if cut >= 0:
        path = path[:cut]
    segments = [segment for segment in path.split("/") if segment]
    if segments and segments[-1].lower().endswith((".aspx", ".asmx", ".htm", ".html")):
        segments.pop()
    netloc = host.lower() if port is None else f"{host.lower()}:{port}"
    root = urlunsplit((scheme, netloc, "/".join(["", *segments]), "", ""))
    return root.rstrip("/")


class ModernGovSource:
    """One Modern.Gov site. ``base_url`` is normalised; close with :meth:`aclose`."""

    kind = KIND

    def __init__(
        self,
        base_url: str,
        *,
        options: Politeness,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = normalise_base_url(base_url)
        self.options = options
        self._http = PoliteClient(
            options, advice={FailureKind.NOT_FOUND: NOT_FOUND_ADVICE}, transport=transport
        )

    def url(self, operation: str, **arguments: str) -> str:
        """The address of a web service operation."""
        address = f"{self.base_url}/{SERVICE}/{operation}"
        return f"{address}?{urlencode(arguments)}" if arguments else address

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _within_deadline(self, work: Awaitable[T]) -> T:
        """``work``, or :class:`SourceFailure` (TIMEOUT) once ``options.deadline`` passes."""
        deadline = max(0.01, self.options.deadline)
        try:
            async with asyncio.timeout(deadline) as limit:
                return await work
        except TimeoutError:
            if not limit.expired():
                raise
            raise deadline_failure(urlsplit(self.base_url).netloc, deadline) from None

    async def committees(self) -> list[RemoteCommittee]:
        return await self._within_deadline(self._committees())

    async def _committees(self) -> list[RemoteCommittee]:
        fetched = await self._http.get(self.url("GetCommittees"))
        return await asyncio.to_thread(
            parse_committees, fetched.body, max_bytes=self.options.max_bytes
        )

    async def snapshot(
        self,
        committee_id: str,
        *,
        first_day: date,
        last_day: date,
        cache: Mapping[str, Cached],
    ) -> Snapshot:
        return await self._within_deadline(
            self._snapshot(committee_id, first_day=first_day, last_day=last_day, cache=cache)
        )

    async def _snapshot(
        self,
        committee_id: str,
        *,
        first_day: date,
        last_day: date,
        cache: Mapping[str, Cached],
    ) -> Snapshot:
        committee_id = committee_id.strip()
        kept: dict[str, Cached] = {}

        async def get(url: str) -> Fetched:
            fetched = await self._http.get(url, cached=cache.get(url))
            kept[url] = fetched.response
            return fetched

        listing = await get(
            self.url(
                "GetMeetings",
                lCommitteeId=committee_id,
                sFromDate=first_day.strftime(DAY_FORMAT),
                # Some servers treat the end as exclusive: ask for a day more, filter below.
                sToDate=(last_day + timedelta(days=1)).strftime(DAY_FORMAT),
            )
        )
        listed_committees = await asyncio.to_thread(
            parse_meetings, listing.body, max_bytes=self.options.max_bytes
        )
        committee = _the_committee(listed_committees, committee_id)
        meetings: list[RemoteMeeting] = []
        if committee is not None:
            listed = {m.id: m for m in committee.meetings if first_day <= m.day <= last_day}
            for entry in sorted(listed.values(), key=lambda m: (m.day, m.id)):
                fetched = await get(self.url("GetMeeting", lMeetingId=entry.id))
                meeting = await asyncio.to_thread(
                    parse_meeting,
                    fetched.body,
                    day=entry.day,
                    committee_id=committee_id,
                    site_root=self.base_url,
                    max_bytes=self.options.max_bytes,
                )
                if meeting.status is None and entry.status is not None:
                    meeting = _with_status(meeting, entry.status, entry.cancelled)
                if first_day <= meeting.day <= last_day:
                    meetings.append(meeting)
        return Snapshot(
            committee_id=committee_id,
            committee_title=committee.title if committee is not None else None,
            first_day=first_day,
            last_day=last_day,
            meetings=tuple(meetings),
            responses=tuple(kept.values()),
        )


def _the_committee(found: list[ListedCommittee], committee_id: str) -> ListedCommittee | None:
    """The committee asked for; the only one when the answer gives no id."""
    match = next((c for c in found if c.id == committee_id), None)
    if match is None and len(found) == 1 and not found[0].id:
        return found[0]
    return match


def _with_status(meeting: RemoteMeeting, status: str, cancelled: bool) -> RemoteMeeting:
    return replace(meeting, status=status, cancelled=cancelled)
