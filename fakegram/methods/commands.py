"""The bot itself: getMe, logOut and close, and its command lists (set/get/deleteMyCommands)."""

from __future__ import annotations

import json
import re
from typing import Any

from fakegram.errors import bad_request
from fakegram.params import get_str
from fakegram.state import FakeState, Files, Params

_BOT_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
COMMAND_SCOPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)


def true(state: FakeState, params: Params, files: Files) -> bool:
    """A method with nothing to do here (logOut, close)."""
    return True


def get_me(state: FakeState, params: Params, files: Files) -> dict[str, Any]:
    return {
        **state.bot_user,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def set_my_commands(state: FakeState, params: Params, files: Files) -> bool:
    commands = params.get("commands")
    if not isinstance(commands, list):
        raise bad_request('parameter "commands" is required and must be an Array')
    if len(commands) > 100:
        raise bad_request("too many commands specified")
    checked: list[dict[str, str]] = []
    for command in commands:
        if not isinstance(command, dict):
            raise bad_request("can't parse BotCommand: BotCommand must be an Object")
        name, description = command.get("command"), command.get("description")
        if not isinstance(name, str) or not _BOT_COMMAND.fullmatch(name):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise bad_request("command description must be non-empty")
        checked.append({"command": name, "description": description})
    key = _commands_key(params)
    if checked:
        state.commands[key] = checked
    else:
        state.commands.pop(key, None)
    return True


def get_my_commands(state: FakeState, params: Params, files: Files) -> list[dict[str, str]]:
    return [dict(command) for command in state.commands.get(_commands_key(params), [])]


def delete_my_commands(state: FakeState, params: Params, files: Files) -> bool:
    state.commands.pop(_commands_key(params), None)
    return True


def scope_key(scope: dict[str, Any]) -> str:
    """How a command scope is kept: the same scope spelled in any key order is one scope."""
    return json.dumps(scope, sort_keys=True)


def _commands_key(params: Params) -> tuple[str, str]:
    scope = params.get("scope") or {"type": "default"}
    if not isinstance(scope, dict) or scope.get("type") not in COMMAND_SCOPES:
        raise bad_request("can't parse BotCommandScope: unsupported scope type")
    language = get_str(params, "language_code") or ""
    if language and not re.fullmatch(r"[a-z]{2}", language):
        raise bad_request("invalid language code specified")
    return scope_key(scope), language
