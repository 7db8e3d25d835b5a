"""Message templates: service views in, HTML out. Every value passes through ``h``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from telegram.constants import MessageLimit

from bot import texts
from bot.html import h, visible_length
from calendars.zones import format_brief, format_date, format_when, to_local
from language.dates import MONTH_NAMES, MeetingWords
from notify.broadcasts import Tally
from services.actions.records import RegisteredAction, action_label
from services.actions.reports import ArisingEntry, ArisingSummary, OwnerGroup, RegisterEntry
from services.actions.updates import History as RegisterHistory
from services.agenda_views import Papers, TimeAllowed, page_count, purpose_named
from services.attendance import AttendancePicture, AttendeeView
from services.meeting_changes import ADDED, RETITLED, AgendaChange, ChangeView
from services.notices import site_name
from services.papers import ItemPapers, MeetingPapers, Paper
from services.profiles import BoardSeat, PersonProfile, PresentedItem
from services.sources import SourceView
from services.sync import SyncReport
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


def greeting(viewer: Viewer) -> str:
    if not viewer.boards:
        return texts.NO_BOARDS.format(name=h(viewer.full_name))
    boards = "\n".join(
        f"• {h(board.board_name)} ({h(texts.ROLE_NAMES.get(board.role, board.role))})"
        for board in viewer.boards
    )
    return texts.GREETING.format(name=h(viewer.full_name), boards=boards)


def meeting_when(meeting: MeetingView) -> str:
    """``Tuesday 10 October 2023, 2:00pm`` in the board's zone; the date alone for a meeting
    whose time was never stated (known only from minutes that give none)."""
    if meeting.time_stated:
        return format_when(meeting.starts_at_utc, meeting.zone)
    return format_date(to_local(meeting.starts_at_utc, meeting.zone).date())


def relative_day(meeting: MeetingView, now: datetime) -> str:
    """ "today", "tomorrow", "in 7 days" — counted in the board's calendar days; "yesterday",
    "98 days ago" for a meeting held on an earlier day (asked for by "/next previous")."""
    days = (
        to_local(meeting.starts_at_utc, meeting.zone).date() - to_local(now, meeting.zone).date()
    ).days
    if meeting.starts_at_utc <= now:
        if days < 0:
            return "yesterday" if days == -1 else f"{-days} days ago"
        return "under way now"
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days"


def _cancelled_mark(meeting: MeetingView) -> str:
    """ " — cancelled" after a cancelled meeting's date (HTML), as in the meetings list."""
    return " — <b>cancelled</b>" if meeting.status == "cancelled" else ""


def meeting_card(meeting: MeetingView, now: datetime) -> str:
    when = meeting_when(meeting)
    lines = [
        f"<b>{h(meeting.board_name)}</b>",
        f"🗓 {h(when)} ({h(relative_day(meeting, now))}){_cancelled_mark(meeting)}",
    ]
    if meeting.location:
        lines.append(f"📍 {h(meeting.location)}")
    if meeting.remote_link:
        lines.append(f'💻 <a href="{h(meeting.remote_link)}">{h(meeting.remote_link)}</a>')
    if meeting.item_count:
        lines.append(f"📋 {meeting.item_count} agenda items")
    else:
        lines.append(f"📋 {h(no_items(meeting, now))}")
    return "\n".join(lines)


def no_items(meeting: MeetingView, now: datetime | None) -> str:
    """What an empty agenda means (plain text): not yet published, for a meeting to come; none
    on record, for one begun or held (its agenda will not come now)."""
    begun = now is not None and meeting.starts_at_utc <= now
    return texts.NO_AGENDA_ON_RECORD if begun else texts.NO_ITEMS


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


def agenda(view: AgendaView, now: datetime | None = None) -> str:
    """The agenda (HTML); ``now`` tells an empty agenda of a meeting held from one to come."""
    meeting = view.meeting
    lines = [
        f"<b>Agenda: {h(meeting.board_name)}</b>",
        h(meeting_when(meeting))
        + _cancelled_mark(meeting)
        + (f" · {h(meeting.location)}" if meeting.location else ""),
        "",
    ]
    if not view.items:
        lines.append(h(no_items(meeting, now)))
    for item in view.items:
        marker = " 🔒 <i>exempt</i>" if item.exempt else ""
        lines.append(f"<b>{h(item.number)}.</b> {h(item.title)}{marker}")
        details = _item_details(item)
        if details:
            lines.append(f"      <i>{h(details)}</i>")
    if view.withheld_exempt:
        lines.extend(["", h(exempt_withheld(view.withheld_exempt))])
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
    when = h(meeting_when(meeting))
    status = " — <b>cancelled</b>" if meeting.status == "cancelled" else ""
    place = f"\n      {h(meeting.location)}" if meeting.location else ""
    return f"<b>{h(meeting.board_name)}</b>\n🗓 {when}{status}{place}"


def meetings_entries(upcoming: list[MeetingView], recent: list[MeetingView]) -> list[str]:
    entries = [meeting_line(m) for m in upcoming]
    if recent:
        entries.append("<b>Recent meetings</b>")
        entries.extend(meeting_line(m) for m in recent)
    return entries


def item_detail(view: ItemView, papers: tuple[Paper, ...] = ()) -> str:
    """An item's card; ``papers``: its published documents (links), listed after its pages."""
    item, meeting = view.item, view.meeting
    lines = [
        f"<b>Item {h(item.number)}. {h(item.title)}</b>"
        + (" 🔒 <i>exempt</i>" if item.exempt else ""),
        f"{h(meeting.board_name)}, {h(meeting_when(meeting))}",
    ]
    if item.presenter or item.presenter_role:
        who = ", ".join(x for x in (item.presenter, item.presenter_role) if x)
        lines.append(f"Presenter: {h(who)}")
    if item.report_number:
        lines.append(f"Report: {h(item.report_number)}")
    if item.pages:
        first, last = item.pages
        lines.append(f"Pages: {first}–{last}" if first != last else f"Page: {first}")
    if papers:
        lines.append(texts.PAPERS_CARD)
        lines += [paper_line(paper) for paper in papers]
    if item.purpose:
        lines.append(f"Purpose: for {h(item.purpose)}")
    if item.duration_minutes:
        lines.append(f"Time allowed: {item.duration_minutes} minutes")
    for decision in view.decisions:
        outcome = ", ".join(decision.outcomes) or "Decided"
        lines.append(f"Decision: <b>{h(outcome)}</b>: {h(decision.text)}")
    return "\n".join(lines)


def labelled(action_id: int, ref: str | None, text: str) -> str:
    """``<b>#12 [5]</b> Draft the falls strategy``: the action's label, then ``text`` (escaped
    here). Every list, prompt and notice names an action so."""
    return f"<b>{h(action_label(action_id, ref))}</b> {h(text)}"


# Characters of an action's description where a prompt names the action.
PROMPT_DESCRIPTION = 80


def action_in_words(action_id: int, ref: str | None, description: str) -> str:
    """``action #12 [4] (Report on waiting times)``, escaped: the action named in a sentence."""
    return texts.ACTION_LABEL.format(
        label=h(action_label(action_id, ref)),
        description=h(clip(description, PROMPT_DESCRIPTION)),
    )


