"""The membership / distribution list printed with the agenda."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from core.roles import Role

from .model import Member
from .names import clean_name, has_honorific, looks_like_person, name_case
from .text import collapse_spaces, is_heading_like, split_cells, split_list

__all__ = ["names_in_list", "person_name", "read_appointed_members", "read_members", "row_cells"]

_BLOCK_HEADING = re.compile(
    r"^(?:distribution\b|circulation\b|membership\b|(?:to:?\s+)?(?:elected\s+)?members\s+of\b|"
    r"(?:board\s+|committee\s+|voting\s+)?members\s*:?$|councillors\s*:?$)",
    re.IGNORECASE,
)
_SECTIONS: tuple[tuple[re.Pattern[str], Role | None], ...] = (
    (re.compile(r"\binformation\b", re.IGNORECASE), Role.FOR_INFORMATION),
    (re.compile(r"\bsubstitutes?\b|\breserves?\b|\bapologies\b", re.IGNORECASE), None),
    (
        re.compile(r"\bofficers?\b|\bin\s+attendance\b|\battending\b|\badvis[eo]rs?\b", re.I),
        Role.OFFICER,
    ),
    (
        re.compile(
            r"\bmembers?\b|\bmembership\b|\bdistribution\b|\bcouncillors\b|\bco-?opted\b", re.I
        ),
        Role.MEMBER,
    ),
)
_STOP = re.compile(
    r"^(?:this\s+page\s+is\s+intentionally\s+left\s+blank|agenda\s+item\s+\d|"
    r"public\s+document\s+pack$|report\s+to\s+(?:the\s+)?(?-i:[A-Z])|minutes\s+of\b|"
    r"a ?g ?e ?n ?d ?a$|-{2,}\s*[o0]{1,3}\s*-{2,}$|yours\s+(?:faithfully|sincerely))",
    re.IGNORECASE,
)
# Longest line read as a list's heading ("Councillors: A Smith (Chair), B Jones, ...").
_HEADING_LINE = 5000
# Row numbers of lists of any length (a national network's list runs past 999).
_NUMBER_CELL = re.compile(r"^\d{1,4}[.)]?$")
_NUMBER_PREFIX = re.compile(r"^\d{1,4}[.)]\s+(?P<rest>\S.*)$")
_HEADER_WORDS = frozenset(
    {"name", "names", "title", "job title", "organisation", "organization", "role", "position",
     "representing", "no", "no.", "ref", "member", "members", "contact", ""}
)  # fmt: skip
_COUNCILLORS = re.compile(r"^\s*(?:county\s+)?(?:councillors|cllrs\.?)\s*:?\s+", re.IGNORECASE)
_VICE = re.compile(r"\(?\bvice[- ]?chair(?:man|woman|person)?\b\)?", re.IGNORECASE)
_CHAIR = re.compile(r"\(?\bchair(?:man|woman|person)?\b\)?", re.IGNORECASE)


@dataclass(slots=True)
class _Row:
    role: Role
    cells: list[str]
    numbered: bool


def read_members(
    lines: list[str],
    regions: list[tuple[int, int]],
    *,
    agenda: tuple[int, int] | None = None,
) -> list[Member]:
    """Members from the first membership list found in ``regions`` (line ranges).

    Later lists in the same front matter (packs sometimes print a second, older
    distribution list) only add chair / vice-chair markers to people already listed.
    Without a headed list, a front-page roster that names people by office ("Mayor",
    "Commissioner", "John Fasana, Chair") is read; failing that, a roll-call item in the
    summoned meeting's ``agenda`` (line range) that names the members by office. Give
    ``agenda`` only for a document that summons a meeting: minutes' roll calls are attendance.
    """
    listed = _read_lists(lines, regions)
    if listed:
        return listed
    roster = _read_rosters(lines, regions)
    if roster:
        return roster
    return _read_roll_call(lines, agenda) if agenda is not None else []


def _read_lists(lines: list[str], regions: list[tuple[int, int]]) -> list[Member]:
    blocks: list[list[Member]] = []
    for begin, end in regions:
        index, end = begin, min(end, len(lines))
        while index < end:
            if len(lines[index]) > _HEADING_LINE:  # prose, not a list's heading
                index += 1
                continue
            text = collapse_spaces(lines[index])
            if "\t" not in lines[index].strip() and _BLOCK_HEADING.match(text):
                members, index = _read_block(lines, index, end)
                if members:
                    blocks.append(members)
                continue
            index += 1
    if not blocks:
        return []
    primary = blocks[0]
    for later in blocks[1:]:
        _enrich(primary, later)
    return primary


def _read_block(lines: list[str], heading: int, end: int) -> tuple[list[Member], int]:
    heading_text = collapse_spaces(lines[heading])
    block_role: Role = _section(heading_text) or Role.MEMBER
    role: Role | None = block_role
    rows: list[_Row] = []
    _, colon, inline = heading_text.partition(":")
    if colon and inline.strip():
        rows.extend(_inline_rows(inline, block_role))
    index = heading + 1
    while index < len(lines):
        raw = lines[index]
        text = collapse_spaces(raw)
        if not text:
            index += 1
            continue
        if index >= end and not _continues_list(raw):
            break  # a list runs on past the region it starts in while its rows are people
        if _STOP.match(text) or (len(text) > 120 and "\t" not in raw.strip()):
            break
        if "\t" not in raw.strip() and text.count(",") >= 2 and role is not None:
            inline_rows = _inline_rows(text, role)
            if inline_rows:
                rows.extend(inline_rows)
                index += 1
                continue
        cells = _row_cells(raw)
        numbered = bool(cells) and cells[0] == "#"
        if numbered:
            cells = cells[1:]
        single = cells[0] if len(cells) == 1 and not numbered else ""
        if single and _is_subheading(single):
            if _any_section(single):
                role = _section(single)  # None for substitutes: their rows are skipped
                index += 1
                continue
            if _person(single) is None:
                break  # some other heading: the list is over
        if role is not None and cells and not all(c.lower() in _HEADER_WORDS for c in cells):
            rows.append(_Row(role=role, cells=cells, numbered=numbered))
        index += 1
    return _members_from_rows(rows), index


def _continues_list(raw: str) -> bool:
    """Whether a line past the searched region still belongs to the list: a person's row, a
    column header ("Name  Title") or a section of it ("OFFICERS ATTENDING")."""
    cells = _row_cells(raw)
    if cells and cells[0] == "#":
        cells = cells[1:]
    if not cells:
        return False
    if all(cell.lower() in _HEADER_WORDS for cell in cells):
        return True
    if len(cells) == 1 and _is_subheading(cells[0]) and _any_section(cells[0]):
        return True
    return _person(cells[0]) is not None


def person_name(cell: str) -> str | None:
    """The cleaned name in one list cell ("Diane Ellison (Councillor) CHAIR"), if it is one."""
    person = _person(cell)
    return person[0] if person else None


def names_in_list(text: str) -> list[str]:
    """Names in a run-on list: "Councillors A Smith (Chair), B Jones and C Brown"."""
    names = [person_name(row.cells[0]) for row in _inline_rows(text, Role.MEMBER, minimum=1)]
    return [name for name in names if name]


def row_cells(raw: str) -> list[str]:
    """A list row's cells without its running number or empty leading cell."""
    cells = _row_cells(raw)
    return cells[1:] if cells and cells[0] == "#" else cells


