"""What the previous meeting's minutes record as RESOLVED, minute by minute.

A resolution is the text after a "RESOLVED" line: a lead-in ("That the Board:") and its
lettered parts, read as one paragraph. Its outcomes are the upper-case outcome words the
minutes print ("NOTED", "APPROVED"); minutes that write resolutions in prose ("be noted",
"The Board agrees") have their verbs mapped to the same words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .minutes import MinuteItem, Minutes, minute_of
from .model import Resolution
from .text import BULLET, collapse_spaces

__all__ = [
    "INITIALS_CELL",
    "MAX_MINUTES_LINES",
    "Segment",
    "is_furniture",
    "is_transcript",
    "list_entries",
    "minute_lookup",
    "minute_segments",
    "outcomes_of",
    "read_decisions",
    "read_resolutions",
    "scan_end",
    "segment_number",
    "sentences",
    "strip_action_cell",
]

_RESOLVED = re.compile(
    r"^(?i:it\s+was\s+(?:further\s+|unanimously\s+)?)?(?i:unanimously\s+)?(?:RESOLVED|Resolved)\b"
    r"(?P<after>\s*(?:[:\u2013\u2014,.-]|\(|(?i:that)\b|$).*)$"
)
_PART = re.compile(
    r"^(?P<bullet>[-\u2022*]\s*)?(?P<open>\()?(?P<label>[a-zA-Z]{1,4}|\d{1,2})(?P<close>[.)])\s+"
)
_SEPARATOR = re.compile(r"^[-=_*~ ]*[oO0]+[-=_*~ ]*$|^[-=_*~]{3,}$")
_STOP = re.compile(
    r"^(?:this\s+page\s+is\s+intentionally\s+left\s+blank|agenda\s+item\s+\d)", re.IGNORECASE
)
_CONTINUES = (":", ";", ",", " and", " or", "-", "\u2013")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
          "x": 10, "xi": 11, "xii": 12}  # fmt: skip

# Outcome verbs: base form -> the upper-case word minutes print.
_OUTCOMES = {
    "note": "NOTED", "approve": "APPROVED", "agree": "AGREED", "endorse": "ENDORSED",
    "support": "SUPPORTED", "recommend": "RECOMMENDED", "authorise": "AUTHORISED",
    "authorize": "AUTHORISED", "acknowledge": "ACKNOWLEDGED", "recognise": "RECOGNISED",
    "recognize": "RECOGNISED", "accept": "ACCEPTED", "adopt": "ADOPTED", "ratify": "RATIFIED",
    "delegate": "DELEGATED", "receive": "RECEIVED", "welcome": "WELCOMED",
    "request": "REQUESTED", "confirm": "CONFIRMED", "defer": "DEFERRED", "reject": "REJECTED",
    "refuse": "REFUSED", "appoint": "APPOINTED", "elect": "ELECTED", "amend": "AMENDED",
    "refer": "REFERRED", "commend": "COMMENDED", "thank": "THANKED", "grant": "GRANTED",
    "decline": "DECLINED", "withdraw": "WITHDRAWN", "nominate": "NOMINATED",
}  # fmt: skip
_IRREGULAR = {
    "ratifies": "ratify", "ratified": "ratify", "deferred": "defer", "defers": "defer",
    "referred": "refer", "refers": "refer", "withdrawn": "withdraw", "withdraws": "withdraw",
}  # fmt: skip
_SHOUTED_WORDS = frozenset(_OUTCOMES.values()) | {"CARRIED", "LOST", "CONSIDERED"}
_NOT_OUTCOMES = frozenset({"RESOLVED", "UNITED", "LIMITED", "FUNDED", "BASED"})


def _forms() -> tuple[str, str, str]:
    third: list[str] = []
    past: list[str] = []
    for verb in _OUTCOMES:
        third.append(verb + ("s" if verb.endswith("e") else "es" if verb.endswith("h") else "s"))
        past.append(verb + ("d" if verb.endswith("e") else "ed"))
    third.extend(["ratifies", "defers", "refers", "withdraws"])
    past.extend(["ratified", "deferred", "referred", "withdrawn"])
    third_alt = "|".join(sorted(set(third), key=len, reverse=True))
    past_alt = "|".join(sorted(set(past), key=len, reverse=True))
    return third_alt, past_alt, "|".join(sorted(_OUTCOMES, key=len, reverse=True))


_THIRD, _PAST, _BASE = _forms()
_SUBJECT = (
    r"(?:board|committee|council|panel|cabinet|group|partnership|forum|it|and|also|further|"
    r"formally|retrospectively|unanimously|duly|hereby|that|members|meeting)"
)
# "be noted", "be supported and ... be approved"
_PASSIVE = re.compile(rf"\bbe\s+(?:[a-z]+ly\s+)?(?P<verb>{_PAST})\b", re.IGNORECASE)
# "The Board agrees", "(a) Notes the contents", "and acknowledges", "b) noted the report"
_ACTIVE = re.compile(
    rf"(?:^|[():;]\s*|\b{_SUBJECT}\s+)(?P<verb>{_THIRD}|{_PAST})\b",
    re.IGNORECASE,
)
_SHOUTED = re.compile(r"\b[A-Z]{4,}\b")
_CAPS_WORD = re.compile(r"^[A-Z]{2,}$")

_MAX_RESOLUTIONS = 500
_MAX_PARTS = 60
_MAX_TEXT = 6000


@dataclass(slots=True)
class _Label:
    kind: str
    ordinal: int
    upper: bool


def read_resolutions(lines: list[str], minutes: Minutes) -> tuple[list[Resolution], list[str]]:
    """Every RESOLVED block of the minutes, with its minute number, outcomes and text."""
    resolutions: list[Resolution] = []
    warnings: list[str] = []
    starts = {item.start for item in minutes.items}
    for index in range(minutes.body_start, scan_end(minutes)):
        raw = lines[index]
        if not raw.strip() or len(raw) > 400 or "\t" in raw.strip(" "):
            continue
        match = _RESOLVED.match(collapse_spaces(raw))
        if match is None:
            continue
        if len(resolutions) >= _MAX_RESOLUTIONS:
            warnings.append(f"more than {_MAX_RESOLUTIONS} resolutions; only the first were read")
            break
        text = _block(lines, index, scan_end(minutes), starts, match.group("after"))
        if not text:
            continue
        item = minute_of(minutes, index)
        number = item.number if item is not None else None
        outcomes = outcomes_of(text)
        if not outcomes:
            outcomes = ["AGREED"]
            warnings.append(
                f"minute {number or '?'}: resolution names no outcome; recorded as AGREED"
            )
        resolutions.append(Resolution(item=number, outcomes=outcomes, text=text))
    if not resolutions:
        resolutions = read_decisions(lines, minutes)
    if minutes.end > scan_end(minutes):
        warnings.append(
            f"minutes longer than {MAX_MINUTES_LINES} lines: decisions and actions were read "
            "from the first ones only"
        )
    return resolutions, warnings


def outcomes_of(text: str) -> list[str]:
    """Upper-case outcome words printed in ``text``; failing those, its outcome verbs."""
    text = text[:_MAX_TEXT]
    words = [word.strip(".,;:()[]'\"") for word in text.split()]
    shouted: list[str] = []
    for position, word in enumerate(words):
        if not _SHOUTED.fullmatch(word) or word in _NOT_OUTCOMES:
            continue
        if word not in _SHOUTED_WORDS and not word.endswith("ED"):
            continue
        if _in_capitals(words, position):
            continue  # part of a heading printed in capitals, not an outcome word
        shouted.append(word)
    if shouted:
        return _unique(shouted)
    found: list[tuple[int, str]] = []
    for pattern in (_PASSIVE, _ACTIVE):
        for match in pattern.finditer(text):
            verb = match.group("verb").lower()
            found.append((match.start("verb"), _OUTCOMES[_base(verb)]))
    found.sort()
    return _unique([outcome for _, outcome in found])


def _in_capitals(words: list[str], position: int) -> bool:
    for neighbour in (position - 1, position + 1):
        if 0 <= neighbour < len(words):
            word = words[neighbour]
            if _CAPS_WORD.match(word) and len(word) > 4 and word not in _SHOUTED_WORDS:
                return True
    return False


def _base(verb: str) -> str:
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    for suffix in ("es", "s", "ed", "d"):
        stem = verb[: -len(suffix)]
        if verb.endswith(suffix) and stem in _OUTCOMES:
            return stem
        if verb.endswith(suffix) and stem + "e" in _OUTCOMES:
            return stem + "e"
    return verb


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _block(lines: list[str], index: int, end: int, starts: set[int], after: str) -> str:
    """The resolution's text: its lead-in and lettered parts, until the minutes move on."""
    pieces: list[str] = []
    first = collapse_spaces(after.lstrip(" :\u2013\u2014,.-"))
    if first:
        pieces.append(first)
    labels: list[_Label] = []
    for position in range(index + 1, min(end, index + 1 + _MAX_PARTS * 4)):
        if position in starts:
            break
        raw = lines[position]
        if not raw.strip():
            continue
        text = collapse_spaces(raw)
        if (
            "\t" in raw.strip(" ")
            or len(raw) > _MAX_TEXT
            or _SEPARATOR.match(text)
            or _STOP.match(text)
            or _RESOLVED.match(text)
        ):
            break
        part = _PART.match(text)
        readings = _readings(part) if part else []
        if readings and part is not None:
            label = _next_label(labels, readings)
            if label is None and pieces and not pieces[-1].endswith(_CONTINUES):
                break
            labels.append(label or readings[0])
            text = text[part.end("bullet") if part.group("bullet") else 0 :]
        elif pieces and not (pieces[-1].endswith(_CONTINUES) or text[:1].islower()):
            break
        pieces.append(text)
        if len(pieces) >= _MAX_PARTS:
            break
    return collapse_spaces(" ".join(pieces))[:_MAX_TEXT]