def action_entry(action: ActionView) -> str:
    """One action in a list, led by its label, as its buttons and /action name it."""
    flag = "⚠️ <b>overdue</b> " if action.overdue else ""
    status = "" if action.status in ("open", "carried-forward") else f" ({h(action.status)})"
    due = f"\n      due {h(format_date(action.due_on))}" if action.due_on else ""
    owner = f" — {h(action.owner_name)}" if action.owner_name and not action.mine else ""
    board = f"\n      <i>{h(action.board_name)}</i>"
    listed = labelled(action.id, action.ref, clip(action.description))
    return f"{flag}{listed}{status}{owner}{board}{due}"


def decision_entry(decision: DecisionView) -> str:
    """A decision, with the meeting that made it. Its item number is that meeting's agenda's
    (the minutes'), so it is always said with that meeting, never as the current agenda's."""
    outcome = ", ".join(decision.outcomes) or "Decided"
    if decision.meeting_starts_at_utc is not None:
        day = format_date(to_local(decision.meeting_starts_at_utc, decision.zone).date())
        made = (
            texts.DECISION_ITEM_OF_MEETING.format(item=h(decision.item), day=h(day))
            if decision.item
            else texts.DECISION_MEETING_ON.format(day=h(day))
        )
    else:
        made = (
            texts.DECISION_ITEM_UNDATED.format(item=h(decision.item))
            if decision.item
            else texts.DECISION_UNDATED
        )
    where = f"\n      <i>{h(decision.board_name)}, {made}</i>"
    return f"<b>{h(outcome)}</b>: {h(clip(decision.text))}{where}"


def search_entry(hit: SearchHit) -> str:
    label = {"item": "Agenda item", "decision": "Decision", "action": "Action"}[hit.kind]
    if hit.action_id is not None:
        number = f" {h(action_label(hit.action_id, hit.number))}"
    else:
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
            role = texts.ROLE_NAMES.get(member.role, member.role)
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


# --- reminders and announcements ----------------------------------------------------------

# Names listed in a broadcast report, per list, before "… and N more" (keeps it in one message).
REPORT_NAMES = 900
REPORT_REASON = 120
# A meeting's place in reminders and captions (a caption holds 1024 characters).
CAPTION_PLACE = 200
# Agenda changes listed in a change notice, and each title's length there.
CHANGE_ITEMS_SHOWN = 5
CHANGE_ITEM = 80
MAX_CAPTION = MessageLimit.CAPTION_LENGTH
ACTION_TEXT = 600


def with_hint(text: str, hint: str) -> str:
    """``text`` (HTML) with ``hint`` (HTML) under it in italics."""
    return f"{text}\n\n<i>{hint}</i>"


def member_count(count: int) -> str:
    """ "1 member", "12 members" (plain text)."""
    return (texts.MEMBER_COUNT_ONE if count == 1 else texts.MEMBER_COUNT).format(count=count)


def exempt_withheld(count: int) -> str:
    """ "1 confidential (exempt) item is not shown here." (plain text)"""
    return texts.EXEMPT_WITHHELD_ONE if count == 1 else texts.EXEMPT_WITHHELD.format(count=count)


def papers_withheld(count: int) -> str:
    """ "1 restricted paper is not shown here: ..." (plain text)"""
    if count == 1:
        return texts.PAPERS_RESTRICTED_WITHHELD_ONE
    return texts.PAPERS_RESTRICTED_WITHHELD.format(count=count)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def starts_in(meeting: MeetingView, now: datetime) -> str:
    """ "in 2 hours", "in 45 minutes" on the day of the meeting; else "tomorrow", "in 7 days"."""
    if meeting.starts_at_utc <= now:
        return relative_day(meeting, now)
    if to_local(meeting.starts_at_utc, meeting.zone).date() != to_local(now, meeting.zone).date():
        return relative_day(meeting, now)
    minutes = max(1, round((meeting.starts_at_utc - now).total_seconds() / 60))
    if minutes < 60:
        return f"in {_plural(minutes, 'minute')}"
    hours, rest = divmod(minutes, 60)
    # A send a few seconds or minutes late still reads "in 2 hours".
    if rest <= 5:
        return f"in {_plural(hours, 'hour')}"
    if rest >= 55:
        return f"in {_plural(hours + 1, 'hour')}"
    return f"in {_plural(hours, 'hour')} {_plural(rest, 'minute')}"


def _meeting_details(meeting: MeetingView) -> list[str]:
    lines = [f"🗓 {h(meeting_when(meeting))}"]
    if meeting.location:
        lines.append(f"📍 {h(clip(meeting.location, CAPTION_PLACE))}")
    if meeting.remote_link:
        lines.append(f'💻 <a href="{h(meeting.remote_link)}">{h(texts.BUTTON_JOIN)}</a>')
    return lines


def meeting_reminder(meeting: MeetingView, now: datetime) -> str:
    """A meeting reminder, worded with the time actually left when it is sent."""
    headline = f"⏰ <b>Reminder: {h(meeting.board_name)} meets {h(starts_in(meeting, now))}</b>"
    return "\n".join([headline, *_meeting_details(meeting)])


def _due_phrase(due_on: date, today: date) -> str:
    days = (due_on - today).days
    if days > 1:
        return f"due in {days} days"
    if days == 1:
        return "due tomorrow"
    if days == 0:
        return "due today"
    return f"overdue by {_plural(-days, 'day')}"


def _action_lines(action: ActionView) -> list[str]:
    lines = [labelled(action.id, action.ref, clip(action.description, ACTION_TEXT))]
    if action.due_on is not None:
        lines.append(f"Due: {h(format_date(action.due_on))}")
    return lines


def action_reminder(action: ActionView, today: date) -> str:
    """A nudge to an action's owner before its due date, on the day, or while it is overdue."""
    assert action.due_on is not None
    phrase = _due_phrase(action.due_on, today)
    icon = "⚠️" if action.due_on < today else "📌"
    return "\n".join(
        [
            f"{icon} <b>Your action is {h(phrase)}</b>",
            f"<i>{h(action.board_name)}</i>",
            *_action_lines(action),
            "",
            h(texts.REMINDER_HINT_ACTION),
        ]
    )


def action_escalation(action: ActionView, today: date) -> str:
    """To a board's clerk: an action has been overdue for longer than the board allows."""
    assert action.due_on is not None
    days = (today - action.due_on).days
    owner = h(action.owner_name) if action.owner_name else "no owner recorded"
    return "\n".join(
        [
            f"⚠️ <b>An action is {_plural(days, 'day')} overdue</b>",
            f"<i>{h(action.board_name)}</i> · owner: {owner}",
            *_action_lines(action),
        ]
    )


def publication_caption(meeting: MeetingView, public_items: int) -> str:
    """The caption of a published agenda's calendar file (within Telegram's 1024 characters:
    the board's name is at most 200, the place is clipped, the link shows as a word)."""
    items = (
        f"📋 {_plural(public_items, 'agenda item')}" if public_items else f"📋 {h(texts.NO_ITEMS)}"
    )
    return "\n".join(
        [
            f"📢 <b>Agenda published: {h(meeting.board_name)}</b>",
            *_meeting_details(meeting),
            items,
            "",
            h(texts.CALENDAR_CAPTION),
        ]
    )


def text_broadcast(board_name: str, text: str) -> str:
    return f"📣 <b>Message from the clerk of {h(board_name)}:</b>\n\n{h(text)}"