def _inline_rows(text: str, role: Role, *, minimum: int = 2) -> list[_Row]:
    """Rows from a run-on list: "Councillors A Smith (Chair), B Jones and C Brown"."""
    titled = _COUNCILLORS.match(text)
    prefix = "Cllr " if titled else ""
    if titled:
        text = text[titled.end() :]
    rows = [
        _Row(role=role, cells=[prefix + part], numbered=False)
        for part in split_list(text)
        if _person(prefix + part) is not None
    ]
    return rows if len(rows) >= minimum else []


def _row_cells(raw: str) -> list[str]:
    cells = split_cells(raw.strip(" "))
    while cells and not cells[-1]:
        cells.pop()
    if not cells:
        return []
    if _NUMBER_CELL.match(cells[0]):
        return ["#", *[c for c in cells[1:]]]
    prefixed = _NUMBER_PREFIX.match(cells[0])
    if prefixed:
        return ["#", prefixed.group("rest"), *cells[1:]]
    if not cells[0]:
        cells = cells[1:]
    return cells


def _is_subheading(text: str) -> bool:
    if not text or len(text) > 100:
        return False
    return is_heading_like(text) or text.endswith(":") or bool(_BLOCK_HEADING.match(text))


def _section(text: str) -> Role | None:
    for pattern, role in _SECTIONS:
        if pattern.search(text):
            return role
    return None


