"""The ``quorum`` command line (Typer). :mod:`cli.app` builds the app, holds the commands that
run the bot (``run``, ``demo``) and registers one module per command group: ``import``
(:mod:`cli.imports`), ``member``/``clerk``/``invite`` (:mod:`cli.members`), ``db``, ``outbox``,
``board`` (:mod:`cli.boards`), ``meeting``, ``calendar``, ``attendance``, ``export``, ``backup``.
:mod:`cli.common` holds what every command shares (settings, the upgraded database, one polite
line for a domain error); :mod:`cli.demo` is the offline demo. An adapter: it calls services,
the runner and the web app, and runs no SQL of its own.
"""
