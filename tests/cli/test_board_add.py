"""``quorum board add``: a board with no pack yet, ready for its first clerk."""

from __future__ import annotations

from pathlib import Path

from tests.auxil.processes import quorum, quorum_env


def test_board_add_then_a_clerk_for_it(tmp_path: Path) -> None:
    env = quorum_env(QUORUM_DATABASE_URL=f"sqlite:///{tmp_path / 'q.db'}")
    added = quorum(
        "board", "add", "Ashby Parish Council", "--timezone", "Europe/London", env=env, cwd=tmp_path
    )
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "Added board Ashby Parish Council (Europe/London)."
    again = quorum("board", "add", "ashby parish council", env=env, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "already a board" in again.stdout
    clerk = quorum(
        "clerk",
        "add",
        "--board",
        "Ashby Parish Council",
        "--telegram-id",
        "4242",
        "--name",
        "Pat Clerk",
        env=env,
        cwd=tmp_path,
    )
    assert clerk.returncode == 0, clerk.stderr


def test_board_add_refuses_an_unknown_zone_and_an_empty_name(tmp_path: Path) -> None:
    env = quorum_env(QUORUM_DATABASE_URL=f"sqlite:///{tmp_path / 'q.db'}")
    bad_zone = quorum("board", "add", "Ashby", "--timezone", "Mars/Olympus", env=env, cwd=tmp_path)
    assert bad_zone.returncode == 2
    assert "not a known time zone" in bad_zone.stderr
    empty = quorum("board", "add", "   ", env=env, cwd=tmp_path)
    assert empty.returncode == 1
    assert "A board needs a name." in empty.stderr
