"""Which board meets (the body) and which organisation publishes the pack."""

from __future__ import annotations

import re
from collections import Counter

from .text import collapse_spaces

__all__ = ["find_organisation", "qualify_body", "tidy_body_name"]

_COUNCIL_KINDS = r"(?:County|City|Borough|District|Metropolitan\s+Borough|Town|Parish|Unitary)"
_NAME_WORD = r"[A-Z][A-Za-z'\u2019&.-]*"
_COUNCIL_LINE = re.compile(
    rf"^(?:The\s+)?(?P<name>(?:{_NAME_WORD}(?:\s+(?:and|upon|on|in|of|the)\b)?\s+){{1,5}}"
    rf"(?:{_COUNCIL_KINDS}\s+)?Council|(?:London|Royal)\s+Borough\s+of(?:\s+{_NAME_WORD}){{1,4}}"
    rf"|City\s+of(?:\s+{_NAME_WORD}){{1,3}}\s+Council)$"
)
_COUNCIL_MENTION = re.compile(
    rf"\b(?P<name>(?:{_NAME_WORD}\s+){{1,3}}(?:{_COUNCIL_KINDS}\s+)?Council|"
    rf"(?:London|Royal)\s+Borough\s+of(?:\s+{_NAME_WORD}){{1,3}})\b"
)
_GENERIC_COUNCIL_WORDS = frozenset(
    {"the", "this", "that", "full", "county", "city", "borough", "district", "town", "parish",
     "our", "each", "a", "any", "special", "annual", "extraordinary", "youth", "school"}
)  # fmt: skip
# NHS letterheads: "NHS Somerset Integrated Care Board", "Leicestershire Partnership NHS
# Trust", "NHS England".
_NHS_KINDS = (
    r"(?:NHS\s+(?:Foundation\s+)?Trust|Integrated\s+Care\s+Board|Clinical\s+Commissioning\s+Group|"
    r"Health\s+Board|Primary\s+Care\s+Trust|Commissioning\s+Support\s+Unit|Ambulance\s+Service|"
    r"Health\s+and\s+Care\s+Partnership|Integrated\s+Care\s+System)"
)
_NHS_LINE = re.compile(
    rf"^(?:The\s+)?(?P<name>NHS(?:\s+{_NAME_WORD}(?:,|\s+and\b|\s+of\b)?){{1,8}}|"
    rf"(?:{_NAME_WORD}(?:,|\s+and\b|\s+of\b|\s+&)?\s+){{1,8}}{_NHS_KINDS})$"
)
_NHS_SEARCH_LINES = 30
_HEAD_LIST = re.compile(r"^(?:membership|distribution|members\b|to\s*:|present\b)", re.I)
_GOV_DOMAIN = re.compile(
    r"[@./](?P<stem>[a-z0-9-]+)\.(?:gov\.uk|moderngov\.co\.uk|gov\.wales|gov\.scot)\b",
    re.IGNORECASE,
)
_GENERIC_STEMS = frozenset({"www", "democracy", "democraticservices", "committees", "mail"})
_SMALL_WORDS = frozenset(
    {"and", "of", "the", "for", "in", "on", "with", "to", "at", "by", "a", "an", "or", "upon"}
)
_VOWELS = frozenset("AEIOUY")
_ACRONYMS = frozenset(
    {"NHS", "ICB", "ICS", "ICP", "CCG", "SEND", "SEN", "JSNA", "HWB", "PCN", "ASC", "CYP", "LEP",
     "CAMHS", "UK", "EU", "ICT", "HR"}
)  # fmt: skip


