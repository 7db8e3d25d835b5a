"""Which board a clerk means: services.boards.clerk_board, the one place that decides it."""

from __future__ import annotations

import pytest

from core.roles import Role
from services.access import AccessDenied
from services.boards import BoardNeeded, NoBoardFits, SeveralBoardsFit, clerk_board
from services.views import BoardRole, Viewer

NORTH, SOUTH, WEST, PARISH = 1, 2, 3, 4
NORTH_NAME = "Northshire Health and Wellbeing Board"
SOUTH_NAME = "Southshire Health and Wellbeing Board"
WEST_NAME = "Westshire Planning Committee"


def _viewer(*boards: tuple[int, str, str]) -> Viewer:
    return Viewer(
        person_id=7,
        full_name="Clara Clerk",
        boards=tuple(BoardRole(board_id, name, role) for board_id, name, role in boards),
    )


# A clerk of three boards, and a member (not the clerk) of a fourth.
CLERK_OF_THREE = _viewer(
    (WEST, WEST_NAME, Role.CLERK),
    (NORTH, NORTH_NAME, Role.CLERK),
    (SOUTH, SOUTH_NAME, Role.CLERK),
    (PARISH, "Parish Council", "member"),
)
CLERK_OF_ONE = _viewer((NORTH, NORTH_NAME, Role.CLERK), (PARISH, "Parish Council", "member"))
MEMBER = _viewer((PARISH, "Parish Council", "member"))


def test_a_board_id_is_checked_and_taken() -> None:
    assert clerk_board(CLERK_OF_THREE, SOUTH) == SOUTH
    with pytest.raises(AccessDenied):
        clerk_board(CLERK_OF_THREE, PARISH)
    with pytest.raises(AccessDenied):
        clerk_board(MEMBER)


def test_the_clerks_words_name_one_of_their_boards() -> None:
    assert clerk_board(CLERK_OF_THREE, words="  westshire ") == WEST
    assert clerk_board(CLERK_OF_THREE, words="NHWB") == NORTH
    with pytest.raises(NoBoardFits) as none:
        clerk_board(CLERK_OF_THREE, words="parish council")  # theirs, but not as its clerk
    assert none.value.choices == {NORTH: NORTH_NAME, SOUTH: SOUTH_NAME, WEST: WEST_NAME}
    assert str(none.value) == (
        f"None of the boards you clerk matches “parish council” "
        f"({NORTH_NAME}, {SOUTH_NAME}, {WEST_NAME})."
    )
    with pytest.raises(SeveralBoardsFit) as several:
        clerk_board(CLERK_OF_THREE, words="health and wellbeing")
    assert several.value.choices == {NORTH: NORTH_NAME, SOUTH: SOUTH_NAME}
    assert str(several.value) == (
        f"“health and wellbeing” fits more than one of your boards ({NORTH_NAME}, {SOUTH_NAME})."
        " Please write more."
    )


def test_the_only_board_needs_no_words() -> None:
    assert clerk_board(CLERK_OF_ONE) == NORTH
    assert clerk_board(CLERK_OF_ONE, command="publish") == NORTH


def test_a_clerk_of_several_is_asked_unless_one_likely_board_settles_it() -> None:
    assert clerk_board(CLERK_OF_THREE, likely=[SOUTH, PARISH]) == SOUTH
    with pytest.raises(BoardNeeded) as asked:
        clerk_board(CLERK_OF_THREE, likely=[SOUTH, NORTH], command="publish")
    assert asked.value.choices == {NORTH: NORTH_NAME, SOUTH: SOUTH_NAME, WEST: WEST_NAME}
    assert str(asked.value) == (
        f"You are the clerk of 3 boards ({NORTH_NAME}, {SOUTH_NAME}, {WEST_NAME}). "
        f"Say which one, for example: /publish {NORTH_NAME}"
    )
    with pytest.raises(BoardNeeded, match=f"^Which board is this for\\? You clerk {NORTH_NAME}, "):
        clerk_board(CLERK_OF_THREE)
