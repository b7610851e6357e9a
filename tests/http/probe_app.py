"""A small ASGI app that answers in the ways fnbox's own app never does (no
Content-Length, a short body, an unsendable header), served by Hypercorn
with ``fnbox serve``'s connection handling: ``python -m tests.http.probe_app PORT``."""

from __future__ import annotations

import asyncio
import json
import sys

import uvloop
from hypercorn.asyncio import serve
from hypercorn.config import Config

from runtime.http import wire

#: answers per connection before the server closes it
MAX_REQUESTS = 5
#: how long a connection may idle between requests (Hypercorn's default is 5 s)
KEEP_ALIVE_S = 2.0
#: how long ``/slow`` takes to answer: longer than the idle timeout
SLOW_S = 3.0
#: the targets of the requests whose app saw ``http.disconnect`` instead of the body's end
disconnected: list[str] = []


async def read_body(receive, scope) -> bytes:
    body = b""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            disconnected.append(f"{scope['path']}?{scope['query_string'].decode()}")
            raise ConnectionError("the client went away")
        body += message.get("body", b"")
        if not message.get("more_body"):
            return body


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    path = scope["path"]
    start = {"type": "http.response.start", "status": 200, "headers": []}
    if path == "/early":        # answers without reading the request's body
        body = b"early"
    elif path == "/info":
        body = json.dumps({
            "method": scope["method"], "path": scope["path"], "http_version": scope["http_version"],
            "query_string": scope["query_string"].decode(), "raw_path": scope["raw_path"].decode(),
            "headers": [[name.decode(), value.decode()] for name, value in scope["headers"]],
            "body": (await read_body(receive, scope)).decode(),
        }).encode()
    elif path == "/stream":     # no Content-Length: chunked, or until the connection closes
        await send(start)
        await send({"type": "http.response.body", "body": b"ab", "more_body": True})
        await send({"type": "http.response.body", "body": b"cd"})
        return
    elif path == "/short":      # ends before its Content-Length
        start["headers"] = [(b"content-length", b"10")]
        await send(start)
        await send({"type": "http.response.body", "body": b"12345"})
        return
    elif path == "/slow":
        await asyncio.sleep(SLOW_S)
        body = b"slow"
    elif path == "/disconnected":
        body = json.dumps(disconnected).encode()
    elif path == "/fail":       # fails before answering
        raise RuntimeError("the app failed")
    elif path == "/inject":     # a header value that would split the answer
        start["headers"] = [(b"x-a", b"1\r\nx-injected: yes")]
        body = b"never"
    else:
        start["status"], body = 404, b""
    start["headers"] = [*start["headers"], (b"content-length", b"%d" % len(body))]
    await send(start)
    await send({"type": "http.response.body", "body": body})


def main() -> None:
    config = Config()
    config.bind = [f"127.0.0.1:{sys.argv[1]}"]
    config.accesslog = "-"      # to stdout, which the tests read
    config.include_server_header = False
    config.keep_alive_max_requests = MAX_REQUESTS
    config.keep_alive_timeout = KEEP_ALIVE_S
    wire.install()
    uvloop.run(serve(app, config))


if __name__ == "__main__":
    main()