def _meeting_subject(meeting: MeetingView) -> str:
    when = h(meeting_when(meeting))
    return f"<b>{h(meeting.board_name)}</b> ({when})"


def _broadcast_subject(board_name: str, meeting: MeetingView | None, *, change: bool) -> str:
    if meeting is None:
        return f"your message to <b>{h(board_name)}</b>"
    if change:
        return f"the change notice for {_meeting_subject(meeting)}"
    return f"the agenda for {_meeting_subject(meeting)}"


def change_phrase(change: ChangeView, zone: ZoneInfo) -> str:
    """``moved from Tue 10 Oct 2:00pm to Wed 11 Oct 10:00am; place now Room 2``: plain text,
    for the notice, the clerk's confirmation and the CLI; empty when only the agenda changed."""
    parts = []
    if change.cancelled:
        parts.append("cancelled")
    if change.old_starts_at_utc is not None and change.new_starts_at_utc is not None:
        old, new = change.old_starts_at_utc, change.new_starts_at_utc
        year = to_local(old, zone).year != to_local(new, zone).year
        parts.append(
            f"moved from {format_brief(old, zone, year=year)} "
            f"to {format_brief(new, zone, year=year)}"
        )
    if change.new_location is not None:
        parts.append(f"place now {clip(change.new_location, CAPTION_PLACE) or 'to be confirmed'}")
    if change.link_changed:
        parts.append("new link to join online")
    if change.reinstated:
        parts.append("back on")
    return "; ".join(parts)


def _change_summary(change: ChangeView, zone: ZoneInfo) -> str:
    """``Moved from Tue 10 Oct 2:00pm to Wed 11 Oct 10:00am; place now Room 2.``"""
    phrase = change_phrase(change, zone)
    return h(phrase[0].upper() + phrase[1:] + ".") if phrase else ""


def _agenda_change_line(change: AgendaChange) -> str:
    title = clip(change.title, CHANGE_ITEM)
    if change.kind == RETITLED:
        was = clip(change.previous_title or "", CHANGE_ITEM)
        return f"• {h(change.number)} now “{h(title)}” (was “{h(was)}”)"
    verb = "added" if change.kind == ADDED else "removed"
    return f"• {h(change.number)} {verb}: {h(title)}"


def meeting_change_notice(change: ChangeView, meeting: MeetingView) -> str:
    """What changed about a meeting, then the meeting as it now stands (a document caption:
    within 1024 characters; long agenda changes are counted, not listed)."""
    zone = meeting.zone
    if change.cancelled:
        when = format_when(change.old_starts_at_utc or meeting.starts_at_utc, zone)
        return "\n".join(
            [
                f"❌ <b>Meeting cancelled: {h(meeting.board_name)}</b>",
                f"The meeting on {h(when)} will not take place.",
                "",
                h(texts.CANCELLED_CALENDAR),
            ]
        )
    head = [f"🔁 <b>Meeting changed: {h(meeting.board_name)}</b>"]
    summary = _change_summary(change, zone)
    if summary:
        head.append(summary)
    tail = ["", *_meeting_details(meeting), "", h(texts.CALENDAR_UPDATE)]
    # As many agenda changes as the caption holds, the rest counted.
    for shown in range(min(len(change.agenda), CHANGE_ITEMS_SHOWN), -1, -1):
        listed = [_agenda_change_line(item) for item in change.agenda[:shown]]
        rest = len(change.agenda) - shown
        if rest:
            listed.append(f"…and {_plural(rest, 'more agenda change')}")
        agenda = ["Agenda changes:", *listed] if change.agenda else []
        text = "\n".join([*head, *agenda, *tail])
        if visible_length(text) <= MAX_CAPTION:
            return text
    return text


def broadcast_progress(
    *,
    board_name: str,
    meeting: MeetingView | None,
    tally: Tally,
    finished: bool,
    change: bool = False,
) -> str:
    """The clerk's live progress message; edited as deliveries complete."""
    subject = _broadcast_subject(board_name, meeting, change=change)
    members = _plural(tally.members, "member")
    groups = f" and {_plural(tally.groups, 'group')}" if tally.groups else ""
    failed = len(tally.failed) + len(tally.not_sent)
    if not finished:
        verb = "Publishing" if meeting is not None else "Sending"
        return (
            f"⏳ {verb} {subject} to {members}{groups}…\n"
            f"{tally.delivered} delivered, {len(tally.unreachable)} unreachable, "
            f"{failed} failed so far."
        )
    verb = "Published" if meeting is not None else "Sent"
    posted = (
        f" Posted in {tally.groups_delivered} of {_plural(tally.groups, 'group')}."
        if tally.groups
        else ""
    )
    return (
        f"✅ {verb} {subject}: {tally.delivered} of {members} reached, "
        f"{len(tally.unreachable)} unreachable, {failed} failed.{posted}"
    )


def _clipped_names(names: list[str], budget: int = REPORT_NAMES) -> str:
    shown: list[str] = []
    used = 0
    for name in names:
        if shown and used + len(name) + 2 > budget:
            break
        shown.append(name)
        used += len(name) + 2
    text = ", ".join(h(clip(name, 2 * REPORT_REASON + 200)) for name in shown)
    hidden = len(names) - len(shown)
    return f"{text} … and {hidden} more" if hidden else text


def _with_reasons(entries: list[tuple[str, str]]) -> list[str]:
    return [f"{name} ({clip(reason, REPORT_REASON)})" for name, reason in entries]


def broadcast_report(
    *, board_name: str, meeting: MeetingView | None, tally: Tally, change: bool = False
) -> str:
    """The clerk's final report. Each list is clipped, so the whole fits one message."""
    subject = _broadcast_subject(board_name, meeting, change=change)
    lines = [
        f"📊 <b>Report</b> on {subject}",
        f"Delivered to {tally.delivered} of {_plural(tally.members, 'member')}.",
    ]
    if tally.unreachable:
        lines.append(
            f"Unreachable ({len(tally.unreachable)}, {h(texts.REPORT_UNREACHABLE_NOTE)}): "
            + _clipped_names(tally.unreachable)
        )
    if tally.failed:
        lines.append(
            f"Failed ({len(tally.failed)}): " + _clipped_names(_with_reasons(tally.failed))
        )
    if tally.not_sent:
        lines.append(
            f"Not sent ({len(tally.not_sent)}): " + _clipped_names(_with_reasons(tally.not_sent))
        )
    if tally.groups:
        lines.append(f"Posted in {tally.groups_delivered} of {_plural(tally.groups, 'group')}.")
    if tally.groups_failed:
        reasons = "; ".join(h(clip(reason, REPORT_REASON)) for reason in tally.groups_failed[:3])
        lines.append(f"Group posts that failed: {reasons}")
    return "\n".join(lines)


def unreachable_notice(name: str, board_name: str | None) -> str:
    board = f" ({h(board_name)})" if board_name else ""
    return texts.UNREACHABLE_NOTICE.format(name=f"<b>{h(name)}</b>", board=board)


def already_published(meeting: MeetingView, published_at_utc: datetime) -> str:
    return texts.ALREADY_PUBLISHED.format(
        meeting=_meeting_subject(meeting),
        when=h(format_when(published_at_utc, meeting.zone)),
    )


# --- the clerk's view of actions: the register, actions arising --------------------------------

# An action's description in the "actions arising" summary posted to a group.
ARISING_TEXT = 200


