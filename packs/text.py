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
from itertools import chain

__all__ = [
    "BULLET",
    "BULLETS",
    "INITIALS",
    "collapse_spaces",
    "is_heading_like",
    "normalise",
    "split_cells",
    "split_list",
    "strip_comments",
]

# Bullet characters in converted documents: markdown, PDF glyphs, Word's symbol-font bullet.
BULLETS = "-*+\u2022\u25cf\u25cb\u25a0\u25aa\u25e6\u00b7\uf0b7\u2023\u2043"
# A bullet opening a line, with the space after it.
BULLET = re.compile(rf"^[{re.escape(BULLETS)}]\s*")
# One person's initials, as an action column or a minute's margin prints them: "KC", "AWa".
INITIALS = re.compile(r"^[A-Z]{2,3}[a-z]?$")

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
_DROPPED_TAGS = _LINE_BREAK_TAGS | _CELL_TAGS | _VOID_TAGS
# Inline formatting tags are removed only when they are really markup (a matched pair on
# the line, or carrying attributes), so a title that literally says "<b>&" keeps its text.
_INLINE_TAGS = frozenset(
    {"b", "i", "u", "em", "strong", "small", "span", "sup", "sub", "font", "a", "s", "mark",
     "strike", "ins", "del", "big", "tt", "code"}
)  # fmt: skip

# (the literal comes first so that the search skips ahead to each "**" instead of testing
# the lookbehind at every position)
_BOLD_BETWEEN_WORDS = re.compile(r"\*\*(?<=\w\*\*)(?=\w)")
# Markdown converters escape punctuation that would otherwise be markup ("1\\. Apologies").
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+", re.MULTILINE)
# "18 th" (a number at a word boundary, then its suffix). The boundary is tested after the first
# digit, by a lookbehind, so that the search skips ahead to digits instead of testing a
# boundary at every position of the text.
_ORDINAL = re.compile(r"(\d(?<!\w\d)\d?)[ \t]+(st|nd|rd|th)\b", re.IGNORECASE)
_MD_TABLE_ROW = re.compile(r"^(?:[-*+][ \t]+)?\|(.*)\|[ \t]*$")
_MD_TABLE_RULE = re.compile(r"^[\s|:+-]*$")
_DASH_ROW = re.compile(r"^[-\t ]+$")
_SPACES = re.compile(r"[ \t]+")
_LINE_SPACES = re.compile(r" {2,}")
_LEADING_SPACE = re.compile(r"^ ", re.MULTILINE)  # (one: runs of spaces are collapsed first)
# Columns set apart by runs of spaces where an export replaced the tabs (.docx or .txt minutes:
# "Catherine Chisholm   CC   Kenny Combe   KC", "... down to the village.   CC" with an
# action column of initials, community-council minutes): a row when its last cell is short.
# Two spaces also part sentences, so a two-space gap makes a row only before initials. Only
# the first _MAX_SPACED_ROWS such lines are rewritten: the work stays bounded on any input.
_SPACED_ROW = re.compile(
    r"^[^\n\t|]*?\S(?: {3,}[^\W\d_][\w()/&'-]{0,19}(?: [\w()/&'-]{1,19}){0,2}"
    r"| {2,}[A-Z]{1,4}(?:/[A-Z]{1,4}){0,4}) *$",
    re.MULTILINE,
)
_COLUMN_GAP = re.compile(r" {3,}")
_COLUMN_END = re.compile(r"^[^\W\d_][\w()/&'-]*(?: [\w()/&'-]+){0,2}$")
_NARROW_GAP = re.compile(r" {2,}")
_INITIALS_END = re.compile(r"^[A-Z]{1,4}(?:/[A-Z]{1,4})*$")
_COLUMN_GAPS = ((_COLUMN_GAP, _COLUMN_END), (_NARROW_GAP, _INITIALS_END))
_MAX_COLUMN_END = 20
_MAX_SPACED_ROWS = 2000


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
        text = strip_comments(text)
    if "<" in text:
        text = "\n".join(_strip_tags(line) for line in text.split("\n"))
    if "&" in text:
        text = html.unescape(text)
    text = _BOLD_BETWEEN_WORDS.sub(" ", text).replace("**", "")
    if "\\" in text:
        text = _MD_ESCAPE.sub(r"\1", text)
    text = _ORDINAL.sub(r"\1\2", text)
    if "  " in text:
        text = _SPACED_ROW.sub(_spaced_columns, text, count=_MAX_SPACED_ROWS)
    return _tidy_lines(text)


