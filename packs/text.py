"""Normalising converted pack text before anything tries to read it.

Packs arrive as text converted from PDF: markdown-ish bold, tab-separated table cells,
markdown and HTML tables, ``<https://...>`` autolinks, stray HTML tags and the odd Cyrillic
glyph standing in for a Latin letter. :func:`normalise` turns all of that into plain lines
where a table row is a line of tab-separated cells, so the readers only deal with one shape.
"""

from __future__ import annotations

import html
import re
import unicodedata

__all__ = ["collapse_spaces", "is_heading_like", "normalise", "split_cells"]

# Cyrillic letters that render identically to Latin ones (written as escapes so the source
# stays unambiguous). PDF text layers sometimes carry them inside otherwise Latin words,
# which defeats every keyword match.
_LOOKALIKE_PAIRS = (
    ("\u0410", "A"), ("\u0412", "B"), ("\u0415", "E"), ("\u041a", "K"), ("\u041c", "M"),
    ("\u041d", "H"), ("\u041e", "O"), ("\u0420", "P"), ("\u0421", "C"), ("\u0422", "T"),
    ("\u0425", "X"), ("\u0423", "Y"), ("\u0406", "I"), ("\u0408", "J"), ("\u0405", "S"),
    ("\u051a", "Q"), ("\u051c", "W"), ("\u0430", "a"), ("\u0435", "e"), ("\u043e", "o"),
    ("\u0440", "p"), ("\u0441", "c"), ("\u0443", "y"), ("\u0445", "x"), ("\u0456", "i"),
    ("\u0458", "j"), ("\u0455", "s"), ("\u0501", "d"), ("\u051b", "q"), ("\u051d", "w"),
    ("\u04bb", "h"),
)  # fmt: skip
_LOOKALIKES = str.maketrans(dict(_LOOKALIKE_PAIRS))
_LOOKALIKE_CHARS = frozenset(cyrillic for cyrillic, _ in _LOOKALIKE_PAIRS)
_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_WORD = re.compile(r"[^\W\d_]+")

# Characters to replace before matching: non-breaking and invisible spaces, soft hyphens,
# ligatures (PDF text layers keep "ﬁ" as one glyph), form feeds (page breaks).
_REPLACEMENTS = {
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u200b": "", "\u200c": "", "\u200d": "",
    "\u2060": "", "\ufeff": "", "\u00ad": "", "\f": "\n\n", "\v": "\n", "\r\n": "\n",
    "\r": "\n", "ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st",
}  # fmt: skip
_SPECIAL = re.compile("|".join(sorted(map(re.escape, _REPLACEMENTS), key=len, reverse=True)))

_AUTOLINK = re.compile(r"<((?:https?|mailto):[^\s<>]+)>", re.IGNORECASE)
_MD_LINK = re.compile(r"\[([^\[\]\n]*)\]\(([^()\s]*)\)")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b([^<>]*)>")
# Tags that only ever carry layout: always removed, some leaving a line or cell break.
_LINE_BREAK_TAGS = frozenset(
    {"br", "p", "tr", "li", "div", "table", "thead", "tbody", "tfoot", "caption", "ol", "ul",
     "h1", "h2", "h3", "h4", "h5", "h6", "hr", "dt", "dd", "dl", "blockquote", "section"}
)  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})
_VOID_TAGS = frozenset({"img", "col", "colgroup", "meta", "wbr"})
# Inline formatting tags are removed only when they are really markup (a matched pair on
# the line, or carrying attributes), so a title that literally says "<b>&" keeps its text.
_INLINE_TAGS = frozenset(
    {"b", "i", "u", "em", "strong", "small", "span", "sup", "sub", "font", "a", "s", "mark",
     "strike", "ins", "del", "big", "tt", "code"}
)  # fmt: skip

_BOLD_BETWEEN_WORDS = re.compile(r"(?<=\w)\*\*(?=\w)")
# Markdown converters escape punctuation that would otherwise be markup ("1\\. Apologies").
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+")
_ORDINAL = re.compile(r"\b(\d{1,2})[ \t]+(st|nd|rd|th)\b", re.IGNORECASE)
_MD_TABLE_ROW = re.compile(r"^(?:[-*+][ \t]+)?\|(.*)\|[ \t]*$")
_MD_TABLE_RULE = re.compile(r"^[\s|:+-]*$")
_DASH_ROW = re.compile(r"^[-\t ]+$")
_SPACES = re.compile(r"[ \t]+")
_LINE_SPACES = re.compile(r" {2,}")


