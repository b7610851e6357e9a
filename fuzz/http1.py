"""Fuzz ``fnbox serve``'s HTTP/1.1 (:mod:`runtime.http.http1`): whatever
bytes a client sends, in whatever pieces, the connection answers with valid
HTTP/1.1 and nothing else.

The first byte of an input picks where the rest is cut into reads; the
reads go to an ``HTTP1Protocol`` serving an echo app, then the connection
closes.  Invariants: ``handle`` raises nothing but the hand-overs to HTTP/2
and never hangs; what is written splits into well-formed answers (status
line, token header names, no control characters in values, bodies framed by
Content-Length or chunks, or last); nothing is written after the connection
closes; every app hears ``http.disconnect`` in the end.  Coverage-guided
(atheris) over runtime.http.http1.

    python fuzz/http1.py --seconds 30
"""

from __future__ import annotations

import asyncio
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402
from hypercorn.app_wrappers import ASGIWrapper  # noqa: E402
from hypercorn.asyncio.task_group import TaskGroup  # noqa: E402
from hypercorn.asyncio.worker_context import WorkerContext  # noqa: E402
from hypercorn.config import Config  # noqa: E402
from hypercorn.events import Closed, RawData  # noqa: E402
from hypercorn.protocol.h11 import H2CProtocolRequiredError, H2ProtocolAssumedError  # noqa: E402
from hypercorn.typing import ConnectionState  # noqa: E402

NAME = "http1"
#: a hang in the protocol, not a slow machine
TIMEOUT_S = 5
_STATUS = re.compile(rb"HTTP/1\.1 [1-5][0-9][0-9] [^\r\n]*")
_FIELD = re.compile(rb"([-!#$%&'*+.^_`|~0-9A-Za-z]+): ?([^\x00-\x08\x0a-\x1f\x7f]*)")
_http1 = None
_loop: asyncio.AbstractEventLoop | None = None
#: apps of the current input that heard http.disconnect
_heard = [0]


def _setup() -> None:
    global _http1, _loop
    with _harness.instrument(["runtime.http.http1"]):
        from runtime.http import http1
    _http1 = http1
    _loop = asyncio.new_event_loop()


def _fail(why: str, data: bytes) -> None:
    raise _harness.Finding(f"{why} (input {data[:200]!r})")


def _reads(data: bytes) -> list[bytes]:
    """The input after its first byte, cut every ``first byte + 1`` bytes (1-256)."""
    if not data:
        return []
    step, rest = data[0] + 1, data[1:]
    return [rest[i:i + step] for i in range(0, len(rest), step)]


def _answers(out: bytes, data: bytes) -> int:
    """How many well-formed answers *out* holds (a Finding if it is not only that)."""
    count = 0
    while out:
        head, sep, out = out.partition(b"\r\n\r\n")
        if not sep:
            _fail(f"an answer's head does not end: {head[:200]!r}", data)
        status, *fields = head.split(b"\r\n")
        if not _STATUS.fullmatch(status):
            _fail(f"bad status line {status!r}", data)
        headers = {}
        for field in fields:
            match = _FIELD.fullmatch(field)
            if match is None:
                _fail(f"bad header line {field!r}", data)
            headers[match[1].lower()] = match[2]
        count += 1
        code = int(status[9:12])
        if code < 200 or code in (204, 304) or headers.get(b"x-method") == b"HEAD":
            continue
        if b"content-length" in headers:
            length = int(headers[b"content-length"])
            if len(out) < length:
                _fail("a body shorter than its Content-Length", data)
            out = out[length:]
        elif headers.get(b"transfer-encoding") == b"chunked":
            while True:
                size_line, sep, out = out.partition(b"\r\n")
                if not sep or not re.fullmatch(rb"[0-9a-f]+", size_line):
                    _fail(f"bad chunk size {size_line[:50]!r}", data)
                size = int(size_line, 16)
                if out[size:size + 2] != b"\r\n":
                    _fail("a chunk without its CRLF", data)
                out = out[size + 2:]
                if size == 0:
                    break
        else:
            out = b""       # until the connection closes
    return count


async def echo(scope, receive, send):
    body = b""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            _heard[0] += 1
            return
        body += message["body"]
        if not message.get("more_body"):
            break
    if not isinstance(scope["path"], str) or any(name != name.lower() for name, _ in scope["headers"]):
        raise AssertionError(f"bad scope {scope!r}")
    # The method goes back too: an answer to HEAD has a length but no body.
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-length", b"%d" % len(body)), (b"x-method", scope["method"].encode())]})
    await send({"type": "http.response.body", "body": body})
    while (await receive())["type"] != "http.disconnect":
        pass
    _heard[0] += 1


async def _connection(reads: list[bytes], data: bytes) -> tuple[bytes, int]:
    """What the connection wrote, and how many apps it started."""
    written: list[bytes] = []
    closed = False

    async def send(event) -> None:
        nonlocal closed
        if type(event) is RawData:
            if closed:
                _fail("written after the connection closed", data)
            written.append(event.data)
        elif type(event) is Closed:
            closed = True

    config = Config()
    config.include_server_header = False
    spawned = 0
    async with TaskGroup(asyncio.get_running_loop()) as group:
        spawn = group.spawn_app

        async def counted(*args):
            nonlocal spawned
            spawned += 1
            return await spawn(*args)
        group.spawn_app = counted
        protocol = _http1.HTTP1Protocol(ASGIWrapper(echo), config, WorkerContext(None), group, ConnectionState({}),
                                        False, ("127.0.0.1", 1), ("127.0.0.1", 2), send)
        try:
            for read in reads:
                await protocol.handle(RawData(data=read))
                if closed:
                    break
        except (H2ProtocolAssumedError, H2CProtocolRequiredError):
            pass    # HTTP/2 takes the connection over: Hypercorn's to serve
        await protocol.handle(Closed())
    return b"".join(written), spawned


def check(data: bytes) -> None:
    if _http1 is None:
        _setup()
    _heard[0] = 0
    try:
        out, spawned = _loop.run_until_complete(asyncio.wait_for(_connection(_reads(data), data), TIMEOUT_S))
    except asyncio.TimeoutError:
        _fail(f"the connection hung for {TIMEOUT_S} s", data)
    answers = _answers(out, data)
    if _heard[0] != spawned:
        _fail(f"{spawned} apps ran, {_heard[0]} heard http.disconnect", data)
    if answers > spawned + 2:       # each request's, a 100 Continue or a 101, and one refusal
        _fail(f"{answers} answers to {spawned} requests", data)


def main(argv=None) -> int:
    return _harness.main(NAME, check, setup=_setup, argv=argv,
                         libfuzzer_flags=("-max_len=2048", "-timeout=20"))


if __name__ == "__main__":
    sys.exit(main())