def _short_day(day: date) -> str:
    """``3 Oct 2023``."""
    return f"{day.day} {day:%b %Y}"


def register_entry(entry: RegisterEntry, *, board_name: bool = False) -> str:
    """One action in a clerk's register: marks, handle, ref, text; due date; latest update."""
    marks = [texts.REGISTER_OVERDUE] if entry.overdue else []
    if entry.done:
        marks.append(texts.REGISTER_DONE)
    lines = [" ".join([*marks, labelled(entry.id, entry.ref, clip(entry.description))])]
    details = []
    if entry.due_on is not None:
        details.append(f"due {h(format_date(entry.due_on))}")
    if entry.status == "carried-forward":
        details.append("carried forward")
    if board_name:
        details.append(f"<i>{h(entry.board_name)}</i>")
    if details:
        lines.append("      " + " · ".join(details))
    if entry.latest_update and entry.latest_update_on is not None:
        update = texts.REGISTER_UPDATE.format(
            day=h(_short_day(entry.latest_update_on)), text=h(entry.latest_update)
        )
        lines.append(f"      {update}")
    return "\n".join(lines)


def register_entries(groups: list[OwnerGroup], *, board_names: bool = False) -> list[str]:
    """A heading per owner (how many actions, how many overdue), then their actions; the
    heading shares its first action's entry, so a page never ends on a lone heading."""
    entries: list[str] = []
    for group in groups:
        owner = h(group.owner_name) if group.owner_name else h(texts.REGISTER_UNASSIGNED)
        overdue = f", {group.overdue} overdue" if group.overdue else ""
        heading = f"👤 <b>{owner}</b> ({_plural(len(group.entries), 'action')}{overdue})"
        listed = [register_entry(entry, board_name=board_names) for entry in group.entries]
        entries += [f"{heading}\n{listed[0]}", *listed[1:]]
    return entries


def _arising_line(entry: ArisingEntry) -> str:
    listed = labelled(entry.id, entry.ref, clip(entry.description, ARISING_TEXT))
    owner = h(entry.owner_name) if entry.owner_name else h(texts.REGISTER_UNASSIGNED)
    due = f", due {h(_short_day(entry.due_on))}" if entry.due_on else ""
    overdue = " (overdue)" if entry.overdue else ""
    flag = "⚠️ " if entry.overdue else ""
    return f"• {flag}{listed} — {owner}{due}{overdue}"


def actions_arising(summary: ArisingSummary) -> str:
    """What was done since the last meeting and what is open: public, fit for the group."""
    lines = [texts.ARISING_TITLE.format(board=h(summary.board_name))]
    if summary.meeting is not None:
        when = meeting_when(summary.meeting)
        lines.append(texts.ARISING_FOR.format(when=h(when)))
    else:
        lines.append(h(texts.ARISING_NO_MEETING))
    lines.append("")
    if summary.since_utc is not None:
        since = format_date(to_local(summary.since_utc, summary.zone).date())
        lines.append(texts.ARISING_DONE_SINCE.format(day=h(since)))
    else:
        lines.append(texts.ARISING_DONE_EVER)
    lines += [_arising_line(entry) for entry in summary.done] or [h(texts.ARISING_NONE_DONE)]
    lines += ["", texts.ARISING_OPEN]
    lines += [_arising_line(entry) for entry in summary.open] or [h(texts.ARISING_NONE_OPEN)]
    return "\n".join(lines)


# -- attendance ----------------------------------------------------------------------------------

ATTENDANCE_REASON = 200  # characters of an apology's reason in the clerk's view


def apology_details(reason: str | None, substitute: str | None) -> str:
    """ "Hospital appointment; substitute: Cllr Jones", escaped; "" when neither is given."""
    parts = [h(clip(reason, ATTENDANCE_REASON))] if reason else []
    if substitute:
        parts.append(f"substitute: {h(substitute)}")
    return "; ".join(parts)


def apologies_recorded(
    meeting: MeetingView, reason: str | None, substitute: str | None, *, clerks_told: int
) -> str:
    details = apology_details(reason, substitute)
    text = texts.APOLOGIES_WITH_DETAILS.format(
        board=h(meeting.board_name),
        when=h(meeting_when(meeting)),
        details=f" ({details})" if details else "",
    )
    return text + (texts.APOLOGIES_CLERKS_TOLD if clerks_told else "")


def _attendee(person: AttendeeView) -> str:
    name = h(person.name)
    if not person.voting:
        return f"{name} ({h(texts.ROLE_NAMES.get(person.role, person.role))}, not voting)"
    return name


def _forecast(picture: AttendancePicture) -> str:
    coming, needed, silent = picture.voting_attending, picture.required, len(picture.no_reply)
    if picture.quorate:
        return f"✅ <b>Forecast: quorate</b> — {coming} attending of {needed} needed"
    replies = "1 has not replied" if silent == 1 else f"{silent} have not replied"
    if picture.can_be_quorate:
        return (
            f"⚠️ <b>Forecast: not quorate yet</b> — {coming} attending, {needed} needed; {replies}"
        )
    if silent == 0:
        return f"❌ <b>Forecast: not quorate</b> — {coming} attending, {needed} needed; all replied"
    return f"❌ <b>Forecast: not quorate</b> — {coming} attending, {needed} needed; only {replies}"


def attendance_view(picture: AttendancePicture) -> str:
    """The clerk's view of a meeting: expected, attending, apologies (with reasons and
    substitutes), no reply, the quorum and its forecast, and who to chase."""
    meeting = picture.meeting
    expected = picture.expected
    lines = [
        f"🧾 <b>Attendance: {h(meeting.board_name)}</b>",
        f"🗓 {h(meeting_when(meeting))}",
        f"Quorum: {h(picture.rule.describe())} — {picture.required} of "
        f"{_plural(len(expected), 'voting member')}",
        _forecast(picture),
        "",
        f"<b>Expected</b> ({len(expected)}): "
        + (", ".join(h(person.name) for person in expected) or "nobody"),
        f"<b>Attending</b> ({len(picture.attending)}): "
        + (", ".join(_attendee(person) for person in picture.attending) or "nobody yet"),
        f"<b>Apologies</b> ({len(picture.apologies)}):" + ("" if picture.apologies else " none"),
    ]
    for person in picture.apologies:
        details = apology_details(person.reason, person.substitute)
        lines.append(f"• {_attendee(person)}" + (f" — {details}" if details else ""))
    silent = picture.no_reply
    lines.append(
        f"<b>No reply</b> ({len(silent)}): "
        + (", ".join(h(person.name) for person in silent) or "none")
    )
    if silent:
        lines.append(
            "<b>Who to chase</b>: "
            + ", ".join(h(person.name) for person in silent if person.linked)
            if any(person.linked for person in silent)
            else "<b>Who to chase</b>: nobody on Telegram"
        )
        offline = [h(person.name) for person in silent if not person.linked]
        if offline:
            lines.append("Not on Telegram (phone or e-mail them): " + ", ".join(offline))
    return "\n".join(lines)


def attendance_chase(meeting: MeetingView, now: datetime) -> str:
    """A clerk's reminder to a member who has not said whether they are coming."""
    headline = (
        f"🙋 <b>{h(meeting.board_name)} meets {h(starts_in(meeting, now))}: are you coming?</b>"
    )
    return "\n".join([headline, *_meeting_details(meeting), "", h(texts.CHASE_ASK)])