def normalise(text: str) -> str:
    """Return ``text`` as plain lines: NFC, no markup, tables as tab-separated cells.

    Markdown bold and HTML tags are removed, ``<https://...>`` autolinks become bare URLs,
    "18 th" becomes "18th", Cyrillic look-alike letters become Latin, markdown and HTML
    tables become tab-separated rows. The result never contains carriage returns.
    """
    text = unicodedata.normalize("NFC", text)
    text = _SPECIAL.sub(lambda match: _REPLACEMENTS[match.group(0)], text)
    if _CYRILLIC.search(text):
        text = _WORD.sub(_latinise_word, text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _MD_LINK.sub(_link_text, text)
    if "<!--" in text:
        text = _strip_comments(text)
    if "<" in text:
        text = "\n".join(_strip_tags(line) for line in text.split("\n"))
    if "&" in text:
        text = html.unescape(text)
    text = _BOLD_BETWEEN_WORDS.sub(" ", text).replace("**", "")
    if "\\" in text:
        text = _MD_ESCAPE.sub(r"\1", text)
    text = _ORDINAL.sub(r"\1\2", text)
    return "\n".join(_tidy_lines(text.split("\n")))


def collapse_spaces(text: str) -> str:
    """Collapse runs of spaces and tabs to one space and strip the ends."""
    return _SPACES.sub(" ", text).strip()


def split_cells(line: str) -> list[str]:
    """Split a tab-separated row into stripped cells (empty cells kept)."""
    return [collapse_spaces(cell) for cell in line.split("\t")]


def is_heading_like(line: str) -> bool:
    """True for a short line printed in capitals, as section headings are."""
    letters = [c for c in line if c.isalpha()]
    if not letters or len(line) > 120:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper / len(letters) > 0.8


def _latinise_word(match: re.Match[str]) -> str:
    word = match.group(0)
    cyrillic = [c for c in word if "\u0400" <= c <= "\u052f"]
    if cyrillic and all(c in _LOOKALIKE_CHARS for c in cyrillic):
        return word.translate(_LOOKALIKES)
    return word


def _strip_comments(text: str) -> str:
    # str.find rather than a lazy regex: an unclosed "<!--" must not rescan the rest each time
    parts: list[str] = []
    position = 0
    while True:
        start = text.find("<!--", position)
        end = text.find("-->", start + 4) if start != -1 else -1
        if end == -1:
            parts.append(text[position:])
            return "".join(parts)
        parts.append(text[position:start])
        position = end + 3


def _link_text(match: re.Match[str]) -> str:
    label, url = match.group(1), match.group(2)
    if not url or url.startswith("#") or url == label:
        return label or url
    if not label:
        return url
    return f"{label} ({url})"


def _strip_tags(line: str) -> str:
    if "<" not in line:
        return line
    tags = list(_TAG.finditer(line))
    if not tags:
        return line
    drop: dict[int, str] = {}
    open_inline: dict[str, list[int]] = {}
    for index, tag in enumerate(tags):
        closing, name, attrs = tag.group(1) == "/", tag.group(2).lower(), tag.group(3)
        if name in _LINE_BREAK_TAGS:
            drop[index] = "\n" if closing or name in {"br", "hr"} else ""
        elif name in _CELL_TAGS:
            drop[index] = "\t" if closing else ""
        elif name in _VOID_TAGS:
            drop[index] = ""
        elif name in _INLINE_TAGS:
            if closing:
                stack = open_inline.get(name)
                if stack:
                    drop[stack.pop()] = ""
                    drop[index] = ""
            elif attrs.strip():
                drop[index] = ""
            else:
                open_inline.setdefault(name, []).append(index)
    if not drop:
        return line
    parts: list[str] = []
    position = 0
    for index, tag in enumerate(tags):
        if index in drop:
            parts.append(line[position : tag.start()])
            parts.append(drop[index])
            position = tag.end()
    parts.append(line[position:])
    return "".join(parts)


def _tidy_lines(lines: list[str]) -> list[str]:
    tidy: list[str] = []
    for raw in lines:
        line = _MD_HEADING.sub("", _LINE_SPACES.sub(" ", raw.strip(" ")).rstrip())
        row = _MD_TABLE_ROW.match(line)
        if row:
            if _MD_TABLE_RULE.match(row.group(1)):
                continue
            cells = [cell.strip() for cell in row.group(1).split("|")]
            if not any(cells):
                continue
            line = "\t".join(cells)
        elif "\t" in line and _DASH_ROW.match(line):
            # a plain-text table's underline row: "-----\t-------"
            continue
        tidy.append(line)
    return tidy
