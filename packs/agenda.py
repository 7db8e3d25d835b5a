"""The agenda of the summoned meeting: numbered items, their sub-items and details.

An agenda is read as a run of numbered lines in one style ("1)", "1.", "1<tab>", "Item 1")
numbered 1, 2, 3... without gaps. Requiring the numbers to follow on is what keeps the
numbered rows of an actions table, the minutes' own numbering and report sections out:
none of them continue the sequence. Lettered lines under an item ("A.", "(b)") and printed
sub-numbers ("10A", "6.1") become sub-items. The run ends at a distribution list, the
minutes, a blank page or a report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .minutes import is_minutes_heading
from .model import AgendaItem
from .names import clean_name, has_honorific, looks_like_people
from .text import collapse_spaces, is_heading_like, split_cells

__all__ = ["Agenda", "RawItem", "find_agenda_heading", "read_agenda"]

_HEADING = re.compile(r"^(?:A ?G ?E ?N ?D ?A)(?:\s*(?:[:–-]|for\b).*)?$", re.IGNORECASE)
_ITEM = re.compile(
    r"^(?:item\s+)?(?P<num>\d{1,2})(?P<sub>[A-Za-z])?(?P<sep>[.):]|\t| )[ \t]*(?P<rest>.*)$",
    re.IGNORECASE,
)
_DECIMAL = re.compile(r"^(?P<num>\d{1,2})\.(?P<minor>\d{1,2})\.?[ \t]+(?P<rest>\S.*)$")
_LETTER = re.compile(r"^\(?(?P<letter>[A-Za-z])[.)][ \t]+(?P<rest>\S.*)$")

_ALWAYS_STOP = re.compile(
    r"^(?:this\s+page\s+is\s+intentionally\s+left\s+blank|agenda\s+item\s+\d|"
    r"public\s+document\s+pack$|report\s+to\s+(?:the\s+)?(?-i:[A-Z]))",
    re.IGNORECASE,
)
_HEADING_STOP = re.compile(
    r"^(?:distribution\b|circulation\b|(?:to:?\s+)?(?:elected\s+)?members\s+of\s+the\b|"
    r"membership\b|proposed\s+agenda\s+items|future\s+(?:meetings|agenda|items)\b|"
    r"(?:to|copies\s+to)\s*:)",
    re.IGNORECASE,
)
_FIRST_WORD = re.compile(r"[^\W\d_]{2,}")
_CLOCK = r"\d{1,2}[.:]\d{2}(?:\s*[ap]\.?m\.?)?"
_TIME_SLOT = re.compile(rf"^{_CLOCK}(?:\s*(?:-|–|—|to)\s*{_CLOCK})?$", re.IGNORECASE)
_DURATION_WORD = re.compile(r"^(?:min|mins|minutes|hours?|hrs?)\.?$", re.IGNORECASE)

_PAGES = re.compile(
    r"\(\s*Pages?\s*(?P<first>\d{1,4})(?:\s*(?:-|–|—|to)\s*(?P<last>\d{1,4}))?\s*\)",
    re.IGNORECASE,
)
_PAGES_TAIL = re.compile(r"\(\s*Pages?\s*\d[\d\s–—-]*(?:to[\d\s]*)?$", re.IGNORECASE)
_REPORT_NO = re.compile(
    r"\bReport\s+(?:No|Number|Ref(?:erence)?)\b\.?\s*:?\s*"
    r"(?P<number>[A-Z0-9]+(?:[/.-][A-Z0-9]+)*)",
    re.IGNORECASE,
)
_PURPOSE_WORDS = (
    r"(?P<purpose>discussion|information|approval|review|decision|noting|note|assurance|"
    r"endorsement|ratification|consultation|debate|agreement|action)"
)
_PURPOSE = re.compile(rf"\bITEM\s+FOR\s+{_PURPOSE_WORDS}\b", re.IGNORECASE)
_PURPOSE_LINE = re.compile(
    rf"^(?:purpose\s*:\s*)?(?:for\s+(?:the\s+board'?s\s+)?){_PURPOSE_WORDS}\.?$", re.IGNORECASE
)
_PURPOSE_CELL = re.compile(rf"^(?:for\s+)?{_PURPOSE_WORDS}\.?$", re.IGNORECASE)
_DURATION_LINE = re.compile(
    r"^(?P<n>\d{1,3})\s*(?P<unit>min|mins|minutes|hour|hours|hr|hrs)\.?$", re.IGNORECASE
)
_DURATION_INLINE = re.compile(
    r"\((?P<n>\d{1,3})\s*(?P<unit>min|mins|minutes)\)|"
    r"\b(?:duration|time\s+allocated|allocated\s+time|timing)\s*:?\s*(?P<n2>\d{1,3})\s*"
    r"(?:min|mins|minutes)\b",
    re.IGNORECASE,
)
_RECEIVE = re.compile(
    r"\bTo\s+(?:receive|consider|note|hear|discuss|review|approve)\b"
    r"(?P<what>[^\n]{0,160}?)\b(?:from|by)\s+(?P<who>\S[^\n]*)",
    re.IGNORECASE,
)
_WHAT = re.compile(
    r"\b(?:reports?|presentation|papers?|briefing|statement|overview)\b|"
    r"\b(?:an?|verbal|written|oral|progress)\s+update\b",
    re.IGNORECASE,
)
_BY = re.compile(
    r"\b(?:led|presented|introduced|reported|delivered)\s+by\s+(?P<who>\S[^\n]*)", re.IGNORECASE
)
_REPORT_OF = re.compile(
    r"^(?:joint\s+)?report\s+(?:of|from|by)\s+(?P<who>\S[^\n]*)$", re.IGNORECASE
)
_PRESENTER_FIELD = re.compile(
    r"^(?:presenter|presented\s+by|lead\s+officer|report\s+by|lead)\s*:\s*(?P<who>\S.*)$",
    re.IGNORECASE,
)
_WHO_STOP = re.compile(
    r"\(Pages?\b|\bITEM\s+FOR\b|\s\d{1,3}\s*MINS?\b|"
    r"\s+(?:to\s+(?:provide|update|inform|present|seek|outline|give|set|advise|brief)|"
    r"on\s+the\b|regarding\b|which\b|about\b|setting\s+out\b|outlining\b|providing\b|"
    r"detailing\b|seeking\b|in\s+relation\s+to\b|concerning\b|attached\b|"
    r"(?:is|are)\s+attached\b)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"\.(?=\s|$)")
_ABBREVIATIONS = frozenset(
    {"no", "dr", "mr", "mrs", "ms", "st", "cllr", "prof", "rev", "insp", "sgt", "co", "ltd",
     "inc", "ref", "nos", "vol", "dept", "govt"}
)  # fmt: skip

_EXEMPT = re.compile(
    r"\b(?:exempt\s+(?:information|items?|report|business)|part\s+(?:ii|2)\b|"
    r"exclusion\s+of\s+(?:the\s+)?(?:press|public)|exclude\s+the\s+(?:press|public)|"
    r"excluded\s+from\s+the\s+meeting|private\s+(?:session|business|items?)|"
    r"confidential\b|not\s+for\s+publication)",
    re.IGNORECASE,
)
_EXEMPT_FOLLOWS = re.compile(
    r"\bexclu(?:de|ded|sion)\b|\bfollowing\s+items?\b|\bremaining\s+items?\b", re.IGNORECASE
)
_EXEMPT_TITLE_SWITCH = re.compile(
    r"\bexclusion\s+of\s+(?:the\s+)?(?:press|public)|^exempt\s+information$|"
    r"^(?:private|confidential)\s+(?:business|items?|session)$|^part\s+(?:ii|2|b)\b|"
    r"^private\s+and\s+confidential\b",
    re.IGNORECASE,
)
# Back to public business: "PART I", "Public items".
_PUBLIC_SWITCH = re.compile(
    r"^(?:part\s+(?:i|1|a)\b|public\s+(?:business|items?|session|part)\b)", re.IGNORECASE
)
# Items that stay public even when printed after the private ones.
_PUBLIC_TITLE = re.compile(
    r"^(?:(?:date|dates|time)\s+(?:and\s+(?:time|venue|place)\s+)?of\s+(?:the\s+)?"
    r"(?:next|future)\s+meetings?|(?:next|future)\s+meetings?\b|close\s+of\s+(?:the\s+)?meeting)",
    re.IGNORECASE,
)
_MAX_QUIET_LINES = 60
_HEADING_SEARCH_LINES = 500
_MAX_WHO = 300
# "Position Statement by the Chairman", "Update from the Integrated Care Board"
_TITLE_BY = re.compile(
    r"\b(?i:statement|report|update|presentation|address|briefing|announcements?|remarks|"
    r"introduction)\s+(?i:by|from|of)\s+(?i:the\s+)?(?P<who>[A-Z][^:()\u2013\u2014-]{1,80})$"
)
# "Chairman's Announcements", "The Director of Public Health's Annual Report"
_TITLE_POSSESSIVE = re.compile(
    r"^(?:the\s+)?(?P<who>[A-Z][A-Za-z ]{1,60})['\u2019]s\s+(?:annual\s+|verbal\s+|oral\s+)?"
    r"(?:report|update|announcements?|statement|address|briefing|remarks)\b",
    re.IGNORECASE,
)
_ROLE_WORD = re.compile(
    r"\b(?:(?:vice[- ])?chair(?:man|woman|person)?|leader|mayor|chief\s+executive|director|"
    r"portfolio\s+holder|cabinet\s+member|clerk|officer|manager|head|commissioner|president|"
    r"secretary|treasurer|board|partnership|healthwatch|group|trust|council)\b",
    re.IGNORECASE,
)
_NUMBERED_LINE = re.compile(r"^\(?\d{1,3}[.)]?(?:\t|\s)")
_GAP_LOOKAHEAD = 80
_USUAL_LAST_ITEM = re.compile(
    r"\b(?:next\s+meeting|future\s+meetings?|urgent\s+business|other\s+business|"
    r"any\s+other|close\s+of\s+meeting)\b",
    re.IGNORECASE,
)
_NOT_A_PRESENTER = re.compile(
    r"^(?:verbal|oral|to\s+follow|attached|report|presentation|paper|tbc|n/?a|-+)\b", re.IGNORECASE
)


@dataclass(slots=True)
class RawItem:
    """An item as first seen, before its details are read."""

    number: str
    main: int
    line: int
    title: list[str]
    cells: list[str] | None = None
    body: list[str] = field(default_factory=list)
    exempt: bool = False
    letters: int = 0
    minors: int = 0
    reassembled: bool = False

    def text(self) -> str:
        """Title, table cells and body as one newline-joined text."""
        parts = [" ".join(self.title), *(self.cells or []), *self.body]
        return "\n".join(parts)


@dataclass(slots=True)
class Agenda:
    """The agenda read from a pack, with the line range it occupied."""

    items: list[AgendaItem]
    raw: list[RawItem]
    heading: int | None
    start: int | None
    end: int
    warnings: list[str] = field(default_factory=list)


def find_agenda_heading(lines: list[str]) -> int | None:
    """Index of the "AGENDA" / "A G E N D A" heading near the front, if the pack prints one."""
    for index, line in enumerate(lines[:_HEADING_SEARCH_LINES]):
        text = line.strip()
        if len(text) <= 60 and _HEADING.match(collapse_spaces(text)):
            return index
    return None


def read_agenda(lines: list[str]) -> Agenda:
    """Read the agenda items (see the module docstring for how the agenda is delimited)."""
    heading = find_agenda_heading(lines)
    first = _first_item(lines, heading + 1 if heading is not None else 0)
    if first is None and heading is not None:
        first = _first_item(lines, 0)
    if first is None:
        return Agenda(items=[], raw=[], heading=heading, start=None, end=heading or 0)
    gaps: list[tuple[int, int]] = []
    raw, end, clear_end = _scan(lines, first, gaps)
    warnings: list[str] = [
        f"agenda numbering jumps from {before} to {after}; item {after} read as the next item"
        for before, after in gaps
    ]
    if not clear_end:
        warnings.append(
            f"the agenda's end is not marked; read up to item {raw[-1].number} and stopped "
            "where numbered items ran out"
        )
    items = [_finish(item, warnings) for item in raw]
    return Agenda(
        items=items, raw=raw, heading=heading, start=first.line, end=end, warnings=warnings
    )


@dataclass(frozen=True, slots=True)
class _Head:
    """A line that opens a numbered item: its number, style and the text after it."""

    line: int
    number: int
    letter: str
    style: str
    rest: str
    last_line: int
    """The line the title was read from (the next line when the number stands alone)."""


def _item_head(lines: list[str], index: int) -> _Head | None:
    match = _ITEM.match(lines[index].strip(" "))
    if not match:
        return None
    sep, rest, last = match.group("sep"), match.group("rest"), index
    if not rest.strip() and sep != " ":
        # "1." alone on its line, the title printed on the next one
        following = _next_text(lines, index)
        if following is None or _ITEM.match(lines[following].strip(" ")):
            return None
        rest, last = lines[following].strip(" "), following
    title = _row_parts(rest)[0] if "\t" in rest else rest.strip()
    if not any(c.isalpha() for c in title):
        return None
    word = _FIRST_WORD.search(title)
    if sep == " " and (not word or word.group(0).islower() or _DURATION_WORD.match(title)):
        return None  # "10 MIN" under an item is a timing, not item 10
    style = "paren" if sep == ")" else "space" if sep == " " else "dot"
    letter = (match.group("sub") or "").upper()
    return _Head(index, int(match.group("num")), letter, style, rest, last)


def _next_text(lines: list[str], index: int) -> int | None:
    for following in range(index + 1, min(len(lines), index + 4)):
        if lines[following].strip():
            return following
    return None


def _first_item(lines: list[str], begin: int) -> _Head | None:
    for index in range(begin, min(len(lines), begin + 400)):
        head = _item_head(lines, index)
        if head is None or head.number != 1 or head.letter or _is_stop(lines, index):
            continue
        # a numbered membership list ("1. Cllr Jane Smith") is not the agenda
        if looks_like_people(_row_parts(head.rest)[0]) is None:
            return head
    return None


def _scan(
    lines: list[str], first: _Head, gaps: list[tuple[int, int]]
) -> tuple[list[RawItem], int, bool]:
    """Items from ``first`` on, the line where the agenda ended, and whether a marker ended it.

    Markers are a distribution list, the minutes, a blank page or a report's first page.
    Numbering gaps of one that were bridged are appended to ``gaps``.
    """
    items: list[RawItem] = [_new_item(first)]
    exempt_mode = _apply_exempt_title(items[0], False)
    quiet = 0
    row_open = items[0].cells is not None
    skip_until = first.last_line
    for index in range(first.line + 1, len(lines)):
        line = lines[index]
        text = line.strip()
        if index <= skip_until or not text:
            continue
        current = items[-1]
        if _is_stop(lines, index):
            return items, index, True
        head = _item_head(lines, index)
        if head is not None and head.style == first.style:
            opens_item = not head.letter and head.number == current.main + 1
            opens_sub = (
                bool(head.letter) and head.number == current.main and _next_letter(items, head)
            )
            if not (opens_item or opens_sub) and _bridges_gap(lines, head, items, first):
                opens_item = True
                gaps.append((current.main, head.number))
            if opens_item or opens_sub:
                item = _new_item(head, parent=_parent(items) if opens_sub else None)
                exempt_mode = _apply_exempt_title(item, exempt_mode)
                items.append(item)
                quiet, row_open, skip_until = 0, item.cells is not None, head.last_line
                continue
        sub = _sub_item(text, items)
        if sub is not None:
            exempt_mode = _apply_exempt_title(sub, exempt_mode)
            sub.line = index
            items.append(sub)
            quiet, row_open = 0, sub.cells is not None
            continue
        if row_open and line.startswith("\t") and _continues_row(current, line):
            _merge_row(current, split_cells(line)[1:])
            continue
        row_open = False
        current.body.append(line)
        exempt_mode = _apply_exempt_line(current, text, exempt_mode)
        quiet += 1
        if quiet > _MAX_QUIET_LINES:
            return items, index, False
    return items, len(lines), False


def _bridges_gap(lines: list[str], head: _Head, items: list[RawItem], first: _Head) -> bool:
    """Whether a misprinted number one too high ("5, 7") still opens the next item.

    Only when nothing else numbered was printed since the last item (no table rows, no
    numbered paragraphs), the title is set like the others, and the numbering carries on
    from it or the title is one that usually closes an agenda.
    """
    current = items[-1]
    if head.letter or head.number != current.main + 2:
        return False
    if any(_NUMBERED_LINE.match(line.strip(" ")) for line in current.body):
        return False
    title = _row_parts(head.rest)[0] if "\t" in head.rest else collapse_spaces(head.rest)
    if len(title.split()) > 20 or looks_like_people(title) is not None:
        return False
    shouted = [is_heading_like(" ".join(item.title)) for item in items]
    if all(shouted) != is_heading_like(title):
        return False
    if _USUAL_LAST_ITEM.search(title):
        return True
    for index in range(head.last_line + 1, min(len(lines), head.last_line + _GAP_LOOKAHEAD)):
        following = _item_head(lines, index)
        if following is not None and following.style == first.style:
            return following.number == head.number + 1 and not following.letter
    return False


def _continues_row(item: RawItem, line: str) -> bool:
    """Whether a row starting with an empty cell is the rest of ``item``'s table row.

    Page breaks split a table row in two; the second half keeps the column layout. A
    single indented cell is the item's description instead, unless the row above was
    visibly cut short (an unclosed bracket, as in "(Pages 15 -").
    """
    cells = split_cells(line)[1:]
    if sum(1 for cell in cells if cell) >= 2:
        return True
    columns = [*item.title, *(item.cells or [])]
    return any(column.count("(") > column.count(")") for column in columns)


def _new_item(head: _Head, parent: RawItem | None = None) -> RawItem:
    cells: list[str] | None = None
    if "\t" in head.rest:
        title, others = _row_parts(head.rest)
        if any(others):
            cells = others
    else:
        title = collapse_spaces(head.rest)
    number = f"{head.number}{head.letter}"
    item = RawItem(number=number, main=head.number, line=head.line, title=[title], cells=cells)
    if parent is not None:
        parent.letters += 1
    return item


def _row_parts(rest: str) -> tuple[str, list[str]]:
    """A table row's title cell and the cells after it, skipping a leading time slot."""
    row = split_cells(rest)
    while len(row) > 1 and (not row[0] or _TIME_SLOT.match(row[0])):
        row = row[1:]
    return (row[0] if row else ""), row[1:]


