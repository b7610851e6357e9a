"""``GET /_fnbox/logs/<endpoint>?limit=&after=``: log records as JSON, for dashboards.

    {"records": [...newest first...], "next": 1234}

``next`` goes into ``after`` to fetch the following (older) page; it is
null on the last page.  Logs may hold personal data, so the route answers
only requests bearing the configured token (``Authorization: Bearer``), or,
when no token is configured, only clients on the same machine.
"""

from __future__ import annotations

import hmac
import sqlite3
from typing import Callable

import msgspec
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .store import MAX_PAGE, LogStore

PATH = "/_fnbox/logs/{endpoint:path}"
DEFAULT_LIMIT = 20
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})

#: the account a request is about (by its Host header), or None
AccountOf = Callable[[Request], "int | None"]


def _json(status: int, body) -> Response:
    return Response(msgspec.json.encode(body), status, media_type="application/json")


def _whole_number(request: Request, name: str, default: int | None, low: int, high: int) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, not {raw!r}")
    return int(raw)


def allowed(request: Request, token: str | None) -> bool:
    if token is None:
        return request.client is not None and request.client.host in LOOPBACK
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(), token.encode())


def logs_route(store: LogStore, account_of: AccountOf, *, token: str | None) -> Route:
    async def endpoint(request: Request) -> Response:
        if not allowed(request, token):
            return _json(403, {"message": "Logs need the token configured for this server "
                                          "(Authorization: Bearer <token>)" if token is not None else
                                          "Without a configured token, logs are served only to this machine."})
        account_id = account_of(request)
        if account_id is None:
            return _json(404, {"message": "No account is served at this host."})
        try:
            limit = _whole_number(request, "limit", DEFAULT_LIMIT, 1, MAX_PAGE)
            after = _whole_number(request, "after", None, 0, 2 ** 63 - 1)
        except ValueError as exc:
            return _json(400, {"message": str(exc)})
        try:
            # SQLite calls block: keep them off the event loop.
            page = await run_in_threadpool(store.page, account_id, request.path_params["endpoint"],
                                           limit=limit, after=after)
        except sqlite3.Error as exc:
            return _json(503, {"message": f"The log store cannot be read now: {exc}."})
        return _json(200, page)

    return Route(PATH, endpoint, methods=["GET"])
