"""The reader on random and mutated packs: it returns a Pack or raises PackError, nothing else."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from packs import Pack, PackError, read_text

SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"
# The summons and agenda are where the reader's patterns work hardest.
HEAD = (SEEDS / "rutland-hwb-2023-10-10.txt").read_text()[:20000]
TABLE_HEAD = (SEEDS / "leicestershire-hwb-2023-10-31.txt").read_text()[:20000]

PACK_WORDS = st.sampled_from(
    [
        "AGENDA",
        "A G E N D A",
        "(Pages",
        "12",
        "-",
        "34)",
        "ITEM FOR",
        "DECISION",
        "30 MIN",
        "Tuesday,",
        "10th",
        "18 th",
        "October",
        "2023",
        "at",
        "2.00",
        "pm",
        "p.m.",
        "RESOLVED",
        "ACTION:",
        "Councillor",
        "CHAIR",
        "\t",
        "\n",
        "\n\n",
        "1)",
        "8A.",
        "A.",
        "<b>",
        "</b>",
        "**",
        "To receive Report No. 148/2023 from",
        "DATE OF NEXT MEETING",
        "To be confirmed",
        "Minutes of the meeting held on",
        "PRESENT",
        "APOLOGIES:",
        "Action 9",
        "\f",
        "(",
        ")",
        "\u0421ouncil",
        "exempt information",
        "Part II",
        "   ",
        "0000000000",
    ]
)


def _read(text: str) -> None:
    try:
        result = read_text(text, source="fuzz.txt")
    except PackError as error:
        assert str(error)
        return
    assert isinstance(result, Pack)
    result.to_json()


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_random_text_reads_or_raises_pack_error(text: str) -> None:
    _read(text)


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PACK_WORDS, max_size=400).map(" ".join))
def test_pack_like_word_salad_reads_or_raises_pack_error(text: str) -> None:
    _read(text)


@settings(max_examples=60, deadline=4000, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from([HEAD, TABLE_HEAD]),
    st.lists(
        st.tuples(
            st.sampled_from(["delete", "insert", "duplicate", "swap"]),
            st.integers(min_value=0, max_value=19999),
            st.integers(min_value=1, max_value=400),
            PACK_WORDS,
        ),
        min_size=1,
        max_size=12,
    ),
)
def test_mutated_real_packs_read_or_raise_pack_error(
    base: str, edits: list[tuple[str, int, int, str]]
) -> None:
    text = base
    for kind, at, length, word in edits:
        at = at % (len(text) + 1)
        if kind == "delete":
            text = text[:at] + text[at + length :]
        elif kind == "insert":
            text = text[:at] + word + text[at:]
        elif kind == "duplicate":
            text = text[:at] + text[at : at + length] * 3 + text[at:]
        else:
            lines = text.split("\n")
            i, j = at % len(lines), (at + length) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    _read(text)


def test_shuffled_lines_of_every_sample_read_or_raise_pack_error() -> None:
    shuffler = random.Random(20231010)
    for path in sorted(SEEDS.glob("*.txt")):
        lines = path.read_text().split("\n")[:3000]
        shuffler.shuffle(lines)
        _read("\n".join(lines))
