"""Serving the web application (:mod:`web.app`) with uvicorn inside the bot's own event loop.

PTB owns the process's signals (``run_polling`` stops on SIGINT/SIGTERM and then calls our
post_stop), so the server installs no handlers of its own: :meth:`WebServer.stop` is called.
"""

from __future__ import annotations

import asyncio
import logging
import socket

import uvicorn
from starlette.types import ASGIApp

from core.errors import QuorumError

log = logging.getLogger(__name__)

# Requests still running when the server stops get this long to finish.
GRACEFUL_SECONDS = 5
BACKLOG = 128


class WebServerError(QuorumError):
    """The server could not start (the port is taken, the address is not this machine's)."""


class WebServer:
    """One uvicorn server on ``host``:``port`` (port 0: any free port, see :attr:`port`)."""

    def __init__(self, app: ASGIApp, *, host: str, port: int) -> None:
        self.host = host
        self._requested_port = port
        self._config = uvicorn.Config(
            app,
            host=host,
            port=port,
            # Our logging stays ours; and the access log would write members' feed tokens.
            log_config=None,
            access_log=False,
            server_header=False,
            lifespan="auto",
            timeout_graceful_shutdown=GRACEFUL_SECONDS,
            backlog=BACKLOG,
        )
        self._server: uvicorn.Server | None = None
        self._socket: socket.socket | None = None
        self._loop_task: asyncio.Task[None] | None = None

    @property
    def port(self) -> int:
        """The port the server listens on (known once started)."""
        if self._socket is None:
            raise RuntimeError("the web server is not running")
        return int(self._socket.getsockname()[1])

    @property
    def running(self) -> bool:
        return self._loop_task is not None

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    async def start(self) -> None:
        """Listen and serve in the background; raises :class:`WebServerError` if it cannot."""
        if self._loop_task is not None:
            return
        listener = _listen(self.host, self._requested_port)
        server = uvicorn.Server(self._config)
        if not self._config.loaded:
            self._config.load()
        server.lifespan = self._config.lifespan_class(self._config)
        try:
            await server.startup(sockets=[listener])
        except BaseException:
            listener.close()
            raise
        self._server, self._socket = server, listener
        self._loop_task = asyncio.create_task(server.main_loop(), name="quorum-web-server")
        log.info("HTTP server listening on %s", self.base_url)

    async def stop(self) -> None:
        """Stop accepting, let requests in flight finish (up to a few seconds), close."""
        server, task, listener = self._server, self._loop_task, self._socket
        if server is None or task is None:
            return
        server.should_exit = True
        await task
        await server.shutdown(sockets=[listener] if listener is not None else None)
        self._server = self._loop_task = self._socket = None
        log.info("HTTP server stopped")


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family, backlog=BACKLOG)
    except OSError as exc:
        raise WebServerError(
            f"cannot listen on {host}:{port} ({exc.strerror or exc}); "
            "set QUORUM_HTTP_HOST and QUORUM_HTTP_PORT"
        ) from None
