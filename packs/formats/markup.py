"""HTML and markdown to the reader's text: block elements as lines, table rows as cells.

HTML is parsed with the standard library's :class:`html.parser.HTMLParser`, which is
forgiving about unclosed tags; the end tags browsers would imply (``</td>``, ``</tr>``) are
implied here too. Markdown is plain text already, except for what only its rendering shows:
ordered lists are numbered by position ("1." on every line renders as 1, 2, 3) and nested
lists by their indentation, so :func:`markdown_text` prints the numbers a reader sees.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..text import strip_comments

__all__ = ["declared_charset", "html_text", "looks_like_html", "markdown_text"]

_BLOCKS = frozenset(
    {"address", "article", "aside", "blockquote", "caption", "center", "dd", "details", "dl",
     "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "main", "nav",
     "section", "summary", "div"}
)  # fmt: skip
# Elements that read as paragraphs: a blank line before and after, as in the converted packs.
_PARAGRAPHS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "ol", "ul", "table", "pre"})
_SKIPPED = frozenset({"script", "style", "title", "template", "noscript", "svg", "math"})
_CELLS = frozenset({"td", "th"})
_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
_BLANK_RUN = re.compile(r"\n{3,}")
# A cell holding more lines than this (or a nested table) marks a layout table, whose cells
# are page regions rather than data: they are written out line by line.
_LAYOUT_CELL_LINES = 3
_MAX_COLSPAN = 20
_LATIN1_ALIASES = frozenset({"latin_1", "ascii", "iso8859_1"})


def looks_like_html(head: str) -> bool:
    """True when a document's first characters are an HTML document's opening."""
    start = head.lstrip("\ufeff \t\r\n").lower()
    if start.startswith(("<!doctype html", "<html")):
        return True
    return start.startswith(("<?xml", "<!--")) and "<html" in start[:1024]


def declared_charset(head: str) -> str | None:
    """The Python codec named by a ``<meta charset>`` in ``head``, or None when not declared.

    Latin-1 and ASCII declarations mean Windows-1252, as browsers read them.
    """
    finder = _CharsetFinder()
    finder.feed(head)
    if finder.charset is None:
        return None
    try:
        name = codecs.lookup(finder.charset).name
    except LookupError:
        return None
    if name.startswith(("utf-16", "utf-32")):
        return None  # a page read as bytes cannot be UTF-16 without a BOM; browsers agree
    return "cp1252" if name.replace("-", "_") in _LATIN1_ALIASES else name


def html_text(markup: str) -> str:
    """Return an HTML document's visible text in the reader's plain-text shape.

    Block elements become lines (paragraphs and headings separated by a blank line), each
    ``<tr>`` one line of tab-separated cells, ``<br>`` a line break, list items numbered as
    printed; a link keeps its URL as ``<https://...>`` when its text differs from it.
    Scripts, styles and comments are dropped and character references decoded.
    """
    parser = _TextParser()
    parser.feed(markup)
    if parser.rawdata.startswith("<"):
        # What feed() leaves over from a "<" is a tag, comment or declaration the file never
        # closes. HTML drops it (to the end of the file); the standard library parser (before
        # Python 3.13.4 / 3.12.11, CVE-2025-6069) would instead rescan the rest of the file
        # once per character of it in close(): minutes for a few kilobytes of "<a ".
        parser.rawdata = ""
    parser.close()
    return parser.text()


class _CharsetFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.charset: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "meta" or self.charset is not None:
            return
        values = {key: value or "" for key, value in attrs}
        if values.get("charset"):
            self.charset = values["charset"].strip()
        elif values.get("http-equiv", "").lower() == "content-type":
            _, found, rest = values.get("content", "").lower().partition("charset=")
            if found:
                self.charset = rest.split(";")[0].strip(" \"'") or None


@dataclass
class _Sink:
    parts: list[str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(self.parts)

    def end_line(self, *, blank: bool) -> None:
        """End the current line (and leave a blank one) unless the text already does."""
        wanted = 2 if blank else 1
        have = 0
        for part in reversed(self.parts):
            stripped = part.strip(" ")
            if not stripped:
                continue
            tail = len(stripped) - len(stripped.rstrip("\n"))
            have += tail
            if tail < len(stripped) or have >= wanted:
                break
        else:
            return  # nothing written yet: no line to end
        if have < wanted:
            self.parts.append("\n" * (wanted - have))


@dataclass
class _Table:
    parent: _Sink
    row: list[str] | None = None
    row_is_layout: bool = False
    cell: _Sink | None = None
    colspan: int = 1


@dataclass
class _List:
    ordered: bool
    style: str
    next_number: int


@dataclass
class _Link:
    href: str
    sink: _Sink
    start: int


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._document = _Sink()
        self._sinks: list[_Sink] = [self._document]
        self._tables: list[_Table] = []
        self._lists: list[_List] = []
        self._links: list[_Link] = []
        self._skipping: list[str] = []
        self._pre = 0
        # A list item's number waits for the item's first text, so that a paragraph opening
        # the item does not leave the number on a line of its own.
        self._marker = ""

    # --- parser callbacks ---------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skipping:
            if tag in _SKIPPED:
                self._skipping.append(tag)
            return
        values = {key: value or "" for key, value in attrs}
        if tag in _SKIPPED:
            self._skipping.append(tag)
        elif tag == "br":
            self._sinks[-1].parts.append("\n")
        elif tag == "hr":
            self._break(blank=True)
        elif tag == "table":
            self._open_table()
        elif tag == "tr":
            self._open_row()
        elif tag in _CELLS:
            self._open_cell(values.get("colspan", "1"))
        elif tag in ("ol", "ul"):
            self._break(blank=not self._lists)
            self._lists.append(_open_list(tag, values))
        elif tag == "li":
            self._open_item(values.get("value", ""))
        elif tag == "a":
            sink = self._sinks[-1]
            if self._marker:
                sink.parts.append(self._marker)
                self._marker = ""
            self._links.append(_Link(values.get("href", "").strip(), sink, len(sink.parts)))
        elif tag in _PARAGRAPHS:
            self._break(blank=True)
            if tag == "pre":
                self._pre += 1
        elif tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if self._skipping:
            if tag == self._skipping[-1]:
                self._skipping.pop()
            return
        if tag == "table":
            self._close_table()
        elif tag == "tr":
            self._close_row()
        elif tag in _CELLS:
            self._close_cell()
        elif tag in ("ol", "ul"):
            if self._lists:
                self._lists.pop()
            self._break(blank=not self._lists)
        elif tag == "li":
            self._marker = ""
            self._break()
        elif tag == "a":
            self._close_link()
        elif tag in _PARAGRAPHS:
            if tag == "pre" and self._pre:
                self._pre -= 1
            self._break(blank=True)
        elif tag in _BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if self._marker and data.strip():
            self._sinks[-1].parts.append(self._marker)
            self._marker = ""
            data = data.lstrip()
        if self._pre:
            self._sinks[-1].parts.append(data.replace("\r\n", "\n").replace("\r", "\n"))
            return
        text = _WHITESPACE.sub(" ", data)
        parts = self._sinks[-1].parts
        if text == " " and (not parts or parts[-1].endswith((" ", "\n"))):
            return  # whitespace between tags: keeping it would only pile up spaces
        parts.append(text)

    def close(self) -> None:
        super().close()
        while self._tables:
            self._close_table()

    def text(self) -> str:
        lines = [line.strip(" ") for line in self._document.text().split("\n")]
        return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip("\n") + "\n"

    # --- structure ------------------------------------------------------------------------

    def _break(self, *, blank: bool = False) -> None:
        self._sinks[-1].end_line(blank=blank)

    def _open_item(self, value: str) -> None:
        self._break()
        current = self._lists[-1] if self._lists else None
        if current is None or not current.ordered:
            self._marker = "- "
            return
        if value.strip().lstrip("-").isdigit():
            current.next_number = int(value)
        self._marker = f"{_list_marker(current.next_number, current.style)}. "
        current.next_number += 1

    def _close_link(self) -> None:
        if not self._links:
            return
        link = self._links.pop()
        if link.sink is not self._sinks[-1]:
            return
        label = _WHITESPACE.sub(" ", "".join(link.sink.parts[link.start :])).strip()
        url = _printable_url(link.href)
        if url is None or _same_address(label, url):
            return
        link.sink.parts.append(f" <{url}>" if label else f"<{url}>")

    def _open_table(self) -> None:
        outer = self._tables[-1] if self._tables else None
        if outer is not None and outer.cell is not None:
            outer.row_is_layout = True
        self._break(blank=True)
        self._tables.append(_Table(parent=self._sinks[-1]))

    def _close_table(self) -> None:
        if not self._tables:
            return
        self._close_row()
        table = self._tables.pop()
        while self._sinks[-1] is not table.parent and len(self._sinks) > 1:
            self._sinks.pop()
        self._break(blank=True)

    def _open_row(self) -> None:
        if not self._tables:
            self._break()
            return
        self._close_row()
        self._tables[-1].row = []

    def _close_row(self) -> None:
        if not self._tables:
            self._break()
            return
        table = self._tables[-1]
        self._close_cell()
        if table.row is None:
            return
        cells, table.row = table.row, None
        layout, table.row_is_layout = table.row_is_layout, False
        lines, layout = _row_lines(cells, layout=layout)
        if lines:
            table.parent.end_line(blank=layout)
            table.parent.parts.append("\n".join(lines))
            table.parent.end_line(blank=layout)

    def _open_cell(self, colspan: str) -> None:
        if not self._tables:
            self._sinks[-1].parts.append(" ")
            return
        table = self._tables[-1]
        self._close_cell()
        if table.row is None:
            table.row = []
        table.cell = _Sink()
        table.colspan = min(int(colspan), _MAX_COLSPAN) if colspan.strip().isdigit() else 1
        self._sinks.append(table.cell)

    def _close_cell(self) -> None:
        if not self._tables:
            return
        table = self._tables[-1]
        if table.cell is None:
            return
        while len(self._sinks) > 1 and self._sinks[-1] is not table.cell:
            self._sinks.pop()
        self._sinks.pop()
        content, table.cell = table.cell.text(), None
        if table.row is None:
            table.row = []
        table.row.append(content)
        table.row.extend("" for _ in range(table.colspan - 1))


def _open_list(tag: str, values: dict[str, str]) -> _List:
    start = values.get("start", "").strip()
    number = int(start) if start.lstrip("-").isdigit() else 1
    style = values.get("type", "1").strip() or "1"
    return _List(ordered=tag == "ol", style=style, next_number=number)


def _list_marker(number: int, style: str) -> str:
    if style in ("a", "A") and 1 <= number <= 26:
        letter = chr(ord("a") + number - 1)
        return letter.upper() if style == "A" else letter
    if style in ("i", "I") and 1 <= number < 4000:
        roman = _roman(number)
        return roman if style == "I" else roman.lower()
    return str(number)


def _roman(number: int) -> str:
    numerals = (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    )  # fmt: skip
    out: list[str] = []
    for value, numeral in numerals:
        count, number = divmod(number, value)
        out.append(numeral * count)
    return "".join(out)


def _row_lines(cells: list[str], *, layout: bool) -> tuple[list[str], bool]:
    """A row's text: one line of cells, or each cell's lines in turn for a layout table."""
    cell_lines = [[line.strip() for line in cell.split("\n") if line.strip()] for cell in cells]
    if layout or any(len(lines) > _LAYOUT_CELL_LINES for lines in cell_lines):
        return [line for lines in cell_lines for line in lines], True
    texts = [" ".join(lines) for lines in cell_lines]
    return (["\t".join(texts)] if any(texts) else []), False


def _printable_url(href: str) -> str | None:
    lowered = href.lower()
    if not lowered.startswith(("http://", "https://", "mailto:")):
        return None
    if any(char in href for char in "<>\"'"):
        return None
    return href.replace(" ", "%20")


def _same_address(label: str, url: str) -> bool:
    def bare(address: str) -> str:
        address = address.strip().lower()
        for prefix in ("mailto:", "https://", "http://", "www."):
            address = address.removeprefix(prefix)
        return address.rstrip("/")

    return bare(label) == bare(url)


# --- markdown ------------------------------------------------------------------------------

_MD_ORDERED = re.compile(r"^(?P<indent>[ \t]*)(?P<number>\d{1,9})[.)][ \t]+(?P<rest>\S.*)$")
_MD_FENCE = re.compile(r"^[ \t]{0,3}(?P<fence>`{3,}|~{3,})")
_FRONT_MATTER = ("---", "+++")
_TAB_WIDTH = 4
_LIST_OR_FENCE_START = frozenset(" \t`~0123456789")
# ATX headings: "## Agenda", "### Planning applications ###"
_MD_HEADING = re.compile(r"^ {0,3}(?P<hashes>#{1,6})[ \t]+(?P<text>\S.*)$")
_MD_AGENDA = re.compile(r"^agenda(?:\s*[:\u2013-].*|\s+for\b.*)?$", re.IGNORECASE)
_MD_NUMBERED = re.compile(r"^\(?\d{1,3}[A-Za-z]?[.):]?[ \t]")
_MD_ITEM_WORDS = 12
_MD_FRONT_LINES = 4


def markdown_text(text: str) -> str:
    """A markdown document's text with its ordered lists numbered as they render.

    "1." repeated on every item becomes 1, 2, 3 (CommonMark numbers a list from its first
    item); a nested ordered list is numbered by its path ("7.1", "7.2"). Front matter is
    kept as it is; fenced code blocks and HTML comments, which do not render as text, are
    dropped. Everything else is left for :func:`packs.text.normalise`.
    """
    lines = strip_comments(text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    out: list[str] = []
    start = _front_matter_end(lines)
    out.extend(lines[:start])
    # open lists, outermost first: (indentation, number of the current item)
    levels: list[tuple[int, int]] = []
    fence: str | None = None
    blank_before = False
    for line in lines[start:]:
        if fence is None and (not line or line[0] not in _LIST_OR_FENCE_START):
            # the common case, a line at the margin that opens no list or fence
            if line.strip():
                if blank_before:
                    levels = []  # a paragraph at the margin ends every open list
                blank_before = False
            else:
                blank_before = True
            out.append(line)
            continue
        opening = None if line[:1].isdigit() else _MD_FENCE.match(line)
        if fence is not None:
            if (
                opening
                and opening.group("fence")[0] == fence[0]
                and len(opening.group("fence")) >= len(fence)
            ):
                fence = None
            out.append("")
            continue
        if opening:
            fence = opening.group("fence")
            out.append("")
            continue
        if not line.strip():
            blank_before = True
            out.append(line)
            continue
        indent = 0 if line[:1].isdigit() else _indent(line)
        item = _MD_ORDERED.match(line)
        if item is None:
            if blank_before and indent == 0:
                levels = []  # a paragraph at the margin ends every open list
            blank_before = False
            out.append(line)
            continue
        blank_before = False
        while levels and indent < levels[-1][0]:
            levels.pop()
        if levels and indent <= levels[-1][0] + 1:
            levels[-1] = (levels[-1][0], levels[-1][1] + 1)
        else:
            levels.append((indent, int(item.group("number"))))
        path = ".".join(str(number) for _, number in levels)
        out.append(f"{item.group('indent')}{path}. {item.group('rest')}")
    _heading_items(out, start)
    return "\n".join(out)


def _heading_items(out: list[str], start: int) -> None:
    """Agenda items printed as headings become bullets, which the reader takes as items.

    Markdown agendas (meeting notes of community groups and projects) head each item:
    "## Agenda" then "### Welcome", or "# Title" then "## Welcome", "## Minutes". The items
    are the headings under an "Agenda" heading, else the run of same-level headings below
    the title when every one is short enough to be an item's title. A paragraph under a
    heading stays a paragraph (the item's description). Numbered headings ("### 3. Planning")
    are left to be read as numbered items.
    """
    headings: list[tuple[int, int, str]] = []
    for index in range(start, len(out)):
        if out[index][:4].lstrip(" ")[:1] != "#":
            continue
        match = _MD_HEADING.match(out[index])
        if match:
            # a closing run of hashes ("## Agenda ##") is not part of the text
            text = match.group("text").rstrip()
            closed = text.rstrip("#")
            if closed != text and (not closed or closed[-1] in " \t"):
                text = closed.rstrip() or text
            headings.append((index, len(match.group("hashes")), text))
    if len(headings) < 2:
        return
    agenda = next((n for n, h in enumerate(headings) if _MD_AGENDA.match(h[2])), None)
    if agenda is not None:
        # the headings under "Agenda", up to the next heading at its level or above
        top = headings[agenda][1]
        below: list[tuple[int, int, str]] = []
        for heading in headings[agenda + 1 :]:
            if heading[1] <= top:
                break
            below.append(heading)
        if not below:
            return
        level = min(heading[1] for heading in below)
        items = [heading for heading in below if heading[1] == level]
    else:
        # no "Agenda" heading: the run of same-level headings right below the title
        title = headings[0][1]
        rest = headings[1:]
        if not rest or rest[0][1] <= title:
            return
        # only the title's date and venue lines before the first item: not minutes, whose
        # sections follow an attendance list or a paragraph ("Members present were:")
        front = [line.strip() for line in out[headings[0][0] + 1 : rest[0][0]] if line.strip()]
        if len(front) > _MD_FRONT_LINES or any(
            line.endswith(":") or line[:1] in "-*+" for line in front
        ):
            return
        level = rest[0][1]
        items = []
        for heading in rest:
            if heading[1] < level:
                break
            if heading[1] == level:
                items.append(heading)
        if len(items) < 2 or any(not _reads_as_item(heading[2]) for heading in items):
            return
    if any(_MD_NUMBERED.match(heading[2]) for heading in items):
        return  # numbered headings: the reader's numbered items
    for index, _, text in items:
        out[index] = f"- {text}"


def _reads_as_item(text: str) -> bool:
    return len(text.split()) <= _MD_ITEM_WORDS and not text.endswith((":", ".", "?"))


def _indent(line: str) -> int:
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += _TAB_WIDTH - width % _TAB_WIDTH
        else:
            break
    return width


def _front_matter_end(lines: list[str]) -> int:
    if not lines or lines[0].strip() not in _FRONT_MATTER:
        return 0
    marker = lines[0].strip()
    for index in range(1, len(lines)):
        if lines[index].strip() == marker:
            return index + 1
    return 0
