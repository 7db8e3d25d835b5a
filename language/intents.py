"""Plain-language questions mapped to the one command that answers them.

Rules, not a model: a message is normalised (case, punctuation, emoji, contractions), each word
is checked for typos against the words the rules use (rapidfuzz), dates and a board's name are
found, and then an ordered table of trigger phrases picks the command. The first rule that
matches wins, so the order of ``_RULES`` is part of the meaning: "what did we decide about the
agenda" is a decision, "who is presenting 10B" is an item, not a question about members.

Pure functions only: no Telegram, no database, no clock (``today`` is passed in).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from language.dates import MONTHS, WEEKDAYS, find_date

__all__ = ["AgendaEntry", "Command", "Intent", "PersonEntry", "suggest", "understand"]

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
]


@dataclass(frozen=True, slots=True)
class Intent:
    """A command, exactly what the user would have typed after it, and what about it.

    ``detail`` narrows the answer: for ``item`` the aspect asked ("presenter", "pages",
    "duration", "purpose", "report", "decisions"); for ``agenda`` the view of the whole agenda
    ("size", "order", "prepare", "purpose:approval" ...); for ``smalltalk`` the kind
    ("greeting", "thanks", "farewell", "wellbeing"). ``choices`` lists several close
    candidates when the words fit more than one (item numbers as listed, or people's names):
    the member is asked which, never shown everything.
    """

    command: Command
    args: str = ""
    detail: str = ""
    choices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AgendaEntry:
    """One item of the agenda a question is most likely about (the member's next meeting)."""

    number: str
    title: str
    presenter: str | None = None


@dataclass(frozen=True, slots=True)
class PersonEntry:
    """Someone on the member's boards: a name a question may use, and their roles there."""

    name: str
    roles: tuple[str, ...] = ()


# A question fits in a few lines; anything longer is pasted text, not something to route.
_MAX_CHARS = 600
# A typo is one slip: a letter missing, extra or wrong, or two letters swapped (more than one
# turns too many real words into rule words). Board names are compared with fuzz.ratio (0-100).
_MIN_TYPO_LENGTH = 4
_SHORT_WORD = 5
# A message of this many words or fewer is a request even without a question mark ("papers").
_BRIEF_WORDS = 3
_BOARD_CUTOFF = 85

# Placeholders put in place of a date's or a board's words before the rules run.
_DATE = "_date_"
_BOARD = "_board_"

# ---------------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CONTRACTIONS: dict[str, str] = {
    "what's": "what is",
    "whats": "what is",
    "wots": "what is",
    "wot": "what",
    "what're": "what are",
    "who's": "who is",
    "whos": "who is",
    "who're": "who are",
    "where's": "where is",
    "wheres": "where is",
    "when's": "when is",
    "whens": "when is",
    "how's": "how is",
    "that's": "that is",
    "thats": "that is",
    "there's": "there is",
    "theres": "there is",
    "it's": "it is",
    "can't": "can not",
    "cant": "can not",
    "cannot": "can not",
    "won't": "will not",
    "wont": "will not",
    "shan't": "shall not",
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "isnt": "is not",
    "arent": "are not",
    "wasnt": "was not",
    "werent": "were not",
    "havent": "have not",
    "hasnt": "has not",
    "couldnt": "could not",
    "wouldnt": "would not",
    "shouldnt": "should not",
    "i'm": "i am",
    "im": "i am",
    "i'll": "i will",
    "i've": "i have",
    "ive": "i have",
    "i'd": "i would",
    "we're": "we are",
    "we'll": "we will",
    "we've": "we have",
    "let's": "let us",
    "you're": "you are",
    "gonna": "going to",
    "wanna": "want to",
    "u": "you",
    "r": "are",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "2moro": "tomorrow",
    "2morrow": "tomorrow",
    "2day": "today",
    "abt": "about",
}

_NUMBER_NAMES = """
    one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty
"""
_NUMBER_WORDS: dict[str, str] = {
    word: str(n) for n, word in enumerate(_NUMBER_NAMES.split(), start=1)
}

# Every word a rule or a date relies on: a typo is corrected towards one of these.
_VOCABULARY = _words(
    """
    next meeting meetings meet meets when where venue location join joining zoom teams room
    address directions agenda agendas papers paper pack item items running order business
    discussing discussed discuss covering covered considering presenting presenter presenters
    presents present presented presentation speaking topics number upcoming coming forthcoming
    future past previous last earlier recent history schedule timetable dates list held
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
    """
) | {*WEEKDAYS, *(month for month in MONTHS if len(month) > 3)}

# Real words one slip away from a rule word: they are meant as typed, never "corrected".
_KEEP_AS_TYPED = _words(
    """
    coding coping commend date decade decile direction directors invited joint least paste paused
    prevent preventing prevented prevents prints scheduled team usable voice meat melt park pick
    """
)

_VOCABULARY_BY_INITIAL: dict[str, tuple[str, ...]] = {
    initial: tuple(sorted(word for word in _VOCABULARY if word[0] == initial))
    for initial in {word[0] for word in _VOCABULARY}
}

# Politeness and chit-chat around a question ("hi, can you tell me ... please").
_LEADING_PADDING = _words(
    """
    hi hello hey hiya yo dear ok okay so um umm erm er please kindly quorum bot sorry excuse me
    and but also quick question just can could would will you tell show give send get let know
    i want to like need wondering wonder good morning afternoon evening there us
    """
)
_TRAILING_PADDING = _words(
    "please thanks thank you cheers ta mate x xx ok okay now then again quorum bot lol"
)
_PRONOUNS = _words("i we you they")
# Padding that turns what follows into a question: "do you know ...", "can you tell me ...".
_ASKING = _words("know tell")
_ASKED_OF = _words("you please")
_WONDERING = _words("wondering wonder")
_QUESTION_WORDS = _words(
    """
    what which how when why where who was were did has have had is are do does any list tell
    show whether if
    """
)

# Topic trimming: words that surround a topic without being part of it.
_TOPIC_LEAD = _words(
    """
    the a an any anything something everything all our my your their we us me i you it they
    was were is are been be being has have had did do does done made make taken reached there
    that this these those what which whether if about on regarding re concerning over around
    for with in relation regard respect to of into please tell show find search searching look
    looking up info information details papers paper documents document docs stuff decisions
    decision recent latest last previous past new
    """
)
_TOPIC_TRAIL = _words(
    """
    please thanks thank you cheers ta mate was were is are been be being made taken reached
    agreed approved decided endorsed resolved yet then again now recently lately so far it for
    me us at in on of about to the a an ok okay x any anything there exactly here recent latest
    """
)
_MEETING_WORDS = frozenset({"meeting", "meetings", "time"})
_MEETING_QUALIFIERS = _words(
    "last previous recent latest next this that the our board at in from during of a"
)
_STRONG_PREPOSITIONS = frozenset({"about", "regarding", "concerning", "re", "on", "around", "over"})

# Item numbers: "10", "10b", "4.1".
_ITEM_REF = re.compile(r"[0-9]{1,2}(?:[a-z]|\.[0-9]{1,2})?")
_ITEM_WORDS = frozenset({"item", "items", "number", "no", "num", "nr"})
# "at 6", "6 pm", "6 people" are times and counts, not items.
_BEFORE_NOT_ITEM = _words("at by from until till before after around page pages p pp")
_AFTER_NOT_ITEM = _words(
    "am pm oclock minutes mins hours hrs days weeks months years people members"
)

# Board names: words that say what kind of body it is, not which one.
_BOARD_GENERIC = _words(
    "board boards committee sub subcommittee meeting meetings group panel forum council"
)
# Before a verb ("what did the board decide"), a board is who decided, not what about.
_SUBJECT_LEAD = _TOPIC_LEAD | _BOARD_GENERIC | {_BOARD} | _ASKING | _WONDERING
_BOARD_STOP = frozenset({"the", "and", "of", "for", "&", "a", "an", "on", "in", "to"})

# Words the rules know as they are: a typo is never "corrected" away from one of them.
_AS_TYPED = (
    _KEEP_AS_TYPED
    | _LEADING_PADDING
    | _TRAILING_PADDING
    | _QUESTION_WORDS
    | _TOPIC_LEAD
    | _TOPIC_TRAIL
    | _MEETING_QUALIFIERS
    | _BOARD_GENERIC
    | _AFTER_NOT_ITEM
    | frozenset(_NUMBER_WORDS)
)


# ---------------------------------------------------------------------------------------------
# Trigger phrases
# ---------------------------------------------------------------------------------------------


def _phrases(*alternatives: str) -> re.Pattern[str]:
    """One pattern matching any of ``alternatives`` as whole words of a normalised message."""
    return re.compile(r"(?<!\S)(?:" + "|".join(alternatives) + r")(?!\S)")


_DECISION_WORDS = _phrases(
    r"decisions?", r"decide[ds]?", "deciding", r"resolutions?", r"what (?:was|were) resolved"
)
# These also appear in statements ("agreed!", "I approve"), so they count only in a question.
_DECISION_QUESTION_WORDS = _phrases(
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
)
_SEARCH_WORDS = _phrases(
    r"finds?",
    r"search(?:ing)?(?: for)?",
    r"look(?:ing)? (?:up|for)",
    "lookup",
    "locate",
    r"anything (?:about|on|regarding|re|concerning|mentioning)",
    r"any (?:papers|reports|documents|info|information|news|updates?) "
    r"(?:about|on|regarding|re|concerning)",
)
_ACTION_WORDS = _phrases(
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
)
_CALENDAR_WORDS = _phrases(
    r"calendars?",
    "diary",
    "ical",
    "icalendar",
    "ics",
    r"invit(?:e|es|ation|ations)",
    "subscribe",
    "save the date",
    "outlook",
)
# "make" alone is too common ("I can't make sense of it"): it must be about a meeting.
_MAKE = rf"make(?=$| it| the| this| that| next| on| {_DATE}| {_BOARD})"
_APOLOGY_WORDS = _phrases(
    r"(?:send|give|tender|submit|register|record|pass on|log|offer|forward|convey)"
    r"(?: in)?(?: my| our| the)? apolog\S*",
    r"apolog\S* for (?:my )?absence",
    r"(?:can|could|will|shall|may|might) not (?:be able to )?"
    rf"(?:{_MAKE}|attend|come|be there|be at|get to|be present)",
    rf"(?:unable|not able|not going) to (?:{_MAKE}|attend|come|be there|be at|get to)",
    r"(?:will|going to|have to|got to|shall|may|might) (?:have to )?miss",
    r"i (?:am|will be|shall be) (?:away|absent|on leave|on holiday|unavailable|not available)",
    "count me out",
    r"send (?:my )?regrets",
)
# A message that is only an apology ("apologies for Tuesday") sends one; "apologies for the
# delay, where is the agenda?" does not, so these must end the message.
_APOLOGY_ALONE = re.compile(
    rf"^(?:my )?apolog\S*(?: from me)?"
    rf"(?: for(?: the)?(?: next)?(?: {_DATE}| {_BOARD}| meeting| board| committee)+)?$"
)
_NOT_MY_APOLOGIES = _phrases(r"who\b.*", r"any apologies", r"apologies (?:received|from|so far)")
_AGENDA_WORDS = _phrases(
    r"agendas?",
    "running order",
    "order of business",
    r"board (?:pack|papers)",
    rf"what is on(?=$| the agenda| the meeting| next| for| at| this| {_DATE}| {_BOARD})",
    r"what (?:are|will) we (?:be )?(?:discussing|discuss|covering|cover|considering|consider"
    r"|talking about|looking at)",
    r"what is (?:being |to be )?(?:discussed|covered|considered)",
    "up for discussion",
    "items",
    "topics",
    r"who (?:is|are) (?:presenting|speaking)",
    r"who (?:will|is going to) (?:present|be presenting|speak)",
    "who presents",
    r"presenters?",
)
# Words that are a question only when asked or said alone: "papers?" but not "I've read the
# papers"; "meeting details" but not "the meeting was great".
_AGENDA_MENTIONS = _phrases("pack", "papers")
_MEMBER_MENTIONS = _phrases(
    r"(?:vice |deputy )?chair(?:s|man|woman|person|ing)?", "clerk", "secretary"
)
_MEETING_MENTIONS = _phrases(r"meet(?:s|ing)?")
_MEMBER_WORDS = _phrases(
    r"members?",
    "membership",
    r"who (?:is|are|else is) (?:on|in|sitting on)",
    r"who sits? on",
    r"who serves? on",
    r"who (?:is|are) (?:the )?(?:vice |deputy )?chair(?:s|man|woman|person)?",
    "who chairs",
    "attendees",
    r"who (?:is|are|will be) (?:attending|coming)",
    "who will be there",
)
_MEETINGS_WORDS = _phrases(
    "meetings",
    r"(?:past|previous|last|earlier|old|recent) meetings?",
    "coming up",
    r"upcoming(?! meeting(?:$| ))",
    "forthcoming",
    "schedule",
    "timetable",
    "dates",
    r"when (?:was|were) (?:the )?(?:last|previous)",
)
_PAST_WORDS = _phrases(
    "past", "previous", "last", "earlier", "old", "older", "recent", "history", "ago", "held"
)
_NEXT_WORDS = _phrases(
    "next",
    r"when (?:is|are|do|does)",
    r"where (?:is|are|do|does)",
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
)
# After every other rule, so "tell me about 6" is an item and "tell me about my actions" actions.
_SOFT_SEARCH_WORDS = _phrases(
    r"tell (?:me|us) (?:more )?about",
    "what about",
    r"(?:info|information|details|news|updates?|latest|progress)"
    r" (?:on|about|regarding|re|concerning)",
    r"what do we (?:have|know) (?:on|about)",
)
_HELP_WORDS = _phrases(
    "help",
    r"what (?:can|else can|do|does) (?:you|this bot|quorum|this|the bot|it) do",
    r"what can i (?:ask|say|type)(?: you)?",
    r"how (?:does|do) (?:this|it|you|quorum) work",
    r"how (?:do i|to|can i) use(?: this| you| it| quorum)?",
    r"commands?",
    "menu",
    "instructions",
    "usage",
    "who are you",
    "what are you",
)
_THANKS_FOR_HELP = _phrases(r"(?:thanks|thank you|cheers)(?: \S+)? for (?:all )?(?:your|the) help")
# Context that makes a bare number ("who is presenting 10B", "tell me about 6") an item.
_ITEM_CONTEXT = _phrases(
    r"present\S*",
    r"introduc\S*",
    r"lead\S*",
    r"papers?",
    r"reports?",
    "about",
    r"details?",
    "what is",
    "what about",
    "show",
    "open",
    "explain",
    r"summar\S*",
    "who is doing",
    "more on",
)


# ---------------------------------------------------------------------------------------------
# The message
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    text: str  # as typed, punctuation trimmed: arguments are taken from this
    key: str  # casefolded, contractions expanded, apostrophes dropped


@dataclass(frozen=True, slots=True)
class _Message:
    tokens: tuple[_Token, ...]
    words: tuple[str, ...]  # keys with typos corrected, dates and boards as placeholders
    text: str  # " ".join(words): what the trigger phrases are matched against
    starts: tuple[int, ...]  # where each word starts in ``text``
    first: int  # the question without its leading and trailing politeness: words[first:last]
    last: int
    day: date | None
    board: str | None
    asked: bool  # phrased as a question

    @property
    def core(self) -> str:
        return " ".join(self.words[self.first : self.last])

    def span(self, match: re.Match[str]) -> tuple[int, int]:
        """The words a trigger phrase matched, as a slice of ``words``."""
        start = bisect_right(self.starts, match.start()) - 1
        end = bisect_right(self.starts, max(match.end() - 1, match.start()))
        return start, end


_TOKEN = re.compile(r"[^\W_]+(?:['&./-][^\W_]+)*")
_APOSTROPHES = str.maketrans(dict.fromkeys("\u2019\u2018\u02bc`\u00b4", "'"))


def _tokenise(text: str) -> list[_Token]:
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(text):
        raw = match.group()
        key = raw.casefold()
        expansion = _CONTRACTIONS.get(key)
        if expansion is None and key.endswith("n't"):
            expansion = f"{key[:-3]} not"
        if expansion is not None:
            tokens.extend(_Token(word, word) for word in expansion.split())
            continue
        if key.endswith("'s"):
            key = key[:-2]
        tokens.append(_Token(raw, key.replace("'", "")))
    return tokens


@lru_cache(maxsize=4096)
def _corrected(key: str) -> str:
    """``key``, or the rule word it is a typo of."""
    if len(key) < _MIN_TYPO_LENGTH or key in _VOCABULARY or key in _AS_TYPED or not key.isalpha():
        return key
    # People rarely mistype a word's first letter, and requiring it avoids many false friends.
    choices = _VOCABULARY_BY_INITIAL.get(key[0], ())
    best = process.extractOne(key, choices, scorer=OSA.distance, score_cutoff=1)
    if best is None:
        return key
    word = best[0]
    # A short word with one letter changed is usually another word ("park", not "pack").
    if len(key) <= _SHORT_WORD and len(word) == len(key) and sorted(word) != sorted(key):
        return key
    return word


# ---------------------------------------------------------------------------------------------
# Boards
# ---------------------------------------------------------------------------------------------


def _board_words(name: str) -> list[str]:
    keys = [token.key.replace("-", "") for token in _tokenise(name)]
    return [key for key in keys if key not in _BOARD_STOP]


def _named_in_full(keys: Sequence[str], words: Sequence[str]) -> set[int] | None:
    """Where ``words`` (a board's name) appear together in ``keys``, stop words aside."""
    kept = [i for i, key in enumerate(keys) if key.replace("-", "") not in _BOARD_STOP]
    size = len(words)
    for start in range(len(kept) - size + 1) if size else ():
        window = kept[start : start + size]
        if all(keys[i].replace("-", "") == word for i, word in zip(window, words, strict=True)):
            return set(range(window[0], window[-1] + 1))
    return None


def _find_board(
    keys: Sequence[str], blocked: set[int], board_names: Sequence[str]
) -> tuple[str, set[int]] | None:
    """The board the message names, fuzzily, and the words that name it; None if unclear."""
    # A name typed in full settles it; the longest such, as "Audit" is in "Audit Committee".
    in_full: tuple[int, str, set[int]] | None = None
    for name in board_names:
        words = _board_words(name)
        found = _named_in_full(keys, words)
        if found is not None and (in_full is None or len(words) > in_full[0]):
            in_full = (len(words), name, found)
    if in_full is not None:
        return in_full[1], in_full[2]
    # Single words and adjacent pairs, so "well being" finds "wellbeing".
    candidates: list[tuple[str, set[int]]] = []
    for i, key in enumerate(keys):
        if i in blocked or len(key) < 3:
            continue
        candidates.append((key.replace("-", ""), {i}))
        if i + 1 < len(keys) and i + 1 not in blocked:
            candidates.append((key + keys[i + 1], {i, i + 1}))
    texts = [text for text, _ in candidates]
    scored: list[tuple[int, str, set[int]]] = []
    for name in board_names:
        words = _board_words(name)
        # "HWB" for "Rutland Health and Wellbeing Board": the initials, a place name optional.
        initials = "".join(word[0] for word in words)
        acronym = next(
            (initials[skip:] for skip in range(len(initials) - 2) if initials[skip:] in texts),
            None,
        )
        if acronym is not None:
            scored.append((len(words), name, candidates[texts.index(acronym)][1]))
            continue
        used: set[int] = set()
        matched = 0
        for word in [word for word in words if word not in _BOARD_GENERIC] or words:
            best = process.extractOne(word, texts, scorer=fuzz.ratio, score_cutoff=_BOARD_CUTOFF)
            if best is not None:
                matched += 1
                used |= candidates[best[2]][1]
        if matched:
            scored.append((matched, name, used))
    # One distinctive word is enough ("agenda for wellbeing"), unless another board has as many.
    scored.sort(key=lambda entry: entry[0], reverse=True)
    if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1], scored[0][2]


