"""Decisions carry the date of the meeting that made them, and their item numbers stay that
meeting's: a real seed pack imported into a real SQLite file."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot import templates
from calendars.zones import to_local
from packs.reader import read_file
from services.decisions import decisions
from services.imports import import_pack
from services.meetings import item
from services.people import link_telegram
from services.views import DecisionView
from storage.engine import Database
from tests.auxil.packs import LONDON, make_pack

SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"
NOW = datetime(2023, 10, 1, 9, tzinfo=UTC)
JUNE = date(2023, 6, 27)


async def test_decisions_of_a_seed_pack_carry_their_minuted_meetings_date(
    database: Database,
) -> None:
    pack = read_file(SEEDS / "rutland-hwb-2023-10-10.txt")
    assert pack.previous_meeting is not None and pack.previous_meeting.date == JUNE
    assert pack.body is not None
    # The June meeting is on record (its own pack came first), then October's pack, whose
    # minutes are June's.
    june = await import_pack(
        database,
        pack=make_pack(body=pack.body, start=datetime(2023, 6, 27, 14, tzinfo=LONDON)),
        board_name=None,
        timezone="Europe/London",
        now=datetime(2023, 6, 1, tzinfo=UTC),
    )
    october = await import_pack(
        database, pack=pack, board_name=None, timezone="Europe/London", now=NOW
    )
    viewer = await link_telegram(
        database,
        board_name=october.board_name,
        person_name="Diane Ellison",
        telegram_user_id=5001,
        role=None,
    )

    found = await decisions(database, viewer=viewer, limit=50)
    assert len(found) == len(pack.resolutions) > 0
    assert {d.meeting_id for d in found} == {june.meeting_id}
    for decision in found:
        assert decision.meeting_starts_at_utc is not None
        assert to_local(decision.meeting_starts_at_utc, decision.zone).date() == JUNE
        entry = templates.decision_entry(decision)
        assert entry.endswith(f"item {decision.item} of the meeting on Tuesday 27 June 2023</i>")
    # Found by words, the same.
    [vice_chair] = await decisions(database, viewer=viewer, words="vice chair", limit=50)
    assert vice_chair.item == "8" and vice_chair.meeting_id == june.meeting_id

    # October's agenda has an item 12 too: it shows none of June's item 12 decisions.
    october_12 = await item(
        database,
        viewer=viewer,
        now=NOW,
        number="12",
        meeting_id=october.meeting_id,
        include_exempt=False,
    )
    assert october_12 is not None and october_12.decisions == ()
    assert any(d.item == "12" for d in found)


def test_a_decision_whose_meeting_is_not_on_record_says_so_without_a_date() -> None:
    def view(item: str | None) -> DecisionView:
        return DecisionView(
            id=1,
            board_id=1,
            board_name="Rutland Health and Wellbeing Board",
            meeting_id=None,
            meeting_starts_at_utc=None,
            zone=ZoneInfo("Europe/London"),
            item=item,
            outcomes=("NOTED",),
            text="That the Board noted the report.",
        )

    assert templates.decision_entry(view("5")).endswith(
        "<i>Rutland Health and Wellbeing Board, item 5 of minutes whose meeting is not on "
        "record</i>"
    )
    assert templates.decision_entry(view(None)).endswith(
        "<i>Rutland Health and Wellbeing Board, meeting not on record</i>"
    )
