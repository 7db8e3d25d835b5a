"""PDF to text with PDFium, in the shape of the converted packs the reader was built on.

PDFium orders a page's characters and inserts the spaces and line breaks it infers from
their positions. What it cannot say is which of those spaces separate table cells, so each
run of spaces is measured on the page: a gap much wider than a word space becomes a tab, the
shape the rest of the reader expects for a table row. A row whose first cells are empty (a
title wrapped onto the next line, a row continued on the next page) gets its leading tabs
back by lining its cells up with the columns of the table above it. Lines the typesetter
wrapped are joined back into one line per paragraph, and a wide vertical gap between lines
becomes a blank line, as in the converted packs.

A page with no text layer (a scan), or whose fonts carry no character map, is rendered and
read by OCR (:mod:`packs.formats.ocr`) when Tesseract is installed, with a note saying so;
without it, such pages are skipped with a note, and a PDF that is all scan is refused.
"""

from __future__ import annotations

import math
import os
import re
import subprocess
import threading
import time
import unicodedata
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import PackError
from .ocr import (
    DOCUMENT_SECONDS,
    INSTALL_HINT,
    MAX_OCR_PAGES,
    MAX_WORKERS,
    PAGE_SECONDS,
    OcrFailed,
    Tesseract,
    find_tesseract,
    page_ranges,
    read_image,
)

__all__ = ["MAX_PAGES", "PAGE_BREAK", "FileText", "pdf_text", "read_pdf"]

PAGE_BREAK = "\n\f\n"

# PDFium is not thread-safe, not even across separate documents, and read_file_async runs
# the reader in worker threads: every call into it goes through this lock.
_PDFIUM = threading.Lock()

# Distances are measured in "line heights", the height of a glyph's loose box (about 1.15
# em); a word space is about 0.3 em. A space PDFium inferred from positions (no space glyph
# printed) becomes a tab from about 1.4 em. Printed spaces are stretched by justification,
# so only a run of them wider than about 3 em, which no justified line produces, counts.
_INFERRED_SPACE_CELL = 1.2
_PRINTED_SPACE_CELL = 2.5
# Two lines PDFium split although they share a row (cells with different vertical
# alignment) are rejoined when their boxes overlap this much vertically.
_SAME_ROW_OVERLAP = 0.6
# Vertical space between lines above this shows a paragraph break: kept as a blank line,
# as the converted packs have them.
_PARAGRAPH_GAP = 0.6
# A cell starting this close to a column's left edge is in that column.
_COLUMN_TOLERANCE = 0.5
# Gaps this close in width (in line heights) are a justified line's stretched word spaces.
_EVEN = 0.1
# A page's text block has a right edge only if this many lines reach it (within a couple of
# ems); a cover page of short centred lines has none, and nothing on it is joined.
_WRAPPED_LINES_NEEDED = 3
_RIGHT_EDGE_SLACK = 2.0
_SPACE_WIDTH = 0.25
# Lines starting like an agenda entry, a list item or a page reference are never joined to
# the line above, nor is a line in capitals to one in lower case (a heading or "ITEM FOR").
_OWN_LINE = re.compile(
    r"^(?:\(?(?:\d{1,2}[A-Za-z]?|[A-Za-z]|[ivxIVX]{1,4})[.)]\s|[-\u2013\u2022\u25aa\u25e6\u25cf*]\s|"
    r"\(\s*pages?\b)",
    re.IGNORECASE,
)
_HYPHEN_MARK = 0x02  # PDFium's code for a line-end hyphen it judged to split a word
_SPACES = (0x20, 0x09)
_BREAKS = (0x0D, 0x0A, 0x0B, 0x0C)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SPLIT_WORD = re.compile(r"([^\W\d_]+)\x02([^\W\d_]+)")
_UNREADABLE_SHARE = 0.5
# Reading runs at about 100 pages a second; a bigger "pack" would tie up a worker for minutes.
MAX_PAGES = 3000
# A scanned page with a few characters stamped on it as text (a page or Bates number) is
# still a scan when an image covers most of it.
_STAMP_CHARS = 40
_COVERING_IMAGE = 0.5
# Pages are rendered for OCR at 300 dpi, the resolution Tesseract is trained for, and at most
# this many pixels (a poster-sized page is rendered smaller).
_OCR_DPI = 300
_OCR_MAX_PIXELS = 40_000_000


