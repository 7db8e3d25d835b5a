"""No import cycles between any two of our modules.

``lint-imports`` checks the layers and, with its ``acyclic_siblings`` contract, cycles between
the children of each package. A cycle through a package's ``__init__`` and one of its own
modules (``bot.handlers`` importing ``bot.handlers.start`` importing ``bot.handlers``) is
between a parent and its child, which that contract does not see; this test looks at every
module-to-module import, type-checking ones included.
"""

from __future__ import annotations

import grimp

PACKAGES = (
    "cli",
    "runner",
    "web",
    "bot",
    "services",
    "notify",
    "storage",
    "calendars",
    "packs",
    "sources",
    "language",
    "core",
    "fakegram",
)


def import_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Every group of modules that import one another in a ring (Tarjan's strongly connected
    components of more than one module, and modules importing themselves), sorted."""
    order: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(start: str) -> None:
        # Iterative, so that a long chain of imports cannot exhaust Python's recursion limit.
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        order[start] = lowest[start] = len(order)
        stack.append(start)
        on_stack.add(start)
        while work:
            module, imported = work[-1]
            following = next(imported, None)
            if following is not None:
                if following not in order:
                    order[following] = lowest[following] = len(order)
                    stack.append(following)
                    on_stack.add(following)
                    targets = sorted(graph.find_modules_directly_imported_by(following))
                    work.append((following, iter(targets)))
                elif following in on_stack:
                    lowest[module] = min(lowest[module], order[following])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                lowest[parent] = min(lowest[parent], lowest[module])
            if lowest[module] == order[module]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == module:
                        break
                if len(component) > 1 or graph.direct_import_exists(
                    importer=module, imported=module
                ):
                    cycles.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in order:
            visit(module)
    return sorted(cycles)


def test_no_module_imports_itself_through_others() -> None:
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    assert len(graph.modules) > 100  # all of Quorum was read, not an empty graph
    assert import_cycles(graph) == []


def test_a_ring_of_imports_is_found() -> None:
    graph = grimp.ImportGraph()
    for importer, imported in (
        ("bot.app", "bot.handlers"),
        ("bot.handlers", "bot.handlers.start"),
        ("bot.handlers.start", "bot.app"),
        ("bot.handlers.start", "bot.texts"),
        ("services.a", "services.a"),
    ):
        graph.add_import(importer=importer, imported=imported)
    assert import_cycles(graph) == [
        ["bot.app", "bot.handlers", "bot.handlers.start"],
        ["services.a"],
    ]
