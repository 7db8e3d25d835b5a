"""Message templates: service views in, HTML out. Every value passes through ``h``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot import texts
from bot.html import h
from calendars.zones import format_date, format_when, to_local
from services.views import (
    ActionView,
    AgendaItemView,
    AgendaView,
    DecisionView,
    ItemView,
    MeetingView,
    MemberView,
    SearchHit,
    Viewer,
)

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


# --- lists and details ------------------------------------------------------------------

PAGE_SIZE = 8
# Long texts are clipped in lists, so a page of PAGE_SIZE entries stays within one message.
ENTRY_TEXT = 360


def clip(text: str, limit: int = ENTRY_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a long list: the text, and whether there are pages either side."""

    text: str
    number: int
    has_previous: bool
    has_next: bool


def paginate(title: str, entries: list[str], page: int, empty: str) -> Page:
    """A titled page of ``entries`` (each already HTML), PAGE_SIZE at a time."""
    if not entries:
        return Page(text=f"{title}\n\n{empty}", number=0, has_previous=False, has_next=False)
    last = (len(entries) - 1) // PAGE_SIZE
    page = min(max(page, 0), last)
    shown = entries[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    footer = f"\n\n<i>Page {page + 1} of {last + 1}</i>" if last else ""
    return Page(
        text=f"{title}\n\n" + "\n\n".join(shown) + footer,
        number=page,
        has_previous=page > 0,
        has_next=page < last,
    )


def meeting_line(meeting: MeetingView) -> str:
    when = h(format_when(meeting.starts_at_utc, meeting.zone))
    status = " — <b>cancelled</b>" if meeting.status == "cancelled" else ""
    place = f"\n      {h(meeting.location)}" if meeting.location else ""
    return f"<b>{h(meeting.board_name)}</b>\n🗓 {when}{status}{place}"


def meetings_entries(upcoming: list[MeetingView], recent: list[MeetingView]) -> list[str]:
    entries = [meeting_line(m) for m in upcoming]
    if recent:
        entries.append("<b>Recent meetings</b>")
        entries.extend(meeting_line(m) for m in recent)
    return entries


def item_detail(view: ItemView) -> str:
    item, meeting = view.item, view.meeting
    lines = [
        f"<b>Item {h(item.number)}. {h(item.title)}</b>"
        + (" 🔒 <i>exempt</i>" if item.exempt else ""),
        f"{h(meeting.board_name)}, {h(format_when(meeting.starts_at_utc, meeting.zone))}",
    ]
    if item.presenter or item.presenter_role:
        who = ", ".join(x for x in (item.presenter, item.presenter_role) if x)
        lines.append(f"Presenter: {h(who)}")
    if item.report_number:
        lines.append(f"Report: {h(item.report_number)}")
    if item.pages:
        first, last = item.pages
        lines.append(f"Pages: {first}–{last}" if first != last else f"Page: {first}")
    if item.purpose:
        lines.append(f"Purpose: for {h(item.purpose)}")
    if item.duration_minutes:
        lines.append(f"Time allowed: {item.duration_minutes} minutes")
    for decision in view.decisions:
        outcome = ", ".join(decision.outcomes) or "Decided"
        lines.append(f"Decision: <b>{h(outcome)}</b>: {h(decision.text)}")
    return "\n".join(lines)


def action_entry(action: ActionView) -> str:
    flag = "⚠️ <b>overdue</b> " if action.overdue else ""
    status = "" if action.status in ("open", "carried-forward") else f" ({h(action.status)})"
    ref = f"[{h(action.ref)}] " if action.ref else ""
    due = f"\n      due {h(format_date(action.due_on))}" if action.due_on else ""
    owner = f" — {h(action.owner_name)}" if action.owner_name and not action.mine else ""
    board = f"\n      <i>{h(action.board_name)}</i>"
    return f"{flag}{ref}{h(clip(action.description))}{status}{owner}{board}{due}"


def decision_entry(decision: DecisionView) -> str:
    when = (
        h(format_date(to_local(decision.meeting_starts_at_utc, decision.zone).date()))
        if decision.meeting_starts_at_utc
        else "date not recorded"
    )
    outcome = ", ".join(decision.outcomes) or "Decided"
    item = f"item {h(decision.item)}, " if decision.item else ""
    where = f"\n      <i>{h(decision.board_name)}, {item}{when}</i>"
    return f"<b>{h(outcome)}</b>: {h(clip(decision.text))}{where}"


def search_entry(hit: SearchHit) -> str:
    label = {"item": "Agenda item", "decision": "Decision", "action": "Action"}[hit.kind]
    number = f" {h(hit.number)}" if hit.number else ""
    where = h(hit.board_name)
    if hit.meeting is not None:
        where += ", " + h(format_date(to_local(hit.meeting.starts_at_utc, hit.meeting.zone).date()))
    return f"<b>{label}{number}</b>: {h(clip(hit.text))}\n      <i>{where}</i>"


def members_entries(boards: list[tuple[str, list[MemberView]]]) -> list[str]:
    entries: list[str] = []
    for board_name, members in boards:
        lines = [f"<b>{h(board_name)}</b>"]
        for member in members:
            role = ROLE_NAMES.get(member.role, member.role)
            title = f", {h(member.title)}" if member.title else ""
            lines.append(f"• {h(member.name)} ({h(role)}){title}")
        entries.append("\n".join(lines))
    return entries


def help_text(viewer: Viewer | None, *, group: bool = False) -> str:
    if group:
        return texts.HELP_GROUP
    if viewer is None:
        return texts.HELP_STRANGER
    return texts.HELP_MEMBER + (texts.HELP_CLERK if viewer.is_clerk else "")