@dataclass(frozen=True, slots=True)
class FileText:
    """A file's text, and notes on how it was read (pages read by OCR, pages skipped)."""

    text: str
    notes: tuple[str, ...] = ()


def pdf_text(data: bytes, *, name: str) -> str:
    """The text of a PDF (see :func:`read_pdf`), without the notes on how it was read."""
    return read_pdf(data, name=name).text


def read_pdf(data: bytes, *, name: str, tesseract: str | None = None) -> FileText:
    """Return the text of a PDF's pages in order, with a form feed line between pages.

    Lines end in ``\\n`` and paragraphs are separated by a blank line; the cells of a table
    row are separated by tabs where the layout shows them. Pages without a text layer are read
    by OCR with the Tesseract named by ``tesseract`` (see :func:`packs.formats.ocr.find_tesseract`)
    and the notes say which. Raises :class:`PackError` for encrypted and damaged PDFs, and for
    scanned ones when Tesseract is not installed or finds no text.
    """
    with _PDFIUM:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise PackError(_open_problem(name, exc)) from exc
    try:
        with _PDFIUM:
            if len(document) > MAX_PAGES:
                raise PackError(
                    f"{name}: this PDF has {len(document)} pages, more than the {MAX_PAGES} "
                    "a pack may have"
                )
            pages = [_read_page(document, index) for index in range(len(document))]
        if not pages:
            raise PackError(f"{name}: this PDF has no pages")
        scanned = [index for index, page in enumerate(pages) if page.scanned]
        ocr: dict[int, str] = {}
        notes: list[str] = []
        if scanned:
            engine = find_tesseract(tesseract)
            if engine is None:
                notes = _without_ocr(pages, scanned, name)
            else:
                ocr, notes = _read_by_ocr(document, scanned, engine)
    except pdfium.PdfiumError as exc:
        raise PackError(f"{name}: this PDF is damaged and its text cannot be read") from exc
    finally:
        with _PDFIUM:
            document.close()
    if not _has_text(pages, ocr):
        if not scanned:
            raise PackError(f"{name}: this PDF has no text (its pages are blank)")
        why = f" ({'; '.join(notes)})" if notes else ""
        raise PackError(f"{name}: this PDF has no text layer and OCR found no text in it{why}")
    _restore_empty_cells(
        line for index, page in enumerate(pages) if index not in ocr for line in page.lines
    )
    texts = [ocr[index] if index in ocr else page.text() for index, page in enumerate(pages)]
    return FileText(_join_split_words(PAGE_BREAK.join(texts)), tuple(notes))


def _has_text(pages: list[_Page], ocr: dict[int, str]) -> bool:
    return any(
        ocr[index].strip() if index in ocr else page.visible for index, page in enumerate(pages)
    )


def _without_ocr(pages: list[_Page], scanned: list[int], name: str) -> list[str]:
    """Without Tesseract: refuse a PDF that is all scan; else note the pages skipped."""
    visible = sum(page.visible for page in pages)
    if not visible:
        raise PackError(f"{name}: this PDF has no text layer; {INSTALL_HINT}")
    if sum(page.unreadable for page in pages) > _UNREADABLE_SHARE * visible:
        raise PackError(
            f"{name}: this PDF's text cannot be read (its fonts carry no character map); "
            f"{INSTALL_HINT}"
        )
    # Pages of unreadable glyphs keep what they have, as before OCR existed; only the pages
    # with no text at all are missing from the result.
    skipped = [index for index in scanned if not pages[index].visible]
    if not skipped:
        return []
    return [f"{page_ranges(skipped)} {_were(skipped)} skipped (no text layer): {INSTALL_HINT}"]


