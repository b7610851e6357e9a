"""Writing answers: a function's response as HTTP, and the JSON error body
every failure gets.

Every response carries ``X-Request-Id`` (the id of the invocation's log
record).  Answers from function routes to a request with an ``Origin``
(a browser's cross-origin call) also carry ``Access-Control-Allow-Origin: *``
unless the function set its own, since the preflight answer allows any
origin.  Without an ``Origin`` they would mean nothing, so they are left out,
as Starlette's ``CORSMiddleware`` does: each header costs every request.
"""

from __future__ import annotations

import re
from typing import Awaitable, Callable, Iterable

import msgspec

from runtime.invoke import HEADER_NAME, FunctionResponse, error_response

from .hooks import Admission
from .requests import MAX_BODY_BYTES

REQUEST_ID_HEADER = "x-request-id"
Send = Callable[[dict], Awaitable[None]]
RawHeaders = list[tuple[bytes, bytes]]

#: Framing is the server's business: a function's Content-Length could lie.
_FRAMING = frozenset({"content-length", "transfer-encoding", "connection", "keep-alive", "upgrade",
                      "te", "trailer", "proxy-connection"})
#: What a header value must not hold: control characters (tab is allowed)
#: and lone surrogates (not encodable).
_UNSENDABLE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f\ud800-\udfff]")
CORS_HEADERS: RawHeaders = [(b"access-control-allow-origin", b"*"),
                            (b"access-control-expose-headers", REQUEST_ID_HEADER.encode())]


def checked(response: FunctionResponse, request_id: str) -> FunctionResponse:
    """*response* as HTTP can carry it (see :func:`validate`), or a 500
    saying why it cannot."""
    sendable, problem = validate(response)
    if problem is None:
        return sendable
    return invalid_response(problem, request_id)


def invalid_response(problem: str, request_id: str) -> FunctionResponse:
    return error_response(500, f"The function's response is not valid: {problem}.", request_id)


def validate(response: FunctionResponse) -> tuple[FunctionResponse, str | None]:
    """*response* with header values stripped of surrounding blanks, and
    what keeps HTTP from carrying it, if anything: an informational status,
    a header name that is not a token, a header value with a control
    character, or more than 6 MB of body and headers together."""
    if response.status < 200:
        return response, f"statusCode {response.status} is an informational status, not an answer"
    size = len(response.body)
    headers = []
    for name, value in response.headers:
        if not HEADER_NAME.fullmatch(name):
            return response, f"{name[:100]!r} is not a valid header name"
        value = value.strip(" \t")
        bad = _UNSENDABLE.search(value)
        if bad is not None:
            what = "a lone surrogate" if bad.group() > "\x7f" else "the control character"
            return response, (f"the value of header {name!r} contains {what} U+{ord(bad.group()):04X}, "
                              "which HTTP cannot carry")
        size += len(name) + len(value.encode())
        headers.append((name, value))
    if size > MAX_BODY_BYTES:
        mb = MAX_BODY_BYTES // (1024 * 1024)
        return response, (f"the body is larger than {mb} MB" if len(response.body) > MAX_BODY_BYTES
                          else f"the body and headers together are larger than {mb} MB")
    if headers != response.headers:
        response = FunctionResponse(response.status, headers, response.body)
    return response, None


def budget_refusal(admission: Admission, request_id: str) -> FunctionResponse:
    """429: the account's budget is spent; the body names the limit and the
    seconds to wait (``Retry-After`` says the same)."""
    body = msgspec.json.encode({"message": admission.message, "requestId": request_id,
                                "limit": getattr(admission, "limit", None),   # budgets written before it
                                "retryAfter": int(admission.retry_after_header)})
    return FunctionResponse(429, [("content-type", "application/json"),
                                  ("retry-after", admission.retry_after_header)], body)


def failure(status: int, message: str, request_id: str,
            headers: Iterable[tuple[str, str]] = ()) -> FunctionResponse:
    base = error_response(status, message, request_id)
    return FunctionResponse(status, [*base.headers, *headers], base.body)


async def send_response(send: Send, response: FunctionResponse, *, cors: bool) -> None:
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