def _parent(items: list[RawItem]) -> RawItem:
    for item in reversed(items):
        if item.number == str(item.main):
            return item
    return items[-1]


def _next_letter(items: list[RawItem], head: _Head) -> bool:
    return head.letter == chr(ord("A") + _parent(items).letters)


def _sub_item(text: str, items: list[RawItem]) -> RawItem | None:
    parent = _parent(items)
    decimal = _DECIMAL.match(text)
    if decimal:
        if int(decimal.group("num")) == parent.main and int(decimal.group("minor")) == (
            parent.minors + 1
        ):
            parent.minors += 1
            number = f"{parent.main}.{parent.minors}"
            return RawItem(number=number, main=parent.main, line=0, title=[decimal.group("rest")])
        return None
    letter = _LETTER.match(text)
    if letter and letter.group("letter").upper() == chr(ord("A") + parent.letters):
        rest = letter.group("rest")
        if not _sub_title_ok(rest, items[-1]):
            return None
        parent.letters += 1
        number = f"{parent.main}{letter.group('letter').upper()}"
        row = split_cells(rest)
        cells = row[1:] if len(row) > 1 and any(row[1:]) else None
        return RawItem(number=number, main=parent.main, line=0, title=[row[0]], cells=cells)
    return None


def _sub_title_ok(rest: str, current: RawItem) -> bool:
    """Tell a lettered sub-item from a lettered list inside an item's text."""
    if not any(c.isalpha() for c in rest):
        return False
    if is_heading_like(rest):
        return True
    previous = next((line.strip() for line in reversed(current.body) if line.strip()), "")
    return not rest[:1].islower() and not previous.endswith(":") and not rest.endswith((";", ","))


