"""``quorum`` as a real process in tests: run a command, start ``quorum run``, wait, stop.

Every long-running process starts in its own process group (its own session), and the group
is killed when the test ends, whatever the outcome (the autouse fixture below; tests/conftest.py
loads this module as a plugin): a failed test leaves no ``quorum run`` behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest

from fakegram import FakeBotApi
from tests.auxil.people import TEST_TOKEN

QUORUM = [sys.executable, "-m", "cli"]

# Process groups started by the running test; ended by ``end_process_groups``.
_groups: list[int] = []


def quorum_env(**values: str) -> dict[str, str]:
    """This process's environment without any QUORUM_* variable, plus ``values``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUORUM_")}
    env.update(values)
    return env


def quorum(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``quorum ARGS`` to completion (two minutes at most), its output captured as text."""
    return subprocess.run(
        [*QUORUM, *args],
        capture_output=True,
        text=True,
        env=env or quorum_env(),
        cwd=cwd,
        timeout=120,
    )


async def spawn_quorum(
    *args: str,
    env: dict[str, str],
    cwd: Path,
    stdout: int | IO[bytes] | None = asyncio.subprocess.PIPE,
    stderr: int | IO[bytes] | None = asyncio.subprocess.PIPE,
) -> asyncio.subprocess.Process:
    """``quorum ARGS`` started in its own process group, which ends with the test."""
    process = await asyncio.create_subprocess_exec(
        *QUORUM,
        *args,
        env=env,
        cwd=cwd,
        stdout=stdout,
        stderr=stderr,
        start_new_session=True,
    )
    # A new session's leader: its pid is the group's id.
    _groups.append(process.pid)
    return process


def end_process_groups() -> None:
    """SIGKILL every process group started since the last call (already gone: nothing)."""
    while _groups:
        group = _groups.pop()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)


@pytest.fixture(autouse=True)
def _no_quorum_process_left_behind() -> Iterator[None]:
    """Whatever the test's outcome, the processes it started end with it."""
    yield
    end_process_groups()


@dataclass
class Running:
    """A ``quorum run`` process and the file its logs go to."""

    process: asyncio.subprocess.Process
    log: Path
    token: str
    signalled: bool = False

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def signal_stop(self) -> None:
        """Send SIGTERM, once: ``quorum run`` puts the default handler back as it exits, so a
        second SIGTERM arriving then would kill it mid-exit (return code -15, not 0)."""
        if self.process.returncode is None and not self.signalled:
            self.process.send_signal(signal.SIGTERM)
            self.signalled = True

    async def terminate(self) -> str:
        """SIGTERM, wait for the graceful stop (killed after a minute: an error), the log."""
        self.signal_stop()
        try:
            await asyncio.wait_for(self.process.wait(), timeout=60)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
            raise AssertionError("quorum run did not stop on SIGTERM") from None
        return self.log_text()


async def start_quorum(
    fake: FakeBotApi,
    db_url: str,
    workdir: Path,
    *args: str,
    token: str = TEST_TOKEN,
    name: str = "quorum",
    **settings: str,
) -> Running:
    """``quorum run ARGS`` against the fake, its HTTP server on a free port unless given, its
    logs (a file, not a pipe: a busy process would fill a pipe) in ``workdir/NAME.log``."""
    log = workdir / f"{name}.log"
    settings.setdefault("QUORUM_HTTP_PORT", "0")
    with log.open("wb") as sink:
        process = await spawn_quorum(
            "run",
            *args,
            env=quorum_env(
                QUORUM_TELEGRAM_TOKEN=token,
                QUORUM_TELEGRAM_API_URL=fake.base_url,
                QUORUM_TELEGRAM_FILE_URL=fake.base_file_url,
                QUORUM_DATABASE_URL=db_url,
                **settings,
            ),
            cwd=workdir,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=sink,
        )
    return Running(process=process, log=log, token=token)


async def until(condition: Callable[[], bool], *, within: float, what: str) -> None:
    """Poll ``condition`` until it holds; AssertionError naming ``what`` after ``within`` s."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)
