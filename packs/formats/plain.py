"""Text files: the encodings council packs arrive in, and refusing what is not text."""

from __future__ import annotations

from ..errors import PackError

__all__ = ["decode"]

_SAMPLE = 8192


def decode(data: bytes, *, name: str) -> str:
    """Decode a text file's bytes: UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1252.

    Refuses empty and binary content (and PDFs, which :func:`packs.formats.file_text` reads)
    with :class:`PackError` naming the file.
    """
    if not data.strip():
        raise PackError(f"{name}: the file is empty")
    if data.startswith(b"%PDF"):
        raise PackError(f"{name}: this is a PDF, not text")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise PackError(f"{name}: the file is not valid UTF-16 text") from exc
        if not text.strip("\ufeff \t\r\n"):
            raise PackError(f"{name}: the file is empty")
        return text
    if b"\x00" in data[:_SAMPLE]:
        raise PackError(f"{name}: this looks like a binary file, not a text pack")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    sample = text[:_SAMPLE]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f\v")
    if controls > max(8, len(sample) // 100):
        raise PackError(f"{name}: this looks like a binary file, not a text pack")
    if not text.strip("\ufeff \t\r\n\f\v"):
        raise PackError(f"{name}: the file is empty")
    return text
