"""Meetings as calendars: time-zone rules (:mod:`calendars.zones`), the plain values a calendar is
made from (:mod:`calendars.events`) and iCalendar bytes for single meetings, invitations and
subscription feeds (:mod:`calendars.ics`). No database, no Telegram."""
