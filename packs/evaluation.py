"""Scoring what the reader printed against a hand-checked expected JSON (SCHEMA.md shape).

Each field gets true positives, false positives and false negatives, pooled over documents:
precision = TP / (TP + FP), recall = TP / (TP + FN). Lists (agenda, members, attendance,
actions, resolutions) are first aligned item to item, then each attribute of the aligned
items is scored like a single value. Text is compared after normalising case, spacing,
dashes and quotes; long texts with a fuzzy ratio, so a stray comma does not count as wrong.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rapidfuzz import fuzz

# Similarity (0-100) at which two texts count as the same.
TITLE_MATCH = 92.0
TEXT_MATCH = 88.0
NAME_MATCH = 90.0
# Aligning list items: looser, since attributes are then scored one by one.
ALIGN_DESCRIPTION = 70.0

_DASHES = str.maketrans(
    {"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}
)
_SPACES = re.compile(r"\s+")
_HONORIFIC = re.compile(
    r"\b(?:councillor|cllr|mr|mrs|ms|miss|dr|prof|sgt|cc|mbe|obe|cbe)\b\.?", re.IGNORECASE
)


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn


Scores = dict[str, Counts]
Same = Callable[[Any, Any], bool]

# Every field the benchmark reports, in the order it prints them.
FIELDS: tuple[str, ...] = (
    "body",
    "organisation",
    "meeting.start",
    "meeting.location",
    "meeting.remote_link",
    "agenda.items",
    "agenda.title",
    "agenda.presenter",
    "agenda.presenter_role",
    "agenda.report_number",
    "agenda.pages",
    "agenda.duration_minutes",
    "agenda.purpose",
    "next_meeting.start",
    "next_meeting.location",
    "members.items",
    "members.role",
    "members.title",
    "previous_meeting.date",
    "previous_meeting.present",
    "previous_meeting.apologies",
    "actions.items",
    "actions.ref",
    "actions.owner",
    "actions.due",
    "actions.status",
    "resolutions.items",
    "resolutions.outcomes",
    "resolutions.text",
)


def normal_text(value: object) -> str:
    text = unicodedata.normalize("NFKC", str(value)).translate(_DASHES).casefold()
    return _SPACES.sub(" ", text).strip().strip(".,;: ")


def normal_name(value: object) -> str:
    return _SPACES.sub(" ", _HONORIFIC.sub(" ", normal_text(value)).replace(".", " ")).strip()


_LEAD_IN = re.compile(r"^that(?:\s+the\s+\w+)?\s*:?\s*", re.IGNORECASE)
_LABEL = re.compile(r"(?:^|(?<=\s))(?:-\s*)?\(?[a-z]{1,3}\)\s*", re.IGNORECASE)
_SHOUTED = re.compile(r"\b[A-Z]{4,}\b")


def normal_resolution(value: object) -> str:
    """Resolution text without the conventions annotators and readers differ on: the "That
    the Board:" lead-in, "(a)"/"b)" labels, and upper-case outcome words (scored separately)."""
    text = _SHOUTED.sub(" ", unicodedata.normalize("NFKC", str(value)))
    text = _LABEL.sub(" ", _LEAD_IN.sub("", text.strip()))
    return normal_text(text)


def same_resolution(a: Any, b: Any) -> bool:
    return fuzz.token_sort_ratio(normal_resolution(a), normal_resolution(b)) >= TEXT_MATCH


def same_text(a: Any, b: Any) -> bool:
    return normal_text(a) == normal_text(b)


def same_title(a: Any, b: Any) -> bool:
    return fuzz.ratio(normal_text(a), normal_text(b)) >= TITLE_MATCH


def same_long_text(a: Any, b: Any) -> bool:
    return fuzz.token_sort_ratio(normal_text(a), normal_text(b)) >= TEXT_MATCH


def same_name(a: Any, b: Any) -> bool:
    return fuzz.token_sort_ratio(normal_name(a), normal_name(b)) >= NAME_MATCH


def same_instant(a: Any, b: Any) -> bool:
    try:
        return datetime.fromisoformat(str(a)) == datetime.fromisoformat(str(b))
    except ValueError:
        return False


def same_value(a: Any, b: Any) -> bool:
    return bool(a == b)


def same_set(a: Any, b: Any) -> bool:
    return {normal_text(x) for x in a or []} == {normal_text(x) for x in b or []}


def score_value(predicted: Any, expected: Any, same: Same) -> Counts:
    """One value: right (TP), wrong (FP and FN), invented (FP) or missed (FN)."""
    empty_p = predicted is None or predicted == [] or predicted == ""
    empty_e = expected is None or expected == [] or expected == ""
    if empty_p and empty_e:
        return Counts()
    if empty_p:
        return Counts(fn=1)
    if empty_e:
        return Counts(fp=1)
    return Counts(tp=1) if same(predicted, expected) else Counts(fp=1, fn=1)


