"""Text from scanned pages, read by the Tesseract command-line tool.

:mod:`packs.formats.pdf` renders each page that has no text layer to a greyscale image
(under its PDFium lock) and hands the image here; this module only runs ``tesseract`` on it,
one process per page, several pages at once. Tesseract is found on ``PATH`` (or as named by
``QUORUM_TESSERACT``); without it, or without its English data, :func:`find_tesseract` returns
None and scans are refused with :data:`INSTALL_HINT`.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass

__all__ = [
    "DOCUMENT_SECONDS",
    "INSTALL_HINT",
    "MAX_OCR_PAGES",
    "MAX_WORKERS",
    "PAGE_SECONDS",
    "TESSERACT_ENV",
    "OcrFailed",
    "Tesseract",
    "find_tesseract",
    "page_ranges",
    "read_image",
]

TESSERACT_ENV = "QUORUM_TESSERACT"
INSTALL_HINT = (
    "install Tesseract (apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-cym) "
    "to read scans"
)
# A page takes 2-4 s at 300 dpi on one core; one that takes a minute is not a page of text.
PAGE_SECONDS = 60.0
# A whole document: an import waits for this at most, then goes on with what was read.
DOCUMENT_SECONDS = 300.0
# Pages read by OCR in one document (about 100 s on two cores); the rest are left with a warning.
MAX_OCR_PAGES = 100
# Pages read at once, one single-threaded tesseract process each.
MAX_WORKERS = 4
_LIST_SECONDS = 10.0
# Tesseract's own OpenMP threads slow it down on a shared machine (6.7 s against 2.9 s a page
# measured on two cores): one thread per process, pages in parallel instead.
_ENVIRONMENT = {"OMP_THREAD_LIMIT": "1"}
# A run of this many spaces (preserve_interword_spaces keeps the gap's width) is a column gap,
# made a tab as PDF text extraction does for table cells; a justified line has one or two.
_CELL_GAP = re.compile(r" {4,}")
# Welsh function words: a page using them is read again with the Welsh data, which the English
# text alone reads worse ("reguest" for "request"), so it is not used on every page.
_WELSH_TEXT = (
    "yn yr y mae bydd fydd sydd gyda wedi ac gan neu hyn ydy cyngor cymuned cyfarfod "
    "gyfarfod cofnodion eitem dyddiad i'r a'r o'r"
)
_WELSH_WORDS = frozenset(_WELSH_TEXT.split())
_WELSH_SHARE = 0.04
_WELSH_MINIMUM = 5
_WORDS = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")


class OcrFailed(Exception):
    """Tesseract ran but failed on a page (the message is its first line of complaint)."""


@dataclass(frozen=True, slots=True)
class Tesseract:
    """An installed ``tesseract`` and the languages it has data for."""

    path: str
    languages: frozenset[str]

    @property
    def welsh(self) -> bool:
        return "cym" in self.languages


def find_tesseract(name: str | None = None) -> Tesseract | None:
    """The Tesseract to use: ``name``, else ``$QUORUM_TESSERACT``, else ``tesseract`` on PATH.

    None when it is not installed or has no English data.
    """
    chosen = name or os.environ.get(TESSERACT_ENV) or "tesseract"
    path = shutil.which(chosen)
    if path is None:
        return None
    languages = _languages(path)
    if "eng" not in languages:
        return None
    return Tesseract(path, languages)


@functools.lru_cache(maxsize=8)
def _languages(path: str) -> frozenset[str]:
    try:
        result = subprocess.run(
            [path, "--list-langs"],
            capture_output=True,
            timeout=_LIST_SECONDS,
            check=False,
            env=_environment(),
        )
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    output = (result.stdout + result.stderr).decode("utf-8", errors="replace")
    # The first line names the data directory; each later line is one language code.
    return frozenset(
        line.strip() for line in output.splitlines()[1:] if re.fullmatch(r"[a-z_]+", line.strip())
    )


def read_image(tesseract: Tesseract, image: bytes, *, timeout: float) -> str:
    """The text of one page image (a PNM file's bytes), in reading order.

    Raises :class:`subprocess.TimeoutExpired` after ``timeout`` seconds (the process is
    killed) and :class:`OcrFailed` when tesseract fails.
    """
    started = time.monotonic()
    text = _run(tesseract, image, "eng", timeout)
    if tesseract.welsh and _looks_welsh(text):
        # Welsh and bilingual pages: read again with the Welsh data first (ŵ, ŷ, "Cyngor"),
        # within what is left of the page's time.
        left = timeout - (time.monotonic() - started)
        if left <= 0:
            raise subprocess.TimeoutExpired([tesseract.path], timeout)
        text = _run(tesseract, image, "cym+eng", left)
    return _tidy(text)


def _run(tesseract: Tesseract, image: bytes, languages: str, timeout: float) -> str:
    command = [tesseract.path, "stdin", "stdout", "-l", languages]
    command += ["-c", "preserve_interword_spaces=1"]
    try:
        result = subprocess.run(
            command,
            input=image,
            capture_output=True,
            timeout=timeout,
            check=False,
            env=_environment(),
        )
    except OSError as exc:
        raise OcrFailed(str(exc.strerror or exc)) from exc
    if result.returncode != 0:
        complaint = result.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise OcrFailed(complaint[-1] if complaint else f"exit status {result.returncode}")
    return result.stdout.decode("utf-8", errors="replace")


def _environment() -> dict[str, str]:
    return {**os.environ, **_ENVIRONMENT}


def _looks_welsh(text: str) -> bool:
    words = [word.lower().replace("\u2019", "'") for word in _WORDS.findall(text)]
    hits = sum(1 for word in words if word in _WELSH_WORDS)
    return hits >= _WELSH_MINIMUM and hits >= _WELSH_SHARE * len(words)


def _tidy(text: str) -> str:
    lines = [_CELL_GAP.sub("\t", line.rstrip()) for line in text.replace("\f", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def page_ranges(indexes: list[int]) -> str:
    """Zero-based page indexes as people number pages: "page 3", "pages 2, 4 and 7-9"."""
    numbers = sorted({index + 1 for index in indexes})
    runs: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        runs.append(str(start) if start == previous else f"{start}-{previous}")
        if number is not None:
            start = previous = number
    label = "page" if len(numbers) == 1 else "pages"
    listed = runs[0] if len(runs) == 1 else ", ".join(runs[:-1]) + " and " + runs[-1]
    return f"{label} {listed}"