def late_apology_notice(
    name: str, meeting: MeetingView, *, reason: str | None, substitute: str | None
) -> str:
    """To a board's clerk: apologies that came after the agenda was published."""
    lines = [
        f"📨 <b>Late apologies from {h(name)}</b>",
        _meeting_subject(meeting),
        f"Reason: {h(clip(reason, ATTENDANCE_REASON))}" if reason else "No reason given.",
    ]
    if substitute:
        lines.append(f"Substitute: {h(substitute)}")
    lines += ["", h(texts.LATE_APOLOGY_FOOTER)]
    return "\n".join(lines)


# -- action register (/action) and [Can't do] --


def _register_subject(action: RegisteredAction) -> str:
    """``#12 [3] Draft the falls strategy``, escaped."""
    return labelled(action.id, action.ref, clip(action.description, ACTION_TEXT))


def registered_due(action: RegisteredAction) -> str:
    return h(format_date(action.due_on)) if action.due_on else h(texts.ACTION_NO_DUE)


def action_added(action: RegisteredAction) -> str:
    return texts.ACTION_ADDED.format(
        handle=h(action.handle),
        board=h(action.board_name),
        description=h(clip(action.description, ACTION_TEXT)),
        owner=h(action.owner_name or "—"),
        due=registered_due(action),
    )


def action_history(history: RegisterHistory) -> str:
    """An action's audit trail: each change with who made it and when (the board's zone)."""
    action = history.action
    lines = [
        f"<b>History</b> of {_register_subject(action)}",
        f"<i>{h(action.board_name)}</i> · owner: {h(action.owner_name or '—')} · "
        f"due: {registered_due(action)} · {h(action.status)}",
        "",
    ]
    for event in history.events:
        label = texts.ACTION_EVENT_LABELS.get(event.kind, event.kind)
        who = f" by {h(event.person_name)}" if event.person_name else ""
        detail = f": {h(clip(event.detail, ACTION_TEXT))}" if event.detail else ""
        when = h(format_when(event.at_utc, action.zone))
        lines.append(f"• {when}: <b>{h(label)}</b>{who}{detail}")
    if not history.events:
        lines.append(h(texts.ACTION_HISTORY_EMPTY))
    return "\n".join(lines)


def action_cant_do_notice(
    action: RegisteredAction, *, owner_name: str, reason: str, at_utc: datetime
) -> str:
    """To a board's clerk: the owner can't do the action, and why."""
    return "\n".join(
        [
            f"🙋 <b>{h(owner_name)} can't do an action</b>",
            f"<i>{h(action.board_name)}</i> · {h(format_when(at_utc, action.zone))}",
            _register_subject(action),
            f"Due: {registered_due(action)}",
            f"Reason: {h(clip(reason, ACTION_TEXT))}",
            "",
            h(texts.ACTION_CANT_DO_FOOTER),
        ]
    )


# --- questions about one item and about a whole agenda (bot/handlers/item_answers.py) -------

# Characters of a [10A. Title] button's label: a phone shows about this many on one line.
ITEM_CHOICE_LABEL = 48
_EXEMPT_MARK = " 🔒 <i>exempt</i>"


def _number_title(item: AgendaItemView) -> str:
    """``<b>10A.</b> Communication and engagement plan``, marked when exempt."""
    marker = _EXEMPT_MARK if item.exempt else ""
    return f"<b>{h(item.number)}.</b> {h(clip(item.title))}{marker}"


def _purpose_phrase(purpose: str) -> str:
    """ "for information", "to note": the purpose as it follows "is"."""
    words = purpose.strip()
    return words if words.casefold().startswith(("for ", "to ")) else f"for {words}"


def _presenter_aspect(item: AgendaItemView, number: str, *, held: bool) -> str:
    name = item.presenter or item.presenter_role
    if not name:
        return texts.ITEM_PRESENTER_NONE.format(number=number)
    if item.presenter and item.presenter_role:
        template = texts.ITEM_PRESENTED_ROLE if held else texts.ITEM_PRESENTER_ROLE
        return template.format(name=h(name), role=h(item.presenter_role), number=number)
    template = texts.ITEM_PRESENTED if held else texts.ITEM_PRESENTER
    return template.format(name=h(name), number=number)


def _pages_aspect(item: AgendaItemView, number: str) -> str:
    report = h(item.report_number) if item.report_number else None
    if item.pages is None:
        if report is None:
            return texts.ITEM_PAGES_NONE.format(number=number)
        return texts.ITEM_REPORT_NO_PAGES.format(number=number, report=report)
    first, last = item.pages
    if report is None:
        template = texts.ITEM_PAGE if first == last else texts.ITEM_PAGES
        return template.format(number=number, first=first, last=last)
    template = texts.ITEM_PAGE_REPORT if first == last else texts.ITEM_PAGES_REPORT
    return template.format(number=number, report=report, first=first, last=last)


def _decisions_aspect(view: ItemView, number: str) -> str:
    if not view.decisions:
        return texts.ITEM_DECIDED_NONE.format(number=number)
    lines = [texts.ITEM_DECIDED.format(number=number)]
    for decision in view.decisions:
        outcome = ", ".join(decision.outcomes) or "Decided"
        lines.append(f"• <b>{h(outcome)}</b>: {h(decision.text)}")
    return "\n".join(lines)


def item_aspect(view: ItemView, detail: str, *, held: bool) -> str | None:
    """The sentence that answers what was asked about an item (``detail``: "presenter",
    "pages" or "papers", "duration", "purpose", "report", "decisions"), saying so politely
    when the agenda does not tell; None for anything else. ``held``: the meeting is over."""
    item = view.item
    number = h(item.number)
    if detail == "presenter":
        return _presenter_aspect(item, number, held=held)
    if detail in ("pages", "papers"):
        return _pages_aspect(item, number)
    if detail == "duration":
        if not item.duration_minutes:
            return texts.ITEM_DURATION_NONE.format(number=number)
        if item.duration_minutes == 1:
            return texts.ITEM_DURATION_ONE.format(number=number)
        return texts.ITEM_DURATION.format(minutes=item.duration_minutes, number=number)
    if detail == "purpose":
        if not item.purpose:
            return texts.ITEM_PURPOSE_NONE.format(number=number)
        return texts.ITEM_PURPOSE.format(number=number, purpose=h(_purpose_phrase(item.purpose)))
    if detail == "report":
        if not item.report_number:
            return texts.ITEM_REPORT_NONE.format(number=number)
        return texts.ITEM_REPORT.format(number=number, report=h(item.report_number))
    if detail == "decisions":
        return _decisions_aspect(view, number)
    return None


def item_answer(
    view: ItemView, detail: str, *, now: datetime, papers: tuple[Paper, ...] = ()
) -> str:
    """An item's card led by the answer to what was asked about it (the card alone when
    nothing in particular was). ``papers``: the item's published documents the card lists
    (asked for, they lead the answer instead)."""
    if detail == "papers" and papers:
        return f"{item_papers_lead(view.item, papers)}\n\n{item_detail(view)}"
    if detail == "papers" and not (view.item.pages or view.item.report_number):
        none = texts.PAPERS_ITEM_NONE.format(number=h(view.item.number))
        return f"{none}\n\n{item_detail(view)}"
    aspect = item_aspect(view, detail, held=view.meeting.starts_at_utc < now)
    if aspect is None:
        return item_detail(view, papers)
    if detail == "decisions":
        # The decisions lead the answer: the card does not repeat them.
        view = ItemView(meeting=view.meeting, item=view.item)
    return f"{aspect}\n\n{item_detail(view, papers)}"


