"""Fuzz the path of one request through the host: HTTP request parts ->
params, headers and body (runtime/http/requests) -> the function's
``context`` (runtime/invoke.build_context) -> encoded for the guest; and a
function's output -> ``normalise`` -> ``checked`` -> the log record.

Invariants: only the documented errors come out (RequestError for a bad
request, InvalidResponse for a bad answer); the context is JSON-encodable
(the engine encodes it with msgspec); the answer is valid HTTP -- status
100-599, header names tokens, values free of CR, LF, NUL and other control
characters, exactly what h11 (Hypercorn's HTTP/1.1) accepts; the log record
renders.  Coverage-guided (atheris).

    python fuzz/context.py --seconds 30
"""

from __future__ import annotations

import asyncio
import re
import sys
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402
from _reader import SKIP_KNOWN, Reader  # noqa: E402

NAME = "context"
_mods: SimpleNamespace | None = None
_TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_BAD_VALUE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def _setup() -> None:
    global _mods
    if _mods is not None:
        return
    with _harness.instrument(["runtime.invoke", "runtime.http", "runtime.logs"]):
        import runtime.http.requests as requests
        import runtime.http.responses as responses
        import runtime.invoke as inv
        import runtime.logs as logs
    import h11
    import msgspec
    from runtime.engine import Limits, LogLine, Result
    _mods = SimpleNamespace(requests=requests, responses=responses, inv=inv, logs=logs, h11=h11,
                            msgspec=msgspec, Limits=Limits, LogLine=LogLine, Result=Result)


def _receive_from(body: bytes, chunks: int):
    parts = [body[i::chunks] for i in range(chunks)] if chunks > 1 else [body]
    messages = [{"type": "http.request", "body": p, "more_body": i < len(parts) - 1} for i, p in enumerate(parts)]

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}
    return receive


def _request(r: Reader):
    m = _mods
    method = r.choice(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "get", r.raw(8).decode("latin-1")])
    raw_headers = [(r.raw(24).lower() or b"x", r.raw(64)) for _ in range(r.int(6))]
    if r.bool():
        raw_headers.append((b"content-type", r.choice([b"application/json", b"application/x-www-form-urlencoded",
                                                         b"text/plain", b"application/vnd.x+json", r.raw(32)])))
    if r.bool():
        raw_headers.append((b"cookie", r.raw(40)))
    query = r.raw(80)
    kind = r.int(4)
    if kind == 0:
        body = r.raw(400)
    elif kind == 1:
        body = m.msgspec.json.encode(_safe(r.json()))
    elif kind == 2:
        body = b"[" * r.int(3000) + b"]" * r.int(3000)
    else:
        body = r.raw(200).replace(b"\0", b"&")
    headers = m.requests.header_map(raw_headers)
    params = m.requests.query_params(query)
    content_length = headers.get("content-length")
    try:
        if method in m.requests.BODY_METHODS:
            raw = asyncio.run(m.requests.read_body(_receive_from(body, 1 + r.int(3)), content_length,
                                                   limit=1 + r.int(2000)))
            parsed, form = m.requests.parse_body(method, m.requests.media_type(headers.get("content-type")), raw)
            m.requests.add_params(params, form)
        else:
            parsed = {}
    except m.requests.RequestError as exc:
        if not (400 <= exc.status <= 499 and exc.message):
            raise _harness.Finding(f"RequestError {exc.status} {exc.message!r}")
        return None
    except m.requests.ClientGone:
        return None
    return m.inv.FunctionRequest(method=method, endpoint="fuzz", params=params, headers=headers, body=parsed,
                                 request_id="req")


def _safe(v, depth=0):
    """Drop lone surrogates (msgspec refuses to encode them, and a request
    body cannot carry them: msgspec refuses to decode them) and nesting past
    what msgspec encodes (the raw-bracket bodies test depth)."""
    if depth > 200:
        return None
    if isinstance(v, str):
        return v.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(v, list):
        return [_safe(x, depth + 1) for x in v]
    if isinstance(v, dict):
        return {_safe(k, depth + 1): _safe(x, depth + 1) for k, x in v.items()}
    return v


