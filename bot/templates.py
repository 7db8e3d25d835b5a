"""Message templates: service views in, HTML out. Every value passes through ``h``."""

from __future__ import annotations

from datetime import datetime

from bot import texts
from bot.html import h
from calendars.zones import format_when, to_local
from services.views import AgendaItemView, AgendaView, MeetingView, Viewer

ROLE_NAMES = {
    "chair": "chair",
    "vice-chair": "vice-chair",
    "member": "member",
    "officer": "officer",
    "clerk": "clerk",
    "for-information": "for information",
}


def greeting(viewer: Viewer) -> str:
    if not viewer.boards:
        return texts.NO_BOARDS.format(name=h(viewer.full_name))
    boards = "\n".join(
        f"• {h(board.board_name)} ({h(ROLE_NAMES.get(board.role, board.role))})"
        for board in viewer.boards
    )
    return texts.GREETING.format(name=h(viewer.full_name), boards=boards)


def relative_day(meeting: MeetingView, now: datetime) -> str:
    """ "today", "tomorrow", "in 7 days" — counted in the board's calendar days."""
    if meeting.starts_at_utc <= now:
        return "under way now"
    days = (
        to_local(meeting.starts_at_utc, meeting.zone).date() - to_local(now, meeting.zone).date()
    ).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days"


def meeting_card(meeting: MeetingView, now: datetime) -> str:
    when = format_when(meeting.starts_at_utc, meeting.zone)
    lines = [
        f"<b>{h(meeting.board_name)}</b>",
        f"🗓 {h(when)} ({h(relative_day(meeting, now))})",
    ]
    if meeting.location:
        lines.append(f"📍 {h(meeting.location)}")
    if meeting.remote_link:
        lines.append(f'💻 <a href="{h(meeting.remote_link)}">{h(meeting.remote_link)}</a>')
    if meeting.item_count:
        lines.append(f"📋 {meeting.item_count} agenda items")
    else:
        lines.append(f"📋 {h(texts.NO_ITEMS)}")
    return "\n".join(lines)


def _item_details(item: AgendaItemView) -> str:
    details: list[str] = []
    if item.presenter and item.presenter_role:
        details.append(f"{item.presenter}, {item.presenter_role}")
    elif item.presenter or item.presenter_role:
        details.append(item.presenter or item.presenter_role or "")
    if item.report_number:
        details.append(f"Report {item.report_number}")
    if item.pages:
        first, last = item.pages
        details.append(f"page {first}" if first == last else f"pages {first}–{last}")
    if item.duration_minutes:
        details.append(f"{item.duration_minutes} min")
    if item.purpose:
        details.append(f"for {item.purpose}")
    return " · ".join(details)


def agenda(view: AgendaView) -> str:
    meeting = view.meeting
    lines = [
        f"<b>Agenda: {h(meeting.board_name)}</b>",
        h(format_when(meeting.starts_at_utc, meeting.zone))
        + (f" · {h(meeting.location)}" if meeting.location else ""),
        "",
    ]
    if not view.items:
        lines.append(h(texts.NO_ITEMS))
    for item in view.items:
        marker = " 🔒 <i>exempt</i>" if item.exempt else ""
        lines.append(f"<b>{h(item.number)}.</b> {h(item.title)}{marker}")
        details = _item_details(item)
        if details:
            lines.append(f"      <i>{h(details)}</i>")
    if view.withheld_exempt:
        lines.extend(["", h(texts.EXEMPT_WITHHELD.format(count=view.withheld_exempt))])
    return "\n".join(lines)
