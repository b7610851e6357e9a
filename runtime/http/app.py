"""The ASGI application: function routes, health, metrics, request ids.

One request: find the account by Host, the endpoint by path, check the
method, read params and body, ask the budget, invoke in a fresh sandbox
(at most ``max_concurrency`` at once; the rest wait), charge, log, answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from pathlib import Path
from typing import Sequence

import msgspec
from rich.console import Console
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from runtime.engine import Engine
from runtime.invoke import FunctionRequest, FunctionResponse, invoke

from . import metrics as prometheus
from .config import ServerConfig, with_folders
from .console import make_console, print_problems
from .deployment import AccountSecrets, Deployment, no_secrets
from .hooks import Budget, LogSink, Unlimited, discard
from .requests import (
    BODY_METHODS,
    ClientGone,
    RequestError,
    add_params,
    header_map,
    media_type,
    parse_body,
    query_params,
    read_body,
)
from .responses import REQUEST_ID_HEADER, checked, failure, send_response
from .routing import ENDPOINT_KEY, PREFIXES, FunctionRoute
from .watch import watch

#: where the request id is kept in the ASGI scope
REQUEST_ID = "fnbox.request_id"
_ID_HEADER = REQUEST_ID_HEADER.encode()


class RequestIds:
    """Gives every request an id and every response the ``X-Request-Id``
    header, whichever route (or error handler) answers."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        # Ids find log records; they need to be unique, not secret, and
        # uuid4's urandom call costs ~15 us a request here.
        request_id = scope[REQUEST_ID] = f"{random.getrandbits(128):032x}"
        header = (_ID_HEADER, request_id.encode())

        async def send_with_id(message):
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        await self.app(scope, receive, send_with_id)


class FunctionHandler:
    def __init__(self, engine: Engine, deployment: Deployment, config: ServerConfig, *,
                 budget: Budget, log_sink: LogSink, metrics: prometheus.Metrics):
        self.engine = engine
        self.deployment = deployment
        self.deterministic = config.deterministic
        self.budget = budget
        self.log_sink = log_sink
        self.metrics = metrics
        self.slots = asyncio.Semaphore(config.max_concurrency)

    async def __call__(self, scope, receive, send) -> None:
        try:
            response = await self.answer(scope, receive, scope[REQUEST_ID])
        except ClientGone:
            return
        await send_response(send, response)

    async def answer(self, scope, receive, request_id: str) -> FunctionResponse:
        headers = header_map(scope["headers"])
        host = headers.get("host", "")
        site = self.deployment.site_for(host)
        if site is None:
            self.metrics.error("not_found")
            return failure(404, f"No account is served at host {host!r}.", request_id)
        compiled = site.routes.get(scope[ENDPOINT_KEY])
        if compiled is None:
            self.metrics.error("not_found")
            return failure(404, f"No function is served at {scope['path']}.", request_id)
        method = scope["method"]
        methods = compiled.endpoint.methods
        if method == "OPTIONS":
            return preflight(methods, headers)
        if method not in methods:
            self.metrics.error("method_not_allowed")
            return failure(405, f"{compiled.endpoint.key} answers {', '.join(methods)}, not {method}.",
                           request_id, [("allow", ", ".join((*methods, "OPTIONS")))])
        raw = b""
        try:
            params = query_params(scope["query_string"])
            body = {}
            if method in BODY_METHODS:
                raw = await read_body(receive, headers.get("content-length"))
                body, form = parse_body(method, media_type(headers.get("content-type")), raw)
                add_params(params, form)
        except RequestError as exc:
            self.metrics.error(exc.kind)
            return failure(exc.status, exc.message, request_id)
        admission = await self.budget.check(site.account_id, site.limits)
        if not admission.allowed:
            self.metrics.error("budget_exceeded")
            return failure(429, admission.message, request_id,
                           [("retry-after", admission.retry_after_header)])
        request = FunctionRequest(method=method, endpoint=compiled.endpoint.key, params=params,
                                  headers=headers, body=body, request_id=request_id)
        self.metrics.in_flight += 1
        try:
            async with self.slots:
                outcome = await invoke(self.engine, compiled, request, account_id=site.account_id,
                                       budget=admission.view, limits=admission.limits,
                                       deterministic=self.deterministic)
        finally:
            self.metrics.in_flight -= 1
        response = checked(outcome.response, request_id)
        result = outcome.result
        billed_us = await self.budget.charge(site.account_id, result, len(raw) + len(response.body))
        record = msgspec.structs.replace(outcome.record, billedMs=billed_us / 1000) if billed_us else outcome.record
        self.log_sink(record)
        self.metrics.invocation(site.account_id, compiled.endpoint.key, response.status,
                                result.wall_ms / 1000, result.fuel, record.billedMs)
        if result.error is not None:
            self.metrics.error(result.error.kind)
        elif response is not outcome.response:
            self.metrics.error("invalid_response")
        return response


