"""Callback data: every prefix registered once in bot/callbacks.py, every handler pattern and
every keyboard built from the registry, every button's data within Telegram's 64 bytes."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from telegram.constants import InlineKeyboardButtonLimit
from telegram.ext import Application, CallbackQueryHandler

from bot import callbacks
from bot.callbacks import LISTS, MEETING_KINDS, Prefix, checked, pattern
from bot.handlers import register
from bot.handlers.action_reports import arising_digest, arising_post_button
from bot.handlers.agenda_edit import draft_button, drop_button, keep_button
from bot.handlers.announce import broadcast_to_button, publish_again_button, send_button
from bot.handlers.item_answers import item_button
from bot.handlers.meeting_admin import ChangeButton, change_button
from bot.handlers.packs import _STEPS, _STEPS_WITH_CHOICE, pack_button
from bot.handlers.people import people_button
from bot.handlers.settings import LEAD, MUTE, QUIET, RESET, settings_data
from bot.handlers.sources import source_button
from bot.handlers.suggestions import question_button
from bot.handlers.who import person_button

BOT = Path(callbacks.__file__).parent
PATTERN = re.compile(r"\^\(\?:([a-z]+(?:\|[a-z]+)*)\)\(\?::\|\$\)")
BIG = 2**63 - 1  # the largest id PostgreSQL's BIGINT holds


def _callback_handlers() -> list[CallbackQueryHandler[Any, Any]]:
    application = Application.builder().token("123:test").build()
    register(application)
    return [
        handler
        for group in application.handlers.values()
        for handler in group
        if isinstance(handler, CallbackQueryHandler)
    ]


def test_prefixes_are_unique_and_cannot_be_confused() -> None:
    values = [prefix.value for prefix in Prefix]
    assert len(values) == len(set(values))
    assert all(re.fullmatch(r"[a-z]{2}", value) for value in values)


def test_every_handler_pattern_names_registered_prefixes_only_and_every_prefix_is_handled() -> None:
    handled: list[str] = []
    for handler in _callback_handlers():
        if handler.pattern is None:
            continue  # the fallback for stale buttons, last of all
        assert isinstance(handler.pattern, re.Pattern)
        found = PATTERN.fullmatch(handler.pattern.pattern)
        assert found, f"{handler.pattern.pattern!r} was not built by callbacks.pattern()"
        handled += found.group(1).split("|")
    assert set(handled) <= set(Prefix)
    assert sorted(handled) == sorted(Prefix)  # each prefix has exactly one handler


def test_a_handler_pattern_takes_its_prefix_alone_or_with_data_and_nothing_longer() -> None:
    matcher = re.compile(pattern(Prefix.AGENDA, Prefix.MY_ACTIONS))
    assert matcher.match("ag:1:0") and matcher.match("ma")
    assert not matcher.match("agx:1") and not matcher.match("mab") and not matcher.match("au:1")


def test_every_keyboard_builds_its_data_through_a_builder() -> None:
    """No literal callback data: each keyboard calls a builder (which goes through
    ``checked``) or uses a name assigned from one."""
    offenders = []
    for path in BOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.keyword) or node.arg != "callback_data":
                continue
            if isinstance(node.value, ast.Call | ast.Name):
                if isinstance(node.value, ast.Name) and node.value.id.isupper():
                    offenders.append(f"{path.name}:{node.value.lineno}")  # a bare constant
                continue
            offenders.append(f"{path.name}:{node.value.lineno}")
    assert offenders == []


def test_data_with_an_unregistered_prefix_or_over_64_bytes_is_refused() -> None:
    with pytest.raises(ValueError, match="unregistered"):
        checked("zz:1")
    with pytest.raises(ValueError, match="too long"):
        checked("ag:" + "1" * 62)


def test_every_button_fits_in_64_bytes_with_the_largest_ids() -> None:
    largest = [
        *(callbacks.meeting_button(kind, BIG, BIG) for kind in MEETING_KINDS),
        *(callbacks.page_button(listing, "999", BIG) for listing in LISTS),
        callbacks.actions_button(),
        *(callbacks.action_button(kind, BIG) for kind in callbacks.ACTION_KINDS),
        callbacks.date_choice("z" * 8, date(2099, 12, 31)),
        publish_again_button(BIG, BIG),
        broadcast_to_button(BIG, "99999"),
        send_button("p", BIG, BIG, BIG),
        send_button("t", BIG, BIG),
        *(send_button(action, BIG) for action in ("w", "x")),
        arising_post_button(BIG, arising_digest("summary")),
        *(settings_data(kind, "23:00-07:00") for kind in (LEAD, QUIET)),
        settings_data(RESET),
        settings_data(MUTE, str(BIG)),
        change_button(ChangeButton(Prefix.MEETING_MOVE, BIG, 2**31, 2**40)),
        *(
            change_button(ChangeButton(kind, BIG, 2**31))
            for kind in (Prefix.MEETING_PLACE, Prefix.MEETING_CANCEL)
        ),
        *(pack_button(step, "99999") for step in _STEPS - _STEPS_WITH_CHOICE),
        *(pack_button(step, "99999", 2**31) for step in _STEPS_WITH_CHOICE),
        people_button("9" * 10, f"b{BIG}"),
        draft_button(True, "99999"),
        drop_button(BIG, 2**31, "X" * 16),
        keep_button(),
        item_button(BIG, "X" * 16, "decisions"),
        question_button("f" * 16),
        *(person_button(f"{kind}{BIG}", "actions") for kind in "pi"),
        *(callbacks.site_published_button(kind, BIG) for kind in "pn"),
        source_button("b", BIG, BIG, BIG),
        source_button("r", BIG),
    ]
    limit = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA
    assert all(len(data.encode()) <= limit for data in largest)
    assert {data.split(":")[0] for data in largest} == set(Prefix) - {Prefix.MEETING_KEEP}
