"""The ``quorum`` command line (Typer): :mod:`cli.app` builds the app and registers one module
per command group (``outbox``, ``board``, ``meeting``, ``calendar``, ``attendance``, ``export``,
``backup``); :mod:`cli.common` holds what every command shares (settings, the database, one
polite line for a domain error); :mod:`cli.demo` is the offline demo. An adapter: it calls
services, the runner and the web app, and runs no SQL of its own.
"""