def item_choices(items: list[AgendaItemView]) -> str:
    """Several items fit the question: which one? One line each, as the agenda has them."""
    return "\n".join([texts.ITEM_WHICH, "", *(_number_title(item) for item in items)])


def item_choice_label(item: AgendaItemView) -> str:
    """A button's label (plain text): ``10A. Communication and engagement plan``, clipped."""
    label = texts.ITEM_CHOICE_BUTTON.format(number=item.number, title=item.title)
    return clip(label, ITEM_CHOICE_LABEL)


def _agenda_of(meeting: MeetingView) -> str:
    """``Rutland Health and Wellbeing Board on Tuesday 10 October 2023``, escaped."""
    day = to_local(meeting.starts_at_utc, meeting.zone).date()
    return texts.AGENDA_OF.format(board=h(meeting.board_name), day=h(format_date(day)))


def _with_withheld(lines: list[str], view: AgendaView) -> str:
    """The answer, saying how many exempt items were left out (never which)."""
    if view.withheld_exempt:
        lines = [*lines, "", h(exempt_withheld(view.withheld_exempt))]
    return "\n".join(lines)


def time_in_words(minutes: int) -> str:
    """``2 hours 15 minutes``, ``1 hour``, ``45 minutes``."""
    hours, rest = divmod(minutes, 60)
    parts = [_plural(hours, "hour")] if hours else []
    if rest or not hours:
        parts.append(_plural(rest, "minute"))
    return " ".join(parts)


def agenda_size(view: AgendaView, allowed: TimeAllowed) -> str:
    """How many items the agenda has and how long it allows for them."""
    meeting = _agenda_of(view.meeting)
    if not view.items and not view.withheld_exempt:
        return texts.AGENDA_SIZE_EMPTY.format(meeting=meeting)
    text = texts.AGENDA_SIZE.format(meeting=meeting, items=_plural(len(view.items), "item"))
    if not view.items:
        text += "."
    elif not allowed.minutes:
        text += texts.AGENDA_TIME_NONE
    else:
        words = time_in_words(allowed.minutes)
        verb = "is" if words in ("1 minute", "1 hour") else "are"
        template = texts.AGENDA_TIME_ALL if allowed.every_item_timed else texts.AGENDA_TIME_SOME
        text += template.format(time=h(words), verb=verb, timed=allowed.items_timed)
    return _with_withheld([text], view)


def running_order(view: AgendaView) -> str:
    """The agenda compact: one line per item, its number and title."""
    lines = [texts.AGENDA_ORDER_TITLE.format(meeting=_agenda_of(view.meeting)), ""]
    lines += [_number_title(item) for item in view.items] or [h(texts.NO_ITEMS)]
    return _with_withheld(lines, view)


def agenda_for_purpose(
    view: AgendaView, purpose: str, found: tuple[AgendaItemView, ...], given: tuple[str, ...]
) -> str:
    """The items for ``purpose``; else that there are none, and the purposes there are."""
    meeting = _agenda_of(view.meeting)
    asked = h(purpose_named(purpose))
    if found:
        lines = [texts.AGENDA_PURPOSE_TITLE.format(purpose=asked, meeting=meeting), ""]
        lines += [_number_title(item) for item in found]
        return _with_withheld(lines, view)
    lines = [texts.AGENDA_PURPOSE_NONE.format(meeting=meeting, purpose=asked)]
    if given:
        lines.append(texts.AGENDA_PURPOSES_GIVEN.format(purposes=h(", ".join(given))))
    else:
        lines.append(texts.AGENDA_PURPOSES_NONE)
    return _with_withheld(lines, view)


def _papers_of(item: AgendaItemView) -> str:
    details = []
    if item.pages is not None:
        first, last = item.pages
        details.append(
            texts.AGENDA_PREPARE_LINE_PAGE.format(first=first)
            if first == last
            else texts.AGENDA_PREPARE_LINE_PAGES.format(
                first=first, last=last, count=_plural(page_count(item), "page")
            )
        )
    if item.report_number:
        details.append(texts.AGENDA_PREPARE_LINE_REPORT.format(report=h(item.report_number)))
    return ", ".join(details)


def papers_to_read(view: AgendaView, papers: Papers, *, now: datetime) -> str:
    """The items with papers, their pages and the pages in all; else that the pack gives none."""
    meeting = view.meeting
    if not papers.items:
        return _with_withheld([texts.AGENDA_PREPARE_NONE.format(meeting=_agenda_of(meeting))], view)
    day = to_local(meeting.starts_at_utc, meeting.zone).date()
    this_year = to_local(now, meeting.zone).year == day.year
    day_words = f"{day:%A} {day.day} {day:%B}" if this_year else format_date(day)
    pages = (
        texts.AGENDA_PREPARE_PAGES.format(pages=_plural(papers.pages, "page"))
        if papers.pages
        else ""
    )
    held = meeting.starts_at_utc < now
    title = texts.AGENDA_PREPARE_HELD_TITLE if held else texts.AGENDA_PREPARE_TITLE
    lines = [
        title.format(day=h(day_words), items=_plural(len(papers.items), "item"), pages=pages),
        "",
    ]
    lines += [f"{_number_title(item)} — {_papers_of(item)}" for item in papers.items]
    return _with_withheld(lines, view)


# --- people asked about by name or role (bot/handlers/who.py) ------------------------------


def person_seat(seat: BoardSeat) -> str:
    """``Member of Rutland Health and Wellbeing Board — Strategic Director``."""
    role = texts.PERSON_SEAT.get(seat.role)
    line = (
        role.format(board=h(seat.board_name))
        if role
        else texts.PERSON_SEAT_OTHER.format(role=h(seat.role), board=h(seat.board_name))
    )
    return texts.PERSON_SEAT_TITLE.format(seat=line, title=h(seat.title)) if seat.title else line


def _presents_lines(items: tuple[PresentedItem, ...]) -> list[str]:
    """One line per meeting: ``Presents at Tuesday 10 October 2023: 10B. Title; 11. Title``
    (with the board's name when the items are at several boards' meetings)."""
    meetings: dict[int, tuple[MeetingView, list[str]]] = {}
    for item in items:
        template = texts.PERSON_ITEM_EXEMPT if item.exempt else texts.PERSON_ITEM
        shown = template.format(number=h(item.number), title=h(item.title))
        meetings.setdefault(item.meeting.id, (item.meeting, []))[1].append(shown)
    several = len({meeting.board_id for meeting, _ in meetings.values()}) > 1
    lines = []
    for meeting, shown_items in meetings.values():
        day = h(format_date(to_local(meeting.starts_at_utc, meeting.zone).date()))
        when = (
            texts.PERSON_MEETING_OF.format(board=h(meeting.board_name), day=day)
            if several
            else texts.PERSON_MEETING.format(day=day)
        )
        lines.append(texts.PERSON_PRESENTS.format(meeting=when, items="; ".join(shown_items)))
    return lines