def preflight(methods: Sequence[str], headers: dict[str, str]) -> FunctionResponse:
    """The CORS preflight answer: any origin, the endpoint's methods, the
    headers the browser asked for."""
    allowed = ", ".join((*methods, "OPTIONS"))
    asked = headers.get("access-control-request-headers", "content-type")
    return FunctionResponse(204, [("access-control-allow-methods", allowed),
                                  ("access-control-allow-headers", asked),
                                  ("access-control-max-age", "86400"), ("allow", allowed)], b"")


def _json(status: int, body: dict, headers: dict[str, str] | None = None) -> Response:
    return Response(msgspec.json.encode(body), status, headers, media_type="application/json")


def create_app(source: ServerConfig | Sequence[str | Path], *, engine: Engine | None = None,
               deployment: Deployment | None = None, budget: Budget | None = None,
               log_sink: LogSink | None = None, secrets: AccountSecrets = no_secrets,
               console: Console | None = None) -> Starlette:
    """An ASGI app serving functions folders.

    *source* is a list of folders (``*.functions`` folders or directories
    holding them, all served as account 1) or a :class:`ServerConfig` (from
    :func:`runtime.http.load_config`).  Folders are loaded and compiled now,
    before the app is returned; one with errors is reported on *console*
    (stderr by default) and left out.  Pass a ready *deployment* to skip
    that.  *engine* defaults to a new :class:`~runtime.engine.Engine`.

    *budget* (``check``/``charge``; ``runtime.budget.Budget`` fits) and
    *log_sink* (called with each LogRecord; a log writer's ``write`` fits)
    are the seams for the account budget and log storage; the defaults allow
    everything and keep nothing.  *secrets* looks up an account's secret
    values (``.env`` files stand in for those it does not know).
    ``config.watch`` reloads changed folders from the app's lifespan, so it
    needs a server that runs lifespans (a ``Mount`` inside another Starlette
    app does not).

        from runtime.http import create_app
        app = create_app(["functions/"])       # then: hypercorn -k uvloop module:app
    """
    config = source if isinstance(source, ServerConfig) else with_folders(ServerConfig(), list(source), 1)
    console = console or make_console(stderr=True)
    engine = engine or Engine()
    if deployment is None:
        deployment, problems = Deployment.build(engine, config, secrets=secrets)
        print_problems(console, problems)
    metrics = prometheus.Metrics()
    handler = FunctionHandler(engine, deployment, config, budget=budget or Unlimited(),
                              log_sink=log_sink or discard, metrics=metrics)

    async def health(request: Request) -> Response:
        routes = deployment.route_count
        return _json(200 if routes else 503, {"ok": routes > 0, "routes": routes,
                                              "accounts": len(deployment.sites),
                                              "inFlight": metrics.in_flight})

    async def metrics_text(request: Request) -> Response:
        return Response(metrics.render(deployment.route_count), media_type=prometheus.CONTENT_TYPE)

    async def http_error(request: Request, exc: HTTPException) -> Response:
        path = request.url.path
        if exc.status_code == 404:
            message = f"Nothing is served at {path}: functions answer at {PREFIXES[0]}<endpoint>."
        elif exc.status_code == 405:
            message = f"{path} does not answer {request.method}."
        else:
            message = f"{exc.detail}: {path}"
        metrics.error("not_found" if exc.status_code == 404 else f"http_{exc.status_code}")
        return _json(exc.status_code, {"message": message, "requestId": request.scope.get(REQUEST_ID, "")},
                     exc.headers)

    async def server_error(request: Request, exc: Exception) -> Response:
        # Starlette answers this outside the request-id middleware, hence the header here.
        metrics.error("internal")
        request_id = request.scope.get(REQUEST_ID, "")
        return _json(500, {"message": "fnbox failed to handle this request; the server log has the "
                                      "details.", "requestId": request_id}, {REQUEST_ID_HEADER: request_id})

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        watcher = asyncio.create_task(watch(deployment, console)) if config.watch else None
        try:
            yield
        finally:
            if watcher is not None:
                watcher.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watcher

    app = Starlette(
        routes=[FunctionRoute(handler), Route("/_fnbox/health", health), Route("/_fnbox/metrics", metrics_text)],
        exception_handlers={HTTPException: http_error, Exception: server_error},
        lifespan=lifespan,
    )
    app.add_middleware(RequestIds)
    app.state.deployment = deployment
    app.state.metrics = metrics
    return app