def _any_section(text: str) -> bool:
    return any(pattern.search(text) for pattern, _ in _SECTIONS)


def _members_from_rows(rows: list[_Row]) -> list[Member]:
    wide = [row for row in rows if len(row.cells) >= 2]
    grid = bool(wide) and not any(row.numbered for row in rows)
    if grid:
        grid = all(_person(cell) is not None for row in wide for cell in row.cells if cell)
    members: list[Member] = []
    seen: set[str] = set()
    for row in rows:
        entries: list[tuple[str, str | None]]
        if grid or len(row.cells) == 1:
            entries = [(cell, None) for cell in row.cells if cell]
        else:
            title = ", ".join(cell for cell in row.cells[1:] if cell) or None
            entries = [(row.cells[0], title)]
        for cell, title in entries:
            person = _person(cell)
            if person is None:
                continue
            name, marker = person
            if name.lower() in seen:
                continue
            seen.add(name.lower())
            members.append(Member(name=name, role=marker or row.role, title=title))
    return members


def _person(cell: str) -> tuple[str, Role | None] | None:
    marker: Role | None = None
    if _VICE.search(cell):
        marker, cell = Role.VICE_CHAIR, _VICE.sub(" ", cell)
    elif _CHAIR.search(cell):
        marker, cell = Role.CHAIR, _CHAIR.sub(" ", cell)
    name = clean_name(cell)
    titled = has_honorific(cell)
    if name and not looks_like_person(name, titled=titled):
        name = _surname_case(name, titled=titled)
    if not name or not looks_like_person(name, titled=titled):
        return None
    return name, marker


def _surname_case(name: str, *, titled: bool) -> str:
    """Surnames printed in capitals on UK lists ("Cllr J SMITH", "Diane ELLISON") as a clerk
    writes them. A cell all in capitals is a heading unless an honorific says it is a person."""
    tokens = name.split()
    capitals = [t for t in tokens if t.isupper() and sum(c.isalpha() for c in t) >= 2]
    if not capitals or (len(capitals) == len(tokens) and not titled):
        return name
    shortest = 2 if titled else 4  # "RCC", "NHS" after a name are bodies, not surnames
    return " ".join(
        name_case(t) if t in capitals and sum(c.isalpha() for c in t) >= shortest else t
        for t in tokens
    )


def _same_person(one: str, other: str) -> bool:
    first, second = one.replace(".", " ").split(), other.replace(".", " ").split()
    if not first or not second or first[-1].lower() != second[-1].lower():
        return False
    return first[0][:1].lower() == second[0][:1].lower()


def _enrich(primary: list[Member], later: list[Member]) -> None:
    for extra in later:
        if extra.role not in (Role.CHAIR, Role.VICE_CHAIR):
            continue
        for member in primary:
            if member.role == Role.MEMBER and _same_person(member.name, extra.name):
                member.role = extra.role
                break


# --- Rosters printed by office: US and Canadian agendas' front pages and roll-call items ---

