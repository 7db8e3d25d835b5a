"""The agenda of the summoned meeting: numbered items, their sub-items and details.

An agenda is read as a run of numbered lines in one style ("1)", "1.", "1<tab>", "Item 1")
numbered 1, 2, 3... without gaps. Requiring the numbers to follow on is what keeps the
numbered rows of an actions table, the minutes' own numbering and report sections out:
none of them continue the sequence. Lettered lines under an item ("A.", "(b)") and printed
sub-numbers ("10A", "6.1") become sub-items. The run ends at a distribution list, the
minutes, a blank page or a report.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace

from .minutes import is_minutes_heading
from .model import AgendaItem
from .names import clean_name, has_honorific, looks_like_people, looks_like_person
from .text import collapse_spaces, is_heading_like, split_cells

__all__ = ["Agenda", "RawItem", "find_agenda_heading", "read_agenda"]

_HEADING = re.compile(r"^(?:A ?G ?E ?N ?D ?A)(?:\s*(?:[:–-]|for\b).*)?$", re.IGNORECASE)
# Outline sub-items "2.1", "2.a", "2.a.", "E.1." (council and Legistar agendas)
_DECIMAL = re.compile(r"^(?P<num>\d{1,2}|[A-Z])\.(?P<minor>\d{1,2}|[a-z])\.?[ \t]+(?P<rest>\S.*)$")

_ALWAYS_STOP = re.compile(
    r"^(?:this\s+page\s+is\s+intentionally\s+left\s+blank|agenda\s+item\s+\d|"
    r"public\s+document\s+pack$|report\s+to\s+(?:the\s+)?(?-i:[A-Z]))",
    re.IGNORECASE,
)
_HEADING_STOP = re.compile(
    r"^(?:distribution\b|circulation\b|(?:to:?\s+)?(?:elected\s+)?members\s+of\s+the\b|"
    r"membership\b|proposed\s+agenda\s+items|future\s+(?:meetings|agenda|items)\b|"
    r"(?:to|copies\s+to)\s*:)",
    re.IGNORECASE,
)
_FIRST_WORD = re.compile(r"[^\W\d_]{2,}")
_CLOCK = r"\d{1,2}[.:]\d{2}(?:\s*[ap]\.?m\.?)?"
_TIME_SLOT = re.compile(rf"^{_CLOCK}(?:\s*(?:-|–|—|to)\s*{_CLOCK})?$", re.IGNORECASE)
_DURATION_WORD = re.compile(r"^(?:min|mins|minutes|hours?|hrs?)\.?$", re.IGNORECASE)

_PAGES = re.compile(
    r"\(\s*Pages?\s*(?P<first>\d{1,4})(?:\s*(?:-|–|—|to)\s*(?P<last>\d{1,4}))?\s*\)",
    re.IGNORECASE,
)
# A summons' page column after the title, set apart by a wide gap: "MINUTES        1 - 6"
_PAGE_COLUMN = re.compile(
    r"(?:  |\t)[ \t]*(?P<first>\d{1,3}) ?(?:-|–|—|to) ?(?P<last>\d{1,3})[ \t]*$", re.IGNORECASE
)
_PAGE_COLUMN_CHARS = 60
# The same column once the gap was collapsed: "MINUTES 1 - 6", trusted under a "Page(s)" column
# heading or when two or more items end in ranges that run on down the agenda
_RANGE_END = re.compile(r" (?P<first>\d{1,3}) ?(?:-|–|—|to) ?(?P<last>\d{1,3})$")
_PAGE_HEADING = re.compile(r"\bpages?(?:\(s\))?(?:\s+no\.?)?$", re.IGNORECASE)
_PAGES_TAIL = re.compile(r"\(\s*Pages?\b[\d\s–—-]*(?:to[\d\s]*)?$", re.IGNORECASE)
_REPORT_NO = re.compile(
    r"\bReport\s+(?:No|Number|Ref(?:erence)?)\b\.?\s*:?\s*"
    r"(?P<number>[A-Z0-9]+(?:[/.-][A-Z0-9]+)*)",
    re.IGNORECASE,
)
_PURPOSE_WORDS = (
    r"(?P<purpose>discussion|information|approval|review|decision|noting|note|assurance|"
    r"endorsement|ratification|consultation|debate|agreement|action)"
)
_PURPOSE = re.compile(rf"\bITEM\s+FOR\s+{_PURPOSE_WORDS}\b", re.IGNORECASE)
_PURPOSE_LINE = re.compile(
    rf"^(?:purpose\s*:\s*)?(?:for\s+(?:the\s+board'?s\s+)?){_PURPOSE_WORDS}\.?$", re.IGNORECASE
)
_PURPOSE_CELL = re.compile(rf"^(?:for\s+)?{_PURPOSE_WORDS}\.?$", re.IGNORECASE)
_DURATION_LINE = re.compile(
    r"^(?P<n>\d{1,3})\s*(?P<unit>min|mins|minutes|hour|hours|hr|hrs)\.?$", re.IGNORECASE
)
_DURATION_INLINE = re.compile(
    r"\((?P<n>\d{1,3})\s*(?P<unit>min|mins|minutes)\)|"
    r"\b(?:duration|time\s+allocated|allocated\s+time|timing)\s*:?\s*(?P<n2>\d{1,3})\s*"
    r"(?:min|mins|minutes)\b",
    re.IGNORECASE,
)
_RECEIVE = re.compile(
    r"\bTo\s+(?:receive|consider|note|hear|discuss|review|approve)\b"
    r"(?P<what>[^\n]{0,160}?)\b(?:from|by)\s+(?P<who>\S[^\n]*)",
    re.IGNORECASE,
)
_WHAT = re.compile(
    r"\b(?:reports?|presentation|papers?|briefing|statement|overview)\b|"
    r"\b(?:an?|verbal|written|oral|progress)\s+update\b",
    re.IGNORECASE,
)
_BY = re.compile(
    r"\b(?:led|presented|introduced|reported|delivered)\s+by\s+(?P<who>\S[^\n]*)", re.IGNORECASE
)
_REPORT_OF = re.compile(
    r"^(?:joint\s+)?report\s+(?:of|from|by)\s+(?P<who>\S[^\n]*)$", re.IGNORECASE
)
_PRESENTER_FIELD = re.compile(
    r"^(?:presenter|presented\s+by|lead\s+officer|report\s+by|lead)\s*:\s*(?P<who>\S.*)$",
    re.IGNORECASE,
)
_WHO_STOP = re.compile(
    r"\(Pages?\b|\bITEM\s+FOR\b|\s\d{1,3}\s*MINS?\b|"
    r"\s+(?:to\s+(?:provide|update|inform|present|seek|outline|give|set|advise|brief)|"
    r"on\s+the\b|regarding\b|which\b|about\b|setting\s+out\b|outlining\b|providing\b|"
    r"detailing\b|seeking\b|in\s+relation\s+to\b|concerning\b|attached\b|"
    r"(?:is|are)\s+attached\b)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"\.(?=\s|$)")
_ABBREVIATIONS = frozenset(
    {"no", "dr", "mr", "mrs", "ms", "st", "cllr", "prof", "rev", "insp", "sgt", "co", "ltd",
     "inc", "ref", "nos", "vol", "dept", "govt"}
)  # fmt: skip

_EXEMPT = re.compile(
    r"\b(?:exempt\s+(?:information|items?|report|business)|part\s+(?:ii|2)\b|"
    r"exclusion\s+of\s+(?:the\s+)?(?:press|public)|exclude\s+the\s+(?:press|public)|"
    r"excluded\s+from\s+the\s+meeting|private\s+(?:session|business|items?)|"
    r"confidential\b|not\s+for\s+publication)",
    re.IGNORECASE,
)
_EXEMPT_FOLLOWS = re.compile(
    r"\bexclu(?:de|ded|sion)\b|\bfollowing\s+items?\b|\bremaining\s+items?\b", re.IGNORECASE
)
_EXEMPT_TITLE_SWITCH = re.compile(
    r"\bexclusion\s+of\s+(?:the\s+)?(?:press|public)|^exempt\s+information$|"
    r"^(?:private|confidential)\s+(?:business|items?|session)$|^part\s+(?:ii|2|b)\b|"
    r"^private\s+and\s+confidential\b",
    re.IGNORECASE,
)
# Back to public business: "PART I", "Public items".
_PUBLIC_SWITCH = re.compile(
    r"^(?:part\s+(?:i|1|a)\b|public\s+(?:business|items?|session|part)\b)", re.IGNORECASE
)
# Items that stay public even when printed after the private ones.
_PUBLIC_TITLE = re.compile(
    r"^(?:(?:date|dates|time)\s+(?:and\s+(?:time|venue|place)\s+)?of\s+(?:the\s+)?"
    r"(?:next|future)\s+meetings?|(?:next|future)\s+meetings?\b|close\s+of\s+(?:the\s+)?meeting)",
    re.IGNORECASE,
)
_MAX_QUIET_LINES = 60
_HEADING_SEARCH_LINES = 500
_MAX_WHO = 300
# "Position Statement by the Chairman", "Update from the Integrated Care Board"
_TITLE_BY = re.compile(
    r"\b(?i:statement|report|update|presentation|address|briefing|announcements?|remarks|"
    r"introduction)\s+(?i:by|from|of)\s+(?i:the\s+)?(?P<who>[A-Z][^:()\u2013\u2014-]{1,80})$"
)
# "Chairman's Announcements", "The Director of Public Health's Annual Report"
_TITLE_POSSESSIVE = re.compile(
    r"^(?:the\s+)?(?P<who>[A-Z][A-Za-z ]{1,60})['\u2019]s\s+(?:annual\s+|verbal\s+|oral\s+)?"
    r"(?:report|update|announcements?|statement|address|briefing|remarks)\b",
    re.IGNORECASE,
)
_ROLE_WORD = re.compile(
    r"\b(?:(?:vice[- ])?chair(?:man|woman|person)?|leader|mayor|chief\s+executive|director|"
    r"portfolio\s+holder|cabinet\s+member|clerk|officer|manager|head|commissioner|president|"
    r"secretary|treasurer|board|partnership|healthwatch|group|trust|council)\b",
    re.IGNORECASE,
)
_NUMBERED_LINE = re.compile(r"^\(?\d{1,3}[.)]?(?:\t|\s)")
_GAP_LOOKAHEAD = 80
_USUAL_LAST_ITEM = re.compile(
    r"\b(?:next\s+meeting|future\s+meetings?|urgent\s+business|other\s+business|"
    r"any\s+other|close\s+of\s+meeting)\b",
    re.IGNORECASE,
)
# What a presenter column or bracket holds when it names no one: "Verbal", "Paper to follow"
_NOT_A_PRESENTER = re.compile(
    r"^(?:verbal|oral|to\s+follow|attached|enclosed|tabled|circulated|report|presentation|paper|"
    r"papers|discussion|update|handout|appendix|annex|draft|slides|none|tbc|tba|n/?a|-+)\b",
    re.IGNORECASE,
)
_FIRST_ITEM_WINDOW = 400
_MAX_RUNS = 24
# A run of numbered items may pause for a long item (a report printed inside the agenda)
_LONG_LOOKAHEAD = 400
# Lines a run may go on past its last item, kept alive by numbering of other kinds, before it
# ends: about three times the longest stretch seen (a foundation board's agenda with officers'
# reports printed under its items, 1,058 lines). Without it, hostile or broken text numbered
# on every line is walked to its end by every candidate run.
_MAX_ITEM_LINES = 3000
_SHORT_TITLE_WORDS = 12
_SUB_TITLE_WORDS = 22
# A sub-item list starts within this many lines of its parent's title
_SUB_RUN_REACH = 15
_MAX_TITLE_LINES = 4
_BULLET_WINDOW = 80
# Title, date, venue and a subtitle: what a bulleted agenda with no "Agenda" heading prints first
_UNHEADED_FRONT_LINES = 4
_PAGE_BREAK_BLANKS = 3
_RUNNING_REPEATS = 3
_LONG_RUNNING_WORDS = 6
# a page number, or what OCR made of one ("l", "2")
_PAGE_MARK_CHARS = 3
_RUNNING_SCAN_LINES = 6000
_RUNNING_MAX_CHARS = 1000
_DIGITS = re.compile(r"\d+")
# Page furniture: "4", "Page 3 of 7", "City of Hermosa Beach<tab>Page 2<tab>Printed on 1/6/2023"
_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?$|"
    r"^(?:[^\t]*\t)?page\s+\d{1,3}(?:\s+of\s+\d{1,3})?(?:\t[^\t]*)*$",
    re.IGNORECASE,
)
# Words a wrapped title line ends on when its title goes on below
_CONNECTOR_END = re.compile(
    r"(?:\b(?:and|or|of|the|for|to|in|on|with|by|from|a|an|at|into|regarding|re)|[,&–—-])$",
    re.IGNORECASE,
)
# "Recommendation: ...", "LOCATION: ...", "Attachments:": a field under the title, not its rest
_KEY_VALUE = re.compile(
    r"^(?:[A-Z][A-Za-z]*(?:\s+[A-Za-z]+){0,2}\s*:(?:\s|$)|(?:memorandum|memo|report)\s+from\b)",
    re.IGNORECASE,
)
# "(City Clerk Myra Maravilla)": a US agenda's presenter line under the title
_PRESENTER_LINE = re.compile(r"^\([^()]{3,120}\)$")
_TRAILING_PRESENTER = re.compile(r"\s*\((?P<who>[^()]{3,120})\)$")
# Legistar agendas print a label and a file number before the title: "b) REPORT 23-0021"
_LEGISTAR_LABEL = re.compile(r"^(?:REPORT|RESOLUTION|ORDINANCE|PRESENTATION|MINUTES)$")
_FILE_NUMBER = re.compile(r"^(?:\d{2}|\d{4})-\d{3,5}$")
_FILE_CELL = re.compile(r"^(?:REPORT\s+)?(?:\d{2}|\d{4})-\d{3,5}\b")
_FILE_PREFIX = re.compile(r"^(?P<number>(?:\d{2}|\d{4})-\d{3,5})\s+(?P<title>\S.*)$")
# "Recommended by Financial Services Organization / Approval of ...": US commission agendas
# that name the recommending department before the action asked for
_RECOMMENDED_BY = re.compile(
    r"^Recommended\s+by\s+(?P<who>.+?)(?:\s+(?P<title>(?:Approv(?:al|e)|Adopt(?:ion)?|"
    r"Authori[sz](?:ation|e)|Award|Accept(?:ance)?|Ratif(?:ication|y)|Amend(?:ment)?|Extension|"
    r"Renewal|Request|Resolution|Ordinance|Execution|Purchase|Appointment)\b.*))?$"
)
# "PLANNING APPLICATION NO. 220504" printed as the first line of a US item: its reference
_REFERENCE_LINE = re.compile(
    r"^(?:[A-Z]+\s+){0,3}(?:APPLICATION|CASE|FILE|PERMIT|ORDINANCE|RESOLUTION|PROJECT)\s+"
    r"(?:NO\.?|NUMBER|#)\s*[\w./-]+$"
)
# "... Variance LOCATION: 12 Elm Road": a US planning item's site run into its title
_LOCATION_TAIL = re.compile(r"\s+LOCATION:\s.*$")
_TITLE_PURPOSE = re.compile(r"^(?P<purpose>discussion|information|decision|action)\s+item\b", re.I)
# "Items for Approval": a section whose sub-items all share a purpose
_SECTION_PURPOSE = re.compile(
    rf"\bitems?\s+(?:recommended\s+)?for\s+{_PURPOSE_WORDS}\b", re.IGNORECASE
)
# US procedural items printed without a number, each on its own line
_PROCEDURAL = re.compile(
    r"^(?:call\s+(?:(?:the|meeting)\s+)?to\s+order|roll\s+call|pledge\s+of\s+allegiance|"
    r"salute\s+to\s+the\s+flag|invocation|recess\b|reconvene|adjournment|adjourn\b|"
    r"public\s+comments?\b|oral\s+communications?|consent\s+calendar|closed\s+session\b|"
    r"(?-i:[A-Z][A-Z \u2019']{2,60}\bREPORTS?)$)",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^[*•●▪◦○■+-][ \t]+(?P<rest>\S.*)$")
_BULLET_GAP = re.compile(r"^\S")
# Agenda tables: the column naming the topic, its presenter and its time
_TABLE_HEADERS = {
    "topic": ("topic", "title", "subject", "agenda item", "business", "item"),
    "presenter": ("presenter", "presenters", "lead", "who", "speaker", "presented by", "owner"),
    "time": ("timebox", "time", "duration", "timing", "mins", "minutes"),
}
_TIMEBOX = re.compile(r"^(?P<n>\d{1,3})\s*(?P<unit>m|min|mins|minutes|h|hr|hrs|hours?)\.?$", re.I)
# Timed agendas: "10:10-10:25 Welcome – Chair"
_TIME_RANGE = re.compile(
    r"^(?P<h1>\d{1,2})[.:](?P<m1>\d{2})\s*(?P<p1>[ap]\.?m\.?)?\s*(?:-|–|—|to)\s*"
    r"(?P<h2>\d{1,2})[.:](?P<m2>\d{2})\s*(?P<p2>[ap]\.?m\.?)?\s+(?P<rest>\S.*)$",
    re.IGNORECASE,
)
_DASH_PRESENTER = re.compile(r"^(?P<title>.+?)\s+[–—-]\s+(?P<who>[^–—-]{2,60})$")
# Presenters and timings in brackets after a title: "(Chair, 10m)", "(15m, Aki Rose Braun)"
_BRACKET_TAIL = re.compile(r"\s*\((?P<inner>[^()]{1,80})\)$")
# "(slides, PR #10, issue #11)": labels of links after a title, the links themselves gone
_LINK_LABEL = re.compile(
    r"^(?:[\w-]+\s+)?(?:slides|spec|prs?|issue|notes|link|paper|pdf|recording|video)"
    r"(?:\s+#?\d+)?$",
    re.IGNORECASE,
)
# "Stage 3 slides (https://...)": a markdown link's label left after its title once the link
# became text (markdown agendas of standards bodies and projects); only before a link's address
_LINK_WORD_URL = re.compile(
    r"(?<=\w)\s+(?:slides|spec|pdf|recording|video)\s*(?=\((?:https?://|www\.|\.{0,2}/)[^()\s]*\))",
    re.IGNORECASE,
)
_URL_BRACKET = re.compile(
    r"\s*\((?:https?://|www\.|\.{0,2}/)[^()\s]*\)|\s*\([^()\s]+\.(?:pdf|docx?|pptx?|xlsx?|html?)\)",
    re.IGNORECASE,
)
_MD_LINK = re.compile(r"\[(?P<label>[^\[\]]*)\]\([^()]*\)")
# "- see link or Document 1 in bundle", "- Doc 2", "– Paper 4": a paper's number in the meeting
# bundle (NHS and public-body boards that circulate numbered papers)
_DOC_REFERENCE = re.compile(
    r"\s+[–—-]\s+(?:see\s+.*?\b)?(?P<ref>(?:doc|document|paper)\.?\s*\d+[A-Za-z]?)"
    r"(?:\s+in\s+(?:the\s+)?bundle)?$",
    re.IGNORECASE,
)
_INLINE_NUMBER = re.compile(r"\s(?P<num>\d{1,4})\.\s+(?P<rest>[A-Z].*)$")
_REFERS_TO_NUMBER = re.compile(
    r"\b(?:item|no|nos|number|section|para|paragraph|page|minute|clause|rule|of)\.?$", re.I
)
# Ways to take part printed as a numbered list (US remote meetings): addresses, not business
_CONTACT = re.compile(
    r"https?://|www\.|\b[\w.+-]+@[\w-]+\.[\w.]+|\(\d{3}\)\s*\d{3}-\d{4}|\btoll\s+free\b", re.I
)
# "(Section 54956.9(d)(1) of the California Government Code)": a statute cited after a title
_CITATION = re.compile(r"^(?:section|subdivision|gov(?:ernment)?\.?\s+code|pursuant\s+to)\b", re.I)
_MEMO_FROM = re.compile(
    r"^(?:memorandum|memo|staff\s+report)\s+from\s+(?:(?:memorandum|memo)\s+from\s+)?(?P<who>\S.*)$",
    re.IGNORECASE,
)
_MEMO_STOP = re.compile(r"\s+(?:Recommendation|Attachments?)\s*:", re.IGNORECASE)
_TWO_PRESENTERS = re.compile(
    r"^(?P<n1>[^,]+),\s*(?P<r1>[^,]+?)\s+and\s+(?P<n2>[^,]+),\s*(?P<r2>[^,]+)$"
)
_BRACKET_NAME = re.compile(r"^[A-Z][\w'.-]*(?:\s+[\w'.-]+){0,3}$")
_PARTICLES = frozenset(
    {"de", "da", "di", "van", "von", "der", "den", "la", "le", "du", "bin", "al"}
)
# "[Ant Elder / Rich]": the presenter (then a reviewer) in square brackets after a title (board
# agendas that list officer and committee reports)
_SQUARE_TAIL = re.compile(r"\s*\[(?P<who>[^\[\]]{2,80})\]$")
_SEE_PAPER = re.compile(
    r"^see\s+(?P<ref>(?:attachment|appendix|annex|paper|document)\s+[A-Z0-9]{1,4})\b", re.I
)
_SEE_LINES = 4
# "(Staff Reference: Finance Director Samson)", "(Presenter: ...)", "(Lead: ...)": the officer
# named in brackets after a US committee agenda item
_STAFF_REFERENCE = re.compile(
    r"\((?:staff\s+reference|presenter|lead)\s*:\s*(?P<who>[^()]*)\)?$", re.I
)
_FILING_REF = re.compile(r"^\d{2,4}(?:-\d{2,4}){1,3}$")
_CAPS_HEAD = re.compile(
    r"^(?P<head>[A-Z][A-Z&'\u2019/]+(?:\s+[A-Z][A-Z&'\u2019/]+)*)(?:\s+[–—-]\s+|\s+(?=[a-z]))(?P<rest>\S.*)$"
)
_CAPS_REST_WORDS = 4
_PROCEDURAL_WORDS = 4
# "33.<tab>2017-0321" then "SUBJECT: ...": US transit and county board agendas (Legistar
# exports) that print the item number and file number on one line and the subject below
_NUMBER_THEN_FILE = re.compile(r"^(?P<num>\d{1,3})\.\t+(?P<file>(?:\d{2}|\d{4})-\d{3,5})$")
_SUBJECT = re.compile(r"^SUBJECT:\s*(?P<title>\S.*)$")
_FILED_WINDOW = 3000
_TAIL_LINES = 40
# "Chair Ramirez", "Mayor Pro Tem Smith": a US roster's way of naming who leads an item
_ROLE_THEN_NAME = re.compile(
    r"^(?P<role>(?:vice\s+)?chair(?:man|woman|person)?|mayor(?:\s+pro\s+tem)?|president|"
    r"clerk|secretary|commissioner|councilmember)\s+(?P<name>[A-Z][\w'\u2019-]+)$",
    re.IGNORECASE,
)
_INITIALS = re.compile(r"^(?:[A-Z]{2,3}|All)$")


@dataclass(slots=True)
class RawItem:
    """An item as first seen, before its details are read.

    ``number`` is "" for an unnumbered item (a bullet, a procedural heading, a table row).
    """

    number: str
    main: int
    line: int
    title: list[str]
    cells: list[str] | None = None
    body: list[str] = field(default_factory=list)
    exempt: bool = False
    letters: int = 0
    minors: int = 0
    reassembled: bool = False
    report: str | None = None
    who: tuple[str | None, str | None] | None = None
    duration: int | None = None
    purpose: str | None = None
    joined: bool = False

    def text(self) -> str:
        """Title, table cells and body as one newline-joined text."""
        parts = [" ".join(self.title), *(self.cells or []), *self.body]
        return "\n".join(parts)


@dataclass(slots=True)
class Agenda:
    """The agenda read from a pack, with the line range it occupied."""

    items: list[AgendaItem]
    raw: list[RawItem]
    heading: int | None
    start: int | None
    end: int
    warnings: list[str] = field(default_factory=list)


def find_agenda_heading(lines: list[str]) -> int | None:
    """Index of the "AGENDA" / "A G E N D A" heading near the front, if the pack prints one."""
    for index, line in enumerate(lines[:_HEADING_SEARCH_LINES]):
        text = line.strip()
        if len(text) <= 60 and _HEADING.match(collapse_spaces(text)):
            return index
    return None


def read_agenda(lines: list[str]) -> Agenda:
    """Read the agenda items (see the module docstring for how the agenda is delimited)."""
    page = _Page(lines)
    heading = find_agenda_heading(lines)
    begin = heading + 1 if heading is not None else 0
    filed = _file_number_items(page, begin)
    if filed:
        _mark_exempt(filed)
        end = max(item.line for item in filed) + 1
        found = [_finish(item, []) for item in filed]
        start = min(item.line for item in filed)
        return Agenda(items=found, raw=filed, heading=heading, start=start, end=end)
    run = _top_run(page, begin)
    if run is None and heading is not None:
        run = _top_run(page, 0)
    if run is None:
        bullets = _bullet_items(page, heading)
        if bullets:
            items = [_finish(item, []) for item in bullets]
            end = bullets[-1].line + 1 + len(bullets[-1].body)
            return Agenda(items=items, raw=bullets, heading=heading, start=bullets[0].line, end=end)
        return Agenda(items=[], raw=[], heading=heading, start=None, end=heading or 0)
    warnings: list[str] = [
        f"agenda numbering jumps from {before} to {after}; item {after} read as the next item"
        for before, after in run.gaps
    ]
    raw = _prologue(page, begin, run.items[0][0])
    for position, (index, mark) in enumerate(run.items):
        limit = run.items[position + 1][0] if position + 1 < len(run.items) else run.end
        raw.extend(_build(page, index, mark, limit, parent=None, depth=0))
    _page_ranges(page, begin, run.items[0][0], raw)
    if not run.clear_end:
        last = next((item.number for item in reversed(raw) if item.number), "")
        warnings.append(
            f"the agenda's end is not marked; read up to item {last} and stopped "
            "where numbered items ran out"
        )
    _mark_exempt(raw)
    items = [_finish(item, warnings) for item in raw]
    start = min(item.line for item in raw)
    return Agenda(
        items=items, raw=raw, heading=heading, start=start, end=run.end, warnings=warnings
    )


# --- item markers ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Mark:
    """How a line may open an item: "3.", "10A)", "IV.", "b)", "(c)", "AA."."""

    kind: str
    """"num", "ROMAN", "roman", "ALPHA" or "alpha": numbering runs stay in one kind."""
    value: int
    label: str
    style: str
    """"dot" (also ":" and a tab), "paren" or "space": runs stay in one style."""
    sub: str
    """A letter printed after the number ("10A"): a sub-item of item 10."""
    rest: str


@dataclass(slots=True)
class _Run:
    items: list[tuple[int, _Mark]]
    end: int
    clear_end: bool
    gaps: list[tuple[int, int]] = field(default_factory=list)
    score: float = 0.0


class _Page:
    """The document's lines with what is known about each: markers, stops, running heads."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.noise = _running_lines(lines)
        self._marks: dict[int, list[_Mark]] = {}
        self._stops: dict[int, bool] = {}

    def marks(self, index: int) -> list[_Mark]:
        found = self._marks.get(index)
        if found is None:
            found = _marks(self.lines[index]) if index not in self.noise else []
            self._marks[index] = found
        return found

    def find(self, index: int, kind: str, style: str, value: int, sub: str = "") -> _Mark | None:
        for mark in self.marks(index):
            if (mark.kind, mark.style, mark.value, mark.sub) == (kind, style, value, sub):
                return mark
        return None

    def stop(self, index: int) -> bool:
        found = self._stops.get(index)
        if found is None:
            found = _is_stop(self.lines, index)
            self._stops[index] = found
        return found

    def text(self, index: int) -> str:
        """The line's text, empty for a blank line or a running header, footer or page number."""
        return "" if index in self.noise else self.lines[index].strip()

    def next_text(self, index: int, limit: int) -> int | None:
        for following in range(index + 1, min(limit, index + 4)):
            if self.text(following):
                return following
        return None