def _readings(part: re.Match[str]) -> list[_Label]:
    """What a part's label can be: "b" a letter, "ii" a roman numeral, "v" either."""
    text = part.group("label")
    if text.isdigit():
        return [_Label("number", int(text), False)]
    lower, upper = text.lower(), text.isupper()
    readings: list[_Label] = []
    if lower in _ROMAN:
        readings.append(_Label("roman", _ROMAN[lower], upper))
    if len(text) == 1:
        readings.append(_Label("letter", ord(lower) - ord("a") + 1, upper))
    return readings


def _next_label(labels: list[_Label], readings: list[_Label]) -> _Label | None:
    """The reading that continues the parts so far, else one that starts a (nested) list."""
    for reading in readings:
        same_kind = [label for label in labels if label.kind == reading.kind]
        if same_kind:
            last = same_kind[-1]
            if reading.ordinal == last.ordinal + 1 and reading.upper == last.upper:
                return reading
    kinds = {label.kind for label in labels}
    return next((r for r in readings if r.kind not in kinds and r.ordinal == 1), None)


# --- minutes without RESOLVED -------------------------------------------------------------
#
# Most minutes outside English principal councils never print RESOLVED. Their decisions are,
# in order of how explicitly the minute-taker records them: a closing "Decisions" list (NHS
# and standards boards), US motion blocks ("RESULT: APPROVED [UNANIMOUS]" / "MOTION BY:" /
# "SECOND:"), markdown headings that state the decision ("Grants approved" over a list), and
# sentences ("it was agreed", "Approved & signed as correct", "Cllr A proposed and Cllr B
# seconded"). The first of these that a document uses is read; prose is the last resort.