def _were(indexes: list[int]) -> str:
    return "was" if len(indexes) == 1 else "were"


def _read_by_ocr(
    document: pdfium.PdfDocument, scanned: list[int], engine: Tesseract
) -> tuple[dict[int, str], list[str]]:
    """Read ``scanned`` pages by OCR, several at once, within the page and document limits.

    Each page is rendered under the PDFium lock and read by its own tesseract process; at most
    one page per worker is rendered ahead, so memory stays at a few page images.
    """
    deadline = time.monotonic() + DOCUMENT_SECONDS
    chosen, over = scanned[:MAX_OCR_PAGES], scanned[MAX_OCR_PAGES:]
    texts: dict[int, str] = {}
    slow: list[int] = []
    late: list[int] = []
    failed: dict[int, str] = {}
    workers = max(1, min(MAX_WORKERS, _cpus(), len(chosen)))

    def collect(future: Future[str], index: int) -> None:
        try:
            texts[index] = future.result()
        except subprocess.TimeoutExpired:
            (late if time.monotonic() >= deadline - 1 else slow).append(index)
        except OcrFailed as exc:
            failed[index] = str(exc)

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr") as pool:
        pending: dict[Future[str], int] = {}
        for index in chosen:
            while len(pending) >= workers:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    collect(future, pending.pop(future))
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                late.append(index)
                continue
            with _PDFIUM:
                image = _render(document, index)
            timeout = min(PAGE_SECONDS, remaining)
            pending[pool.submit(read_image, engine, image, timeout=timeout)] = index
        for future, index in pending.items():
            collect(future, index)
    notes: list[str] = []
    read = sorted(index for index, text in texts.items() if text.strip())
    if read:
        notes.append(f"{page_ranges(read)} {_were(read)} read by OCR: check names and figures")
    if slow:
        notes.append(
            f"{page_ranges(slow)} {_were(slow)} not read: OCR took over {PAGE_SECONDS:.0f} s a page"
        )
    if late:
        notes.append(
            f"{page_ranges(late)} {_were(late)} not read: OCR stopped after "
            f"{DOCUMENT_SECONDS:.0f} s"
        )
    if over:
        notes.append(
            f"{page_ranges(over)} {_were(over)} not read: OCR reads at most "
            f"{MAX_OCR_PAGES} pages of a document"
        )
    for problem in sorted(set(failed.values())):
        bad = [index for index, text in failed.items() if text == problem]
        notes.append(f"{page_ranges(bad)} could not be read by OCR ({problem})")
    return texts, notes


def _cpus() -> int:
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        return len(affinity(0))
    return os.cpu_count() or 1


def _render(document: pdfium.PdfDocument, index: int) -> bytes:
    """Page ``index`` as a greyscale PGM image for Tesseract (the caller holds the lock)."""
    page = document[index]
    try:
        width, height = page.get_size()
        scale = _OCR_DPI / 72
        if width * height * scale * scale > _OCR_MAX_PIXELS:
            scale = math.sqrt(_OCR_MAX_PIXELS / (width * height))
        bitmap = page.render(scale=scale, grayscale=True)
        try:
            columns, rows, stride = bitmap.width, bitmap.height, bitmap.stride
            buffer = bytes(bitmap.buffer)
        finally:
            bitmap.close()
    finally:
        page.close()
    if stride == columns:
        pixels = buffer[: columns * rows]
    else:
        pixels = b"".join(buffer[row * stride : row * stride + columns] for row in range(rows))
    return b"P5\n%d %d\n255\n" % (columns, rows) + pixels


@dataclass(frozen=True, slots=True)
class _Box:
    left: float
    bottom: float
    right: float
    top: float

    @property
    def size(self) -> float:
        """The glyph's extent across the line: its height, or its width in vertical text."""
        return max(self.right - self.left, self.top - self.bottom)


