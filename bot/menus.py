"""The command menus Telegram shows beside the message box: members', groups' and clerks'.

Published once when the bot starts (:func:`publish_menus`) and, for a clerk, whenever someone
becomes one (:func:`publish_clerk_menu`, called from ``/start``).
"""

from __future__ import annotations

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
)

from bot import texts


def _commands(pairs: tuple[tuple[str, str], ...]) -> list[BotCommand]:
    return [BotCommand(name, description) for name, description in pairs]


async def publish_menus(bot: Bot) -> None:
    """Members' commands in every private chat, the group commands in every group."""
    await bot.set_my_commands(
        _commands(texts.MEMBER_COMMANDS), scope=BotCommandScopeAllPrivateChats()
    )
    await bot.set_my_commands(_commands(texts.GROUP_COMMANDS), scope=BotCommandScopeAllGroupChats())


async def publish_clerk_menu(bot: Bot, chat_id: int) -> None:
    """A clerk's private chat gets the clerk commands in its menu; members never see them."""
    await bot.set_my_commands(
        _commands(texts.CLERK_COMMANDS), scope=BotCommandScopeChat(chat_id=chat_id)
    )