# A number: "3.", "3)", "3:", "3<tab>", "3 " (capitalised title), "Item 3", "10A.", "2579."
_NUM_MARK = re.compile(
    r"^(?:item\s+)?(?P<num>\d{1,4})(?P<sub>[A-Za-z])?(?P<sep>[.):]|\t| )[ \t]*(?P<rest>.*)$",
    re.IGNORECASE,
)
# A letter or roman numeral: "A.", "b)", "(c)", "IV.", "AA." (lists longer than the alphabet)
_LABEL_MARK = re.compile(
    r"^(?P<open>\()?(?P<label>[A-Za-z]{1,7})(?P<sep>[.)])(?:[ \t]+(?P<rest>.*))?$"
)
_ROMAN = re.compile(r"^M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def _marks(line: str) -> list[_Mark]:
    text = line.strip(" \t")
    if not text or len(text) > 2000:
        return []
    found: list[_Mark] = []
    number = _NUM_MARK.match(text)
    if (
        number
        and number.group("sep") in ".:"
        and text[number.end("sep") : number.end("sep") + 1].isdigit()
    ):
        return found  # "5.1 Budget" is a sub-item, "6:00 PM" a time: neither is item 5 or 6
    if number and number.group("sep") == "." and _DECIMAL.match(text):
        return found  # "2.a Budget", "2.b." : sub-items of item 2
    if number:
        sep = number.group("sep")
        style = {")": "paren", " ": "space", "\t": "tab"}.get(sep, "dot")
        found.append(
            _Mark("num", int(number.group("num")), number.group("num"), style,
                  number.group("sub") or "", number.group("rest"))
        )  # fmt: skip
        return found
    label = _LABEL_MARK.match(text)
    if not label:
        return found
    word, sep = label.group("label"), label.group("sep")
    if label.group("open") and sep != ")":
        return found
    if not (word.isupper() or word.islower()):
        return found
    style = "paren" if sep == ")" else "dot"
    rest = label.group("rest") or ""
    upper = word.isupper()
    if len(word) <= 2:
        value = sum((ord(c) - ord("a") + 1) * 26**i for i, c in enumerate(reversed(word.lower())))
        found.append(_Mark("ALPHA" if upper else "alpha", value, word, style, "", rest))
    if _ROMAN.match(word.upper()):
        found.append(
            _Mark("ROMAN" if upper else "roman", _roman_value(word), word, style, "", rest)
        )
    return found


def _roman_value(word: str) -> int:
    values = [_ROMAN_VALUES[c] for c in word.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _head_title(page: _Page, index: int, mark: _Mark, limit: int) -> tuple[str, int] | None:
    """The first line of the title a marker opens, and the line it is on; None if no title."""
    rest, last = mark.rest, index
    if not rest.strip():
        if mark.style == "space":
            return None
        # "1." alone on its line, the title printed on the next one
        following = page.next_text(index, limit)
        if following is None or page.marks(following):
            return None
        rest, last = page.lines[following].strip(" "), following
    cells = [cell for cell in split_cells(rest) if cell]
    cells = [cell for cell in cells if not _TIME_SLOT.match(cell)] or cells
    title = next((cell for cell in cells if any(c.isalpha() for c in cell)), "")
    if not title:
        return None
    if mark.style == "space":
        word = _FIRST_WORD.search(title)
        if not word or word.group(0).islower() or _DURATION_WORD.match(title):
            return None  # "10 MIN" under an item is a timing, not item 10
    return title, last


# --- the top-level run -------------------------------------------------------------------


def _top_run(page: _Page, begin: int) -> _Run | None:
    """The numbering run that is the agenda: the best scored of the runs starting near ``begin``.

    A run is a sequence of markers of one kind and style numbered on (1, 2, 3 / A, B, C /
    I, II, III; four-digit numbers that carry on from meeting to meeting may start anywhere).
    Runs nested inside another run's items are that run's sub-items, not rivals.
    """
    lines = page.lines
    runs: list[_Run] = []
    covered: set[tuple[int, str]] = set()
    for index in range(begin, min(len(lines), begin + _FIRST_ITEM_WINDOW)):
        if runs and page.stop(index):
            break
        for mark in page.marks(index):
            if mark.sub or (index, mark.kind) in covered:
                continue
            # Welsh and English parish councils number items on from meeting to meeting
            carried = mark.kind == "num" and len(mark.label) >= 3
            if mark.value != 1 and not carried:
                continue
            head = _head_title(page, index, mark, len(lines))
            if head is None or page.stop(index):
                continue
            run = _follow(page, index, mark, len(lines), top=True)
            if carried and len(run.items) < 3:
                continue
            covered.update((line, mark.kind) for line, _ in run.items)
            run.score = _score(page, run)
            runs.append(run)
        if len(runs) >= _MAX_RUNS:
            break
    runs = [run for run in runs if not any(_nested(page, run, other) for other in runs)]
    # A run whose numbering starts again inside it ("A." under item 3, "A." again under 5)
    # chains the sub-items of several items: the items are the other run.
    whole = [run for run in runs if not _restarts(page, run)] or runs
    best: _Run | None = None
    for run in whole:
        if run.score > 0 and (best is None or run.score > best.score):
            best = run
    return best


def _restarts(page: _Page, run: _Run) -> bool:
    first, mark = run.items[0]
    inside = {line for line, _ in run.items}
    return any(
        page.find(index, mark.kind, mark.style, 1) is not None
        for index in range(first + 1, run.items[-1][0])
        if index not in inside
    )


def _score(page: _Page, run: _Run) -> float:
    """Short titles count for a run; paragraphs (a numbered "order of business") against it."""
    score = 0.0
    people = 0
    for index, mark in run.items:
        head = _head_title(page, index, mark, run.end)
        words = len(head[0].split()) if head else 0
        if head is not None and looks_like_people(head[0]) is not None:
            people += 1
        if head is not None and _CONTACT.search(head[0]):
            score -= 0.5  # "2. ZOOM - https://...": how to take part, not business
        else:
            score += 1.0 if words <= 16 else 0.4 if words <= 30 else -0.3
    if people * 5 >= len(run.items) * 3:
        return -score  # a numbered membership list ("1. Cllr Jane Smith") is not the agenda
    return score


def _nested(page: _Page, run: _Run, other: _Run) -> bool:
    """Whether ``run`` is printed under one of ``other``'s items, starting right below it."""
    if other is run or not other.items:
        return False
    first, last = run.items[0][0], run.items[-1][0]
    starts = [line for line, _ in other.items] + [other.end]
    for a, b in itertools.pairwise(starts):
        if a < first and last < b:
            if b == other.end and run.score > other.score:
                return (
                    False  # the last item runs on to the end: a better run after it is not its list
                )
            between = sum(1 for i in range(a + 1, first) if page.text(i))
            return between <= _SUB_RUN_REACH
    return False


def _follow(page: _Page, index: int, mark: _Mark, limit: int, *, top: bool) -> _Run:
    """The run that ``mark`` on line ``index`` starts, up to ``limit``."""
    run = _Run(items=[], end=limit, clear_end=False)
    _append(run, index, mark)
    value, quiet, position = run.items[-1][1].value, 0, index + 1
    while position < limit:
        if position - run.items[-1][0] > _MAX_ITEM_LINES:
            run.end = position
            return run
        text = page.text(position)
        if not text:
            position += 1
            continue
        if top and page.stop(position):
            run.end, run.clear_end = position, True
            return run
        found = page.find(position, mark.kind, mark.style, value + 1)
        if found is not None and _head_title(page, position, found, limit) is not None:
            _append(run, position, found)
            value, quiet = run.items[-1][1].value, 0
            position += 1
            continue
        if top and mark.kind == "num":
            skipped = page.find(position, mark.kind, mark.style, value + 2)
            if skipped is not None and _bridges_gap(page, position, skipped, run, limit):
                run.gaps.append((value, value + 2))
                run.items.append((position, skipped))
                value, quiet = value + 2, 0
                position += 1
                continue
        # a sub-item keeps the run alive; a number of this run's own style out of sequence
        # (an actions table's rows, the minutes' numbering) does not
        other = any(m.kind != mark.kind or m.style != mark.style for m in page.marks(position))
        quiet = 0 if other else quiet + 1
        if quiet > _MAX_QUIET_LINES:
            # a long item (a report printed in the agenda): the next number may still follow
            jump = _look_ahead(page, position, mark, value + 1, limit, top=top)
            if jump is None:
                run.end = position
                return run
            position, quiet = jump, 0
            continue
        position += 1
    return run


def _append(run: _Run, index: int, mark: _Mark) -> None:
    """Add an item to a run, splitting off the next item when PDF text ran two lines together
    ("2592. Data Protection Policy 2593. Report back from ...")."""
    while mark.kind == "num" and not mark.sub:
        inline = next(
            (
                m
                for m in _INLINE_NUMBER.finditer(mark.rest)
                if int(m.group("num")) == mark.value + 1
            ),
            None,
        )
        before = mark.rest[: inline.start()] if inline else ""
        if inline is None or _REFERS_TO_NUMBER.search(before) or not before.strip():
            break
        run.items.append((index, replace(mark, rest=before)))
        mark = replace(
            mark, value=mark.value + 1, label=inline.group("num"), rest=inline.group("rest")
        )
    run.items.append((index, mark))


def _look_ahead(
    page: _Page, position: int, mark: _Mark, value: int, limit: int, *, top: bool
) -> int | None:
    for index in range(position, min(limit, position + _LONG_LOOKAHEAD)):
        if top and page.stop(index):
            return None
        found = page.find(index, mark.kind, mark.style, value)
        if found is None:
            continue
        head = _head_title(page, index, found, limit)
        if head is not None and len(head[0].split()) <= _SHORT_TITLE_WORDS:
            return index
    return None


def _bridges_gap(page: _Page, index: int, mark: _Mark, run: _Run, limit: int) -> bool:
    """Whether a misprinted number one too high ("5, 7") still opens the next item.

    Only when nothing else numbered was printed since the last item (no table rows, no
    numbered paragraphs), the title is set like the others, and the numbering carries on
    from it or the title is one that usually closes an agenda.
    """
    head = _head_title(page, index, mark, limit)
    if head is None:
        return False
    last = run.items[-1][0]
    if any(_NUMBERED_LINE.match(page.lines[i].strip(" ")) for i in range(last + 1, index)):
        return False
    title = head[0]
    if len(title.split()) > 20 or looks_like_people(title) is not None:
        return False
    shouted = [is_heading_like(t[0]) for i, m in run.items if (t := _head_title(page, i, m, limit))]
    if all(shouted) != is_heading_like(title):
        return False
    if _USUAL_LAST_ITEM.search(title):
        return True
    for following in range(head[1] + 1, min(limit, head[1] + _GAP_LOOKAHEAD)):
        for other in page.marks(following):
            if other.kind == mark.kind and other.style == mark.style:
                return other.value == mark.value + 1 and not other.sub
    return False


# --- items, their titles and sub-items ---------------------------------------------------


def _build(
    page: _Page, index: int, mark: _Mark, limit: int, *, parent: RawItem | None, depth: int
) -> list[RawItem]:
    """The item ``mark`` opens and its sub-items, each with its title and body."""
    item, title_end = _new_item(page, index, mark, limit, parent)
    items = [item]
    subs = _sub_run(page, title_end + 1, limit, item, mark, depth) if depth < 2 else None
    body_end = subs[0][0] if subs else limit
    items.extend(_body(page, item, title_end + 1, body_end, top=parent is None))
    for position, (line, sub) in enumerate(subs or []):
        end = subs[position + 1][0] if subs and position + 1 < len(subs) else limit
        items.extend(_build(page, line, sub, end, parent=item, depth=depth + 1))
    return items


def _number(mark: _Mark, parent: RawItem | None) -> str:
    if mark.sub:
        return f"{mark.label}{mark.sub}"
    if parent is None:
        return mark.label
    if mark.kind == "decimal":
        return f"{parent.number}.{mark.label}"
    # "10A": a letter under a number is appended; other outline levels are dotted ("II.B.3")
    if parent.number.isdigit() and mark.kind in ("ALPHA", "alpha"):
        return f"{parent.number}{mark.label}"
    return f"{parent.number}.{mark.label}"


def _new_item(
    page: _Page, index: int, mark: _Mark, limit: int, parent: RawItem | None
) -> tuple[RawItem, int]:
    """The item a marker opens, its title read; also the last line the title took."""
    rest, last = mark.rest, index
    if not rest.strip():
        following = page.next_text(index, limit)
        if following is not None and not page.marks(following):
            rest, last = page.lines[following].strip(" "), following
    number = _number(mark, parent)
    main = parent.main if parent is not None else mark.value
    item = RawItem(number=number, main=main, line=index, title=[])
    if parent is not None and parent.purpose is None:
        section = _SECTION_PURPOSE.search(" ".join(parent.title))
        item.purpose = _purpose_word(section) if section else None
    rest, pages = _page_column(rest)
    cells: list[str] = []
    if "\t" in rest:
        title, cells = _row_parts(rest)
    else:
        title = collapse_spaces(rest)
    # Legistar agendas: "b) REPORT 23-0021" with the title on the lines below
    while _LEGISTAR_LABEL.match(title):
        if cells:
            title, cells = cells[0], cells[1:]
            continue
        following = page.next_text(last, limit)
        if following is not None and _FILE_NUMBER.match(collapse_spaces(page.lines[following])):
            title = ""  # the label, then the file number, then the title
        break
    if _FILE_NUMBER.match(title):
        item.report = title
        title, cells = (cells[0], cells[1:]) if cells else ("", [])
    while not title and last + 1 < limit:
        following = page.next_text(last, limit)
        if following is None or page.marks(following) or page.stop(following):
            break
        text = collapse_spaces(page.lines[following])
        last = following
        if _LEGISTAR_LABEL.match(text):
            continue
        if _FILE_NUMBER.match(text):
            item.report = item.report or text
            continue
        title = text
    recommended = _RECOMMENDED_BY.match(title)
    if recommended:
        # "Recommended by Water System / Approval of ..." (US commission agendas)
        item.who = (None, recommended.group("who").strip())
        title = (recommended.group("title") or "").strip()
        if not title:
            following = page.next_text(last, limit)
            if following is not None and not page.marks(following):
                title, last = collapse_spaces(page.lines[following]), following
    item.title = [f"{title}{pages}"]
    if any(cells):
        item.cells = cells
    else:
        last = _continue_title(page, item, last, limit)
    return item, last


def _page_column(line: str) -> tuple[str, str]:
    """A line without the page range printed in a column at its end, and that range as
    " (Pages 1-6)" for the title (empty if there is none)."""
    head, tail = line[:-_PAGE_COLUMN_CHARS], line[-_PAGE_COLUMN_CHARS:]
    column = _PAGE_COLUMN.search(tail)
    if column is None:
        return line, ""
    return head + tail[: column.start()], f" (Pages {column['first']}-{column['last']})"


def _page_ranges(page: _Page, begin: int, first: int, raw: list[RawItem]) -> None:
    """Read "MINUTES 1 - 6" as the title and its pages when the agenda prints a page column."""
    ends: list[tuple[RawItem, int, re.Match[str]]] = []
    for item in raw:
        for part, line in ((0, item.title[:1]), (len(item.title) - 1, item.title[-1:])):
            found = _RANGE_END.search(line[0][-_PAGE_COLUMN_CHARS:]) if line else None
            if found and int(found["first"]) <= int(found["last"]):
                ends.append((item, part, found))
                break
    if not ends:
        return
    headed = any(
        _PAGE_HEADING.search(page.text(index)) for index in range(max(begin, first - 10), first)
    )
    ascending = len(ends) >= 2 and all(
        int(later[2]["first"]) > int(earlier[2]["last"])
        for earlier, later in itertools.pairwise(ends)
    )
    if not (headed or ascending):
        return
    for item, part, found in ends:
        text = item.title[part]
        cut = len(text) - len(found.group(0))
        item.title[part] = f"{text[:cut]} (Pages {found['first']}-{found['last']})"


def _continue_title(page: _Page, item: RawItem, last: int, limit: int) -> int:
    """Join the lines a long title wrapped onto; read a "(Role Name)" line printed under it."""
    joined = 0
    position = last + 1
    while position < limit and joined < _MAX_TITLE_LINES:
        if position in page.noise:
            position += 1
            continue
        text = collapse_spaces(page.lines[position])
        # "(Pages" ends the line, its numbers ("12 - 20)") start the next
        open_pages = _PAGES_TAIL.search(" ".join(item.title)) is not None
        if not text or (page.marks(position) and not open_pages) or page.stop(position):
            break
        if _PRESENTER_LINE.match(text) and item.who is None:
            who = _role_and_name(text[1:-1])
            if who is not None:
                item.who = who
                return position
        cells = split_cells(page.lines[position]) if "\t" in page.lines[position] else []
        if len(cells) > 1 and _FILING_REF.match(cells[-1]):
            # "... as submitted.<tab>315-05-03": a filing reference in the right-hand column
            item.report = item.report or cells[-1]
            text = collapse_spaces(" ".join(cells[:-1]))
        if not _continues(" ".join(item.title), text):
            break
        item.title.append(text)
        item.joined = True
        joined += 1
        last = position
        position += 1
    return last


def _continues(title: str, text: str) -> bool:
    """Whether ``text`` is the rest of a title that wrapped (PDF text keeps the line breaks)."""
    if not title:
        return False
    if title.count("(") > title.count(")"):
        return True
    if _KEY_VALUE.match(text):
        return False
    if _PROCEDURAL.match(title) and len(title.split()) <= _PROCEDURAL_WORDS:
        return False  # "ROLL CALL", the roll printed below it
    if _STAFF_REFERENCE.search(text):
        return True  # "... Efforts. (Staff Reference: Compliance Manager Gallagher)"
    if _PRESENTER_LINE.match(text):
        return is_heading_like(title) and is_heading_like(text)  # "(VERBAL REPORT)"
    if _REFERENCE_LINE.match(title):
        return True  # "PLANNING APPLICATION NO. 220504", the title below it
    if title.count("(") > title.count(")"):
        return True
    if title.endswith((":", ":-", ".", ";", "!", "?")):
        return False
    if _CONNECTOR_END.search(title) or text[:1].islower():
        return True
    bare = _TRAILING_PRESENTER.sub("", text)  # "... 2022 (Human Resources Manager Jo Bloggs)"
    return is_heading_like(title) and is_heading_like(bare) and len(text.split()) <= 40


def _sub_run(
    page: _Page, begin: int, limit: int, parent: RawItem, mark: _Mark, depth: int
) -> list[tuple[int, _Mark]] | None:
    """The sub-items printed under an item: "A.", "(b)", "10A", "5.1", "1." under "A."."""
    ancestors = {mark.kind}
    for index in range(begin, limit):
        text = page.text(index)
        if not text:
            continue
        decimal = _DECIMAL.match(text)
        if decimal and decimal.group("num") == mark.label and decimal.group("minor") in "1a":
            return _decimal_run(page, index, limit, mark.label)
        for sub in page.marks(index):
            first = (
                (sub.kind == mark.kind and sub.sub in ("A", "a") and sub.label == mark.label)
                if sub.sub
                else (sub.kind not in ancestors and sub.value == 1)
            )
            if not first or _head_title(page, index, sub, limit) is None:
                continue
            run = _follow_sub(page, index, sub, limit)
            if _sub_titles_ok(page, run, index, limit):
                return run
    return None


def _follow_sub(page: _Page, index: int, sub: _Mark, limit: int) -> list[tuple[int, _Mark]]:
    if not sub.sub:
        return _follow(page, index, sub, limit, top=False).items
    run = [(index, sub)]
    for position in range(index + 1, limit):
        expected = chr(ord(run[-1][1].sub) + 1)
        found = page.find(position, sub.kind, sub.style, sub.value, expected)
        if found is not None and _head_title(page, position, found, limit) is not None:
            run.append((position, found))
    return run


def _decimal_run(page: _Page, index: int, limit: int, label: str) -> list[tuple[int, _Mark]]:
    run: list[tuple[int, _Mark]] = []
    minor = 1
    for position in range(index, limit):
        decimal = _DECIMAL.match(page.text(position))
        if decimal and decimal.group("num") == label and _minor_value(decimal["minor"]) == minor:
            mark = _Mark("decimal", minor, decimal.group("minor"), "dot", "", decimal.group("rest"))
            run.append((position, mark))
            minor += 1
    return run


def _minor_value(minor: str) -> int:
    """The place of a sub-item's number or letter: "3" and "c" are both the third."""
    return int(minor) if minor.isdigit() else ord(minor) - ord("a") + 1


def _sub_titles_ok(page: _Page, run: list[tuple[int, _Mark]], index: int, limit: int) -> bool:
    """Tell sub-items from a list inside an item's text (a recommendation's numbered points)."""
    titles = [head[0] for i, m in run if (head := _head_title(page, i, m, limit))]
    if not titles or sum(1 for title in titles if _CONTACT.search(title)) * 2 >= len(titles):
        return False
    if any(t[:1].islower() or t.rstrip().endswith((";", "; and", "; or", ", and")) for t in titles):
        return False
    shouted = all(is_heading_like(title) for title in titles)
    long = sum(len(title.split()) for title in titles) / len(titles) > _SUB_TITLE_WORDS
    previous = next(
        (page.text(i) for i in range(index - 1, max(-1, index - 6), -1) if page.text(i)), ""
    )
    return shouted or not (long or (previous.endswith(":") and len(titles) == 1))


def _body(page: _Page, item: RawItem, begin: int, end: int, *, top: bool) -> list[RawItem]:
    """Fill ``item``'s body; return the unnumbered procedural items printed inside it."""
    extra: list[RawItem] = []
    current = item
    row_open = item.cells is not None
    for index in range(begin, end):
        line = page.lines[index]
        text = page.text(index)
        if not text:
            continue
        if top and _is_procedural(page, index):
            current = _procedural_item(page, index)
            extra.append(current)
            row_open = False
            continue
        if row_open and line.startswith("\t") and _continues_row(current, line):
            _merge_row(current, split_cells(line)[1:])
            continue
        row_open = False
        current.body.append(line)
    extra.extend(_table_items(item))
    return extra


def _is_procedural(page: _Page, index: int) -> bool:
    """A procedural item printed without a number ("ROLL CALL", "RECESS"), on its own line."""
    text = page.text(index)
    title = split_cells(text)[0] if "\t" in text else text
    words = title.split("(")[0]  # "RECESS TO CLOSED SESSION (Meeting will reconvene ...)"
    if not _PROCEDURAL.match(title) or len(words.split()) > 12:
        return False
    if not is_heading_like(words) and len(words.split()) > _PROCEDURAL_WORDS:
        return False
    for step in (-1, 1):
        near = index + step
        while 0 <= near < len(page.lines) and near in page.noise:
            near += step
        if (
            0 <= near < len(page.lines)
            and any(c.isalpha() for c in page.lines[near])
            # "ROLL CALL<tab>Jo Bloggs, CMC" / "<tab>Clerk" is still on its own
            and not (step == 1 and "\t" in text and page.lines[near].startswith("\t"))
        ):
            return False
    return True


def _prologue(page: _Page, begin: int, first: int, *, alone: bool = False) -> list[RawItem]:
    """Items printed before the numbered ones: procedural headings, a closed session's files."""
    items: list[RawItem] = []
    for index in range(begin, first):
        if _is_procedural(page, index):
            items.append(_procedural_item(page, index))
            continue
        if not items:
            continue
        for mark in page.marks(index):
            if mark.value == 1 and mark.kind in ("alpha", "ALPHA") and _FILE_CELL.match(mark.rest):
                # Legistar: a closed session's files, lettered, before the numbered agenda
                run = _follow(page, index, mark, first, top=False)
                for position, (line, head) in enumerate(run.items):
                    end = run.items[position + 1][0] if position + 1 < len(run.items) else first
                    items.extend(_build(page, line, head, end, parent=None, depth=2))
                return items
    return items if len(items) >= (1 if alone else 2) else []


def _procedural_item(page: _Page, index: int) -> RawItem:
    """ "CALL TO ORDER<tab>Chair Ramirez", "ROLL CALL<tab>Jo Bloggs, CMC" / "<tab>Clerk"."""
    cells = split_cells(page.text(index))
    item = RawItem(number="", main=0, line=index, title=[cells[0]])
    who = cells[1] if len(cells) > 1 and cells[1] else None
    if who is not None:
        titled = _ROLE_THEN_NAME.match(who)
        if titled:
            item.who = (titled.group("name"), titled.group("role"))
        else:
            name = who.split(",")[0].strip()
            following = page.lines[index + 1] if index + 1 < len(page.lines) else ""
            role = collapse_spaces(following) if following.startswith("\t") else None
            if looks_like_people(name) is not None:
                item.who = (name, role)
    return item


def _file_number_items(page: _Page, begin: int) -> list[RawItem]:
    """Legistar agendas that print each item's number and file number after its text.

    "SUBJECT: STATE LEGISLATION", the recommendation, then "45.<tab>2017-0432": numbers
    out of sequence (items keep the number they had at the board), so no run is looked for.
    """
    lines = page.lines
    heads = [
        (index, match)
        for index in range(begin, min(len(lines), begin + _FILED_WINDOW))
        if lines[index][:1].isdigit() and (match := _NUMBER_THEN_FILE.match(lines[index].strip()))
    ]
    if len(heads) < 2:
        return []
    items: list[RawItem] = _prologue(page, begin, heads[0][0], alone=True)
    previous = items[-1].line + 1 if items else begin
    for index, match in heads:
        subject = next(
            (i for i in range(index - 1, previous - 1, -1) if _SUBJECT.match(page.text(i))), None
        )
        if subject is not None:
            title = collapse_spaces(_SUBJECT.sub(r"\g<title>", page.text(subject)))
        else:
            # "CLOSED SESSION:" heads an item that has no SUBJECT line
            subject = next(
                (i for i in range(index - 1, previous - 1, -1) if is_heading_like(page.text(i))),
                index,
            )
            title = page.text(subject).rstrip(": ") if subject != index else ""
        item = RawItem(
            number=match.group("num"), main=int(match.group("num")), line=subject, title=[title]
        )
        item.report = match.group("file")
        last = _continue_title(page, item, subject, index)
        item.body = [lines[i] for i in range(last + 1, index) if page.text(i)]
        items.append(item)
        previous = index + 1
    items.extend(_tail(page, previous))
    return items


def _tail(page: _Page, begin: int) -> list[RawItem]:
    """Procedural items printed after the last numbered one ("Adjournment")."""
    return [
        _procedural_item(page, index)
        for index in range(begin, min(len(page.lines), begin + _TAIL_LINES))
        if _is_procedural(page, index)
    ]


def _bullet_items(page: _Page, heading: int | None) -> list[RawItem]:
    """Markdown and plain-text agendas printed as a bulleted list under "Agenda": no numbers.

    Without an "Agenda" heading, a list that opens the document right below its title and
    date lines (markdown agendas whose items are headings under the title) is read instead.
    """
    begin = heading + 1 if heading is not None else 0
    # lines of text allowed before the first bullet: a blank or two after "Agenda", or the
    # title, date and venue lines of a document that prints no "Agenda" heading
    before = 0
    allowed = 0 if heading is not None else _UNHEADED_FRONT_LINES
    items: list[RawItem] = []
    previous = ""
    for index in range(begin, min(len(page.lines), begin + _BULLET_WINDOW)):
        text = page.text(index)
        bullet = _BULLET.match(text)
        if bullet:
            if heading is None and (previous.endswith(":") or (items and page.text(index - 1))):
                # no "Agenda" heading: only a loose list right below the title (item headings
                # of a markdown agenda), not a list a sentence introduces ("Present:")
                break
            items.append(RawItem(number="", main=0, line=index, title=[bullet.group("rest")]))
        elif text and items:
            if not _BULLET_GAP.match(text):
                break
            items[-1].body.append(text)
        elif text and not items:
            before += 1
            if (heading is not None and index > heading + 3) or (
                heading is None and before > allowed
            ):
                break
        if text:
            previous = text
    if heading is None and len(items) < 2:
        return []
    return items


def _table_items(item: RawItem) -> list[RawItem]:
    """Rows of a table printed under an item with a "topic" column (and presenter, timebox)."""
    rows: list[RawItem] = []
    columns: dict[str, int] | None = None
    kept: list[str] = []
    for line in item.body:
        cells = split_cells(line) if "\t" in line else []
        if columns is None:
            columns = _table_columns(cells)
            if columns is None:
                kept.append(line)
            continue
        if len(cells) < 2:
            kept.append(line)
            continue
        title = cells[columns["topic"]] if columns["topic"] < len(cells) else ""
        if not title:
            continue
        row = RawItem(number="", main=item.main, line=item.line, title=[title])
        who = columns.get("presenter")
        if who is not None and who < len(cells) and cells[who]:
            row.who = (cells[who], None)
        time = columns.get("time")
        if time is not None and time < len(cells):
            row.duration = _minutes(cells[time])
        rows.append(row)
    if rows:
        item.body = kept
    return rows


def _table_columns(cells: list[str]) -> dict[str, int] | None:
    names = [cell.lower().strip(" *") for cell in cells]
    columns: dict[str, int] = {}
    for position, name in enumerate(names):
        for key, words in _TABLE_HEADERS.items():
            if name in words and key not in columns:
                columns[key] = position
    if "topic" not in columns or len(columns) < 2:
        return None
    return columns


def _minutes(text: str) -> int | None:
    match = _TIMEBOX.match(text.strip())
    if not match:
        return None
    amount = int(match.group("n"))
    return amount * 60 if match.group("unit").lower().startswith("h") else amount


def _role_and_name(text: str) -> tuple[str | None, str | None] | None:
    """ "City Clerk Myra Maravilla" -> ("Myra Maravilla", "City Clerk"): the name comes last."""
    words = collapse_spaces(text).split()
    for size in (3, 2):
        if len(words) <= size:
            continue
        name = " ".join(words[-size:])
        if size == 3 and not re.fullmatch(r"[A-Z]\.?", words[-2]):
            continue
        role = " ".join(words[:-size])
        if _CONNECTOR_END.search(role):
            continue  # "Director of Parks and | Recreation Dombrowski"
        if looks_like_people(name) is not None and _ROLE_WORD.search(role):
            return name, role
    # "Acting City Clerk Faber": US staff named by surname after their title
    if (
        len(words) >= 2
        and words[-1][:1].isupper()
        and words[-1].isalpha()
        and _ROLE_WORD.search(" ".join(words[:-1]))
        and not _ROLE_WORD.fullmatch(words[-1].lower())
    ):
        return words[-1], " ".join(words[:-1])
    return None


def _running_lines(lines: list[str]) -> set[int]:
    """Running headers and footers, and page numbers: repeated at page breaks, not content.

    A page break is a run of blank lines (or a form feed) in the converted text; a line
    next to page breaks at least three times, or a "Page 3 of 7" line, is page furniture.
    Only the front of a long document is looked at: that is where the agenda is.
    """
    limit = min(len(lines), _RUNNING_SCAN_LINES)
    blank = [not line.strip() for line in lines[: limit + _PAGE_BREAK_BLANKS]]
    blank.extend([True] * (limit + _PAGE_BREAK_BLANKS - len(blank)))
    noise: set[int] = set()
    edges: dict[str, list[int]] = {}
    for index in range(limit):
        if blank[index]:
            continue
        text = lines[index].strip()
        if len(text) > _RUNNING_MAX_CHARS:
            continue
        if _PAGE_NUMBER.match(text):
            noise.add(index)
        after = index >= _PAGE_BREAK_BLANKS and all(blank[index - _PAGE_BREAK_BLANKS : index])
        before = all(blank[index + 1 : index + 1 + _PAGE_BREAK_BLANKS]) or (
            # a footer above a page number ("... November 30, 2022" / "2")
            index + 2 < len(lines)
            and not blank[index + 1]
            and len(lines[index + 1].strip()) <= _PAGE_MARK_CHARS
            and all(blank[index + 2 : index + 2 + _PAGE_BREAK_BLANKS])
        )
        if after or before:
            key = _DIGITS.sub("#", collapse_spaces(text).lower())
            edges.setdefault(key, []).append(index)
    for key, indices in edges.items():
        # a long line (a footer naming the meeting) need only be seen twice
        if len(indices) >= (2 if len(key.split()) >= _LONG_RUNNING_WORDS else _RUNNING_REPEATS):
            noise.update(indices)
    return noise


def _continues_row(item: RawItem, line: str) -> bool:
    """Whether a row starting with an empty cell is the rest of ``item``'s table row.

    Page breaks split a table row in two; the second half keeps the column layout. A
    single indented cell is the item's description instead, unless the row above was
    visibly cut short (an unclosed bracket, as in "(Pages 15 -").
    """
    cells = split_cells(line)[1:]
    if sum(1 for cell in cells if cell) >= 2:
        return True
    columns = [*item.title, *(item.cells or [])]
    return any(column.count("(") > column.count(")") for column in columns)


def _row_parts(rest: str) -> tuple[str, list[str]]:
    """A table row's title cell and the cells after it, skipping a leading time slot."""
    row = split_cells(rest)
    while len(row) > 1 and (not row[0] or _TIME_SLOT.match(row[0])):
        row = row[1:]
    return (row[0] if row else ""), row[1:]


def _merge_row(item: RawItem, cells: list[str]) -> None:
    """Append a row broken by a page break to the cells of the row above."""
    if not cells:
        return
    columns = [item.title[-1], *(item.cells or [])]
    while len(columns) < len(cells):
        columns.append("")
    for position, cell in enumerate(cells):
        if cell:
            columns[position] = f"{columns[position]} {cell}".strip()
    item.title[-1] = columns[0]
    item.cells = columns[1:]
    item.reassembled = True


def _is_stop(lines: list[str], index: int) -> bool:
    text = collapse_spaces(lines[index])
    if _ALWAYS_STOP.match(text):
        return True
    # a distribution heading starts a line ("Members of the Board"), not a wrapped sentence
    if (
        _HEADING_STOP.match(text)
        and not text[:1].islower()
        and (is_heading_like(text) or len(text.split()) <= 4)
    ):
        return True
    return is_minutes_heading(lines, index)


def _apply_exempt_title(item: RawItem, exempt_mode: bool) -> bool:
    title = collapse_spaces(" ".join(item.title))
    if _EXEMPT_TITLE_SWITCH.search(title):
        return True
    if _PUBLIC_SWITCH.match(title):
        return False
    marked = bool(_EXEMPT.search(title))
    # "Date of next meeting" printed after the private items is still public business
    item.exempt = marked or (exempt_mode and not _PUBLIC_TITLE.match(title))
    return exempt_mode


def _apply_exempt_line(item: RawItem, text: str, exempt_mode: bool) -> bool:
    if _PUBLIC_SWITCH.match(text) and is_heading_like(text):
        return False
    if not _EXEMPT.search(text):
        return exempt_mode
    if is_heading_like(text) or _EXEMPT_FOLLOWS.search(text):
        return True
    item.exempt = True
    return exempt_mode


def _mark_exempt(items: list[RawItem]) -> None:
    """Mark the items of the private part (after "exclusion of the press and public")."""
    exempt_mode = False
    for item in items:
        exempt_mode = _apply_exempt_title(item, exempt_mode)
        for line in item.body:
            exempt_mode = _apply_exempt_line(item, line.strip(), exempt_mode)


def _finish(raw: RawItem, warnings: list[str]) -> AgendaItem:
    report = raw.report
    parts = [collapse_spaces(part) for part in raw.title if part.strip()]
    if len(parts) > 1 and _REFERENCE_LINE.match(parts[0]):
        # "PLANNING APPLICATION NO. 220504" above the title (US planning items)
        report, parts = report or parts[0], parts[1:]
    title = collapse_spaces(" ".join(parts))
    cells = [cell for cell in (raw.cells or []) if cell]
    everything = collapse_spaces(" ".join([title, *cells, *raw.body]))

    pages = None
    page_match = _PAGES.search(everything)
    if page_match:
        first = int(page_match.group("first"))
        last = int(page_match.group("last") or first)
        if last >= first:
            pages = (first, last)
        else:
            warnings.append(f"item {raw.number}: page range {first}-{last} runs backwards")
    title = _PAGES_TAIL.sub("", _PAGES.sub("", title))
    title, found = _tidy_title(collapse_spaces(title))
    report = report or found.report

    if report is None:
        # "See Attachment A": the paper in the board book (foundation and charity boards)
        report = next(
            (
                m.group("ref")
                for line in raw.body[:_SEE_LINES]
                if (m := _SEE_PAPER.match(line.strip()))
            ),
            None,
        )
    if report is None:
        report = next(
            (
                m.group("number")
                for m in _REPORT_NO.finditer(everything)
                if _has_digit(m.group("number"))
            ),
            None,
        )
    presenter, role = raw.who if raw.who is not None else found.who or (None, None)
    if presenter is None and role is None:
        presenter, role = _presenter(raw, cells)
    if presenter is None and role is None:
        presenter, role = _presenter_in_title(title)
    if raw.reassembled:
        warnings.append(f"item {raw.number}: title reassembled across a page break")
    elif raw.joined:
        warnings.append(f"item {raw.number or title[:30]}: title joined across lines")
    purpose = _purpose(raw, cells)
    if purpose is None:
        stated = _TITLE_PURPOSE.match(title)
        purpose = _purpose_word(stated) if stated else raw.purpose
    duration = raw.duration or found.duration or _duration(raw, cells)
    return AgendaItem(
        number=raw.number or None,
        title=title,
        presenter=presenter,
        presenter_role=role,
        report_number=report,
        pages=pages,
        duration_minutes=duration,
        purpose=purpose,
        exempt=raw.exempt,
    )


@dataclass(slots=True)
class _Found:
    """What a title carried besides its words: a reference, a presenter, a duration."""

    report: str | None = None
    who: tuple[str | None, str | None] | None = None
    duration: int | None = None


def _tidy_title(title: str) -> tuple[str, _Found]:
    """The title without what was printed around it, and what that was."""
    found = _Found()
    # markdown links and the addresses converted links leave behind
    title = _MD_LINK.sub(lambda m: m.group("label"), title)
    title = _drop_link_labels(_URL_BRACKET.sub("", _LINK_WORD_URL.sub("", title))).strip()
    prefix = _FILE_PREFIX.match(title)
    if prefix:
        # "23-0012 CANCELLATION OF CERTAIN CHECKS": a Legistar file number
        found.report, title = prefix.group("number"), prefix.group("title")
    reference = _DOC_REFERENCE.search(title)
    if reference:
        found.report = collapse_spaces(reference.group("ref"))
        title = title[: reference.start()]
    title = _LOCATION_TAIL.sub("", title)
    staff = _STAFF_REFERENCE.search(title)
    if staff:
        # "(Staff Reference: Finance Director Samson, Presented by ...)" (US committees)
        who = staff.group("who")
        presented = re.search(r"\bpresented\s+by\s+(?P<who>.+)$", who, re.IGNORECASE)
        found.who = _role_and_name((presented.group("who") if presented else who).strip(" ."))
        title = title[: staff.start()]
    square = _SQUARE_TAIL.search(title)
    if square:
        # "Apache Abdera Project [Ant Elder / Rich]": the presenter, then the shepherd
        lead = collapse_spaces(square.group("who").split("/")[0])
        who = _presenter_words(lead)
        if who is None and _bracket_name(lead):
            who = (lead, None)  # "[Brett]", "[Colm O hEigeartaigh]": as printed
        if who is not None:
            found.who, title = who, title[: square.start()]
    timed = _TIME_RANGE.match(title)
    if timed:
        # timed agendas: "10:10-10:25 Welcome – Chair"
        found.duration = _range_minutes(timed)
        title = timed.group("rest")
        dashed = _DASH_PRESENTER.match(title)
        if dashed:
            title = dashed.group("title")
            found.who = _presenter_words(dashed.group("who"))
    for _ in range(3):
        tail = _BRACKET_TAIL.search(title)
        if tail is None:
            break
        parsed = _bracket(tail.group("inner"))
        if parsed is None:
            break
        minutes, who = parsed
        found.duration = found.duration or minutes
        if who is not None and found.who is None:
            found.who = who
        title = title[: tail.start()]
    cited = _final_bracket(title)
    if cited is not None and _CITATION.match(title[cited + 1 :]):
        title = title[:cited]
    title = title.strip().rstrip(" /")
    head = _CAPS_HEAD.match(title)
    rest = head.group("rest") if head else ""
    if (
        head
        and len(rest.split()) >= _CAPS_REST_WORDS
        and not is_heading_like(rest)
        and (rest[:1].isupper() or _PROCEDURAL.match(head.group("head")))
    ):
        # "MEETING MINUTES – Staff recommends ...", "ADJOURN meeting to January 25"
        title = head.group("head")
    title = re.sub(r"\s*:-?$", "", title)
    return collapse_spaces(title).rstrip(" ."), found


def _bracket_name(text: str) -> bool:
    """Whether a bracketed tail ("[Brett]", "[Colm O hEigeartaigh]") reads as a person's name,
    not a note on the paper ("[Verbal]", "[To follow]", "[Decision]")."""
    if not _BRACKET_NAME.match(text) or _NOT_A_PRESENTER.match(text) or _PURPOSE_CELL.match(text):
        return False
    words = text.split()
    if len(words) == 1:
        return looks_like_person(text, titled=True)
    return all(any(c.isupper() for c in word) or word in _PARTICLES for word in words)


def _drop_link_labels(title: str) -> str:
    """Drop "(slides, PR #10)" groups: where links were, not title."""
    kept: list[str] = []
    position = 0
    for group in re.finditer(r"\(([^()]{0,200})\)", title):
        labels = [label.strip() for label in group.group(1).split(",")]
        if labels and all(_LINK_LABEL.match(label) for label in labels):
            kept.append(title[position : group.start()])
            position = group.end()
    kept.append(title[position:])
    return "".join(kept)


def _final_bracket(title: str) -> int | None:
    """Where the bracketed group that ends ``title`` opens (brackets may nest), if it does."""
    if not title.endswith(")"):
        return None
    depth = 0
    for position in range(len(title) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(title[position], 0)
        if depth == 0:
            return position
    return None


def _bracket(inner: str) -> tuple[int | None, tuple[str | None, str | None] | None] | None:
    """ "(Chair, 10m)", "(15m, Aki Rose Braun)", "(Jordan Harband)", "(City Clerk Jo Bloggs)"."""
    minutes: int | None = None
    who: tuple[str | None, str | None] | None = None
    for part in (p.strip() for p in inner.split(",")):
        amount = _minutes(part)
        if amount is not None:
            minutes = amount
            continue
        if who is not None:
            return None
        who = _presenter_words(part)
        if who is None:
            return None
    return minutes, who


def _presenter_words(text: str) -> tuple[str | None, str | None] | None:
    text = collapse_spaces(text)
    people = looks_like_people(text)
    if people is not None:
        return people, None
    if len(text.split()) <= 4 and _ROLE_WORD.fullmatch(text.lower().removeprefix("the ")):
        return None, text
    return _role_and_name(text)


def _range_minutes(match: re.Match[str]) -> int | None:
    start = int(match.group("h1")) * 60 + int(match.group("m1"))
    end = int(match.group("h2")) * 60 + int(match.group("m2"))
    if end < start and end + 12 * 60 > start:
        end += 12 * 60  # "11.30-12.15" without am/pm, or "12:45-1:30 pm"
    return end - start if 0 < end - start <= 12 * 60 else None


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def _duration(raw: RawItem, cells: list[str]) -> int | None:
    for text in [*cells, *(line.strip() for line in raw.body)]:
        line = _DURATION_LINE.match(collapse_spaces(text))
        if line:
            minutes = int(line.group("n"))
            return minutes * 60 if line.group("unit").lower().startswith("h") else minutes
    inline = _DURATION_INLINE.search(" ".join([*raw.title, *raw.body]))
    if inline:
        return int(inline.group("n") or inline.group("n2"))
    return None


def _purpose(raw: RawItem, cells: list[str]) -> str | None:
    for cell in cells:
        match = _PURPOSE.search(cell) or _PURPOSE_CELL.match(cell)
        if match:
            return _purpose_word(match)
    for text in (collapse_spaces(line) for line in raw.body):
        match = _PURPOSE.search(text) or _PURPOSE_LINE.match(text)
        if match:
            return _purpose_word(match)
    return None


def _purpose_word(match: re.Match[str]) -> str:
    word = match.group("purpose").lower()
    return "noting" if word == "note" else word


def _presenter(raw: RawItem, cells: list[str]) -> tuple[str | None, str | None]:
    for paragraph in _paragraphs(raw.body):
        memo = _MEMO_FROM.match(paragraph)
        if memo:
            # US staff reports: "Memorandum from Jo Bloggs, City Clerk and Al Smith, Attorney"
            found = _names_and_roles(_MEMO_STOP.split(memo.group("who"))[0])
            if found != (None, None):
                return found
        for pattern in (_RECEIVE, _BY, _REPORT_OF, _PRESENTER_FIELD):
            match = pattern.search(paragraph)
            if not match:
                continue
            if pattern is _RECEIVE and not _WHAT.search(match.group("what")):
                continue
            found = _split_who(match.group("who"))
            if found != (None, None):
                return found
    lead = next((line.strip() for line in raw.body if _INITIALS.match(line.strip())), None)
    if lead is not None and not cells:
        return lead, None  # the lead's initials (or "All") printed on a line of their own
    for cell in cells:
        if _PAGES.search(cell) or _DURATION_LINE.match(cell) or _PURPOSE_CELL.match(cell):
            continue
        if _INITIALS.match(cell):
            return cell, None  # "JW", "All": a student or community agenda's lead column
        if len(cell) <= 2 or cell.rstrip(")").isdigit() or _NOT_A_PRESENTER.match(cell):
            continue  # "126)", a paper letter "A", "Verbal"
        return _split_who(cell)
    return None, None


def _names_and_roles(text: str) -> tuple[str | None, str | None]:
    """ "Jo Bloggs, City Clerk and Al Smith, City Attorney" -> names and roles joined by "and"."""
    text = collapse_spaces(text).strip(" .")
    pair = _TWO_PRESENTERS.match(text)
    if pair:
        first, second = looks_like_people(pair.group("n1")), looks_like_people(pair.group("n2"))
        if first is not None and second is not None:
            return f"{first} and {second}", f"{pair.group('r1')} and {pair.group('r2')}"
    return _split_who(text)


def _presenter_in_title(title: str) -> tuple[str | None, str | None]:
    """A presenter named only in the title: "Position Statement by the Chairman"."""
    title = title.rstrip(" .")
    if is_heading_like(title):
        return None, None  # a shouted title names its subject, not who presents it (US agendas)
    match = _TITLE_BY.search(title) or _TITLE_POSSESSIVE.match(title)
    if not match:
        return None, None
    who = collapse_spaces(match.group("who"))
    if len(who.split()) > 8:
        return None, None
    people = looks_like_people(who)
    if people is not None:
        return people, None
    if _ROLE_WORD.search(who):
        return None, who
    return None, None


def _paragraphs(body: list[str]) -> list[str]:
    """Body lines grouped into sentences' paragraphs.

    A line is joined to the one before only when it visibly continues it (starts in
    lower case, or the line before ends mid-phrase); "For decision" or "(Pages 1 - 4)"
    on their own line stay separate.
    """
    paragraphs: list[str] = []
    for raw in body:
        line = collapse_spaces(raw)
        if not line:
            continue
        if paragraphs and (line[:1].islower() or paragraphs[-1].endswith((",", "-", "–", " and"))):
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
    return paragraphs


def _split_who(text: str) -> tuple[str | None, str | None]:
    who = collapse_spaces(text[:_MAX_WHO])
    stop = _WHO_STOP.search(who)
    if stop:
        who = who[: stop.start()]
    who = _cut_sentence(who).strip(" .,;:-–")
    if not who:
        return None, None
    if who.lower().startswith("the "):
        return None, who[4:]
    name_part, role = who, None
    if "," in who:
        name_part, role = (part.strip() for part in who.split(",", 1))
    elif " from " in who:
        name_part, role = (part.strip() for part in who.split(" from ", 1))
    people = looks_like_people(name_part)
    if people is None and has_honorific(name_part):
        people = clean_name(name_part) or None
    if people is not None:
        return people, (role or None)
    return None, who


def _cut_sentence(text: str) -> str:
    for match in _SENTENCE_END.finditer(text):
        before = text[text.rfind(" ", 0, match.start()) + 1 : match.start()]
        if len(before) == 1 or before.lower() in _ABBREVIATIONS:
            continue
        return text[: match.start()]
    return text
