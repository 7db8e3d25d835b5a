"""Name keys: how two spellings of one name are recognised as the same."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NOT_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=16384)
def name_key(name: str) -> str:
    """A comparison key: case, accents, punctuation and spacing ignored (cached: the same
    names are keyed for every question about people)."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", plain.casefold()).split())


def slugify(name: str) -> str:
    """``Rutland Health and Wellbeing Board`` -> ``rutland-health-and-wellbeing-board``."""
    return name_key(name).replace(" ", "-").replace("_", "-") or "board"
