"""Sync sources: a council's committee system as plain dataclasses (no database, no Telegram).

:mod:`sources.model` holds what a source says (committees, meetings, items, papers, attendees)
and :class:`sources.base.Source` the interface every kind implements; Modern.Gov's web service
is the first kind (:mod:`sources.moderngov`), and CMIS or a plain ICS feed can sit beside it.
:func:`sources.registry.open_source` opens one by its kind. What a sync does with a snapshot
(the change set, the notices) is :mod:`services.sync`'s business.
"""
