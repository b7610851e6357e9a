"""The ASGI app factory, embedded: budget and log-sink seams, mounting in
another Starlette app.  The app runs under Hypercorn in a thread."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route

from runtime.http import AccountConfig, ServerConfig, create_app
from runtime.http import app as app_module
from runtime.http.hooks import Admitted
from runtime.invoke import BudgetView
from runtime.logs import LogStore

from .conftest import ThreadServer, write_folder

LIMITS = """exports.main = async (context) => ({ body: context.limits });"""


class Budget:
    """Refuses account 2; bills 2.5 ms per invocation."""

    def __init__(self):
        self.charged = []

    async def check(self, account_id, limits):
        if account_id == 2:
            return Admitted(False, BudgetView(), limits, "Account 2 used its 600 execution-seconds for this "
                            "minute.", limit="execution_seconds_per_minute", retry_after=16.2)
        return Admitted(True, BudgetView(executionsRemaining=41, timeRemaining=1234), limits)

    async def charge(self, account_id, result, bytes_moved=0):
        self.charged.append((account_id, result.fuel, bytes_moved))
        return 2500


@pytest.fixture(scope="module")
def embedded(tmp_path_factory, engine):
    root = tmp_path_factory.mktemp("embedded")
    folder = write_folder(root, "site.functions", {"limits": ("GET", LIMITS)})
    budget, records = Budget(), []
    # A list of folders (account 1, snapshots on), and a configuration.
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.chdir(root)                 # the default state directory, .fnbox, is relative
    one = create_app([folder], engine=engine, budget=budget, log_sink=records.append,
                     console=Console(file=io.StringIO()))
    monkeypatch.undo()
    config = ServerConfig(snapshot=False, state_dir=str(root / "state"),
                          accounts={2: AccountConfig(folders=[str(folder)])})
    two = create_app(config, engine=engine, budget=budget, console=Console(file=io.StringIO()))

    async def home(request):
        return PlainTextResponse("host app")

    host = Starlette(routes=[Route("/", home), Mount("/two", app=two), Mount("/", app=one)])
    server = ThreadServer(host)
    yield server, budget, records
    server.stop()


def test_budget_view_reaches_the_function_and_charges(embedded, client):
    server, budget, records = embedded
    response = client.get(server.url + "/_hcms/api/limits")
    assert response.status_code == 200
    assert response.json() == {"executionsRemaining": 41, "timeRemaining": 1234}
    request_id = response.headers["x-request-id"]
    record = next(r for r in records if r.requestId == request_id)
    assert record.status == "SUCCESS" and record.httpStatus == 200 and record.endpoint == "limits"
    assert record.billedMs == 2.5
    assert (1, record.fuel, len(response.content)) in budget.charged
    metrics = client.get(server.url + "/_fnbox/metrics").text
    assert 'fnbox_budget_used_seconds_total{account="1"} 0.002500' in metrics


def test_spent_budget_is_429_with_retry_after(embedded, client):
    server, budget, records = embedded
    before = len(budget.charged)
    response = client.get(server.url + "/two/_hcms/api/limits")
    assert response.status_code == 429
    assert response.headers["retry-after"] == "17"
    assert response.json() == {"message": "Account 2 used its 600 execution-seconds for this minute.",
                               "requestId": response.headers["x-request-id"],
                               "limit": "execution_seconds_per_minute", "retryAfter": 17}
    assert len(budget.charged) == before


def test_host_app_routes_still_answer(embedded, client):
    server, _, _ = embedded
    assert client.get(server.url + "/").text == "host app"


def test_internal_failure_is_500_json(embedded, client, monkeypatch):
    server, _, _ = embedded

    async def broken(*args, **kwargs):
        raise RuntimeError("the sandbox pool is exhausted")

    monkeypatch.setattr(app_module, "invoke", broken)
    response = client.get(server.url + "/_hcms/api/limits")
    assert response.status_code == 500
    assert response.json() == {"message": "fnbox failed to handle this request; the server log has the details.",
                               "requestId": response.headers["x-request-id"]}
    monkeypatch.undo()
    assert client.get(server.url + "/_hcms/api/limits").status_code == 200
    health = client.get(server.url + "/_fnbox/health").json()
    assert health["inFlight"] == 0


def test_mounted_app_gets_its_lifespan_from_the_host(tmp_path, engine, client):
    """As the README says: the host app runs the mounted app's lifespan, so
    budget, log writer and egress start before the first request and are
    closed (queued log records stored) at shutdown."""
    folder = write_folder(tmp_path, "site.functions", {"limits": ("GET", LIMITS)})
    config = ServerConfig(snapshot=False, state_dir=str(tmp_path / "state"),
                          accounts={1: AccountConfig(folders=[str(folder)])})
    app = create_app(config, engine=engine, console=Console(file=io.StringIO()))
    host = Starlette(routes=[Mount("/", app=app)], lifespan=lambda host: app.router.lifespan_context(app))
    server = ThreadServer(host)
    services = app.state.services
    try:
        assert services.writer is not None and services.budget is not None and services.egress is not None
        response = client.get(server.url + "/_hcms/api/limits")
        assert response.status_code == 200
        assert response.json()["timeRemaining"] > 0           # from the state directory's budget
    finally:
        server.stop()
    assert services.budget is None and services.egress is None
    records = LogStore.in_state_dir(tmp_path / "state").page(1, "limits").records
    assert [r.requestId for r in records] == [response.headers["x-request-id"]]
    assert records[0].billedMs > 0
