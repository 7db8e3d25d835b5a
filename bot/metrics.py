"""Prometheus metrics of one bot: updates handled, messages sent and refused, outbox outcomes,
and gauges read from the database when ``/metrics`` is scraped.

Each Application has its own :class:`QuorumMetrics` with its own registry (never the global
one: tests run many applications in one process). It is fed from three places:

- :class:`InstrumentedApplication` (installed by :func:`instrument`) times and counts every
  update around PTB's ``process_update``; a handler's error reaches PTB's ``process_error``
  inside that call, which marks the update as failed.
- :class:`bot.pacing.TelegramRateLimiter` tells it how every message method call ended
  (its ``observer``, connected by :func:`attach_metrics`).
- :class:`notify.dispatcher.Dispatcher` reports every recorded outcome (``on_outcome``).
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application, ApplicationBuilder

from bot.conversations import shared_conversations
from bot.pacing import TelegramRateLimiter
from notify.outcomes import (
    Claimed,
    Deferred,
    Delivered,
    Failed,
    Outcome,
    RetryLater,
    Skipped,
    Unreachable,
)
from services.outbox_admin import OutboxFigures

METRICS_KEY = "quorum.metrics"

UPDATE_KINDS = ("message", "callback_query", "my_chat_member", "edited_message")
OTHER = "other"
OK = "ok"
ERROR = "error"
FAILURE_REASONS = ("retry_after", "forbidden", "bad_request", "timeout", "network", OTHER)
OUTCOME_LABELS: dict[type[Any], str] = {
    Delivered: "delivered",
    RetryLater: "retry",
    Unreachable: "unreachable",
    Failed: "failed",
    Skipped: "skipped",
    Deferred: "deferred",
}
# Handler latency: a reply is a few milliseconds; a slow query or a long send, seconds.
UPDATE_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
BuilderT = TypeVar("BuilderT", bound=ApplicationBuilder[Any, Any, Any, Any, Any, Any])


def update_kind(update: object) -> str:
    """The label of an update: the first of :data:`UPDATE_KINDS` it carries, else "other"."""
    if isinstance(update, Update):
        for kind in UPDATE_KINDS:
            if getattr(update, kind) is not None:
                return kind
    return OTHER


def failure_reason(error: BaseException) -> str:
    """Why Telegram (or the way to it) refused a call, as a label. TimedOut and BadRequest
    are NetworkErrors in PTB, so they are told apart first."""
    if isinstance(error, RetryAfter):
        return "retry_after"
    if isinstance(error, Forbidden):
        return "forbidden"
    if isinstance(error, BadRequest):
        return "bad_request"
    if isinstance(error, TimedOut):
        return "timeout"
    if isinstance(error, NetworkError):
        return "network"
    return OTHER


def outcome_label(outcome: Outcome) -> str:
    return OUTCOME_LABELS.get(type(outcome), OTHER)


@dataclass(frozen=True, slots=True)
class ScrapeReading:
    """What a scrape read just now: None where it could not be read or does not apply."""

    database_up: bool
    outbox: OutboxFigures | None = None
    dispatcher_alive: bool | None = None
    last_send: datetime | None = None


class _ReadingCollector:
    """Gauges from the latest :class:`ScrapeReading` (set right before the registry is
    rendered, with no await in between, so concurrent scrapes cannot mix readings)."""

    def __init__(self) -> None:
        self.reading: ScrapeReading | None = None

    def collect(self) -> Iterable[Metric]:
        reading = self.reading
        if reading is None:
            return
        yield GaugeMetricFamily(
            "quorum_database_up",
            "1 if the database answered this scrape's queries in time, else 0",
            value=1 if reading.database_up else 0,
        )
        if reading.outbox is not None:
            outbox = reading.outbox
            rows = GaugeMetricFamily(
                "quorum_outbox_rows",
                "Outbox rows per state (sent rows not counted)",
                labels=["state"],
            )
            for state, count in outbox.rows_by_state.items():
                rows.add_metric([state], count)
            yield rows
            yield GaugeMetricFamily(
                "quorum_outbox_due", "Pending outbox rows whose time has come", value=outbox.due
            )
            yield GaugeMetricFamily(
                "quorum_outbox_lateness_seconds",
                "How long the oldest due pending outbox row has waited past its time",
                value=outbox.lateness_seconds,
            )
        if reading.dispatcher_alive is not None:
            yield GaugeMetricFamily(
                "quorum_dispatcher_alive",
                "1 if this process's outbox dispatcher is running",
                value=1 if reading.dispatcher_alive else 0,
            )
        if reading.last_send is not None:
            yield GaugeMetricFamily(
                "quorum_last_send_timestamp_seconds",
                "Unix time of the latest outbox delivery (any instance, else this process)",
                value=reading.last_send.timestamp(),
            )


class QuorumMetrics:
    """One bot's metrics and their registry. Its methods are cheap and never raise."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self._updates = Counter(
            "quorum_updates",
            "Telegram updates handled, by type and outcome (error: a handler raised)",
            ["type", "outcome"],
            registry=self.registry,
        )
        self._update_seconds = Histogram(
            "quorum_update_seconds",
            "Time from an update entering processing to the end of all handler groups",
            buckets=UPDATE_BUCKETS,
            registry=self.registry,
        )
        self._sent = Counter(
            "quorum_messages_sent",
            "Message method calls Telegram accepted, by method",
            ["method"],
            registry=self.registry,
        )
        self._failed = Counter(
            "quorum_messages_failed",
            "Message method calls that failed, by reason (each attempt counts)",
            ["reason"],
            registry=self.registry,
        )
        self._outcomes = Counter(
            "quorum_outbox_outcomes",
            "Outcomes the outbox dispatcher recorded",
            ["outcome"],
            registry=self.registry,
        )
        self._readings = _ReadingCollector()
        self.registry.register(self._readings)
        # Known series start at 0, so rates and alerts work from the first scrape.
        for kind in (*UPDATE_KINDS, OTHER):
            for outcome in (OK, ERROR):
                self._updates.labels(type=kind, outcome=outcome)
        for reason in FAILURE_REASONS:
            self._failed.labels(reason=reason)
        for label in OUTCOME_LABELS.values():
            self._outcomes.labels(outcome=label)

    # -- updates ----------------------------------------------------------------------------

    def update_handled(self, kind: str, outcome: str, seconds: float) -> None:
        self._updates.labels(type=kind, outcome=outcome).inc()
        self._update_seconds.observe(seconds)

    # -- messages (TelegramRateLimiter's observer) ------------------------------------------

    def message_sent(self, method: str) -> None:
        self._sent.labels(method=method).inc()

    def message_failed(self, reason: str) -> None:
        self._failed.labels(reason=reason).inc()

    def sent(self, endpoint: str) -> None:
        self.message_sent(endpoint)

    def failed(self, endpoint: str, error: Exception) -> None:
        self.message_failed(failure_reason(error))

    # -- the outbox (Dispatcher's on_outcome) -----------------------------------------------

    def outbox_outcome(self, item: Claimed, outcome: Outcome) -> None:
        self._outcomes.labels(outcome=outcome_label(outcome)).inc()

    # -- exposition -------------------------------------------------------------------------

    def render(self, reading: ScrapeReading) -> bytes:
        """The registry in Prometheus' text format, with ``reading``'s gauges."""
        self._readings.reading = reading
        return generate_latest(self.registry)


