"""A polite HTTP client for council sites, shared by every kind of source.

Polite: an honest User-Agent, one request at a time per host (per event loop), conditional GETs
(If-None-Match / If-Modified-Since; a 304 reuses the cached body), retries with exponential
backoff and jitter (stamina) on timeouts, connection errors, 429 and 5xx only, Retry-After
honoured up to a cap (a longer wait asked for fails this sync instead), a limit on the size of
an answer, and a time limit on each whole request (body included, however slowly it trickles).
TLS is always verified; a site given as http:// is tried over https first (falling back to http
for the session only when https cannot connect), and a redirect from https to http is refused.
Only public sites are read: loopback, private, link-local and unspecified addresses are refused
after DNS resolution and on each redirect (unless ``allow_private``, for tests and self-hosting).

Every failure becomes a :class:`sources.base.SourceFailure` whose reason and advice a clerk can
read."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import math
import socket
import ssl
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Protocol
from urllib.parse import urljoin, urlsplit, urlunsplit

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
MAX_REDIRECTS = 5
REDIRECTS = frozenset({301, 302, 303, 307, 308})

log = logging.getLogger(__name__)


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
    @property
    def allow_private(self) -> bool: ...
    @property
    def deadline(self) -> float: ...


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


class _NoHttps(Exception):
    """https could not connect (or its handshake failed) to a site given as http://."""


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
    header), as asked (not capped); None when absent or unreadable."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
        sent = parsedate_to_datetime(response.headers.get("Date", ""))
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, (when - sent).total_seconds())


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether ``address`` is on the public internet: not loopback, private (RFC 1918,
    unique-local), link-local, unspecified, shared (CGNAT), multicast or reserved."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def _with_scheme(url: str, scheme: str) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc
    if scheme == "https" and parts.port == 80 and parts.hostname:
        netloc = parts.netloc.rsplit(":", 1)[0]
    return urlunsplit((scheme, netloc, parts.path, parts.query, parts.fragment))


