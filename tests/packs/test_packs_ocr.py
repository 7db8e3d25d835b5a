"""Scanned PDFs read by OCR (Tesseract), and refused or skipped with a clear note without it.

These tests run the real ``tesseract`` (CI installs it: .ci/run). The path without Tesseract
is taken by naming a program that does not exist, through the ``tesseract`` argument or the
``QUORUM_TESSERACT`` variable, as a machine without it would.
"""

from __future__ import annotations

import asyncio
import stat
import time
from io import BytesIO
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from packs import PackError, read_file, read_file_async
from packs.formats import PAGE_BREAK, read_file_text
from packs.formats.ocr import INSTALL_HINT, TESSERACT_ENV, find_tesseract, page_ranges

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
PALMDALE = CORPUS / "palmdale-measure-av-oversight-committee-agenda-2022-11-30-scanned.pdf"

TYPED = "A meeting of the Finance Committee will be held on Tuesday, 4 March 2025 at 7pm."
SCANNED_LINES = ("ITEM 4 PLANNING APPLICATIONS", "Councillor Margaret Hughes presented")


def test_tesseract_with_english_data_is_installed() -> None:
    # The other tests read scans: without this, they would fail for a reason said here.
    tesseract = find_tesseract()
    assert tesseract is not None, INSTALL_HINT
    assert "eng" in tesseract.languages


def test_palmdale_scan_is_read_with_its_committee_and_date() -> None:
    read = read_file_text(PALMDALE)
    assert "MEASURE AV OVERSIGHT COMMITTEE" in read.text
    assert "WEDNESDAY, NOVEMBER 30, 2022" in read.text
    assert "5.1\tApprove the minutes from the previous meeting held September 28, 2022" in (
        read.text
    )
    assert read.text.count(PAGE_BREAK) == 2  # three pages, in order
    assert read.notes == ("pages 1-3 were read by OCR: check names and figures",)


def test_read_file_does_not_refuse_the_scan_and_warns_it_was_read_by_ocr() -> None:
    pack = read_file(PALMDALE)
    assert pack.warnings[0] == "pages 1-3 were read by OCR: check names and figures"
    assert pack.meeting.start is not None
    assert pack.meeting.start.date().isoformat() == "2022-11-30"


def test_a_typed_page_and_a_scanned_page_are_both_read(tmp_path: Path) -> None:
    path = mixed_pdf(tmp_path)
    read = read_file_text(path)
    typed, scanned = read.text.split(PAGE_BREAK)
    assert TYPED in typed
    for line in SCANNED_LINES:
        assert line in scanned
    assert read.notes == ("page 2 was read by OCR: check names and figures",)


def test_without_tesseract_a_scan_is_refused_saying_how_to_install_it(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-tesseract")
    with pytest.raises(PackError) as caught:
        read_file_text(PALMDALE, tesseract=missing)
    assert str(caught.value) == f"{PALMDALE.name}: this PDF has no text layer; {INSTALL_HINT}"
    assert "apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-cym" in INSTALL_HINT


def test_without_tesseract_read_file_refuses_the_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TESSERACT_ENV, str(tmp_path / "no-such-tesseract"))
    with pytest.raises(PackError, match="no text layer; install Tesseract"):
        read_file(PALMDALE)


def test_without_tesseract_a_mixed_pdf_keeps_its_text_pages_and_names_the_skipped(
    tmp_path: Path,
) -> None:
    path = mixed_pdf(tmp_path)
    read = read_file_text(path, tesseract=str(tmp_path / "no-such-tesseract"))
    assert TYPED in read.text
    assert "Margaret Hughes" not in read.text
    assert read.notes == (f"page 2 was skipped (no text layer): {INSTALL_HINT}",)


def test_a_scan_with_no_words_on_it_is_refused_after_ocr(tmp_path: Path) -> None:
    image = Image.new("L", (850, 1100), 255)
    ImageDraw.Draw(image).rectangle((100, 100, 700, 900), outline=0, width=6)
    pdf = FPDF(unit="mm", format="A4")
    pdf.add_page()
    pdf.image(png(image), x=0, y=0, w=210)
    path = tmp_path / "frame.pdf"
    pdf.output(str(path))
    with pytest.raises(PackError) as caught:
        read_file_text(path)
    assert str(caught.value) == "frame.pdf: this PDF has no text layer and OCR found no text in it"


def test_a_failing_tesseract_is_named_in_a_note(tmp_path: Path) -> None:
    # A tesseract that lists its languages but cannot read images (a broken installation).
    broken = tmp_path / "tesseract"
    broken.write_text(
        "#!/bin/sh\n"
        "if [ \"$1\" = --list-langs ]; then printf 'List of available languages (1):\\neng\\n'; "
        "exit 0; fi\n"
        "echo 'Error in pixReadMem: Unknown format: no pix returned' >&2\nexit 1\n"
    )
    broken.chmod(broken.stat().st_mode | stat.S_IXUSR)
    read = read_file_text(mixed_pdf(tmp_path), tesseract=str(broken))
    assert TYPED in read.text
    assert read.notes == (
        "page 2 could not be read by OCR (Error in pixReadMem: Unknown format: no pix returned)",
    )


async def test_ocr_runs_in_a_worker_and_the_event_loop_keeps_turning(tmp_path: Path) -> None:
    path = mixed_pdf(tmp_path)
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.02)
            ticks += 1

    ticker = asyncio.create_task(tick())
    started = time.monotonic()
    try:
        # Two imports at once: each renders under the PDFium lock while the other's OCR runs.
        packs = await asyncio.gather(read_file_async(path), read_file_async(path))
    finally:
        ticker.cancel()
    elapsed = time.monotonic() - started
    # OCR held the loop for none of its second or more: it kept ticking (every 80 ms at
    # worst on a busy machine; a blocking read gives no tick at all).
    assert ticks >= 0.25 * elapsed / 0.02, (ticks, elapsed)
    for pack in packs:
        assert pack.warnings[0] == "page 2 was read by OCR: check names and figures"


def test_page_ranges_are_written_as_people_number_pages() -> None:
    assert page_ranges([2]) == "page 3"
    assert page_ranges([6, 7, 8, 9, 10, 11, 12, 13, 14]) == "pages 7-15"
    assert page_ranges([0, 1, 2, 4, 6, 7]) == "pages 1-3, 5 and 7-8"
    assert page_ranges([3, 1]) == "pages 2 and 4"


def mixed_pdf(tmp_path: Path) -> Path:
    """A two-page PDF: a typed page with a text layer, then a scanned page (an image only)."""
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_font("helvetica", size=12)
    pdf.add_page()
    pdf.cell(0, 10, TYPED)
    image = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi, white
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=44)
    for row, line in enumerate(SCANNED_LINES):
        draw.text((150, 200 + 90 * row), line, fill=0, font=font)
    pdf.add_page()
    pdf.image(png(image), x=0, y=0, w=210, h=297)
    path = tmp_path / "mixed.pdf"
    pdf.output(str(path))
    return path


def png(image: Image.Image) -> BytesIO:
    out = BytesIO()
    image.save(out, format="PNG")
    out.seek(0)
    return out