# The offices of the people who sit on a body. Deputies come first so that "Mayor Pro Tem"
# and "Vice President" are not read as "Mayor" and "President".
_OFFICE = re.compile(
    r"(?:(?:board|committee|commission|council|regional|county|city|town)\s+)?"
    r"(?:(?P<vice>(?:vice|deputy)[- ]?(?:chair(?:man|woman|person)?|mayor|president)|"
    r"(?:mayor|chair(?:man|woman|person)?|president)\s+pro[- ]?tem(?:pore)?)"
    r"|(?P<chair>mayor|chair(?:man|woman|person)?|president|presiding\s+officer)"
    r"|(?P<member>(?:(?:non[- ]?voting|voting|ex[- ]?officio|alternate|associate)\s+)?"
    r"(?:(?:board|committee|commission|council|authority)\s+members?|council\s?(?:wo)?m[ae]n|"
    r"council\s?members?|council(?:l)?ors?|commissioners?|members?|directors?|trustees?|"
    r"supervisors?|alder(?:m[ae]n|wom[ae]n|persons?)|governors?|alternates?)))(?![\w-])\.?",
    re.IGNORECASE,
)
# Words that make a short line a job title ("City Treasurer", "Chief of Police").
_JOB_HEADS = frozenset(
    {"manager", "clerk", "treasurer", "attorney", "secretary", "officer", "director", "chief",
     "counsel", "engineer", "auditor", "administrator", "superintendent", "controller",
     "comptroller", "assessor", "recorder", "solicitor", "advisor", "adviser", "coordinator",
     "planner", "librarian", "marshal", "sheriff", "police", "inspector", "executive",
     "analyst", "specialist", "liaison", "parliamentarian", "assistant", "deputy"}
)  # fmt: skip
_TITLE_CONNECTORS = frozenset({"of", "and", "the", "for", "to", "&", "pro", "tem", "at", "on"})
# Words that are never part of a name on a roster ("And Via Videoconference").
_NOT_NAME_WORDS = frozenset(
    {"and", "of", "the", "via", "to", "for", "at", "in", "on", "with", "by", "from", "or"}
)
# The body's staff printed under the roster (Legistar's "Executive Team").
_STAFF_HEADING = re.compile(
    r"^(?:(?:city|county|town|village|district|executive|senior|management|leadership|"
    r"administrative|key)\s+)?(?:team|staff|officers|administration)(?:\s+members)?\s*:?$",
    re.IGNORECASE,
)
# What makes a run of names an attendance list (minutes), not a roster.
_ATTENDANCE = re.compile(
    r"\b(?:present|attend\w*|apologies|apologi[sz]ed|absent|excused|roll\s+call|arrived|"
    r"late|departed|quorum)\b",
    re.IGNORECASE,
)
# "3. ROLL CALL", "ROLL CALL:", "1. CALL TO ORDER AND ROLL CALL" (US agendas).
_ROLL_CALL = re.compile(
    r"^(?:[\dA-Za-z]{1,4}[.)]?\s+)?(?:call\s+to\s+order\s+(?:and|&)\s+)?roll\s+call\b"
    r"[\s:.\-\u2013]*",
    re.IGNORECASE,
)
# The groups of a roll call printed one name a line; guests and the public are not members.
_ROLL_CALL_GROUP = re.compile(
    r"\b(?:(?P<guests>guests?|visitors?|observers?|public|also\s+(?:present|attending))|"
    r"(?P<officers>officers?|staff|executives?)|"
    r"(?P<members>directors?|members?|trustees?|commissioners?|council(?:l)?ors?|"
    r"councilmembers?|governors?|board))\b",
    re.IGNORECASE,
)
_ROLL_CALL_LINES = 120
_ROLL_CALLS_READ = 8
_ROLL_CALL_ANYWHERE = re.compile(r"roll\s+call", re.IGNORECASE)
_ITEM_START = re.compile(r"^(?:\d{1,4}|[A-Z])[.)]\s")
# Longest roster line (several "Name, Office" run together) and roll-call text read.
_ROSTER_LINE = 300
_ROLL_CALL_TEXT = 1000
_CELL_SEPARATOR = re.compile(r"\s+[-\u2013\u2014]\s+")


@dataclass(slots=True)
class _Office:
    title: str
    role: Role
    plural: bool


@dataclass(slots=True)
class _Run:
    members: list[Member]
    governing: int = 0  # people whose own office is chair, vice-chair or member
    presiding: bool = False  # a chair or vice-chair among them
    staff: bool = False  # headed as the body's staff ("Executive Team")
    attendance: bool = False  # headed or marked as attendance ("Present", "Absent")

    def add(self, name: str, office: _Office | None, *, default: Role) -> None:
        role = office.role if office is not None else default
        if self.staff:
            role = Role.OFFICER
        elif office is not None and role is not Role.OFFICER:
            self.governing += 1
            self.presiding = self.presiding or role in (Role.CHAIR, Role.VICE_CHAIR)
        title = office.title if office is not None else None
        self.members.append(Member(name=name, role=role, title=title))

    def is_roster(self) -> bool:
        if self.attendance or len(self.members) < 2:
            return False
        return self.presiding or self.governing >= 2


