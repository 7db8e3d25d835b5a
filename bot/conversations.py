"""Conversation state shared by every instance (PostgreSQL).

Handlers keep short-lived state in PTB's ``user_data`` and ``chat_data``: a question waiting
for its answer (an action update, a can't-do reason, apology details), a draft waiting for its
button (a broadcast, a date to confirm). With several instances, the answer or the press may
reach another process (webhook mode), or the polling leader may change between the two. So
around every update, :class:`SharedConversations` loads the user's and the chat's state from
the ``conversation_state`` table into those dicts, and writes back whatever the handlers
changed. Concurrent updates of one user on two instances are rare (a person answers one thing
at a time); the later write wins.

The state is pickled (handlers keep their own dataclasses there) and signed with a key derived
from the bot token: a row that does not verify (written by someone without the token) is
ignored, never unpickled. On SQLite (one process) none of this runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import pickle
from collections.abc import AsyncIterator, MutableMapping
from datetime import datetime, timedelta
from typing import Any

from telegram import Update
from telegram.ext import Application

from core.clock import Clock, ensure_utc
from services.conversation_state import StateUnavailable, load_states, save_states
from storage.engine import Database

log = logging.getLogger(__name__)

KEY = "quorum.conversations"
# Rows untouched this long are dropped (every wait in the bot is minutes).
KEEP_FOR = timedelta(days=2)
_DIGEST = hashlib.sha256().digest_size

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def _scopes(update: object) -> tuple[str | None, str | None, int | None, int | None]:
    if not isinstance(update, Update):
        return None, None, None, None
    user = update.effective_user
    chat = update.effective_chat
    user_id = user.id if user is not None else None
    chat_id = chat.id if chat is not None else None
    return (
        None if user_id is None else f"u{user_id}",
        None if chat_id is None else f"c{chat_id}",
        user_id,
        chat_id,
    )


class SharedConversations:
    """Loads and saves ``user_data``/``chat_data`` around each update (see the module)."""

    def __init__(self, db: Database, clock: Clock, *, secret: bytes) -> None:
        self._db = db
        self._clock = clock
        self._key = hashlib.sha256(b"quorum conversation state " + secret).digest()
        self._last_prune: datetime | None = None

    # -- signing ---------------------------------------------------------------------------

    def _seal(self, state: dict[Any, Any]) -> bytes | None:
        """Signed pickle of ``state``; None if something in it cannot be pickled (it then
        stays with this process only)."""
        try:
            body = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            log.warning("conversation state that cannot be shared kept locally", exc_info=True)
            return None
        return hmac.new(self._key, body, hashlib.sha256).digest() + body

    def _open(self, sealed: bytes) -> dict[Any, Any] | None:
        signature, body = sealed[:_DIGEST], sealed[_DIGEST:]
        expected = hmac.new(self._key, body, hashlib.sha256).digest()
        if not hmac.compare_digest(signature, expected):
            log.warning("conversation state with a bad signature ignored")
            return None
        try:
            state = pickle.loads(body)
        except Exception:
            log.warning("conversation state that no longer loads ignored", exc_info=True)
            return None
        return state if isinstance(state, dict) else None

    # -- around an update ------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def kept(self, application: AnyApplication, update: object) -> AsyncIterator[None]:
        """Load the state before the handlers run; save what they changed afterwards."""
        user_scope, chat_scope, user_id, chat_id = _scopes(update)
        targets: dict[str, MutableMapping[Any, Any]] = {}
        if user_scope is not None and user_id is not None:
            targets[user_scope] = application.user_data[user_id]
        if chat_scope is not None and chat_id is not None:
            targets[chat_scope] = application.chat_data[chat_id]
        if not targets:
            yield
            return
        before = await self._load(targets)
        yield
        await self._save(targets, before)

    async def save_user(self, application: AnyApplication, user_id: int) -> None:
        """Write one user's state now: for work that changed it in the background, after the
        handlers of its update were done (and that update's state was saved)."""
        await self._save({f"u{user_id}": application.user_data[user_id]}, {})

    async def _load(self, targets: dict[str, MutableMapping[Any, Any]]) -> dict[str, bytes | None]:
        """Fill each target from its row; returns the sealed state as loaded, to compare."""
        try:
            found = await load_states(self._db, targets)
        except StateUnavailable as exc:
            log.warning("conversation state not loaded (%s); using this process's copy", exc)
            return {
                scope: self._seal(dict(target)) if target else None
                for scope, target in targets.items()
            }
        before: dict[str, bytes | None] = {}
        for scope, target in targets.items():
            state = self._open(found[scope]) if scope in found else None
            target.clear()
            target.update(state or {})
            before[scope] = self._seal(dict(target)) if target else None
        return before

    async def _save(
        self, targets: dict[str, MutableMapping[Any, Any]], before: dict[str, bytes | None]
    ) -> None:
        now = ensure_utc(self._clock.now())
        changed: dict[str, bytes | None] = {}
        for scope, target in targets.items():
            sealed = self._seal(dict(target)) if target else None
            if target and sealed is None:
                continue  # cannot be shared: left as it is
            if sealed != before.get(scope):
                changed[scope] = sealed
        if not changed and not self._prune_due(now):
            return
        prune_before = None
        if self._prune_due(now):
            self._last_prune = now
            prune_before = now - KEEP_FOR
        try:
            await save_states(self._db, changed, now=now, prune_before=prune_before)
        except StateUnavailable as exc:
            log.warning("conversation state not saved (%s)", exc)

    def _prune_due(self, now: datetime) -> bool:
        return self._last_prune is None or now - self._last_prune > timedelta(hours=1)


def share_conversations(application: AnyApplication, store: SharedConversations) -> None:
    application.bot_data[KEY] = store


def shared_conversations(application: AnyApplication) -> SharedConversations | None:
    store = application.bot_data.get(KEY)
    return store if isinstance(store, SharedConversations) else None
