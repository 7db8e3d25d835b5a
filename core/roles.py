"""The roles a person holds on a board: the one definition, shared by packs (roles printed in a
pack), storage (the membership column holds their values) and every adapter."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Role"]


class Role(StrEnum):
    """A person's role on a board. Values are stored as they are, so never rename one."""

    CHAIR = "chair"
    VICE_CHAIR = "vice-chair"
    MEMBER = "member"
    OFFICER = "officer"
    CLERK = "clerk"
    FOR_INFORMATION = "for-information"
