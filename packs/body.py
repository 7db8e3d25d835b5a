"""Which board meets (the body) and which organisation publishes the pack."""

from __future__ import annotations

import re
from collections import Counter

from .text import collapse_spaces

__all__ = [
    "city_named_in",
    "city_owning",
    "find_organisation",
    "qualify_body",
    "same_body",
    "tidy_body_name",
    "title_body",
]

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
# Lines longer than this are prose or a damaged text layer, never a letterhead or title.
_LONG_LINE = 600
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


# Words a board's name ends with, in councils, US cities, NHS bodies, charities and societies;
# standards bodies' numbered committees and groups: "TC39", "JTC 1", "WG21", "Technical
# Committee 39", "Working Group 21".
_BODY_WORDS = (
    r"(?:board|committee|sub-committee|commission|council|authority|panel|forum|trust|group|"
    r"partnership|assembly|cabinet|executive|society|directors|trustees|governors|"
    r"commissioners|(?:j?tc|sc|wg|tg|sg)\s?\d{1,3}|"
    r"(?:committee|group|sub-?committee)\s+\d{1,3})"
)
# A title naming the board before the kind of meeting or document: "CSS Committee Meeting -
# Minutes", "DSF Board monthly meeting, January 9, 2025", "CSS AGM - Agenda",
# "LA CAÑADA FLINTRIDGE PLANNING COMMISSION Thursday, December 8, 2022" (US notices).
_TITLE_NAME = re.compile(
    r"^(?P<name>[^\t:]{2,90}?)\s*[-\u2013\u2014,|]?\s*(?:(?:regular|special|adjourned|annual|"
    r"monthly|ordinary|extraordinary|general|public|quarterly)\s+)*"
    r"(?P<kind>meeting|minutes|agenda|agm|egm|notice)\b(?P<rest>.*)$|"
    r"^(?P<dated>[^\t:]{2,90}?" + _BODY_WORDS + r")\s*,?\s+(?=(?:MONDAY|TUESDAY|WEDNESDAY|"
    r"THURSDAY|FRIDAY|SATURDAY|SUNDAY)\b)",
    re.IGNORECASE,
)
# "Agenda for the 111th meeting of Ecma TC39": the board is named after "meeting of".
_MEETING_OF = re.compile(r"\bmeeting\s+of\s+(?:the\s+)?(?P<name>[^,.;:\t]{2,80})$", re.I)
_BODY_NAME = re.compile(rf"^(?:the\s+)?[^\d\t:]{{2,90}}\b{_BODY_WORDS}$", re.IGNORECASE)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")
_TITLE_SCAN = 15
# US minutes: "A REGULAR MEETING OF THE COUNCIL OF THE CITY OF PORTLAND, OREGON WAS HELD".
_COUNCIL_OF_CITY = re.compile(
    r"\bmeeting\s+of\s+the\s+council\s+of\s+the\s+city\s+of\s+(?P<place>[A-Z][\w' -]{1,40}?)"
    r"\s*[,.]",
    re.IGNORECASE,
)
_SHORT_REST = 60
_FENCES = frozenset({"---", "+++"})


def title_body(lines: list[str]) -> str | None:
    """The board named in a document's title block, for documents with no summons sentence.

    Minutes, notices and US agendas print the board as their title ("Welsh Technical
    Standards Board", "CSS Committee Meeting - Minutes", "EAST PALO ALTO" over "PLANNING
    COMMISSION"). Returns the name as printed (tidied), or None.
    """
    opening = " ".join(collapse_spaces(line[:_LONG_LINE]) for line in lines[:3])[:400]
    council = _COUNCIL_OF_CITY.search(opening)
    if council:
        return f"{tidy_body_name(council.group('place'))} City Council"
    previous: list[str] = []
    for text in _title_lines(lines):
        found = _MEETING_OF.search(text)
        if found and (
            _BODY_NAME.match(found.group("name")) or len(found.group("name").split()) <= 4
        ):
            return tidy_body_name(found.group("name"))
        match = _TITLE_NAME.match(text)
        if match and match.group("dated"):
            return tidy_body_name(match.group("dated"))
        if match and len(match.group("rest")) <= _SHORT_REST:
            name = match.group("name").strip(" -,")
            if _BODY_NAME.match(name) or _ACRONYM.match(name):
                return tidy_body_name(name)
        if _BODY_NAME.match(text) and len(text.split()) <= 8:
            place = previous[-1] if previous else ""
            if place and is_place_line(place) and not text.lower().startswith(place.lower()):
                return tidy_body_name(f"{place} {text}")
            return tidy_body_name(text)
        previous.append(text)
    return None