def attach_metrics(application: AnyApplication, metrics: QuorumMetrics) -> QuorumMetrics:
    """Keep ``metrics`` in the application and let its rate limiter report to them."""
    application.bot_data[METRICS_KEY] = metrics
    limiter = application.bot.rate_limiter
    if isinstance(limiter, TelegramRateLimiter):
        limiter.observer = metrics
    return metrics


def metrics_of(application: AnyApplication) -> QuorumMetrics:
    """The application's metrics (attached now if it has none yet)."""
    metrics = application.bot_data.get(METRICS_KEY)
    if isinstance(metrics, QuorumMetrics):
        return metrics
    return attach_metrics(application, QuorumMetrics())


@dataclass(slots=True)
class _UpdateRun:
    update: object
    failed: bool = False


_current_run: contextvars.ContextVar[_UpdateRun | None] = contextvars.ContextVar(
    "quorum_update_run", default=None
)


class InstrumentedApplication(Application[Any, Any, Any, Any, Any, Any]):
    """PTB's Application, counting and timing every update it processes (and, where several
    instances share the work, keeping conversation state around it: :mod:`bot.conversations`).

    Handlers' exceptions never leave ``process_update``: PTB hands them to ``process_error``
    from inside it, so an error seen there for the update being processed marks it failed.
    """

    def __init__(self, *, metrics: QuorumMetrics | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        attach_metrics(self, metrics or QuorumMetrics())

    async def process_update(self, update: object) -> None:
        run = _UpdateRun(update)
        token = _current_run.set(run)
        started = time.perf_counter()
        try:
            shared = shared_conversations(self)
            if shared is None:
                await super().process_update(update)
            else:
                async with shared.kept(self, update):
                    await super().process_update(update)
        except Exception:
            run.failed = True
            raise
        finally:
            _current_run.reset(token)
            metrics_of(self).update_handled(
                update_kind(update), ERROR if run.failed else OK, time.perf_counter() - started
            )

    async def process_error(
        self,
        update: object | None,
        error: Exception,
        job: Any = None,
        coroutine: Any = None,
    ) -> bool:
        run = _current_run.get()
        if run is not None and update is run.update:
            run.failed = True
        return await super().process_error(update, error, job, coroutine)


def instrument(builder: BuilderT, metrics: QuorumMetrics | None = None) -> BuilderT:
    """Make ``builder`` build an :class:`InstrumentedApplication` (with ``metrics``, or a new
    :class:`QuorumMetrics`); reach them later with :func:`metrics_of`."""
    return builder.application_class(InstrumentedApplication, kwargs={"metrics": metrics})
