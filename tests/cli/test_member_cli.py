"""``quorum member add|remove|role|link`` and ``quorum clerk invite|remove``, run as a real
process: members added with their invite link, retired, re-roled; clerks invited and removed;
an unknown name answered with the close names, nobody created."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func
from sqlmodel import col, select

from packs import sample_path
from services.invites import redeem_invite
from services.views import Viewer
from storage.engine import Database
from storage.models import FormerMembership, Person
from tests.auxil.processes import quorum, quorum_env

BOARD = "Rutland HWB"
LINK = re.compile(r"https://t\.me/RutlandBoardBot\?start=(?P<token>[A-Za-z0-9_-]{32})")


def _imported(tmp_path: Path) -> dict[str, str]:
    env = quorum_env(QUORUM_DATABASE_URL=f"sqlite:///{tmp_path / 'q.db'}")
    imported = quorum("import", str(sample_path()), "--board", BOARD, env=env, cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    return env


def _query(tmp_path: Path, statement: object) -> list[object]:
    async def run() -> list[object]:
        db = Database(f"sqlite+aiosqlite:///{tmp_path / 'q.db'}")
        try:
            async with db.read() as session:
                return list((await session.exec(statement)).all())  # type: ignore[call-overload]
        finally:
            await db.dispose()

    return asyncio.run(run())


def _people(tmp_path: Path) -> int:
    [count] = _query(tmp_path, select(func.count()).select_from(Person))
    assert isinstance(count, int)
    return count


def _redeem(tmp_path: Path, token: str, user_id: int, name: str | None = None) -> Viewer | None:
    async def run() -> Viewer | None:
        db = Database(f"sqlite+aiosqlite:///{tmp_path / 'q.db'}")
        try:
            return await redeem_invite(
                db, token=token, telegram_user_id=user_id, now=datetime.now(UTC), name=name
            )
        finally:
            await db.dispose()

    return asyncio.run(run())


def test_member_link_with_an_unknown_name_prints_the_close_names_and_creates_no_one(
    tmp_path: Path,
) -> None:
    env = _imported(tmp_path)
    people = _people(tmp_path)
    result = quorum(
        "member",
        "link",
        "--board",
        BOARD,
        "--person",
        "Diane Elison",
        "--telegram-id",
        "42",
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"quorum: No one called 'Diane Elison' is a member of {BOARD}. Did you mean: Diane Ellison?"
    )
    assert "Traceback" not in result.stderr
    assert _people(tmp_path) == people


def test_member_add_prints_the_invite_and_a_close_name_needs_new(tmp_path: Path) -> None:
    env = {**_imported(tmp_path), "QUORUM_BOT_USERNAME": "RutlandBoardBot"}
    people = _people(tmp_path)
    close = quorum(
        "member", "add", "--board", BOARD, "--name", "Diane Elison", env=env, cwd=tmp_path
    )
    assert close.returncode == 1
    assert "'Diane Elison' is close to Diane Ellison" in close.stderr
    assert "--new" in close.stderr
    assert _people(tmp_path) == people

    added = quorum(
        "member",
        "add",
        "--board",
        BOARD,
        "--name",
        "Priya Patel",
        "--role",
        "officer",
        "--title",
        "Head of Housing",
        env=env,
        cwd=tmp_path,
    )
    assert added.returncode == 0, added.stderr
    first, second = added.stdout.splitlines()
    assert first == f"Priya Patel is now officer of {BOARD} (Head of Housing)."
    match = LINK.search(second)
    assert second.startswith("Priya Patel: ") and match is not None
    assert _people(tmp_path) == people + 1
    viewer = _redeem(tmp_path, match["token"], 4242)
    assert viewer is not None and viewer.full_name == "Priya Patel"

    bad_role = quorum(
        "member", "add", "--board", BOARD, "--name", "Pat Lee", "--role", "boss", env=env
    )
    assert bad_role.returncode == 1 and "'boss' is not a role" in bad_role.stderr


def test_member_remove_and_role(tmp_path: Path) -> None:
    env = _imported(tmp_path)
    removed = quorum(
        "member", "remove", "--board", BOARD, "--name", "Diane Ellison", env=env, cwd=tmp_path
    )
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout.startswith(f"Diane Ellison (chair) has left {BOARD}")
    former = _query(
        tmp_path,
        select(FormerMembership.role)
        .join(Person, col(Person.id) == col(FormerMembership.person_id))
        .where(Person.full_name == "Diane Ellison"),
    )
    assert former == ["chair"]
    again = quorum(
        "member", "remove", "--board", BOARD, "--name", "Diane Ellison", env=env, cwd=tmp_path
    )
    assert again.returncode == 1
    assert again.stderr.strip() == f"quorum: Diane Ellison has already left {BOARD}."
    unknown = quorum(
        "member", "remove", "--board", BOARD, "--name", "Mike Sandy", env=env, cwd=tmp_path
    )
    assert unknown.returncode == 1 and "Did you mean: Mike Sandys?" in unknown.stderr

    role = quorum(
        "member",
        "role",
        "--board",
        BOARD,
        "--name",
        "Mike Sandys",
        "--role",
        "chair",
        env=env,
        cwd=tmp_path,
    )
    assert role.returncode == 0, role.stderr
    assert role.stdout.strip().startswith(f"Mike Sandys is now chair of {BOARD} (was ")


def test_clerk_invite_and_remove(tmp_path: Path) -> None:
    env = {**_imported(tmp_path), "QUORUM_BOT_USERNAME": "RutlandBoardBot"}
    issued = quorum("clerk", "invite", "--board", BOARD, env=env, cwd=tmp_path)
    assert issued.returncode == 0, issued.stderr
    assert issued.stdout.startswith(f"Clerk of {BOARD}: https://t.me/RutlandBoardBot?start=")
    match = LINK.search(issued.stdout)
    assert match is not None
    clerk = _redeem(tmp_path, match["token"], 777, name="Sam Okafor")
    assert clerk is not None and clerk.full_name == "Sam Okafor" and clerk.is_clerk
    assert _redeem(tmp_path, match["token"], 778, name="Eve") is None

    last = quorum("clerk", "remove", "--board", BOARD, "--name", "Sam Okafor", env=env)
    assert last.returncode == 1
    assert last.stderr.startswith(f"quorum: Sam Okafor is the only clerk of {BOARD}")
    second = quorum("clerk", "invite", "--board", BOARD, env=env, cwd=tmp_path)
    token = LINK.search(second.stdout)
    assert token is not None
    assert _redeem(tmp_path, token["token"], 779, name="Tess Clerk") is not None
    removed = quorum("clerk", "remove", "--board", BOARD, "--name", "Sam Okafor", env=env)
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout.strip() == f"Sam Okafor is no longer a clerk of {BOARD}."
