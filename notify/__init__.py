"""The notifier: outbox rows, reminder planning, pacing and the dispatcher.

Every message Quorum sends on its own initiative (reminders, broadcasts, notices to clerks) is a
row in the ``notification`` table, written in the same transaction as the change that causes
it. APScheduler is only the wake-up clock for :class:`notify.dispatcher.Dispatcher`, which
claims due rows with a lease, sends them through a :class:`notify.outcomes.Deliver`, and records
what happened. No Telegram imports here except the PTB rate-limiter adapter in ``pacing``.
"""
