"""Plain-language questions mapped to the one command that answers them.

Data, not a model, and not ordered rules: the questions Quorum answers are the rows of
:data:`language.questions.QUESTIONS`. A message is read once here: normalised (case,
punctuation, emoji, contractions), each word checked for typos against the table's words
(rapidfuzz), and the things it names found: a date, a month or a weekday, a board, an agenda item
by number or by the words of its title, a person by name or by role. Then every row is scored
by how much of the message its cues and slots cover, and the best wins (a tie goes to the more
specific row): "who is presenting 10B" is an item's presenter because "10B" is covered too.

Pure functions only: no Telegram, no database, no clock (``today`` is passed in).
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from language.dates import MONTHS, WEEKDAY_ABBREVIATIONS, WEEKDAYS, find_date
from language.questions import PURPOSE_WORDS, QUESTIONS, VOCABULARY, Command, Question, Slot

__all__ = [
    "ROLES",
    "AgendaEntry",
    "Command",
    "Intent",
    "PersonEntry",
    "meeting_words_in",
    "suggest",
    "understand",
]


@dataclass(frozen=True, slots=True)
class Intent:
    """A command, exactly what the user would have typed after it, and what about it.

    ``detail`` narrows the answer: for ``item`` the aspect asked ("presenter", "pages",
    "duration", "purpose", "report", "decisions"); for ``agenda`` the view of the whole agenda
    ("size", "order", "prepare", "purpose:approval" ...); for ``smalltalk`` the kind
    ("greeting", "thanks", "farewell", "wellbeing"). ``choices`` lists several close
    candidates when the words fit more than one (item numbers as listed, or people's names):
    the member is asked which, never shown everything. ``when``: for a question about an
    item or decisions of a meeting named by time ("who presented the better care fund in
    june", "what did we decide on 27 june"), that meeting in the canonical words
    /agenda reads ("2023-06", "2023-06-27", "previous"); empty for the next meeting.
    """

    command: Command
    args: str = ""
    detail: str = ""
    choices: tuple[str, ...] = ()
    when: str = ""


@dataclass(frozen=True, slots=True)
class AgendaEntry:
    """One item of the agenda a question is most likely about (the member's next meeting)."""

    number: str
    title: str
    presenter: str | None = None


@dataclass(frozen=True, slots=True)
class PersonEntry:
    """Someone on the member's boards: a name a question may use, their roles there and their
    job titles ("Director of Public Health": "who is the director of public health")."""

    name: str
    roles: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()


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
    "wen": "when",
    "wat": "what",
    "nxt": "next",
    "mtg": "meeting",
    "mtgs": "meetings",
}

_NUMBER_NAMES = """
    one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty
"""
_NUMBER_WORDS: dict[str, str] = {
    word: str(n) for n, word in enumerate(_NUMBER_NAMES.split(), start=1)
}

# Every word a question or a date relies on: a typo is corrected towards one of these.
_VOCABULARY = (
    VOCABULARY | frozenset(WEEKDAYS) | frozenset(month for month in MONTHS if len(month) > 3)
)

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
# A verb after a sentence's first words: it says something ("the chair will present").
_STATING_VERBS = _words("will would shall has have had is are was were can could should must")
_TOLD = _words("me us")
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


def _phrases(*alternatives: str) -> re.Pattern[str]:
    """One pattern matching any of ``alternatives`` as whole words of a normalised message."""
    return re.compile(r"(?<!\S)(?:" + "|".join(alternatives) + r")(?!\S)")


# Context that makes a bare number ("who is presenting 10B", "tell me about 6") an item.
_ITEM_CONTEXT = _phrases(
    r"present\S*",
    r"introduc\S*",
    r"lead\S*",
    r"speak\S*",
    r"papers?",
    r"reports?",
    r"pages?",
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
    "how long",
    "how much time",
    "purpose",
    r"decid\S*",
    r"decisions?",
    r"agreed",
    r"for (?:decision|approval|information|noting|discussion|assurance)",
)

# How much a covered word counts: the words that carry a question count fully, the glue
# between them a little, and generic nouns ("item", "report") in between.
_FUNCTION_WORDS = _words(
    """
    a an the is are was were be been being am do does did done has have had will would shall
    should can could may might must of for to in on at by with from into about over as and or
    but if then than so it its this that these those there here my our your their his her me
    us we you i they he she them him what which who whom whose when where why how any some
    all not no just please
    """
)
_GENERIC_WORDS = _words("item items report reports paper papers document documents docs pack")
_FUNCTION_WEIGHT = 0.25
_GENERIC_WEIGHT = 0.5

# Words that never name an item or a person, whatever the titles say.
_NOT_A_NAME = (
    _FUNCTION_WORDS
    | _GENERIC_WORDS
    | _QUESTION_WORDS
    | _ITEM_WORDS
    | frozenset(_NUMBER_WORDS)
    | _words("agenda meeting meetings board committee")
)
_TITLE_STOP = _words("a an the and of for to on in with from by at &")
# A word after a cue's word that cannot continue a title ("next meeting" is not the title's).
_NOT_A_TITLE_NEIGHBOUR = _NOT_A_NAME - _GENERIC_WORDS
_HONORIFICS = _words(
    "cllr councillor cr dr mr mrs ms miss mx prof professor sir dame lord lady rev revd canon"
)

# The past tense: a date without a year is its last occurrence, a month its last one.
_PAST_TENSE = _words(
    """
    did was were had happened held discussed decided agreed approved covered considered went
    took missed attended presented minuted resolved endorsed passed rejected voted talked met
    introduced led spoke
    """
)
_LAST_TIME = _phrases("last time", "last month", "ago")


# ---------------------------------------------------------------------------------------------
# Words as typed: tokens, typos
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    text: str  # as typed, punctuation trimmed: arguments are taken from this
    key: str  # casefolded, contractions expanded, apostrophes dropped


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
# Meetings by time: a date, a month, a weekday, "the last meeting", "the meeting after next"
# ---------------------------------------------------------------------------------------------

_PREVIOUS_MEETING = _phrases(
    rf"(?:the )?(?:last|previous|latest|most recent|prior|past) (?:{_BOARD} |board |committee )?"
    r"meeting(?! after)",
    "last time",
)
_AFTER_NEXT = _phrases(
    rf"(?:the )?meeting after (?:the )?next(?: {_BOARD}| board| committee)?(?: meeting)?",
    rf"(?:the )?(?:following|subsequent) (?:{_BOARD} |board |committee )?meeting",
    r"(?:the )?next meeting but one",
    r"(?:the )?one after next",
    # "when is the next meeting after this one", "and the one after that?"
    rf"(?:the )?(?:next )?(?:{_BOARD} |board |committee )?(?:meeting|one) after (?:this|that)"
    r"(?: one| meeting)?",
)
_NEXT_MEETING = _phrases(
    rf"(?:the )?(?:next|upcoming|coming|forthcoming|this) (?:{_BOARD} |board |committee )?"
    r"meeting(?!s)",
)
_RELATIVE_MONTH = _phrases(r"(?:next|this|last|coming) month")
_MONTH_CUES = _words("in for the of during since from until by at on")
_MONTH_FOLLOWERS = frozenset({"meeting", "meetings", "board", "committee", _BOARD})
_YEAR = re.compile(r"[0-9]{4}")
_DAY_NUMBER = re.compile(r"[0-9]{1,2}(?:st|nd|rd|th)?")


@dataclass(frozen=True, slots=True)
class _When:
    """Which meeting a message names, as the bot reads it, and the words naming it."""

    args: str  # "2024-01-16", "2024-01", "tuesday", "previous", "after next", or "" (next)
    words: frozenset[int]
    day: date | None = None  # a calendar day named (for decisions and old uses)


def _is_past(words: Sequence[str], text: str) -> bool:
    """Whether a question is in the past tense ("what did we decide", "when was it held")."""
    return not _PAST_TENSE.isdisjoint(words) or _LAST_TIME.search(text) is not None


def _month_named(words: Sequence[str], skip: set[int], today: date, past: bool) -> _When | None:
    """A month named alone ("the january meeting", "in march") as "YYYY-MM"."""
    for i, word in enumerate(words):
        if i in skip or word not in MONTHS:
            continue
        before = words[i - 1] if i > 0 else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        # "30 February", "October 45": a day no month has, not the month alone.
        if _DAY_NUMBER.fullmatch(before) or _DAY_NUMBER.fullmatch(after):
            continue
        # "may" and abbreviations are other words too ("may I see"): only when cued.
        if (word == "may" or len(word) <= 4) and not (
            before in _MONTH_CUES or after in _MONTH_FOLLOWERS or _YEAR.fullmatch(after)
        ):
            continue
        month = MONTHS[word]
        span = {i}
        if _YEAR.fullmatch(after):
            year = int(after)
            span.add(i + 1)
        elif past:
            year = today.year if month <= today.month else today.year - 1
        else:
            year = today.year if month >= today.month else today.year + 1
        if not 1 <= year <= 9999:
            return None
        return _When(f"{year:04d}-{month:02d}", frozenset(span))
    return None


def _relative_month(message_text: str, starts: Sequence[int], today: date) -> _When | None:
    match = _RELATIVE_MONTH.search(message_text)
    if match is None:
        return None
    shift = {"next": 1, "coming": 1, "last": -1}.get(match.group().split()[0], 0)
    month_index = today.year * 12 + today.month - 1 + shift
    year, month = divmod(month_index, 12)
    if not 1 <= year <= 9999:
        return None
    return _When(f"{year:04d}-{month + 1:02d}", _words_of(match, starts))


def _starts(words: Sequence[str]) -> list[int]:
    """Where each word starts in " ".join(words)."""
    starts: list[int] = []
    position = 0
    for word in words:
        starts.append(position)
        position += len(word) + 1
    return starts


def _words_of(match: re.Match[str], starts: Sequence[int]) -> frozenset[int]:
    start = bisect_right(starts, match.start()) - 1
    end = bisect_right(starts, max(match.end() - 1, match.start()))
    return frozenset(range(start, end))


def _meeting_named(
    words: Sequence[str],
    text: str,
    found: tuple[date, set[int]] | None,
    today: date,
    past: bool,
) -> _When | None:
    """The meeting a message names by time; a calendar date first, then a month, and so on."""
    if found is not None:
        day, dated = found
        weekday = [words[i] for i in dated]
        if len(weekday) == 1 and not past:
            name = weekday[0]
            number = WEEKDAYS.get(name, WEEKDAY_ABBREVIATIONS.get(name))
            if number is not None:
                full = next(full for full, n in WEEKDAYS.items() if n == number)
                return _When(full, frozenset(dated), day)
        return _When(day.isoformat(), frozenset(dated), day)
    starts = _starts(words)
    month = _month_named(words, set(), today, past) or _relative_month(text, starts, today)
    if month is not None:
        return month
    for pattern, args in (
        (_AFTER_NEXT, "after next"),
        (_PREVIOUS_MEETING, "previous"),
        (_NEXT_MEETING, ""),
    ):
        match = pattern.search(text)
        if match is not None:
            return _When(args, _words_of(match, starts))
    return None


# ---------------------------------------------------------------------------------------------
# Items by their number
# ---------------------------------------------------------------------------------------------


def _item_at(
    words: Sequence[str], i: int, known: Sequence[str], *, spelled: bool
) -> tuple[str, int] | None:
    """The item number at ``words[i]`` ("10b", "10 b", "4.1", "six" if ``spelled``) and how
    many words it takes."""
    word = words[i]
    if spelled and word in _NUMBER_WORDS:
        number = _NUMBER_WORDS[word]
    elif _ITEM_REF.fullmatch(word):
        number = word
    else:
        return None
    size = 1
    letter = words[i + 1] if i + 1 < len(words) else ""
    if number.isdigit() and len(letter) == 1 and "a" <= letter <= "z":
        joined = number + letter
        if known:
            if _listed(joined, known):
                number, size = joined, 2
        # Without a list, "item 8 a" is 8A only when nothing follows, unlike "item 8 a paper".
        elif i + 2 >= len(words) or words[i + 2] in _TRAILING_PADDING:
            number, size = joined, 2
    return _canonical(number, known), size


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


def _find_item(
    words: Sequence[str], text: str, first: int, last: int, known: Sequence[str]
) -> tuple[str, frozenset[int]] | None:
    """The agenda item the message names by number, and the words naming it."""
    # "item 6", "number 10b", "item six".
    for i, word in enumerate(words[:-1]):
        if word in _ITEM_WORDS:
            found = _item_at(words, i + 1, known, spelled=True)
            if found is not None:
                return found[0], frozenset(range(i, i + 1 + found[1]))
    # "10B" alone.
    if last - first in (1, 2):
        core = words[first:last]
        found = _item_at(core, 0, known, spelled=False)
        # Two words only if they are one number: "10 b", not "10 people".
        whole = found is not None and (len(core) == 1 or found[1] == 2)
        if found is not None and whole and (not found[0].isdigit() or _listed(found[0], known)):
            return found[0], frozenset(range(first, first + found[1]))
    # "who is presenting 10B", "tell me about 6".
    if not _ITEM_CONTEXT.search(text):
        return None
    for i in range(first, last):
        if i > 0 and words[i - 1] in _BEFORE_NOT_ITEM:
            continue
        if i + 1 < len(words) and words[i + 1] in _AFTER_NOT_ITEM:
            continue
        found = _item_at(words, i, known, spelled=False)
        if found is None:
            continue
        # A bare "6" may be a count; "10B" can only be an item.
        if not found[0].isdigit() or not known or _listed(found[0], known):
            return found[0], frozenset(range(i, i + found[1]))
    return None


# ---------------------------------------------------------------------------------------------
# Items by the words of their titles, people by name: fuzzy, typo-tolerant
# ---------------------------------------------------------------------------------------------

# A word matches a title's or a name's word at this fuzz.ratio (0-100), its first letter
# typed right; shorter words must match exactly.
_NAME_CUTOFF = 80
_MIN_FUZZY_LENGTH = 4
# A title word typed cut short ("comms"): worth this much.
_SHORTENED = 0.85
# A title word found by the initials of several ("jsna", "bcf"): worth this much per letter.
_INITIALS_WEIGHT = 0.6
# Two words matching two neighbouring words of a title or a name ("health plan").
_NEIGHBOUR_BONUS = 0.5
# Candidates scoring within this much of the best are too close to choose between: titles
# share words in several forms ("update", "updates"), a name typed in full is that name ("jane",
# not "janet").
_CLOSE_TITLES = 0.4
_CLOSE_NAMES = 0.1
# A job title counts for less than a name: it names someone only if no item fits better.
_TITLE_WEIGHT = 0.75
_MIN_NAMED = 0.85
_MAX_CHOICES = 5


@dataclass(frozen=True, slots=True)
class _Names:
    """Things a message may name by their words: agenda items or people."""

    labels: tuple[str, ...]  # what the answer carries: the item's number or the person's name
    words: tuple[tuple[str, ...], ...]  # each one's meaning-bearing words, in order
    initials: tuple[str, ...]  # each one's initials ("jsnaut")
    vocabulary: tuple[str, ...]  # every word of every one
    where: dict[str, tuple[tuple[int, int], ...]]  # word -> (which, position)


@lru_cache(maxsize=16384)
def _name_words(text: str, stop: frozenset[str]) -> tuple[str, ...]:
    # Cached: the same titles and names are read for every question about that meeting.
    keys = (token.key.replace("-", "") for token in _tokenise(text))
    return tuple(key for key in keys if key not in stop and len(key) > 1 and key.isalpha())


def _names(labels: Sequence[str], texts: Sequence[str], stop: frozenset[str]) -> _Names:
    words = tuple(_name_words(text, stop) for text in texts)
    where: dict[str, list[tuple[int, int]]] = {}
    for which, own in enumerate(words):
        for position, word in enumerate(own):
            where.setdefault(word, []).append((which, position))
    return _Names(
        labels=tuple(labels),
        words=words,
        initials=tuple("".join(word[0] for word in own) for own in words),
        vocabulary=tuple(where),
        where={word: tuple(places) for word, places in where.items()},
    )


@lru_cache(maxsize=64)
def _agenda_names(agenda: tuple[AgendaEntry, ...]) -> _Names:
    return _names(
        [entry.number for entry in agenda], [entry.title for entry in agenda], _TITLE_STOP
    )


@lru_cache(maxsize=64)
def _people_titles(people: tuple[PersonEntry, ...]) -> _Names:
    return _names(
        [person.name for person in people],
        [" ".join(person.titles) for person in people],
        _TITLE_STOP,
    )


@lru_cache(maxsize=64)
def _people_names(people: tuple[PersonEntry, ...]) -> _Names:
    return _names(
        [person.name for person in people],
        [person.name for person in people],
        _TITLE_STOP | _HONORIFICS,
    )


@lru_cache(maxsize=8192)
def _similar(word: str, vocabulary: tuple[str, ...]) -> tuple[tuple[str, float], ...]:
    """The words of ``vocabulary`` that ``word`` may be (itself or a typo of), with scores 0-1."""
    if len(word) < _MIN_FUZZY_LENGTH:
        return ((word, 1.0),) if word in vocabulary else ()
    found = process.extract(
        word, vocabulary, scorer=fuzz.ratio, score_cutoff=_NAME_CUTOFF, limit=None
    )
    similar = {
        match: score / 100
        for match, score, _ in found
        if match[0] == word[0] and len(match) >= _MIN_FUZZY_LENGTH
    }
    # A word cut short: "comms" for "communication", "strat" for "strategy".
    stem = word[:-1] if word.endswith("s") and len(word) > _MIN_FUZZY_LENGTH else word
    for match in vocabulary:
        if match not in similar and len(match) > len(stem) and match.startswith(stem):
            similar[match] = _SHORTENED
    return tuple(similar.items())


@dataclass(frozen=True, slots=True)
class _Named:
    """What a message names among ``_Names``: one, or several too close to choose, and the
    words of the message that name them."""

    labels: tuple[str, ...]
    words: frozenset[int]
    score: float


def _with_glue(indices: Iterable[int], words: Sequence[str]) -> frozenset[int]:
    """``indices`` and the little words between them ("health and wellbeing")."""
    ordered = sorted(indices)
    filled = set(ordered)
    for start, stop in itertools.pairwise(ordered):
        between = range(start + 1, stop)
        if all(words[i] in _FUNCTION_WORDS or words[i] in _TITLE_STOP for i in between):
            filled.update(between)
    return frozenset(filled)


def _named(
    candidates: Sequence[tuple[int, str, bool]],
    names: _Names,
    words: Sequence[str],
    close: float,
    *,
    typed: Sequence[str] | None = None,
    glued: bool = False,
) -> _Named | None:
    """Which of ``names`` the message's ``candidates`` name by their words.

    A candidate is (position, word, exact): an exact one counts only as spelled there.
    ``typed`` (the message's words as typed), for people's names: a name settles on someone
    only if the name-like words typed next to it fit them too ("john smith" is not Tim
    Smith, though "smith" alone is); when nobody fits them all, the words as typed are the
    answer, for the careful matching of the service. ``glued``: words of a name joined by
    little words ("director of public health") count as neighbours.
    """
    if not names.labels or not candidates:
        return None
    count = len(names.labels)
    scores = [0.0] * count
    used: list[set[int]] = [set() for _ in range(count)]
    # Per thing: the best score for each message word, and where in its name it matched.
    places: list[dict[int, int]] = [{} for _ in range(count)]
    # Whether a word no cue explains names it: "tell me about my actions" is not "ACTIONS
    # ARISING", though "what is the enforcement summary for" is "ENFORCEMENT ACTIVITY SUMMARY".
    free = [False] * count
    for index, word, exact in candidates:
        best: dict[int, tuple[float, int]] = {}
        if exact:
            similar: tuple[tuple[str, float], ...] = ((word, 1.0),) if word in names.where else ()
        else:
            similar = _similar(word, names.vocabulary)
        for match, score in similar:
            for which, position in names.where[match]:
                if which not in best or best[which][0] < score:
                    best[which] = (score, position)
        if len(word) >= 3 and not exact:
            for which, initials in enumerate(names.initials):
                if which not in best and len(initials) >= 3 and word in initials:
                    best[which] = (_INITIALS_WEIGHT * len(word), -1)
        for which, (score, position) in best.items():
            scores[which] += score
            used[which].add(index)
            places[which][index] = position
            free[which] = free[which] or not exact
    for which in range(count):
        ordered = sorted(places[which].items())
        for (index, position), (next_index, next_position) in itertools.pairwise(ordered):
            adjacent = next_index == index + 1 or (
                glued and all(words[i] in _TITLE_STOP for i in range(index + 1, next_index))
            )
            if adjacent and position >= 0 and next_position == position + 1:
                scores[which] += _NEIGHBOUR_BONUS
    scores = [score if free[which] else 0.0 for which, score in enumerate(scores)]
    best_score = max(scores)
    if best_score < _MIN_NAMED:
        return None
    closest = [which for which in range(count) if scores[which] >= best_score - close]
    if len(closest) > _MAX_CHOICES:
        closest = sorted(closest, key=lambda which: (-scores[which], which))[:_MAX_CHOICES]
        closest.sort()
    if typed is not None:
        free_words = {
            index for index, word, exact in candidates if not exact and word not in _HONORIFICS
        }
        unfit = {
            which: _unfit_words(places[which], names.words[which], free_words) for which in closest
        }
        fitting = [which for which in closest if not unfit[which]]
        if not fitting:
            # "who is john smith": nobody is called that; the words as typed, for the service.
            span = set(places[closest[0]]) | unfit[closest[0]]
            return _Named(
                labels=(" ".join(typed[i] for i in sorted(span)),),
                words=_with_glue(span, words),
                score=best_score,
            )
        closest = fitting
    return _Named(
        labels=tuple(names.labels[which] for which in closest),
        words=_with_glue({index for which in closest for index in used[which]}, words),
        score=best_score,
    )


def _unfit_words(places: dict[int, int], name: Sequence[str], free_words: set[int]) -> set[int]:
    """The name-like words typed next to a name's matched words that stand where a part of
    the name was not typed and do not fit it: "john" before "smith" for Tim Smith."""
    ordered = sorted(places.items())
    if not ordered or any(position < 0 for _, position in ordered):
        return set()
    (first, first_position), (last, last_position) = ordered[0], ordered[-1]
    unfit: set[int] = set()
    if first_position > 0 and first - 1 in free_words:
        unfit.add(first - 1)
    if last_position < len(name) - 1 and last + 1 in free_words:
        unfit.add(last + 1)
    return unfit


_ROLES = (
    ("vice-chair", _phrases(r"(?:vice|deputy)[ -]?chair(?:man|woman|person|s)?")),
    ("chair", _phrases(r"chair(?:man|woman|person|s|ing)?")),
    (
        "clerk",
        _phrases(
            r"clerks?",
            r"secretary",
            r"(?:democratic|committee|governance) (?:services )?officer",
        ),
    ),
)


# The roles a question may name instead of a person ("who is the chair"): Intent.args.
ROLES: frozenset[str] = frozenset(role for role, _ in _ROLES)


def _role_named(text: str, starts: Sequence[int]) -> _Named | None:
    """A role said instead of a name ("the chair", "vice-chairman", "the clerk")."""
    for role, pattern in _ROLES:
        match = pattern.search(text)
        if match is not None:
            return _Named((role,), _words_of(match, starts), 1.0)
    return None


# ---------------------------------------------------------------------------------------------
# Reading a message
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Message:
    tokens: tuple[_Token, ...]
    words: tuple[str, ...]  # keys with typos corrected, dates and boards as placeholders
    text: str  # " ".join(words): what the cue phrases are matched against
    starts: tuple[int, ...]  # where each word starts in ``text``
    first: int  # the question without its leading and trailing politeness: words[first:last]
    last: int
    weights: tuple[float, ...]  # how much each word counts when a row covers it
    asked: bool  # phrased as a question
    past: bool  # in the past tense
    when: _When | None
    board: str | None
    board_words: frozenset[int]
    item_number: tuple[str, frozenset[int]] | None

    stated: bool  # a pronoun before the question's words: "I spoke to Dawn"

    @property
    def brief(self) -> bool:
        """A few words: a request even without a question mark ("papers"), unless they
        follow their subject ("I spoke to Dawn" says something)."""
        return self.last - self.first <= _BRIEF_WORDS and not self.stated

    def span(self, match: re.Match[str], group: int | str = 0) -> tuple[int, int]:
        """The words a cue matched (or one of its groups), as a slice of ``words``."""
        start = bisect_right(self.starts, match.start(group)) - 1
        end = bisect_right(self.starts, max(match.end(group) - 1, match.start(group)))
        return start, end


def _read(
    text: str,
    today: date,
    board_names: Sequence[str],
    item_numbers: Sequence[str],
    as_typed: frozenset[str],
) -> _Message | None:
    tokens = tuple(_tokenise(text))
    if not tokens:
        return None
    words = [token.key if token.key in as_typed else _corrected(token.key) for token in tokens]
    plain = " ".join(words)
    past = _is_past(words, plain)
    found = find_date(words, today, past=past)
    dated = found[1] if found else set()
    board = _find_board([token.key for token in tokens], dated, board_names)
    placeholders = dict.fromkeys(dated, _DATE)
    if board is not None:
        placeholders.update(dict.fromkeys(board[1], _BOARD))
    when = _meeting_named(words, plain, found, today, past)
    if when is not None and when.day is None and when.args[:1].isdigit():
        placeholders.update(dict.fromkeys(when.words, _DATE))  # a month: "the _date_ meeting"
    words = [placeholders.get(i, word) for i, word in enumerate(words)]
    starts = _starts(words)
    first, last = 0, len(words)
    while first < last and words[first] in _LEADING_PADDING:
        first += 1
    while last > first and words[last - 1] in _TRAILING_PADDING:
        last -= 1
    # "have we approved it" asks; "I have read it" does not; nor does "Dawn will present", a
    # subject before its verb.
    stated = (first > 0 and words[first - 1] in _PRONOUNS) or (
        first < last
        and words[first] not in _QUESTION_WORDS
        and any(words[j] in _STATING_VERBS for j in range(first + 1, min(first + 3, last)))
    )
    asked = (
        "?" in text
        or (first < last and words[first] in _QUESTION_WORDS and not stated)
        or any(_asks(words, i) for i in range(first))
        or not _WONDERING.isdisjoint(words)
    )
    joined = " ".join(words)
    weights = tuple(
        0.0
        if not first <= i < last
        else _FUNCTION_WEIGHT
        if word in _FUNCTION_WORDS
        else _GENERIC_WEIGHT
        if word in _GENERIC_WORDS
        else 1.0
        for i, word in enumerate(words)
    )
    return _Message(
        tokens=tokens,
        words=tuple(words),
        text=joined,
        starts=tuple(starts),
        first=first,
        last=last,
        weights=weights,
        asked=asked,
        stated=stated,
        past=past,
        when=when,
        board=board[0] if board else None,
        board_words=frozenset(board[1]) if board else frozenset(),
        item_number=_find_item(words, joined, first, last, item_numbers),
    )


def _asks(words: Sequence[str], i: int) -> bool:
    """Whether ``words[i]`` opens a question: "tell me ...", "do you know ...", not "I know"."""
    if words[i] not in _ASKING or (i > 0 and words[i - 1] not in _ASKED_OF):
        return False
    # "tell me ...", "tell us ..." asks; "tell Dawn I am late" is a message for someone.
    return words[i] != "tell" or (i + 1 < len(words) and words[i + 1] in _TOLD)


def _trimmed(
    message: _Message, start: int, stop: int, lead: frozenset[str] = _TOPIC_LEAD
) -> tuple[int, int]:
    """The words in ``start:stop`` up to any date, without the filler around them."""
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
    return start, stop


def _as_typed(message: _Message, span: tuple[int, int]) -> str:
    return " ".join(token.text for token in message.tokens[span[0] : span[1]])


def _decision_topic(message: _Message, start: int, end: int) -> tuple[int, int]:
    """What a decision was about: after "about"/"on" if said, else the rest of the question."""
    after = end
    for i in range(end, message.last):
        if message.words[i] in _STRONG_PREPOSITIONS:
            after = i + 1
            break
    topic = _trimmed(message, after, message.last)
    if topic[0] < topic[1]:
        return topic
    # "was the better care fund approved": the topic comes before the verb, but in "what did
    # the board decide" that is who decided (not in "has the health plan been endorsed", though
    # "health" may name a board).
    before = _trimmed(message, message.first, start, _SUBJECT_LEAD - {_BOARD})
    subject = message.words[before[0] : before[1]]
    if all(word == _BOARD or word in _SUBJECT_LEAD for word in subject):
        return before[1], before[1]
    return before


# ---------------------------------------------------------------------------------------------
# The matcher
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Cues:
    """A row's cue phrases, compiled: always, in a question, in a brief message; blockers."""

    always: re.Pattern[str] | None
    question: re.Pattern[str] | None
    brief: re.Pattern[str] | None
    statement: re.Pattern[str] | None
    blockers: re.Pattern[str] | None


_GAP = re.compile(r"\(\?P<gap>")


def _compiled(alternatives: Sequence[str]) -> re.Pattern[str] | None:
    if not alternatives:
        return None
    # Each alternative's gap gets its own name: one pattern may not repeat a group's name.
    numbered = [_GAP.sub(f"(?P<gap{n}>", cue) for n, cue in enumerate(alternatives)]
    return _phrases(*numbered)


@lru_cache(maxsize=512)
def _cues_of(row: Question) -> _Cues:
    return _Cues(
        always=_compiled(row.cues),
        question=_compiled(row.question_cues),
        brief=_compiled(row.brief_cues),
        statement=_compiled(row.statement_cues),
        blockers=_compiled(row.blockers),
    )


@dataclass(frozen=True, slots=True)
class _CueMatch:
    kind: str  # "always", "question", "brief", "statement"
    start: int  # word slice
    end: int
    gaps: frozenset[int]


def _cue_matches(row: Question, message: _Message) -> tuple[_CueMatch, ...]:
    """Where ``row``'s cues match ``message``, counting only those its mood allows."""
    cues = _cues_of(row)
    kinds: list[tuple[str, re.Pattern[str] | None]] = [("always", cues.always)]
    if message.asked:
        kinds.append(("question", cues.question))
    if message.asked or message.brief:
        kinds.append(("brief", cues.brief))
    else:
        kinds.append(("statement", cues.statement))
    found: list[_CueMatch] = []
    for kind, pattern in kinds:
        if pattern is None:
            continue
        for match in pattern.finditer(message.text):
            start, end = message.span(match)
            gaps: set[int] = set()
            for name, value in match.groupdict().items():
                if value is not None and name.startswith("gap"):
                    gap_start, gap_end = message.span(match, name)
                    gaps.update(range(gap_start, gap_end))
            found.append(_CueMatch(kind, start, end, frozenset(gaps)))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class _Found:
    """What the message names, read once for every row."""

    items: _Named | None  # by the words of their titles
    listed: frozenset[int]  # "item" or "agenda" said, so a title names an item of the agenda
    person: _Named | None
    purpose: tuple[str, frozenset[int]] | None
    released: frozenset[int] = frozenset()  # cue words that name an item here
    cued: frozenset[int] = frozenset()  # words some row's cue covers


def _purpose(message: _Message) -> tuple[str, frozenset[int]] | None:
    for i in range(message.first, message.last):
        purpose = PURPOSE_WORDS.get(message.words[i])
        if purpose is not None:
            return purpose, frozenset({i})
    return None


def _title_words(message: _Message, cued: set[int], names: _Names) -> frozenset[int]:
    """Cue words that are title words where a neighbour continues the same title: "send" in
    "the send inspection", "actions" in "actions arising"."""
    released: set[int] = set()
    keys = [token.key.replace("-", "") for token in message.tokens]
    for i in cued:
        if not message.first <= i < message.last or keys[i] in _NOT_A_TITLE_NEIGHBOUR:
            continue
        for which, position in names.where.get(keys[i], ()):
            title = names.words[which]
            for j, after in ((i + 1, True), (i - 1, False)):
                if not message.first <= j < message.last or keys[j] in _NOT_A_TITLE_NEIGHBOUR:
                    continue
                places = [p for p, word in enumerate(title) if word == keys[j]]
                if any(p > position if after else p < position for p in places):
                    released.add(i)
    return frozenset(released)


def _with_generic_words(message: _Message, items: _Named, names: _Names) -> _Named:
    """``items`` with the generic words of their titles said next to them ("the appeals
    report" names the appeals performance report, "report" and all)."""
    titles = {word for label in items.labels for word in names.words[names.labels.index(label)]}
    words = set(items.words)
    for i in sorted(items.words):
        for j in (i - 1, i + 1):
            if (
                message.first <= j < message.last
                and j not in words
                and message.words[j] in _GENERIC_WORDS
                and message.tokens[j].key in titles
            ):
                words.add(j)
    if len(words) == len(items.words):
        return items
    return _Named(items.labels, frozenset(words), items.score)


# "who is the ...", "who's our ...": the only way a question names someone by job title.
_WHO_IS_TITLE = _phrases(r"who (?:is|are|was|were)(?: the| a| an| our| your| their)?")


def _title_asked(message: _Message) -> int | None:
    """Where a job title starts in "who is (the) <title>", or None if not asked so: "who
    presented the better care fund" asks about an item, never about a "care" job title."""
    if message.first >= message.last:
        return None
    match = _WHO_IS_TITLE.match(message.text, message.starts[message.first])
    if match is None:
        return None
    end = message.span(match)[1]
    return end if end < message.last else None


def _found(
    message: _Message,
    matches: dict[Question, tuple[_CueMatch, ...]],
    agenda: tuple[AgendaEntry, ...],
    people: tuple[PersonEntry, ...],
) -> _Found:
    """Items and people named by words that no cue, date, board or number already explains."""
    # A board's words may be an item's too ("the health and wellbeing strategy").
    taken: set[int] = set()
    if message.when is not None:
        taken |= message.when.words
    if message.item_number is not None:
        taken |= message.item_number[1]
    # A cue's word names something only as it is spelled there ("the enforcement summary"),
    # unless its neighbour continues the same title ("the send inspection").
    cued: set[int] = set()
    for found in matches.values():
        for match in found:
            cued.update(i for i in range(match.start, match.end) if i not in match.gaps)
    released = _title_words(message, cued, _agenda_names(agenda)) if agenda else frozenset()
    candidates = [
        (i, message.tokens[i].key.replace("-", ""), i in cued and i not in released)
        for i in range(message.first, message.last)
        if i not in taken
        and message.words[i] not in _NOT_A_NAME
        and message.words[i] != _DATE
        and message.tokens[i].key not in _NOT_A_NAME
    ]
    candidates = [entry for entry in candidates if entry[1].isalpha() and len(entry[1]) > 1]
    items = (
        _named(candidates, _agenda_names(agenda), message.words, _CLOSE_TITLES) if agenda else None
    )
    if items is not None:
        items = _with_generic_words(message, items, _agenda_names(agenda))
    person = (
        _named(
            candidates,
            _people_names(people),
            message.words,
            _CLOSE_NAMES,
            typed=[token.text.removesuffix("'s") for token in message.tokens],
        )
        if people
        else None
    )
    role = _role_named(message.text, message.starts) if person is None else None
    if role is not None:
        person = role
    title_from = _title_asked(message) if (person is None or role is not None) and people else None
    if title_from is not None:
        # "who is the director of public health": someone's job title, if it fits better
        # than any item's title does; never "who presented the better care fund".
        titled = _named(
            [entry for entry in candidates if entry[0] >= title_from],
            _people_titles(people),
            message.words,
            _CLOSE_NAMES,
            glued=True,
        )
        if (
            titled is not None
            and min(titled.words) == title_from
            and (items is None or titled.score * _TITLE_WEIGHT > items.score)
            # "who is the healthwatch chair": a title with a role's word in it, not the role.
            and (role is None or (role.words < titled.words and len(titled.labels) == 1))
        ):
            person = _Named(tuple(dict.fromkeys(titled.labels)), titled.words, titled.score)
    if items is not None:
        # "the care homes report": several items share "care", none has "homes"; none is
        # close. One item is not close either when most of the words asked are not its own.
        named = items.words | (person.words if person is not None else frozenset())
        unexplained = sum(
            1 for i, _, exact in candidates if not exact and i not in named and _meaning(message, i)
        )
        fitting = sum(1 for i in items.words if _meaning(message, i))
        if unexplained > fitting or (len(items.labels) > 1 and unexplained == fitting):
            items = None
    listed = frozenset(
        i
        for i in range(message.first, message.last)
        if message.words[i] in ("item", "items", "agenda")
    )
    return _Found(
        items=items,
        listed=listed,
        person=person,
        purpose=_purpose(message),
        released=released,
        cued=frozenset(cued - released),
    )


def _slot(
    slot: Slot, message: _Message, found: _Found, cue: _CueMatch | None
) -> tuple[frozenset[int], object] | None:
    """The words ``slot`` covers in ``message`` and its value, or None if it is not there."""
    if slot == "item_number":
        if message.item_number is None:
            return None
        return message.item_number[1], (message.item_number[0],)
    if slot in ("item", "listed_item"):
        if message.item_number is not None:
            return message.item_number[1], (message.item_number[0],)
        # A title names an item of the agenda with "item" said, or of a meeting named by
        # time ("what was decided on the better care fund at the last meeting").
        named_meeting = message.when is not None and bool(message.when.args)
        if found.items is None or (
            slot == "listed_item" and not found.listed and not named_meeting
        ):
            return None
        return _with_glue(found.items.words | found.listed, message.words), found.items.labels
    if slot == "person":
        if found.person is None:
            return None
        return found.person.words, found.person.labels
    if slot == "meeting":
        covered: set[int] = set(message.board_words)
        if message.when is not None:
            covered |= message.when.words
        if not covered:
            return None
        return frozenset(covered), message.when
    if slot == "board":
        if message.board is None:
            return None
        return message.board_words, message.board
    if slot == "purpose":
        if found.purpose is None:
            return None
        return found.purpose[1], found.purpose[0]
    if cue is None:
        return None
    if slot == "topic":
        span = _trimmed(message, cue.end, message.last)
        # What follows the topic ("... from the last meeting") is read with it.
        topic_words = range(span[0], message.last)
    else:  # decision_topic
        span = _decision_topic(message, cue.start, cue.end)
        topic_words = range(*span)
    if span[0] >= span[1]:
        return None
    return frozenset(topic_words), _as_typed(message, span)


@dataclass(frozen=True, slots=True)
class _Reading:
    """One row's reading of a message: how well it fits, and the answer it gives."""

    score: float
    row: Question
    intent: Intent


def _first_cue(row: Question, found: Sequence[_CueMatch]) -> _CueMatch | None:
    """The cue a topic follows: the first in the message, of the row's plain cues first."""
    for kind in ("always", "question", "brief", "statement"):
        of_kind = [match for match in found if match.kind == kind]
        if of_kind:
            return min(of_kind, key=lambda match: (match.start, -match.end))
    return None


def _reading(
    row: Question, message: _Message, cues: tuple[_CueMatch, ...], found: _Found
) -> _Reading | None:
    """How ``row`` reads ``message``, or None if it does not apply."""
    if row.mood == "question" and not (message.asked or message.brief):
        return None
    if not cues and not row.cue_optional:
        return None
    if not cues and message.stated and not message.asked:
        return None  # "the chair will present item 10b" says so; it does not ask
    blockers = _cues_of(row).blockers
    if blockers is not None and blockers.search(message.text):
        return None
    cue = _first_cue(row, cues)
    values: dict[str, object] = {}
    covered: set[int] = set()
    for match in cues:
        covered.update(i for i in range(match.start, match.end) if i not in match.gaps)
    unnamed = False
    for slot in row.slots:
        filled = _slot(slot, message, found, cue)
        if filled is None:
            if slot not in row.requires:
                continue
            if not (cues and _asks_about_an_item(row, slot, found)):
                return None
            unnamed = True
            continue
        covered |= filled[0]
        values[slot] = filled[1]
    if unnamed:
        return _unnamed_item(row, message, found, covered)
    if not cues and not covered:
        return None
    if row.whole and any(
        message.weights[i] >= 1.0 and i not in covered for i in range(message.first, message.last)
    ):
        return None
    intent = _intent(row, message, values)
    if row.whole and not cues and intent.choices:
        return None  # words alone that fit several items are a guess: suggestions list them
    score = round(sum(message.weights[i] for i in covered), 6)
    return _Reading(score, row, intent)


def _meaning(message: _Message, i: int) -> bool:
    """Whether ``message.words[i]`` bears meaning: neither glue nor a generic noun."""
    return message.weights[i] >= 1.0 and message.tokens[i].key.isalpha()


# Words that say which of the agenda, not what about ("who is presenting first").
_NOT_A_TOPIC = (
    _words("first second third last final next opening closing")
    | _NOT_A_NAME
    | _BOARD_GENERIC
    | _AFTER_NOT_ITEM
    | _TOPIC_LEAD
)


def _asks_about_an_item(row: Question, slot: str, found: _Found) -> bool:
    """Whether ``row`` asks about an aspect of an item ("who presented", "what page") that the
    message names by words no item of the agenda has (or by none close enough)."""
    return (
        row.command == "item"
        and row.detail not in ("", "decisions")  # the decisions row asks those
        and slot in ("item", "listed_item")
        and found.items is None
    )


def _unnamed_item(
    row: Question, message: _Message, found: _Found, covered: set[int]
) -> _Reading | None:
    """An item's aspect asked about something no item of the agenda is called ("who presented
    the better care fund in june" with no agenda on record): what was decided about it at
    the meeting named, or in the past; else a search for it. Never a person's job title."""
    taken = set(covered) | found.cued | message.board_words
    if message.when is not None:
        taken |= message.when.words
    if message.item_number is not None:
        taken |= message.item_number[1]
    if found.person is not None:
        taken |= found.person.words
    free = [
        i
        for i in range(message.first, message.last)
        if i not in taken
        and _meaning(message, i)
        and message.words[i] not in (_DATE, _BOARD)
        and message.words[i] not in _NOT_A_TOPIC
        # "do you know who presented ...", but "who led the send item".
        and not (message.words[i] in _LEADING_PADDING and i < min(covered, default=i))
    ]
    if not free:
        return None
    start, stop = free[0], free[-1] + 1
    # A board's word next to the topic's is the topic's ("public health").
    while start - 1 in message.board_words and start - 1 >= message.first:
        start -= 1
    while stop in message.board_words and stop < message.last:
        stop += 1
    span = _trimmed(message, start, stop)
    if span[0] >= span[1]:
        return None
    topic = _as_typed(message, span)
    when = message.when.args if message.when is not None else ""
    if when or message.past:
        intent = Intent("decisions", topic, when=when)
    else:
        intent = Intent("search", topic)
    score = round(sum(message.weights[i] for i in covered | set(range(*span))), 6)
    return _Reading(score, _unnamed_row(row), intent)


@lru_cache(maxsize=64)
def _unnamed_row(row: Question) -> Question:
    """``row`` asked about no item of the agenda: below every row that names what it asks."""
    return dataclasses.replace(row, name=f"{row.name} (no such item)", specificity=0)


# "past meetings", "previous meetings": those held.
_PAST_MEETINGS = _phrases(
    "past", "previous", "last", "earlier", "old", "older", "recent", "history", "ago", "held"
)


def _intent(row: Question, message: _Message, values: dict[str, object]) -> Intent:
    args = ""
    choices: tuple[str, ...] = ()
    when = message.when
    if row.args in ("item", "person"):
        key = next(slot for slot in row.slots if slot in values)
        labels = values[key]
        assert isinstance(labels, tuple)
        if len(labels) == 1:
            args = labels[0]
        else:
            choices = labels
    elif row.args == "meeting":
        args = when.args if when is not None and when.args else message.board or ""
    elif row.args == "board":
        args = message.board or ""
    elif row.args == "topic":
        args = str(values.get("topic", ""))
    elif row.args == "decision":
        args = str(values.get("decision_topic", ""))
    elif row.args == "history":
        args = "past" if _PAST_MEETINGS.search(message.text) else message.board or ""
    detail = row.detail.replace("{purpose}", str(values.get("purpose", "")))
    # An item or decisions of a meeting named by time: which meeting, as /agenda reads it.
    meeting = when.args if when is not None and row.command in _OF_A_MEETING else ""
    return Intent(row.command, args, detail, choices, meeting)


# The answers that may be about a meeting other than the next one (``Intent.when``).
_OF_A_MEETING = frozenset({"item", "decisions"})


def _ranked(
    message: _Message,
    table: Iterable[Question],
    agenda: tuple[AgendaEntry, ...],
    people: tuple[PersonEntry, ...],
) -> tuple[list[_Reading], _Found, dict[Question, tuple[_CueMatch, ...]]]:
    """Every row that reads ``message``, best first: the most covered, then the most specific.

    The row's name settles what is left, so the table's order never matters.
    """
    matches = {row: _cue_matches(row, message) for row in table}
    found = _found(message, matches, agenda, people)
    if found.released:
        # A cue word that names an item here is not that cue ("what is the send report").
        matches = {
            row: tuple(
                match
                for match in cues
                if found.released.isdisjoint(
                    i for i in range(match.start, match.end) if i not in match.gaps
                )
            )
            for row, cues in matches.items()
        }
    readings = [
        reading
        for row, cues in matches.items()
        if (reading := _reading(row, message, cues, found)) is not None
    ]
    readings.sort(key=lambda reading: (-reading.score, -reading.row.specificity, reading.row.name))
    return readings, found, matches


# The table the matcher reads: a module attribute so that a test may shuffle it.
_TABLE: tuple[Question, ...] = QUESTIONS


@lru_cache(maxsize=64)
def _context_words(
    agenda: tuple[AgendaEntry, ...], people: tuple[PersonEntry, ...]
) -> frozenset[str]:
    """The words of the agenda's titles and people's names: never "corrected" to a cue word."""
    return (
        frozenset(_agenda_names(agenda).vocabulary)
        | frozenset(_people_names(people).vocabulary)
        | frozenset(_people_titles(people).vocabulary)
    )


def _prepared(
    text: str,
    today: date,
    item_numbers: Sequence[str],
    board_names: Sequence[str],
    agenda: Sequence[AgendaEntry],
    people: Sequence[PersonEntry],
) -> tuple[_Message, tuple[AgendaEntry, ...], tuple[PersonEntry, ...]] | None:
    if len(text) > _MAX_CHARS:
        return None
    agenda_tuple = tuple(agenda)
    people_tuple = tuple(people)
    numbers = tuple(item_numbers) or tuple(entry.number for entry in agenda_tuple)
    as_typed = _context_words(agenda_tuple, people_tuple) - _VOCABULARY
    message = _read(text, today, board_names, numbers, as_typed)
    if message is None:
        return None
    return message, agenda_tuple, people_tuple


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

    ``today`` is the board's local date (dates become "YYYY-MM-DD", a month "YYYY-MM", a bare
    weekday its name), ``item_numbers`` the agenda numbers of the member's next meeting (so
    "10b", "item 8 a" and "number 6" are recognised and spelled as listed), ``board_names`` the
    member's boards, ``agenda`` that meeting's items (so an item is found by the words of its
    title) and ``people`` everyone on the member's boards (found by name or by role).
    Chatter ("ok", "lol") and anything not understood give None.
    """
    prepared = _prepared(text, today, item_numbers, board_names, agenda, people)
    if prepared is None:
        return None
    message, agenda_tuple, people_tuple = prepared
    readings, _, _ = _ranked(message, _TABLE, agenda_tuple, people_tuple)
    return readings[0].intent if readings else None


# ---------------------------------------------------------------------------------------------
# Suggestions
# ---------------------------------------------------------------------------------------------

# A message's word is like a row's word at this fuzz.ratio; a row is suggested when its words
# are like this much of the message (0-100).
_LIKE_WORD = 75
_LIKE_ROW = 40
_CUE_WORD = re.compile(r"[a-z]{4,}")


@lru_cache(maxsize=512)
def _row_words(row: Question) -> tuple[str, ...]:
    """The words a row is asked with: its examples' and its cues' (for suggestions)."""
    words: set[str] = set()
    for example in row.examples:
        for token in _tokenise(re.sub(r"\{\w+\}", " ", example)):
            if token.key not in _FUNCTION_WORDS and len(token.key) > 2:
                words.add(token.key)
    for cue in (*row.cues, *row.question_cues, *row.brief_cues, *row.statement_cues):
        words.update(word for word in _CUE_WORD.findall(cue) if word not in _FUNCTION_WORDS)
    words.discard("gap")
    return tuple(sorted(words))


def _likeness(row: Question, content: Sequence[str]) -> float:
    """How much of ``content`` (a message's meaning-bearing words) is like the row's words."""
    vocabulary = _row_words(row)
    if not vocabulary or not content:
        return 0.0
    total = 0.0
    for word in content:
        best = process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=_LIKE_WORD)
        if best is not None:
            total += best[1]
    return total / len(content)


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
    """The closest things Quorum can answer to ``text`` it did not understand, best first.

    What the message names comes first (an item by its words: its card and its presenter; a
    person; the agenda of a day named), then the questions whose words are most like the
    message's. Empty for chatter, emoji and nonsense.
    """
    prepared = _prepared(text, today, item_numbers, board_names, agenda, people)
    if prepared is None or limit <= 0:
        return ()
    message, agenda_tuple, people_tuple = prepared
    _, found, matches = _ranked(message, _TABLE, agenda_tuple, people_tuple)
    suggestions: list[Intent] = []

    def add(intent: Intent) -> None:
        if intent not in suggestions:
            suggestions.append(intent)

    number = message.item_number[0] if message.item_number else None
    if number is None and found.items is not None and len(found.items.labels) == 1:
        number = found.items.labels[0]
    if number is not None:
        add(Intent("item", number))
        add(Intent("item", number, "presenter"))
    elif found.items is not None:
        add(Intent("item", choices=found.items.labels))
    if found.person is not None:
        labels = found.person.labels
        add(Intent("person", labels[0]) if len(labels) == 1 else Intent("person", choices=labels))
    when = message.when
    if when is not None and when.args:
        add(Intent("agenda", when.args))
    content = [
        word
        for word in message.words[message.first : message.last]
        if word.isalpha() and len(word) > 2 and word not in _FUNCTION_WORDS
    ]
    liked: list[tuple[float, Question, Intent]] = []
    for row in matches:
        if row.command == "smalltalk":
            continue
        likeness = _likeness(row, content)
        if likeness < _LIKE_ROW:
            continue
        reading = _reading(
            row if row.cue_optional else _without_cues(row), message, matches[row], found
        )
        if reading is None:
            continue
        intent = reading.intent
        if row.args == "topic" and not intent.args:
            topic = " ".join(
                message.tokens[i].text
                for i in range(message.first, message.last)
                if message.words[i] in content
            )
            intent = Intent(intent.command, topic, intent.detail, intent.choices)
        liked.append((likeness, row, intent))
    liked.sort(key=lambda entry: (-entry[0], -entry[1].specificity, entry[1].name))
    for _, _, intent in liked:
        add(intent)
    return tuple(suggestions[:limit])


@lru_cache(maxsize=512)
def _without_cues(row: Question) -> Question:
    """``row`` asked by its slots alone: a suggestion needs no cue, only what it must know."""
    return Question(
        name=row.name,
        command=row.command,
        slots=row.slots,
        requires=row.requires,
        args=row.args,
        detail=row.detail,
        specificity=row.specificity,
        cue_optional=True,
        examples=row.examples,
    )


def meeting_words_in(text: str, *, today: date) -> str:
    """The meeting ``text`` names by time, in the canonical words /agenda reads ("2023-06",
    "2023-06-27", "tuesday", "previous", "after next"); "" when it names none (the next one).

    Cheap, and needs no agenda or people: read it first to know which meeting's agenda a
    question is about ("who presented the better care fund in june"), then :func:`understand`
    the question with that agenda.
    """
    if len(text) > _MAX_CHARS:
        return ""
    message = _read(text, today, (), (), frozenset())
    if message is None or message.when is None:
        return ""
    return message.when.args
