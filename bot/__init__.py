"""The Telegram adapter: the PTB application and its handlers (parse, authorise, call a service,
render), keyboards and callback data, message templates and texts, the HTML helper, the
rendering and delivery of outbox rows to Telegram, and the pacer every Telegram call goes
through. It runs no SQL: it calls :mod:`services`.
"""
