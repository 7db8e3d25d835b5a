"""Reading speed: a 100-page PDF typeset from the sample packs, and the largest text sample.

    python bench/pdf_speed.py

Builds the PDF with fpdf2 (A4, 10 pt, the samples' text repeated until it fills 100 pages),
times ``read_file`` on it and on the 570 KB Leicestershire text, and prints each time with
its ratio to the limit (PDF 10 s, text 0.5 s). Exits 0 when both are within their limits,
1 otherwise.
"""

from __future__ import annotations

import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from fpdf import FPDF

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from packs import PackError, read_file  # noqa: E402
from packs.text import normalise  # noqa: E402

SEED_DIRS = (ROOT / "tests" / "fixtures" / "seeds", ROOT.parent / "shared" / "seeds")
PDF_SOURCES = (
    "rutland-hwb-2023-10-10.txt",
    "rutland-hwb-2016-09-27.txt",
    "rutland-hwb-2017-06-30.txt",
    "rutland-hwb-2020-03-03.txt",
    "leicestershire-hwb-2023-10-31.txt",
)
LARGE_TEXT = "leicestershire-hwb-2023-10-31.txt"
FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
)
PAGES = 100
PDF_LIMIT = 10.0
TEXT_LIMIT = 0.5
RUNS = 3
FONT_SIZE = 10.0
LINE_HEIGHT = 5.0
CELL_GAP = 6.0


def seed(name: str) -> Path:
    """The sample pack called ``name`` from the first seed folder that has it."""
    for folder in SEED_DIRS:
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(f"sample pack {name} not found in {', '.join(map(str, SEED_DIRS))}")


def source_lines() -> Iterator[str]:
    """The samples' lines, plain and normalised, over and over."""
    texts = [normalise(seed(name).read_text(encoding="utf-8")) for name in PDF_SOURCES]
    while True:
        for text in texts:
            yield from text.split("\n")


def build_pdf(path: Path, pages: int = PAGES) -> int:
    """Typeset the samples into a PDF of exactly ``pages`` A4 pages; return the page count."""
    logging.getLogger("fpdf").setLevel(logging.ERROR)  # glyphs missing from the font
    pdf = FPDF(format="A4")
    font = next((candidate for candidate in FONTS if candidate.is_file()), None)
    if font is not None:
        pdf.add_font("Body", "", str(font))
        pdf.set_font("Body", size=FONT_SIZE)
    else:
        pdf.set_font("helvetica", size=FONT_SIZE)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    for line in source_lines():
        if font is None:
            line = line.encode("latin-1", errors="replace").decode("latin-1")
        if not line.strip():
            pdf.ln(LINE_HEIGHT)
        elif "\t" in line:
            if not _room(pdf, LINE_HEIGHT, pages):
                break
            _write_row(pdf, line)
        else:
            needed = pdf.multi_cell(0, LINE_HEIGHT, line, dry_run=True, output="HEIGHT")
            if not isinstance(needed, float | int) or not _room(pdf, needed, pages):
                break
            pdf.multi_cell(0, LINE_HEIGHT, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return int(pdf.page_no())


def _room(pdf: FPDF, needed: float, pages: int) -> bool:
    """False once the last page is reached and ``needed`` more would start another."""
    return bool(pdf.page_no() < pages or pdf.get_y() + needed <= pdf.page_break_trigger)


def _write_row(pdf: FPDF, line: str) -> None:
    x = float(pdf.l_margin)
    right = float(pdf.w - pdf.r_margin)
    for cell in line.split("\t"):
        cell = cell.strip()
        width = float(pdf.get_string_width(cell)) + 1
        if cell and x < right:
            pdf.set_x(x)
            pdf.cell(min(width, right - x), LINE_HEIGHT, cell)
        x += width + CELL_GAP
    pdf.ln(LINE_HEIGHT)


def timed(path: Path) -> float:
    """Median wall time of ``read_file(path)`` over a few runs, in seconds."""
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        read_file(path)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def report(label: str, seconds: float, limit: float) -> bool:
    """Print one figure with its ratio to the limit; True when within it."""
    ratio = seconds / limit
    verdict = "ok" if seconds < limit else "TOO SLOW"
    print(f"{label}: {seconds:.2f} s (limit {limit:g} s, {ratio:.2f} of limit) {verdict}")
    return seconds < limit


def main() -> int:
    """Build the PDF, time both reads and return the exit status."""
    try:
        large_text = seed(LARGE_TEXT)
        with tempfile.TemporaryDirectory() as folder:
            pdf_path = Path(folder) / "hundred-pages.pdf"
            started = time.perf_counter()
            pages = build_pdf(pdf_path)
            built = time.perf_counter() - started
            size_kb = pdf_path.stat().st_size / 1000
            print(f"built {pages}-page PDF ({size_kb:.0f} KB) with fpdf2 in {built:.1f} s")
            pdf_ok = report(f"pdf {pages} pages", timed(pdf_path), PDF_LIMIT)
        size_kb = large_text.stat().st_size / 1000
        text_ok = report(f"text {size_kb:.0f} KB", timed(large_text), TEXT_LIMIT)
    except (FileNotFoundError, PackError) as exc:
        print(f"cannot run the benchmark: {exc}", file=sys.stderr)
        return 1
    return 0 if pdf_ok and text_ok and pages == PAGES else 1


if __name__ == "__main__":
    sys.exit(main())