def _merge_row(item: RawItem, cells: list[str]) -> None:
    """Append a row broken by a page break to the cells of the row above."""
    if not cells:
        return
    columns = [item.title[-1], *(item.cells or [])]
    while len(columns) < len(cells):
        columns.append("")
    for position, cell in enumerate(cells):
        if cell:
            columns[position] = f"{columns[position]} {cell}".strip()
    item.title[-1] = columns[0]
    item.cells = columns[1:]
    item.reassembled = True


def _is_stop(lines: list[str], index: int) -> bool:
    text = collapse_spaces(lines[index])
    if _ALWAYS_STOP.match(text):
        return True
    if _HEADING_STOP.match(text) and (is_heading_like(text) or len(text.split()) <= 4):
        return True
    return is_minutes_heading(lines, index)


def _apply_exempt_title(item: RawItem, exempt_mode: bool) -> bool:
    title = collapse_spaces(" ".join(item.title))
    if _EXEMPT_TITLE_SWITCH.search(title):
        return True
    if _PUBLIC_SWITCH.match(title):
        return False
    marked = bool(_EXEMPT.search(title))
    # "Date of next meeting" printed after the private items is still public business
    item.exempt = marked or (exempt_mode and not _PUBLIC_TITLE.match(title))
    return exempt_mode


