"""Reading council agenda packs (PDF, HTML or plain text, through :mod:`packs.formats`) into
:class:`Pack` objects.

The public entry points are :func:`read_text`, :func:`read_file`, :func:`read_file_async`
and :func:`sample_path`; everything they return is plain data from :mod:`packs.model`,
and the only exception they raise is :class:`PackError`.
"""

from .errors import PackError
from .model import (
    ActionRecord,
    AgendaItem,
    MeetingInfo,
    Member,
    NextMeeting,
    Pack,
    PreviousMeeting,
    Resolution,
)
from .reader import (
    LONDON,
    NO_BOARD,
    NO_MEETING_DATE,
    NO_MINUTES_DATE,
    read_file,
    read_file_async,
    read_text,
    sample_path,
)

__all__ = [
    "LONDON",
    "NO_BOARD",
    "NO_MEETING_DATE",
    "NO_MINUTES_DATE",
    "ActionRecord",
    "AgendaItem",
    "MeetingInfo",
    "Member",
    "NextMeeting",
    "Pack",
    "PackError",
    "PreviousMeeting",
    "Resolution",
    "read_file",
    "read_file_async",
    "read_text",
    "sample_path",
]
