"""Extraction accuracy: the reader over every sample, scored against hand-checked JSON.

    python bench/extraction.py [--seeds DIR] [--expected DIR] [--min-mean 0.95]

Prints per-field precision, recall and F1 pooled over the samples, the weakest fields, and
the mean F1 over fields. Exits 1 when the mean is below --min-mean.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from packs import read_file  # noqa: E402
from packs.evaluation import (  # noqa: E402
    FIELDS,
    Scores,
    evaluate,
    mean_f1,
    pooled,
    scored_fields,
)

DEFAULT_SEEDS = ROOT / "tests" / "fixtures" / "seeds"
DEFAULT_EXPECTED = ROOT / "tests" / "expected"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--expected", type=Path, default=DEFAULT_EXPECTED)
    parser.add_argument("--min-mean", type=float, default=0.95)
    args = parser.parse_args()

    expected_files = sorted(args.expected.glob("*.json"))
    if not expected_files:
        print(f"no expected files in {args.expected}", file=sys.stderr)
        return 1
    per_document: dict[str, Scores] = {}
    for expected_file in expected_files:
        pack_file = args.seeds / f"{expected_file.stem}.txt"
        started = time.perf_counter()
        predicted = read_file(pack_file).to_json()
        elapsed = time.perf_counter() - started
        scores = evaluate(predicted, json.loads(expected_file.read_text()))
        per_document[expected_file.stem] = scores
        print(f"{expected_file.stem:36} mean F1 {mean_f1(scores):.3f}  read in {elapsed:.3f} s")

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
    )[:5]
    print()
    print("weakest: " + ", ".join(f"{field} {f1:.3f}" for f1, field in weakest))
    mean = mean_f1(total)
    print(
        f"mean F1 over {len(scored_fields(total))} of {len(FIELDS)} fields"
        f" ({len(per_document)} samples): {mean:.3f}"
        f" (target {args.min_mean:.2f}; {mean / args.min_mean:.3f} of target)"
    )
    return 0 if mean >= args.min_mean else 1


if __name__ == "__main__":
    raise SystemExit(main())