# ---------------------------------------------------------------------------------------------
# Reading a message
# ---------------------------------------------------------------------------------------------


def _read(text: str, today: date, board_names: Sequence[str]) -> _Message | None:
    tokens = tuple(_tokenise(text))
    if not tokens:
        return None
    words = [_corrected(token.key) for token in tokens]
    found = find_date(words, today)
    day, dated = found if found else (None, set())
    board = _find_board([token.key for token in tokens], dated, board_names)
    placeholders = dict.fromkeys(dated, _DATE)
    if board is not None:
        placeholders.update(dict.fromkeys(board[1], _BOARD))
    words = [placeholders.get(i, word) for i, word in enumerate(words)]
    starts: list[int] = []
    position = 0
    for word in words:
        starts.append(position)
        position += len(word) + 1
    first, last = 0, len(words)
    while first < last and words[first] in _LEADING_PADDING:
        first += 1
    while last > first and words[last - 1] in _TRAILING_PADDING:
        last -= 1
    # "have we approved it" asks; "I have read it" does not.
    stated = first > 0 and words[first - 1] in _PRONOUNS
    asked = (
        "?" in text
        or (first < last and words[first] in _QUESTION_WORDS and not stated)
        or any(_asks(words, i) for i in range(first))
        or not _WONDERING.isdisjoint(words)
    )
    return _Message(
        tokens=tokens,
        words=tuple(words),
        text=" ".join(words),
        starts=tuple(starts),
        first=first,
        last=last,
        day=day,
        board=board[0] if board else None,
        asked=asked,
    )


