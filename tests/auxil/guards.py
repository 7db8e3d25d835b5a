"""A guard against hangs, not a speed test: timings are measured in bench/, not asserted here.

The limit is tens of times what bench/adversarial.py measures, so a slow shared machine
passes while catastrophic backtracking (minutes or hours) still fails instead of hanging CI.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

HANG_LIMIT_SECONDS = 30.0


@contextmanager
def does_not_hang(limit: float = HANG_LIMIT_SECONDS) -> Iterator[None]:
    started = time.perf_counter()
    yield
    elapsed = time.perf_counter() - started
    assert elapsed < limit, f"took {elapsed:.1f} s: a pattern is backtracking"