def _person_action(action: ActionView) -> str:
    parts = [labelled(action.id, action.ref, clip(action.description, ACTION_TEXT))]
    if action.due_on:
        parts.append(texts.PERSON_ACTION_DUE.format(day=h(format_date(action.due_on))))
    if action.overdue:
        parts.append(texts.PERSON_ACTION_OVERDUE)
    return "• " + ", ".join(parts)


def person_profile(profile: PersonProfile, *, detail: str = "") -> str:
    """Who someone is on the member's boards, what they present, their open actions (when
    the member may see them). ``detail`` ("items", "actions", "role") puts what was asked
    first and says so when there is none."""
    name = h(profile.name)
    if profile.seats:
        role = [person_seat(seat) for seat in profile.seats]
    elif profile.described_as:
        role = [texts.PERSON_PRESENTER_AS.format(title=h(profile.described_as))]
    else:
        role = [texts.PERSON_PRESENTER]
    items = _presents_lines(profile.items)
    if not items and detail == "items":
        items = [texts.PERSON_PRESENTS_NONE.format(name=name)]
    actions: list[str] = []
    if profile.actions:
        actions = [texts.PERSON_ACTIONS, *map(_person_action, profile.actions)]
    elif detail == "actions":
        if profile.actions is None:
            actions = [texts.PERSON_ACTIONS_HIDDEN.format(name=name)]
        elif profile.is_viewer:
            actions = [texts.PERSON_YOUR_ACTIONS_NONE]
        else:
            actions = [texts.PERSON_ACTIONS_NONE.format(name=name)]
    order = {
        "items": (items, role, actions),
        "actions": (actions, role, items),
    }.get(detail, (role, items, actions))
    return "\n".join([f"<b>{name}</b>", *(line for part in order for line in part)])


def role_holders(role: str, profiles: list[PersonProfile]) -> str:
    """Several holders of a role on the member's boards, a line each; none: who to ask."""
    if not profiles:
        return texts.ROLE_NOBODY.get(role, texts.PERSON_NOT_FOUND.format(name=h(role)))
    lines = [texts.ROLE_HOLDERS_TITLE.get(role, f"<b>{h(role)}</b>")]
    for profile in profiles:
        seats = "; ".join(person_seat(seat) for seat in profile.seats if seat.role == role)
        lines.append(texts.ROLE_HOLDER_LINE.format(name=h(profile.name), seats=seats))
    return "\n".join(lines)


# -- a meeting named by time or by its board (bot/handlers/which_meeting.py) ----------------------


def meeting_asked_missing(asked: MeetingWords | None, board: str | None, *, group: bool) -> str:
    """No meeting fits what was asked (HTML): "I couldn't find a meeting in January 2024 on your
    boards", "There is no earlier meeting of this board yet"."""
    if asked is not None and asked.kind in ("previous", "after next"):
        if board:
            where = texts.WHERE_BOARD.format(board=board)
        else:
            where = texts.WHERE_THIS_BOARD if group else texts.WHERE_YOUR_BOARDS
        template = (
            texts.NO_EARLIER_MEETING if asked.kind == "previous" else texts.NO_MEETING_AFTER_NEXT
        )
        return template.format(where=h(where))
    if asked is not None and asked.kind == "day" and asked.day is not None:
        what = texts.ASKED_ON_DAY.format(day=format_date(asked.day))
    elif asked is not None and asked.kind == "month" and asked.month is not None:
        what = texts.ASKED_IN_MONTH.format(
            month=f"{MONTH_NAMES[asked.month - 1].title()} {asked.year}"
        )
    elif asked is not None and asked.kind == "weekday":
        what = texts.ASKED_ON_WEEKDAY.format(weekday=asked.canonical.title())
    else:
        what = texts.MEETING_COMING_UP
    if board:
        what = (
            texts.ASKED_FOR_BOARD.format(what=what, board=board)
            if asked
            else texts.MEETING_FOR.format(board=board)
        )
    return (texts.GROUP_NO_SUCH_MEETING if group else texts.NO_SUCH_MEETING).format(what=h(what))


# -- the decisions of one meeting (bot/handlers/lists.py) -----------------------------------------


def meeting_of(meeting: MeetingView) -> str:
    """ "the meeting of Rutland Health and Wellbeing Board on Tuesday 27 June 2023" (HTML)."""
    day = format_date(to_local(meeting.starts_at_utc, meeting.zone).date())
    return texts.MEETING_OF.format(board=h(meeting.board_name), day=h(day))


def meeting_decisions_title(meeting: MeetingView, words: str) -> str:
    """The title of a meeting's decisions (HTML), about ``words`` when given."""
    if words:
        return texts.MEETING_DECISIONS_ABOUT_TITLE.format(
            words=h(words), meeting=meeting_of(meeting)
        )
    return texts.MEETING_DECISIONS_TITLE.format(meeting=meeting_of(meeting))


def meeting_decisions_none(meeting: MeetingView, words: str, now: datetime) -> str:
    """No decision of the meeting fits (HTML): it has not been held yet, or none is minuted
    (about ``words``)."""
    if meeting.starts_at_utc > now:
        return texts.MEETING_NOT_HELD_DECISIONS.format(meeting=meeting_of(meeting))
    about = texts.DECISIONS_ABOUT.format(words=h(words)) if words else ""
    return texts.NO_MEETING_DECISIONS.format(meeting=meeting_of(meeting), about=about)


# -- sync sources: the clerk's prompt and failure notice, a member's supplement ----------------


def _sentence(text: str) -> str:
    """``text`` ending as a sentence (a full stop added when it has no closing mark)."""
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?", "…")) else text + "."


def site_published_notice(meeting: MeetingView) -> str:
    return texts.SITE_PUBLISHED_NOTICE.format(
        board=f"<b>{h(meeting.board_name)}</b>", when=h(meeting_when(meeting))
    )


def site_published_not_now(meeting: MeetingView) -> str:
    return texts.SITE_PUBLISHED_NOT_NOW.format(
        board=f"<b>{h(meeting.board_name)}</b>", when=h(meeting_when(meeting))
    )


def source_failed_notice(
    *, board_name: str, site: str, committee_title: str | None, reason: str, advice: str
) -> str:
    committee = f" ({h(committee_title)})" if committee_title else ""
    advice = _sentence(advice)
    return texts.SOURCE_FAILED_NOTICE.format(
        board=f"<b>{h(board_name)}</b>",
        site=h(site),
        committee=committee,
        reason=h(_sentence(reason)),
        advice=h(advice) + " " if advice else "",
    )


def web_link(url: str, label: str) -> str:
    """``label`` linking to ``url`` when it is an http(s) address; else the address as text."""
    if url.lower().startswith(("http://", "https://")):
        return f'<a href="{h(url)}">{h(label)}</a>'
    return h(url)


def supplement_notice(
    meeting: MeetingView,
    *,
    item_number: str | None,
    item_title: str | None,
    title: str,
    url: str,
    restricted: bool,
) -> str:
    """To a member: a paper added to a published meeting, with its link."""
    paper = h(clip(title))
    if item_number:
        heading = texts.SUPPLEMENT_FOR_ITEM.format(number=h(item_number), title=paper)
    elif item_title:
        heading = texts.SUPPLEMENT_FOR_UNNUMBERED.format(item=h(clip(item_title)), title=paper)
    else:
        day = format_date(to_local(meeting.starts_at_utc, meeting.zone).date())
        heading = texts.SUPPLEMENT_FOR_MEETING.format(day=h(day), title=paper)
    lines = [heading, _meeting_subject(meeting), web_link(url, texts.SUPPLEMENT_LINK)]
    if restricted:
        lines.append(h(texts.SUPPLEMENT_RESTRICTED))
    return "\n".join(lines)


