"""The host client against misbehaving upstreams (raw asyncio servers on
127.0.0.1): closed keep-alive connections, bodies cut short, garbage."""

from __future__ import annotations

import asyncio
import time

import pytest

from runtime.engine import OperationError

from .conftest import make_egress


async def serve(handler):
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


async def read_request(reader: asyncio.StreamReader) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = await reader.read(65536)
        if not chunk:
            return b""
        data += chunk
    return data


def test_server_closing_kept_alive_connections_is_handled():
    connections = 0

    async def handler(reader, writer):
        nonlocal connections
        connections += 1
        if await read_request(reader):
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
            await writer.drain()
        writer.close()                 # no "connection: close", yet it closes

    async def go():
        server, port = await serve(handler)
        egress, connector = make_egress()
        session = egress.prepare(time.monotonic() + 5)
        bodies = []
        for _ in range(3):
            r = await session["fetch"]({"url": f"http://127.0.0.1:{port}/"})
            bodies.append(r["body"])
            await asyncio.sleep(0.05)
        await egress.aclose()
        server.close()
        return bodies
    assert asyncio.run(go()) == ["ok", "ok", "ok"]
    assert connections == 3


def test_body_cut_short_is_a_hang_up():
    async def handler(reader, writer):
        await read_request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nonly ten!!")
        await writer.drain()
        writer.close()

    async def go():
        server, port = await serve(handler)
        egress, _ = make_egress()
        session = egress.prepare(time.monotonic() + 5)
        with pytest.raises(OperationError) as info:
            await session["fetch"]({"url": f"http://127.0.0.1:{port}/"})
        await egress.aclose()
        server.close()
        return info.value
    error = asyncio.run(go())
    assert error.code == "ECONNRESET" and "socket hang up" in str(error)


def test_garbage_instead_of_http():
    async def handler(reader, writer):
        await read_request(reader)
        writer.write(b"SSH-2.0-OpenSSH\r\n\r\n")
        await writer.drain()
        writer.close()

    async def go():
        server, port = await serve(handler)
        egress, _ = make_egress()
        session = egress.prepare(time.monotonic() + 5)
        with pytest.raises(OperationError) as info:
            await session["fetch"]({"url": f"http://127.0.0.1:{port}/"})
        await egress.aclose()
        server.close()
        return info.value
    assert asyncio.run(go()).code == "ECONNRESET"


def test_headers_from_the_guest_are_checked_and_framing_is_the_hosts():
    seen = []

    async def handler(reader, writer):
        seen.append(await read_request(reader))
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
        await writer.drain()
        writer.close()

    async def go():
        server, port = await serve(handler)
        egress, _ = make_egress()
        session = egress.prepare(time.monotonic() + 5)
        url = f"http://127.0.0.1:{port}/"
        errors = []
        for headers in ([["x-a", "1\r\nx-injected: 1"]], [["bad name", "1"]]):
            try:
                await session["fetch"]({"url": url, "headers": headers})
            except OperationError as exc:
                errors.append(exc.code)
        await session["fetch"]({"url": url, "method": "POST", "body": "hello",
                                "headers": [["Content-Length", "999"], ["Transfer-Encoding", "chunked"],
                                            ["Connection", "upgrade"], ["X-Case", "Kept"],
                                            ["Accept-Encoding", "br, gzip;q=0.8, zstd"]]})
        await egress.aclose()
        server.close()
        return errors
    errors = asyncio.run(go())
    assert errors == ["ERR_INVALID_CHAR", "ERR_INVALID_HTTP_TOKEN"]
    assert len(seen) == 1
    request = seen[0].decode()
    assert "Content-Length: 5\r\n" in request or "content-length: 5\r\n" in request.lower()
    assert "transfer-encoding" not in request.lower() and "upgrade" not in request.lower()
    assert "X-Case: Kept\r\n" in request                  # names as the guest wrote them
    assert "Accept-Encoding: gzip;q=0.8\r\n" in request   # only what the host can decode


def test_abort_stops_the_upstream_request():

    async def go():
        disconnected = asyncio.Event()

        async def handler(reader, writer):
            await read_request(reader)
            await reader.read()        # until the client goes away
            disconnected.set()
            writer.close()

        server, port = await serve(handler)
        egress, _ = make_egress()
        session = egress.prepare(time.monotonic() + 5)
        task = asyncio.ensure_future(session["fetch"]({"url": f"http://127.0.0.1:{port}/", "token": 7}))
        await asyncio.sleep(0.1)
        await session["fetch_abort"]({"token": 7})
        with pytest.raises(OperationError) as info:
            await task
        await asyncio.wait_for(disconnected.wait(), 2)
        await egress.aclose()
        server.close()
        return info.value, [e.kind for e in session.events]
    error, kinds = asyncio.run(go())
    assert (error.name, error.code) == ("AbortError", "ABORT_ERR")
    assert kinds == ["aborted"]


def test_invocation_deadline_leaves_a_margin():
    async def handler(reader, writer):
        await read_request(reader)
        await asyncio.sleep(5)

    async def go():
        server, port = await serve(handler)
        egress, _ = make_egress()
        started = time.monotonic()
        session = egress.prepare(started + 0.5)
        with pytest.raises(OperationError) as info:
            await session["fetch"]({"url": f"http://127.0.0.1:{port}/"})
        elapsed = time.monotonic() - started
        late = egress.prepare(time.monotonic() - 1)
        with pytest.raises(OperationError) as none_left:
            await late["fetch"]({"url": f"http://127.0.0.1:{port}/"})
        await egress.aclose()
        server.close()
        return info.value, elapsed, none_left.value
    error, elapsed, none_left = asyncio.run(go())
    assert error.code == "ETIMEDOUT" and "the time the invocation had left" in str(error)
    assert 0.3 < elapsed < 0.5           # 100 ms before the invocation's end
    assert none_left.code == "ETIMEDOUT" and "no time left" in str(none_left)
