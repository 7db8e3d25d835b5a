"""Modern.Gov's answers (``GetCommittees``, ``GetMeetings``, ``GetMeeting``) read into
:mod:`sources.model` values.

The XML is parsed with defusedxml: no DTD, no entity declarations, no external references, and
an answer over the size limit is refused before parsing. Every text is stripped (empty values
come as whitespace); counts may carry a leading space; booleans are ``True``/``False``; dates
``dd/mm/yyyy`` (ISO tolerated); times ``10.00 am``, ``2:00 pm``, ``10am``, ``14:00``. Rich text
(titles, ``agendatext``, minutes) is HTML, escaped once or twice: it is unescaped until stable
and turned into plain text."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from sources.base import FailureKind, SourceFailure
from sources.model import (
    RemoteAttendee,
    RemoteCommittee,
    RemoteDocument,
    RemoteItem,
    RemoteMeeting,
)

DEFAULT_MAX_BYTES = 20_000_000

MALFORMED_ADVICE = (
    "Try again later. If it keeps happening, the site may have changed: check the address, "
    "or ask the council's web team whether the Modern.Gov web service is working."
)

# A comment label naming who presents an item: "Presented By", "Presenter", "Lead Officer",
# "Presenting officer", "Report author", "Lead Member", "Introduced by"...
PRESENTER_LABEL = re.compile(
    r"\b(present\w*|introduc\w*|lead\s+(officer|member|director)s?|report(ing)?\s+"
    r"(officer|author)s?|responsible\s+officers?|author)\b",
    re.IGNORECASE,
)
CANCELLED = re.compile(r"\bcancell?ed\b", re.IGNORECASE)
TIME = re.compile(
    r"^(?P<hour>\d{1,2})(?:\s*[.:]\s*(?P<minute>\d{2}))?(?::\d{2}(?:\.\d+)?)?\s*"
    r"(?P<half>a\.?\s*m\.?|p\.?\s*m\.?)?$",
    re.IGNORECASE,
)
NOON = re.compile(r"^(12(\s*[.:]\s*00)?\s*)?(noon|midday)$", re.IGNORECASE)
TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
BLOCKS = frozenset(
    {
        "p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "section", "article", "dd", "dt", "dl", "hr", "pre", "address",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ListedMeeting:
    """A meeting as ``GetMeetings`` lists it."""

    id: str
    day: date
    start: time | None
    status: str | None
    cancelled: bool


@dataclass(frozen=True, slots=True)
class ListedCommittee:
    """A committee of a ``GetMeetings`` answer, with its meetings."""

    id: str
    title: str | None
    meetings: tuple[ListedMeeting, ...]


# --- Parsing safely ---------------------------------------------------------------------------


def malformed(reason: str) -> SourceFailure:
    return SourceFailure(
        FailureKind.MALFORMED, f"The council's site sent an answer we cannot read: {reason}.",
        MALFORMED_ADVICE,
    )  # fmt: skip


def too_large(limit: int) -> SourceFailure:
    megabytes = max(1, limit // 1_000_000)
    return SourceFailure(
        FailureKind.TOO_LARGE,
        f"The council's site sent an answer larger than {megabytes} MB, so we stopped reading it.",
        "Sync a shorter range of dates, or ask us to raise the limit for this site.",
    )


def _local(tag: str) -> str:
    """An element's name without a namespace, in lower case."""
    return tag.rsplit("}", 1)[-1].lower()