def _apply_exempt_line(item: RawItem, text: str, exempt_mode: bool) -> bool:
    if _PUBLIC_SWITCH.match(text) and is_heading_like(text):
        return False
    if not _EXEMPT.search(text):
        return exempt_mode
    if is_heading_like(text) or _EXEMPT_FOLLOWS.search(text):
        return True
    item.exempt = True
    return exempt_mode


def _finish(raw: RawItem, warnings: list[str]) -> AgendaItem:
    title = collapse_spaces(" ".join(raw.title))
    cells = [cell for cell in (raw.cells or []) if cell]
    everything = collapse_spaces(" ".join([title, *cells, *raw.body]))

    pages = None
    page_match = _PAGES.search(everything)
    if page_match:
        first = int(page_match.group("first"))
        last = int(page_match.group("last") or first)
        if last >= first:
            pages = (first, last)
        else:
            warnings.append(f"item {raw.number}: page range {first}-{last} runs backwards")
    title = _PAGES_TAIL.sub("", _PAGES.sub("", title))
    title = collapse_spaces(title).rstrip(" .")

    report = next(
        (
            m.group("number")
            for m in _REPORT_NO.finditer(everything)
            if _has_digit(m.group("number"))
        ),
        None,
    )
    presenter, role = _presenter(raw, cells)
    if presenter is None and role is None:
        presenter, role = _presenter_in_title(title)
    if raw.reassembled:
        warnings.append(f"item {raw.number}: title reassembled across a page break")
    return AgendaItem(
        number=raw.number,
        title=title,
        presenter=presenter,
        presenter_role=role,
        report_number=report,
        pages=pages,
        duration_minutes=_duration(raw, cells),
        purpose=_purpose(raw, cells),
        exempt=raw.exempt,
    )


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def _duration(raw: RawItem, cells: list[str]) -> int | None:
    for text in [*cells, *(line.strip() for line in raw.body)]:
        line = _DURATION_LINE.match(collapse_spaces(text))
        if line:
            minutes = int(line.group("n"))
            return minutes * 60 if line.group("unit").lower().startswith("h") else minutes
    inline = _DURATION_INLINE.search(" ".join([*raw.title, *raw.body]))
    if inline:
        return int(inline.group("n") or inline.group("n2"))
    return None


