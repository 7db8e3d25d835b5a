"""One person written several ways: "Councillor Ellison", "Cllr D Ellison", "Diane Ellison".

A :class:`Roster` collects the people a pack names (membership list first, then attendance
lists and presenters) and answers "who is this?" for any later spelling. Two spellings are
the same person when their surnames agree and their given names are compatible: initials
that fit in order ("L. Richardson" and "H. L. Richardson"), a shortened or misspelt first
name ("Sara"/"Sarah", "Tim"/"Timothy", "Gavid"/"Gavin"), or no given name at all. A
spelling that fits more than one person is left as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .names import clean_name, has_honorific, looks_like_person
from .text import INITIALS, collapse_spaces

__all__ = [
    "NameParts",
    "Person",
    "Roster",
    "join_people",
    "printed_initials",
    "same_person",
    "split_people",
]

_PARTICLES = frozenset(
    {"de", "da", "di", "van", "von", "der", "den", "la", "le", "du", "bin", "al", "st"}
)
_TOKEN_TRIM = "'\u2019-"
_LIST_SPLIT = re.compile(r"\s*(?:,\s*and\b|,|\band\b|&)\s*")
# Common English diminutives: "Andy Williams" and "Andrew Williams" are one person.
_NICKNAMES: dict[str, frozenset[str]] = {
    "andrew": frozenset({"andy", "drew"}),
    "anthony": frozenset({"tony"}),
    "benjamin": frozenset({"ben"}),
    "catherine": frozenset({"cathy", "kate", "cath"}),
    "charles": frozenset({"charlie", "chas"}),
    "christopher": frozenset({"chris"}),
    "daniel": frozenset({"dan", "danny"}),
    "david": frozenset({"dave"}),
    "deborah": frozenset({"debbie", "debra", "deb"}),
    "edward": frozenset({"ed", "edd", "ted", "eddie"}),
    "elizabeth": frozenset({"liz", "beth", "lizzie", "betty"}),
    "james": frozenset({"jim", "jimmy", "jamie"}),
    "jennifer": frozenset({"jenny", "jen"}),
    "katherine": frozenset({"kate", "kathy", "kath", "katie"}),
    "kathryn": frozenset({"kate", "kathy", "katie"}),
    "margaret": frozenset({"maggie", "meg", "peggy"}),
    "matthew": frozenset({"matt"}),
    "michael": frozenset({"mike", "mick", "mitch"}),
    "nicholas": frozenset({"nick"}),
    "patricia": frozenset({"pat", "trish"}),
    "peter": frozenset({"pete"}),
    "richard": frozenset({"rich", "rick", "dick"}),
    "robert": frozenset({"rob", "bob", "bobby", "robbie"}),
    "samantha": frozenset({"sam"}),
    "stephen": frozenset({"steve"}),
    "steven": frozenset({"steve"}),
    "susan": frozenset({"sue", "susie"}),
    "thomas": frozenset({"tom", "tommy"}),
    "timothy": frozenset({"tim"}),
    "william": frozenset({"bill", "will", "billy"}),
}
# "Holly Packer (HP)", "Andy Warburton (AWa)": attendance lists that print each person's
# initials, which the minutes then use for owners (community councils, NHS boards, societies).
_NAME_WITH_INITIALS = re.compile(
    r"(?P<name>[A-Z\u00c0-\u00de][\w'\u2019.-]*(?: [A-Z\u00c0-\u00de][\w'\u2019.-]*){1,3})"
    r" ?\((?P<initials>[A-Z][A-Za-z]{1,3})\)"
)
_MAX_INITIALS_TEXT = 20000
_BARE_SURNAME = re.compile(r"^[A-Z][a-z]+(?:[-'\u2019][A-Z][a-z]+)?$")
_ROLE_STOP = frozenset({"the", "of", "for", "and", "&", "to", "in"})
_MAX_NAME = 120


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name reduced for comparison: lower-case given names (or initials) and surname."""

    given: tuple[str, ...]
    surname: str


@dataclass(slots=True)
class Person:
    """A person the pack names, with every job title printed against them."""

    name: str
    member: bool = False
    titles: list[str] = field(default_factory=list)
    parsed: NameParts | None = None


def _parse(name: str) -> NameParts | None:
    tokens = [t.strip(_TOKEN_TRIM) for t in name.replace(".", " ").split()]
    tokens = [t for t in tokens if t]
    if not tokens:
        return None
    index = len(tokens) - 1
    while index > 0 and tokens[index - 1].lower() in _PARTICLES:
        index -= 1
    surname = "".join(tokens[index:]).lower().replace("-", "").replace("'", "")
    given = tuple(t.lower() for t in tokens[:index] if t.lower() not in _PARTICLES)
    return NameParts(given=given, surname=surname)


