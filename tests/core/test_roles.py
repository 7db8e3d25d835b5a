"""One set of board roles: the pack reader's typed names are exactly core's Role values."""

from __future__ import annotations

from typing import get_args

from core.roles import Role
from packs.model import Role as PackRole


def test_pack_reader_names_exactly_the_roles_storage_keeps() -> None:
    assert set(get_args(PackRole)) == {role.value for role in Role}
