"""The formats agenda packs arrive in, read into the text that :func:`packs.read_text` takes.

:func:`read_file_text` looks at a file's first bytes (then its extension) and hands it to the
PDF, HTML or plain-text reader; it returns the text and notes on how it was read (pages read by
OCR). :func:`file_text` returns the text alone. Everything refused is refused with
:class:`PackError`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from ..errors import PackError
from .markup import declared_charset, html_text, looks_like_html, markdown_text
from .pdf import PAGE_BREAK, FileText, pdf_text, read_pdf
from .plain import decode

__all__ = [
    "MAX_BYTES",
    "PAGE_BREAK",
    "FileText",
    "Format",
    "decode",
    "file_text",
    "html_bytes_text",
    "html_text",
    "pdf_text",
    "read_file_text",
    "sniff",
]

Format = Literal["pdf", "html", "text"]

MAX_BYTES = 50 * 1024 * 1024
_HTML_SUFFIXES = frozenset({".htm", ".html", ".xhtml"})
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
# The PDF header may follow some junk; readers (PDFium included) look in the first kilobyte.
_PDF_HEADER_WINDOW = 1024
_HEAD = 4096
# Formats people send instead of a pack's PDF or text, named so the refusal says what to do.
_OTHER_FORMATS = (
    (b"PK\x03\x04", "a ZIP archive or Word/OpenDocument file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-style Word or Excel file"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
)


def file_text(path: Path) -> str:
    """Read a pack file (PDF, HTML, markdown or plain text) and return its text.

    :func:`read_file_text` without the notes on how the file was read.
    """
    return read_file_text(path).text


def read_file_text(path: Path, *, tesseract: str | None = None) -> FileText:
    """Read a pack file (PDF, HTML, markdown or plain text): its text, and notes on reading it.

    The format is decided by the content first (``%PDF``, an HTML opening) and by the file
    extension second. A PDF's pages without a text layer are read by OCR when Tesseract is
    installed (``tesseract`` names the program; default ``$QUORUM_TESSERACT``, else
    ``tesseract`` on PATH), and a note says which pages. Raises :class:`PackError` naming the
    file for unreadable, empty, binary, encrypted, over-large (50 MB) files and for scans
    that cannot be read (no Tesseract, or no text found).
    """
    path = Path(path)
    try:
        return _file_text(path, tesseract)
    except PackError:
        raise
    except Exception as exc:  # the promise to callers is "only PackError"
        raise PackError(
            f"{path.name}: this file could not be read ({type(exc).__name__}); "
            "please send it to the maintainers"
        ) from exc


def _file_text(path: Path, tesseract: str | None) -> FileText:
    name = path.name
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise PackError(f"{name}: cannot read the file ({exc.strerror or exc})") from exc
    if len(data) > MAX_BYTES:
        raise PackError(f"{name}: the file is too large for a pack (over 50 MB)")
    kind = sniff(data, suffix=path.suffix)
    if kind == "pdf":
        return read_pdf(data, name=name, tesseract=tesseract)
    if kind == "html":
        return FileText(html_bytes_text(data, name=name))
    for magic, description in _OTHER_FORMATS:
        if data.startswith(magic):
            raise PackError(f"{name}: this is {description}; send the pack as a PDF or text")
    if path.suffix.lower() in _MARKDOWN_SUFFIXES:
        return FileText(markdown_text(decode(data, name=name)))
    if path.suffix.lower() != ".pdf" or not data.strip():
        return FileText(decode(data, name=name))
    try:
        return FileText(decode(data, name=name))
    except PackError as exc:
        problem = "this file is damaged or not a PDF (it has no PDF header)"
        raise PackError(f"{name}: {problem}") from exc


def sniff(data: bytes, *, suffix: str = "") -> Format:
    """Which reader a file's bytes need: its magic bytes first, its ``suffix`` second."""
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return "pdf"
    if looks_like_html(_head_text(data)):
        return "html"
    if suffix.lower() in _HTML_SUFFIXES:
        return "html"
    return "text"


def html_bytes_text(data: bytes, *, name: str) -> str:
    """Decode an HTML file (BOM, then ``<meta charset>``, then UTF-8 or Windows-1252)."""
    charset = None
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        charset = declared_charset(data[:_HEAD].decode("latin-1"))
    if charset is None or charset == "utf-8":
        markup = decode(data, name=name)
    else:
        markup = data.decode(charset, errors="replace")
    text = html_text(markup)
    if not text.strip():
        raise PackError(f"{name}: this HTML page has no text")
    return text


def _head_text(data: bytes) -> str:
    head = data[:_HEAD]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    return head.removeprefix(b"\xef\xbb\xbf").decode("latin-1")
