"""One ``quorum run`` process: the Telegram application, the outbox dispatcher and the HTTP
server together; polling leadership (an advisory lock) or the webhook; presence among several
instances; graceful SIGTERM. Top of the adapters: it wires :mod:`bot` and :mod:`web` together.
"""