def tidy_body_name(name: str) -> str:
    """Title-case a shouted body name, keeping "and"/"of" lower-case and acronyms upper."""
    name = collapse_spaces(name).strip(" ,.:;")
    if name.lower().startswith("the "):
        name = name[4:]
    letters = [c for c in name if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) / len(letters) < 0.8:
        return name
    words = []
    for index, word in enumerate(name.split(" ")):
        if index and word.lower() in _SMALL_WORDS:
            words.append(word.lower())
        elif word.isalpha() and (
            word.upper() in _ACRONYMS or (len(word) <= 4 and not set(word.upper()) & _VOWELS)
        ):
            words.append(word)  # NHS, LLR: an acronym, not a shouted word
        else:
            words.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(words)


def qualify_body(name: str, organisation: str | None, text: str) -> str:
    """Prefix the council's place ("Rutland") when the pack itself uses that fuller name.

    Summonses often say only "HEALTH AND WELLBEING BOARD" while the rest of the pack calls
    it "Rutland Health and Wellbeing Board"; the fuller name is what a member recognises.
    """
    place = _place(organisation)
    if not place or place.lower() in name.lower():
        return name
    fuller = re.compile(rf"\b{re.escape(place)}\s+{re.escape(name)}\b", re.IGNORECASE)
    if fuller.search(text):
        return f"{place} {name}"
    return name


def find_organisation(head: str, text: str) -> str | None:
    """The publishing council: a letterhead line, else inferred from a gov.uk address.

    An address such as ``someone@leics.gov.uk`` is matched against the councils the pack
    mentions ("Leicestershire County Council"): the domain's letters must appear in order in
    the council's name. Returns ``None`` when neither source settles it.
    """
    for raw in head.split("\n"):
        line = collapse_spaces(raw)
        if len(line) <= 80 and "\t" not in raw.strip():
            match = _COUNCIL_LINE.match(line)
            if match and line.split()[0].lower() not in _GENERIC_COUNCIL_WORDS:
                return collapse_spaces(match.group("name"))
    nhs = _nhs_letterhead(head)
    if nhs is not None:
        return nhs
    stems = [
        match.group("stem").lower()
        for match in _GOV_DOMAIN.finditer(head)
        if match.group("stem").lower() not in _GENERIC_STEMS
    ]
    if not stems:
        return None
    mentions = Counter(
        name
        for name in (collapse_spaces(m.group("name")) for m in _COUNCIL_MENTION.finditer(text))
        if name.split()[0].lower() not in _GENERIC_COUNCIL_WORDS
    )
    for stem in stems:
        fitting = [(count, name) for name, count in mentions.items() if _abbreviates(stem, name)]
        if fitting:
            return max(fitting)[1]
    return None


def _nhs_letterhead(head: str) -> str | None:
    """An NHS body named on a line of its own at the top of the front page."""
    seen = 0
    for raw in head.split("\n"):
        line = collapse_spaces(raw)
        if not line:
            continue
        seen += 1
        if seen > _NHS_SEARCH_LINES or _HEAD_LIST.match(line):
            return None  # past the letterhead, or into a list of members' organisations
        if len(line) > 100 or "\t" in raw.strip() or any(c.isdigit() for c in line):
            continue
        match = _NHS_LINE.match(line)
        if match:
            return collapse_spaces(match.group("name")).rstrip(",")
    return None


def _abbreviates(stem: str, name: str) -> bool:
    letters = re.sub(r"[^a-z0-9]", "", name.lower())
    stem = re.sub(r"[^a-z0-9]", "", stem)
    if not stem or not letters or letters[0] != stem[0]:
        return False
    position = 0
    for char in stem:
        position = letters.find(char, position)
        if position == -1:
            return False
        position += 1
    return True


def _place(organisation: str | None) -> str | None:
    if not organisation:
        return None
    match = re.match(
        rf"^(?:The\s+)?(?P<place>.+?)\s+(?:{_COUNCIL_KINDS}\s+)?Council$", organisation
    )
    if match:
        return match.group("place")
    match = re.match(r"^(?:London|Royal)\s+Borough\s+of\s+(?P<place>.+)$", organisation)
    return match.group("place") if match else None
