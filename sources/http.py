"""A polite HTTP client for council sites, shared by every kind of source.

Polite: an honest User-Agent, one request at a time per host (per event loop), conditional GETs
(If-None-Match / If-Modified-Since; a 304 reuses the cached body), retries with exponential
backoff and jitter (stamina) on timeouts, connection errors, 429 and 5xx only, Retry-After
honoured up to a cap, and a limit on the size of an answer. TLS is always verified.

Every failure becomes a :class:`sources.base.SourceFailure` whose reason and advice a clerk can
read."""

from __future__ import annotations

import asyncio
import ssl
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Protocol
from urllib.parse import urlsplit

import httpx
import stamina

from sources.base import FailureKind, SourceFailure
from sources.model import Cached

# The longest a request may take, whatever the options say; the connection gets less.
MAX_TIMEOUT = 120.0
CONNECT_TIMEOUT = 15.0
# The longest wait a Retry-After header may impose, and the longest backoff between tries.
RETRY_AFTER_CAP = 60.0
BACKOFF_CAP = 60.0
ACCEPT = "application/xml, text/xml;q=0.9, */*;q=0.1"


class Politeness(Protocol):
    """How to ask (``sources.registry.SourceOptions`` is one)."""

    @property
    def timeout(self) -> float: ...
    @property
    def attempts(self) -> int: ...
    @property
    def backoff(self) -> float: ...
    @property
    def max_bytes(self) -> int: ...
    @property
    def user_agent(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Fetched:
    """An answer: ``response`` holds the URL, validators and body (the cached body after a
    304, when ``revalidated``)."""

    response: Cached
    revalidated: bool = False

    @property
    def body(self) -> bytes:
        return self.response.body


_LOCKS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, asyncio.Lock]] = (
    weakref.WeakKeyDictionary()
)


def host_lock(host: str) -> asyncio.Lock:
    """The lock that keeps requests to ``host`` one at a time (in this event loop)."""
    locks = _LOCKS.setdefault(asyncio.get_running_loop(), {})
    return locks.setdefault(host.lower(), asyncio.Lock())


class _Retry(Exception):
    """A failure worth another try (after ``wait`` seconds when the server said so)."""

    def __init__(self, failure: SourceFailure, wait: float | None = None) -> None:
        super().__init__(failure.reason)
        self.failure = failure
        self.wait = wait


def _retry_hook(error: Exception) -> bool | float:
    if isinstance(error, _Retry):
        return True if error.wait is None else error.wait
    return False


def _is_tls(error: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, ssl.SSLError | ssl.CertificateError):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    text = str(error).upper()
    return "CERTIFICATE_VERIFY_FAILED" in text or "SSL" in text.split(":")[0]


