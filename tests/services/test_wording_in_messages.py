"""What services say when they refuse (the messages of domain errors) lives in
services/messages.py, never inline at the raise, so it can be reviewed (and translated into
Welsh) without reading code. Programmers' errors (``ValueError``, assertions) and log lines are
not read by members and stay where they are."""

from __future__ import annotations

import ast
import builtins
import importlib
import re
from pathlib import Path
from typing import Any

from core.errors import QuorumError

ROOT = Path(__file__).parents[2]
SERVICES = ROOT / "services"
MESSAGES = SERVICES / "messages.py"
# Two words side by side: prose, not a key, a separator or a bare placeholder.
WORDING = re.compile(r"[A-Za-z]{2,}[ \u2019'][A-Za-z]{2,}")


def _resolve(node: ast.expr, namespace: dict[str, Any]) -> object:
    """What a name or dotted name in the module stands for (a built-in when the module does not
    define it), or None if it cannot be told."""
    if isinstance(node, ast.Name):
        return namespace.get(node.id, getattr(builtins, node.id, None))
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, namespace)
        return None if owner is None else getattr(owner, node.attr, None)
    return None


def _is_domain_error(node: ast.expr, namespace: dict[str, Any]) -> bool:
    """True for a QuorumError (or subclass); also for a class the check cannot tell, so an
    unknown exception is looked at rather than let through."""
    found = _resolve(node, namespace)
    if not isinstance(found, type):
        return True
    return issubclass(found, QuorumError)


def _prose(arguments: list[ast.expr]) -> list[ast.Constant]:
    """The string literals (f-strings' literal parts included) among ``arguments`` that read as
    prose."""
    return [
        sub
        for argument in arguments
        for sub in ast.walk(argument)
        if isinstance(sub, ast.Constant)
        and isinstance(sub.value, str)
        and WORDING.search(sub.value)
    ]


def _is_super_init(call: ast.Call) -> bool:
    """``super().__init__(...)``: how an error class words its own message."""
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "__init__"
        and isinstance(func.value, ast.Call)
        and isinstance(func.value.func, ast.Name)
        and func.value.func.id == "super"
    )


def inline_messages(tree: ast.Module, namespace: dict[str, Any]) -> list[tuple[int, str]]:
    """``(line, text)`` for each prose literal passed to a raised domain error, or to
    ``super().__init__`` in a domain error's own class, in line order."""
    found: list[ast.Constant] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            raised = node.exc
            if _is_domain_error(raised.func, namespace):
                found += _prose([*raised.args, *(keyword.value for keyword in raised.keywords)])
        elif isinstance(node, ast.ClassDef) and _is_domain_error(ast.Name(id=node.name), namespace):
            for sub in ast.walk(node):
                if isinstance(sub, ast.Call) and _is_super_init(sub):
                    found += _prose([*sub.args, *(keyword.value for keyword in sub.keywords)])
    return [
        (literal.lineno, str(literal.value))
        for literal in sorted(found, key=lambda literal: (literal.lineno, literal.col_offset))
    ]


def _service_modules() -> list[Path]:
    return sorted(path for path in SERVICES.rglob("*.py") if path != MESSAGES)


def test_services_raise_no_inline_wording() -> None:
    paths = _service_modules()
    assert len(paths) > 20
    found = []
    for path in paths:
        relative = path.relative_to(ROOT)
        module = importlib.import_module(".".join(relative.with_suffix("").parts))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [
            f"{relative}:{line}: {text!r}" for line, text in inline_messages(tree, vars(module))
        ]
    assert found == []


def test_the_check_catches_an_inline_message() -> None:
    class Refused(QuorumError):
        pass

    source = (
        '"""A service."""\n'
        "class Gone(QuorumError):\n"
        "    def __init__(self, name):\n"
        '        super().__init__(f"{name} has gone away.")\n'
        "def act(meeting, words):\n"
        '    log.info("not for members %s", words)\n'
        '    assert meeting, "developers read this one"\n'
        "    if meeting is None:\n"
        '        raise ValueError(f"no meeting given for {words}")\n'
        "    if not words:\n"
        "        raise Refused(messages.SAY_SOMETHING)\n"
        "    if len(words) > 9:\n"
        '        raise errors.NotFoundError(f"Nothing called {words!r} here.")\n'
        '    raise Unknown("Cannot do that now.") from None\n'
    )
    namespace = {
        "QuorumError": QuorumError,
        "Refused": Refused,
        "Gone": type("Gone", (QuorumError,), {}),
        "errors": importlib.import_module("core.errors"),
    }
    found = [text for _, text in inline_messages(ast.parse(source), namespace)]
    assert found == [" has gone away.", "Nothing called ", "Cannot do that now."]
