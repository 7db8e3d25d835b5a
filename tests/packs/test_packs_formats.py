"""Packs arriving as PDF, HTML and awkward text files, read end to end with read_file.

PDFs are generated here with fpdf2 from the sample packs' text, so each test compares what
the reader makes of the PDF with what it makes of the text the PDF was written from.
"""

from __future__ import annotations

import asyncio
import random
import struct
import tempfile
import time
import zlib
from collections.abc import Iterator
from datetime import datetime
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fpdf import FPDF
from fpdf.enums import EncryptionMethod
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from packs import Pack, PackError, read_file, read_file_async, read_text
from packs.formats import file_text, html_text, sniff
from packs.text import normalise
from tests.auxil.guards import does_not_hang

LONDON = ZoneInfo("Europe/London")
SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"
RUTLAND_2023 = SEEDS / "rutland-hwb-2023-10-10.txt"
LEICESTERSHIRE = SEEDS / "leicestershire-hwb-2023-10-31.txt"
FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
)
FONT = next((path for path in FONT_CANDIDATES if path.is_file()), None)
CELL_GAP_MM = 6.0


# --- writing test documents -----------------------------------------------------------


def printable(text: str) -> str:
    """The text as the test PDFs can print it: without a Unicode font, Latin-1 only."""
    if FONT is not None:
        return text
    return text.encode("latin-1", errors="replace").decode("latin-1")


def new_pdf(*, landscape: bool = False, page: str = "A4", size: float = 10) -> FPDF:
    pdf = FPDF(orientation="L" if landscape else "P", format=page)
    if FONT is not None:
        pdf.add_font("Body", "", str(FONT))
        pdf.set_font("Body", size=size)
    else:
        pdf.set_font("helvetica", size=size)
    pdf.set_auto_page_break(True, margin=15)
    return pdf


def table_regions(lines: list[str]) -> Iterator[list[int]]:
    """Runs of tab-separated rows (blank lines and page breaks may fall inside a table)."""
    region: list[int] = []
    for index, line in enumerate(lines):
        if "\t" in line:
            region.append(index)
        elif line.strip() and region:
            yield region
            region = []
    if region:
        yield region