def _asks(words: Sequence[str], i: int) -> bool:
    """Whether ``words[i]`` opens a question: "tell me ...", "do you know ...", not "I know"."""
    return words[i] in _ASKING and (i == 0 or words[i - 1] in _ASKED_OF)


def _trimmed(message: _Message, start: int, stop: int, lead: frozenset[str] = _TOPIC_LEAD) -> str:
    """The words in ``start:stop`` as typed, up to any date, without the filler around them."""
    words = message.words
    for i in range(start, stop):
        if words[i] == _DATE:
            stop = i
            break
    while start < stop and words[start] in lead:
        start += 1
    while start < stop:
        if words[stop - 1] in _TOPIC_TRAIL:
            stop -= 1
        elif words[stop - 1] in _MEETING_WORDS:
            # "... at the last meeting" says when, not what.
            stop -= 1
            while start < stop and words[stop - 1] in _MEETING_QUALIFIERS:
                stop -= 1
        else:
            break
    return " ".join(token.text for token in message.tokens[start:stop])


def _topic_after(message: _Message, match: re.Match[str]) -> str:
    """What a search is for: the words after its trigger."""
    _, end = message.span(match)
    return _trimmed(message, end, message.last)


def _decision_topic(message: _Message, match: re.Match[str]) -> str:
    """What a decision was about: after "about"/"on" if said, else the rest of the question."""
    start, end = message.span(match)
    after = end
    for i in range(end, message.last):
        if message.words[i] in _STRONG_PREPOSITIONS:
            after = i + 1
            break
    topic = _trimmed(message, after, message.last)
    # "was the better care fund approved": the topic comes before the verb, but in "what did
    # the board decide" that is who decided.
    return topic or _trimmed(message, message.first, start, _SUBJECT_LEAD)