def _office(text: str) -> _Office | None:
    """``text`` as an office and nothing else: "Mayor Pro Tem", "Councilmembers", "City Clerk"."""
    if len(text) > 200:
        return None
    text = name_case(collapse_spaces(text).strip(" ,;:."))
    if not text or len(text) > 80:
        return None
    match = _OFFICE.match(text)
    if match and match.end() >= len(text.rstrip(".")):
        role = (
            Role.VICE_CHAIR if match.group("vice") else Role.CHAIR if match.group("chair") else
            Role.MEMBER
        )  # fmt: skip
        plural = role is Role.MEMBER and text.lower().endswith(("s", "men"))
        return _Office(title=_singular(text) if plural else text, role=role, plural=plural)
    tokens = text.split()
    if len(tokens) > 8 or any(c.isdigit() or c in ",;:()" for c in text):
        return None
    # The office ends the title ("Finance Director") or is followed by "of" ("Chief of
    # Police"): "Executive Management Committee" names a body, not an office.
    heads = [i for i, token in enumerate(tokens) if _bare(token) in _JOB_HEADS]
    if not heads or not (
        heads[-1] == len(tokens) - 1 or any(tokens[i + 1].lower() == "of" for i in heads)
    ):
        return None
    for token in tokens:
        if token.lower() in _TITLE_CONNECTORS:
            continue
        if not (token[0].isupper() or token.lower().startswith("non-")):
            return None
    return _Office(title=text, role=Role.OFFICER, plural=False)


def _bare(token: str) -> str:
    word = token.lower().strip(".,;:()")
    return word[:-1] if word.endswith("s") and word[:-1] in _JOB_HEADS else word


def _singular(title: str) -> str:
    """ "Councilmembers" -> "Councilmember", "Aldermen" -> "Alderman"."""
    if title.lower().endswith("men"):
        return title[:-3] + ("man" if title[-3:].islower() else "MAN")
    return title[:-1]


def _roster_name(text: str, *, single: bool = False) -> str | None:
    """The name in a roster cell (capitals as a clerk writes them), if it is one.

    ``single`` accepts a lone surname, as roll calls print them ("CHAIR MANNING").
    """
    if len(text) > 200:
        return None
    text = name_case(collapse_spaces(text).strip(" ,;:."))
    tokens = text.split()
    if not tokens or len(tokens) > 5 or len(text) > 80:
        return None
    for token in tokens:
        word = token.lower().strip(".")
        if word in _NOT_NAME_WORDS or _bare(token) in _JOB_HEADS or _OFFICE.fullmatch(token):
            return None
    name = clean_name(text)
    if not name or not looks_like_person(name, titled=single):
        return None
    return name


def _office_and_name(text: str, *, single: bool = False) -> tuple[_Office, str] | None:
    """ "President Cynthia McClain-Hill", "Chief Executive Officer Phillip A. Washington"."""
    text = name_case(collapse_spaces(text))
    match = _OFFICE.match(text)
    if match:
        office = _office(match.group(0))
        name = _roster_name(text[match.end() :], single=single)
        if office is not None and name is not None:
            return office, name
    tokens = text.split()
    for cut in range(1, min(6, len(tokens) - 1)):
        office = _office(" ".join(tokens[:cut]))
        if office is None or _bare(tokens[cut - 1]) not in _JOB_HEADS | {"president", "mayor"}:
            continue
        name = _roster_name(" ".join(tokens[cut:]))
        if name is not None:
            return office, name
    return None