def _output(r: Reader):
    kind = r.int(4)
    if kind == 0:
        return r.json()
    out = {}
    if r.int(4):
        out["statusCode"] = r.choice([r.number(), r.text(8), r.json(), 200, "404"])
    if r.int(3):
        out["headers"] = {r.text(16): r.choice([r.text(32), r.number(), r.json(), True, None]) for _ in range(r.int(5))}
    if r.int(4) == 0:
        out["multiValueHeaders"] = {r.text(16): [r.text(32) for _ in range(r.int(3))] if r.bool() else r.json()
                                    for _ in range(r.int(3))}
    if r.int(4):
        out["body"] = r.json()
    return out


def _valid_http(resp) -> None:
    m = _mods
    if not isinstance(resp.status, int) or not 100 <= resp.status <= 599:
        raise _harness.Finding(f"status {resp.status!r}")
    if not isinstance(resp.body, bytes):
        raise _harness.Finding("body is not bytes")
    for name, value in resp.headers:
        if not isinstance(name, str) or not _TOKEN.match(name):
            raise _harness.Finding(f"header name {name[:80]!r} is not an HTTP token")
        if not isinstance(value, str) or _BAD_VALUE.search(value):
            raise _harness.Finding(f"header {name[:80]!r} value {value[:80]!r} holds a control character")
    conn = m.h11.Connection(m.h11.SERVER)
    conn.receive_data(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    conn.next_event()
    headers = [(n.lower().encode("latin-1"), v.encode("utf-8")) for n, v in resp.headers
               if n.lower() not in ("content-length", "transfer-encoding", "connection")]
    try:
        conn.send(m.h11.Response(status_code=resp.status, headers=headers))
    except m.h11.LocalProtocolError as exc:
        if resp.status >= 200:
            raise _harness.Finding(f"h11 refuses the answer: {exc}")


def check(data: bytes) -> None:
    _setup()
    m = _mods
    r = Reader(data)
    request = _request(r)
    if request is not None:
        compiled = SimpleNamespace(secrets={"S": "v"}, missing_secrets=(), endpoint=SimpleNamespace(key="fuzz"))
        budget = m.inv.BudgetView(executionsRemaining=r.int(1000), timeRemaining=r.int(600000))
        context = m.inv.build_context(compiled, request, r.int(10 ** 6), budget)
        encoded = m.msgspec.json.encode({"t": "invoke", "input": context})
        if m.msgspec.json.decode(encoded)["input"]["method"] != request.method:
            raise _harness.Finding("context does not round-trip")
    output = _output(r)
    try:
        response = m.inv.normalise(output)
    except m.inv.InvalidResponse as exc:
        response = m.inv.error_response(500, f"The function's response is not valid: {exc}.", "req")
    response = m.responses.checked(response, "req")
    _valid_http(response)
    # The record of the invocation renders whatever the guest printed, and when.
    lines = [m.LogLine(r.number() if r.bool() and not SKIP_KNOWN else 1.7e12, _safe(r.choice(["INFO", "WARN", "ERROR", r.text(8)])), _safe(r.text(64)))
             for _ in range(r.int(4))]
    result = m.Result(output=output, logs=lines, logs_dropped=r.int(3), fuel=r.int(10 ** 9), wall_ms=r.int(10 ** 4),
                      memory_bytes=r.int(2 ** 27))
    compiled = SimpleNamespace(secrets={}, missing_secrets=(), endpoint=SimpleNamespace(key="fuzz"))
    req = request or m.inv.FunctionRequest(method="GET", endpoint="fuzz")
    outcome = m.inv.finish(compiled, req, "req", 1, 1.7e9, result, m.Limits())
    _valid_http(m.responses.checked(outcome.response, "req"))
    m.msgspec.json.encode(outcome.record)


def main(argv=None) -> int:
    return _harness.main(NAME, check, setup=_setup, argv=argv, libfuzzer_flags=("-max_len=2048", "-timeout=10"))


if __name__ == "__main__":
    sys.exit(main())
