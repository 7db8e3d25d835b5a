"""Domain exceptions. Their messages are written for the person who has to act on them."""


class QuorumError(Exception):
    """Base class: something a clerk or member can understand and fix."""


class SettingsError(QuorumError):
    """A missing or malformed setting; the message names the environment variable."""


class NotFoundError(QuorumError):
    """A board, person or meeting that does not exist."""


class ImportFailed(QuorumError):
    """A pack that could not be stored; the database is left as it was."""