class PoliteClient:
    """GETs to council sites. ``advice`` overrides the advice given for a kind of failure
    (a source knows better what a 404 means for it). ``transport``: tests only.

    One client is one session: for a site given as http://, the first request tries https on
    the same host, and the scheme that worked is kept for the rest of the session."""

    def __init__(
        self,
        options: Politeness,
        *,
        advice: Mapping[FailureKind, str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.options = options
        self._timeout = max(0.01, min(options.timeout, MAX_TIMEOUT))
        self._advice = dict(advice or {})
        # host[:port] of an http:// site -> the scheme chosen for this session.
        self._schemes: dict[str, str] = {}
        self._client = httpx.AsyncClient(
            verify=True,
            timeout=httpx.Timeout(self._timeout, connect=min(self._timeout, CONNECT_TIMEOUT)),
            headers={"User-Agent": options.user_agent, "Accept": ACCEPT},
            # Followed here, hop by hop: each is checked (no https -> http, public sites only).
            follow_redirects=False,
            transport=transport,
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    def scheme_for(self, url: str) -> str:
        """The scheme requests for ``url`` use in this session (after the first request)."""
        parts = urlsplit(url)
        return self._schemes.get(parts.netloc.lower(), parts.scheme)

    async def get(self, url: str, *, cached: Cached | None = None) -> Fetched:
        """``url`` (its query included), conditionally when ``cached`` is its earlier answer.
        The answer's ``response.url`` is ``url`` as asked, whatever scheme was used.
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
        key = parts.netloc.lower()
        async with host_lock(key):
            if parts.scheme == "http" and key not in self._schemes:
                try:
                    fetched = await self._attempt(
                        url, _with_scheme(url, "https"), cached=cached, probe=True
                    )
                except _NoHttps as why:
                    self._schemes[key] = "http"
                    log.warning("https to %s failed (%s): using http for this session", key, why)
                else:
                    self._schemes[key] = "https"
                    return fetched
            target = _with_scheme(url, "https") if self._schemes.get(key) == "https" else url
            return await self._attempt(url, target, cached=cached)

    async def _attempt(
        self, url: str, target: str, *, cached: Cached | None = None, probe: bool = False
    ) -> Fetched:
        """One try at ``url`` (the cache key), fetched from ``target``, redirects followed, all
        within the timeout (a body trickling in slowly included)."""
        host = urlsplit(url).netloc
        try:
            async with asyncio.timeout(self._timeout):
                return await self._hops(url, target, cached, probe)
        except TimeoutError:
            raise _Retry(self._failure(FailureKind.TIMEOUT, host)) from None

    async def _hops(self, url: str, target: str, cached: Cached | None, probe: bool) -> Fetched:
        host = urlsplit(url).netloc
        headers: dict[str, str] = {}
        if cached is not None and cached.url == url:
            if cached.etag:
                headers["If-None-Match"] = cached.etag
            if cached.last_modified:
                headers["If-Modified-Since"] = cached.last_modified
        current = target
        for _ in range(MAX_REDIRECTS + 1):
            await self._check_address(current, host)
            try:
                async with self._client.stream("GET", current, headers=headers) as response:
                    location = response.headers.get("Location", "").strip()
                    if response.status_code not in REDIRECTS or not location:
                        return await self._answer(url, response, cached)
            except httpx.ConnectTimeout:
                if probe:
                    raise _NoHttps("no connection in time") from None
                raise _Retry(self._failure(FailureKind.TIMEOUT, host)) from None
            except httpx.TimeoutException:
                raise _Retry(self._failure(FailureKind.TIMEOUT, host)) from None
            except httpx.ConnectError as error:
                if probe:
                    raise _NoHttps(str(error) or type(error).__name__) from None
                if _is_tls(error):
                    raise self._failure(FailureKind.TLS, host) from None
                raise _Retry(self._failure(FailureKind.UNREACHABLE, host)) from None
            except (httpx.NetworkError, httpx.RemoteProtocolError) as error:
                if _is_tls(error):
                    if probe:
                        raise _NoHttps(str(error) or type(error).__name__) from None
                    raise self._failure(FailureKind.TLS, host) from None
                raise _Retry(self._failure(FailureKind.UNREACHABLE, host)) from None
            except (httpx.UnsupportedProtocol, httpx.InvalidURL):
                raise self._failure(FailureKind.UNREACHABLE, host, bad_address=True) from None
            following = urljoin(current, location)
            scheme = urlsplit(following).scheme.lower()
            if urlsplit(current).scheme == "https" and scheme == "http":
                if probe:  # the clerk gave http://: use it, as given
                    raise _NoHttps("https redirects to http")
                raise self._failure(FailureKind.UNREACHABLE, host, downgrade=True)
            if scheme not in ("http", "https"):
                raise self._failure(FailureKind.UNREACHABLE, host, bad_address=True)
            current = following
        raise self._failure(FailureKind.UNREACHABLE, host, redirects=True)

    async def _check_address(self, url: str, host: str) -> None:
        """Refuse ``url`` unless every address its host resolves to is public."""
        if self.options.allow_private:
            return
        parts = urlsplit(url)
        try:
            name = parts.hostname
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise self._failure(FailureKind.UNREACHABLE, host, bad_address=True) from None
        if not name:
            raise self._failure(FailureKind.UNREACHABLE, host, bad_address=True)
        try:
            found = await asyncio.get_running_loop().getaddrinfo(
                name, port, type=socket.SOCK_STREAM
            )
        except (OSError, UnicodeError):
            raise _Retry(self._failure(FailureKind.UNREACHABLE, host)) from None
        addresses: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = []
        for _family, _type, _proto, _name, sockaddr in found:
            try:
                addresses.append(ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0]))
            except ValueError:
                continue
        if not addresses or not all(is_public(address) for address in addresses):
            raise self._failure(FailureKind.FORBIDDEN, parts.netloc or host, private=True)

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
            wait = retry_after(response)
            if wait is not None and wait > RETRY_AFTER_CAP:
                # Not sooner than asked: this sync fails, the next scheduled one tries again.
                raise self._failure(FailureKind.SERVER, host, status=status, wait=wait)
            raise _Retry(self._failure(FailureKind.SERVER, host, status=status), wait)
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
        downgrade: bool = False,
        private: bool = False,
        wait: float | None = None,
    ) -> SourceFailure:
        reason, advice = _words(
            kind,
            host,
            self.options,
            status=status,
            redirects=redirects,
            bad_address=bad_address,
            downgrade=downgrade,
            private=private,
            wait=wait,
        )
        if downgrade or private or wait is not None:
            return SourceFailure(kind, reason, advice)
        return SourceFailure(kind, reason, self._advice.get(kind, advice))


def deadline_failure(host: str, deadline: float) -> SourceFailure:
    """The failure when reading a site took longer than ``deadline`` seconds in all."""
    minutes = max(1, math.ceil(deadline / 60))
    span = "a minute" if minutes == 1 else f"{minutes} minutes"
    site = f"the council's site ({host})" if host else "the council's site"
    return SourceFailure(
        FailureKind.TIMEOUT,
        f"Reading {site} took longer than {span} in all, so we stopped.",
        "The site is very slow at the moment; this is usually temporary.",
    )


def _waiting(seconds: float) -> str:
    minutes = math.ceil(seconds / 60)
    if minutes >= 120:
        return f"{math.ceil(minutes / 60)} hours"
    return f"{minutes} minutes" if minutes != 1 else "a minute"


def _words(
    kind: FailureKind,
    host: str,
    options: Politeness,
    *,
    status: int | None,
    redirects: bool,
    bad_address: bool,
    downgrade: bool = False,
    private: bool = False,
    wait: float | None = None,
) -> tuple[str, str]:
    site = f"the council's site ({host})" if host else "the council's site"
    subject = "T" + site[1:]
    if private:
        return (
            f"The address of {site} is not a public web site, so we did not connect.",
            "Give the address of the council's public Modern.Gov site, as it opens in a "
            "browser anywhere (like https://democracy.yourcouncil.gov.uk).",
        )
    if downgrade:
        return (
            f"{subject} sent us from its secure address (https) to an insecure one (http), "
            "so we stopped.",
            "Ask the council's web team to serve the Modern.Gov web service over https. "
            "Quorum never leaves https for http.",
        )
    if wait is not None:
        return (
            f"{subject} asked us to wait {_waiting(wait)} before asking again (HTTP {status}).",
            "Nothing to do: the site sets how often it may be asked.",
        )
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
            "Council sites are sometimes slow or down for maintenance; this is usually temporary.",
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
            "Check the address is right and the site opens in your browser.",
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
            "Nothing to do: this is usually temporary.",
        )
    return (
        f"{subject} had a problem answering (HTTP {status}).",
        "This is usually temporary.",
    )
