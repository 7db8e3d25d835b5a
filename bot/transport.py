"""The HTTP client the bot talks to Telegram through.

PTB's :class:`~telegram.request.HTTPXRequest`, with one change: a request's body is read into
one piece before it is sent. httpx streams a multipart body (a document, a photo) part by part,
and every write yields to the event loop; on a busy loop each of those turns waits behind
everything else that is ready, so an upload reached Telegram tens of milliseconds after the
pacer let it through. A send holds its place in the pacer's windows from that moment until a
period after its answer (:mod:`bot.pacing`), so every millisecond spent in between is rate
lost. Bot API uploads are at most 50 MB, which the client holds in memory anyway.
"""

from __future__ import annotations

import httpx
from telegram.request import HTTPXRequest

# PTB's own default for the bot's requests (getUpdates has its own client).
CONNECTION_POOL_SIZE = 256


async def read_whole_body(request: httpx.Request) -> None:
    """httpx request hook: turn a streamed body into one buffer, sent in one write."""
    await request.aread()


def telegram_request(
    timeout: float, *, connection_pool_size: int = CONNECTION_POOL_SIZE
) -> HTTPXRequest:
    """The client for every Bot API call but getUpdates: ``timeout`` seconds to connect, read
    and write (uploads too)."""
    return HTTPXRequest(
        connection_pool_size=connection_pool_size,
        connect_timeout=timeout,
        read_timeout=timeout,
        write_timeout=timeout,
        media_write_timeout=timeout,
        httpx_kwargs={"event_hooks": {"request": [read_whole_body]}},
    )