def write_pdf(
    text: str, path: Path, *, landscape: bool = False, page: str = "A4", size: float = 10
) -> Path:
    """Typeset ``text`` as a PDF: paragraphs wrapped to the page, tables on a column grid.

    Three blank lines in a row (how the samples show a page break) start a new page.
    """
    lines = normalise(printable(text)).split("\n")
    pdf = new_pdf(landscape=landscape, page=page, size=size)
    columns: dict[int, list[float]] = {}
    for region in table_regions(lines):
        widths: dict[int, float] = {}
        for index in region:
            for k, cell in enumerate(lines[index].split("\t")):
                widths[k] = max(widths.get(k, 0.0), pdf.get_string_width(cell.strip()))
        starts, x = [], float(pdf.l_margin)
        for k in range(len(widths)):
            starts.append(x)
            x += widths[k] + CELL_GAP_MM
        columns.update(dict.fromkeys(region, starts))
    pdf.add_page()
    height = size * 0.5
    blanks = 0
    for index, line in enumerate(lines):
        if not line.strip():
            blanks += 1
            if blanks == 3:
                pdf.add_page()
            elif blanks < 3:
                pdf.ln(height)
            continue
        blanks = 0
        if index in columns:
            for k, cell in enumerate(line.split("\t")):
                if cell.strip():
                    pdf.set_x(columns[index][k])
                    pdf.cell(pdf.get_string_width(cell.strip()) + 0.5, height, cell.strip())
            pdf.ln(height)
        else:
            pdf.multi_cell(0, height, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def png_bytes(width: int = 48, height: int = 32) -> bytes:
    """A small greyscale PNG (a "scanned page"), built without an imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(
        b"\x00" + bytes((x * 5 + y * 3) % 256 for x in range(width)) for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def first_lines(path: Path, count: int) -> str:
    return "\n".join(path.read_text(encoding="utf-8").split("\n")[:count])


def agenda_facts(pack: Pack) -> list[tuple[object, ...]]:
    return [
        (item.number, item.title, item.pages, item.duration_minutes, item.purpose)
        for item in pack.agenda
    ]


def london(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


# --- PDF: the samples typeset and read back ---------------------------------------------


@pytest.fixture(scope="module")
def rutland_front() -> str:
    return first_lines(RUTLAND_2023, 300)


@pytest.fixture(scope="module")
def leicestershire_front() -> str:
    return first_lines(LEICESTERSHIRE, 150)


@pytest.fixture(scope="module")
def rutland_pdf(rutland_front: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_pdf(rutland_front, tmp_path_factory.mktemp("pdf") / "rutland.pdf")


def test_rutland_pdf_gives_the_same_agenda_and_meeting_as_its_text(
    rutland_front: str, rutland_pdf: Path
) -> None:
    from_text = read_text(printable(rutland_front), source="rutland.txt")
    from_pdf = read_file(rutland_pdf)
    numbers = [item.number for item in from_pdf.agenda]
    assert numbers == [
        "1", "2", "3", "4", "5", "6", "7", "8", "8A", "9", "10", "10A", "10B", "10C",
        "11", "12", "13", "14", "15",
    ]  # fmt: skip
    assert agenda_facts(from_pdf) == agenda_facts(from_text)
    assert from_pdf.meeting.start == from_text.meeting.start == london(2023, 10, 10, 14)
    assert from_pdf.meeting == from_text.meeting
    assert from_pdf.next_meeting == from_text.next_meeting
    assert from_pdf.source == "rutland.pdf"


def test_rutland_pdf_keeps_details_the_text_gives(rutland_pdf: Path) -> None:
    pack = read_file(rutland_pdf)
    strategy = next(item for item in pack.agenda if item.number == "10")
    assert strategy.title == "JOINT HEALTH AND WELLBEING STRATEGY: UPDATE"
    assert strategy.pages == (19, 82)
    assert strategy.duration_minutes == 10
    assert strategy.purpose == "information"
    assert strategy.presenter == "Katherine Willison"


def test_rutland_pdf_membership_table_comes_out_as_tab_separated_rows(rutland_pdf: Path) -> None:
    text = file_text(rutland_pdf)
    assert "4.\tDebra Mitchell\tDeputy Chief Operating Officer, LLR ICB" in text.split("\n")
    assert "\r" not in text


def test_leicestershire_table_agenda_pdf_gives_the_same_agenda_as_its_text(
    leicestershire_front: str, tmp_path: Path
) -> None:
    path = write_pdf(
        leicestershire_front, tmp_path / "leics.pdf", landscape=True, page="A3", size=6.5
    )
    from_text = read_text(printable(leicestershire_front), source="leics.txt")
    from_pdf = read_file(path)
    assert [item.number for item in from_pdf.agenda] == [str(n) for n in range(1, 16)]
    assert agenda_facts(from_pdf) == agenda_facts(from_text)
    assert from_pdf.meeting.start == from_text.meeting.start == london(2023, 10, 31, 14)
    # the row split over a page break in the original still yields one item
    progress = next(item for item in from_pdf.agenda if item.number == "6")
    assert progress.pages == (15, 126)


def test_leicestershire_row_continued_on_the_next_page_keeps_its_empty_first_cell(
    leicestershire_front: str, tmp_path: Path
) -> None:
    path = write_pdf(
        leicestershire_front, tmp_path / "leics.pdf", landscape=True, page="A3", size=6.5
    )
    lines = file_text(path).split("\n")
    assert "\tWellbeing Plans\tBoard\t126)" in lines
    row_7 = "7.\tBetter Care Fund - Quarter 2 Report\tDirector of Adults and Communities\t"
    assert row_7 + "(Pages 127 - 136)" in lines


def test_pdf_pages_come_out_in_order_separated_by_form_feeds(tmp_path: Path) -> None:
    pdf = new_pdf()
    for number in (1, 2, 3):
        pdf.add_page()
        pdf.cell(0, 8, f"Text of page {number}")
    pdf.output(str(tmp_path / "pages.pdf"))
    text = file_text(tmp_path / "pages.pdf")
    assert text.split("\n\f\n") == ["Text of page 1", "Text of page 2", "Text of page 3"]


def test_pdf_table_cells_on_a_row_are_tab_separated(tmp_path: Path) -> None:
    pdf = new_pdf(landscape=True)
    pdf.add_page()
    rows = [
        ("1.", "Minutes of the meeting held on 25 May 2023", "", "(Pages 3 - 12)"),
        ("2.", "Better Care Fund", "Director of Adults", "(Pages 13 - 20)"),
    ]
    for row in rows:
        for x, cell in zip((10, 25, 140, 220), row, strict=True):
            pdf.set_x(x)
            pdf.cell(60, 6, cell)
        pdf.ln(6)
    pdf.multi_cell(0, 6, "An ordinary sentence with ordinary spaces between its words.")
    pdf.output(str(tmp_path / "table.pdf"))
    lines = file_text(tmp_path / "table.pdf").split("\n")
    assert lines[0] == "1.\tMinutes of the meeting held on 25 May 2023\t(Pages 3 - 12)"
    assert lines[1] == "2.\tBetter Care Fund\tDirector of Adults\t(Pages 13 - 20)"
    assert "An ordinary sentence with ordinary spaces between its words." in lines


def test_pdf_lines_wrapped_by_the_typesetter_are_joined_back(tmp_path: Path) -> None:
    title = (
        "6) LEICESTER, LEICESTERSHIRE AND RUTLAND SUSTAINABILITY AND TRANSFORMATION PLAN: "
        "UPDATE ON THE PROGRESS MADE SINCE THE LAST MEETING OF THE BOARD"
    )
    pdf = new_pdf()
    pdf.add_page()
    for paragraph in ("Some words " * 40, title, "Short line.", "Another short line."):
        pdf.multi_cell(0, 5, paragraph.strip(), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "wrapped.pdf"))
    lines = file_text(tmp_path / "wrapped.pdf").split("\n")
    assert lines == [("Some words " * 40).strip(), title, "Short line.", "Another short line."]


def test_pdf_hyphen_at_a_line_end_is_dropped_only_where_the_word_is_known(
    tmp_path: Path,
) -> None:
    pdf = new_pdf()
    pdf.add_page()
    for line in (
        "The documentation is attached.",
        "The wellbeing strategy and its docu-",
        "mentation were noted, as was the well-",
        "being of older residents.",
        "Health and Well-being Board",
    ):
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "hyphens.pdf"))
    text = file_text(tmp_path / "hyphens.pdf")
    assert "its documentation were noted" in text
    assert "the well-being of older residents" in text


def test_pdf_without_a_text_layer_is_refused_as_needing_ocr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without Tesseract (QUORUM_TESSERACT names a program that is not there); with it, see
    # tests/packs/test_packs_ocr.py.
    monkeypatch.setenv("QUORUM_TESSERACT", str(tmp_path / "no-tesseract"))
    pdf = new_pdf()
    for _ in range(2):
        pdf.add_page()
        pdf.image(BytesIO(png_bytes()), x=10, y=10, w=190)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(PackError) as caught:
        read_file(path)
    assert str(caught.value) == (
        "scan.pdf: this PDF has no text layer; install Tesseract (apt-get install "
        "tesseract-ocr tesseract-ocr-eng tesseract-ocr-cym) to read scans"
    )


def test_password_protected_pdf_is_refused_as_encrypted(tmp_path: Path) -> None:
    pdf = new_pdf()
    pdf.add_page()
    pdf.cell(0, 8, "A meeting of the BOARD will be held on Tuesday, 10th October 2023")
    pdf.set_encryption(
        owner_password="owner", user_password="secret", encryption_method=EncryptionMethod.RC4
    )
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    with pytest.raises(PackError, match=r"^locked\.pdf: .*encrypted"):
        read_file(path)


@pytest.mark.parametrize(
    "payload",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"%PDF-1.4\n" + bytes(range(256)) * 40,
    ],
)
def test_damaged_pdf_is_refused_with_a_clear_message(tmp_path: Path, payload: bytes) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(payload)
    with pytest.raises(PackError, match=r"^broken\.pdf: this PDF is damaged"):
        read_file(path)


def test_truncated_pdf_is_refused(tmp_path: Path) -> None:
    source = write_pdf("A G E N D A\n\n1) APOLOGIES\n\n2) MINUTES\n", tmp_path / "whole.pdf")
    data = source.read_bytes()
    path = tmp_path / "half.pdf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(PackError):
        read_file(path)


def test_txt_file_holding_a_pdf_is_read_as_a_pdf(rutland_pdf: Path, tmp_path: Path) -> None:
    disguised = tmp_path / "agenda.txt"
    disguised.write_bytes(rutland_pdf.read_bytes())
    assert sniff(disguised.read_bytes(), suffix=".txt") == "pdf"
    pack = read_file(disguised)
    assert pack.source == "agenda.txt"
    assert agenda_facts(pack) == agenda_facts(read_file(rutland_pdf))


def test_pdf_header_after_leading_junk_is_still_a_pdf() -> None:
    assert sniff(b"\r\n\x00junk%PDF-1.5\n...", suffix=".dat") == "pdf"


async def test_async_reading_of_a_pdf_gives_the_same_pack(rutland_pdf: Path) -> None:
    first, second = await asyncio.gather(read_file_async(rutland_pdf), read_file_async(rutland_pdf))
    assert first == second == read_file(rutland_pdf)


async def test_async_pdf_parse_leaves_the_event_loop_free(tmp_path: Path) -> None:
    path = write_pdf(RUTLAND_2023.read_text(encoding="utf-8")[:150_000], tmp_path / "long.pdf")
    gaps: list[float] = []
    done = asyncio.Event()

    async def tick() -> None:
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0.002)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticker = asyncio.create_task(tick())
    started = time.perf_counter()
    await read_file_async(path)
    elapsed = time.perf_counter() - started
    done.set()
    await ticker
    assert elapsed > 0.05, "the PDF is too small to show anything"
    assert len(gaps) >= 5
    assert max(gaps) < max(0.05, elapsed / 2)


# --- HTML -----------------------------------------------------------------------------

TEXT_PACK = """\
Testshire County Council

County Hall, Testbury TE1 1ST

Ladies and Gentlemen,

A meeting of the **TESTSHIRE HEALTH AND WELLBEING BOARD** will be held in the Council \
Chamber, County Hall, Testbury TE1 1ST on **Tuesday, 14th November, 2023** commencing at \
2.00 pm when it is hoped you will be able to attend.

The meeting can also be joined online: <https://example.zoom.us/j/123456789>

A G E N D A

1) WELCOME AND APOLOGIES RECEIVED

