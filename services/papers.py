"""A meeting's papers, as a member (or a board's group) may see them: the documents a sync
source brought from the council's site (a report, an appendix, the minutes), or, for an item
imported from a pack, its pages in the pack and its report number.

Restricted papers and exempt items are shown only where exempt items may be seen
(:func:`services.access.may_see_exempt`: the board's members, in a private chat); how many
were left out is reported, never which. Papers the site no longer lists (withdrawn) are
not shown at all. A meeting on another board is refused
(:class:`~services.access.AccessDenied`), as its agenda is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services import meetings
from services.access import may_see_exempt, require_board
from services.views import AgendaItemView, ItemView, MeetingView, Viewer
from storage.engine import Database
from storage.models import AgendaItem, Document, Meeting


@dataclass(frozen=True, slots=True)
class Paper:
    """One published document: its title and where to read it."""

    title: str
    url: str
    published_on: date | None
    restricted: bool


@dataclass(frozen=True, slots=True)
class ItemDocuments:
    """The documents of one item this audience may see, and how many restricted ones were
    left out."""

    papers: tuple[Paper, ...] = ()
    withheld: int = 0


@dataclass(frozen=True, slots=True)
class ItemPapers:
    """One item (its card: the meeting, the item, its decisions) with its documents. An item
    imported from a pack has no documents: its ``view.item.pages`` and ``report_number`` say
    where its papers are in the pack."""

    view: ItemView
    papers: tuple[Paper, ...] = ()
    withheld: int = 0

    @property
    def has_papers(self) -> bool:
        item = self.view.item
        return bool(self.papers or item.pages or item.report_number)


@dataclass(frozen=True, slots=True)
class ItemWithPapers:
    """An item of a meeting's list of papers."""

    item: AgendaItemView
    papers: tuple[Paper, ...] = ()


@dataclass(frozen=True, slots=True)
class MeetingPapers:
    """Every item of a meeting that has papers (documents, or pages or a report in the pack),
    in agenda order, and the documents of the meeting as a whole (``general``)."""

    meeting: MeetingView
    items: tuple[ItemWithPapers, ...]
    general: tuple[Paper, ...]
    withheld_exempt: int = 0  # exempt items left out (with their papers)
    withheld_restricted: int = 0  # restricted documents of the items shown, or the meeting's

    @property
    def empty(self) -> bool:
        return not self.items and not self.general


def _paper(document: Document) -> Paper:
    return Paper(
        title=document.title,
        url=document.url,
        published_on=document.published_on,
        restricted=document.restricted,
    )


def _visible(documents: list[Document], *, restricted: bool) -> ItemDocuments:
    shown = tuple(_paper(doc) for doc in documents if restricted or not doc.restricted)
    return ItemDocuments(papers=shown, withheld=len(documents) - len(shown))


async def _item_documents(
    session: AsyncSession, meeting_id: int, number: str
) -> tuple[bool, list[Document]]:
    """(whether item ``number`` is exempt, its documents in the source's order), one query."""
    rows = (
        await session.exec(
            select(Document, AgendaItem.exempt)
            .join(AgendaItem, col(AgendaItem.id) == col(Document.item_id))
            .where(
                col(Document.meeting_id) == meeting_id,
                col(Document.withdrawn_at_utc).is_(None),
                col(AgendaItem.meeting_id) == meeting_id,
                meetings.number_is(col(AgendaItem.number), number),
            )
            .order_by(col(Document.id))
        )
    ).all()
    exempt = any(bool(flag) for _, flag in rows)
    return exempt, [document for document, _ in rows]


async def item_documents(
    db: Database, *, viewer: Viewer, meeting_id: int, number: str, private_chat: bool
) -> ItemDocuments:
    """The documents of item ``number`` of meeting ``meeting_id`` (what an item card lists).

    AccessDenied when the meeting is on another board; nothing for an exempt item, and no
    restricted document, unless exempt items may be seen (a member, in a private chat)."""
    async with db.read() as session:
        board_id = (
            await session.exec(select(Meeting.board_id).where(col(Meeting.id) == meeting_id))
        ).first()
        if board_id is None:
            return ItemDocuments()
        require_board(viewer, board_id)
        confidential = may_see_exempt(viewer, board_id, private_chat=private_chat)
        exempt, documents = await _item_documents(session, meeting_id, number)
    if exempt and not confidential:
        return ItemDocuments()
    return _visible(documents, restricted=confidential)


async def item_papers(
    db: Database,
    *,
    viewer: Viewer,
    number: str,
    meeting_id: int | None = None,
    private_chat: bool,
    now: datetime,
) -> ItemPapers | None:
    """Item ``number`` with its papers: of meeting ``meeting_id`` when given, else of the next
    meeting, else of the latest held that had that number (as /item finds it).

    None when there is no such item for this audience (an exempt item outside a private chat,
    or an item of a board the viewer is not on); AccessDenied for a meeting of another board.
    """
    view = await meetings.item(
        db,
        viewer=viewer,
        now=now,
        number=number,
        meeting_id=meeting_id,
        include_exempt=private_chat,
    )
    if view is None:
        return None
    documents = await item_documents(
        db,
        viewer=viewer,
        meeting_id=view.meeting.id,
        number=view.item.number,
        private_chat=private_chat,
    )
    return ItemPapers(view=view, papers=documents.papers, withheld=documents.withheld)


async def meeting_papers(
    db: Database, *, viewer: Viewer, meeting_id: int, private_chat: bool
) -> MeetingPapers | None:
    """Every item of the meeting with papers, and the meeting's own documents; None when
    there is no such meeting. AccessDenied when it is on another board. Three queries
    whatever the size of the agenda (the meeting, its items, its documents)."""
    agenda = await meetings.agenda(
        db, viewer=viewer, meeting_id=meeting_id, include_exempt=private_chat
    )
    if agenda is None:
        return None
    confidential = may_see_exempt(viewer, agenda.meeting.board_id, private_chat=private_chat)
    async with db.read() as session:
        rows = (
            await session.exec(
                select(Document, AgendaItem.number)
                .outerjoin(AgendaItem, col(AgendaItem.id) == col(Document.item_id))
                .where(
                    col(Document.meeting_id) == meeting_id,
                    col(Document.withdrawn_at_utc).is_(None),
                )
                .order_by(col(Document.id))
            )
        ).all()
    shown_numbers = {meetings.normalise_number(item.number) for item in agenda.items}
    by_item: dict[str, list[Document]] = {}
    general: list[Document] = []
    for document, number in rows:
        if number is None:
            general.append(document)
        elif meetings.normalise_number(number) in shown_numbers:
            by_item.setdefault(meetings.normalise_number(number), []).append(document)
        # Else the document of an exempt item left out: neither listed nor counted.
    withheld = 0
    items: list[ItemWithPapers] = []
    for item in agenda.items:
        documents = _visible(
            by_item.get(meetings.normalise_number(item.number), []), restricted=confidential
        )
        withheld += documents.withheld
        if documents.papers or item.pages or item.report_number:
            items.append(ItemWithPapers(item=item, papers=documents.papers))
    whole = _visible(general, restricted=confidential)
    return MeetingPapers(
        meeting=agenda.meeting,
        items=tuple(items),
        general=whole.papers,
        withheld_exempt=agenda.withheld_exempt,
        withheld_restricted=withheld + whole.withheld,
    )
