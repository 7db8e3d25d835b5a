"""The one exception the pack reader raises."""


class PackError(Exception):
    """A pack that cannot be read. The message is written for a clerk."""