@dataclass(slots=True)
class _Line:
    cells: list[str] = field(default_factory=list)
    starts: list[float] = field(default_factory=list)  # left edge of each cell's first glyph
    height: float = 0.0
    blank_before: bool = False
    right: float = 0.0  # right edge of the last glyph
    first_word_right: float | None = None
    below_previous: bool = False  # directly under the line before, no paragraph gap
    cell_gaps: list[float] = field(default_factory=list)  # widths of the gaps made tabs
    word_gaps: int = 0  # gaps left as spaces

    def text(self) -> str:
        return "\t".join(self.cells)


@dataclass(slots=True)
class _Page:
    lines: list[_Line]
    visible: int
    unreadable: int
    scanned: bool = False  # no text layer (or an unreadable one) over something drawn

    def text(self) -> str:
        out: list[str] = []
        for line in self.lines:
            if line.blank_before and out:
                out.append("")
            out.append(line.text())
        return "\n".join(out)


def _open_problem(name: str, exc: pdfium.PdfiumError) -> str:
    code = getattr(exc, "err_code", None)
    if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
        return f"{name}: this PDF is encrypted (password-protected); send an unprotected copy"
    return f"{name}: this PDF is damaged or not really a PDF, and cannot be opened"


def _read_page(document: pdfium.PdfDocument, index: int) -> _Page:
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            read = _PageReader(textpage.raw).read()
        finally:
            textpage.close()
        read.scanned = _is_scanned(page, read)
        return read
    finally:
        page.close()


def _is_scanned(page: pdfium.PdfPage, read: _Page) -> bool:
    if read.visible and read.unreadable > _UNREADABLE_SHARE * read.visible:
        return True  # glyphs without a character map: only their pictures can be read
    if read.visible >= _STAMP_CHARS:
        return False
    if not read.visible:
        return bool(pdfium_c.FPDFPage_CountObjects(page.raw))  # a blank page is not a scan
    # A scan stamped with a page or Bates number as text.
    width, height = page.get_size()
    area = width * height
    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        left, bottom, right, top = image.get_bounds()
        if area > 0 and (right - left) * (top - bottom) >= _COVERING_IMAGE * area:
            return True
    return False


