"""The ASGI application: function routes, health, metrics, logs, request ids.

One request: find the account by Host, the endpoint by path, check the
method, read params and body, ask the budget (a refusal is a 429 and runs
nothing), invoke in a fresh sandbox (at most ``max_concurrency`` at once;
the rest wait) with the egress capability, charge, log (with the request's
recording when ``record_requests`` is on), answer.
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

from runtime.egress import Egress
from runtime.engine import Engine
from runtime.invoke import FunctionRequest, FunctionResponse, invoke
from runtime.logs import LogError, LogStore
from runtime.logs.http import logs_route

from . import metrics as prometheus
from .config import ServerConfig, with_folders
from .console import make_console, print_problems
from .deployment import AccountSecrets, Deployment
from .hooks import Budget, LogSink
from .replay import make_recording
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
from .responses import REQUEST_ID_HEADER, budget_refusal, failure, invalid_response, send_response, validate
from .routing import ENDPOINT_KEY, PREFIXES, FunctionRoute
from .services import Services, StoredSecrets

#: where the request id is kept in the ASGI scope
REQUEST_ID = "fnbox.request_id"
_ID_HEADER = REQUEST_ID_HEADER.encode()
#: log record error types of answers that were replaced by a 500 -> metrics kind
_ANSWER_ERRORS = {"InvalidResponse": "invalid_response", "SecretInResponse": "secret_in_response"}


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
                 services: Services, metrics: prometheus.Metrics):
        self.engine = engine
        self.deployment = deployment
        self.deterministic = config.deterministic
        self.seed = config.seed
        self.record_requests = config.record_requests
        self.snapshot = config.snapshot
        self.refuse_secret_responses = config.refuse_secret_responses
        self.services = services
        self.metrics = metrics
        self.slots = asyncio.Semaphore(config.max_concurrency)

    async def __call__(self, scope, receive, send) -> None:
        try:
            response = await self.answer(scope, receive, scope[REQUEST_ID])
        except ClientGone:
            return
        await send_response(send, response, cors=any(name == b"origin" for name, _ in scope["headers"]))

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
        services = self.services
        if not services.started:
            await services.ready()
        budget = services.budget
        admission = await budget.check(site.account_id, site.limits)
        if not admission.allowed:
            # Refused before any guest code runs: counted, not logged as an invocation.
            self.metrics.refused(site.account_id, getattr(admission, "limit", None))
            return budget_refusal(admission, request_id)
        request = FunctionRequest(method=method, endpoint=compiled.endpoint.key, params=params,
                                  headers=headers, body=body, request_id=request_id)
        self.metrics.in_flight += 1
        try:
            async with self.slots:
                outcome = await invoke(self.engine, compiled, request, account_id=site.account_id,
                                       budget=admission.view, limits=admission.limits,
                                       deterministic=self.deterministic, seed=self.seed, egress=services.egress,
                                       refuse_secret_responses=self.refuse_secret_responses)
        finally:
            self.metrics.in_flight -= 1
        response, problem = validate(outcome.response)
        record = outcome.record
        if problem is not None:
            # What the caller gets, the log says: a 500 for an answer HTTP cannot carry.
            response = invalid_response(problem, request_id)
            record = msgspec.structs.replace(record, status="ERROR", httpStatus=500,
                                             error=LogError("InvalidResponse", problem))
        result = outcome.result
        billed_us = await budget.charge(site.account_id, result, len(raw) + len(response.body))
        if billed_us:
            record = msgspec.structs.replace(record, billedMs=billed_us / 1000)
        recording = None
        if self.record_requests:
            recording = make_recording(request, record, response, budget=admission.view, limits=admission.limits,
                                       deterministic=self.deterministic, seed=self.seed, snapshot=self.snapshot)
        services.log(record, recording)
        self.metrics.invocation(site.account_id, compiled.endpoint.key, response.status,
                                result.wall_ms / 1000, result.fuel, record.billedMs)
        if result.error is not None:
            self.metrics.error(result.error.kind)
        elif record.error is not None:
            # The function answered, but not with something that could be sent.
            self.metrics.error(_ANSWER_ERRORS.get(record.error.type, "invalid_response"))
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
               log_sink: LogSink | None = None, secrets: AccountSecrets | None = None,
               egress: Egress | None = None, console: Console | None = None) -> Starlette:
    """An ASGI app serving functions folders, as ``fnbox serve`` does.

    *source* is a list of folders (``*.functions`` folders or directories
    holding them, all served as account 1) or a :class:`ServerConfig` (from
    :func:`runtime.http.load_config`).  Folders are loaded and compiled now,
    before the app is returned; one with errors is reported on *console*
    (stderr by default) and left out.  Pass a ready *deployment* to skip
    that.  *engine* defaults to a new :class:`~runtime.engine.Engine`.

    The state directory (``config.state_dir``) keeps the invocation logs
    (read by ``fnbox logs`` and ``GET /_fnbox/logs/<endpoint>``; with
    ``config.record_requests``, each with its request for ``fnbox replay``), the
    secrets and, unless ``config.budget_store`` names a Redis server, the
    account budgets.  The seams:

    - *budget*: ``check``/``charge`` (a :class:`runtime.budget.Budget`;
      :class:`runtime.http.hooks.Unlimited` lets everything run).  Default:
      ``Budget.from_url(config.budget_store, config.state_dir, config.budget)``.
    - *egress*: the functions' door to the network
      (:class:`runtime.egress.Egress`).  Default: ``Egress.from_config(config.egress)``.
    - *secrets*: ``(account_id, name) -> value or None``.  Default: the
      state directory's store, watched, so that a secret added or changed
      with ``fnbox secrets`` reaches the functions listing it within seconds.
      ``.env`` files stand in for secrets the lookup does not know.
    - *log_sink*: called with each log record, besides the log store.

    Defaults are made in the serving process's event loop (lifespan start,
    or the first request) and closed at lifespan shutdown; what is passed in
    is left for the caller to close.  ``config.watch`` reloads changed
    folders from the app's lifespan.  A ``Mount`` inside another Starlette
    app does not run the mounted app's lifespan: give the host app
    ``lifespan=lambda host: app.router.lifespan_context(app)`` so that
    logs are flushed at shutdown.

        from runtime.http import create_app
        app = create_app(["functions/"])       # then: hypercorn -k uvloop module:app
    """
    config = source if isinstance(source, ServerConfig) else with_folders(ServerConfig(), list(source), 1)
    # A relative state directory is taken from where the app is made.
    config = msgspec.structs.replace(config, state_dir=str(Path(config.state_dir).resolve()))
    console = console or make_console(stderr=True)
    engine = engine or Engine()
    if deployment is None:
        if secrets is None:
            secrets = StoredSecrets.open(config)        # watchers before the build: no change is missed
        deployment, problems = Deployment.build(engine, config, secrets=secrets)
        print_problems(console, problems)
    elif secrets is None:
        secrets = deployment.secrets
    metrics = prometheus.Metrics()
    services = Services(config, deployment, console, budget=budget, egress=egress, secrets=secrets,
                        log_sink=log_sink)
    handler = FunctionHandler(engine, deployment, config, services=services, metrics=metrics)

    async def health(request: Request) -> Response:
        routes = deployment.route_count
        return _json(200 if routes else 503, {"ok": routes > 0, "routes": routes,
                                              "accounts": len(deployment.sites),
                                              "inFlight": metrics.in_flight})

    async def metrics_text(request: Request) -> Response:
        return Response(metrics.render(deployment.route_count, log_records_dropped=services.log_records_dropped,
                                       sandboxes_reused=engine.images.recycler.reused),
                        media_type=prometheus.CONTENT_TYPE)

    def account_of(request: Request) -> int | None:
        site = deployment.site_for(request.headers.get("host", ""))
        return site.account_id if site is not None else None

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
        await services.start()
        try:
            yield
        finally:
            await services.close()

    app = Starlette(
        routes=[FunctionRoute(handler), Route("/_fnbox/health", health), Route("/_fnbox/metrics", metrics_text),
                logs_route(LogStore.in_state_dir(config.state_dir), account_of, token=config.logs_token)],
        exception_handlers={HTTPException: http_error, Exception: server_error},
        lifespan=lifespan,
    )
    app.add_middleware(RequestIds)
    app.state.deployment = deployment
    app.state.metrics = metrics
    app.state.services = services
    return app