def _purpose(raw: RawItem, cells: list[str]) -> str | None:
    for cell in cells:
        match = _PURPOSE.search(cell) or _PURPOSE_CELL.match(cell)
        if match:
            return _purpose_word(match)
    for text in (collapse_spaces(line) for line in raw.body):
        match = _PURPOSE.search(text) or _PURPOSE_LINE.match(text)
        if match:
            return _purpose_word(match)
    return None


def _purpose_word(match: re.Match[str]) -> str:
    word = match.group("purpose").lower()
    return "noting" if word == "note" else word


def _presenter(raw: RawItem, cells: list[str]) -> tuple[str | None, str | None]:
    for paragraph in _paragraphs(raw.body):
        for pattern in (_RECEIVE, _BY, _REPORT_OF, _PRESENTER_FIELD):
            match = pattern.search(paragraph)
            if not match:
                continue
            if pattern is _RECEIVE and not _WHAT.search(match.group("what")):
                continue
            found = _split_who(match.group("who"))
            if found != (None, None):
                return found
    for cell in cells:
        if _PAGES.search(cell) or _DURATION_LINE.match(cell) or _PURPOSE_CELL.match(cell):
            continue
        if len(cell) <= 2 or cell.rstrip(")").isdigit() or _NOT_A_PRESENTER.match(cell):
            continue  # "126)", a paper letter "A", "Verbal"
        return _split_who(cell)
    return None, None


