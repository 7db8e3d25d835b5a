"""What the previous meeting's minutes record as RESOLVED, minute by minute.

A resolution is the text after a "RESOLVED" line: a lead-in ("That the Board:") and its
lettered parts, read as one paragraph. Its outcomes are the upper-case outcome words the
minutes print ("NOTED", "APPROVED"); minutes that write resolutions in prose ("be noted",
"The Board agrees") have their verbs mapped to the same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .minutes import Minutes, minute_of
from .model import Resolution
from .text import collapse_spaces

__all__ = ["read_resolutions"]

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
    for index in range(minutes.body_start, minutes.end):
        raw = lines[index]
        if not raw.strip() or len(raw) > 400 or "\t" in raw.strip(" "):
            continue
        match = _RESOLVED.match(collapse_spaces(raw))
        if match is None:
            continue
        if len(resolutions) >= _MAX_RESOLUTIONS:
            warnings.append(f"more than {_MAX_RESOLUTIONS} resolutions; only the first were read")
            break
        text = _block(lines, index, minutes.end, starts, match.group("after"))
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
