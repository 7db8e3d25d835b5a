"""The interface every kind of source implements, and how a source fails."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Protocol

from sources.model import Cached, RemoteCommittee, Snapshot


class FailureKind(StrEnum):
    FORBIDDEN = "forbidden"  # 401/403: a firewall or a login in the way
    NOT_FOUND = "not-found"  # 404: the web service is not at that address (or is off)
    TLS = "tls"  # the certificate was refused
    TIMEOUT = "timeout"  # no answer in time
    UNREACHABLE = "unreachable"  # no connection (DNS, refused, reset)
    SERVER = "server"  # 5xx, 429 after retries
    MALFORMED = "malformed"  # the answer is not the XML expected
    TOO_LARGE = "too-large"  # the answer is over the size limit


class SourceFailure(Exception):
    """A source could not be read. ``reason``: what happened, in a clerk's words; ``advice``:
    what to try. Both are safe to show (no secrets, no stack)."""

    def __init__(self, kind: FailureKind, reason: str, advice: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason
        self.advice = advice


class Source(Protocol):
    """One council site (its root, ``base_url``) of one kind."""

    kind: str
    base_url: str

    async def committees(self) -> list[RemoteCommittee]:
        """The site's committees (current and not), as listed."""
        ...

    async def snapshot(
        self,
        committee_id: str,
        *,
        first_day: date,
        last_day: date,
        cache: Mapping[str, Cached],
    ) -> Snapshot:
        """The committee's meetings from ``first_day`` to ``last_day`` with their items,
        papers and attendees. ``cache``: earlier answers by URL, for conditional requests.
        Raises :class:`SourceFailure`."""
        ...

    async def aclose(self) -> None: ...
