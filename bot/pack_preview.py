"""What a clerk reads about a pack sent in chat: the preview of an import, the agenda as read,
and what the import did. Pack and import summary in, HTML out; every value passes through ``h``.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot import texts
from bot.html import h
from calendars.zones import format_date, format_when, to_local
from packs.model import AgendaItem, Pack
from services.views import ChangeSet, ImportSummary

# How many agenda items the preview lists before [Show all].
PREVIEW_ITEMS = 5
# How many names the preview lists in a line of members before "and N others".
PREVIEW_NAMES = 8


def _names(names: Sequence[str]) -> str:
    shown = ", ".join(h(name) for name in names[:PREVIEW_NAMES])
    hidden = len(names) - PREVIEW_NAMES
    return shown + (texts.PACK_MORE_NAMES.format(count=hidden) if hidden > 0 else "")


def _item_line(item: AgendaItem) -> str:
    line = texts.PACK_ITEM.format(number=h(item.number or "•"), title=h(item.title))
    return line + (texts.PACK_ITEM_EXEMPT if item.exempt else "")


def _meeting_lines(summary: ImportSummary) -> list[str]:
    day = to_local(summary.starts_at_utc, summary.zone).date()
    if summary.minutes:
        return [texts.PACK_MINUTES_OF.format(day=h(format_date(day)))]
    if summary.time_stated:
        when = texts.PACK_MEETING.format(when=h(format_when(summary.starts_at_utc, summary.zone)))
    else:
        when = texts.PACK_MEETING_NO_TIME.format(day=h(format_date(day)))
    place = (
        texts.PACK_PLACE.format(place=h(summary.location))
        if summary.location
        else texts.PACK_NO_PLACE
    )
    return [when, place]


def change_lines(summary: ImportSummary) -> list[str]:
    """Each change the import makes to a meeting on record, one line each."""
    changes: ChangeSet = summary.changes
    lines: list[str] = []
    if changes.moved_from_utc and changes.moved_to_utc:
        lines.append(
            texts.PACK_CHANGE_MOVED.format(
                old=h(format_when(changes.moved_from_utc, summary.zone)),
                new=h(format_when(changes.moved_to_utc, summary.zone)),
            )
        )
    if changes.re_placed:
        lines.append(
            texts.PACK_CHANGE_PLACE.format(
                old=h(changes.place_from or texts.PACK_NOT_GIVEN), new=h(changes.place_to)
            )
        )
    if changes.remote_link_changed:
        lines.append(texts.PACK_CHANGE_LINK)
    lines += [
        texts.PACK_CHANGE_ADDED.format(number=h(c.number), title=h(c.title))
        for c in changes.items_added
    ]
    lines += [
        texts.PACK_CHANGE_REMOVED.format(number=h(c.number), title=h(c.title))
        for c in changes.items_removed
    ]
    lines += [
        texts.PACK_CHANGE_RETITLED.format(
            number=h(c.number), old=h(c.previous_title or ""), new=h(c.title)
        )
        for c in changes.items_retitled
    ]
    lines += [
        texts.PACK_CHANGE_UPDATED.format(number=h(c.number), fields=h(", ".join(c.fields)))
        for c in changes.items_updated
    ]
    return lines


def _changes_block(summary: ImportSummary) -> list[str]:
    if summary.minutes:
        return []
    if summary.meeting_created:
        return [texts.PACK_NEW_MEETING]
    lines = change_lines(summary)
    if not lines:
        return [texts.PACK_UNCHANGED]
    return [texts.PACK_CHANGES_TITLE, *lines]


def _members_lines(summary: ImportSummary, *, retire_unlisted: bool) -> list[str]:
    lines = [texts.PACK_MEMBERS.format(count=summary.members)]
    if summary.members_new:
        lines.append(
            texts.PACK_MEMBERS_NEW.format(
                count=len(summary.members_new), names=_names(summary.members_new)
            )
        )
    if summary.members_not_listed:
        lines.append(
            texts.PACK_MEMBERS_NOT_LISTED.format(
                count=len(summary.members_not_listed), names=_names(summary.members_not_listed)
            )
        )
        lines.append(texts.PACK_MEMBERS_LEAVING if retire_unlisted else texts.PACK_MEMBERS_STAYING)
    return lines


def preview(
    name: str,
    pack: Pack,
    summary: ImportSummary,
    *,
    retire_unlisted: bool = False,
    all_items: bool = False,
    notes: Sequence[str] = (),
) -> str:
    """What importing ``pack`` would do (``summary`` is the rehearsal's), before [Import]."""
    board = texts.PACK_BOARD_NEW if summary.board_created else texts.PACK_BOARD
    lines = [
        texts.PACK_PREVIEW_TITLE.format(name=h(name)),
        board.format(board=h(summary.board_name)),
        *(texts.PACK_NOTE.format(note=h(note)) for note in notes),
        *_meeting_lines(summary),
    ]
    if summary.called_off:
        lines.append(texts.PACK_CALLED_OFF)
    if not summary.minutes:
        lines.append("")
        items = pack.agenda if all_items else pack.agenda[:PREVIEW_ITEMS]
        lines.append(
            texts.PACK_ITEMS_TITLE.format(count=len(pack.agenda))
            if pack.agenda
            else texts.PACK_NO_ITEMS
        )
        lines += [_item_line(item) for item in items]
        if len(items) < len(pack.agenda):
            lines.append(texts.PACK_MORE_ITEMS.format(count=len(pack.agenda) - len(items)))
        lines.append("")
        lines += _members_lines(summary, retire_unlisted=retire_unlisted)
    if summary.present or summary.apologies:
        # The minutes are of an earlier meeting than the one the preview is about: say which.
        minuted = pack.previous_meeting.date if pack.previous_meeting else None
        counts = {"present": summary.present, "apologies": summary.apologies}
        lines.append(
            texts.PACK_ATTENDED.format(day=h(format_date(minuted)), **counts)
            if minuted is not None
            else texts.PACK_ATTENDED_UNDATED.format(**counts)
        )
    lines.append(texts.PACK_ACTIONS.format(count=summary.actions))
    if summary.decisions:
        lines.append(texts.PACK_DECISIONS.format(count=summary.decisions))
    if summary.warnings:
        lines += ["", texts.PACK_WARNINGS_TITLE]
        lines += [texts.PACK_WARNING.format(warning=h(warning)) for warning in summary.warnings]
    lines += ["", *_changes_block(summary)]
    return "\n".join(lines)


def agenda(name: str, pack: Pack) -> str:
    """The agenda as read from the pack, with each item's details."""
    if not pack.agenda:
        return texts.PACK_AGENDA_EMPTY.format(name=h(name))
    lines = [texts.PACK_AGENDA_TITLE.format(name=h(name))]
    for item in pack.agenda:
        lines.append(_item_line(item))
        details: list[str] = []
        if item.presenter:
            who = item.presenter + (f", {item.presenter_role}" if item.presenter_role else "")
            details.append(texts.PACK_DETAIL_PRESENTER.format(who=h(who)))
        if item.report_number:
            details.append(texts.PACK_DETAIL_REPORT.format(report=h(item.report_number)))
        if item.pages:
            details.append(texts.PACK_DETAIL_PAGES.format(first=item.pages[0], last=item.pages[1]))
        if item.purpose:
            details.append(texts.PACK_DETAIL_PURPOSE.format(purpose=h(item.purpose)))
        if details:
            lines.append(texts.PACK_DETAILS.format(details="; ".join(details)))
    return "\n".join(lines)


def imported(name: str, summary: ImportSummary, *, publishable: bool) -> str:
    """What [Import] did."""
    if summary.minutes:
        heading = texts.PACK_IMPORTED_MINUTES
    elif summary.meeting_created:
        heading = texts.PACK_IMPORTED
    else:
        heading = texts.PACK_UPDATED
    lines = [heading.format(name=h(name), board=h(summary.board_name)), *_meeting_lines(summary)]
    if not summary.minutes:
        lines.append(
            texts.PACK_IMPORTED_COUNTS.format(items=summary.items, actions=summary.actions)
        )
        changes = change_lines(summary)
        if not summary.meeting_created:
            lines += [texts.PACK_CHANGED_TITLE, *changes] if changes else [texts.PACK_UNCHANGED]
    if summary.members_new:
        lines.append(
            texts.PACK_MEMBERS_ADDED.format(
                count=len(summary.members_new), names=_names(summary.members_new)
            )
        )
    if summary.members_retired:
        lines.append(
            texts.PACK_MEMBERS_RETIRED.format(
                count=len(summary.members_retired), names=_names(summary.members_retired)
            )
        )
    if publishable:
        lines += ["", texts.PACK_PUBLISH_QUESTION]
    return "\n".join(lines)