def is_place_line(text: str) -> bool:
    """A short line in capitals with no digits: "EAST PALO ALTO" above "PLANNING COMMISSION"."""
    words = text.split()
    return (
        0 < len(words) <= 4
        and text.isupper()
        and not any(c.isdigit() for c in text)
        and not text.lower().startswith(("city of", "county of", "town of"))
    )


def _title_lines(lines: list[str]) -> list[str]:
    found: list[str] = []
    fence: str | None = None
    for raw in lines[:200]:
        text = collapse_spaces(raw) if len(raw) <= _LONG_LINE else ""
        if fence is None and not found and text in _FENCES:
            fence = text
            continue
        if fence is not None:
            if text == fence:
                fence = None
            continue
        if text and len(text) <= 160:
            found.append(text)
        if len(found) >= _TITLE_SCAN:
            break
    return found


def city_owning(body: str, text: str) -> tuple[str, str] | None:
    """(organisation, body) when the document names the city a placeless body belongs to:
    "Housing Authority" and "the City of Norwalk Housing Authority" give ("City of Norwalk",
    "Norwalk Housing Authority") (US city authorities and commissions)."""
    pattern = (
        rf"\b(?P<kind>City|Town|Village)\s+of\s+(?P<place>(?:{_NAME_WORD}\s+){{1,3}}?)"
        rf"{re.escape(body)}\b"
    )
    match = re.search(pattern, text[:200_000], re.IGNORECASE)
    if match is None:
        return None
    place = collapse_spaces(match.group("place"))
    if not place[:1].isupper():
        return None
    return f"{match.group('kind').title()} of {place}", f"{place} {body}"


def city_named_in(body: str, text: str) -> str | None:
    """The city whose body this is, when the document names it: "East Palo Alto Planning
    Commission" and "the City of East Palo Alto's Rules" give "City of East Palo Alto"."""
    words = body.split()
    for size in range(min(4, len(words) - 1), 0, -1):
        place = " ".join(words[:size])
        pattern = rf"\b(?P<kind>City|Town|Village)\s+of\s+{re.escape(place)}\b"
        match = re.search(pattern, text[:200_000], re.IGNORECASE)
        if match and _GENERIC_BODY.match(" ".join(words[size:])):
            return f"{match.group('kind').title()} of {place}"
    return None


def same_body(organisation: str, body: str) -> bool:
    """Whether two names are one body ("Ayton Community Council" printed as both)."""
    return _key(organisation) == _key(body)


def _key(name: str) -> str:
    name = collapse_spaces(name).lower()
    return name[4:] if name.startswith("the ") else name


# A board named only by its kind, which is its organisation's board.
_UNNAMED_BOARD = re.compile(
    r"^(?:the\s+)?board(?:\s+of\s+(?:directors|trustees|governors|management))?$", re.IGNORECASE
)
# A US city's own bodies, named without the city on the agenda ("City Council").
_GENERIC_BODY = re.compile(
    r"^(?:city|town|village)\s+council$|^(?:planning|parks|housing|arts|library|civil\s+service|"
    r"traffic|transportation|design\s+review)(?:\s+and\s+\w+)?\s+commission$",
    re.IGNORECASE,
)


