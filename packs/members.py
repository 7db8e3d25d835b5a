"""The membership / distribution list printed with the agenda."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.roles import Role

from .model import Member
from .names import clean_name, has_honorific, looks_like_person
from .text import collapse_spaces, is_heading_like, split_cells

__all__ = ["names_in_list", "person_name", "read_members", "row_cells"]

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
# Row numbers of lists of any length (a national network's list runs past 999).
_NUMBER_CELL = re.compile(r"^\d{1,4}[.)]?$")
_NUMBER_PREFIX = re.compile(r"^\d{1,4}[.)]\s+(?P<rest>\S.*)$")
_HEADER_WORDS = frozenset(
    {"name", "names", "title", "job title", "organisation", "organization", "role", "position",
     "representing", "no", "no.", "ref", "member", "members", "contact", ""}
)  # fmt: skip
_COUNCILLORS = re.compile(r"^\s*(?:county\s+)?(?:councillors|cllrs\.?)\s*:?\s+", re.IGNORECASE)
_LIST_TOKEN = re.compile(r"[(),;]|\s+(?:and|&)\s+")
_VICE = re.compile(r"\(?\bvice[- ]?chair(?:man|woman|person)?\b\)?", re.IGNORECASE)
_CHAIR = re.compile(r"\(?\bchair(?:man|woman|person)?\b\)?", re.IGNORECASE)


@dataclass(slots=True)
class _Row:
    role: Role
    cells: list[str]
    numbered: bool


def read_members(lines: list[str], regions: list[tuple[int, int]]) -> list[Member]:
    """Members from the first membership list found in ``regions`` (line ranges).

    Later lists in the same front matter (packs sometimes print a second, older
    distribution list) only add chair / vice-chair markers to people already listed.
    """
    blocks: list[list[Member]] = []
    for begin, end in regions:
        index = begin
        while index < end:
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
        for part in _split_list(text)
        if _person(prefix + part) is not None
    ]
    return rows if len(rows) >= minimum else []


def _split_list(text: str) -> list[str]:
    """Split on commas, semicolons and "and" outside brackets."""
    parts: list[str] = []
    depth, position = 0, 0
    for match in _LIST_TOKEN.finditer(text):
        token = match.group(0)
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            parts.append(text[position : match.start()])
            position = match.end()
    parts.append(text[position:])
    return [collapse_spaces(part).strip(" .") for part in parts if part.strip(" .")]


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
    if not name or not looks_like_person(name, titled=has_honorific(cell)):
        return None
    return name, marker


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
