"""Extraction accuracy: the reader over every hand-read document, scored against expected JSON.

    python bench/extraction.py [--expected DIR] [--seeds DIR] [--corpus DIR]
                               [--min-mean 0.95] [--min-seeds 0.98]

Two groups, each scored on its own: the five seed packs (tests/expected/*.json against
tests/fixtures/seeds/) and the corpus documents someone has read by hand
(tests/expected/corpus/*.json against tests/fixtures/corpus/, each read in the zone its expected
file names). For each group it prints every document's mean F1 and read time, then per-field
precision, recall and F1 pooled over the group, the weakest fields and the mean F1 over fields.
Last, the refusals: how many of all the corpus documents (read by hand or not) the reader
refused, with its reasons. Exits 1 when a group's mean is below its target.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from packs import LONDON, PackError, read_file  # noqa: E402
from packs.evaluation import (  # noqa: E402
    FIELDS,
    Scores,
    evaluate,
    mean_f1,
    pooled,
    scored_fields,
)

EXPECTED = ROOT / "tests" / "expected"
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
CORPUS = ROOT / "tests" / "fixtures" / "corpus"


@dataclass(slots=True)
class Group:
    name: str
    expected: Path
    documents: Path
    target: float


def document_for(expected_file: Path, documents: Path) -> Path | None:
    """The document an expected file describes: the same stem, any extension."""
    matches = sorted(p for p in documents.glob(f"{expected_file.stem}.*") if p.suffix != ".json")
    return matches[0] if matches else None


def read_expected(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def zone_of(expected: dict[str, Any]) -> ZoneInfo:
    name = expected.get("zone")
    return ZoneInfo(name) if isinstance(name, str) else LONDON


def run_group(group: Group) -> float | None:
    expected_files = sorted(group.expected.glob("*.json"))
    if not expected_files:
        print(f"{group.name}: no expected files in {group.expected}")
        return None
    print(f"== {group.name}: {len(expected_files)} documents read by hand")
    per_document: dict[str, Scores] = {}
    for expected_file in expected_files:
        document = document_for(expected_file, group.documents)
        if document is None:
            print(f"{expected_file.stem:64} no document in {group.documents}", file=sys.stderr)
            return 0.0
        expected = read_expected(expected_file)
        started = time.perf_counter()
        try:
            predicted = read_file(document, zone=zone_of(expected)).to_json()
        except PackError as exc:
            predicted = {}
            note = f"REFUSED: {exc}"
        else:
            note = f"{len(predicted.get('warnings') or [])} warnings"
        elapsed = time.perf_counter() - started
        scores = evaluate(predicted, expected)
        per_document[document.name] = scores
        print(f"{document.name:72} mean F1 {mean_f1(scores):.3f}  read in {elapsed:6.3f} s  {note}")
    total = pooled(per_document.values())
    print()
    print(f"{'field':28} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8}")
    for field in FIELDS:
        counts = total[field]
        if counts.tp + counts.fp + counts.fn == 0:
            print(f"{field:28} {'-':>9} {'-':>7} {'-':>6} {0:>8}  (nothing expected or found)")
            continue
        print(
            f"{field:28} {counts.precision:9.3f} {counts.recall:7.3f} {counts.f1:6.3f}"
            f" {counts.support:8d}"
        )
    weakest = sorted(
        (counts.f1, field) for field, counts in total.items() if counts.tp + counts.fp + counts.fn
    )[:6]
    print()
    print("weakest: " + ", ".join(f"{field} {f1:.3f}" for f1, field in weakest))
    mean = mean_f1(total)
    print(
        f"{group.name}: mean F1 over {len(scored_fields(total))} of {len(FIELDS)} fields"
        f" ({len(per_document)} documents): {mean:.3f}"
        f" (target {group.target:.2f}; {mean / group.target:.3f} of target)"
    )
    print()
    return mean


def refusals(corpus: Path) -> int:
    """Read every corpus document; print and count the ones refused."""
    documents = sorted(p for p in corpus.iterdir() if p.is_file() and p.name != "README.md")
    refused: list[tuple[str, str]] = []
    for document in documents:
        try:
            read_file(document)
        except PackError as exc:
            refused.append((document.name, str(exc)))
    print(f"== refusals over the whole corpus: {len(refused)} of {len(documents)} refused")
    for name, reason in refused:
        print(f"  {reason}" if reason.startswith(name) else f"  {name}: {reason}")
    return len(refused)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--expected", type=Path, default=EXPECTED)
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--min-mean", type=float, default=0.95, help="corpus target")
    parser.add_argument("--min-seeds", type=float, default=0.98, help="seeds target")
    args = parser.parse_args()

    groups = (
        Group("seeds", args.expected, args.seeds, args.min_seeds),
        Group("corpus", args.expected / "corpus", args.corpus, args.min_mean),
    )
    failed = False
    for group in groups:
        mean = run_group(group)
        failed |= mean is not None and mean < group.target
    refused = refusals(args.corpus) if args.corpus.is_dir() else 0
    return 1 if failed or refused else 0


if __name__ == "__main__":
    raise SystemExit(main())