def _name_and_offices(text: str) -> list[tuple[str, _Office]]:
    """ "John Fasana, Chair"; also several run together by PDF extraction:
    "Corrie Kates, Interim Community Development Director Vanessa Godinez, Human Resources
    Manager" (each middle part is an office followed by the next person's name)."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) < 2:
        parts = [part.strip() for part in _CELL_SEPARATOR.split(text, maxsplit=1)]
    if len(parts) < 2:
        return []
    name = _roster_name(parts[0])
    if name is None:
        return []
    last = _office(parts[-1])
    chain: list[tuple[str, _Office]] = []
    for middle in parts[1:-1]:
        split = _office_then_name(middle)
        if split is None or last is None:
            chain = []
            break
        chain.append((name, split[0]))
        name = split[1]
    else:
        if last is not None:
            return [*chain, (name, last)]
    first = _office(parts[1])
    if first is None:
        return []
    title = ", ".join(part for part in parts[1:] if part)
    return [(_roster_name(parts[0]) or name, _Office(title, first.role, plural=False))]


def _office_then_name(text: str) -> tuple[_Office, str] | None:
    tokens = text.split()
    for cut in range(len(tokens) - 2, 0, -1):
        name = _roster_name(" ".join(tokens[cut:]))
        if name is None:
            continue
        office = _office(" ".join(tokens[:cut]))
        return (office, name) if office is not None else None
    return None


def _office_list(text: str, *, single: bool) -> tuple[list[tuple[str, _Office | None]], bool]:
    """A run-on list led by offices: "Councilmembers Dean Francois, Rob Saemann and Mike
    Detoy", "CHAIR MANNING, VICE CHAIR GARCIA, COMMITTEE MEMBERS FRY, CARR". Returns the
    people (each with its office, inherited from a plural office before it) and whether every
    part of ``text`` was read."""
    people: list[tuple[str, _Office | None]] = []
    current: _Office | None = None
    complete = True
    for part in split_list(name_case(text)):
        found = _office_and_name(part, single=single)
        if found is not None:
            current = found[0] if found[0].plural else None
            people.append((found[1], found[0]))
            continue
        name = _roster_name(part, single=single and current is not None)
        if name is None:
            complete = False
            continue
        people.append((name, current))
    return people, complete


def _read_rosters(lines: list[str], regions: list[tuple[int, int]]) -> list[Member]:
    """A roster printed by office on a US agenda's front page (Legistar and others):

        Mayor / Ray Jackson / Mayor Pro Tem / Justin Massey / Councilmembers / Dean Francois ...
        President Cynthia McClain-Hill / Vice President Susana Reyes / Commissioner Mia Lehrer
        John Fasana, Chair / Eric Garcetti, Vice Chair / James Butts / Carrie Bowen, non-voting
        Executive Team / Angela Crespi, Deputy City Manager / City Treasurer / Karen Nowicki

    A run of such lines counts when it names a chair or vice-chair or two members by office
    and is not an attendance list; the staff listed with it ("Executive Team") come with it.
    """
    runs: list[_Run] = []
    for begin, end in regions:
        runs.extend(_runs(lines, begin, min(end, len(lines))))
    if not any(run.is_roster() for run in runs):
        return []
    members: list[Member] = []
    seen: set[str] = set()
    for run in runs:
        if run.is_roster() or (run.staff and not run.attendance and run.members):
            for member in run.members:
                if member.name.lower() not in seen:
                    seen.add(member.name.lower())
                    members.append(member)
    return members


def _runs(lines: list[str], begin: int, end: int) -> list[_Run]:
    runs: list[_Run] = []
    run = _Run(members=[])
    pending: _Office | None = None
    gap = True  # a blank line since the last name: a bare name no longer continues the run
    for index in range(begin, end):
        raw = lines[index] if len(lines[index]) <= _ROSTER_LINE else "-"  # prose ends a run
        text = collapse_spaces(", ".join(c for c in split_cells(raw) if c.strip(" -")))
        if not text:
            gap = True
            continue
        if _STAFF_HEADING.match(text):
            if run.members or pending is not None:
                runs.append(run)
            run, pending, gap = _Run(members=[], staff=True), None, True
            continue
        office = _office(text)
        if office is not None:
            pending, gap = office, False
            continue
        people = _line_people(text)
        if not people:
            name = _roster_name(text)
            if name is not None and (pending is not None or (run.members and not gap)):
                people = [(name, pending)]
                if pending is not None and not pending.plural:
                    pending = None
        if people:
            if _ATTENDANCE.search(text):
                run.attendance = True
            default = Role.OFFICER if run.staff else Role.MEMBER
            for name, found in people:
                run.add(name, found, default=default)
            gap = False
            continue
        if run.members:
            runs.append(run)
        # Any other line ends the run; an attendance heading ("Present:", "Board members in
        # attendance were:") marks the next one, a paragraph that mentions attending does not.
        run = _Run(members=[], attendance=len(text) <= 80 and bool(_ATTENDANCE.search(text)))
        pending, gap = None, True
    if run.members:
        runs.append(run)
    return runs


def _line_people(text: str) -> list[tuple[str, _Office | None]]:
    """The people on one roster line, each with the office printed with them."""
    if _OFFICE.match(text) and ("," in text or " and " in text or " & " in text):
        people, complete = _office_list(text, single=False)
        if complete and people:
            return people
    with_offices = _name_and_offices(text)
    if with_offices:
        return [(name, office) for name, office in with_offices]
    found = _office_and_name(text)
    return [(found[1], found[0])] if found is not None else []


def _read_roll_call(lines: list[str], agenda: tuple[int, int]) -> list[Member]:
    """A roll-call item of an agenda that names the members by office (US agendas):
    "3. ROLL CALL / CHAIR MANNING, VICE CHAIR GARCIA, COMMITTEE MEMBERS FRY, CARR, MURPHY"."""
    begin, end = agenda[0], min(agenda[1], len(lines))
    for seen, index in enumerate(_lines_matching(lines, begin, end, _ROLL_CALL_ANYWHERE)):
        raw = lines[index]
        if seen >= _ROLL_CALLS_READ:
            break  # an agenda calls the roll once or twice; the rest is repetition
        if len(raw) > _ROSTER_LINE:
            continue
        heading = collapse_spaces(raw.replace("\t", " "))
        match = _ROLL_CALL.match(heading)
        if match is None:
            continue
        grouped = _roll_call_groups(lines, index + 1, end)
        if grouped:
            return grouped
        parts = [heading[match.end() :]]
        for following in range(index + 1, min(end, index + 8)):
            text = collapse_spaces(lines[following].replace("\t", " "))
            if not text and any(parts):
                break
            if _ITEM_START.match(text) or _ROLL_CALL.match(text):
                break
            parts.append(text)
        text = " ".join(part for part in parts if part)
        if not text or len(text) > _ROLL_CALL_TEXT or _ATTENDANCE.search(text):
            continue
        people, _ = _office_list(text, single=True)
        run = _Run(members=[])
        for name, office in people:
            run.add(name, office, default=Role.MEMBER)
        if run.is_roster():
            return _unique(run.members)
    return []


def _roll_call_groups(lines: list[str], begin: int, end: int) -> list[Member]:
    """A roll-call item of a board's agenda in groups, one name a line (foundation and
    nonprofit boards): "Directors (expected to be) Present:" / "Executive Officers …:" /
    "Guests:". Directors are members whether expected present or absent; guests are not."""
    members: list[Member] = []
    role: Role | None = None
    grouped = False
    for index in range(begin, min(end, begin + _ROLL_CALL_LINES)):
        text = collapse_spaces(lines[index].replace("\t", " "))
        if not text or text.lower() in ("none", "none.", "n/a", "-"):
            continue
        if _ITEM_START.match(text) or len(text) > _ROSTER_LINE:
            break
        if text.endswith(":") and len(text) <= 80:
            group = _ROLL_CALL_GROUP.search(text)
            if group is not None:
                grouped = True
                role = (
                    None if group.group("guests") else
                    Role.OFFICER if group.group("officers") else Role.MEMBER
                )  # fmt: skip
                continue
        name = _roster_name(text) if role is not None else None
        if name is None:
            role = None  # anything else ends the group
            continue
        members.append(Member(name=name, role=role or Role.MEMBER))
    if not grouped or sum(m.role is Role.MEMBER for m in members) < 2:
        return []
    return _unique(members)


def _lines_matching(
    lines: list[str], begin: int, end: int, pattern: re.Pattern[str]
) -> Iterator[int]:
    """Indexes of the lines in [begin, end) where ``pattern`` matches, found by one search over
    the joined text: documents run to hundreds of thousands of lines, few of which matter."""
    text = "\n".join(lines[begin:end])
    line, position, last = begin, 0, -1
    for match in pattern.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        if line != last:
            last = line
            yield line


class _Headings:
    """The numbered heading nearest above a line ("10. Appointment of Associate Members"),
    within a page; asked for lines in increasing order, so each line is looked at once."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        self._next = 0
        self._heading = ""
        self._at = -1

    def above(self, index: int) -> str:
        for line in range(self._next, index + 1):
            raw = self._lines[line]
            if len(raw) <= 120 and _ITEM_START.match(raw.lstrip()):
                self._heading, self._at = raw, line
        self._next = max(self._next, index + 1)
        return self._heading if index - self._at <= 60 else ""


