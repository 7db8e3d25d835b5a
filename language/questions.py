"""Every question Quorum answers, as data: one row per kind of question.

A row says which command answers it, the cue phrases that ask it, the slots it fills (an item,
a person, a meeting, a topic...) and those it cannot do without, the detail it sets and how
specific it is. :mod:`language.intents` reads a message once and scores every row against it;
the best covered wins and ties go to the more specific row. The order of ``QUESTIONS`` means
nothing. Adding a question is adding a row (and a test).

Cues are regular expressions over a normalised message: lower case, contractions expanded
("what's" -> "what is"), apostrophes and a final "'s" dropped, typos corrected, a date's words
replaced by ``_date_`` and a board's name by ``_board_``. A named group ``gap`` inside a cue
is not part of what the cue covers ("what is (?P<gap>.+) for": the item's words between).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "PURPOSE_NOUNS",
    "PURPOSE_WORDS",
    "QUESTIONS",
    "VOCABULARY",
    "ArgsFrom",
    "Command",
    "Question",
    "Slot",
]

Command = Literal[
    "next",
    "agenda",
    "meetings",
    "item",
    "actions",
    "decisions",
    "search",
    "members",
    "help",
    "calendar",
    "apologies",
    "person",
    "smalltalk",
    "papers",
]

# What a message may name, found by the reader before any row is scored:
#   item: an agenda item by its number or by the words of its title; item_number: by number
#   only; listed_item: by number, or by title words with "item" or "agenda" said;
#   person: someone by name or by role ("the chair"); meeting: which meeting (a date, a month,
#   a weekday, "the last meeting", "the meeting after next", "the next meeting") or board;
#   board: a board's name; topic: the words after the cue (a search); decision_topic: what a
#   decision was about; purpose: what agenda items are for ("decision", "approval"...).
Slot = Literal[
    "item",
    "item_number",
    "listed_item",
    "person",
    "meeting",
    "board",
    "topic",
    "decision_topic",
    "purpose",
]
# Where ``Intent.args`` comes from: the slot's value; "history" is "past" for past meetings
# else the board; "decision" is the decision topic, else the date or month named.
ArgsFrom = Literal["", "item", "person", "meeting", "board", "topic", "decision", "history"]
# When a row applies: "any" message, or only a question or a message of a few words ("the
# chair?" asks; "I agree with the chair" does not).
Mood = Literal["any", "question"]


@dataclass(frozen=True, slots=True)
class Question:
    """One kind of question Quorum answers."""

    name: str  # unique: ties on score and specificity fall to the name, never to the order
    command: Command
    # Cue phrases: ``cues`` count anywhere, ``question_cues`` only in a question ("agreed?",
    # not "agreed"), ``brief_cues`` in a question or a message of a few words ("papers").
    cues: tuple[str, ...] = ()
    question_cues: tuple[str, ...] = ()
    brief_cues: tuple[str, ...] = ()
    # Cues that count only in a message that is not a question ("thanks for the papers", but
    # "thanks for the papers, when is the meeting?" asks).
    statement_cues: tuple[str, ...] = ()
    # Phrases that mean the row is not what is asked ("who sent apologies").
    blockers: tuple[str, ...] = ()
    # Slots whose words the row covers when found, and those it cannot answer without.
    slots: tuple[Slot, ...] = ()
    requires: tuple[Slot, ...] = ()
    args: ArgsFrom = ""
    detail: str = ""  # "{purpose}" is replaced by the purpose slot's value
    specificity: int = 0
    # Whether the slots alone ask it, cues only adding to its score ("10B", "Dawn Godfrey?").
    cue_optional: bool = False
    # Whether the row applies only when what it covers explains every meaning-bearing word of
    # the message ("better care fund": an item's title and nothing else).
    whole: bool = False
    mood: Mood = "any"
    # How a member would ask it: what suggestions are compared with, and shown from.
    examples: tuple[str, ...] = ()


# -- what agenda items are for -------------------------------------------------------------------

# The purposes an agenda gives its items, as an answer names them (``services.agenda_views``
# reads them from here too).
PURPOSE_NOUNS: tuple[str, ...] = (
    "decision",
    "approval",
    "information",
    "noting",
    "discussion",
    "assurance",
    "review",
    "endorsement",
    "consultation",
    "comment",
    "recommendation",
    "monitoring",
    "scrutiny",
)
# A question's word for a purpose -> the purpose ("what do we have to approve": approval).
PURPOSE_WORDS: dict[str, str] = {
    "decision": "decision",
    "decisions": "decision",
    "decide": "decision",
    "approval": "approval",
    "approve": "approval",
    "approved": "approval",
    "endorse": "approval",
    "endorsed": "approval",
    "endorsement": "approval",
    "sign": "approval",
    "signed": "approval",
    "information": "information",
    "info": "information",
    "discussion": "discussion",
    "discuss": "discussion",
    "noting": "noting",
    "note": "noting",
    "noted": "noting",
    "assurance": "assurance",
}

# -- phrase pieces --------------------------------------------------------------------------------

_WHO_IS = r"who (?:is|are|will be|was|s)"
_MEETING = r"(?:meeting|meetings|_board_|board|committee)"
_END = r"(?: (?:please|thanks|thank you|then|now|quorum|again))*$"
# "make" alone is too common ("I can't make sense of it"): it must be about a meeting.
_MAKE = r"make(?=$| it| the| this| that| next| on| _date_| _board_)"
_PRESENTING = (
    r"present(?:s|ing|ed)?|introduc(?:e|es|ing|ed)|lead(?:s|ing)?|speak(?:s|ing)? (?:to|on)"
    r"|tak(?:e|es|ing)|do(?:es|ing)?"
)
_PERSON_PRESENTING = (
    r"present(?:s|ing|ed)?|introduc(?:e|es|ing)|lead(?:s|ing)?|speak(?:s|ing)?(?: to| on)?"
)
_PURPOSES = (
    r"decisions?|decide|approv(?:e|al|ed)|information|info|noting|note|noted|discussion|discuss"
    r"|assurance|endorsement|endorse|comment|consultation|recommendation"
)

_THANKS = (
    r"^(?:(?:ok|okay|great|brilliant|perfect|lovely|super|awesome|excellent|cool|nice"
    r"|fab|wonderful|that is great|that is brilliant|that is helpful|good|oh) )*"
    r"(?:thanks|thank you|thankyou|ty|cheers|ta|many thanks|much appreciated"
    r"|appreciate it)"
)

_AGENDA_CUES = (
    r"agendas?",
    r"board (?:pack|papers)",
    r"what (?:is|was|will be) on(?=$| the agenda| the meeting| next| for| at| this| _date_"
    r"| _board_| in (?:the )?_date_)",
    r"what (?:are|will|did|do) we (?:be )?(?:discussing|discuss|covering|cover|considering"
    r"|consider|talking about|talk about|looking at|look at)",
    r"what is (?:being |to be )?(?:discussed|covered|considered)",
    "up for discussion",
    r"what (?:happened|went on|was discussed|were we discussing)",
    "items",
    "topics",
    r"who (?:is|are) (?:presenting|speaking)",
    r"who (?:will|is going to) (?:present|be presenting|speak)",
    "who presents",
    r"presenters?",
)

# -- the table ------------------------------------------------------------------------------------

QUESTIONS: tuple[Question, ...] = (
    # ---- the next meeting and meetings ----
    Question(
        name="next meeting",
        command="next",
        cues=(
            "next",
            r"when (?:is|are|do|does)",
            r"where (?:is|are|do|does|was|were)",
            "where",
            "what time",
            "venue",
            "location",
            r"join(?:ing)?",
            "dial in",
            "zoom",
            "teams",
            "room",
            "address",
            "directions",
            r"links?",
            r"still on",
        ),
        # "meeting tomorrow?" asks; "great meeting today" does not.
        question_cues=(r"meet(?:s|ing)?",),
        brief_cues=(
            r"(?<!_date_ )meet(?:s|ing)?(?!.*_date_)",
            r"one after (?:this|that|next)",  # "and the one after that?"
        ),
        slots=("meeting",),
        args="meeting",
        specificity=20,
        examples=("when is the next meeting?", "where is the meeting?", "zoom link"),
    ),
    Question(
        name="meetings",
        command="meetings",
        cues=(
            "meetings",
            r"(?:past|previous|last|earlier|old|recent) meetings?",
            "coming up",
            r"upcoming(?! meeting(?:$| ))",
            "forthcoming",
            r"(?:meeting |board )?(?:schedule|timetable|dates)",
            r"when (?:was|were) (?:the )?(?:last|previous)(?: meeting)?",
        ),
        slots=("board",),
        args="history",
        specificity=25,
        examples=("what meetings are coming up?", "past meetings"),
    ),
    # ---- the agenda as a whole ----
    Question(
        name="agenda",
        command="agenda",
        cues=_AGENDA_CUES,
        brief_cues=("pack", "papers"),
        slots=("meeting",),
        args="meeting",
        specificity=30,
        examples=("what's on the agenda?", "agenda for the next meeting"),
    ),
    Question(
        name="agenda size",
        command="agenda",
        cues=(
            r"how many (?:items|things|topics|papers|reports)",
            r"how (?:big|long|large|full|busy) (?:is|will) (?:the |this |our )?(?:agenda|meeting)"
            r"(?: be)?",
            r"how long (?:will|does|is) (?:the |this |our )?(?:meeting|_board_|board|agenda)"
            r"(?: (?:last|take|run|go on|be|going to last|going to take))?",
            r"how long (?:is|are) (?:we|it) (?:meeting|sitting)",
            r"(?:number|count) of items",
            r"(?:length|size) of (?:the )?(?:agenda|meeting)",
            r"agenda (?:size|length)",
            r"what time (?:will|does) (?:it|the meeting) (?:end|finish)",
        ),
        slots=("meeting",),
        args="meeting",
        detail="size",
        specificity=55,
        examples=("how many items are on the agenda?", "how long will the meeting be?"),
    ),
    Question(
        name="agenda order",
        command="agenda",
        cues=(
            "running order",
            r"order of (?:business|items|the agenda|play)",
            r"(?:what|which) order",
            r"what (?:is|comes|item is|items are) (?:on )?second",
            r"in (?:what|which) order",
        ),
        slots=("meeting",),
        args="meeting",
        detail="order",
        specificity=55,
        examples=("what's the running order?", "order of business"),
    ),
    Question(
        name="agenda first item",
        command="agenda",
        cues=(
            r"what (?:is|comes|item is|happens) (?:on )?first",
            r"(?:the )?(?:first|opening) (?:item|thing|on the agenda|business)",
            r"(?:which|what) item (?:is|comes) first",
            r"(?:start|begin|open)(?:s)? with",
        ),
        slots=("meeting",),
        args="meeting",
        detail="first",
        specificity=57,
        examples=("what's first on the agenda?",),
    ),
    Question(
        name="agenda last item",
        command="agenda",
        cues=(
            r"what (?:is|comes|item is|happens) (?:on )?last(?! meeting| time)",
            r"(?:the )?(?:last|final|closing) (?:item|thing|on the agenda)",
            r"(?:which|what) item (?:is|comes) last",
            r"(?:end|finish|close)(?:s)? with",
        ),
        slots=("meeting",),
        args="meeting",
        detail="last",
        specificity=57,
        examples=("what's the last item?",),
    ),
    Question(
        name="agenda by purpose",
        command="agenda",
        cues=(
            r"(?:for|needs?|needing|requir(?:e|es|ing)|want|wanting) (?:a |an |our )?"
            rf"(?:{_PURPOSES})",
            r"what (?:do|must|should|will) we (?:have to |need to |be asked to |get to )?"
            r"(?:approve|decide|decide on|note|discuss|endorse|sign off)",
            r"what (?:are|is) we (?:being )?asked to (?:approve|decide|note|endorse|do)",
            r"what (?:is|are|needs|need) (?:there )?(?:to be |being )?"
            r"(?:approved|decided|noted|endorsed|signed off)",
            r"(?:decisions?|approvals?) (?:needed|required|due|to (?:be )?(?:made|take|taken))",
            r"(?:which|what) (?:items|papers|reports) (?:are|need|needs|require|requires)"
            rf" (?:to be )?(?:for )?(?:a |an |our )?(?:{_PURPOSES})",
        ),
        slots=("meeting", "purpose"),
        requires=("purpose",),
        args="meeting",
        detail="purpose:{purpose}",
        specificity=56,
        examples=("what's for decision?", "what do we have to approve?"),
    ),
    Question(
        name="agenda preparation",
        command="agenda",
        cues=(
            r"what (?:do|should|must|shall) i (?:need to |have to |be )?"
            r"(?:read|prepare|look at|review|reading|preparing)",
            r"(?:which|what) (?:papers|reports|documents) (?:do|should|must) i (?:need to )?"
            r"(?:read|look at|review)",
            r"reading (?:list|material)",
            r"pre ?reading",
            "prereading",
            r"prepar(?:e|ing|ation) for",
            r"get ready for",
            "homework",
            r"what should i read",
            r"which papers",
        ),
        slots=("meeting",),
        args="meeting",
        detail="prepare",
        specificity=55,
        examples=("what do I need to read before the meeting?", "reading list"),
    ),
    Question(
        name="meeting papers",
        command="papers",
        # "reports for the next meeting", "papers for june": every item's papers, as links.
        cues=(
            r"(?:papers|reports|documents|docs) (?:for|of|from|at) (?:the |this |our )?"
            r"(?:(?:next|last|previous|coming|upcoming|forthcoming|following) )?"
            r"(?:meeting|_date_|_board_|board|committee)",
            r"(?:meeting|committee) (?:papers|documents|reports|docs)",
            r"_board_ (?:documents|reports|docs)",
            r"(?:documents|docs) for (?:the )?(?:next )?(?:meeting|_date_|_board_)",
            # "what reports are there for the next meeting", "any papers out yet?"
            r"(?:what|which|any) (?:papers|reports|documents|docs) (?:are there|are out|"
            r"are (?:published|available|up)|have been published|do we have|have we got)",
        ),
        slots=("meeting",),
        args="meeting",
        specificity=50,
        examples=("reports for the next meeting", "documents for the June meeting"),
    ),
    # ---- one item ----
    Question(
        name="item by number",
        command="item",
        cues=(
            r"what is",
            r"tell (?:me|us) (?:more )?about",
            "about",
            r"details?(?: of| on| for| about)?",
            r"show(?: me)?",
            "open",
            "explain",
        ),
        slots=("item_number",),
        requires=("item_number",),
        args="item",
        specificity=60,
        cue_optional=True,
        examples=("what is item 6?", "item 10B"),
    ),
    Question(
        name="item",
        command="item",
        cues=(
            r"tell (?:me|us) (?:more )?about",
            r"what about",
            r"more (?:on|about)",
            r"details? (?:of|on|for|about)",
            r"(?:info|information|summary) (?:on|about|for)",
            "explain",
            r"summar(?:y|ise|ize)",
            r"what is (?P<gap>.+) (?:item|about)" + _END,
            # "show me the better care fund item", "the health plan item please".
            r"show(?: me)?",
            "open",
            "item",
        ),
        slots=("item", "meeting"),
        requires=("item",),
        args="item",
        specificity=62,
        examples=("tell me about the {item} item",),
    ),
    Question(
        name="item by title",
        command="item",
        # "better care fund", "what are the declarations of interest": a title and no more.
        cues=(r"what (?:is|are)",),
        blockers=("who",),
        slots=("item", "meeting"),
        requires=("item",),
        args="item",
        specificity=58,
        cue_optional=True,
        whole=True,
        examples=("what is the {item}?",),
    ),
    Question(
        name="item presenter",
        command="item",
        cues=(
            rf"{_WHO_IS}(?: going to be| going to)? (?:{_PRESENTING})",
            rf"who (?:will|shall|is going to|s going to) (?:{_PRESENTING})",
            r"who (?:presents|introduces|leads|does)",
            r"who (?:presented|introduced|led|did)",
            r"presenters?",
            r"presented by",
            r"speaking (?:to|on)",
            r"whose (?:item|paper|report)",
            r"who (?:wrote|authored|is responsible for)",
            r"lead officer",
        ),
        slots=("item", "meeting"),
        requires=("item",),
        args="item",
        detail="presenter",
        specificity=80,
        examples=("who is presenting {item}?",),
    ),
    Question(
        name="item pages",
        command="item",
        cues=(
            r"(?:what|which) pages?",
            r"page (?:numbers?|no|ref|reference)",
            r"pages? is",
            r"where (?:is|are|can i find) (?P<gap>.+) in the (?:pack|papers|agenda pack|agenda)",
            r"where in the (?:pack|papers)",
            r"on what page",
        ),
        question_cues=(r"pages?",),
        slots=("item", "meeting"),
        requires=("item",),
        args="item",
        detail="pages",
        specificity=82,
        examples=("what page is {item} on?",),
    ),
    Question(
        name="item papers",
        command="item",
        cues=(
            r"(?:papers?|reports?|documents?|docs|attachments?|appendix|appendices)"
            r" (?:for|on|about|to|of)",
            r"(?:send|show|give|get|see|read|open)(?: me)? (?:the )?"
            r"(?:papers?|reports?|documents?)",
            r"where (?:can|could|do|should) (?:i|we) (?:read|find|get|see|download)",
        ),
        brief_cues=(r"papers?", r"documents?", r"docs", r"attachments?", r"reports?"),
        slots=("item", "meeting"),
        requires=("item",),
        args="item",
        detail="papers",
        specificity=78,
        examples=("papers for {item}",),
    ),
    Question(
        name="item duration",
        command="item",
        cues=(
            r"how long",
            r"how much time",
            r"how many (?:minutes|mins|hours)",
            r"time (?:allowed|allocated|allotted|slot|given)",
            "duration",
            r"how (?:much|long) (?:of the meeting|time)",
        ),
        slots=("item", "meeting"),
        requires=("item",),
        args="item",
        detail="duration",
        specificity=81,
        examples=("how long is {item}?",),
    ),
    Question(
        name="item purpose",
        command="item",
        cues=(
            r"what is (?P<gap>.+) for" + _END,
            r"what are (?P<gap>.+) for" + _END,
            r"purpose",
            r"what is the point",
            rf"(?:for|needs?|requires?) (?:a |an )?(?:{_PURPOSES})",
            r"why (?:is|are) (?P<gap>.+) on the agenda",
            r"why (?:are|is|do) we (?:discussing|considering|looking at|taking|need)",
            r"what (?:are|do) we (?:being )?(?:asked|need|have) to (?:do|decide|approve)",
            r"(?:do|does|will|must|shall) (?:we|the board|the committee) (?:need|have) to"
            r" (?:decide|approve|note|endorse|agree|sign off)",
            r"recommendations?",
        ),
        slots=("item", "meeting"),
        requires=("item",),
        args="item",
        detail="purpose",
        specificity=79,
        examples=("what is {item} for?", "is {item} for decision?"),
    ),
    Question(
        name="item report number",
        command="item",
        cues=(
            r"report (?:number|no|num|nr|ref|reference)",
            r"(?:which|what) report",
            r"reference (?:number|no)",
        ),
        slots=("item", "meeting"),
        requires=("item",),
        args="item",
        detail="report",
        specificity=83,
        examples=("what is the report number for {item}?",),
    ),
    Question(
        name="item decisions",
        command="item",
        cues=(
            r"decisions?",
            r"decide[ds]?",
            "deciding",
            r"resolutions?",
            r"agree[ds]?",
            r"approv(?:e|ed|al)",
            r"endorse[ds]?",
            r"outcomes?",
            "resolved",
            "minuted",
        ),
        slots=("listed_item", "meeting"),
        requires=("listed_item",),
        args="item",
        detail="decisions",
        specificity=84,
        examples=("what was decided on item {item}?",),
    ),
    # ---- people ----
    Question(
        name="person",
        command="person",
        cues=(
            r"who(?: is| are|s)?",
            r"tell (?:me|us) (?:more )?about",
            r"(?:details|contact|email|phone|number) (?:of|for)",
            r"how (?:do|can) i (?:contact|reach|email)",
            "contact",
        ),
        slots=("person",),
        requires=("person",),
        args="person",
        specificity=65,
        cue_optional=True,
        mood="question",
        examples=("who is {person}?", "who is the chair?"),
    ),
    Question(
        name="person items",
        command="person",
        cues=(
            rf"(?:is|are|will|does|do) (?P<gap>.+ )?(?:{_PERSON_PRESENTING})",
            r"(?:items|papers|reports)",
            r"present(?:s|ing)?",
        ),
        slots=("person",),
        requires=("person",),
        args="person",
        detail="items",
        specificity=75,
        # "the chair will present" says so; "will the chair present?" asks.
        mood="question",
        examples=("what is {person} presenting?",),
    ),
    Question(
        name="person actions",
        command="person",
        cues=(
            r"actions?",
            r"tasks?",
            r"to ?dos?",
            "outstanding",
            "overdue",
            r"owe[ds]?",
            r"action points?",
        ),
        slots=("person",),
        requires=("person",),
        args="person",
        detail="actions",
        specificity=76,
        examples=("what are {person}'s actions?",),
    ),
    Question(
        name="person role",
        command="person",
        cues=(
            r"roles?",
            r"jobs?",
            r"job title",
            r"titles?",
            r"positions?",
            r"what (?:does|do) (?P<gap>.+) do" + _END,
            r"what (?:is|are) (?P<gap>.+) (?:on|in) (?:the )?(?:_board_|board|committee)",
            r"responsib(?:le|ility|ilities) (?:for)?",
        ),
        slots=("person",),
        requires=("person",),
        args="person",
        detail="role",
        specificity=77,
        examples=("what is {person}'s role?",),
    ),
    Question(
        name="members",
        command="members",
        cues=(
            r"members?",
            "membership",
            rf"who (?:is|are|else is) (?:on|in|sitting on|part of) (?:the |this |our )?"
            rf"(?:{_MEETING}|group|panel)",
            rf"who (?:sits?|serves?) on (?:the |this |our )?(?:{_MEETING}|group|panel)",
            "attendees",
            r"who (?:is|are|will be) (?:attending|coming)",
            "who will be there",
        ),
        slots=("board",),
        args="board",
        specificity=30,
        examples=("who is on the board?", "board members"),
    ),
    # ---- actions, decisions, search ----
    Question(
        name="actions",
        command="actions",
        cues=(
            "actions",
            r"action (?:points?|items?|log|list|tracker)",
            r"my (?:actions?|tasks?|jobs?|to ?dos?|to-dos?|todos?)",
            "tasks",
            r"to ?do list",
            r"to-dos?",
            r"todos?",
            r"i owe",
            r"owe (?:you|anything)",
            "outstanding",
            "overdue",
            r"what (?:do|have) i (?:got |need |have )?to do(?! to)",
            r"what am i (?:supposed|meant|expected) to (?:do|be doing)",
            r"what should i be doing",
            r"assigned to me",
        ),
        specificity=43,
        examples=("what are my actions?", "what's overdue?"),
    ),
    Question(
        name="decisions",
        command="decisions",
        cues=(
            r"decisions?",
            r"decide[ds]?",
            "deciding",
            r"resolutions?",
            r"what (?:was|were) resolved",
        ),
        # These also appear in statements ("agreed!", "I approve"): only in a question.
        question_cues=(
            r"agree[ds]?",
            r"approv(?:e|ed|al|als)",
            r"endorse[ds]?",
            r"ratif(?:y|ied)",
            "resolved",
            r"reject(?:ed)?",
            "voted",
            r"sign(?:ed)? off",
            r"outcomes?",
            "passed",
            "carried",
        ),
        slots=("decision_topic", "meeting"),
        args="decision",
        specificity=45,
        examples=("what did we decide about {topic}?", "recent decisions"),
    ),
    Question(
        name="search",
        command="search",
        cues=(
            r"finds?",
            r"search(?:ing)?(?: for)?",
            r"look(?:ing)? (?:up|for)",
            "lookup",
            "locate",
            r"anything (?:about|on|regarding|re|concerning|mentioning)",
            r"any (?:papers|reports|documents|info|information|news|updates?) "
            r"(?:about|on|regarding|re|concerning)",
        ),
        slots=("topic",),
        args="topic",
        specificity=44,
        examples=("search for {topic}", "find papers on {topic}"),
    ),
    Question(
        name="search by asking",
        command="search",
        cues=(
            r"tell (?:me|us) (?:more )?about",
            "what about",
            r"(?:info|information|details|news|updates?|latest|progress)"
            r" (?:on|about|regarding|re|concerning)",
            r"what do we (?:have|know) (?:on|about)",
        ),
        slots=("topic",),
        requires=("topic",),
        args="topic",
        specificity=10,
        examples=("tell me about {topic}", "what's the latest on {topic}?"),
    ),
    # ---- calendar, apologies, help ----
    Question(
        name="calendar",
        command="calendar",
        cues=(
            r"calendars?",
            "diary",
            "ical",
            "icalendar",
            "ics",
            r"invit(?:e|es|ation|ations)",
            "subscribe",
            "save the date",
            "outlook",
            r"add (?:it |this |that )?to my",
        ),
        slots=("meeting",),
        args="board",
        specificity=42,
        examples=("add the next meeting to my calendar",),
    ),
    Question(
        name="apologies",
        command="apologies",
        cues=(
            r"(?:send|give|tender|submit|register|record|pass on|log|offer|forward|convey)"
            r"(?: in)?(?: my| our| the)? apolog\S*",
            r"apolog\S* for (?:my )?absence",
            r"(?:can|could|will|shall|may|might) not (?:be able to )?"
            rf"(?:{_MAKE}|attend|come|be there|be at|get to|be present)",
            rf"(?:unable|not able|not going) to (?:{_MAKE}|attend|come|be there|be at|get to)",
            r"(?:will|going to|have to|got to|shall|may|might) (?:have to )?miss",
            r"i (?:am|will be|shall be) (?:away|absent|on leave|on holiday|unavailable"
            r"|not available)",
            "count me out",
            r"send (?:my )?regrets",
            # Only an apology ("apologies for Tuesday"); not "apologies for the delay, ...".
            r"^(?:(?:please|sorry|ok|okay|so|hi|hello) )*(?:my )?apolog\S*(?: from me)?"
            r"(?: for(?: the)?(?: next)?(?: _date_| _board_| meeting| board| committee)+)?" + _END,
        ),
        blockers=(r"who\b.*", r"any apologies", r"apologies (?:received|from|so far)"),
        slots=("meeting",),
        args="meeting",
        specificity=41,
        examples=("send my apologies", "I can't make the next meeting"),
    ),
    Question(
        name="help",
        command="help",
        cues=(
            "help",
            r"what (?:can|else can|do|does) (?:you|this bot|quorum|this|the bot|it) do",
            r"what can i (?:ask|say|type)(?: you)?",
            r"what (?:questions )?can you (?:answer|help with|help me with)",
            r"how (?:does|do) (?:this|it|you|quorum) work",
            r"how (?:do i|to|can i) use(?: this| you| it| quorum)?",
            r"commands?",
            "menu",
            "instructions",
            "usage",
            "who are you",
            "what are you",
        ),
        blockers=(r"(?:thanks|thank you|cheers)(?: \S+)? for (?:all )?(?:your|the) help",),
        specificity=5,
        examples=("help", "what can you do?"),
    ),
    # ---- small talk: the whole message, nothing else in it ----
    Question(
        name="greeting",
        command="smalltalk",
        cues=(
            r"^(?:hi|hello|hey|hiya|heya|howdy|yo|greetings|morning|afternoon|evening"
            r"|good (?:morning|afternoon|evening|day))"
            r"(?: (?:hi|hello|hey|there|quorum|bot|all|everyone|again|to you|folks|team))*$",
        ),
        detail="greeting",
        specificity=90,
    ),
    Question(
        name="thanks",
        command="smalltalk",
        cues=(
            _THANKS + r"(?: (?:so much|very much|a lot|loads|again|mate|quorum|bot|for (?:all )?"
            r"(?:your |the )?help|for that|for this|for the info|for the information|very|much"
            r"|you))*$",
        ),
        # "thank you for sending the agenda" thanks (with a question mark, it asks).
        statement_cues=(_THANKS + r"(?: (?:so much|very much|a lot|again|you))* for .+$",),
        detail="thanks",
        specificity=90,
    ),
    Question(
        name="farewell",
        command="smalltalk",
        cues=(
            r"^(?:(?:ok|okay|thanks|right) )*(?:bye|goodbye|bye bye|see you|see ya|cya|later"
            r"|good night|goodnight|night|take care|speak soon|talk (?:to you )?(?:soon|later)"
            r"|ttyl)(?: (?:later|soon|then|now|quorum|bot|for now|_date_))*$",
        ),
        detail="farewell",
        specificity=90,
    ),
    Question(
        name="wellbeing",
        command="smalltalk",
        cues=(
            r"^(?:(?:hi|hello|hey|and) )*(?:how are (?:you|things)|how is it going|how are you"
            r" doing|how do you do|are you (?:ok|okay|well)|you ok|how have you been)"
            r"(?: (?:today|doing|_date_|quorum|bot|then))*$",
        ),
        detail="wellbeing",
        specificity=90,
    ),
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Every word a cue relies on (and every word of the examples): a typo is corrected towards
# one of these.
_CUE_VOCABULARY: frozenset[str] = _words(
    """
    next meeting meetings meet meets when where venue location join joining zoom teams room
    address directions agenda agendas papers paper pack item items running order business
    discussing discussed discuss covering covered considering presenting presenter presenters
    presents present presented presentation introducing speaking topics number upcoming
    coming forthcoming future past previous last earlier recent history schedule timetable
    dates list held following
    actions action tasks task outstanding overdue todo points assigned supposed decisions
    decision decide decided deciding resolutions resolution resolved agreed agree approve
    approved approval endorse endorsed ratified ratify rejected voted outcome outcomes passed
    carried link links search
    searching find look lookup locate anything about regarding concerning information details
    update updates documents reports report tell members member membership chair chairs
    chairman chairwoman chairperson chairing vice deputy clerk secretary attendees attending
    board committee calendar calendars diary invite invites invitation subscribe outlook
    apologies apology apologise apologize regrets attend absence absent unable away miss
    available unavailable holiday help commands command menu instructions usage what
    please today tonight tomorrow yesterday
    page pages long minutes duration purpose reference role title position responsible
    prepare preparation reading hello thanks thank cheers goodbye morning afternoon evening
    """
)
VOCABULARY: frozenset[str] = _CUE_VOCABULARY | frozenset(
    word
    for row in QUESTIONS
    for example in row.examples
    for word in example.lower().replace("'s", "").split()
    if word.isalpha() and len(word) > 3
)
