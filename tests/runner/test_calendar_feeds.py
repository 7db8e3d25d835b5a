"""quorum run serves the calendar feeds next to long polling (a real process)."""

from __future__ import annotations

import asyncio
import signal
import socket
from pathlib import Path

import aiohttp
import pytest

from fakegram import FakeBotApi
from storage.engine import Database
from tests.auxil.feeds import TESTSHIRE_SLUG, board
from tests.auxil.people import TEST_TOKEN
from tests.auxil.processes import quorum_env, spawn_quorum
from tests.auxil.world import World


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.wallclock
async def test_quorum_run_serves_the_feeds_next_to_long_polling(
    fake_api: FakeBotApi, database: Database, db_url: str, world: World, tmp_path: Path
) -> None:
    port = _free_port()
    env = {
        "QUORUM_TELEGRAM_TOKEN": TEST_TOKEN,
        "QUORUM_TELEGRAM_API_URL": fake_api.base_url,
        "QUORUM_DATABASE_URL": db_url,
        "QUORUM_HTTP_PORT": str(port),
        "QUORUM_PUBLIC_URL": "https://quorum.example.org/",
    }
    process = await spawn_quorum("run", env=quorum_env(**env), cwd=tmp_path)
    url = f"http://127.0.0.1:{port}{board(TESTSHIRE_SLUG)}"
    try:
        async with aiohttp.ClientSession() as client:
            status = await _first_answer(client, url, process)
        assert status == 200
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, stderr.decode()
    assert b"Calendar links start with https://quorum.example.org" in stderr
    assert b"Traceback" not in stderr


async def _first_answer(
    client: aiohttp.ClientSession, url: str, process: asyncio.subprocess.Process
) -> int:
    """The status of the first request the starting server answers (it starts after the bot's
    own start-up, so connections are refused until then)."""
    async with asyncio.timeout(60):
        while True:
            if process.returncode is not None:
                raise AssertionError("quorum run exited before serving")
            try:
                async with client.get(url) as response:
                    return response.status
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.05)
