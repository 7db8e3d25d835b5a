"""The notifier: outbox rows, reminder planning, the dispatcher and what a send's outcome changes.

Every message Quorum sends on its own initiative (reminders, broadcasts, notices to clerks) is a
row in the ``notification`` table, written in the same transaction as the change that causes
it. APScheduler is only the wake-up clock for :class:`notify.dispatcher.Dispatcher`, which
claims due rows with a lease, hands them to a :class:`notify.outcomes.Deliver`, and records
what happened.

The notifier knows no channel: a channel's adapter renders and sends (Telegram's is
:class:`bot.delivery.TelegramDelivery`, paced by :mod:`bot.pacing`), so another channel can sit
beside it. Nothing here imports ``telegram`` (``lint-imports`` checks it).
"""