class _PageReader:
    """One pass over a page's characters, splitting them into lines and cells."""

    def __init__(self, handle: object) -> None:
        self._handle = handle
        count: int = pdfium_c.FPDFText_CountChars(handle)
        self._codes: list[int] = [pdfium_c.FPDFText_GetUnicode(handle, i) for i in range(count)]
        self._lines: list[_Line] = []
        self._line = _Line()
        self._cell: list[str] = []
        self._last_ink = -1  # the last glyph on the current line, to measure gaps from
        self._visible = 0
        self._unreadable = 0

    def read(self) -> _Page:
        codes, count = self._codes, len(self._codes)
        i = 0
        while i < count:
            code = codes[i]
            if code in _SPACES:
                end = i
                while end < count and codes[end] in _SPACES:
                    end += 1
                if self._last_ink >= 0 and end < count and codes[end] not in _BREAKS:
                    self._space(end, range(i, end))
                i = end
            elif code in _BREAKS:
                end = i + 1
                if code == 0x0D and end < count and codes[end] == 0x0A:
                    end += 1
                self._line_break(end)
                i = end
            elif 0xD800 <= code <= 0xDBFF and i + 1 < count and 0xDC00 <= codes[i + 1] <= 0xDFFF:
                self._ink(i, chr(0x10000 + ((code - 0xD800) << 10) + (codes[i + 1] - 0xDC00)))
                self._last_ink = i + 1
                i += 2
            else:
                char = _clean_char(code)
                if char:
                    self._ink(i, char)
                i += 1
        self._end_line()
        lines = _join_wrapped([line for line in self._lines if line.cells])
        return _Page(lines, self._visible, self._unreadable)

    def _ink(self, index: int, char: str) -> None:
        if not self._cell:
            box = self._box(index)
            self._line.starts.append(box.left if box else 0.0)
            if not self._line.cells and box:
                self._line.height = box.size
        self._cell.append(char)
        self._last_ink = index
        if char != "\x02":
            self._visible += 1
            if _is_unreadable(char) or pdfium_c.FPDFText_HasUnicodeMapError(self._handle, index):
                self._unreadable += 1

    def _space(self, after: int, run: range) -> None:
        left, right = self._box(self._last_ink), self._box(after)
        if left is None or right is None:
            self._cell.append(" ")
            return
        if self._line.first_word_right is None:
            self._line.first_word_right = left.right
        height = max(left.size, right.size)
        gap = max(right.left - left.right, left.left - right.right)
        printed = any(pdfium_c.FPDFText_IsGenerated(self._handle, i) == 0 for i in run)
        limit = _PRINTED_SPACE_CELL if printed else _INFERRED_SPACE_CELL
        if height > 0 and gap > limit * height:
            self._line.cell_gaps.append(gap)
            self._end_cell()
        else:
            self._line.word_gaps += 1
            self._cell.append(" ")

    def _line_break(self, end: int) -> None:
        after = self._next_ink(end)
        left = self._box(self._last_ink) if self._last_ink >= 0 else None
        right = self._box(after) if after >= 0 else None
        if left is None or right is None:
            self._end_line()
            return
        height = max(left.size, right.size)
        overlap = min(left.top, right.top) - max(left.bottom, right.bottom)
        shortest = min(left.top - left.bottom, right.top - right.bottom)
        same_row = shortest > 0 and overlap >= _SAME_ROW_OVERLAP * shortest
        gap = right.left - left.right
        if after == end and same_row and gap > _INFERRED_SPACE_CELL * height:
            self._line.cell_gaps.append(gap)
            self._end_cell()
            return
        self._end_line()
        paragraph_gap = left.bottom - right.top > _PARAGRAPH_GAP * height
        self._line.blank_before = paragraph_gap
        self._line.below_previous = not paragraph_gap and right.top < left.top

    def _end_cell(self) -> None:
        text = "".join(self._cell).strip(" ")
        self._cell = []
        if text:
            self._line.cells.append(text)
        elif len(self._line.starts) > len(self._line.cells):
            self._line.starts.pop()

    def _end_line(self) -> None:
        line = self._line
        if self._last_ink >= 0:
            box = self._box(self._last_ink)
            if box is not None:
                line.right = box.right
                if line.first_word_right is None:
                    line.first_word_right = box.right
        self._end_cell()
        gaps = line.cell_gaps
        if not line.word_gaps and len(gaps) > 1 and max(gaps) - min(gaps) < _EVEN * line.height:
            # every gap on the line stretched alike: a justified line with few words on it
            line.cells, line.starts = [" ".join(line.cells)], line.starts[:1]
        self._lines.append(line)
        self._line = _Line()
        self._last_ink = -1

    def _next_ink(self, start: int) -> int:
        for index in range(start, len(self._codes)):
            code = self._codes[index]
            if code not in _SPACES and code not in _BREAKS and (code >= 0x20 or code == 2):
                return index
        return -1

    def _box(self, index: int) -> _Box | None:
        rect = pdfium_c.FS_RECTF()
        if not pdfium_c.FPDFText_GetLooseCharBox(self._handle, index, rect):
            return None
        return _Box(float(rect.left), float(rect.bottom), float(rect.right), float(rect.top))