_NUMBERED_LINE = re.compile(r"^(?P<number>\d{1,3})[.)]?(?:\t|\s{2,}|(?<=[.)])\s)\s*(?=\S)")
_LETTER_LABEL = re.compile(r"^\((?P<letter>[a-z])\)\s*")
# Page furniture inside minutes: page numbers and running headers ("Page 2 of 3").
_FURNITURE = re.compile(r"^(?:page\s+)?\d{1,3}$|\bpage\s+\d{1,3}\s+of\s+\d{1,3}\b", re.IGNORECASE)
# The action column of two-column community-council minutes: "KC", "KC/GD/IK", "AWa".
INITIALS_CELL = re.compile(r"^[A-Z]{1,3}[a-z]?(?:\s*[/,&+]\s*[A-Z]{1,3}[a-z]?){0,5}$")
_TRAILING_CELL = re.compile(r"\t+(?P<cell>[^\t]*)$")
# Sentence ends: not after a title, an initial or a common abbreviation ("Ch. No. 3", "S. Evans").
_SENTENCE_END = re.compile(r"(?<=[.!])\s+(?=[\"'\u201c(]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:mr|mrs|ms|dr|cllr|cllrs|st|no|nos|ch|co|ltd|inc|vs|etc|approx|ref|cf|e\.g|i\.e|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|[a-z]))\.$",
    re.IGNORECASE,
)
# A closing list of decisions (the minute-taker's own summary).
_DECISIONS_HEADING = re.compile(
    r"^(?:#+\s*)?(?:(?:key|summary\s+of|record\s+of)\s+)?decisions(?:\s+(?:made|taken|agreed|"
    r"log))?\s*:?$",
    re.IGNORECASE,
)
# US motion blocks: "RESULT: APPROVED AS AMENDED [UNANIMOUS]" then MOTION BY / SECOND / AYES.
_RESULT = re.compile(
    r"^(?:RESULT|OUTCOME|DISPOSITION|FINAL\s+ACTION|VOTE\s+RESULT)\s*:\s*"
    r"(?P<outcome>[A-Za-z][A-Za-z ,/&-]{1,60}?)\s*(?:\[[^\]]{0,40}\]|\([^)]{0,40}\))?\s*$"
)
_VOTE_LINE = re.compile(
    r"^(?:MOVER|MOTION\s+BY|MOVED\s+BY|SECOND(?:ER|ED\s+BY)?|AYES?|NAYS?|NOES|ABSTAIN(?:ED|S)?|"
    r"ABSENT|RECUSED|EXCUSED|YES|NO)\s*:",
    re.IGNORECASE,
)
_MOTION_WORDS = re.compile(r"\b(?:motion|moved|seconded)\b", re.IGNORECASE)
_SUB_NUMBER = re.compile(r"^[ \t]+(?P<number>\d{1,2})[.)]\s+\S")
_DOTTED_NUMBER = re.compile(r"^(?P<number>\d{1,3}\.\d{1,2})\.?\s+\S")
# A heading that states the decision, over the list it decided ("Grants approved").
_DECISION_HEADING = re.compile(
    r"^(?:#+\s*)?(?P<subject>[A-Z][\w' -]{1,60}?)\s+(?P<word>approved|agreed|adopted|ratified|"
    r"accepted|carried|endorsed|elected|appointed)\s*:?$"
)
# Decision words in prose, and what each records.
_DECISION_WORD = re.compile(
    r"\b(?P<word>approved|approve|agreed|adopted|carried|ratified|endorsed|accepted|supports?|"
    r"supported|resolved|declared(?:\s+elected)?|noted)\b|"
    r"\bunanimous(?:ly)?\s+(?P<noun>adoption|approval|agreement)\b",
    re.IGNORECASE,
)
_WORD_OUTCOME = {
    "approved": "APPROVED", "approve": "APPROVED", "approval": "APPROVED", "agreed": "AGREED",
    "agreement": "AGREED", "adopted": "ADOPTED", "adoption": "ADOPTED", "carried": "CARRIED",
    "ratified": "RATIFIED", "endorsed": "ENDORSED", "accepted": "ACCEPTED",
    "support": "SUPPORTED", "supports": "SUPPORTED", "supported": "SUPPORTED",
    "resolved": "RESOLVED", "elected": "ELECTED", "appointed": "APPOINTED",
    "declared": "DECLARED", "declared elected": "DECLARED ELECTED", "noted": "NOTED",
}  # fmt: skip
# Words a body decides with only when the body is the subject ("The Council do support").
_COLLECTIVE_ONLY = frozenset({"approve", "support", "supports", "supported", "accepted"})
_COLLECTIVE = re.compile(
    r"\b(?:council|board|committee|commission|members|meeting|panel|trustees|group)\s+"
    r"(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
# Not (yet) a decision: "to be approved", "would not support", "if they are approved".
_NOT_DECIDED = re.compile(
    r"(?:\b(?:to|will|would|should|must|may|might|could|can|shall|not|if|once|until|unless|"
    r"whether|when)\s+(?:\w+\s+){0,2}$)",
    re.IGNORECASE,
)
# A person as the subject: an undertaking ("Cllr Hayward agreed to ..."), not a decision.
_PERSON_SUBJECT = re.compile(
    r"(?i:\b(?:cllrs?|councillors?|mr|mrs|ms|dr|he|she|they|we|chair(?:man|woman|person)?|"
    r"secretary|treasurer|clerk|president|director)\b)|\bI\b|\b[A-Z]{2,3}[a-z]?\b"
)
# "Greg Burns from Maslows' agreed that ...": a person named in full opens the clause.
_NAMED_SUBJECT = re.compile(
    r"^\s*(?!(?:The|It|This|That|These|All|A|An|Our|Its)\b)[A-Z][a-z'\u2019]+(?:\s+[A-Z][a-z'\u2019]+)+\b"
)
_PROPOSER = re.compile(
    r"\bproposed\b[^.]{0,200}?\bseconded\b|\bseconded\s+by\b|\bmoved\b[^.]{0,200}?\bseconded\b",
    re.IGNORECASE,
)
_PROPOSER_WORDS = 60
_MOTION_ONLY = ["PROPOSED", "SECONDED"]
_SECONDED_OUTCOME = re.compile(
    r"\bseconded\s+(?:the\s+)?(?P<noun>approval|adoption|acceptance)\b", re.IGNORECASE
)
# "The Scheme's continuation was noted" (a decision to note), not "It was noted that ...".
_NOTED = re.compile(r"^(?!\s*(?:it|no|nothing|none)\b)\s*\S.*\b(?:was|were)\s+$", re.IGNORECASE)
_NOTED_THAT = re.compile(r"\s+that\b", re.IGNORECASE)
_CARRIED_ON = re.compile(r"\s+(?:forwards?|over|out)\b", re.IGNORECASE)
# "Treasurer: It was agreed to ...", "Area Partnership Substitute: Greg Easton": one entry each.
_KEY_VALUE = re.compile(r"^[A-Z][A-Za-z'\u2019 ]{1,40}:\s+\S")
# A speaker's turn in a transcript: "Adams: ", "Moore-Love: " after a sentence ends.
_SPEAKER_TURN = re.compile(r"(?:^|[.?!\]]\s)\s*[A-Z][a-z]+(?:[- ][A-Z][a-z]+)?:\s")
_SPEAKER_TURNS = 2
# US council minutes that print a disposition after each numbered item: "*43 Authorize a
# grant ... (Ordinance) (Y-5) 184350"; a letter marks a substitute or amended item ("S-56").
_DISPOSITION_ITEM = re.compile(
    r"(?:^|(?<=\s))(?P<mark>(?:\*|[A-Z]-)?(?P<number>\d{1,4}))\s+(?=[A-Z][a-z])"
)
# US council minutes: the item's type in brackets ends its title ("(Ordinance)", "(Report)").
_TYPE_TAG = re.compile(
    r"\s\((?=(?:Communication|Report|Ordinance|Emergency|Resolution|Second\s+Reading|Previous\s+"
    r"Agenda|Motion|Appointment)\b)"
)
# US council roll-call tallies: "(Y-5)", "(Y-4, N-1)", "(5-0)", "(4-1-1)", "Ayes 4, Noes 1".
_TALLY = re.compile(
    r"\((?:[YN]-\d{1,2}(?:,\s*[YN]-\d{1,2}){0,3}|\d{1,2}-\d{1,2}(?:-\d{1,2}){0,2})\)|"
    r"\b(?:Ayes|AYES|Yeas|YEAS)\s*:?\s*\d{1,2}\s*[,;]?\s*(?:Noes|NOES|Nays|NAYS)\s*:?\s*\d{1,2}\b"
)
_CAPITALS = re.compile(r"\b(?:[A-Z]{2,}|A)(?:[ -]+(?:[A-Z]{2,}|A)\b){0,12}")
_DISPOSITION_VERB = re.compile(
    r"\b(?:ADOPTED|PASSED|CONFIRMED|PLACED|REFERRED|ACCEPTED|APPROVED|DENIED|FAILED|CONTINUED|"
    r"TABLED|WITHDRAWN|RETURNED|FILED|CARRIED|LOST|DEFEATED|POSTPONED|DEFERRED|REJECTED)\b"
)
# US council dispositions in capitals: [one qualifier] verb [complement], e.g. "PLACED ON FILE",
# "ACCEPTED AS AMENDED", "SUBSTITUTE PASSED TO SECOND READING", "REFERRED TO COMMISSIONER OF
# ...". Capitals after a complete phrase ("PLACED ON FILE CONSENT AGENDA") are a heading.
_DISPOSITION_PHRASE = re.compile(
    rf"(?:^[A-Z]{{2,}}[ -]+)?{_DISPOSITION_VERB.pattern}"
    r"(?:\s+(?:AS\s+AMENDED|UNANIMOUSLY|ON\s+(?:THE\s+)?[A-Z]{2,}|(?:TO|FOR|UNTIL)(?:\s+(?:[A-Z]{2,}|A\b))*))?"
)
# A disposition's date is not part of it ("PASSED TO SECOND READING JANUARY 19, 2011").
_CAPITAL_MONTH = re.compile(
    r"\s(?=(?:JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|"
    r"DECEMBER)\b)"
)
_DANGLING = re.compile(r"(?:\s+(?:TO|FOR|UNTIL|ON|AS|OF|THE|AND|A))+$")
_MIN_DISPOSITIONS = 3
_MAX_DISPOSITION_TEXT = 200_000
_MAX_DISPOSITION_TITLE = 2000
_CLAUSE_BREAK = re.compile(r"[,;:]\s+|\s[-\u2013\u2014]\s|\?\s+")
_MAX_SEGMENT = 6000
MAX_MINUTES_LINES = 5000
_LOOK_BACK = 60
_HEADING_CHARS = 80
_CLAUSE_CHARS = 300
_MAX_LIST_ENTRIES = 80


@dataclass(slots=True)
class Segment:
    """A paragraph or bullet of the minutes' body, with the line it starts on."""

    line: int
    text: str
    bullet: bool = False
    label: str | None = None
    """The letter of a lettered paragraph ("(b) Change of site address ...")."""
    end: int = -1
    """The last line of the paragraph."""


def scan_end(minutes: Minutes) -> int:
    """Where reading the minutes' decisions and actions stops: their end, or a bound that no
    real set of minutes reaches (a 2 MB text must still read in well under two seconds)."""
    return min(minutes.end, minutes.body_start + MAX_MINUTES_LINES)


def minute_lookup(minutes: Minutes) -> Callable[[int], MinuteItem | None]:
    """:func:`minute_of` for many lines at once: each line's minute, found in constant time."""
    owner: dict[int, MinuteItem] = {}
    end = scan_end(minutes)
    for item in minutes.items:  # sub-items follow their parent, so they overwrite it
        for index in range(item.start, min(item.end, end)):
            owner[index] = item
    return owner.get


def is_transcript(text: str) -> bool:
    """Whether a paragraph is a verbatim transcript ("Adams: Aye. Fish: Aye."), as US councils
    append to their minutes: what is said there is not what the minutes record."""
    return len(_SPEAKER_TURN.findall(text[:_MAX_SEGMENT])) >= _SPEAKER_TURNS


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences; abbreviations and initials do not end one."""
    text = text[:_MAX_SEGMENT]
    found: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        piece = text[start : match.start()]
        if _ABBREVIATION.search(piece[-8:]):
            continue
        found.append(piece.strip())
        start = match.end()
    last = text[start:].strip()
    if last:
        found.append(last)
    return [piece for piece in found if piece]


def strip_action_cell(raw: str) -> tuple[str, str | None]:
    """A body line without its action-column cell ("...the village.\\tCC"), and the cell."""
    match = _TRAILING_CELL.search(raw.rstrip())
    if match is not None and raw.strip(" \t") != match.group("cell").strip():
        cell = collapse_spaces(match.group("cell"))
        if INITIALS_CELL.match(cell):
            return raw[: match.start()], cell
    return raw, None


def is_furniture(text: str) -> bool:
    """A page number or running header left in the text of a PDF."""
    return len(text) < 120 and bool(_FURNITURE.search(text))


def minute_segments(
    lines: list[str], minutes: Minutes, skip: frozenset[int] = frozenset()
) -> list[Segment]:
    """The body of the minutes as paragraphs and bullets (line wraps and page breaks joined),
    each minute's number and title left out (the text after "Title:" kept); lines in
    ``skip`` (headings already read) start a new paragraph and are left out."""
    starts = {item.start: item for item in minutes.items}
    segments: list[Segment] = []
    current: Segment | None = None
    gap = in_vote = False
    for index in range(minutes.body_start, scan_end(minutes)):
        if index in skip:
            current, gap = None, False
            continue
        raw, _ = strip_action_cell(lines[index]) if len(lines[index]) < _MAX_SEGMENT else ("", None)
        text = collapse_spaces(raw)
        if not text:
            gap = True
            continue
        if _VOTE_LINE.match(text):
            in_vote = True  # "AYES: Commissioners Davis," and the names wrapped under it
            continue
        if in_vote and (raw[:1] in " \t" or text[:1].islower()):
            continue
        in_vote = False
        if is_furniture(text) or INITIALS_CELL.match(text):
            continue
        if gap and not text[:1].islower():
            current = None  # a blank line ends a paragraph, unless a page break split it
        gap = False
        bullet, label = False, None
        if index in starts:
            text = _minute_body(text, starts[index].title)
            current = None
            if not text:
                continue
        elif BULLET.match(text):
            text, bullet = BULLET.sub("", text, count=1), True
        elif (lettered := _LETTER_LABEL.match(text)) is not None:
            text, label = text[lettered.end() :], lettered.group("letter")
            current = None
        if (
            bullet
            or current is None
            or (current.text.endswith(".") and text[:1].isupper() and not current.bullet)
            or _KEY_VALUE.match(text) is not None
        ):
            inherited = current.label if current is not None and index not in starts else None
            current = Segment(index, text, bullet, label or inherited, index)
            segments.append(current)
        else:
            current.text = f"{current.text} {text}"[:_MAX_SEGMENT]
            current.end = index
    return segments


def _minute_body(text: str, title: str) -> str:
    """What follows a minute's number and title on its first line ("Title: body")."""
    text = re.sub(r"^\S+\s+", "", text, count=1)
    head, colon, body = text.partition(":")
    if colon and len(head) <= 120:
        return body.strip(" -\u2013")
    return ""


def read_decisions(lines: list[str], minutes: Minutes) -> list[Resolution]:
    """Decisions of minutes that print no RESOLVED, read from the most explicit record."""
    for reader in (_decision_list, _motion_results):
        found = reader(lines, minutes)
        if found:
            return found
    # dispositions and prose together: a council's consent-agenda sentence sits before them
    return _decision_prose(lines, minutes) + _dispositions(lines, minutes)


def _decision_list(lines: list[str], minutes: Minutes) -> list[Resolution]:
    """A closing "Decisions" list: each bullet or numbered entry one decision."""
    found: list[Resolution] = []
    for index in range(minutes.body_start, scan_end(minutes)):
        if len(lines[index]) < 60 and _DECISIONS_HEADING.match(collapse_spaces(lines[index])):
            for _, text in list_entries(lines, index + 1, scan_end(minutes)):
                outcomes = _prose_outcomes(text) or outcomes_of(text) or ["AGREED"]
                found.append(Resolution(item=None, outcomes=outcomes[:1], text=text))
            if len(found) >= _MAX_RESOLUTIONS:
                break
    return found


def list_entries(lines: list[str], begin: int, end: int) -> list[tuple[str | None, str]]:
    """The bullets or numbered entries that follow a heading, each joined across its lines,
    with the number printed before it (None for a bullet)."""
    entries: list[tuple[str | None, str]] = []
    for index in range(begin, min(end, begin + _MAX_LIST_ENTRIES * 3)):
        text = collapse_spaces(lines[index])
        if not text or is_furniture(text):
            continue
        raw = lines[index].strip()
        bullet = BULLET.match(text)
        numbered = None if bullet else _NUMBERED_LINE.match(raw)
        if bullet is not None:
            entries.append((None, text[bullet.end() :]))
        elif numbered is not None:
            entries.append((numbered.group("number"), collapse_spaces(raw[numbered.end() :])))
        elif entries and text[:1].islower():
            entries[-1] = (entries[-1][0], f"{entries[-1][1]} {text}")
        else:
            break
        if len(entries) >= _MAX_LIST_ENTRIES:
            break
    return entries


def _motion_results(lines: list[str], minutes: Minutes) -> list[Resolution]:
    """US motion blocks: the RESULT line's outcome, the motion sentence (else what was
    decided: the lines since the last block, else the item's title)."""
    found: list[Resolution] = []
    lookup = minute_lookup(minutes)
    previous_end = minutes.body_start
    previous_sub: tuple[str, str | None] | None = None
    for index in range(minutes.body_start, scan_end(minutes)):
        raw = lines[index]
        match = _RESULT.match(collapse_spaces(raw)) if len(raw) < 200 else None
        if match is None:
            continue
        item = lookup(index)
        begin = max(previous_end, item.start + 1 if item is not None else minutes.body_start)
        begin = max(begin, index - _LOOK_BACK)
        subs = [
            position
            for position in range(max(item.start + 1 if item else begin, index - _LOOK_BACK), index)
            if _SUB_NUMBER.match(lines[position]) or _DOTTED_NUMBER.match(lines[position].strip())
        ]
        recent = [position for position in subs if position >= begin]
        number = item.number if item is not None else None
        if len(recent) == 1 or (not recent and len(subs) == 1):
            sub = (recent or subs)[0]
            dotted = _DOTTED_NUMBER.match(lines[sub].strip())
            sub_number = _SUB_NUMBER.match(lines[sub])
            if dotted is not None:
                number = dotted.group("number")
            elif sub_number is not None and number is not None:
                number = f"{number}.{sub_number.group('number')}"
        elif not recent and previous_sub is not None and previous_sub[0] == (number or ""):
            number = previous_sub[1]
        previous_sub = (item.number if item else "", number)
        text = _motion_text(lines, begin, index, item.title if item is not None else "")
        outcome = collapse_spaces(match.group("outcome")).upper()
        found.append(Resolution(item=number, outcomes=[outcome], text=text))
        if len(found) >= _MAX_RESOLUTIONS:
            break
        previous_end = index + 1
        while previous_end < scan_end(minutes) and (
            _VOTE_LINE.match(lines[previous_end].strip()) or not lines[previous_end].strip()
        ):
            previous_end += 1
    return found


def _motion_text(lines: list[str], begin: int, end: int, title: str) -> str:
    body: list[str] = []
    for raw in lines[begin:end]:
        text = collapse_spaces(raw)
        if not text or is_furniture(text) or _VOTE_LINE.match(text):
            continue
        number = _NUMBERED_LINE.match(raw.strip())
        body.append(collapse_spaces(raw.strip()[number.end() :]) if number else text)
    for position, text in enumerate(body):
        if _MOTION_WORDS.search(text):
            return collapse_spaces(" ".join(body[position:]))[:_MAX_TEXT]
    if body:
        return collapse_spaces(" ".join(body))[:_MAX_TEXT]
    # a title printed in capitals reads as a sentence ("Approval of the agenda")
    return title[:1].upper() + title[1:].lower() if title.isupper() else title


def _is_listing(sentence: str) -> bool:
    return len(_DISPOSITION_ITEM.findall(sentence[:_MAX_TEXT])) >= _MIN_DISPOSITIONS


def _dispositions(lines: list[str], minutes: Minutes) -> list[Resolution]:
    """US city-council minutes that print each numbered item's title, then its disposition:
    a roll-call tally "(Y-5)" and/or words in capitals ("PLACED ON FILE", "REFERRED TO ...")."""
    end = scan_end(minutes)
    text = " ".join(
        collapse_spaces(lines[index])
        for index in range(minutes.body_start, end)
        if len(lines[index]) < _MAX_DISPOSITION_TEXT
    )[:_MAX_DISPOSITION_TEXT]
    chain: list[re.Match[str]] = []
    for match in _DISPOSITION_ITEM.finditer(text):
        number = int(match.group("number"))
        if chain and number == int(chain[-1].group("number")) + 1:
            chain.append(match)
        elif not chain or len(chain) < _MIN_DISPOSITIONS:
            chain = [match]  # (re)start: numbering runs on, one item after another
        if len(chain) >= _MAX_RESOLUTIONS:
            break
    if len(chain) < _MIN_DISPOSITIONS:
        return []
    found: list[Resolution] = []
    for position, match in enumerate(chain):
        stop = chain[position + 1].start() if position + 1 < len(chain) else len(text)
        body = text[match.end("mark") : stop]
        tag = _TYPE_TAG.search(body)
        cut = tag.start() if tag is not None else _disposition_start(body)
        outcomes = _disposition_words(body[cut:])
        if outcomes:
            found.append(Resolution(match.group("number"), outcomes, body[:cut].strip()))
    return found if len(found) >= _MIN_DISPOSITIONS else []


def _disposition_start(body: str) -> int:
    """Where an item's title ends when no type tag closes it: its first tally or disposition."""
    starts = [len(body)]
    head = body[:_MAX_DISPOSITION_TITLE]
    tally = _TALLY.search(head)
    if tally is not None:
        starts.append(tally.start())
        head = head[: tally.start()]
    for run in _CAPITALS.finditer(head):
        if _DISPOSITION_VERB.search(run.group(0)):
            starts.append(run.start())
            break
    return min(starts)


def _disposition_words(text: str) -> list[str]:
    """The tallies and disposition phrases printed after an item, up to the next heading (two
    or more words in capitals that decide nothing: "REGULAR AGENDA", a signatory's name)."""
    phrases: list[str] = []
    limit = len(text)
    for run in _CAPITALS.finditer(text):
        found = _DISPOSITION_PHRASE.search(run.group(0))
        if found is None:
            if len(run.group(0).split()) >= 2:
                limit = run.start()
                break
            continue
        phrase = _CAPITAL_MONTH.split(found.group(0), maxsplit=1)[0]
        phrases.append(_DANGLING.sub("", phrase).strip())
    tallies = [tally.group(0) for tally in _TALLY.finditer(text[:limit])]
    return list(dict.fromkeys(tallies + phrases))


def _decision_prose(lines: list[str], minutes: Minutes) -> list[Resolution]:
    """Decision headings over lists, and decision sentences, minute by minute."""
    found: list[Resolution] = []
    lookup = minute_lookup(minutes)
    headings: set[int] = set()
    for index in range(minutes.body_start, scan_end(minutes)):
        text = collapse_spaces(lines[index]) if len(lines[index]) < _HEADING_CHARS else ""
        heading = _DECISION_HEADING.match(text) if len(text) < _HEADING_CHARS else None
        if heading is not None:
            entries = [entry for _, entry in list_entries(lines, index + 1, scan_end(minutes))]
            if entries:
                outcome = _WORD_OUTCOME[heading.group("word").lower()]
                joined = f"{text.rstrip(':')}: {', '.join(entries)}"
                found.append(Resolution(_item_number(lookup, index), [outcome], joined))
                headings.add(index)
                if len(found) >= _MAX_RESOLUTIONS:
                    return found
    consumed = -1
    end = scan_end(minutes)
    for segment in minute_segments(lines, minutes, frozenset(headings)):
        if len(found) >= _MAX_RESOLUTIONS:
            break
        if segment.line <= consumed or is_transcript(segment.text):
            continue  # a list a decision introduced ("were agreed:"), or a verbatim transcript
        pieces = sentences(segment.text)
        taken: Resolution | None = None
        listing = [_is_listing(piece) for piece in pieces]
        for position, sentence in enumerate(pieces):
            if listing[position] or (position > 0 and listing[position - 1]):
                taken = None
                continue  # numbered items with their dispositions (and motions), read below
            if len(sentence.split()) <= _PROPOSER_WORDS and _PROPOSER.search(sentence):
                outcomes = _seconded_outcome(sentence)
                if taken is not None and position > 0 and taken.text.endswith(pieces[position - 1]):
                    taken.text = f"{taken.text} {sentence}"  # "Proposed by RW and seconded by PP."
                    continue
                before = pieces[position - 1] if position > 0 else ""
                text = f"{before} {sentence}".strip()
                taken = Resolution(
                    _item_number(lookup, segment.line, segment.label),
                    outcomes or list(_MOTION_ONLY),
                    text,
                )
                found.append(taken)
                continue
            outcomes = _prose_outcomes(sentence)
            if outcomes and taken is not None and taken.outcomes == _MOTION_ONLY:
                # "Perez moved and Ramirez seconded ... MOTION CARRIED": the motion's outcome
                taken.outcomes, taken.text = outcomes[:1], f"{taken.text} {sentence}"
            elif outcomes:
                text = sentence
                if sentence.endswith(":") and position == len(pieces) - 1:
                    # "The following representatives were agreed:" and the list under it
                    listed, consumed = _introduced_list(lines, segment.end + 1, end)
                    text = f"{sentence} {listed}".strip()
                taken = Resolution(
                    _item_number(lookup, segment.line, segment.label), outcomes[:1], text
                )
                found.append(taken)
            else:
                taken = None
    return found


def _introduced_list(lines: list[str], begin: int, end: int) -> tuple[str, int]:
    """The lines a sentence ending in ":" introduces, to the next blank line, and the last."""
    entries: list[str] = []
    index = begin
    while index < min(end, begin + _MAX_LIST_ENTRIES):
        text = collapse_spaces(lines[index]) if len(lines[index]) < _MAX_SEGMENT else ""
        if not text:
            break
        entries.append(BULLET.sub("", text, count=1).rstrip("."))
        index += 1
    keyed = any(_KEY_VALUE.match(entry) for entry in entries)
    return (". " if keyed else ", ").join(entries), index - 1


def _item_number(
    lookup: Callable[[int], MinuteItem | None], index: int, label: str | None = None
) -> str | None:
    item = lookup(index)
    return segment_number(item.number, label) if item is not None else None


def segment_number(number: str, label: str | None) -> str:
    """A minute's number with the letter of a lettered paragraph in it ("3782" + "b")."""
    return f"{number}{label}" if label and not number[-1:].isalpha() else number


def _seconded_outcome(sentence: str) -> list[str]:
    noun = _SECONDED_OUTCOME.search(sentence)
    if noun is not None:
        return (
            [_WORD_OUTCOME[noun.group("noun").lower()]]
            if noun.group("noun").lower() in _WORD_OUTCOME
            else ["APPROVED"]
        )
    return _prose_outcomes(sentence)[:1]


def _prose_outcomes(sentence: str) -> list[str]:
    """The decision word of a sentence that records one, as an upper-case outcome."""
    for match in _DECISION_WORD.finditer(sentence[:_MAX_TEXT]):
        noun = match.group("noun")
        if noun is not None:
            return [_WORD_OUTCOME[noun.lower()]]
        word = collapse_spaces(match.group("word").lower())
        if word == "carried" and _CARRIED_ON.match(sentence, match.end()):
            continue  # "carried forward": an action's status, not a vote
        clause = _CLAUSE_BREAK.split(
            sentence[max(0, match.start() - _CLAUSE_CHARS) : match.start()]
        )[-1]
        if _NOT_DECIDED.search(clause):
            continue
        if word in _COLLECTIVE_ONLY and not _COLLECTIVE.search(clause):
            continue
        if word == "resolved" and not re.search(r"\bwas\s+$|^\s*$", clause):
            continue  # "to have these resolved": a problem solved, not a resolution
        if (word == "noted" and not _NOTED.search(clause)) or _NOTED_THAT.match(
            sentence, match.end()
        ):
            continue  # "It was noted that ...", "Noted that": a report; "X was noted" records it
        collective = _COLLECTIVE.search(clause) is not None
        if not collective and (_PERSON_SUBJECT.search(clause) or _NAMED_SUBJECT.match(clause)):
            continue  # "Cllr Hayward agreed to ...": an undertaking (an action), not a decision
        return [_WORD_OUTCOME[word]]
    return []