def _unique(members: list[Member]) -> list[Member]:
    seen: set[str] = set()
    kept: list[Member] = []
    for member in members:
        if member.name.lower() not in seen:
            seen.add(member.name.lower())
            kept.append(member)
    return kept


# --- Members declared or appointed in minutes (AGMs of community councils and societies) ---

# "The new membership … was then declared as:", "The following officers were declared elected",
# "The following were agreed by the meeting:" before a list of one name (or "Office: Name") a line.
_APPOINTING = re.compile(
    r"\b(?:declared|elected|appointed|agreed|co-?opted|confirmed)\b", re.IGNORECASE
)
_APPOINTED = re.compile(
    r"\b(?:members?|membership|officers?|office[- ]bearers?|representatives?|following)\b",
    re.IGNORECASE,
)
# Where the name stops on an "Office: Name nominated by …" line.
_NAME_END = re.compile(
    r"\s+(?:nominated|proposed|seconded|elected|appointed|who|to\s+be)\b|\s*[\[(;,]",
    re.IGNORECASE,
)
_LABELLED = re.compile(r"^(?P<label>[^:]{2,60}):\s*(?P<rest>\S.*)$")
_QUALIFIED_OFFICE = re.compile(
    r"\b(?:associate|co-?opted|alternate|ex[- ]?officio|non[- ]?voting|honorary)\s+members?\b",
    re.IGNORECASE,
)
# A note in brackets after an appointed member's name: "(responsible for the website)".
_NOTE = re.compile(r"\(([^()]{1,120})\)\s*$")
_ANNOUNCEMENTS_READ = 50
_APPOINTED_LIST = 3  # fewer names than this after an announcement are not a membership