2) RECORD OF MEETING

To confirm the record of the meeting held on the 12th September 2023.
(Pages 5 - 12)

3) BETTER CARE FUND: 2023-2025

10 MIN

To receive Report No. 146/2023 from Katherine Willison, Health and Integration Lead.
ITEM FOR INFORMATION
(Pages 13 - 40)

4) JOINT STRATEGIC NEEDS ASSESSMENT: UPDATE

15 MIN

To receive a verbal update from Adrian Allen, Assistant Director \u2013 Delivery.
ITEM FOR DISCUSSION

5) DATE OF NEXT MEETING

Tuesday, 16th January 2024 at 2.00 p.m.

---oOo---

DISTRIBUTION

MEMBERS OF THE TESTSHIRE HEALTH AND WELLBEING BOARD

Name\tTitle
1.\tDiane Ellison (Councillor) CHAIR\tPortfolio Holder for Adult Care and Health
2.\tMike Sandys VICE CHAIR\tDirector of Public Health
3.\tDawn Godfrey\tStrategic Director of Children and Families
"""

HTML_HEAD = """\
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Agenda &ndash; Testshire</title>
<style>p { margin: 0 } .x::before { content: "1) NOT AN ITEM" }</style>
<script>document.write("<p>2) NOT AN ITEM EITHER</p>");</script></head>
<body>
<p>Testshire County Council</p>
<p>County Hall, Testbury TE1 1ST</p>
<p>Ladies and Gentlemen,</p>
<p>A meeting of the <strong>TESTSHIRE HEALTH AND WELLBEING BOARD</strong> will be held in the
Council Chamber, County Hall, Testbury TE1 1ST on <strong>Tuesday, 14th November,
2023</strong> commencing at 2.00&nbsp;pm when it is hoped you will be able to attend.</p>
<p>The meeting can also be joined
<a href="https://example.zoom.us/j/123456789">online</a>.</p>
<!-- <p>3) A COMMENTED-OUT ITEM</p> -->
<h2>A G E N D A</h2>
"""

HTML_PARAGRAPH_AGENDA = """\
<p>1) WELCOME AND APOLOGIES RECEIVED</p>
<p>2) RECORD OF MEETING</p>
<p>To confirm the record of the meeting held on the 12th September 2023.<br>(Pages 5 - 12)</p>
<p>3) BETTER CARE FUND: 2023-2025</p>
<p>10 MIN</p>
<p>To receive Report No. 146/2023 from Katherine Willison, Health and Integration Lead.<br>
ITEM FOR INFORMATION<br>(Pages 13 - 40)</p>
<p>4) JOINT STRATEGIC NEEDS ASSESSMENT: UPDATE</p>
<p>15 MIN</p>
<p>To receive a verbal update from Adrian Allen, Assistant Director &ndash; Delivery.<br>
ITEM FOR DISCUSSION</p>
<p>5) DATE OF NEXT MEETING</p>
<p>Tuesday, 16th January 2024 at 2.00 p.m.</p>
"""

HTML_LIST_AGENDA = """\
<ol>
<li><p>WELCOME AND APOLOGIES RECEIVED</p></li>
<li><p>RECORD OF MEETING</p>
<p>To confirm the record of the meeting held on the 12th September 2023.<br>(Pages 5 - 12)</p>
<li><p>BETTER CARE FUND: 2023-2025</p><p>10 MIN</p>
<p>To receive Report No. 146/2023 from Katherine Willison, Health and Integration Lead.<br>
ITEM FOR INFORMATION<br>(Pages 13 - 40)</p></li>
<li><p>JOINT STRATEGIC NEEDS ASSESSMENT: UPDATE</p><p>15 MIN</p>
<p>To receive a verbal update from Adrian Allen, Assistant Director &#8211; Delivery.<br>
ITEM FOR DISCUSSION</p></li>
<li><p>DATE OF NEXT MEETING</p><p>Tuesday, 16th January 2024 at 2.00 p.m.</p></li>
</ol>
"""

HTML_TAIL = """\
<p>---oOo---</p>
<h3>DISTRIBUTION</h3>
<p>MEMBERS OF THE TESTSHIRE HEALTH AND WELLBEING BOARD</p>
<table>
<thead><tr><th></th><th>Name</th><th>Title</th></tr></thead>
<tbody>
<tr><td>1.</td><td>Diane Ellison (Councillor) CHAIR</td>
    <td>Portfolio Holder for Adult Care and Health</td></tr>
