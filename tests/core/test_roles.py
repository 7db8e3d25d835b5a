"""One set of board roles, shared by the pack reader, storage and the adapters."""

from __future__ import annotations

from core.roles import Role


def test_role_values_are_the_names_storage_and_pack_json_keep() -> None:
    # Membership rows and SCHEMA.md's pack JSON hold these strings: renaming one orphans data.
    assert [role.value for role in Role] == [
        "chair", "vice-chair", "member", "officer", "clerk", "for-information"
    ]  # fmt: skip


def test_a_role_reads_and_compares_as_its_stored_name() -> None:
    # A StrEnum, so rows read back as plain strings still match and wording prints the name.
    stored: str = "clerk"  # as a membership row gives it back
    assert stored == Role.CLERK and {stored} == {Role.CLERK}
    assert Role("vice-chair") is Role.VICE_CHAIR
    assert f"{Role.OFFICER}" == str(Role.OFFICER) == "officer"
