"""The upstream the egress tests talk to: a Starlette app under Hypercorn on
127.0.0.1, run in a process of its own (``python -m tests.egress.upstream FD``
with a listening socket passed in; ``FD CERT KEY`` serves HTTPS), so that it
competes with the engine under test for no lock.  ``GET /_stats`` tells the tests what it saw.

It exits when its parent goes away.
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import json
import os
import sys
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

ALL = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


class Stats:
    def __init__(self) -> None:
        self.hits: dict[str, int] = {}
        self.active = 0
        self.peak = 0

    def count(self, name: str) -> None:
        self.hits[name] = self.hits.get(name, 0) + 1


def app() -> Starlette:
    stats = Stats()
    count = stats.count

    async def echo(request: Request) -> Response:
        count("echo")
        body = await request.body()
        try:
            text = body.decode()
        except UnicodeDecodeError:
            text = None
        try:
            parsed = json.loads(body) if body else None
        except ValueError:
            parsed = None
        headers: dict[str, Any] = {}
        for k, v in request.headers.items():
            headers[k] = v if k not in headers else headers[k] + ", " + v
        return JSONResponse({
            "method": request.method, "path": request.url.path, "query": request.url.query,
            "args": {k: request.query_params.getlist(k) for k in request.query_params.keys()},
            "headers": headers, "body": text, "bodyBase64": base64.b64encode(body).decode(), "json": parsed,
        }, headers={"x-echo": "yes"})

    async def text(request: Request) -> Response:
        count("text")
        return PlainTextResponse("hello, world", headers={"x-custom": "1"})

    async def status(request: Request) -> Response:
        code = int(request.path_params["code"])
        count(f"status/{code}")
        return JSONResponse({"error": f"status {code}", "code": code}, status_code=code)

    async def redirect(request: Request) -> Response:
        count("redirect")
        n = int(request.path_params["n"])
        code = int(request.query_params.get("status", "302"))
        target = f"/redirect/{n - 1}?status={code}" if n > 1 else "/echo?redirected=1"
        return RedirectResponse(target, status_code=code)

    async def redirect_to(request: Request) -> Response:
        count("redirect-to")
        return RedirectResponse(request.query_params["url"], status_code=int(request.query_params.get("status", "302")))

    async def sleep(request: Request) -> Response:
        count("sleep")
        ms = int(request.query_params.get("ms", "500"))
        stats.active += 1
        stats.peak = max(stats.peak, stats.active)
        try:
            await asyncio.sleep(ms / 1000)
        finally:
            stats.active -= 1
        return JSONResponse({"slept": ms})

    async def data(request: Request) -> Response:
        count("bytes")
        n = int(request.query_params.get("n", "16"))
        payload = bytes(i % 251 for i in range(n))
        if request.query_params.get("chunked"):
            async def chunks():
                for i in range(0, n, 65536):
                    yield payload[i:i + 65536]
            return StreamingResponse(chunks(), media_type="application/octet-stream")
        return Response(payload, media_type="application/octet-stream")

    async def gzipped(request: Request) -> Response:
        n = int(request.query_params.get("n", "1000"))
        return Response(gzip.compress(b"a" * n), headers={"content-encoding": "gzip", "content-type": "text/plain"})

    async def cookies(request: Request) -> Response:
        response = PlainTextResponse("ok")
        response.headers.append("set-cookie", "a=1; Path=/")
        response.headers.append("set-cookie", "b=2; Path=/")
        response.headers.append("x-multi", "one")
        response.headers.append("x-multi", "two")
        return response

    async def latin(request: Request) -> Response:
        return Response(b"caf\xe9 \xff", media_type="text/plain; charset=latin-1")

    async def bom(request: Request) -> Response:
        return Response(b"\xef\xbb\xbf" + json.dumps({"bom": True}).encode(), media_type="application/json")

    async def empty(request: Request) -> Response:
        return Response(status_code=int(request.query_params.get("status", "204")))

    async def not_json(request: Request) -> Response:
        return Response("<html>nope</html>", media_type="application/json")

    async def get_stats(request: Request) -> Response:
        out = {"hits": stats.hits, "active": stats.active, "peak": stats.peak}
        if request.query_params.get("reset"):
            stats.peak = stats.active
        return JSONResponse(out)

    return Starlette(routes=[
        Route("/echo", echo, methods=ALL),
        Route("/echo/{rest:path}", echo, methods=ALL),
        Route("/text", text),
        Route("/status/{code}", status, methods=ALL),
        Route("/redirect/{n}", redirect, methods=ALL),
        Route("/redirect-to", redirect_to, methods=ALL),
        Route("/sleep", sleep),
        Route("/bytes", data),
        Route("/gzip", gzipped),
        Route("/cookies", cookies),
        Route("/latin", latin),
        Route("/bom", bom),
        Route("/empty", empty),
        Route("/not-json", not_json),
        Route("/_stats", get_stats),
    ])


async def serve_fd(fd: int, certfile: str | None = None, keyfile: str | None = None) -> None:
    from hypercorn.asyncio import serve
    from hypercorn.config import Config

    config = Config()
    config.bind = [f"fd://{fd}"]
    if certfile:
        config.certfile, config.keyfile = certfile, keyfile     # HTTPS
    config.accesslog = None
    config.errorlog = None
    config.backlog = 1024
    config.keep_alive_timeout = 30
    parent = os.getppid()
    stop = asyncio.Event()

    async def watch_parent() -> None:
        while os.getppid() == parent:
            await asyncio.sleep(0.5)
        stop.set()

    asyncio.ensure_future(watch_parent())
    await serve(app(), config, shutdown_trigger=stop.wait)


if __name__ == "__main__":
    asyncio.run(serve_fd(int(sys.argv[1]), *sys.argv[2:4]))
