"""People's names as packs print them: honorifics, post-nominals and bracketed titles."""

from __future__ import annotations

import re

from .text import collapse_spaces

__all__ = ["clean_name", "has_honorific", "looks_like_people", "looks_like_person", "name_case"]

_HONORIFIC = re.compile(
    r"^(?:(?:county\s+councillor|councillor|cllr|mrs|mr|ms|miss|mx|dr|doctor|professor|prof|"
    r"sir|dame|lord|lady|the\s+rt\.?\s+hon|rt\.?\s+hon|hon|reverend|revd|rev|canon|"
    r"chief\s+inspector|det\.?\s+inspector|inspector|insp|sergeant|sgt|chief\s+superintendent|"
    r"superintendent|ch\.?\s+supt|supt|constable|pc|colonel|col|captain|capt|major|"
    r"lieutenant|lt|alderman|ald)\.?\s+)+",
    re.IGNORECASE,
)
# Starts only after the name's last character (the lookbehind), so that a long run of commas
# or spaces is scanned once, not once per position.
_POST_NOMINALS = re.compile(
    r"(?<![\s,])(?:[\s,]+(?:CC|MP|MBE|OBE|CBE|KBE|DBE|JP|DL|KC|QC|BEM|PhD|FRCP|FRCS|MRCGP|FFPH))+$"
)
_BRACKETS = re.compile(r"\s*\([^()]*\)")
# Letters in any script ([^\W\d_]): Welsh, Irish and other boards are full of "Siân", "Zoë",
# "Siobhán", "Ø."; an ASCII-only class dropped such names from membership lists silently.
_INITIALS = re.compile(r"^(?:[^\W\d_]\.?|(?:[^\W\d_]\.){2,})$")
_NAME_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['\u2019-])*[^\W\d_]$")
_PARTICLES = frozenset(
    {"de", "da", "di", "van", "von", "der", "den", "la", "le", "du", "bin", "al"}
)
# "Mc" names after title-casing a name printed in capitals: "MCCLAIN" -> "McClain".
_MC = re.compile(r"\bMc([^\W\d_])")
_LIST_SPLIT = re.compile(r"\s*(?:,\s*and|,|\band\b|&)\s*")
# Words that make a string a role or an organisation rather than a person's name.
_ORG_WORDS = frozenset(
    {
        "council", "county", "city", "borough", "district", "board", "trust", "nhs", "health",
        "care", "services", "service", "public", "police", "constabulary", "group", "team",
        "partnership", "commissioning", "healthwatch", "homes", "housing", "director", "officer",
        "chief", "executive", "head", "lead", "manager", "chair", "chairman", "clerk", "committee",
        "department", "representative", "consultant", "assistant", "deputy", "portfolio", "holder",
        "integrated", "strategic", "children", "adults", "community", "voluntary", "sector",
        "university", "hospital", "hospitals", "foundation", "commissioner", "office", "government",
        "agency", "authority", "forum", "network", "association", "society", "school", "college",
        "ltd", "limited", "plc", "cic", "rep", "member", "members", "name", "title", "information",
        "officers", "attending", "present", "apologies", "absent", "secretary", "governance",
        "democratic", "item", "report", "minutes", "agenda", "meeting", "update", "plan",
        "strategy", "ambulance", "fire", "rescue", "england", "armed", "forces", "advice",
        "citizens", "alliance", "programme", "project", "practice", "medical", "clinical",
        "nursing", "social", "wellbeing", "safeguarding", "education", "finance", "resources",
        "corporate", "general", "senior", "principal", "interim", "acting", "vice", "joint",
        "leader", "cabinet", "scrutiny", "panel", "support", "inspectorate", "region",
        "regional", "national", "local", "area", "west", "east", "north", "south", "central",
        "integration",
    }
)  # fmt: skip


def has_honorific(text: str) -> bool:
    """True when ``text`` starts with a title such as "Cllr", "Dr" or "Mrs"."""
    return bool(_HONORIFIC.match(collapse_spaces(text)))


def clean_name(text: str) -> str:
    """The name alone: "Mrs H. L. Richardson CC (Chairman)" -> "H. L. Richardson".

    Bracketed words, leading honorifics and trailing post-nominals are removed; chair
    markers written without brackets are the caller's business (see ``members``).
    """
    name = _BRACKETS.sub("", collapse_spaces(text))
    name = _HONORIFIC.sub("", name)
    name = _POST_NOMINALS.sub("", name)
    return collapse_spaces(name).strip(" ,;:-–")


def looks_like_person(text: str, *, titled: bool = False) -> bool:
    """Whether cleaned ``text`` reads as one person's name rather than a role or body.

    ``titled`` says an honorific was printed, which makes a lone surname acceptable.
    """
    tokens = text.split()
    if not tokens or len(tokens) > 5:
        return False
    if len(tokens) == 1 and not titled:
        return False
    words = 0
    for token in tokens:
        if token.lower() in _ORG_WORDS:
            return False
        if _is_name_word(token):
            words += 1
        elif not (_is_initials(token) or token in _PARTICLES):
            return False
    return words > 0 and not _is_initials(tokens[-1])


def _is_name_word(token: str) -> bool:
    """A capitalised word ending in a lower-case letter: "Siân", "O'Neill", "Llŷr"."""
    return bool(_NAME_WORD.match(token)) and token[0].isupper() and token[-1].islower()


def _is_initials(token: str) -> bool:
    """ "A", "A.", "Ø." or "J.R." (capitals, in any script)."""
    return bool(_INITIALS.match(token)) and token.replace(".", "").isupper()


def looks_like_people(text: str) -> str | None:
    """``text`` as one or more cleaned names ("Lyn Harte and Morag Tyler"), else ``None``."""
    parts = [part for part in _LIST_SPLIT.split(collapse_spaces(text)) if part]
    if not parts:
        return None
    names: list[str] = []
    for part in parts:
        name = clean_name(part)
        if not looks_like_person(name, titled=has_honorific(part)):
            return None
        names.append(name)
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def name_case(text: str) -> str:
    """A name printed in capitals ("CHAIR MANNING", "O'NEILL") as a clerk writes it
    ("Chair Manning", "O'Neill"); text with any lower-case letter is returned as printed."""
    if not any(c.isupper() for c in text) or any(c.islower() for c in text):
        return text
    return _MC.sub(lambda m: "Mc" + m.group(1).upper(), text.title())