def parse_xml(body: bytes, root: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Element:
    """The root element of ``body``, which must be ``root``. No DTDs, no entities."""
    if len(body) > max_bytes:
        raise too_large(max_bytes)
    if not body.strip():
        raise malformed("it was empty")
    try:
        element = fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise malformed("it declares a document type or entities, which we refuse") from None
    except (ParseError, ValueError):
        raise malformed("it is not well-formed XML") from None
    if _local(element.tag) != root:
        raise malformed(f"we expected <{root}> but got <{_local(element.tag)}>")
    return element


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _child(element: Element, name: str) -> Element | None:
    return next((child for child in element if _local(child.tag) == name), None)


def _text(element: Element, name: str) -> str:
    """The stripped text of ``element``'s child ``name`` ("" when absent or blank)."""
    child = _child(element, name)
    if child is None:
        return ""
    return "".join(child.itertext()).strip()


def _optional(text: str) -> str | None:
    return text or None


# --- Values -------------------------------------------------------------------------------------


def parse_flag(text: str) -> bool:
    return text.strip().lower() in {"true", "1", "yes", "y"}


def parse_count(text: str) -> int | None:
    try:
        return int(text.strip())
    except ValueError:
        return None


def parse_day(text: str) -> date | None:
    """``dd/mm/yyyy`` (the service's form), or ISO ``yyyy-mm-dd`` with or without a time."""
    text = text.strip()
    if not text:
        return None
    for form in ("%d/%m/%Y", "%d/%m/%Y %H:%M:%S", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def parse_time(text: str) -> time | None:
    """``10.00 am``, ``2:00 pm``, ``10am``, ``14:00``, ``noon``; None when empty or unreadable."""
    text = " ".join(text.split())
    if not text:
        return None
    if NOON.match(text):
        return time(12, 0)
    found = TIME.match(text)
    if found is None:
        return None
    hour = int(found["hour"])
    minute = int(found["minute"] or 0)
    half = (found["half"] or "").lower().replace(".", "").replace(" ", "")
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


def unescape(text: str) -> str:
    """HTML entities decoded until nothing changes (titles may be escaped twice)."""
    for _ in range(5):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return text


class _PlainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._skip = max(0, self._skip - 1)
        elif tag in BLOCKS:
            self.parts.append("\n")
        elif tag in {"td", "th"}:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name}")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name}")


def plain_text(text: str) -> str:
    """Escaped (once or twice) HTML as plain text: blocks and ``<br>`` become line breaks, tags
    go, spaces collapse within a line, blank lines go."""
    text = unescape(text)
    if TAG.search(text):
        parser = _PlainText()
        parser.feed(text)
        parser.close()
        text = unescape("".join(parser.parts))
    text = text.replace("\xa0", " ").replace("\r", "\n")
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def plain_line(text: str) -> str:
    """A title: plain text on one line."""
    return " ".join(plain_text(text).split())


def printed_number(display: str, sub: str = "") -> str:
    """The printed number from ``fulldisplaynumberformat`` (" 3. " -> "3") and the sub-item
    letter ("a" -> "3a") unless already there; "" when none is printed."""
    number = " ".join(display.split())
    while number and number[-1] in ". ":
        number = number[:-1]
    sub = sub.strip().strip(".").strip()
    letters = re.sub(r"[\W_]", "", number).casefold()
    if sub and not letters.endswith(re.sub(r"[\W_]", "", sub).casefold()):
        number = f"{number}{sub}"
    return number


def is_cancelled(status: str) -> bool:
    return bool(CANCELLED.search(status))


def site_url(url: str, site_root: str | None) -> str:
    """A URL from the site made absolute against ``site_root``, and upgraded to https when it
    names the https site's own host with http://."""
    url = url.strip()
    if not site_root:
        return url
    root = urlsplit(site_root)
    url = urljoin(site_root.rstrip("/") + "/", url)
    parts = urlsplit(url)
    if (
        root.scheme == "https"
        and parts.scheme == "http"
        and parts.hostname is not None
        and parts.hostname == root.hostname
        and parts.port in (None, 80)
    ):
        netloc = parts.hostname if root.port is None else f"{parts.hostname}:{root.port}"
        return urlunsplit(("https", netloc, parts.path, parts.query, parts.fragment))
    return url


# --- The answers -----------------------------------------------------------------------------


