"""Meetings as calendars: time-zone rules now, ICS files and feeds later. No Telegram here."""