def _clean_char(code: int) -> str:
    if code == _HYPHEN_MARK:
        return "\x02"
    if code < 0x20 or code in (0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return ""
    return chr(code)


def _is_unreadable(char: str) -> bool:
    return char == "\ufffd" or unicodedata.category(char) in ("Co", "Cc", "Cn")


def _join_wrapped(lines: list[_Line]) -> list[_Line]:
    """Join each line the typesetter wrapped (its next word did not fit) to the one before."""
    edge = _right_edge([line for line in lines if len(line.cells) == 1 and line.height > 0])
    if edge is None:
        return lines
    joined: list[_Line] = []
    for line in lines:
        previous = joined[-1] if joined else None
        if previous is not None and _wrapped(previous, line, edge):
            head = previous.cells[0]
            separator = "" if head.endswith("-") and head[-2:-1].isalpha() else " "
            previous.cells[0] = head + separator + line.cells[0]
            previous.right = line.right
            continue
        joined.append(line)
    return joined


def _right_edge(prose: list[_Line]) -> float | None:
    """The right edge that several lines reach; a line running past it (a URL) is ignored."""
    rights = sorted(((line.right, line.height) for line in prose), reverse=True)
    for index, (edge, height) in enumerate(rights):
        near = index
        while near < len(rights) and edge - rights[near][0] < _RIGHT_EDGE_SLACK * height:
            near += 1
        if near - index >= _WRAPPED_LINES_NEEDED:
            return edge
    return None


def _wrapped(line: _Line, following: _Line, edge: float) -> bool:
    if len(line.cells) != 1 or len(following.cells) != 1 or not following.below_previous:
        return False
    height = line.height
    if height <= 0 or abs(following.height - height) > 0.15 * height:
        return False
    if not -0.5 * height <= following.starts[0] - line.starts[0] <= 4 * height:
        return False
    word = (following.first_word_right or following.right) - following.starts[0]
    if line.right + _SPACE_WIDTH * height + word <= edge:
        return False  # the next word would have fitted: the line was ended on purpose
    text, next_text = line.cells[0], following.cells[0]
    if _OWN_LINE.match(next_text):
        return False
    return not (_capitals(next_text) > 0.8 and _capitals(text) < 0.5)


def _capitals(text: str) -> float:
    letters = [char for char in text if char.isalpha()]
    return sum(1 for char in letters if char.isupper()) / len(letters) if letters else 0.0


def _restore_empty_cells(lines: Iterable[_Line]) -> None:
    columns: list[float] = []
    for line in lines:
        shifted = bool(columns) and _shift_into_columns(line, columns)
        if len(line.starts) > 1:
            columns = _merge_columns(columns, line.starts, _COLUMN_TOLERANCE * line.height)
        elif not shifted:
            columns = []  # a line of ordinary text: the table has ended


def _shift_into_columns(line: _Line, columns: list[float]) -> bool:
    """Put each cell of ``line`` in the column it starts in, adding the empty cells between."""
    tolerance = _COLUMN_TOLERANCE * line.height
    cells: list[str] = []
    column = 0
    shifted = False
    for cell, start in zip(line.cells, line.starts, strict=True):
        found = next(
            (j for j in range(column, len(columns)) if abs(columns[j] - start) <= tolerance), None
        )
        if found is not None and found > column:
            cells.extend("" for _ in range(found - column))
            column = found
            shifted = True
        cells.append(cell)
        column += 1
    if shifted:
        line.cells = cells
        line.starts = []  # its positions no longer match its cells one for one
    return shifted


def _merge_columns(columns: list[float], starts: list[float], tolerance: float) -> list[float]:
    merged = list(columns)
    for start in starts:
        if all(abs(start - column) > tolerance for column in merged):
            merged.append(start)
    return sorted(merged)


def _join_split_words(text: str) -> str:
    if "\x02" not in text:
        return text
    words = {match.group(0).lower() for match in _WORD.finditer(text.replace("\x02", " "))}

    def join(match: re.Match[str]) -> str:
        head, tail = match.group(1), match.group(2)
        # A line-end hyphen may be the typesetter's (drop it) or the word's own ("well-being");
        # it is dropped only when the document spells the word without it elsewhere.
        if (head + tail).lower() in words and f"{head}-{tail}".lower() not in words:
            return head + tail
        return f"{head}-{tail}"

    return _SPLIT_WORD.sub(join, text).replace("\x02", "-")
