"""A member's situation: what small talk and a question not understood suggest they ask."""

from __future__ import annotations

from services.situation import presents, situation
from services.views import Viewer
from storage.engine import Database
from tests.auxil.world import NOW, World


async def test_a_chair_sees_her_next_meeting_its_papers_her_open_actions_and_decisions(
    database: Database, world: World
) -> None:
    found = await situation(database, viewer=world.diane, now=NOW, include_exempt=True)
    assert found.next_meeting is not None and found.next_meeting.id == world.october_id
    assert found.has_papers
    assert found.presenting == ()
    assert found.open_actions == 3  # the completed one is not counted
    assert found.has_decisions


async def test_a_presenter_sees_the_items_she_presents_on_her_own_board_only(
    database: Database, world: World
) -> None:
    found = await situation(database, viewer=world.nora, now=NOW, include_exempt=False)
    assert found.next_meeting is not None and found.next_meeting.id == world.north_id
    assert found.presenting == ("2",)
    assert found.open_actions == 1
    assert not found.reminder_due  # linked without a clock: nothing planned ahead of NOW


async def test_someone_on_no_board_has_nothing_to_be_offered(database: Database) -> None:
    nobody = Viewer(person_id=999, full_name="Nobody Atall", boards=())
    found = await situation(database, viewer=nobody, now=NOW, include_exempt=True)
    assert (found.next_meeting, found.open_actions, found.presenting) == (None, 0, ())


def test_a_presenter_is_named_with_or_without_a_title() -> None:
    assert presents("Cllr Diane Ellison", "Diane Ellison")
    assert presents("DIANE ELLISON", "Diane Ellison")
    assert not presents("Diane Ellisonby", "Diane Ellison")
    assert not presents(None, "Diane Ellison")
