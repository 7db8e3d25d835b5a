"""Views of a whole agenda that answer a question about it: its length in time, the items for
a purpose, the items with papers to read. Pure functions over :class:`AgendaView` (already
filtered for what the asker may see), so an answer can never name an item it was not given."""

from __future__ import annotations

from dataclasses import dataclass

from language.questions import PURPOSE_NOUNS
from services.views import AgendaItemView, AgendaView

# Endings dropped before comparing a purpose's words: "approval" and "approve", "noting" and
# "note", "information" and "inform" come to the same stem.
_ENDINGS = ("ation", "ition", "ance", "ence", "ment", "ing", "ion", "al", "ed", "es", "e", "s")
# Words of a purpose that say nothing about which it is ("for decision", "to note").
_PURPOSE_FILLERS = frozenset({"for", "to", "and", "or", "the", "a", "an", "by", "of", "board"})
_SHORTEST_STEM = 3
# How a purpose is named in an answer ("approve", "approved" -> "approval"): the nouns the
# question matcher knows.
_PURPOSE_NOUNS = PURPOSE_NOUNS


@dataclass(frozen=True, slots=True)
class TimeAllowed:
    """The minutes the agenda allows, over the items that give a time."""

    minutes: int
    items_timed: int
    items: int

    @property
    def every_item_timed(self) -> bool:
        return self.items_timed == self.items


@dataclass(frozen=True, slots=True)
class Papers:
    """The items with papers (pages or a report number), and how many pages in all."""

    items: tuple[AgendaItemView, ...]
    pages: int


def page_count(item: AgendaItemView) -> int:
    """How many pages of the pack the item's papers take (0 when it gives none)."""
    if item.pages is None:
        return 0
    first, last = item.pages
    return max(last - first + 1, 0)


def time_allowed(view: AgendaView) -> TimeAllowed:
    timed = [item.duration_minutes for item in view.items if item.duration_minutes]
    return TimeAllowed(minutes=sum(timed), items_timed=len(timed), items=len(view.items))


def papers(view: AgendaView) -> Papers:
    """The items with papers to read before the meeting, in agenda order."""
    with_papers = tuple(item for item in view.items if item.pages or item.report_number)
    return Papers(items=with_papers, pages=sum(page_count(item) for item in with_papers))


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _SHORTEST_STEM:
            return word[: -len(ending)]
    return word


def _purpose_words(text: str) -> list[str]:
    cleaned = "".join(letter if letter.isalpha() else " " for letter in text.casefold())
    return [word for word in cleaned.split() if word not in _PURPOSE_FILLERS]


def _same_word(asked: str, written: str) -> bool:
    """Loosely the same word: "decision" and "decide", "approval" and "approve"."""
    asked_stem, written_stem = _stem(asked), _stem(written)
    shared = 0
    for a, b in zip(asked, written, strict=False):
        if a != b:
            break
        shared += 1
    return shared >= max(_SHORTEST_STEM, min(len(asked_stem), len(written_stem)) - 1)


def purpose_matches(purpose: str | None, asked: str) -> bool:
    """Whether an item's ``purpose`` ("for approval", "to note", "information and discussion")
    is the one ``asked`` ("approval", "noting", "decision")."""
    if not purpose:
        return False
    asked_words = _purpose_words(asked)
    written = _purpose_words(purpose)
    return bool(asked_words) and all(
        any(_same_word(word, other) for other in written) for word in asked_words
    )


def items_for(view: AgendaView, purpose: str) -> tuple[AgendaItemView, ...]:
    """The items whose purpose is ``purpose``, in agenda order."""
    return tuple(item for item in view.items if purpose_matches(item.purpose, purpose))


def purposes(view: AgendaView) -> tuple[str, ...]:
    """The purposes the agenda gives its items, each once, in agenda order (as written)."""
    seen: dict[str, str] = {}
    for item in view.items:
        if item.purpose:
            key = " ".join(_purpose_words(item.purpose)) or item.purpose.casefold()
            seen.setdefault(key, plain_purpose(item.purpose))
    return tuple(seen.values())


def plain_purpose(purpose: str) -> str:
    """A purpose without its leading "for" ("for approval" -> "approval")."""
    words = purpose.strip().split()
    if len(words) > 1 and words[0].casefold() == "for":
        words = words[1:]
    return " ".join(words)


def purpose_named(asked: str) -> str:
    """The noun for a purpose asked by any of its forms ("approve" -> "approval", "noted" ->
    "noting"); a purpose of its own is kept as asked."""
    words = _purpose_words(asked)
    if len(words) == 1:
        for noun in _PURPOSE_NOUNS:
            if _same_word(words[0], noun):
                return noun
    return plain_purpose(asked)
