"""One invocation of a HubSpot-style function: request in, normalised
response and log record out.

``context`` is built exactly as HubSpot builds it (see
``spec/hubspot-functions.md``); the function may answer through
``sendResponse`` or by returning (or resolving to) the response.  Whatever
happens, the caller gets an HTTP-shaped :class:`FunctionResponse` and a
:class:`~runtime.logs.LogRecord`.
"""

from __future__ import annotations

import random
import re
import time
from typing import TYPE_CHECKING, Any, Iterable, Mapping

import msgspec

from runtime.engine import (Capability, CpuLimitError, Engine, JavaScriptError, Limits, LogLine,
                            MemoryLimitError, NoResponseError, Result, SandboxError,
                            TimeLimitError)
from runtime.functions.bundle import CompiledEndpoint
from runtime.logs import LogError, LogRecord, render_console
from runtime.secrets.exposure import contains_secret, refusal_message
from runtime.secrets.redact import Redactor

if TYPE_CHECKING:
    from runtime.egress import Egress

#: Request headers a function sees, as HubSpot passes them.
CONTEXT_HEADERS = frozenset({
    "accept", "accept-encoding", "accept-language", "cache-control", "connection", "cookie", "host",
    "true-client-ip", "upgrade-insecure-requests", "user-agent", "x-forwarded-for",
})


#: RFC 9110 token characters for a header name; control characters other than
#: tab are refused in values (HTTP/1.1 cannot carry them).  The HTTP layer
#: checks answers with the same patterns.
HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
HEADER_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


class FunctionRequest(msgspec.Struct, frozen=True, kw_only=True):
    """What the HTTP layer (or ``fnbox invoke``) extracted from a request."""

    method: str
    endpoint: str
    #: query string and form values, each name with all its values
    params: dict[str, list[str]] = {}
    headers: dict[str, str] = {}
    body: Any = None
    contact: Any = None
    request_id: str = ""


class FunctionResponse(msgspec.Struct, frozen=True):
    status: int
    headers: list[tuple[str, str]]
    body: bytes


class BudgetView(msgspec.Struct, frozen=True):
    """What is left of the account's execution budget, for context.limits."""

    executionsRemaining: int = 0
    timeRemaining: int = 0


class InvalidResponse(Exception):
    """The function's response cannot be turned into HTTP."""


def build_context(compiled: CompiledEndpoint, request: FunctionRequest, account_id: int,
                  budget: BudgetView) -> dict[str, Any]:
    body = request.body if request.body is not None else {}
    return {
        "accountId": account_id,
        "body": body,
        "params": request.params,
        "headers": {k: v for k, v in request.headers.items() if k.lower() in CONTEXT_HEADERS},
        "contact": request.contact,
        "limits": msgspec.to_builtins(budget),
        "secrets": dict(compiled.secrets),
        "method": request.method,
        "endpoint": compiled.endpoint.key,
    }


def _header_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    return msgspec.json.encode(value).decode()


def normalise(output: Any) -> FunctionResponse:
    """HubSpot's response rules: missing status -> 200, object or array body
    -> JSON, string body -> as is (text/html unless a header says otherwise),
    ``headers`` and ``multiValueHeaders`` (repeated headers such as cookies)."""
    try:
        return _normalise(output)
    except RecursionError:
        raise InvalidResponse("the response is nested too deeply") from None
    except UnicodeError:
        raise InvalidResponse("a header of the response holds text that is not valid Unicode") from None


def _brief(value: Any) -> str:
    """A short description of a value from the function, safe to print."""
    if isinstance(value, (int, float, bool)) or value is None:
        return repr(value)
    if isinstance(value, str):
        return repr(value[:40])
    return f"a value of type {type(value).__name__}"


def _normalise(output: Any) -> FunctionResponse:
    if not isinstance(output, dict):
        raise InvalidResponse("the response must be an object like {statusCode, body, headers}, "
                              f"not {type(output).__name__ if output is not None else 'null'}")
    status = output.get("statusCode", 200)
    if isinstance(status, str) and status.isascii() and status.isdigit() and len(status) <= 3:
        status = int(status)
    if not isinstance(status, int) or isinstance(status, bool) or not 200 <= status <= 599:
        raise InvalidResponse(f"statusCode must be an HTTP status between 200 and 599, not {_brief(status)}")
    headers: list[tuple[str, str]] = []
    raw_headers = output.get("headers") or {}
    if not isinstance(raw_headers, dict):
        raise InvalidResponse("headers must be an object of header names to values")
    for name, value in raw_headers.items():
        if value is not None:
            headers.append((str(name), _header_value(value)))
    multi = output.get("multiValueHeaders") or {}
    if not isinstance(multi, dict):
        raise InvalidResponse("multiValueHeaders must be an object of header names to arrays of values")
    for name, values in multi.items():
        for value in values if isinstance(values, list) else [values]:
            headers.append((str(name), _header_value(value)))
    for name, value in headers:
        value.encode()      # a lone surrogate cannot go on the wire
        if not name or not HEADER_NAME.fullmatch(name) or HEADER_CONTROL.search(value):
            raise InvalidResponse(f"header {name[:100]!r} has an invalid name or a control character in its value")
    has_type = any(name.lower() == "content-type" for name, _ in headers)
    body = output.get("body")
    if body is None:
        data = b""
    elif isinstance(body, str):
        data = body.encode("utf-8", "replace")
        if not has_type:
            headers.append(("content-type", "text/html; charset=utf-8"))
    else:
        try:
            data = msgspec.json.encode(body)
        except RecursionError:
            raise InvalidResponse("the body is nested too deeply to be sent as JSON") from None
        if not has_type:
            headers.append(("content-type", "application/json"))
    return FunctionResponse(status, headers, data)