def _item_at(words: Sequence[str], i: int, known: Sequence[str], *, spelled: bool) -> str | None:
    """The item number at ``words[i]`` ("10b", "10 b", "4.1", "six" if ``spelled``)."""
    word = words[i]
    if spelled and word in _NUMBER_WORDS:
        number = _NUMBER_WORDS[word]
    elif _ITEM_REF.fullmatch(word):
        number = word
    else:
        return None
    letter = words[i + 1] if i + 1 < len(words) else ""
    if number.isdigit() and len(letter) == 1 and "a" <= letter <= "z":
        joined = number + letter
        if known:
            if _listed(joined, known):
                number = joined
        # Without a list, "item 8 a" is 8A only when nothing follows, unlike "item 8 a paper".
        elif i + 2 >= len(words) or words[i + 2] in _TRAILING_PADDING:
            number = joined
    return _canonical(number, known)


def _squashed(number: str) -> str:
    return "".join(number.split()).casefold()


def _listed(number: str, known: Sequence[str]) -> bool:
    return any(_squashed(spelling) == _squashed(number) for spelling in known)


def _canonical(number: str, known: Sequence[str]) -> str:
    """``number`` as the agenda spells it, else with an upper-case letter ("10B")."""
    for spelling in known:
        if _squashed(spelling) == _squashed(number):
            return spelling
    return number.upper()


