"""The bot's HTTP client sends a request's body in one piece, uploads too."""

from __future__ import annotations

import httpx
from telegram import Bot

from bot.transport import read_whole_body, telegram_request
from fakegram import FakeBotApi, FakeChat


async def test_a_multipart_body_goes_in_one_write() -> None:
    request = httpx.Request(
        "POST",
        "http://127.0.0.1/bot1:x/sendDocument",
        data={"chat_id": "42", "caption": "Agenda"},
        files={"document": ("agenda.pdf", b"%PDF-1.4 " * 1000, "application/pdf")},
    )
    await read_whole_body(request)
    assert isinstance(request.stream, httpx.AsyncByteStream)
    chunks = [chunk async for chunk in request.stream]
    assert len(chunks) == 1
    assert b"Agenda" in chunks[0] and b"%PDF-1.4" in chunks[0]


async def test_the_client_uploads_a_document_whole(fake_api: FakeBotApi) -> None:
    fake_api.add_chat(FakeChat(id=42, type="private", first_name="Member"))
    data = bytes(range(256)) * 400
    bot = Bot("123:abc", base_url=fake_api.base_url, request=telegram_request(5.0))
    async with bot:
        await bot.send_document(42, document=data, filename="agenda.pdf", caption="Agenda")
    [call] = fake_api.calls("sendDocument")
    assert call.status == 200
    assert call.files["document"].data == data
    assert call.params["caption"] == "Agenda"