<tr><td>2.<td>Mike Sandys VICE CHAIR<td>Director of Public Health
<tr><td>3.</td><td>Dawn Godfrey</td><td>Strategic Director of
    Children and Families</td></tr>
</tbody></table>
</body></html>
"""


def pack_facts(pack: Pack) -> tuple[object, ...]:
    return (
        agenda_facts(pack),
        [(item.number, item.presenter) for item in pack.agenda],
        pack.meeting.start,
        pack.meeting.location,
        pack.next_meeting,
        [(member.name, member.role, member.title) for member in pack.members],
        pack.body,
    )


@pytest.mark.parametrize("agenda", [HTML_PARAGRAPH_AGENDA, HTML_LIST_AGENDA])
def test_html_pack_gives_the_same_pack_as_its_text(tmp_path: Path, agenda: str) -> None:
    path = tmp_path / "pack.html"
    path.write_text(HTML_HEAD + agenda + HTML_TAIL, encoding="utf-8")
    from_html = read_file(path)
    from_text = read_text(TEXT_PACK, source="pack.txt")
    assert [item.number for item in from_text.agenda] == ["1", "2", "3", "4", "5"]
    assert from_text.meeting.start == london(2023, 11, 14, 14)
    assert len(from_text.members) == 3
    assert pack_facts(from_html) == pack_facts(from_text)
    assert from_html.meeting.remote_link == "https://example.zoom.us/j/123456789"


def test_html_table_agenda_gives_the_same_items_as_the_text_table(tmp_path: Path) -> None:
    text = (
        "Meeting: **Health and Wellbeing Board**\n\n"
        "Date/Time: **Tuesday, 31 October 2023 at 2.00 pm**\n\n"
        "AGENDA\n\n"
        "Item\tReport by\t\n"
        "1.\tMinutes of the meeting held on 25 May 2023.\t\t(Pages 3 - 12)\n"
        "2.\tHealth and Wellbeing Board Governance\tChief Executive\t(Pages 13 - 14)\n"
        "3.\tBetter Care Fund - Quarter 2 Report\tDirector of Adults\t(Pages 15 - 26)\n"
        "4.\tDate of next meeting.\t\t\n"
    )
    markup = (
        "<html><body><p>Meeting: <b>Health and Wellbeing Board</b></p>"
        "<p>Date/Time: <b>Tuesday, 31 October 2023 at 2.00 pm</b></p><h1>AGENDA</h1>"
        "<table border=1><tr><th colspan=2><u>Item</u></th><th><u>Report by</u></th><th></th>"
        "<tr><td>1.<td>Minutes of the meeting held on 25&nbsp;May 2023.<td><td>(Pages 3 - 12)"
        "<tr><td>2.<td>Health and Wellbeing Board Governance<td>Chief Executive"
        "<td>(Pages 13 - 14)"
        "<tr><td>3.<td>Better Care Fund &#x2d; Quarter 2 Report<td>Director of Adults"
        "<td>(Pages 15 - 26)"
        "<tr><td>4.<td>Date of next meeting.<td><td></table></body></html>"
    )
    path = tmp_path / "agenda.html"
    path.write_text(markup, encoding="utf-8")
    from_html = read_file(path)
    from_text = read_text(text, source="agenda.txt")
    assert [item.number for item in from_text.agenda] == ["1", "2", "3", "4"]
    assert agenda_facts(from_html) == agenda_facts(from_text)
    assert from_html.meeting.start == from_text.meeting.start == london(2023, 10, 31, 14)


def test_html_blocks_tables_links_and_entities_become_reader_text() -> None:
    markup = (
        "<div>First&nbsp;block</div><div>Second <i>block</i> &amp; more</div>"
        "<p>Line one<br>Line two<br/>Line three</p>"
        "<table><tr><td>1.</td><td>Cell with<br>a break</td><td>Last</td></tr></table>"
        '<p>See <a href="https://example.org/plans">the plans</a>, '
        '<a href="https://example.org/">https://example.org</a>, '
        '<a href="mailto:clerk@example.org">clerk@example.org</a> and '
        '<a href="#top">the top</a>.</p>'
        "<script>if (a < b) { alert('<p>x</p>') }</script><style>td { color: red }</style>"
        "<ul><li>Bullet</li></ul><ol start=7><li>Seven<li>Eight</ol>"
        '<ol type="A"><li>Sub one</li><li>Sub two</li></ol>'
    )
    lines = [line for line in html_text(markup).split("\n") if line]
    assert lines == [
        "First\u00a0block",
        "Second block & more",
        "Line one",
        "Line two",
        "Line three",
        "1.\tCell with a break\tLast",
        "See the plans <https://example.org/plans>, https://example.org, clerk@example.org "
        "and the top.",
        "- Bullet",
        "7. Seven",
        "8. Eight",
        "A. Sub one",
        "B. Sub two",
    ]


@pytest.mark.parametrize(
    "markup",
    [
        "<a " * 100_000,
        "<!--" * 100_000,
        "<a b='>'" * 50_000,
        "<p> </p>" * 50_000,
        "<table><tr>" + "<td>x" * 50_000,
        "<ol>" + "<li>" * 50_000,
        "<table><tr><td>" * 10_000,
    ],
)
def test_malformed_html_does_not_hang(markup: str) -> None:
    with does_not_hang():
        html_text(markup)


def test_html_tag_left_open_at_the_end_is_dropped_as_browsers_do() -> None:
    assert html_text("<p>Agenda</p><p>R&D") == "Agenda\n\nR&D\n"
    assert html_text("<p>Agenda</p><a href='x>never closed") == "Agenda\n"


def test_html_is_recognised_by_content_or_extension() -> None:
    assert sniff(b"\xef\xbb\xbf  <!DOCTYPE html><p>x", suffix=".txt") == "html"
    assert sniff(b"<HTML><body>x</body></HTML>", suffix="") == "html"
    assert sniff(b"<!-- saved page -->\n<html>", suffix=".txt") == "html"
    assert sniff(b"<p>a fragment</p>", suffix=".htm") == "html"
    assert sniff(b"<p>a fragment</p>", suffix=".txt") == "text"
    assert sniff(b"1) APOLOGIES", suffix=".md") == "text"


def test_html_in_windows_1252_declared_by_meta_charset_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "legacy.htm"
    markup = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
    path.write_bytes((markup + "<p>Caf\u00e9 \u2013 10th</p></html>").encode("cp1252"))
    assert file_text(path).strip() == "Caf\u00e9 \u2013 10th"


def test_html_page_without_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<!doctype html><html><body><script>x()</script></body></html>")
    with pytest.raises(PackError, match=r"^blank\.html: .*no text"):
        read_file(path)


# --- text files: encodings and refusals --------------------------------------------------


def test_windows_1252_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.txt"
    path.write_bytes("Caf\u00e9 \u2013 10th\n".encode("cp1252"))
    assert file_text(path) == "Caf\u00e9 \u2013 10th\n"


def test_utf8_with_bom_is_decoded_without_the_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "Caf\u00e9 \u2013 10th\n".encode())
    assert file_text(path) == "Caf\u00e9 \u2013 10th\n"


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes("Caf\u00e9 \u2013 10th\n".encode("utf-16"))
    assert file_text(path).lstrip("\ufeff") == "Caf\u00e9 \u2013 10th\n"


def test_windows_1252_pack_reads_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "pack.txt"
    path.write_bytes(
        TEXT_PACK.replace("BETTER CARE FUND", "CAF\u00c9 \u2013 10th").encode("cp1252")
    )
    pack = read_file(path)
    assert pack.agenda[2].title == "CAF\u00c9 \u2013 10th: 2023-2025"


@pytest.mark.parametrize("payload", [b"", b" \r\n\t\n", b"\xef\xbb\xbf", b"\xff\xfe"])
def test_empty_file_is_refused(tmp_path: Path, payload: bytes) -> None:
    path = tmp_path / "nothing.txt"
    path.write_bytes(payload)
    with pytest.raises(PackError, match=r"^nothing\.txt: the file is empty"):
        read_file(path)


def test_random_binary_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(random.Random(7).randbytes(20_000))
    with pytest.raises(PackError, match=r"^noise\.txt: .*binary"):
        read_file(path)


@pytest.mark.parametrize(
    ("payload", "what"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 100, "Word"),
        (png_bytes(), "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 100, "JPEG image"),
    ],
)
def test_other_document_formats_are_named_in_the_refusal(
    tmp_path: Path, payload: bytes, what: str
) -> None:
    path = tmp_path / "pack.pdf"
    path.write_bytes(payload)
    with pytest.raises(PackError, match=rf"^pack\.pdf: this is .*{what}"):
        read_file(path)


def test_file_named_pdf_without_a_pdf_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "pack.pdf"
    path.write_bytes(b"\x00\x01" * 500)
    with pytest.raises(PackError, match=r"^pack\.pdf: .*not a PDF"):
        read_file(path)


def test_file_over_50_mb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as stream:
        stream.write(b"%PDF-1.7\n")
        stream.truncate(50 * 1024 * 1024 + 1)  # sparse: nothing is really written
    with pytest.raises(PackError, match=r"^huge\.pdf: the file is too large"):
        read_file(path)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PackError, match=r"^absent\.pdf: cannot read the file"):
        read_file(tmp_path / "absent.pdf")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from([b"", b"%PDF-1.4\n", b"<!doctype html>", b"\xef\xbb\xbf"]),
    body=st.binary(max_size=3000),
    suffix=st.sampled_from([".txt", ".pdf", ".html", ""]),
)
def test_any_bytes_give_a_pack_or_a_pack_error(prefix: bytes, body: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(prefix + body)
        try:
            read_file(path)
        except PackError as exc:
            assert str(exc).startswith(path.name + ":")
