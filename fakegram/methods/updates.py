"""Getting updates: getUpdates (long polling) and the webhook methods that exclude it."""

from __future__ import annotations

import asyncio
import copy
from typing import Any

from fakegram.errors import ApiError, bad_request
from fakegram.params import get_bool, get_int, get_str
from fakegram.state import DEFAULT_ALLOWED_UPDATES, FakeState, Files, Params

_POLL_CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
    "is running"
)
_WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
    "the webhook first"
)


async def get_updates(state: FakeState, params: Params) -> list[dict[str, Any]]:
    """Confirm updates below ``offset``, then return the queued ones, waiting up to ``timeout``
    seconds for one. A newer poll ends this one with 409 Conflict, as Telegram does."""
    if state.webhook_url:
        raise ApiError(409, _WEBHOOK_CONFLICT)
    offset = get_int(params, "offset", 0) or 0
    limit = get_int(params, "limit", 100) or 100
    if not 1 <= limit <= 100:
        limit = 100
    timeout = max(get_int(params, "timeout", 0) or 0, 0)
    allowed = params.get("allowed_updates")
    if isinstance(allowed, list):
        state.allowed_updates = frozenset(map(str, allowed)) or DEFAULT_ALLOWED_UPDATES
    state.confirm(offset)

    poll = object()
    state.current_poll = poll
    state.updates_signal.notify()  # an older long poll now ends with 409 Conflict
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    try:
        while True:
            if state.current_poll is not poll:
                raise ApiError(409, _POLL_CONFLICT)
            state.drop_unwanted_updates()
            batch = state.updates[:limit]
            remaining = deadline - loop.time()
            if batch or state.closing or remaining <= 0:
                return copy.deepcopy(batch)
            await state.updates_signal.wait(remaining)
    finally:
        if state.current_poll is poll:
            state.current_poll = None


def delete_webhook(state: FakeState, params: Params, files: Files) -> bool:
    state.webhook_url = ""
    if get_bool(params, "drop_pending_updates"):
        state.drop_pending_updates()
    return True


def set_webhook(state: FakeState, params: Params, files: Files) -> bool:
    url = get_str(params, "url") or ""
    if url and not url.startswith("https://"):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    state.webhook_url = url
    if get_bool(params, "drop_pending_updates"):
        state.drop_pending_updates()
    return True


def get_webhook_info(state: FakeState, params: Params, files: Files) -> dict[str, Any]:
    return {
        "url": state.webhook_url,
        "has_custom_certificate": False,
        "pending_update_count": len(state.updates),
    }
