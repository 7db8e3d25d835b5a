"""Wording people read lives in bot/texts.py and bot/templates.py, never inline in handlers,
so it can be reviewed (and translated into Welsh) without reading code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

BOT = Path(__file__).parents[2] / "bot"
# Modules that decide what to say, not how it is worded.
CHECKED = sorted([*(BOT / "handlers").glob("*.py"), BOT / "keyboards.py", BOT / "menus.py"])
# Two words side by side, or a tag: prose or markup, not a key, a prefix or a separator.
WORDING = re.compile(r"[A-Za-z]{2,}[ \u2019'][A-Za-z]{2,}|</?[a-z]+>")
LOGGERS = frozenset({"log", "logger"})


def _exempt(tree: ast.Module) -> set[int]:
    """Strings meant for developers: docstrings, log lines, regular expressions, assertion
    messages, and text matched against an error (``"not modified" in str(error)``). A raised
    error's message is not among them: the error handler shows it to the person."""
    exempt: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            exempt.add(id(body[0].value))
        parts: list[ast.AST] = []
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if isinstance(owner, ast.Name) and owner.id in LOGGERS | {"re"}:
                parts = [node]
        elif isinstance(node, ast.Assert | ast.Compare):
            parts = [node]
        exempt |= {id(sub) for part in parts for sub in ast.walk(part)}
    return exempt


def _inline_wording(path: Path) -> list[str]:
    """``file:line: 'text'`` for each string in ``path`` that reads as wording, in line order."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    exempt = _exempt(tree)
    found = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in exempt
        and WORDING.search(node.value)
    ]
    return [
        f"{path.name}:{node.lineno}: {node.value!r}"
        for node in sorted(found, key=lambda node: (node.lineno, node.col_offset))
    ]


def test_handlers_and_keyboards_hold_no_inline_wording() -> None:
    assert len(CHECKED) > 10
    found = [line for path in CHECKED for line in _inline_wording(path)]
    assert found == []


def test_the_check_catches_an_inline_reply(tmp_path: Path) -> None:
    handler = tmp_path / "handler.py"
    handler.write_text(
        '"""A handler."""\n'
        "async def show(update, bot, words):\n"
        '    """Docstrings may say anything."""\n'
        '    log.info("not for members %s", words)\n'
        '    if "not modified" in words:\n'
        "        return\n"
        '    await reply_html(update, bot, f"<b>Results for “{words}”</b>")\n'
        '    await reply_html(update, bot, "Sorry, no match.")\n'
        '    raise QuorumError("That button has expired.")\n',
        encoding="utf-8",
    )
    found = [line.split(": ", 1)[1] for line in _inline_wording(handler)]
    assert found == [
        "'<b>Results for “'",
        "'”</b>'",
        "'Sorry, no match.'",
        "'That button has expired.'",
    ]