def retry_after(response: httpx.Response) -> float | None:
    """Retry-After in seconds (a number, or a date measured against the answer's own Date
    header), capped; None when absent or unreadable."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return min(float(value), RETRY_AFTER_CAP)
    try:
        when = parsedate_to_datetime(value)
        sent = parsedate_to_datetime(response.headers.get("Date", ""))
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, min((when - sent).total_seconds(), RETRY_AFTER_CAP))


class PoliteClient:
    """GETs to council sites. ``advice`` overrides the advice given for a kind of failure
    (a source knows better what a 404 means for it). ``transport``: tests only."""

    def __init__(
        self,
        options: Politeness,
        *,
        advice: Mapping[FailureKind, str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.options = options
        timeout = max(0.01, min(options.timeout, MAX_TIMEOUT))
        self._advice = dict(advice or {})
        self._client = httpx.AsyncClient(
            verify=True,
            timeout=httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT)),
            headers={"User-Agent": options.user_agent, "Accept": ACCEPT},
            follow_redirects=True,
            max_redirects=5,
            transport=transport,
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def get(self, url: str, *, cached: Cached | None = None) -> Fetched:
        """``url`` (its query included), conditionally when ``cached`` is its earlier answer.
        Raises :class:`SourceFailure`."""
        backoff = max(0.0, self.options.backoff)
        try:
            async for attempt in stamina.retry_context(
                on=_retry_hook,
                attempts=max(1, self.options.attempts),
                timeout=None,
                wait_initial=backoff,
                wait_max=max(backoff, BACKOFF_CAP),
                wait_jitter=backoff,
            ):
                with attempt:
                    return await self._once(url, cached)
        except _Retry as failed:
            raise failed.failure from None
        raise AssertionError("unreachable: stamina makes at least one attempt")

    async def _once(self, url: str, cached: Cached | None) -> Fetched:
        parts = urlsplit(url)
        host = parts.netloc
        headers: dict[str, str] = {}
        if cached is not None and cached.url == url:
            if cached.etag:
                headers["If-None-Match"] = cached.etag
            if cached.last_modified:
                headers["If-Modified-Since"] = cached.last_modified
        async with host_lock(host):
            try:
                async with self._client.stream("GET", url, headers=headers) as response:
                    return await self._answer(url, response, cached)
            except httpx.TimeoutException:
                raise _Retry(self._failure(FailureKind.TIMEOUT, host)) from None
            except httpx.TooManyRedirects:
                raise self._failure(FailureKind.UNREACHABLE, host, redirects=True) from None
            except httpx.ConnectError as error:
                if _is_tls(error):
                    raise self._failure(FailureKind.TLS, host) from None
                raise _Retry(self._failure(FailureKind.UNREACHABLE, host)) from None
            except (httpx.NetworkError, httpx.RemoteProtocolError) as error:
                if _is_tls(error):
                    raise self._failure(FailureKind.TLS, host) from None
                raise _Retry(self._failure(FailureKind.UNREACHABLE, host)) from None
            except (httpx.UnsupportedProtocol, httpx.InvalidURL):
                raise self._failure(FailureKind.UNREACHABLE, host, bad_address=True) from None

    async def _answer(self, url: str, response: httpx.Response, cached: Cached | None) -> Fetched:
        host = urlsplit(url).netloc
        status = response.status_code
        etag = response.headers.get("ETag")
        modified = response.headers.get("Last-Modified")
        if status == 304 and cached is not None and cached.url == url:
            kept = Cached(url, etag or cached.etag, modified or cached.last_modified, cached.body)
            return Fetched(kept, revalidated=True)
        if status in (200, 203):
            body = await self._read(response, host)
            return Fetched(Cached(url, etag, modified, body))
        if status in (401, 403, 407):
            raise self._failure(FailureKind.FORBIDDEN, host, status=status)
        if status in (404, 410):
            raise self._failure(FailureKind.NOT_FOUND, host, status=status)
        if status == 429 or status >= 500:
            raise _Retry(
                self._failure(FailureKind.SERVER, host, status=status), retry_after(response)
            )
        raise self._failure(FailureKind.SERVER, host, status=status)

    async def _read(self, response: httpx.Response, host: str) -> bytes:
        limit = self.options.max_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise self._failure(FailureKind.TOO_LARGE, host)
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise self._failure(FailureKind.TOO_LARGE, host)
            chunks.append(chunk)
        return b"".join(chunks)

    def _failure(
        self,
        kind: FailureKind,
        host: str,
        *,
        status: int | None = None,
        redirects: bool = False,
        bad_address: bool = False,
    ) -> SourceFailure:
        reason, advice = _words(
            kind, host, self.options, status=status, redirects=redirects, bad_address=bad_address
        )
        return SourceFailure(kind, reason, self._advice.get(kind, advice))


def _words(
    kind: FailureKind,
    host: str,
    options: Politeness,
    *,
    status: int | None,
    redirects: bool,
    bad_address: bool,
) -> tuple[str, str]:
    site = f"the council's site ({host})" if host else "the council's site"
    subject = "T" + site[1:]
    if kind is FailureKind.FORBIDDEN:
        return (
            f"{subject} refused us (HTTP {status}) – perhaps a firewall.",
            "Ask the council's web team to allow Quorum's User-Agent "
            f'"{options.user_agent}" to read the Modern.Gov web service (mgWebService.asmx).',
        )
    if kind is FailureKind.NOT_FOUND:
        return (
            f"{subject} has nothing at that address (HTTP {status}).",
            "Check the site's address: it should be the site's root, as in your browser.",
        )
    if kind is FailureKind.TLS:
        return (
            f"The security certificate of {site} is not trusted, so we did not connect.",
            "Check the address (https://...). If it is right, ask the council's web team to fix "
            "the certificate: Quorum never turns certificate checks off.",
        )
    if kind is FailureKind.TIMEOUT:
        return (
            f"{subject} did not answer in time.",
            "Council sites are sometimes slow or down for maintenance: we will try again later.",
        )
    if kind is FailureKind.UNREACHABLE:
        if redirects:
            reason = f"{subject} sent us round in circles (too many redirects)."
        elif bad_address:
            reason = f"We cannot use the address of {site}."
        else:
            reason = f"We could not connect to {site}."
        return (
            reason,
            "Check the address is right and the site opens in your browser; "
            "we will try again later.",
        )
    if kind is FailureKind.TOO_LARGE:
        megabytes = max(1, options.max_bytes // 1_000_000)
        return (
            f"{subject} sent an answer larger than {megabytes} MB, so we stopped reading it.",
            "Sync a shorter range of dates, or ask us to raise the limit for this site.",
        )
    if kind is FailureKind.SERVER and status == 429:
        return (
            f"{subject} asked us to slow down (HTTP 429).",
            "We will try again later, more slowly.",
        )
    return (
        f"{subject} had a problem answering (HTTP {status}).",
        "This is usually temporary: we will try again later.",
    )
