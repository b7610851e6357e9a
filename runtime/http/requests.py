"""From an HTTP request to what a function sees: ``params``, ``body`` and
``headers``, by HubSpot's rules.

- ``params``: the query string, plus the fields of a form post, each name
  with all its values (``?a=1&a=2`` -> ``{"a": ["1", "2"]}``).
- ``body``: JSON for POST/PUT/PATCH/DELETE sent as ``application/json``; a
  form post's fields (one value as a string, several as a list); ``{}``
  for anything else, including GET and an empty body.  POST, PUT and PATCH
  with a body of any other type are refused (415): functions take JSON.
- Bodies over 6 MB are refused (413), whether ``Content-Length`` says so or
  the bytes keep coming.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Awaitable, Callable
from urllib.parse import parse_qsl

import msgspec

from runtime.functions.jsonfile import InvalidJson, parse_json

#: HubSpot's invocation payload limit.
MAX_BODY_BYTES = 6 * 1024 * 1024
#: methods whose JSON body the function receives
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: methods for which a body the function cannot read is an error, not ignored
JSON_ONLY_METHODS = frozenset({"POST", "PUT", "PATCH"})
FORM = "application/x-www-form-urlencoded"

Receive = Callable[[], Awaitable[dict]]


class RequestError(Exception):
    """The request cannot be passed to a function.  ``kind`` labels the
    error in metrics."""

    def __init__(self, status: int, message: str, kind: str):
        super().__init__(message)
        self.status = status
        self.message = message
        self.kind = kind


class ClientGone(Exception):
    """The client disconnected before sending the whole body."""


def header_map(raw: list[tuple[bytes, bytes]]) -> dict[str, str]:
    """Header names in lower case; repeated headers joined as HTTP allows."""
    headers: dict[str, str] = {}
    for name_b, value_b in raw:
        name, value = name_b.decode("latin-1").lower(), value_b.decode("latin-1")
        if name in headers:
            value = headers[name] + ("; " if name == "cookie" else ", ") + value
        headers[name] = value
    return headers


def query_params(query: bytes) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    if not query:
        return params
    for name, value in parse_qsl(query.decode("utf-8", "replace"), keep_blank_values=True):
        params.setdefault(name, []).append(value)
    return params


async def read_body(receive: Receive, declared: str | None, limit: int = MAX_BODY_BYTES) -> bytes:
    """The whole body, refusing it as soon as it is known to be over *limit*."""
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGone()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _too_large(limit: int) -> RequestError:
    return RequestError(413, f"The request body is larger than {limit // (1024 * 1024)} MB, "
                             "the most a function accepts.", "body_too_large")


def media_type(content_type: str | None) -> str:
    return (content_type or "").partition(";")[0].strip().lower()


def is_json(media: str) -> bool:
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


def parse_body(method: str, media: str, raw: bytes) -> tuple[Any, dict[str, list[str]]]:
    """The body a function sees and the form fields to add to its params."""
    if method not in BODY_METHODS or not raw.strip():
        return {}, {}
    if is_json(media):
        return decode_json(raw), {}
    if media == FORM:
        fields = query_params(raw)
        return {name: values[0] if len(values) == 1 else values for name, values in fields.items()}, fields
    if method in JSON_ONLY_METHODS:
        sent = f"a {media} body" if media else "a body without a Content-Type"
        raise RequestError(415, f"Functions take JSON: send the body as application/json "
                                f"(or a form as {FORM}), not {sent}.", "unsupported_media_type")
    return {}, {}


_BODY = Path("request body")


def decode_json(raw: bytes) -> Any:
    try:
        return msgspec.json.decode(raw)
    except (msgspec.DecodeError, UnicodeDecodeError):
        pass
    except RecursionError:
        raise _too_deep() from None
    # The slow path finds where it broke (and forgives a byte-order mark).
    try:
        return parse_json(raw, _BODY)
    except RecursionError:
        raise _too_deep() from None
    except InvalidJson as exc:
        problem = exc.problem
    if problem.line is None:
        # The only problem without a position: nesting past the parser's depth.
        raise _too_deep()
    reason = problem.message.removeprefix("Invalid JSON: ")
    raise RequestError(400, f"The request body is not valid JSON: {reason[:1].lower()}{reason[1:]} "
                            f"at line {problem.line}, column {problem.column}.", "invalid_json") from None


def _too_deep() -> RequestError:
    return RequestError(400, "The request body is not usable JSON: its arrays and objects are nested too "
                             "deeply (keep it to a few hundred levels).", "invalid_json")


def add_params(params: dict[str, list[str]], more: dict[str, list[str]]) -> dict[str, list[str]]:
    for name, values in more.items():
        params.setdefault(name, []).extend(values)
    return params