def _find_item(message: _Message, known: Sequence[str]) -> str | None:
    """The agenda item the message asks about, or None."""
    words = message.words
    # "item 6", "number 10b", "item six".
    for i, word in enumerate(words[:-1]):
        if word in _ITEM_WORDS:
            found = _item_at(words, i + 1, known, spelled=True)
            if found is not None:
                return found
    # "10B" alone.
    if message.last - message.first in (1, 2):
        core = words[message.first : message.last]
        found = _item_at(core, 0, known, spelled=False)
        # Two words only if they are one number: "10 b", not "10 people".
        whole = found is not None and (len(core) == 1 or not _listed(found, core[:1]))
        if found is not None and whole and (not found.isdigit() or _listed(found, known)):
            return found
    # "who is presenting 10B", "tell me about 6".
    if not _ITEM_CONTEXT.search(message.text):
        return None
    for i in range(message.first, message.last):
        if i > 0 and words[i - 1] in _BEFORE_NOT_ITEM:
            continue
        if i + 1 < len(words) and words[i + 1] in _AFTER_NOT_ITEM:
            continue
        found = _item_at(words, i, known, spelled=False)
        if found is None:
            continue
        # A bare "6" may be a count; "10B" can only be an item.
        if not found.isdigit() or not known or _listed(found, known):
            return found
    return None


