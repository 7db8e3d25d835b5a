"""A real CalDAV server - Radicale, pure Python - on 127.0.0.1, and a small aiohttp client for it.

Radicale runs as a subprocess with its own config file (storage under the test's temporary
directory, no authentication, each user owns only their own collections). Import the fixtures
into a test module to use them::

    from tests.auxil.caldav import caldav_fixture, radicale_fixture  # noqa: F401 (fixtures)

``radicale`` is one server per test module; ``caldav`` is a client with a fresh, empty calendar
collection for each test.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
import uuid
import xml.etree.ElementTree as ElementTree
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest

START_TIMEOUT_SECONDS = 20.0
STOP_TIMEOUT_SECONDS = 5.0
REQUEST_TIMEOUT_SECONDS = 10.0
USER = "quorum"

DAV = "DAV:"
CALDAV = "urn:ietf:params:xml:ns:caldav"


@dataclass(frozen=True, slots=True)
class Radicale:
    """A running server: where it listens, and its log (shown when a test fails)."""

    base_url: str
    user: str
    log_path: Path

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def write_config(root: Path, port: int) -> Path:
    storage = root / "collections"
    storage.mkdir(parents=True, exist_ok=True)
    config = root / "radicale.conf"
    config.write_text(
        "\n".join(
            [
                "[server]",
                f"hosts = 127.0.0.1:{port}",
                "timeout = 10",
                # Radicale sleeps this long after a 5xx; a failing test should fail quickly.
                "delay_on_error = 0.01",
                "[auth]",
                "type = none",
                "[rights]",
                "type = owner_only",
                "[storage]",
                f"filesystem_folder = {storage}",
                "[web]",
                "type = none",
                "[logging]",
                "level = info",
                "",
            ]
        ),
        encoding="utf-8",
    )
    return config


def _answers(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1.0)
    try:
        connection.request("OPTIONS", "/")
        connection.getresponse().read()
    except OSError:
        return False
    finally:
        connection.close()
    return True


def start_radicale(root: Path) -> tuple[subprocess.Popen[bytes], Radicale]:
    """Start Radicale and wait (at most START_TIMEOUT_SECONDS) until it answers HTTP."""
    port = free_port()
    config = write_config(root, port)
    log_path = root / "radicale.log"
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("RADICALE")
    }
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(config)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=environment,
            cwd=root,
        )
    server = Radicale(base_url=f"http://127.0.0.1:{port}", user=USER, log_path=log_path)
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while not _answers(port):
        if process.poll() is not None:
            raise RuntimeError(f"Radicale exited with {process.returncode}:\n{server.log_tail()}")
        if time.monotonic() > deadline:
            stop_radicale(process)
            raise RuntimeError(f"Radicale did not answer within {START_TIMEOUT_SECONDS} s")
        time.sleep(0.05)
    return process, server


def stop_radicale(process: subprocess.Popen[bytes]) -> None:
    """Terminate the one process we started; kill it if it will not go."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT_SECONDS)


@pytest.fixture(name="radicale", scope="module")
def radicale_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    process, server = start_radicale(tmp_path_factory.mktemp("radicale"))
    try:
        yield server
    finally:
        stop_radicale(process)


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    body: bytes
    etag: str | None


class CalDAV:
    """Just enough CalDAV (RFC 4791) to store, find and read back calendar objects."""

    def __init__(self, server: Radicale, session: aiohttp.ClientSession, collection: str):
        self.server = server
        self.session = session
        # The calendar collection's path, ending in "/".
        self.collection = collection

    def resource(self, name: str) -> str:
        """The URL of one calendar object resource in the collection."""
        return f"{self.server.base_url}{self.collection}{name}"

    async def _request(
        self, method: str, url: str, *, body: bytes | None = None, headers: dict[str, str]
    ) -> Response:
        async with self.session.request(method, url, data=body, headers=headers) as response:
            return Response(response.status, await response.read(), response.headers.get("ETag"))

    async def mkcalendar(self) -> Response:
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            f'<C:mkcalendar xmlns:D="{DAV}" xmlns:C="{CALDAV}"><D:set><D:prop>'
            "<D:displayname>Quorum test</D:displayname>"
            '<C:supported-calendar-component-set><C:comp name="VEVENT"/>'
            "</C:supported-calendar-component-set>"
            "</D:prop></D:set></C:mkcalendar>"
        ).encode()
        return await self._request(
            "MKCALENDAR",
            f"{self.server.base_url}{self.collection}",
            body=body,
            headers={"Content-Type": "application/xml; charset=utf-8"},
        )

    async def put(self, name: str, data: bytes) -> Response:
        return await self._request(
            "PUT",
            self.resource(name),
            body=data,
            headers={"Content-Type": "text/calendar; charset=utf-8"},
        )

    async def get(self, name: str) -> Response:
        return await self._request("GET", self.resource(name), headers={})

    async def events_between(self, start: datetime, end: datetime) -> list[str]:
        """The hrefs a calendar-query REPORT finds for VEVENTs overlapping [start, end)."""
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            f'<C:calendar-query xmlns:D="{DAV}" xmlns:C="{CALDAV}">'
            "<D:prop><D:getetag/></D:prop>"
            '<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">'
            f'<C:time-range start="{_stamp(start)}" end="{_stamp(end)}"/>'
            "</C:comp-filter></C:comp-filter></C:filter></C:calendar-query>"
        ).encode()
        response = await self._request(
            "REPORT",
            f"{self.server.base_url}{self.collection}",
            body=body,
            headers={"Content-Type": "application/xml; charset=utf-8", "Depth": "1"},
        )
        if response.status != 207:
            raise AssertionError(f"REPORT answered {response.status}: {response.body!r}")
        tree = ElementTree.fromstring(response.body)
        return sorted(
            href.text or "" for href in tree.iter(f"{{{DAV}}}href") if href.text != self.collection
        )


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@pytest.fixture(name="caldav")
async def caldav_fixture(radicale: Radicale) -> AsyncIterator[CalDAV]:
    """A client logged in as USER, with a new empty calendar collection of its own."""
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS)
    login = aiohttp.encode_basic_auth(radicale.user, "any password: auth type is none")
    headers = {"Authorization": login}
    async with aiohttp.ClientSession(headers=headers, timeout=timeout) as session:
        client = CalDAV(radicale, session, f"/{radicale.user}/{uuid.uuid4().hex}/")
        created = await client.mkcalendar()
        assert created.status == 201, (created, radicale.log_tail())
        yield client
