"""Quorum over HTTP (Starlette under uvicorn): calendar subscription feeds, the Telegram webhook,
``/healthz`` and ``/metrics``. An adapter: it reads through services and hands updates to the
Telegram application; it runs no SQL of its own.
"""