# ---------------------------------------------------------------------------------------------
# The rules
# ---------------------------------------------------------------------------------------------

_Rule = Callable[[_Message, Sequence[str]], Intent | None]


def _decisions(message: _Message, known: Sequence[str]) -> Intent | None:
    match = _DECISION_WORDS.search(message.text)
    if match is None and message.asked:
        match = _DECISION_QUESTION_WORDS.search(message.text)
    if match is None:
        return None
    topic = _decision_topic(message, match)
    if not topic and message.day is not None:
        topic = message.day.isoformat()
    return Intent("decisions", topic)


def _search(message: _Message, known: Sequence[str]) -> Intent | None:
    match = _SEARCH_WORDS.search(message.text)
    return Intent("search", _topic_after(message, match)) if match else None


def _actions(message: _Message, known: Sequence[str]) -> Intent | None:
    return Intent("actions") if _ACTION_WORDS.search(message.text) else None


def _calendar(message: _Message, known: Sequence[str]) -> Intent | None:
    if _CALENDAR_WORDS.search(message.text) is None:
        return None
    return Intent("calendar", message.board or "")


def _apologies(message: _Message, known: Sequence[str]) -> Intent | None:
    sent = _APOLOGY_WORDS.search(message.text) or _APOLOGY_ALONE.search(message.core)
    if sent is None or _NOT_MY_APOLOGIES.search(message.core):
        return None
    return Intent("apologies", message.day.isoformat() if message.day else message.board or "")