def parse_committees(body: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[RemoteCommittee]:
    """``GetCommittees``: every committee listed; deleted or expired ones not current."""
    root = parse_xml(body, "committees", max_bytes=max_bytes)
    found: list[RemoteCommittee] = []
    for element in _children(root, "committee"):
        committee_id = _text(element, "committeeid")
        if not committee_id:
            continue
        deleted = parse_flag(_text(element, "committeedeleted"))
        expired = parse_flag(_text(element, "committeeexpired"))
        found.append(
            RemoteCommittee(
                id=committee_id,
                title=plain_line(_text(element, "committeetitle")) or committee_id,
                category=_optional(plain_line(_text(element, "committeecategory"))),
                current=not (deleted or expired),
            )
        )
    return found


def _listed_meeting(element: Element) -> ListedMeeting | None:
    meeting_id = _text(element, "meetingid")
    day = parse_day(_text(element, "meetingdate"))
    if not meeting_id or day is None:
        return None
    status = _text(element, "meetingstatus")
    return ListedMeeting(
        id=meeting_id,
        day=day,
        start=parse_time(_text(element, "meetingtime")),
        status=_optional(status),
        cancelled=is_cancelled(status),
    )


def parse_meetings(body: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[ListedCommittee]:
    """``GetMeetings``: each committee in the answer with its meetings (those without an id
    or a readable date are left out)."""
    root = parse_xml(body, "getmeetings", max_bytes=max_bytes)
    found: list[ListedCommittee] = []
    for element in _children(root, "committee"):
        holder = _child(element, "committeemeetings")
        meetings = _children(holder, "meeting") if holder is not None else []
        listed = [m for m in map(_listed_meeting, meetings) if m is not None]
        found.append(
            ListedCommittee(
                id=_text(element, "committeeid"),
                title=_optional(plain_line(_text(element, "committeetitle"))),
                meetings=tuple(listed),
            )
        )
    return found


@dataclass(frozen=True, slots=True)
class _Item:
    item: RemoteItem
    sequence: str
    title_key: str


def _key(text: str) -> str:
    return " ".join(plain_line(text).casefold().split())


def _presenter(element: Element) -> str | None:
    labels = sorted(
        (int(match[1]), child)
        for child in element
        if (match := re.fullmatch(r"commentlabel(\d+)", _local(child.tag)))
    )
    for number, label in labels:
        if PRESENTER_LABEL.search(plain_line("".join(label.itertext()))):
            presenter = plain_line(_text(element, f"commenttext{number}"))
            if presenter:
                return presenter
    return None


def _item(element: Element, *, meeting_minuted: bool) -> _Item | None:
    """An agenda item; its minute only once published: the item's ``isminutepublished``, or
    when that is absent (or blank) the meeting's ``meeting_minuted``. Draft minutes are never
    read."""
    item_id = _text(element, "agendaitemid")
    if not item_id:
        return None
    title = plain_line(_text(element, "agendaitemtitle"))
    flag = _text(element, "isminutepublished")
    published = parse_flag(flag) if flag else meeting_minuted
    minute = plain_text(_text(element, "minutesnonemptyhtmlbody")) if published else ""
    item = RemoteItem(
        id=item_id,
        number=printed_number(
            _text(element, "fulldisplaynumberformat"), _text(element, "agendaitemsubnumber")
        ),
        title=title,
        presenter=_presenter(element),
        restricted=parse_flag(_text(element, "isrestricted")),
        is_decision=parse_flag(_text(element, "isdecision")),
        minute=minute or None,
    )
    return _Item(item, _text(element, "agendaitemnumber"), _key(title))


def _owner(element: Element, items: Sequence[_Item]) -> str | None:
    """The item a linked document belongs to: by the owner's title when one item has it, then
    by ``itemnum`` as the internal sequence, then as the printed number."""
    owner = _key(_text(element, "ownertitle"))
    by_title = [entry for entry in items if owner and entry.title_key == owner]
    if len(by_title) == 1:
        return by_title[0].item.id
    pool = by_title or list(items)
    number = _text(element, "itemnum")
    if number:
        by_sequence = [entry for entry in pool if entry.sequence == number]
        if len(by_sequence) == 1:
            return by_sequence[0].item.id
        printed = printed_number(number).casefold()
        by_printed = [entry for entry in pool if entry.item.number.casefold() == printed]
        if len(by_printed) == 1:
            return by_printed[0].item.id
    return by_title[0].item.id if by_title else None


def _attribute(element: Element, name: str) -> str:
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value.strip()
    return _text(element, name)


def _attendee(element: Element) -> RemoteAttendee | None:
    name = plain_line(_attribute(element, "name"))
    if not name:
        return None
    return RemoteAttendee(
        id=_attribute(element, "memberid") or name.casefold(),
        name=name,
        role=_optional(plain_line(_attribute(element, "roledescription"))),
        attendance=_optional(plain_line(_attribute(element, "attendance"))),
    )


def parse_meeting(
    body: bytes,
    *,
    day: date | None = None,
    committee_id: str | None = None,
    site_root: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> RemoteMeeting:
    """``GetMeeting``: the meeting with its items, papers and attendees. ``day``: the date
    ``GetMeetings`` gave, used when this answer has none; ``site_root``: the site's root, for
    absolute https document URLs and the meeting's page (``committee_id`` in its address)."""
    root = parse_xml(body, "meeting", max_bytes=max_bytes)
    meeting_id = _text(root, "meetingid")
    if not meeting_id:
        raise malformed("a meeting came without its id")
    meeting_day = parse_day(_text(root, "meetingdate")) or day
    if meeting_day is None:
        raise malformed(f"meeting {meeting_id} came without a date we can read")
    holder = _child(root, "agendaitems")
    listed = _children(holder, "agendaitem") if holder is not None else []
    minuted = parse_flag(_text(root, "minutepublished")) or parse_flag(
        _text(root, "decisionpublished")
    )
    found = (_item(element, meeting_minuted=minuted) for element in listed)
    entries = [entry for entry in found if entry is not None]
    documents: list[RemoteDocument] = []
    seen: set[str] = set()
    holder = _child(root, "linkeddocuments")
    for element in _children(holder, "linkeddoc") if holder is not None else []:
        doc_id = _text(element, "attachmentid")
        url = _text(element, "url")
        if not doc_id or doc_id in seen or not url:
            continue
        seen.add(doc_id)
        documents.append(
            RemoteDocument(
                id=doc_id,
                title=plain_line(_text(element, "title")) or f"Document {doc_id}",
                url=site_url(url, site_root),
                published_on=parse_day(_text(element, "publicationdate")),
                restricted=parse_flag(_text(element, "isrestricted")),
                item_id=_owner(element, entries),
            )
        )
    holder = _child(root, "attendees")
    people = _children(holder, "attendee") if holder is not None else []
    attendees = [person for person in map(_attendee, people) if person is not None]
    status = _text(root, "meetingstatus")
    page = f"ieListDocuments.aspx?MId={meeting_id}"
    if committee_id:
        page = f"ieListDocuments.aspx?CId={committee_id}&MId={meeting_id}"
    room = plain_line(_text(root, "meetingroom"))
    location = plain_line(_text(root, "meetinglocation"))
    if room and room.casefold() not in location.casefold():
        location = f"{room}, {location}" if location else room
    return RemoteMeeting(
        id=meeting_id,
        day=meeting_day,
        start=parse_time(_text(root, "meetingtime")),
        finish=parse_time(_text(root, "meetingplannedfinishtime")),
        location=location or None,
        status=_optional(status),
        cancelled=is_cancelled(status),
        agenda_published=parse_flag(_text(root, "agendapublished")),
        minutes_published=parse_flag(_text(root, "minutepublished")),
        decisions_published=parse_flag(_text(root, "decisionpublished")),
        items=tuple(entry.item for entry in entries),
        documents=tuple(documents),
        attendees=tuple(attendees),
        url=site_url(page, site_root) if site_root else None,
    )
