"""Sources by kind: the one place that knows which kinds exist and how to open one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sources.base import Source

MODERNGOV = "modgov"
# Kind -> its name for people.
KINDS: dict[str, str] = {MODERNGOV: "Modern.Gov"}

USER_AGENT = "Quorum/0.1 (board meeting assistant; +https://github.com/quorum-bot/quorum)"


@dataclass(frozen=True, slots=True)
class SourceOptions:
    """How politely and how long to ask. ``timeout``: per request, the whole answer included,
    up to 120 s (self-hosted sites can take 30-90 s); ``attempts``: tries per request, with
    exponential backoff and jitter between them (``backoff`` the first wait, in seconds);
    ``max_bytes``: the largest answer read; ``deadline``: seconds one snapshot (or committee
    list) may take in all, retries included; ``allow_private``: also read sites on loopback,
    private and link-local addresses (tests, self-hosting; off by default against SSRF). TLS
    is always verified."""

    timeout: float = 120.0
    attempts: int = 4
    backoff: float = 2.0
    max_bytes: int = 20_000_000
    user_agent: str = USER_AGENT
    deadline: float = 30 * 60.0
    allow_private: bool = False


# What services call to open a source: (kind, base_url) -> Source. Tests pass their own
# options (short timeouts) through :func:`opener`.
SourceOpener = Callable[[str, str], Source]


def normalise_base_url(kind: str, text: str) -> str:
    """The site root a clerk typed, as stored: scheme kept (https assumed when none is given),
    no trailing slash, no ``/mgWebService.asmx...`` tail. Raises ValueError with a message a
    clerk can act on."""
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of source {kind!r}: use one of {', '.join(KINDS)}.")
    from sources.moderngov.client import normalise_base_url as moderngov_base

    return moderngov_base(text)


def open_source(kind: str, base_url: str, *, options: SourceOptions | None = None) -> Source:
    """A source of ``kind`` at ``base_url`` (normalised). Close it with ``aclose()``."""
    if kind == MODERNGOV:
        from sources.moderngov.client import ModernGovSource

        return ModernGovSource(base_url, options=options or SourceOptions())
    raise ValueError(f"Unknown kind of source {kind!r}: use one of {', '.join(KINDS)}.")


def opener(options: SourceOptions) -> SourceOpener:
    """An opener with ``options`` (tests: short timeouts and backoff)."""

    def open_with(kind: str, base_url: str) -> Source:
        return open_source(kind, base_url, options=options)

    return open_with