def _presenter_in_title(title: str) -> tuple[str | None, str | None]:
    """A presenter named only in the title: "Position Statement by the Chairman"."""
    title = title.rstrip(" .")
    match = _TITLE_BY.search(title) or _TITLE_POSSESSIVE.match(title)
    if not match:
        return None, None
    who = collapse_spaces(match.group("who"))
    if len(who.split()) > 8:
        return None, None
    people = looks_like_people(who)
    if people is not None:
        return people, None
    if _ROLE_WORD.search(who):
        return None, who
    return None, None


def _paragraphs(body: list[str]) -> list[str]:
    """Body lines grouped into sentences' paragraphs.

    A line is joined to the one before only when it visibly continues it (starts in
    lower case, or the line before ends mid-phrase); "For decision" or "(Pages 1 - 4)"
    on their own line stay separate.
    """
    paragraphs: list[str] = []
    for raw in body:
        line = collapse_spaces(raw)
        if not line:
            continue
        if paragraphs and (line[:1].islower() or paragraphs[-1].endswith((",", "-", "–", " and"))):
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
    return paragraphs


def _split_who(text: str) -> tuple[str | None, str | None]:
    who = collapse_spaces(text[:_MAX_WHO])
    stop = _WHO_STOP.search(who)
    if stop:
        who = who[: stop.start()]
    who = _cut_sentence(who).strip(" .,;:-–")
    if not who:
        return None, None
    if who.lower().startswith("the "):
        return None, who[4:]
    name_part, role = who, None
    if "," in who:
        name_part, role = (part.strip() for part in who.split(",", 1))
    elif " from " in who:
        name_part, role = (part.strip() for part in who.split(" from ", 1))
    people = looks_like_people(name_part)
    if people is None and has_honorific(name_part):
        people = clean_name(name_part) or None
    if people is not None:
        return people, (role or None)
    return None, who


def _cut_sentence(text: str) -> str:
    for match in _SENTENCE_END.finditer(text):
        before = text[text.rfind(" ", 0, match.start()) + 1 : match.start()]
        if len(before) == 1 or before.lower() in _ABBREVIATIONS:
            continue
        return text[: match.start()]
    return text