def source_entry(source: SourceView, zone: ZoneInfo) -> str:
    """One source in /source list: board, site, committee, interval, last sync, failure."""
    committee = source.committee_id + (
        f" ({source.committee_title})" if source.committee_title else ""
    )
    lines = [
        texts.SOURCE_ENTRY.format(
            id=source.id,
            board=h(source.board_name),
            site=h(site_name(source.base_url)),
            committee=h(committee),
            minutes=source.interval_minutes,
        )
    ]
    if source.last_success_at_utc is not None:
        lines.append(
            texts.SOURCE_LAST_SYNCED.format(
                when=h(format_brief(source.last_success_at_utc, zone, year=True)),
                result=h(source.last_result or ""),
            )
        )
    else:
        lines.append(h(texts.SOURCE_NEVER_SYNCED))
    if source.failing_since_utc is not None:
        reason = (source.failure or "").partition("\n")[0]
        lines.append(
            texts.SOURCE_FAILING.format(
                when=h(format_brief(source.failing_since_utc, zone, year=True)),
                reason=h(reason),
            )
        )
    return "\n".join(lines)


def source_committee(source: SourceView) -> str:
    """``123 (Cabinet)`` as plain text."""
    title = f" ({source.committee_title})" if source.committee_title else ""
    return f"{source.committee_id}{title}"


def source_named(source: SourceView) -> str:
    """``<b>Board</b> from host (Committee title)`` (the committee's id when it has no title):
    which source, among several of a clerk's."""
    return texts.SOURCE_NAMED.format(
        board=f"<b>{h(source.board_name)}</b>",
        site=h(site_name(source.base_url)),
        committee=h(source.committee_title or source.committee_id),
    )


def sync_report(report: SyncReport, source: SourceView) -> str:
    """A clerk's answer to /source sync or add, naming the source (as it is after the sync):
    the summary, or the failure, what to try and that it is tried again."""
    if report.ok:
        return texts.SOURCE_SYNCED.format(source=source_named(source), summary=h(report.summary))
    advice = _sentence(report.advice or "")
    return texts.SOURCE_SYNC_FAILED.format(
        source=source_named(source),
        reason=h(_sentence(report.failure or "")),
        advice=h(advice) + " " if advice else "",
    )


def committees_listing(
    site: str, committees: list[tuple[str, str]], *, count: int, words: str, board: str | None
) -> str:
    """The site's committees (``id — title``) shown under /source committees; the buttons
    below add them."""
    filtered = texts.SOURCE_COMMITTEES_FILTERED.format(words=h(words)) if words else ""
    if not committees:
        return texts.SOURCE_NO_COMMITTEES.format(site=h(site), filtered=filtered)
    title = (
        texts.SOURCE_COMMITTEES_TITLE.format(site=h(site), filtered=filtered, board=h(board))
        if board is not None
        else texts.SOURCE_COMMITTEES_PICK_BOARD.format(site=h(site), filtered=filtered)
    )
    lines = [title, *(f"{h(ident)} — {h(name)}" for ident, name in committees)]
    if count > len(committees):
        lines += ["", h(texts.SOURCE_COMMITTEES_MORE.format(shown=len(committees), count=count))]
    return "\n".join(lines)


# --- papers (/papers, the item card) ---------------------------------------------------------


def _paper_link(paper: Paper) -> str:
    """The title as a link to the paper; the title alone when the address is not a web
    address (only http and https are ever linked)."""
    title = h(paper.title)
    address = urlsplit(paper.url.strip())
    if address.scheme.casefold() in ("http", "https") and address.netloc:
        return f'<a href="{h(paper.url.strip())}">{title}</a>'
    return title


def paper_line(paper: Paper) -> str:
    """``• <a href="…">Report</a> 🔒 restricted, published 3 October 2023``."""
    mark = texts.PAPER_RESTRICTED_MARK if paper.restricted else ""
    day = paper.published_on
    published = texts.PAPER_PUBLISHED.format(day=h(f"{day.day} {day:%B %Y}")) if day else ""
    return f"• {_paper_link(paper)}{mark}{published}"


def item_papers_lead(item: AgendaItemView, papers: tuple[Paper, ...]) -> str:
    """ "Item 6 has 2 papers:" and one line each."""
    template = texts.PAPERS_ITEM_ONE if len(papers) == 1 else texts.PAPERS_ITEM
    lines = [template.format(number=h(item.number), count=len(papers))]
    return "\n".join([*lines, *(paper_line(paper) for paper in papers)])


def item_papers_answer(found: ItemPapers, *, now: datetime) -> str:
    """/papers 6: the item's papers (or its pages in the pack), then its card; saying how
    many restricted papers were left out."""
    text = item_answer(found.view, "papers", now=now, papers=found.papers)
    if found.withheld:
        text += "\n\n" + h(papers_withheld(found.withheld))
    return text


def _pack_pages(item: AgendaItemView) -> str:
    """ "pages 137–170 of the pack, report 146/2023" (escaped), or nothing."""
    parts = []
    if item.pages is not None:
        first, last = item.pages
        parts.append(
            texts.PAPERS_PACK_PAGE.format(first=first)
            if first == last
            else texts.PAPERS_PACK_PAGES.format(first=first, last=last)
        )
    if item.report_number:
        parts.append(texts.PAPERS_PACK_REPORT.format(report=h(item.report_number)))
    return ", ".join(parts)


def meeting_papers(papers: MeetingPapers) -> str:
    """Every item with papers (its documents, or its pages in the pack), then the meeting's
    own documents; saying how many exempt items and restricted papers were left out."""
    meeting = _agenda_of(papers.meeting)
    if papers.empty:
        lines = [texts.PAPERS_MEETING_NONE.format(meeting=meeting)]
    else:
        lines = [texts.PAPERS_MEETING_TITLE.format(meeting=meeting)]
        for entry in papers.items:
            lines += ["", _number_title(entry.item)]
            lines += [paper_line(paper) for paper in entry.papers]
            if not entry.papers:
                lines.append(f"• {_pack_pages(entry.item)}")
        if papers.general:
            lines += ["", texts.PAPERS_MEETING_GENERAL]
            lines += [paper_line(paper) for paper in papers.general]
    if papers.withheld_restricted:
        lines += ["", h(papers_withheld(papers.withheld_restricted))]
    if papers.withheld_exempt:
        lines += ["", h(exempt_withheld(papers.withheld_exempt))]
    return "\n".join(lines)


def source_remove_confirm(source: SourceView) -> str:
    return texts.SOURCE_REMOVE_CONFIRM.format(
        board=f"<b>{h(source.board_name)}</b>",
        site=h(site_name(source.base_url)),
        committee=h(source_committee(source)),
    )


def source_removed(source: SourceView) -> str:
    return texts.SOURCE_REMOVED.format(
        board=f"<b>{h(source.board_name)}</b>", site=h(site_name(source.base_url))
    )


def source_every_set(board_name: str, minutes: int) -> str:
    return texts.SOURCE_EVERY_SET.format(board=f"<b>{h(board_name)}</b>", minutes=minutes)
