"""The meeting a pack summons, and the next meeting it announces."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from .dates import (
    WEEKDAY_WORD,
    FoundDate,
    FoundTime,
    at,
    day_first_for,
    find_dates,
    find_time,
    find_yearless_dates,
    find_yearless_dates_before,
    has_yearless_date,
    parse_timestamp,
)
from .model import MeetingInfo, NextMeeting
from .text import collapse_spaces, split_cells

__all__ = [
    "Summons",
    "front_matter",
    "meeting_schedule",
    "next_meeting_sentences",
    "previous_meeting_date",
    "read_next_meeting",
    "read_summons",
]

_HELD = re.compile(
    r"\bmeeting\s+of\s+(?:the\s+)?(?P<body>[^\n]{3,160}?)\s*,?\s+"
    r"(?:(?:which\s+)?(?:will|is\s+to|shall)\s+(?:be\s+held|take\s+place|meet)|to\s+be\s+held)\b",
    re.IGNORECASE,
)
_BEFORE_DATE = re.compile(
    rf"[\s,]+on\s+(?:{WEEKDAY_WORD},?\s+)?(?:the\s+)?$"
    r"|[\s,]+ar\s+$",  # Welsh "... yn Neuadd y Pentref ar [Ddydd Llun,] 4 Mawrth 2024"
    re.IGNORECASE,
)
# "in"/"at" before a place; Welsh "yn" ("a gynhelir yn Neuadd y Pentref").
_IN_OR_AT = re.compile(r"\b(?:in|at|yn)\s+(?:the\s+)?(?=[A-Z])")
_PLACE_AFTER = re.compile(r"^[\s,]*(?:in|at)\s+(?:the\s+)?(?P<place>[A-Z][^;\n]*)")
_PLACE_END = re.compile(
    r"(?:\.\s|\.$|\s+when\b|\s+to\s+(?:consider|transact|discuss)\b|\s+commencing\b|"
    r"\s+starting\b|\s+on\s+the\s+following\b)",
    re.IGNORECASE,
)
_FIELD = re.compile(
    r"^(?:[-*•●▪]\s+)?(?P<key>date\s*(?:/|and|&)\s*time|date|time|venue|location|place|where|"
    r"address|in[ -]person|meeting|committee|board|meeting\s+of)\s*[:\t]\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)
_BODY_LINE = re.compile(
    r"^(?:the\s+)?(?:[A-Za-z][A-Za-z&',()/ -]{0,80}\s)?(?:board|committee|sub-committee|"
    r"cabinet|panel|forum|partnership|commission|assembly|executive|council|authority|group|"
    # US and charity boards named by their members: "Board of Water and Power Commissioners".
    r"board\s+of\s+(?:[A-Za-z&' -]{0,40}\s)?(?:commissioners|directors|trustees|governors|"
    r"supervisors))$",
    re.IGNORECASE,
)
_NOT_BODY = re.compile(
    r"^(?:.*\b(?:county|city|borough|district|town|parish)\s+council$|(?:the\s+)?council$|"
    r"(?:notice|minutes|report|agenda|meeting|members|membership|dear|to)\b)",
    re.IGNORECASE,
)
# A council's or an authority's own name: its letterhead (the body only when none other is).
_COUNCIL_NAME = re.compile(
    r"^(?:the\s+)?(?:[A-Z][\w'-]*\s+){1,5}(?:council|authority)$", re.IGNORECASE
)
_URL = re.compile(r"https?://[^\s<>()\"'\]\[]+", re.IGNORECASE)
_CONFERENCE_HOSTS = (
    "zoom.us", "teams.microsoft.com", "teams.live.com", "webex.com", "meet.google.com",
    "gotomeeting.com", "gotomeet.me", "whereby.com", "meet.jit.si", "bluejeans.com",
)  # fmt: skip
_STREAM_HOSTS = (
    "youtube.com", "youtu.be", "vimeo.com", "public-i.tv", "civico.net", "granicus.com",
)  # fmt: skip
# PDF text breaks a long link after its "?" ("https://zoom.us/j/899? pwd=bXZ...").
# (the "?" comes first, the lookbehind after it, so that the search skips ahead to each "?")
_BROKEN_QUERY = re.compile(r"\?(?<=[\w/]\?)[ \t]*\n?[ \t]*(?=[A-Za-z_]\w*=)")
_TBC = re.compile(
    r"\b(?:to\s+be\s+(?:confirmed|arranged|agreed|determined|announced|set)|tbc|tba)\b",
    re.IGNORECASE,
)
_SAME_TIME = re.compile(
    r"\b(?:same|usual)\s+time\b|\bat\s+the\s+time\s+of\s+this\s+meeting\b", re.IGNORECASE
)
_MAX_GUESSES = 40
# "next meeting", "next Full Council meeting", "next regular meeting" (US boards); notices that
# a meeting is "adjourned to" a later date (US notices).
_NEXT_MEETING_PHRASE = re.compile(
    r"\bnext\s+(?:(?:(?-i:[A-Z])[\w'&-]*|regular|ordinary|scheduled|special|general|monthly|"
    r"quarterly|annual|full|public|business|board|council|committee|joint)\s+){0,4}meeting\b|"
    r"\b(?:adjourn(?:ed)?|postponed|rescheduled)\s+(?:(?:the\s+)?meeting\s+)?(?:un)?(?:to|until)\s",
    re.IGNORECASE,
)
# "Date of next meeting:", "3785. Next meeting -", "● Next Meeting:" (items and labels).
_NEXT_MEETING_LABEL = re.compile(
    r"^\s*(?:[●•*-]\s*)?(?:\d{1,5}[.)]?\s+)?(?:date\s+(?:and\s+time\s+)?of\s+(?:the\s+)?)?"
    r"next\s+meeting\b",
    re.IGNORECASE,
)
_FUTURE_MEETINGS = re.compile(r"^\s*(?:upcoming|future)\s+meetings\b", re.IGNORECASE)
# Letter-style summonses, minutes headings and notices that name the meeting's date.
_MEETING_SENTENCE = re.compile(
    r"\b(?:summoned|invited|requested)\s+to\s+(?:attend\s+)?(?:a|an|the)\b[^\n.]{0,80}?\bmeeting\b"
    r"|\bminutes\s+of\s+(?:a|an|the)\b[^\n.]{0,80}?\bmeeting\b"
    r"|\bmeeting\b[^\n.]{0,80}?\b(?:to\s+be\s+held|will\s+be\s+held|held)\s+(?:on|at|in)\b"
    # Welsh councils: "Fe'ch gwysir i fynychu cyfarfod o ... a gynhelir yn ... ar Ddydd Llun".
    r"|\bgwysir\s+(?:chi\s+)?i\s+fynychu\b|\bcyfarfod\b[^\n.]{0,80}?\ba\s+gynhelir\b",
    re.IGNORECASE,
)
# Front matter keys that hold the meeting's start (Hugo, Jekyll, CMS exports).
_FRONT_START_KEYS = (
    "start", "startdate", "start_date", "starts", "eventdate", "event_date", "meeting_date",
    "datetime", "date",
)  # fmt: skip
_POSTCODE_KEYS = ("postcode", "post_code", "postal_code", "zip", "zipcode", "zip_code")
_FRONT_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w.-]{0,40})[ \t]*[:=][ \t]*(?P<value>.*)$")
_FRONT_MATTER_LINES = 80
# A meeting "adjourned to"/"postponed to" another date: that date and place are the new one's.
_MOVED = re.compile(
    r"\b(?:adjourned|postponed|rescheduled|deferred)\s+(?:un)?(?:to|until)\b", re.IGNORECASE
)
# Its words as casefold() spells whatever _MOVED matches: a text without any is not searched.
_MOVED_WORDS = ("adjourned", "postponed", "rescheduled", "deferred")
# Dates that stamp the document rather than the meeting ("Printed on 1/6/2023").
_NOT_MEETING_DATE = re.compile(
    r"\b(?:printed|dated|posted|published|updated|revised|issued|signed|circulated|"
    r"despatched|dispatched|deadline|as\s+of)\b[^\n]{0,25}$",
    re.IGNORECASE,
)
_TITLE_LINES = 40
_TITLE_CHARS = 200
_LINE_CHARS = 1000
# The front page a guessed date is looked for in (a summons is never further down).
_GUESS_CHARS = 20_000
# How far under a date a header may print its time ("Thursday, June 15, 2017" / "" / "11:30 AM").
_HEADER_LINES = 5
_AFTER_CHARS = 8000
# A start time in words: "scheduled for 10:30am", "will begin at 7pm", "Start time: 19:00".
_START = re.compile(
    r"\b(?:scheduled\s+(?:for|to\s+(?:begin|start|commence)(?:\s+at)?)|"
    r"will\s+(?:begin|start|commence|convene)(?:\s+at)?|"
    r"(?:begins|starts|commences|convenes|commencing|starting)(?:\s+at)?|start\s+time\s*:?)\s*",
    re.IGNORECASE,
)
# "1. IN PERSON - Council Chambers, 1315 Valley Drive, ..." (US hybrid-meeting notices).
_IN_PERSON = re.compile(
    r"^[ \t]*(?:\d{1,2}[.)][ \t]*)?in[ -]person\b[ \t]*(?:[-–—:]|at\b)[ \t]*"
    r"(?P<place>[^\n]{3,200})",
    re.IGNORECASE | re.MULTILINE,
)
_VENUE_WORD = re.compile(
    r"\b(?:chambers?|room|hall|suite|floor|building|cent(?:er|re)|auditorium|library|"
    r"offices?|institute|pavilion|theat(?:re|er)|plaza|church|annex)\b",
    re.IGNORECASE,
)
# A US street address ending in city, state and ZIP: "111 North Hope Street, Los Angeles, CA
# 90012" (US agenda headers).
_US_ADDRESS = re.compile(
    r"\b(?:\d{1,6}[A-Z]?|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten)\s+"
    r"(?:[A-Z][\w.'-]*\s+){1,4}"
    r"(?:Street|St|Drive|Dr|Avenue|Ave|Road|Rd|Boulevard|Blvd|Way|Lane|Ln|Plaza|Place|Pl|"
    r"Court|Ct|Parkway|Pkwy|Highway|Hwy|Circle|Square)\b\.?"
    r"(?:\s+(?:North|South|East|West))?,?\s+(?:[A-Z][\w.'-]*\s+){0,3}[A-Z][\w.'-]*,?\s+"
    r"[A-Z]{2}\s+\d{5}(?:-\d{4})?\b"
    # The floor and room may follow: "..., CA 90012, 3rd Floor, Metro Board Room".
    r"(?:,[ \t]*[^,\n]{0,40}\b(?i:floor|room|suite|chambers?|hall)\b[^,\n]{0,40}){0,3}"
)
# The lines of a stacked address: "38300 SIERRA HIGHWAY, SUITE B", "PALMDALE, CA 93550",
# "Oakham, Rutland LE15 6HP" (US ZIP or UK postcode).
_STREET_LINE = re.compile(r"^\d{1,6}[A-Z]?\s+[A-Za-z]")
_CITY_LINE = re.compile(r",\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?$|\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$")
_BLOCK_REACH = 6
_HEADER_PARTS = 6
_PLACE_CHARS = 150
_PLACE_JOINS = frozenset({"of", "the", "and", "&", "on", "upon", "in", "at", "-", "–"})
_CONTACT = re.compile(r"\b(?:tel(?:ephone)?|phone|fax|facsimile|e-?mail)\b|@", re.IGNORECASE)
# Where an agenda asks to approve earlier minutes: "minutes of", "record of the meeting",
# "minutes for"; or a "Minutes" heading that lists the meetings.
_MINUTES_CUE = re.compile(
    r"^(?P<title>[ \t]*(?:[\w.()]{1,6}[ \t]+)?(?:(?:approval|adoption)\s+of\s+)?(?:the\s+)?"
    r"minutes(?:\s+(?:from|of)\s+(?:the\s+)?(?:previous|last|earlier)\s+meetings?)?[ \t]*:?[ \t]*)$"
    r"|(?<!\d)(?<!\d[ \t])\b(?:minutes|record|notes)\b(?:\s+and\s+actions?)?"
    r"(?:[ \t]*\([^()\n]{0,40}\))?"
    r"\s+(?:of|from|for)\b"
    # A sub-item of a "Minutes" item that names the meeting: "A. The meeting of January 21".
    r"|\A\s*(?:the\s+)?(?:[\w-]+\s+)?meeting\s+(?:held\s+)?(?:of|on)\b",
    re.IGNORECASE | re.MULTILINE,
)
_MINUTES_WINDOW = 300
_LISTED_MINUTES_CHARS = 1500
_LISTED_MEETING = re.compile(r"\bmeetings?\s+(?:held\s+)?(?:on|of)\s+[^\n]{0,60}", re.IGNORECASE)
_SENTENCE_END = re.compile(
    r"\.(?:\s|$)|\n[ \t]*\n|\n(?=[ \t]*(?:[A-Z0-9]{1,3}[.)]|[●•*-])[ \t])", re.IGNORECASE
)
_BODY_NOUN = (
    r"(?:committee|sub-committee|commission|board|council|panel|authority|group|forum|trust)"
)
# Another body's minutes: "EQUESTRIAN COMMITTEE MINUTES OF", "minutes of the Civil Service Board".
_NAMED_BEFORE = re.compile(
    rf"(?:\b[A-Za-z][\w&'-]*[ \t]+){{1,4}}?{_BODY_NOUN}[ \t]+$", re.IGNORECASE
)
_NAMED_AFTER = re.compile(
    rf"^\s*(?:the\s+)?(?:[A-Za-z][\w&'-]*\s+){{0,4}}?{_BODY_NOUN}\b", re.IGNORECASE
)
_PLAIN_WORDS = frozenset(
    {"the", "of", "and", "meeting", "meetings", "regular", "special", "action", "minutes",
     "city", "county", "town", "parish", "borough", "district", "council", "board",
     "committee", "commission", "authority"}
)  # fmt: skip
# A line break inside a sentence, not one before a bullet or a "Label:" line.
_SOFT_BREAK = re.compile(r"\n(?![ \t]*(?:[●○■•▪◦*-]|[A-Z][A-Za-z ]{0,20}:))")
_PLACE_SENTENCE = re.compile(
    r"\b(?:will\s+be\s+held|to\s+be\s+held|take\s+place|held)\s+(?:in|at)\s+(?:the\s+)?"
    r"(?P<place>[A-Z][^;\n]*)",
)


@dataclass(slots=True)
class Summons:
    """What the front of a pack says about the meeting it calls."""

    meeting: MeetingInfo
    day: date | None
    body: str | None
    explicit: bool
    """True when the date came from a summons sentence or a "Date:" field, not a guess."""
    warnings: list[str] = field(default_factory=list)


def read_summons(
    head: str, zone: ZoneInfo, day_first: bool | None = None, *, after: str = ""
) -> Summons:
    """Read the summoned meeting from the pack's front matter (text before the agenda).

    Understands "A meeting of the X will be held in PLACE on DATE commencing at TIME" (and
    "You are summoned to a meeting ... on DATE", "Minutes of a meeting held on DATE"),
    "Date/Time:", "Date:", "Time:", "Venue:"/"Location:" fields, markdown front matter
    (``date``/``start``, ``location``, ``postcode``); failing those, the first date in the
    front matter with a time printed next to it, then a date alone on a title line.
    ``day_first`` reads numeric dates (None: by ``zone``). ``after`` is the text that
    follows ``head``: a remote link, an "IN PERSON -" venue or a "scheduled for 10:30am"
    start time printed there is used when ``head`` has none.
    """
    day_first = day_first_for(zone, day_first)
    warnings: list[str] = []
    body: str | None = None
    day: date | None = None
    clock: FoundTime | None = None
    start: datetime | None = None
    location: str | None = None
    explicit = False

    front, body_offset = front_matter(head)
    text = head[body_offset:]

    held = _HELD.search(text[:_GUESS_CHARS])
    if held:
        body = collapse_spaces(held.group("body"))
        window = _paragraph(text, held.end())
        day, clock, location = _from_sentence(window, day_first)
        explicit = day is not None
    if day is None:
        # Letter-style summonses and minutes headings: "You are summoned to a meeting of the
        # above Council on ...", "Minutes of a meeting held in PLACE on ...", US notices.
        for count, sentence in enumerate(_MEETING_SENTENCE.finditer(text[:_GUESS_CHARS])):
            if count == _MAX_GUESSES:
                break
            window = _paragraph(text, sentence.start())
            day, clock, location = _from_sentence(window, day_first)
            if day is not None:
                explicit = True
                break

    fields = _fields(text)
    if day is None:
        for key in ("date/time", "date"):
            if key in fields:
                dates = find_dates(fields[key], day_first)
                if dates:
                    day, explicit = dates[0].value, True
                    clock = _time_near(fields[key], dates[0])
                    break
    if day is not None and clock is None and "time" in fields:
        clock = find_time(fields["time"])
    if location is None:
        for key in ("location", "venue", "place", "where", "address", "in person"):
            if key in fields:
                location = _tidy_place(fields[key])
                break
    if body is None:
        for key in ("meeting", "committee", "board", "meeting of"):
            if key in fields and not find_dates(fields[key], day_first):
                body = fields[key]
                break
    if body is None:
        body = _body_line(text)

    # Markdown front matter (static sites, CMS exports): a timestamp, a place and postcode.
    if day is None:
        for key in _FRONT_START_KEYS:
            stamp = parse_timestamp(front[key], zone) if key in front else None
            if stamp is not None:
                day, start, explicit = stamp[0], stamp[1], True
                break
    if location is None:
        location = _front_location(front)

    moved = _moved(text)
    if day is None:
        for found in find_dates(text[:_GUESS_CHARS], day_first)[:_MAX_GUESSES]:
            if moved and found.start >= moved.end():
                break  # the date a meeting was moved to is not the meeting's own
            if _NOT_MEETING_DATE.search(text[max(0, found.start - 40) : found.start]):
                continue
            guess = _time_near(text, found, lines_below=_HEADER_LINES)
            if guess is not None:
                day, clock = found.value, guess
                warnings.append(
                    f"meeting date {day.isoformat()} taken from the first dated line of the "
                    "front page; no summons sentence or Date: field was found"
                )
                break
    if day is None:
        titled = _title_date(text, day_first)
        if titled is not None:
            day = titled.value
            warnings.append(
                f"meeting date {day.isoformat()} taken from a title line; no summons sentence "
                "or Date: field was found"
            )
    if day is not None and clock is None and start is None:
        clock = _start_phrase(text) or _start_phrase(after[:_AFTER_CHARS])

    if day is not None and start is None:
        if clock is None:
            warnings.append(
                f"meeting on {day.isoformat()} has no start time printed; start left unknown"
            )
        else:
            start = at(day, clock.value, zone)
            if clock.guessed:
                warnings.append(f"meeting time printed without am/pm; read as {clock.value:%H:%M}")
    if location is None and day is not None and not moved:
        location = (
            _venue_line(text, day_first)
            or _in_person(f"{text}\n{after[:_AFTER_CHARS]}")
            or _venue_block(text, day, day_first)
        )
    if location is None and day is not None:
        warnings.append("meeting location not found")
    meeting = MeetingInfo(
        start=start,
        location=location,
        remote_link=_remote_link(f"{text}\n{after[:_AFTER_CHARS]}"),
        day=day if start is None else None,
    )
    return Summons(meeting=meeting, day=day, body=body, explicit=explicit, warnings=warnings)


def front_matter(text: str) -> tuple[dict[str, str], int]:
    """The ``key: value`` / ``key = "value"`` lines of a markdown front matter block.

    Static-site and CMS exports open with one, fenced by ``---`` (YAML) or ``+++`` (TOML).
    Returns the keys (lower case, values unquoted) and where the text after the block starts;
    ``({}, 0)`` when the text does not open with one.
    """
    position = 0
    stripped = text.lstrip("\n")
    position = len(text) - len(stripped)
    fence_end = stripped.find("\n")
    fence = stripped[: fence_end if fence_end != -1 else len(stripped)].strip()
    if fence not in ("---", "+++") or fence_end == -1:
        return {}, 0
    position += fence_end + 1
    fields: dict[str, str] = {}
    for _ in range(_FRONT_MATTER_LINES):
        line_end = text.find("\n", position)
        line = text[position : line_end if line_end != -1 else len(text)]
        position = line_end + 1 if line_end != -1 else len(text)
        if line.strip() == fence:
            return fields, position
        match = _FRONT_KEY.match(line)
        if match:
            value = match.group("value").strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            fields.setdefault(match.group("key").lower(), value)
        if line_end == -1:
            break
    return {}, 0


def previous_meeting_date(
    texts: list[str], meeting_day: date | None, day_first: bool = True, body: str | None = None
) -> date | None:
    """The date of the meeting whose minutes an agenda puts up for approval.

    Reads agenda items such as "To confirm the minutes of the meeting held on 14 January",
    "Approval of minutes of the regular meeting of December 13, 2022", "CITY COUNCIL MINUTES
    OF NOVEMBER 8, 2022", "minutes of the last meeting (2 September)" and a "Minutes" item
    listing "The meeting of January 21, 2015". A date without a year takes the year that puts
    it before ``meeting_day``. Of several, the latest not after ``meeting_day`` wins; minutes
    of another body named with them ("PLANNING COMMISSION MINUTES OF ...", when ``body`` is
    not that commission) count only when there are no others.
    """
    ours: list[date] = []
    others: list[date] = []
    for text in texts:
        for window, named in _minutes_windows(text):
            found = [item.value for item in find_dates(window, day_first)]
            if meeting_day is not None:
                found += [item.value for item in find_yearless_dates_before(window, meeting_day)]
                found = [value for value in found if value <= meeting_day]
            other = named is not None and not _same_body(named, body)
            (others if other else ours).extend(found)
    for dates in (ours, others):
        if dates:
            return max(dates)
    return None


def read_next_meeting(
    texts: list[str],
    this_day: date | None,
    this_start: datetime | None,
    zone: ZoneInfo,
    day_first: bool | None = None,
) -> tuple[NextMeeting, list[str]]:
    """Read the next meeting from a "DATE OF NEXT MEETING" item's text (first in ``texts``).

    Takes the first date after this meeting's date ("Next meeting: 14 October" without a
    year: the next such day after it). A date printed without a time is a date alone
    (``NextMeeting.day``), unless the text says "at the same time" (then this meeting's
    start time). Text saying "to be confirmed", or no date at all, gives a null start.
    """
    day_first = day_first_for(zone, day_first)
    for text in texts:
        flat = _flatten(text)
        for found in find_dates(flat, day_first):
            if this_day is not None and found.value <= this_day:
                continue
            return _next_from(flat, found, this_start, zone)
        if this_day is not None:
            for found in find_yearless_dates(flat, this_day):
                next_meeting, warnings = _next_from(flat, found, this_start, zone)
                note = f"next meeting date printed without a year; read as {found.value}"
                return next_meeting, [note, *warnings]
        elif _NEXT_MEETING_LABEL.match(text) and has_yearless_date(flat):
            # "Date of next meeting: 28th October" in minutes with no date of their own: the
            # year is unknown, and another body's "next meeting" further on is not this one.
            return NextMeeting(start=None), [
                "next meeting date printed without a year, and this meeting's date is unknown"
            ]
        if _TBC.search(flat):
            return NextMeeting(start=None), ["next meeting date is to be confirmed"]
    return NextMeeting(start=None), ["no next meeting date found"]


def next_meeting_sentences(text: str) -> list[str]:
    """Paragraphs of ``text`` that talk about "the next meeting" (a fallback source).

    Also a meeting "adjourned to" a later date (notices of adjournment) and a "future
    meetings" list with the lines under it (US agendas end with one).
    """
    paragraphs = re.split(r"\n\s*\n", text)
    found = []
    for index, paragraph in enumerate(paragraphs):
        if _FUTURE_MEETINGS.match(paragraph):
            # US agendas close with a "FUTURE MEETINGS" schedule: the heading and its list.
            found.append("\n\n".join(paragraphs[index : index + 3]))
        elif _NEXT_MEETING_PHRASE.search(paragraph):
            found.append(paragraph)
    # A "Date of next meeting" item or label first: other sentences may be another body's.
    return sorted(
        found,
        key=lambda paragraph: (
            not (_NEXT_MEETING_LABEL.match(paragraph) or _FUTURE_MEETINGS.match(paragraph))
        ),
    )


def meeting_schedule(text: str) -> list[str]:
    """A "FUTURE MEETINGS" schedule in ``text`` (US agendas print one after the items): the
    heading with the lists under it, for :func:`read_next_meeting`."""
    return [
        paragraph for paragraph in next_meeting_sentences(text) if _FUTURE_MEETINGS.match(paragraph)
    ]


def _flatten(text: str) -> str:
    """One line per sentence: a line break is a space unless a bullet or a label follows."""
    return collapse_spaces(_SOFT_BREAK.sub(" ", text))


def _next_from(
    flat: str, found: FoundDate, this_start: datetime | None, zone: ZoneInfo
) -> tuple[NextMeeting, list[str]]:
    warnings: list[str] = []
    clock = _time_near(flat, found)
    rest = flat[max(clock.end, found.end) if clock else found.end :]
    place = _PLACE_AFTER.match(rest) or _PLACE_SENTENCE.search(rest[:300])
    location = _tidy_place(place.group("place")) if place else None
    day: date | None = None
    if clock is not None:
        start: datetime | None = at(found.value, clock.value, zone)
        if clock.guessed:
            warnings.append(f"next meeting time printed without am/pm; read as {clock.value:%H:%M}")
    elif this_start is not None and _SAME_TIME.search(flat):
        start = at(found.value, this_start.timetz().replace(tzinfo=None), zone)
    else:
        start, day = None, found.value
        warnings.append(f"next meeting on {found.value.isoformat()} has no time printed")
    return NextMeeting(start=start, location=location, day=day), warnings


def _paragraph(text: str, start: int) -> str:
    end = text.find("\n\n", start)
    chunk = text[start : end if end != -1 else start + 600][:600]
    return collapse_spaces(chunk.replace("\n", " "))


def _time_near(text: str, found: FoundDate, lines_below: int = 0) -> FoundTime | None:
    """The time printed with a date: after it on its line ("... 2023 at 2.00 pm"), else before
    it ("at 7pm on Tuesday 5 November"), else (``lines_below``) alone on a short line under
    it, as US agenda headers print it ("Tuesday, January 10, 2023" / "5:00 PM")."""
    line_end = text.find("\n", found.end)
    line_end = len(text) if line_end == -1 else line_end
    window = text[found.end : min(line_end, found.end + 60)]
    clock = find_time(window)
    if clock is not None:
        gap = window[: clock.start]
        if len(gap) <= 30 and not _stops(gap):
            return FoundTime(
                clock.value, found.end + clock.start, found.end + clock.end, clock.guessed
            )
    line_start = text.rfind("\n", 0, found.start) + 1
    before_start = max(line_start, found.start - 60)
    before = text[before_start : found.start]
    clock = find_time(before)
    if clock is not None and len(before) - clock.end <= 40 and not _stops(before[clock.end :]):
        return FoundTime(
            clock.value, before_start + clock.start, before_start + clock.end, clock.guessed
        )
    position = line_end
    for _ in range(lines_below):
        if position >= len(text):
            break
        next_end = text.find("\n", position + 1)
        next_end = len(text) if next_end == -1 else next_end
        line = text[position + 1 : next_end]
        if len(line) > 80 or find_dates(line):
            break
        clock = find_time(line)
        if clock is not None and clock.start <= 4:
            start = position + 1 + clock.start
            return FoundTime(clock.value, start, start + clock.end - clock.start, clock.guessed)
        position = next_end
    return None


def _stops(gap: str) -> bool:
    """Whether a sentence ends in ``gap`` (a period that is not in "a.m."/"p.m.")."""
    return "." in gap.replace("p.m", "").replace("a.m", "")


def _from_sentence(
    window: str, day_first: bool
) -> tuple[date | None, FoundTime | None, str | None]:
    """Date, time and place of a summons sentence ("... held in PLACE on DATE at TIME")."""
    dates = find_dates(window, day_first)
    if not dates:
        return None, None, None
    clock = _time_near(window, dates[0])
    location: str | None = None
    before = _place_before(window[: dates[0].start])
    if before:
        location = _tidy_place(before)
    else:
        after = window[max(clock.end, dates[0].end) if clock else dates[0].end :]
        place = _PLACE_AFTER.match(after)
        if place:
            location = _tidy_place(place.group("place"))
    return dates[0].value, clock, location


def _title_date(text: str, day_first: bool) -> FoundDate | None:
    """A date printed alone on a title line near the top ("February 18, 2015")."""
    position = 0
    for line in text.split("\n", _TITLE_LINES)[:_TITLE_LINES]:
        dates = find_dates(line, day_first) if len(line) <= _TITLE_CHARS else []
        if dates:
            rest = (line[: dates[0].start] + line[dates[0].end :]).strip(" \t,-–—:")
            words = re.sub(rf"\b{WEEKDAY_WORD}\b", "", rest, flags=re.IGNORECASE).split()
            if len(words) <= 6 and not _NOT_MEETING_DATE.search(line[: dates[0].start]):
                item = dates[0]
                return FoundDate(item.value, position + item.start, position + item.end)
        position += len(line) + 1
    return None


def _start_phrase(text: str) -> FoundTime | None:
    """A start time stated in words: "The meeting is scheduled for 10:30am Pacific"."""
    match = _START.search(text)
    if match is None:
        return None
    clock = find_time(text[match.end() : match.end() + 20])
    if clock is None or clock.start > 2:
        return None
    return FoundTime(clock.value, match.end() + clock.start, match.end() + clock.end)


def _front_location(front: dict[str, str]) -> str | None:
    """A place in front matter, its postcode appended ("..., Cardiff CF10 3NQ")."""
    for key in ("location", "venue", "place", "address", "where"):
        value = front.get(key, "").strip()
        if value and not value.startswith(("[", "{")):
            code = next((front[k].strip() for k in _POSTCODE_KEYS if front.get(k)), "")
            if code and code.lower() not in value.lower():
                value = f"{value} {code}"
            return _tidy_place(value)
    return None


def _in_person(text: str) -> str | None:
    """The venue of an "IN PERSON - Council Chambers, 1315 Valley Drive" line (US agendas)."""
    match = _IN_PERSON.search(text)
    return _tidy_place(match.group("place")) if match else None


def _venue_line(text: str, day_first: bool) -> str | None:
    """A venue printed in a header rather than a sentence.

    A tab-separated cell after the date and time ("Tuesday, December 13, 2022 | 7:00 PM |
    Council Chambers", US agenda banners); else a street address with its city, state and
    ZIP on one line, with the room before it ("Room 1555-H, 111 North Hope Street, Los
    Angeles, CA 90012"), even when a multi-column header runs another column into it.
    """
    lines = [line[:_LINE_CHARS] for line in text.split("\n", _TITLE_LINES)[:_TITLE_LINES]]
    for line in lines:
        if "\t" in line and find_dates(line, day_first):
            cells = [cell for cell in split_cells(line) if cell]
            for cell in cells:
                dated = find_dates(cell, day_first) or find_time(cell) is not None
                if _VENUE_WORD.search(cell) and not dated:
                    return _tidy_place(cell)
    for line in lines:
        # "7.00 pm, Tuesday 12 November 2024, Council Chamber, Town Hall": a header line giving
        # the time and date, then the venue after a comma (UK and US agenda banners)
        parts = line.split(",")
        for count in range(1, min(len(parts), _HEADER_PARTS)):
            lead, rest = ",".join(parts[:count]), ",".join(parts[count:])
            if _VENUE_WORD.search(parts[count]) and find_time(parts[count]) is None:
                if (
                    len(lead) <= _LINE_CHARS // 2
                    and find_dates(lead, day_first)
                    and _looks_like_place(rest)
                    and not find_dates(rest, day_first)
                ):
                    return _tidy_place(rest)
                break
    for index, line in enumerate(lines):
        address = _US_ADDRESS.search(line)
        if address is None:
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if _CONTACT.search(line) or _CONTACT.search(following):
            continue  # a letterhead: the body's postal address, not the venue
        place_start = address.start()
        prefix = line[:place_start].rstrip(" ,")
        while prefix:
            comma = prefix.rfind(",")
            part = prefix[comma + 1 :]
            venue = _VENUE_WORD.search(part)
            if venue is None:
                break
            # Words naming the room go with it ("Council Chambers"), in the venue word's case:
            # a capitals heading run into it from another column stays out.
            words = part[: venue.start()].split()
            kept = 0
            while kept < min(3, len(words)):
                word = words[-1 - kept]
                same_case = word.isupper() == venue.group(0).isupper()
                if not (word[:1].isupper() and same_case):
                    break
                kept += 1
            lead = part[: venue.start()].rstrip()
            for _ in range(kept):
                lead = lead[: lead.rstrip().rfind(" ") + 1] if " " in lead.strip() else ""
            place_start = comma + 1 + len(lead)
            if lead.strip():
                break
            prefix = prefix[: max(comma, 0)].rstrip(" ,")
        return _tidy_place(line[place_start : address.end()])
    return None


def _looks_like_place(text: str) -> bool:
    """A short run of capitalised words and numbers ("Council Chamber, Town Hall, 2 High
    Street"), not a sentence that goes on after a comma."""
    words = text.replace(",", " ").split()
    return 0 < len(text) <= _PLACE_CHARS and all(
        word[:1].isupper() or word[:1].isdigit() or word in _PLACE_JOINS for word in words
    )


def _venue_block(text: str, day: date, day_first: bool) -> str | None:
    """A venue stacked in a title block near the meeting's date, one part a line (US agenda
    covers): "CITY COUNCIL CHAMBER" / "38300 SIERRA HIGHWAY, SUITE B" / "PALMDALE, CA 93550"."""
    lines = [line[:_LINE_CHARS] for line in text.split("\n", _TITLE_LINES)[:_TITLE_LINES]]
    dated = next(
        (
            i
            for i, line in enumerate(lines)
            if any(f.value == day for f in find_dates(line, day_first))
        ),
        None,
    )
    if dated is None:
        return None
    for index in range(max(0, dated - _BLOCK_REACH), min(len(lines), dated + _BLOCK_REACH + 1)):
        line = collapse_spaces(lines[index])
        if not _is_venue_heading(line, day_first):
            continue
        parts = [line]
        for following in lines[index + 1 : index + 4]:
            part = collapse_spaces(following)
            if not (_STREET_LINE.match(part) or _CITY_LINE.search(part)) or _CONTACT.search(part):
                break
            parts.append(part)
        return _tidy_place(", ".join(parts))
    return None


def _is_venue_heading(line: str, day_first: bool) -> bool:
    """A short title-block line naming a room or building ("NORWALK CITY HALL/COUNCIL
    CHAMBERS"), not a sentence, a date or contact details."""
    return (
        0 < len(line) <= 60
        and _VENUE_WORD.search(line) is not None
        and not line.endswith((".", ":"))
        and not _CONTACT.search(line)
        and not find_dates(line, day_first)
        and find_time(line) is None
        and line[0].isupper()
    )


def _minutes_windows(text: str) -> list[tuple[str, str | None]]:
    """Stretches of ``text`` after a minutes cue, up to the end of the sentence, each with the
    body named with the minutes ("PLANNING COMMISSION MINUTES OF ..."), if any."""
    windows: list[tuple[str, str | None]] = []
    for cue in _MINUTES_CUE.finditer(text):
        if cue.group("title") is not None:
            # A "Minutes" heading: the meetings it lists ("A. The meeting of January 21, 2015").
            chunk = text[cue.end() : cue.end() + _LISTED_MINUTES_CHARS]
            windows.extend((m.group(0), None) for m in _LISTED_MEETING.finditer(chunk))
            continue
        chunk = text[cue.end() : cue.end() + _MINUTES_WINDOW]
        stop = _SENTENCE_END.search(chunk)
        window = chunk[: stop.start()] if stop else chunk
        line_start = text.rfind("\n", 0, cue.start()) + 1
        named = _NAMED_BEFORE.search(text[line_start : cue.start()]) or _NAMED_AFTER.search(window)
        windows.append((window, named.group(0) if named else None))
    return windows


def _same_body(named: str, body: str | None) -> bool:
    """Whether the body named with some minutes is ``body``: its distinctive words are all in
    ``body``'s name. A generic name ("City Council", "the Board") is the body's own."""
    words = {word for word in re.findall(r"[a-z]+", named.lower()) if word not in _PLAIN_WORDS}
    ours = set(re.findall(r"[a-z]+", (body or "").lower()))
    return words <= ours


def _fields(head: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for raw in head.split("\n"):
        if len(raw) > _LINE_CHARS:
            continue  # a field is a short line
        line = raw.strip()
        if "\t" in line:
            cells = [cell for cell in split_cells(line) if cell]
            if len(cells) >= 2 and not cells[0].endswith(":"):
                line = f"{cells[0]}: {' '.join(cells[1:])}"
        match = _FIELD.match(collapse_spaces(line))
        if not match:
            continue
        key = re.sub(r"\s*(?:/|and|&)\s*", "/", match.group("key").lower())
        key = collapse_spaces(key)
        fields.setdefault(key, collapse_spaces(match.group("value")))
    return fields


def _place_before(text: str) -> str | None:
    """The place in "held [as a hybrid meeting] in PLACE on [Tuesday,]" (text before a date)."""
    ending = _BEFORE_DATE.search(text)
    if not ending:
        return None
    text = text[: ending.start()]
    for match in _IN_OR_AT.finditer(text):
        place = text[match.end() :]
        if place and not place[0].isdigit():
            return place
    return None


def _body_line(head: str) -> str | None:
    """A title line such as "CABINET" or "Health and Wellbeing Board" on the front page.

    A council's own name ("Westshire Council") is its letterhead, so it is the body only
    when no other one is named.
    """
    letterhead: str | None = None
    for raw in head.split("\n", 80)[:80]:
        if len(raw) > _LINE_CHARS:
            continue
        line = collapse_spaces(raw)
        if len(line) > 90 or any(c.isdigit() for c in line) or ":" in line:
            continue
        if _BODY_LINE.match(line) and not _NOT_BODY.match(line):
            if not _COUNCIL_NAME.match(line):
                return line
            letterhead = letterhead or line
    return letterhead


def _tidy_place(place: str) -> str | None:
    place = collapse_spaces(place)
    end = _PLACE_END.search(place)
    if end:
        place = place[: end.start()]
    place = place.strip(" ,;:.")
    if place.lower().startswith("the "):
        place = place[4:]
    return place or None


def _moved(text: str) -> re.Match[str] | None:
    """A meeting adjourned or moved "to" another date. A case-insensitive search cannot skip
    ahead in the text, so the words are first looked for in the casefolded text (every match
    of _MOVED contains one of them there): 2 MB of text without them costs a millisecond."""
    folded = text.casefold()
    if not any(word in folded for word in _MOVED_WORDS):
        return None
    return _MOVED.search(text)


def _remote_link(head: str) -> str | None:
    """The video-conference link (else a live-stream link); of several, the one printed most
    often, since a footnote mark or a line break can spoil one copy."""
    head = _BROKEN_QUERY.sub("?", head)
    urls = [match.group(0).rstrip(".,;:") for match in _URL.finditer(head)]
    for hosts in (_CONFERENCE_HOSTS, _STREAM_HOSTS):
        found = []
        for url in urls:
            host = url.split("/")[2].lower() if url.count("/") >= 2 else ""
            if any(host == h or host.endswith("." + h) for h in hosts):
                found.append(url)
        if found:
            # counted once, not with list.count per URL: a text of thousands of links
            counts = Counter(found)
            return max(found, key=counts.__getitem__)
    return None