def _spaced_columns(match: re.Match[str]) -> str:
    line = match.group(0)
    stripped = line.strip(" ")
    for gap, end in _COLUMN_GAPS:
        cells = gap.split(stripped)
        if (
            len(cells) >= 2
            and len(cells[-1]) <= _MAX_COLUMN_END
            and end.match(cells[-1])
            and any(c.isalpha() for c in cells[0])  # not "3783.   Correspondence": a number
        ):
            return "\t".join(cells)
    return line


def collapse_spaces(text: str) -> str:
    """Collapse runs of spaces and tabs to one space and strip the ends."""
    if "\t" not in text and "  " not in text:
        return text.strip()  # nothing to collapse: skip the copy (long lines are collapsed often)
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


def strip_comments(text: str) -> str:
    """``text`` without its HTML comments (an unclosed one runs to the end)."""
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
    # One split instead of a match object per tag: a line of hundreds of thousands of tags
    # (hostile or broken HTML) must stay cheap. parts is [text, slash, name, attrs, text, ...];
    # a tag's own text is "<" + slash + name + attrs + ">" (the pattern has no other parts).
    parts = _TAG.split(line)
    if len(parts) == 1:
        return line
    attributes = "".join(parts[3::4])
    if (
        not any(parts[1::4])
        and (not attributes or attributes.isspace())
        and _DROPPED_TAGS.isdisjoint(name.lower() for name in set(parts[2::4]))
    ):
        # no closing tag, no attributes, no layout tag: nothing to remove, decided without
        # a loop over the tags ("<b><i><b>..." of broken or hostile markup)
        return line
    drop: dict[int, str] = {}
    open_inline: dict[str, list[int]] = {}
    for index, (slash, raw_name, attrs) in enumerate(
        zip(parts[1::4], parts[2::4], parts[3::4], strict=True)
    ):
        name = raw_name.lower()
        if name in _INLINE_TAGS:
            if slash:
                stack = open_inline.get(name)
                if stack:
                    drop[stack.pop()] = ""
                    drop[index] = ""
            elif attrs and not attrs.isspace():
                drop[index] = ""
            else:
                open_inline.setdefault(name, []).append(index)
        elif name in _LINE_BREAK_TAGS:
            drop[index] = "\n" if slash or name in {"br", "hr"} else ""
        elif name in _CELL_TAGS:
            drop[index] = "\t" if slash else ""
        elif name in _VOID_TAGS:
            drop[index] = ""
    if not drop:
        return line
    texts = parts[0::4]
    tags = [
        drop.get(index, f"<{slash}{name}{attrs}>")
        for index, (slash, name, attrs) in enumerate(
            zip(parts[1::4], parts[2::4], parts[3::4], strict=True)
        )
    ]
    return "".join(chain.from_iterable(zip(texts, tags, strict=False))) + texts[-1]


def _tidy_lines(text: str) -> str:
    # Whole-text passes and str methods rather than regex calls per line: a 2 MB text of
    # short lines (hundreds of thousands) must not pay Python's per-call cost for each. Same
    # result as stripping spaces, collapsing runs of spaces, stripping trailing whitespace and
    # a markdown heading's hashes line by line.
    text = _LINE_SPACES.sub(" ", text)
    text = "\n".join(map(str.rstrip, text.split("\n")))
    if text.startswith(" ") or "\n " in text:
        text = _LEADING_SPACE.sub("", text)
    if "#" in text:
        text = _MD_HEADING.sub("", text)
    if "|" not in text and "\t" not in text:
        return text
    tidy: list[str] = []
    for line in text.split("\n"):
        row = _MD_TABLE_ROW.match(line) if "|" in line else None
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
    return "\n".join(tidy)


_LIST_TOKEN = re.compile(r"[(),;]|\s+(?:and|&)\s+")


def split_list(text: str, *, strip: str = " .") -> list[str]:
    """Split a run-on list of names on commas, semicolons, "and" and "&" outside brackets
    ("A Smith (Chair, Rutland), B Jones and C Brown"); each part stripped of ``strip``."""
    parts: list[str] = []
    depth, position = 0, 0
    for match in _LIST_TOKEN.finditer(text):
        token = match.group(0)
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            parts.append(text[position : match.start()])
            position = match.end()
    parts.append(text[position:])
    return [collapse_spaces(part).strip(strip) for part in parts if part.strip(strip)]
