"""The error answer of the fake Bot API, shaped like Telegram's."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A failed API call: becomes ``{"ok": false, "error_code": ..., "description": ...}``.

    Raised by method handlers inside the fake server; never escapes to the caller of
    :class:`fakegram.FakeBotApi`.
    """

    def __init__(
        self, error_code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def to_json(self) -> dict[str, Any]:
        """Return the body Telegram sends for this error."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = dict(self.parameters)
        return body


def bad_request(reason: str) -> ApiError:
    """Return a 400 error whose description starts with ``Bad Request:`` like Telegram's."""
    return ApiError(400, f"Bad Request: {reason}")


NOT_FOUND = "Not Found"
