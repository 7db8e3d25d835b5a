"""TLS is always verified: a site whose certificate is not trusted (here self-signed, made with
openssl for the test) is refused with the TLS failure's reason and advice, and no request reaches
it; the same site over plain http (as a clerk may type it) is not an excuse to skip the check."""

from __future__ import annotations

import ssl
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from sources.base import FailureKind, SourceFailure
from sources.moderngov.client import ModernGovSource
from sources.registry import SourceOptions

OPTIONS = SourceOptions(timeout=10, attempts=2, backoff=0.01, allow_private=True)
COMMITTEES = (
    '<?xml version="1.0" encoding="utf-8"?><committees><committeescount> 1</committeescount>'
    "<committee><committeeid>1</committeeid><committeetitle>Board</committeetitle>"
    "<committeedeleted>False</committeedeleted><committeeexpired>False</committeeexpired>"
    "</committee></committees>"
)


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (no authority vouches for it): key and cert."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return key, cert


@pytest.fixture
async def untrusted_site(
    certificate: tuple[Path, Path],
) -> AsyncIterator[tuple[str, list[str]]]:
    """An https server on 127.0.0.1 with that certificate; yields its root and the paths it
    was asked for."""
    key, cert = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    asked: list[str] = []

    async def answer(request: web.Request) -> web.Response:
        asked.append(request.path)
        return web.Response(text=COMMITTEES, content_type="text/xml")

    app = web.Application()
    app.router.add_get("/{tail:.*}", answer)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=context)
    await site.start()
    server = site._server
    assert server is not None
    sockets = getattr(server, "sockets", None)
    assert sockets
    port = int(sockets[0].getsockname()[1])
    try:
        yield f"https://127.0.0.1:{port}", asked
    finally:
        await runner.cleanup()


async def test_an_untrusted_certificate_is_refused_never_skipped(
    untrusted_site: tuple[str, list[str]],
) -> None:
    root, asked = untrusted_site
    source = ModernGovSource(root, options=OPTIONS)
    try:
        with pytest.raises(SourceFailure) as caught:
            await source.committees()
    finally:
        await source.aclose()
    failure = caught.value
    assert failure.kind is FailureKind.TLS
    assert "certificate" in failure.reason and "not trusted" in failure.reason
    assert "never turns certificate checks off" in failure.advice
    # The handshake failed: nothing was asked, and a TLS failure is not retried.
    assert asked == []