def align(
    predicted: Sequence[Any],
    expected: Sequence[Any],
    similarity: Callable[[Any, Any], float],
    threshold: float,
) -> list[tuple[Any, Any]]:
    """Greedy best-first pairing of items whose similarity reaches ``threshold``."""
    candidates = sorted(
        ((similarity(p, e), i, j) for i, p in enumerate(predicted) for j, e in enumerate(expected)),
        reverse=True,
    )
    used_p: set[int] = set()
    used_e: set[int] = set()
    pairs: list[tuple[Any, Any]] = []
    for value, i, j in candidates:
        if value < threshold or i in used_p or j in used_e:
            continue
        used_p.add(i)
        used_e.add(j)
        pairs.append((predicted[i], expected[j]))
    return pairs


def _score_list(
    scores: Scores,
    prefix: str,
    predicted: Sequence[Mapping[str, Any]],
    expected: Sequence[Mapping[str, Any]],
    similarity: Callable[[Any, Any], float],
    threshold: float,
    attributes: Mapping[str, Same],
) -> None:
    pairs = align(predicted, expected, similarity, threshold)
    scores[f"{prefix}.items"].add(
        Counts(tp=len(pairs), fp=len(predicted) - len(pairs), fn=len(expected) - len(pairs))
    )
    for name, same in attributes.items():
        for p, e in pairs:
            scores[f"{prefix}.{name}"].add(score_value(p.get(name), e.get(name), same))


def _score_names(
    scores: Scores, field: str, predicted: Iterable[str], expected: Iterable[str]
) -> None:
    p, e = list(predicted), list(expected)
    pairs = align(
        p, e, lambda a, b: fuzz.token_sort_ratio(normal_name(a), normal_name(b)), NAME_MATCH
    )
    scores[field].add(Counts(tp=len(pairs), fp=len(p) - len(pairs), fn=len(e) - len(pairs)))


def _get(document: Mapping[str, Any], path: str) -> Any:
    value: Any = document
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def evaluate(predicted: Mapping[str, Any], expected: Mapping[str, Any]) -> Scores:
    """Counts per field for one document."""
    scores: Scores = {field: Counts() for field in FIELDS}
    for field, same in (
        ("body", same_text),
        ("organisation", same_text),
        ("meeting.start", same_instant),
        ("meeting.location", same_title),
        ("meeting.remote_link", same_value),
        ("next_meeting.start", same_instant),
        ("next_meeting.location", same_title),
        ("previous_meeting.date", same_value),
    ):
        scores[field].add(score_value(_get(predicted, field), _get(expected, field), same))

    _score_list(
        scores,
        "agenda",
        predicted.get("agenda") or [],
        expected.get("agenda") or [],
        lambda p, e: 100.0 if same_text(p.get("number"), e.get("number")) else 0.0,
        100.0,
        {
            "title": same_title,
            "presenter": same_name,
            "presenter_role": same_long_text,
            "report_number": same_text,
            "pages": same_value,
            "duration_minutes": same_value,
            "purpose": same_text,
        },
    )
    _score_list(
        scores,
        "members",
        predicted.get("members") or [],
        expected.get("members") or [],
        lambda p, e: fuzz.token_sort_ratio(normal_name(p.get("name")), normal_name(e.get("name"))),
        NAME_MATCH,
        {"role": same_text, "title": same_long_text},
    )
    previous_p = predicted.get("previous_meeting") or {}
    previous_e = expected.get("previous_meeting") or {}
    for part in ("present", "apologies"):
        _score_names(
            scores,
            f"previous_meeting.{part}",
            previous_p.get(part) or [],
            previous_e.get(part) or [],
        )
    _score_list(
        scores,
        "actions",
        predicted.get("actions") or [],
        expected.get("actions") or [],
        lambda p, e: fuzz.token_set_ratio(
            normal_text(p.get("description")), normal_text(e.get("description"))
        ),
        ALIGN_DESCRIPTION,
        {"ref": same_text, "owner": same_name, "due": same_value, "status": same_text},
    )
    _score_list(
        scores,
        "resolutions",
        predicted.get("resolutions") or [],
        expected.get("resolutions") or [],
        lambda p, e: (
            fuzz.token_set_ratio(normal_resolution(p.get("text")), normal_resolution(e.get("text")))
            if same_text(p.get("item"), e.get("item"))
            else 0.0
        ),
        ALIGN_DESCRIPTION,
        {"outcomes": same_set, "text": same_resolution},
    )
    return scores


def pooled(documents: Iterable[Scores]) -> Scores:
    total: Scores = {field: Counts() for field in FIELDS}
    for scores in documents:
        for field, counts in scores.items():
            total[field].add(counts)
    return total


def scored_fields(scores: Scores) -> list[str]:
    """Fields with something expected or found; the others say nothing about the reader."""
    return [field for field, c in scores.items() if c.tp + c.fp + c.fn]


def mean_f1(scores: Scores) -> float:
    """The headline figure: the mean F1 over the fields that had anything to find or found."""
    fields = scored_fields(scores)
    return sum(scores[field].f1 for field in fields) / len(fields) if fields else 1.0
