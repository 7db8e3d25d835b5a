"""Worst-case inputs for the reader's patterns: 2 MB texts built to trigger backtracking.

    python bench/adversarial.py [--size-mb 2] [--limit 2.0]

Prints the time per input and its ratio to the limit; exits 1 if any input exceeds it.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from packs import PackError, read_text  # noqa: E402

SUMMONS = (
    "A meeting of the HEALTH AND WELLBEING BOARD will be held in the Council Chamber on "
    "Tuesday, 10th October, 2023 commencing at 2.00 pm.\n\nA G E N D A\n\n"
)


def _fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def inputs(size: int) -> dict[str, Callable[[], str]]:
    return {
        "digit runs": lambda: _fill("1234567890", size),
        "spaces": lambda: _fill(" ", size),
        "tabs and spaces": lambda: _fill(" \t", size),
        "'(Pages' without end": lambda: _fill("(Pages 1 - ", size),
        "open brackets": lambda: _fill("(((((([[[[", size),
        "agenda numbers, no titles": lambda: SUMMONS + _fill("1) \n", size),
        "one endless line of words": lambda: SUMMONS + _fill("ITEM FOR DISCUSSION ", size),
        "dates without end": lambda: _fill("10th October 2023 at ", size),
        "nested markup": lambda: SUMMONS + _fill("**<b>**<i>", size),
        "long name-like line": lambda: SUMMONS + _fill("Councillor Smith (Cllr) ", size),
        "minutes headings": lambda: SUMMONS + _fill("RESOLVED\nThat the Board:\n- a) ", size),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=2.0)
    parser.add_argument("--limit", type=float, default=2.0, help="seconds allowed per input")
    args = parser.parse_args()
    size = int(args.size_mb * 1024 * 1024)
    worst = 0.0
    for name, build in inputs(size).items():
        text = build()
        started = time.perf_counter()
        try:
            read_text(text, source=name)
            outcome = "read"
        except PackError:
            outcome = "PackError"
        elapsed = time.perf_counter() - started
        worst = max(worst, elapsed)
        print(
            f"{name:28} {len(text) / 1048576:4.1f} MB  {elapsed:6.3f} s"
            f"  ({elapsed / args.limit:.3f} of the {args.limit:g} s limit)  {outcome}"
        )
    print(f"worst: {worst:.3f} s ({worst / args.limit:.3f} of limit)")
    return 0 if worst <= args.limit else 1


if __name__ == "__main__":
    raise SystemExit(main())
