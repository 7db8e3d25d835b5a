"""Membership lists lose nobody: names outside ASCII, and lists of any length.

Both were found by a black-box attack on the reader: Welsh and Irish names vanished from a
membership list without a warning, and a 322-row list kept 194 rows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from packs import read_text

SEED = Path(__file__).parents[1] / "fixtures" / "seeds" / "rutland-hwb-2023-10-10.txt"
FIRST_ROW = "1. Diane Ellison (Councillor) CHAIR\tPortfolio Holder for Adult Care and Health, RCC"
LAST_MEMBER_ROW = "13.\tTim Smith (Councillor)\tPortfolio Holder for Children's Services, RCC"

ACCENTED = {
    "Kim Sorsky": "Siân Sorsky",
    "Ian Crowe": "Zoë Crowe",
    "Duncan Furey": "José Furey",
    "Louise Platt": "Louise Ø. Platt",
    "Sarah Prema": "Siobhán Oneill",
    "Debra Mitchell": "Łucja Świątek",
    "Dawn Godfrey": "Ffion Llŷr",
}


FIRST = ("Aled", "Bethan", "Carys", "Dafydd", "Eleri", "Gareth", "Heledd", "Iwan", "Nia", "Rhys")
SURNAME = ("Jones", "Evans", "Hughes", "Price", "Morgan", "Powell", "Pugh")


def seed() -> str:
    text = SEED.read_text(encoding="utf-8")
    assert FIRST_ROW in text and LAST_MEMBER_ROW in text
    return text


@pytest.mark.parametrize(("printed", "accented"), sorted(ACCENTED.items()))
def test_names_with_letters_outside_ascii_stay_on_the_list(printed: str, accented: str) -> None:
    text = seed()
    row_start = text.index("DISTRIBUTION")
    head, tail = text[:row_start], text[row_start:]
    pack = read_text(head + tail.replace(printed, accented, 1), source="accents.txt")
    names = [member.name for member in pack.members]
    assert accented in names
    assert printed not in names
    assert len(names) == 22


@pytest.mark.parametrize("extra", [100, 309, 1200])
def test_a_long_membership_list_keeps_every_row(extra: int) -> None:
    """13 members, then ``extra`` more numbered rows, then the officers: nothing cut."""
    text = seed()
    rows = "\n".join(
        f"{14 + n}.\t{FIRST[n % len(FIRST)]} {SURNAME[n % len(SURNAME)]}{_letters(n)}\tCo-opted"
        for n in range(extra)
    )
    pack = read_text(
        text.replace(LAST_MEMBER_ROW, LAST_MEMBER_ROW + "\n" + rows, 1), source="long.txt"
    )
    names = [member.name for member in pack.members]
    assert len(names) == 22 + extra
    assert names[13 + extra - 1] == f"{FIRST[(extra - 1) % len(FIRST)]} " + (
        f"{SURNAME[(extra - 1) % len(SURNAME)]}{_letters(extra - 1)}"
    )
    assert "Angela Hillery" in names  # the "for information" row after the long list
    # Warnings about the list itself (not about an action's owner missing from it).
    assert [w for w in pack.warnings if "member" in w and "owner" not in w] == []


def _letters(n: int) -> str:
    """A distinct lower-case suffix for row ``n`` (names carry no digits)."""
    out = ""
    while True:
        n, digit = divmod(n, 26)
        out += chr(ord("a") + digit)
        if n == 0:
            return out
