"""Writing answers: a function's response as HTTP, and the JSON error body
every failure gets.

Every response carries ``X-Request-Id`` (the id of the invocation's log
record); answers from function routes also carry
``Access-Control-Allow-Origin: *`` unless the function set its own, since
the preflight answer allows any origin.
"""

from __future__ import annotations

import re
from typing import Awaitable, Callable, Iterable

from runtime.invoke import FunctionResponse, error_response

from .requests import MAX_BODY_BYTES

REQUEST_ID_HEADER = "x-request-id"
Send = Callable[[dict], Awaitable[None]]
RawHeaders = list[tuple[bytes, bytes]]

#: Framing is the server's business: a function's Content-Length could lie.
_FRAMING = frozenset({"content-length", "transfer-encoding", "connection", "keep-alive", "upgrade",
                      "te", "trailer", "proxy-connection"})
_TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
CORS_HEADERS: RawHeaders = [(b"access-control-allow-origin", b"*"),
                            (b"access-control-expose-headers", REQUEST_ID_HEADER.encode())]


def checked(response: FunctionResponse, request_id: str) -> FunctionResponse:
    """*response*, or a 500 saying why HTTP cannot carry it."""
    problem = None
    if response.status < 200:
        problem = f"statusCode {response.status} is an informational status, not an answer"
    elif len(response.body) > MAX_BODY_BYTES:
        problem = f"the body is larger than {MAX_BODY_BYTES // (1024 * 1024)} MB"
    else:
        problem = next((f"{name!r} is not a valid header name" for name, _ in response.headers
                        if not _TOKEN.match(name)), None)
    if problem is None:
        return response
    return error_response(500, f"The function's response is not valid: {problem}.", request_id)


def failure(status: int, message: str, request_id: str,
            headers: Iterable[tuple[str, str]] = ()) -> FunctionResponse:
    base = error_response(status, message, request_id)
    return FunctionResponse(status, [*base.headers, *headers], base.body)


async def send_response(send: Send, response: FunctionResponse, *, cors: bool = True) -> None:
    bodiless = response.status in (204, 304)
    body = b"" if bodiless else response.body
    headers: RawHeaders = []
    own_origin = False
    for name, value in response.headers:
        lower = name.lower()
        if lower in _FRAMING:
            continue
        own_origin = own_origin or lower == "access-control-allow-origin"
        headers.append((lower.encode("latin-1"), value.encode("utf-8")))
    if cors:
        headers += CORS_HEADERS[1:] if own_origin else CORS_HEADERS
    if not bodiless:
        headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