def _item(message: _Message, known: Sequence[str]) -> Intent | None:
    number = _find_item(message, known)
    return Intent("item", number) if number else None


def _said(message: _Message, mentions: re.Pattern[str]) -> bool:
    """Whether ``mentions`` occur in a question, or in a message of a few words."""
    brief = message.last - message.first <= _BRIEF_WORDS
    return (message.asked or brief) and mentions.search(message.text) is not None


def _agenda(message: _Message, known: Sequence[str]) -> Intent | None:
    if _AGENDA_WORDS.search(message.text) is None and not _said(message, _AGENDA_MENTIONS):
        return None
    return Intent("agenda", message.day.isoformat() if message.day else message.board or "")


def _members(message: _Message, known: Sequence[str]) -> Intent | None:
    if _MEMBER_WORDS.search(message.text) is None and not _said(message, _MEMBER_MENTIONS):
        return None
    return Intent("members", message.board or "")


def _meetings(message: _Message, known: Sequence[str]) -> Intent | None:
    if _MEETINGS_WORDS.search(message.text) is None:
        return None
    past = _PAST_WORDS.search(message.text) is not None
    return Intent("meetings", "past" if past else message.board or "")


def _next(message: _Message, known: Sequence[str]) -> Intent | None:
    if _NEXT_WORDS.search(message.text) is None and not _said(message, _MEETING_MENTIONS):
        return None
    return Intent("next", message.board or "")