def new_id() -> str:
    """A random 128-bit id (uuid4 costs several times more, per request)."""
    return f"{random.getrandbits(128):032x}"


def error_response(status: int, message: str, request_id: str) -> FunctionResponse:
    body = msgspec.json.encode({"message": message, "requestId": request_id})
    return FunctionResponse(status, [("content-type", "application/json")], body)


def _failure(error: SandboxError) -> tuple[int, str, str]:
    """HTTP status, log status and a message a person can act on."""
    if isinstance(error, TimeLimitError):
        return 504, "ERROR", f"The function did not finish in time: {error.message}."
    if isinstance(error, CpuLimitError):
        return 504, "ERROR", f"The function used too much CPU: {error.message}."
    if isinstance(error, MemoryLimitError):
        return 500, "ERROR", f"The function ran out of memory: {error.message}."
    if isinstance(error, NoResponseError):
        return 500, "ERROR", f"The function did not respond: {error.message}."
    if isinstance(error, JavaScriptError):
        return 500, "UNHANDLED_ERROR", f"The function threw an error: {error}"
    return 500, "ERROR", f"The function failed: {error.message}"


def _log_error(error: SandboxError) -> LogError:
    if isinstance(error, JavaScriptError):
        frames = [line.strip() for line in error.stack.splitlines() if line.strip()]
        return LogError(error.name, error.js_message, frames)
    return LogError(error.kind, error.message)


class Outcome(msgspec.Struct, frozen=True):
    response: FunctionResponse
    record: LogRecord
    result: Result


async def invoke(engine: Engine, compiled: CompiledEndpoint, request: FunctionRequest, *,
                 account_id: int = 1, budget: BudgetView | None = None,
                 limits: Limits | None = None, deterministic: bool = False, seed: int = 0,
                 capabilities: Mapping[str, Capability] | None = None,
                 egress: "Egress | None" = None, refuse_secret_responses: bool = False) -> Outcome:
    """Run *compiled* for *request*.  *egress* grants ``fetch`` (under the
    folder's policy); *capabilities* adds host operations of the embedder's."""
    request_id = request.request_id or new_id()
    created = time.time()
    limits = limits or engine.limits
    context = build_context(compiled, request, account_id, budget or BudgetView())
    caps: Mapping[str, Capability] = capabilities or {}
    session = None
    if egress is not None:
        session = egress.on_demand(time.monotonic() + limits.wall_ms / 1000, folder=compiled.folder.path)
        caps = {**session, **caps} if caps else session
    result = await engine.invoke(compiled.unit, context, limits=limits, deterministic=deterministic,
                                 seed=seed, capabilities=caps)
    return finish(compiled, request, request_id, account_id, created, result, limits,
                  extra_lines=session.log_lines() if session is not None else (),
                  refuse_secret_responses=refuse_secret_responses)


def finish(compiled: CompiledEndpoint, request: FunctionRequest, request_id: str, account_id: int,
           created: float, result: Result, limits: Limits, *, extra_lines: Iterable[LogLine] = (),
           refuse_secret_responses: bool = False) -> Outcome:
    """Turn an engine result into the HTTP response and the log record.

    Secret values the endpoint was granted are redacted from everything the
    log keeps and from error messages sent to the caller; a response body
    that carries one is flagged (or refused, with *refuse_secret_responses*)."""
    redactor = Redactor(compiled.secrets) if compiled.secrets else None
    error: LogError | None = None
    leaked: list[str] = []
    if result.error is None:
        try:
            response = normalise(result.output)
            status = "HANDLED_ERROR" if response.status >= 500 else "SUCCESS"
            leaked = contains_secret(response.body, compiled.secrets) if compiled.secrets else []
            if leaked and refuse_secret_responses:
                message = refusal_message(leaked)
                response = error_response(500, message, request_id)
                status, error = "ERROR", LogError("SecretInResponse", message)
        except InvalidResponse as exc:
            response = error_response(500, f"The function's response is not valid: {exc}.", request_id)
            status, error = "ERROR", LogError("InvalidResponse", str(exc))
    else:
        http, status, message = _failure(result.error)
        response = error_response(http, redactor.redact(message) if redactor else message, request_id)
        error = _log_error(result.error)
    lines = [*result.logs, *extra_lines]
    if extra_lines:
        lines.sort(key=lambda line: line.time_ms)
    if redactor:
        # before the 4 KB cut, which could leave half a value behind
        lines = redactor.redact_lines(lines)
    mb = limits.memory_bytes // (1024 * 1024)
    record = LogRecord(
        id=new_id(), requestId=request_id, accountId=account_id,
        endpoint=compiled.endpoint.key, method=request.method, status=status,
        httpStatus=response.status, executionTime=round(result.wall_ms), createdAt=int(created * 1000),
        log=render_console(lines, result.logs_dropped), error=error,
        memory=f"{result.memory_bytes / (1024 * 1024):.0f}/{mb} MB", fuel=result.fuel,
        missingSecrets=list(compiled.missing_secrets), secretsInResponse=leaked,
    )
    if redactor:
        record = redactor.redact_record(record)
    return Outcome(response, record, result)
