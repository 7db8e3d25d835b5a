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
from packs.formats import html_text  # noqa: E402

MINUTES = (
    "\n3) DATE OF NEXT MEETING\n\nTuesday, 16th January 2024 at 2.00 p.m.\n\n"
    "Minutes of the MEETING held on Tuesday, 27th June, 2023\n\nPRESENT\n\nCllr A Smith\n\n"
)
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
        "actions table rows": lambda: (
            SUMMONS
            + "No.\tRef.\tAction\tPerson\n"
            + _fill("1.\t3\tTo circulate by 18 th July 2023\tCouncillor Smith\n", size)
        ),
        "action entries": lambda: (
            SUMMONS + MINUTES + _fill("Action 1\n\nSmith to do it.\n\n", size)
        ),
        "endless action owner": lambda: (
            SUMMONS + MINUTES + "ACTION: " + _fill("Councillor Smith and ", size)
        ),
        "endless resolution": lambda: (
            SUMMONS
            + MINUTES
            + "RESOLVED\n\nThat "
            + _fill("be noted and the Board agrees and ", size)
        ),
        "endless attendance line": lambda: (
            SUMMONS + MINUTES + _fill("Councillor Smith (Cllr), Mr A B ", size)
        ),
        "meeting links on one line": lambda: SUMMONS + _fill("https://zoom.us/j/1?pwd=x ", size),
        "outline numbering": lambda: (
            SUMMONS + _fill("I. CALL TO ORDER\nA. Roll call\n1. Minutes\n", size)
        ),
        "front matter and bullets": lambda: (
            "---\ndate: 2024-03-04T18:30:00Z\nlocation: Hall\n---\n"
            + _fill("- Item\n  - a\n", size)
        ),
    }


_NOISE_FLOOR = 0.05


def html_inputs(size: int) -> dict[str, Callable[[], str]]:
    return {
        "html: unclosed '<a '": lambda: _fill("<a ", size // 8),
        "html: unclosed comments": lambda: _fill("<!--", size // 8),
        "html: endless table cells": lambda: "<table><tr>" + _fill("<td>x", size),
        "html: endless list items": lambda: "<ol>" + _fill("<li>", size),
    }


def _time(work: Callable[[str], object], argument: str) -> float:
    started = time.perf_counter()
    work(argument)
    return time.perf_counter() - started


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
    # HTML conversion is not under the 2 s rule; what matters is that it stays linear, so each
    # input is timed at half and full size: a ratio near 2 is linear, 4 would be quadratic.
    superlinear = False
    halves = html_inputs(size // 2)
    for name, build in html_inputs(size).items():
        half = _time(html_text, halves[name]())
        full = _time(html_text, build())
        ratio = full / half if half else 0.0
        # Below 50 ms a ratio is the timer's and the scheduler's noise, not the input's growth.
        superlinear = superlinear or (ratio > 3.0 and full > _NOISE_FLOOR)
        print(f"{name:28} half {half:6.3f} s  full {full:6.3f} s  growth x{ratio:.2f}")
    print(f"worst: {worst:.3f} s ({worst / args.limit:.3f} of limit)")
    return 0 if worst <= args.limit and not superlinear else 1


if __name__ == "__main__":
    raise SystemExit(main())
