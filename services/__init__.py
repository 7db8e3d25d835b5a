"""Services: what Quorum does, as plain async functions over storage: imports, members and invites,
meetings and their changes, the action register (:mod:`services.actions`), attendance,
publications and broadcasts, calendar feeds, search, preferences, health. They decide who may
do what (:mod:`services.access`), run the SQL and queue outbox rows in the same transaction. No
Telegram here; every adapter (bot, web, cli, runner) calls these."""