def _words_compatible(one: str, other: str) -> bool:
    if len(one) == 1 or len(other) == 1:
        return one[0] == other[0]
    if one == other:
        return True
    short, long_ = sorted((one, other), key=len)
    if len(short) >= 3 and long_.startswith(short):
        return True  # Sara / Sarah, Tim / Timothy
    if short in _NICKNAMES.get(long_, ()) or long_ in _NICKNAMES.get(short, ()):
        return True
    # a misprint such as "Gavid" for "Gavin"; the first letter must agree
    return one[0] == other[0] and len(short) >= 5 and fuzz.ratio(one, other) >= 80


def _given_compatible(one: tuple[str, ...], other: tuple[str, ...]) -> bool:
    if not one or not other:
        return True
    short, long_ = sorted((one, other), key=len)
    position = 0
    for token in short:
        while position < len(long_) and not _words_compatible(token, long_[position]):
            position += 1
        if position == len(long_):
            return False
        position += 1
    return True


def _compatible(one: NameParts, other: NameParts) -> bool:
    return one.surname == other.surname and _given_compatible(one.given, other.given)


def same_person(one: str, other: str) -> bool:
    """Whether two printed names can be the same person ("Cllr R Clifton", "Richard Clifton")."""
    first, second = _parse(clean_name(one)), _parse(clean_name(other))
    return first is not None and second is not None and _compatible(first, second)


def split_people(text: str) -> list[str] | None:
    """``text`` as the cleaned names it lists ("Cllr A Smith and Dr B Jones"), else ``None``."""
    text = collapse_spaces(text)
    if not text or len(text) > _MAX_NAME * 4:
        return None
    names: list[str] = []
    for part in _LIST_SPLIT.split(text):
        if not part:
            continue
        name = clean_name(part)
        if not looks_like_person(name, titled=has_honorific(part)):
            return None
        names.append(name)
    return names or None


def printed_initials(lines: list[str]) -> dict[str, str]:
    """Initials printed against names in an attendance list: "Holly Packer (HP)" in prose,
    or a name cell followed by an initials cell ("Catherine Chisholm\tCC"). Initials that do
    not start with the name's first letter ("Jim Fullarton (SBC)") are an affiliation."""
    found: dict[str, str] = {}
    text = collapse_spaces(" ".join(lines))[:_MAX_INITIALS_TEXT]
    for match in _NAME_WITH_INITIALS.finditer(text):
        _remember(found, match.group("name"), match.group("initials"))
    for raw in lines:
        if "\t" not in raw or len(raw) > _MAX_INITIALS_TEXT:
            continue
        cells = [cell.strip() for cell in raw.split("\t")]
        for position in range(1, len(cells)):
            if INITIALS.match(cells[position]) and cells[position - 1]:
                name = cells[position - 1].split(":", 1)[-1]
                _remember(found, name, cells[position])
    return found


def _remember(found: dict[str, str], printed: str, initials: str) -> None:
    words = clean_name(printed).split()
    letters = "".join(c for c in initials if c.isupper())
    # the name is the words just before the initials: those whose first letters spell them,
    # else the last two ("... Kellie IK Mark Wardle (MW)" is Mark Wardle)
    suffixes = [words[-size:] for size in range(2, min(4, len(words)) + 1)]
    spelled = [s for s in suffixes if "".join(w[0] for w in s).upper() == letters]
    chosen = spelled[0] if spelled else (suffixes[0] if suffixes else [])
    name = " ".join(chosen)
    if not looks_like_person(name) or name[:1].upper() != initials[:1]:
        return
    if initials in found and found[initials] != name:
        found[initials] = ""  # two people share these initials: resolve neither
        return
    found[initials] = name


