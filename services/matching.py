"""Fuzzy text matching for search and decisions: a cheap SQL prefilter, then rapidfuzz ranking.

The database narrows the rows with ``LIKE`` on word fragments (so it never returns a whole
board's history); Python then scores the few hundred candidates word by word, so a typo
("bettr care") still finds "Better Care Fund" while unrelated text scores below the floor.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from rapidfuzz import fuzz, process
from sqlalchemy import BindParameter, ColumnElement, and_, bindparam, case, false, literal, or_

from services.names import name_key

# Below this a candidate is not shown at all: unrelated text must not pad the results.
SCORE_FLOOR = 70.0
# A query word counts as present in a text when some word of the text is this similar to it:
# one typo in a word of five letters or more passes, another surname ("Ellison" for
# "Willison", 80) does not.
WORD_FLOOR = 82.0
# How many rows of each kind the SQL prefilter hands to the ranking: those containing the
# query's whole words first, then the latest.
CANDIDATE_CAP = 100
# Words that would match nearly everything; ignored unless the query has nothing else.
STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "were",
        "with",
    }
)
_ASCII_NOT_WORD = re.compile(r"[^a-z0-9]+")

# How many SQL fragments each word of a query has (see Query.shape).
Shape = tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Query:
    """What was asked, normalised: the whole phrase and the words that matter."""

    text: str
    words: tuple[str, ...]

    @property
    def shape(self) -> Shape:
        """How many fragments each word has: all the SQL of :func:`prefilter` depends on."""
        return tuple(len(_fragments(word)) for word in self.words)

    def params(self) -> dict[str, str]:
        """Values for the parameters of :func:`prefilter` and :func:`whole_words`.

        They need no ``LIKE`` escaping: :func:`normalise` leaves no ``%``, ``_`` or ``/``.
        """
        values: dict[str, str] = {}
        for index, word in enumerate(self.words):
            values[f"word{index}"] = word
            for part, fragment in enumerate(_fragments(word)):
                values[f"fragment{index}_{part}"] = fragment
        return values


def _fragments(word: str) -> tuple[str, ...]:
    """What to look for in SQL for ``word``: its head and its tail, so one typo still matches.

    "bettr" is looked for as "bet" or "ttr" (finding "better"), "pharmaceutcal" as "phar" or
    "tcal"; words of three letters or fewer as they are.
    """
    if len(word) <= 3:
        return (word,)
    size = 3 if len(word) <= 5 else 4
    return tuple(dict.fromkeys((word[:size], word[-size:])))


def normalise(text: str) -> str:
    """Lower case, no accents, punctuation or underscores: ``"Well-being_"`` -> ``"well being"``."""
    if text.isascii():
        # The common case, and the hot path of ranking: no Unicode decomposition needed.
        return _ASCII_NOT_WORD.sub(" ", text.lower()).strip()
    return " ".join(name_key(text).replace("_", " ").split())


def parse_query(words: str) -> Query | None:
    """The query for ``words``; None when nothing searchable is left (blank or punctuation)."""
    text = normalise(words)
    if not text:
        return None
    tokens = text.split()
    significant = tuple(dict.fromkeys(t for t in tokens if t not in STOPWORDS)) or tuple(
        dict.fromkeys(tokens)
    )
    return Query(text=text, words=significant)


def _needs_every_word(shape: Shape) -> bool:
    """True when a text lacking any one word cannot reach :data:`SCORE_FLOOR` anyway."""
    return (100.0 - SCORE_FLOOR) * len(shape) < 100.0


def _contains(column: Any, key: str, *, like_ignores_case: bool) -> ColumnElement[bool]:
    value: BindParameter[str] = bindparam(key)
    found = column.contains(value) if like_ignores_case else column.icontains(value)
    return cast(ColumnElement[bool], found)


def prefilter(
    shape: Shape, columns: Sequence[Any], *, like_ignores_case: bool
) -> ColumnElement[bool]:
    """SQL: the row's ``columns`` contain fragments of the query's words, whatever the case.

    Fragments of every word when a text missing one could not score (queries of up to three
    words), else of any word. The values are bound parameters (:meth:`Query.params`), so a
    statement built once per :attr:`Query.shape` serves every query of that shape. SQLite's
    ``LIKE`` already ignores (ASCII) case, as its ``lower()`` only folds ASCII: pass
    ``like_ignores_case`` there to skip ``lower()``, which nearly triples the scan time.
    """

    def has(index: int, fragments: int) -> ColumnElement[bool]:
        return or_(
            false(),
            *(
                _contains(column, f"fragment{index}_{part}", like_ignores_case=like_ignores_case)
                for column in columns
                for part in range(fragments)
            ),
        )

    each = [has(index, fragments) for index, fragments in enumerate(shape)]
    return and_(*each) if _needs_every_word(shape) else or_(false(), *each)


def whole_words(
    shape: Shape, columns: Sequence[Any], *, like_ignores_case: bool
) -> ColumnElement[int]:
    """SQL: how many of the query's words the row contains whole; order candidates by it first.

    Rows that merely share a fragment ("ith" of "smith", in "with") then cannot crowd rows with
    the real word out of the :data:`CANDIDATE_CAP`.
    """
    total: ColumnElement[int] = literal(0)
    for index in range(len(shape)):
        present = or_(
            false(),
            *(
                _contains(column, f"word{index}", like_ignores_case=like_ignores_case)
                for column in columns
            ),
        )
        total = total + case((present, 1), else_=0)
    return total


def _word_score(word: str, padded: str) -> float:
    """100 when a word of ``padded`` (" the text ") is or starts with ``word``, else fuzzy."""
    # Short words are too easily "similar" to anything: they must be a whole word.
    if len(word) < 3:
        return 100.0 if f" {word} " in padded else 0.0
    if f" {word}" in padded:
        return 100.0
    if len(word) < 4:
        return 0.0
    best = process.extractOne(word, padded.split(), scorer=fuzz.ratio, score_cutoff=WORD_FLOOR)
    return float(best[1]) if best is not None else 0.0


def score_text(query: Query, text: str | None) -> float:
    """0-100: how well ``text`` answers ``query``; 0 below :data:`SCORE_FLOOR`."""
    if not text:
        return 0.0
    normal = normalise(text)
    if not normal:
        return 0.0
    padded = f" {normal} "
    # Words may miss this many points in all before the text cannot reach the floor.
    allowance = (100.0 - SCORE_FLOOR) * len(query.words)
    total = 0.0
    for word in query.words:
        found = _word_score(word, padded)
        allowance -= 100.0 - found
        if allowance < 0:
            return 0.0
        total += found
    # Every word present ties many texts at 100; the phrase kept together ranks first.
    phrase = fuzz.partial_ratio(query.text, normal)
    return round(0.85 * total / len(query.words) + 0.15 * phrase, 1)