def _soft_search(message: _Message, known: Sequence[str]) -> Intent | None:
    match = _SOFT_SEARCH_WORDS.search(message.text)
    if match is None:
        return None
    topic = _topic_after(message, match)
    return Intent("search", topic) if topic else None


def _help(message: _Message, known: Sequence[str]) -> Intent | None:
    if _HELP_WORDS.search(message.text) is None or _THANKS_FOR_HELP.search(message.text):
        return None
    return Intent("help")


# First match wins: specific questions before the broad ones that share their words.
_RULES: tuple[_Rule, ...] = (
    _decisions,  # "what did we decide about the agenda"
    _search,  # "find the minutes of the last meeting"
    _actions,  # "my action items from the meeting"
    _calendar,  # "add the next meeting to my calendar"
    _apologies,  # "I can't make the next meeting"
    _item,  # "who is presenting 10B", "papers for item 6"
    _agenda,  # "what's on the agenda at the next meeting"
    _members,  # "who is on the board"
    _meetings,  # "what meetings are coming up"
    _next,  # "when is the next meeting"
    _soft_search,  # "tell me about the budget"
    _help,  # "help me find X" is a search
)


def understand(
    text: str,
    *,
    today: date,
    item_numbers: Sequence[str] = (),
    board_names: Sequence[str] = (),
    agenda: Sequence[AgendaEntry] = (),
    people: Sequence[PersonEntry] = (),
) -> Intent | None:
    """The command that answers ``text``, a member's question in plain words, or None.

    ``today`` is the board's local date (relative dates become ISO dates in ``args``),
    ``item_numbers`` the agenda numbers of the member's next meeting (so "10b", "item 8 a" and
    "number 6" are recognised and spelled as listed), and ``board_names`` the member's boards
    ("agenda for the health & wellbeing board" gives that board's name as listed). Chatter
    ("hello", "thanks") and anything not understood give None.
    """
    if len(text) > _MAX_CHARS:
        return None
    message = _read(text, today, board_names)
    if message is None or message.first >= message.last:
        return None
    for rule in _RULES:
        intent = rule(message, item_numbers)
        if intent is not None:
            return intent
    return None


def suggest(
    text: str,
    *,
    today: date,
    item_numbers: Sequence[str] = (),
    board_names: Sequence[str] = (),
    agenda: Sequence[AgendaEntry] = (),
    people: Sequence[PersonEntry] = (),
    limit: int = 3,
) -> tuple[Intent, ...]:
    """The closest things Quorum can answer to ``text`` it did not understand, best first."""
    return ()