def read_appointed_members(lines: list[str]) -> list[Member]:
    """Members that minutes declare, elect or appoint (an AGM): each announcement line followed
    by one name a line ("Esme Clark", "Robert Preston (also representing …)") or one office a
    line ("Chair: Clare Dickson nominated by …", "Area Partnership Substitute: Greg Easton").
    Attendance ("Present:") is never read here. Offices are the members' titles, joined with
    "; " when one person holds several; chair and vice-chair come from the offices."""
    members: dict[str, Member] = {}
    index = 0
    headings = _Headings(lines)
    read = 0
    for announcement in _lines_matching(lines, 0, len(lines), _APPOINTING):
        raw = lines[announcement]
        if announcement < index or len(raw) > _ROSTER_LINE or not _APPOINTED.search(raw):
            continue
        index = announcement + 1
        read += 1
        if read > _ANNOUNCEMENTS_READ:
            break  # minutes announce a handful of appointments; the rest is repetition
        heading = headings.above(announcement)
        text = collapse_spaces(raw.replace("\t", " "))
        qualified = _QUALIFIED_OFFICE.search(heading + " " + text)
        base = _singular(name_case(qualified.group(0))) if qualified else None
        found: list[tuple[str, str | None, Role]] = []
        while index < len(lines):
            row = lines[index]
            row = collapse_spaces(row.replace("\t", " ")) if len(row) <= _ROSTER_LINE else ""
            entry = _appointed_row(row, base) if row else None
            if entry is None and not (row and _LABELLED.match(row)):
                break  # a blank line or prose ends the list; an unreadable "Office: …" does not
            if entry is not None:
                found.append(entry)
            index += 1
        if len(found) >= _APPOINTED_LIST or (members and found):
            for name, title, role in found:
                _appoint(members, name, title, role)
    return list(members.values()) if len(members) >= _APPOINTED_LIST else []


def _appointed_row(row: str, base: str | None) -> tuple[str, str | None, Role] | None:
    labelled = _LABELLED.match(row)
    if labelled:
        label = labelled.group("label").strip(" *")
        rest = labelled.group("rest")
        cut = _NAME_END.search(rest)
        name = _roster_name(rest[: cut.start()] if cut else rest)
        if name is None:
            return None
        office = _office(label)
        role = office.role if office is not None and office.role is not Role.OFFICER else None
        return name, label, role or Role.MEMBER
    note = _NOTE.search(row)
    name = _roster_name(row[: note.start()] if note else row)
    if name is None:
        return None
    title = base
    if note:
        title = f"{base} ({note.group(1)})" if base else f"({note.group(1)})"
    return name, title, Role.MEMBER


def _appoint(members: dict[str, Member], name: str, title: str | None, role: Role) -> None:
    member = members.get(name.lower())
    if member is None:
        members[name.lower()] = Member(name=name, role=role, title=title)
        return
    if role in (Role.CHAIR, Role.VICE_CHAIR):
        member.role = role
    if title:
        member.title = f"{member.title}; {title}" if member.title else title
