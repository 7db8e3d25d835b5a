"""The bench scripts and the README agree, and no bench script hides one of our packages.

``python bench/NAME.py`` puts bench/ first on ``sys.path``, so a bench module named like a
top-level package (the old ``bench/calendars.py``) or a standard-library module is imported in
its place by everything the bench imports.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench"
DOCS = (ROOT / "README.md", ROOT / "deploy" / "README.md")
# Modules in bench/ that benches import and nobody runs.
LIBRARIES = {"bigdb"}
RUN = re.compile(r"python bench/([\w.]+)")


def named_in(doc: Path) -> set[str]:
    """The NAME of every ``python bench/NAME...`` in ``doc``."""
    return {match.removesuffix(".py") for match in RUN.findall(doc.read_text(encoding="utf-8"))}


def bench_modules() -> set[str]:
    return {path.stem for path in BENCH.glob("*.py") if path.stem != "__init__"}


def test_every_bench_the_docs_run_exists_and_is_not_a_library() -> None:
    for doc in DOCS:
        named = named_in(doc)
        assert named, doc
        assert named <= bench_modules() - LIBRARIES, (doc, named - bench_modules())


def test_the_readme_lists_every_bench_script_and_its_command_runs_the_file() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in sorted(bench_modules() - LIBRARIES):
        assert re.search(rf"^python bench/{name}\.py\b", readme, re.MULTILINE), name
        assert 'if __name__ == "__main__":' in (BENCH / f"{name}.py").read_text(), name
    for name in LIBRARIES:
        assert 'if __name__ == "__main__":' not in (BENCH / f"{name}.py").read_text(), name


def test_no_bench_module_is_named_like_a_package_or_a_standard_module() -> None:
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py")}
    assert {"calendars", "services", "bench", "tests"} <= packages  # the glob found them
    clashes = bench_modules() & (packages | set(sys.stdlib_module_names))
    assert clashes == set()
