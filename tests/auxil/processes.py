"""``quorum run`` as a real process in tests: start it, wait for things, stop it."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fakegram import FakeBotApi
from tests.cli.test_cli import QUORUM, _env
from tests.conftest import TEST_TOKEN


@dataclass
class Running:
    """A ``quorum run`` process and the file its logs go to."""

    process: asyncio.subprocess.Process
    log: Path
    token: str

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    async def terminate(self) -> str:
        """SIGTERM, wait for the graceful stop (killed after a minute: an error), the log."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
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
        process = await asyncio.create_subprocess_exec(
            *QUORUM,
            "run",
            *args,
            env=_env(
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