def join_people(names: list[str]) -> str:
    """Names as prose: "A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return names[0] if names else ""
    return ", ".join(names[:-1]) + " and " + names[-1]


def _role_words(text: str) -> list[str]:
    text = collapse_spaces(text.replace("&", " and ").replace("\u2013", "-").replace("\u2014", "-"))
    words = re.findall(r"[a-z0-9]+", text.lower())
    return [word for word in words if word not in _ROLE_STOP]


class Roster:
    """The people of one pack, so that every spelling of a person maps to one name."""

    def __init__(self) -> None:
        self._people: list[Person] = []
        self._by_surname: dict[str, list[Person]] = {}

    @property
    def people(self) -> list[Person]:
        """Everyone known, in the order first seen."""
        return list(self._people)

    def add(self, name: str, *, title: str | None = None, member: bool = False) -> Person | None:
        """Record ``name`` (merging it into a known person when it is the same one)."""
        cleaned = clean_name(name)
        parsed = _parse(cleaned) if len(cleaned) <= _MAX_NAME else None
        if parsed is None:
            return None
        matches = self._matches(parsed)
        if len(matches) == 1:
            person = matches[0]
            if not person.member and (member or _fuller(parsed, person.parsed)):
                person.name, person.parsed = cleaned, parsed
            person.member = person.member or member
        elif not matches or member:
            person = Person(name=cleaned, member=member, parsed=parsed)
            self._people.append(person)
            self._by_surname.setdefault(parsed.surname, []).append(person)
        else:
            return None  # fits several people: too ambiguous to record
        if title and title not in person.titles:
            person.titles.append(title)
        return person

    def find(self, name: str) -> Person | None:
        """The one known person ``name`` can be, or ``None``."""
        cleaned = clean_name(name)
        if len(cleaned) > _MAX_NAME:
            return None
        parsed = _parse(cleaned)
        if parsed is None:
            return None
        matches = self._matches(parsed)
        if len(matches) > 1:
            exact = [p for p in matches if p.name.lower() == cleaned.lower()]
            matches = exact
        return matches[0] if len(matches) == 1 else None

    def canonical(self, name: str) -> str:
        """The fullest spelling of ``name`` the pack gives: "Councillor Ellison" becomes the
        membership list's "Diane Ellison", but "Tim Sacks" stays as printed where the list
        only says "T Sacks"."""
        cleaned = clean_name(name)
        person = self.find(name)
        if person is None:
            return cleaned
        printed = _parse(cleaned)
        if printed is not None and _fuller(printed, person.parsed):
            return cleaned
        return person.name

    def canonical_people(self, text: str) -> str:
        """Each name in a list such as "Councillor Clifton and Mark Andrews", canonicalised.

        A bare surname ("Clifton", its honorific already dropped) counts when exactly one
        known person has it.
        """
        parts = [part for part in _LIST_SPLIT.split(collapse_spaces(text)) if part]
        if not parts or len(text) > _MAX_NAME * 4:
            return text
        names: list[str] = []
        for part in parts:
            person = self.find(part) if _BARE_SURNAME.match(part) else None
            if person is not None:
                names.append(person.name)
            elif split_people(part) is not None:
                names.append(self.canonical(part))
            else:
                return text
        return join_people(names)

    def by_initials(self, initials: str) -> Person | None:
        """The one person whose initials are ``initials`` ("KW" for Katherine Willison)."""
        letters = initials.replace(".", "").strip().lower()
        if not 2 <= len(letters) <= 4 or not letters.isalpha():
            return None
        found = [
            person
            for person in self._people
            if person.parsed is not None
            and person.parsed.given
            and "".join(g[0] for g in person.parsed.given) + person.parsed.surname[0] == letters
        ]
        return found[0] if len(found) == 1 else None

    def by_given_name(self, given: str) -> Person | None:
        """The one person whose first name is ``given`` ("Bertrand", "Greg" for Gregory)."""
        wanted = given.strip().lower()
        if len(wanted) < 2 or not wanted.isalpha():
            return None
        found = [
            person
            for person in self._people
            if person.parsed is not None
            and person.parsed.given
            and len(person.parsed.given[0]) > 1
            and _words_compatible(wanted, person.parsed.given[0])
        ]
        return found[0] if len(found) == 1 else None

    def by_role(self, role: str) -> Person | None:
        """The one person whose printed job title is ``role`` ("the Deputy Chief Operating
        Officer, LLR ICB"). The job may be printed without its organisation."""
        wanted = _role_words(role.removeprefix("The ").removeprefix("the "))
        job = _role_words(role.split(",", 1)[0])
        if len(job) < 2:
            return None  # "Chair", "Clerk": too vague to pin on one person by title
        found: list[Person] = []
        for person in self._people:
            for title in person.titles:
                words = _role_words(title)
                title_job = _role_words(title.split(",", 1)[0])
                if words == wanted or title_job == wanted or (job == title_job and len(job) >= 3):
                    found.append(person)
                    break
        return found[0] if len(found) == 1 else None

    def _matches(self, parsed: NameParts) -> list[Person]:
        return [
            person
            for person in self._by_surname.get(parsed.surname, ())
            if person.parsed is not None and _compatible(parsed, person.parsed)
        ]


def _fuller(new: NameParts, old: NameParts | None) -> bool:
    if old is None:
        return True
    new_letters = sum(len(g) for g in new.given)
    old_letters = sum(len(g) for g in old.given)
    return new_letters > old_letters