def qualify_body(name: str, organisation: str | None, text: str) -> str:
    """Prefix the council's place ("Rutland") when the pack itself uses that fuller name.

    Summonses often say only "HEALTH AND WELLBEING BOARD" while the rest of the pack calls
    it "Rutland Health and Wellbeing Board"; the fuller name is what a member recognises.
    """
    if organisation and _UNNAMED_BOARD.match(name) and _AGENCY_LINE.match(organisation):
        owner = organisation[4:] if organisation.startswith("The ") else organisation
        return f"{owner} {name}"  # a foundation's "Board of Directors"
    place = _place(organisation)
    if not place or place.lower() in name.lower():
        return name
    if _GENERIC_BODY.match(name):
        return f"{place} {name}"  # "City Council" under a "City of Hermosa Beach" letterhead
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
    head_lines = head.split("\n")
    for position, raw in enumerate(head_lines):
        if len(raw) > _LONG_LINE:
            continue  # no letterhead runs this long (and collapsing it costs)
        line = collapse_spaces(raw)
        if len(line) <= 80 and "\t" not in raw.strip():
            match = _COUNCIL_LINE.match(line)
            if match and line.split()[0].lower() not in _GENERIC_COUNCIL_WORDS:
                return collapse_spaces(match.group("name"))
            city = _city_of(line, head_lines[position + 1 : position + 2])
            if city:
                return city
    nhs = _nhs_letterhead(head)
    if nhs is not None:
        return nhs
    agency = _agency_letterhead(head)
    if agency is not None:
        return agency
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


# US letterheads: "City of Hermosa Beach", or "CITY OF" over "ROLLING HILLS ESTATES".
_CITY_OF = re.compile(
    rf"^(?P<kind>City|Town|County|Village)\s+of(?P<place>(?:\s+{_NAME_WORD}){{0,4}})$",
    re.IGNORECASE,
)


_CITY_OF_STATE = re.compile(
    r"^(?P<kind>CITY|TOWN|VILLAGE)\s+OF\s+(?P<place>[A-Z][A-Z' -]{1,40}?),\s+[A-Z]{2,}\b"
)


def _city_of(line: str, following: list[str]) -> str | None:
    titled = _CITY_OF_STATE.match(line)
    if titled:  # "CITY OF PORTLAND, OREGON OFFICIAL MINUTES ..."
        name = tidy_body_name(f"{titled.group('kind')} of {titled.group('place')}")
        return name.replace(" Of ", " of ")
    match = _CITY_OF.match(line)
    if match is None:
        return None
    place = match.group("place").strip()
    if not place and following:
        place = collapse_spaces(following[0])
        if not is_place_line(place):
            return None
    if not place:
        return None
    return tidy_body_name(f"{match.group('kind')} of {place}").replace(" Of ", " of ")


# Letterheads of bodies that are not councils: US transit and housing authorities,
# foundations, societies ("Los Angeles County Metropolitan Transportation Authority",
# "The Apache Software Foundation").
_AGENCY_LINE = re.compile(
    rf"^(?P<name>(?:The\s+)?(?:{_NAME_WORD}(?:\s+(?:of|and|for|&))?\s+){{1,8}}"
    r"(?:Authority|Foundation|Association|Society|Corporation|Institute|Agency|Department|"
    r"District|Trust|Federation|Union|Consortium|Alliance))$"
)
_AGENCY_SEARCH_LINES = 12


def _agency_letterhead(head: str) -> str | None:
    seen = 0
    for raw in head.split("\n"):
        line = collapse_spaces(raw[:_LONG_LINE])
        if not line:
            continue
        seen += 1
        if seen > _AGENCY_SEARCH_LINES:
            return None
        if len(line) <= 90 and "\t" not in raw.strip():
            match = _AGENCY_LINE.match(line)
            if match:
                return match.group("name")
    return None


def _nhs_letterhead(head: str) -> str | None:
    """An NHS body named on a line of its own at the top of the front page."""
    seen = 0
    for raw in head.split("\n"):
        line = collapse_spaces(raw[:_LONG_LINE])
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
    match = re.match(
        r"^(?:(?:London|Royal)\s+Borough|City|Town|Village)\s+of\s+(?P<place>.+)$", organisation
    )
    return match.group("place") if match else None
