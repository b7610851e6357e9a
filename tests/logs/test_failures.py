"""Through the real server and engine into the log database: one record per
invocation for every way a function can fail; a request refused for the
budget (429) is no invocation, so it leaves no record and is counted in
metrics instead."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from runtime.http.app import create_app
from runtime.http.config import LimitsConfig, ServerConfig, with_folders
from runtime.http.hooks import Admitted, Unlimited
from runtime.logs import LogStore

FILES = {
    "ok.js": "exports.main = (c, send) => { console.log('fine'); send({ body: 'ok' }); };",
    "throw.js": "exports.main = () => { console.log('about to fail'); throw new RangeError('bad range'); };",
    "slow.js": "exports.main = (c, send) => { setTimeout(() => send({ body: 'late' }), 60000); };",
    "hog.js": "exports.main = () => { const a = []; for (;;) a.push({ x: a.length }); };",
}
CONFIG = {"runtime": "nodejs20.x", "version": "1.0",
          "endpoints": {name.removesuffix(".js"): {"method": "GET", "file": name} for name in FILES}}


class SwitchableBudget(Unlimited):
    spent = False

    async def check(self, account_id, limits):
        if self.spent:
            return Admitted(False, self.VIEW, limits, "The account used its 600 execution seconds this minute.",
                            "execution_seconds_per_minute", 6.5)
        return await super().check(account_id, limits)


@pytest.fixture(scope="module")
def server(engine, tmp_path_factory):
    root = tmp_path_factory.mktemp("failures")
    folder = root / "site.functions"
    folder.mkdir()
    for name, source in FILES.items():
        (folder / name).write_text(source)
    (folder / "serverless.json").write_text(json.dumps(CONFIG))
    config = with_folders(ServerConfig(limits=LimitsConfig(timeout_ms=1000, memory_mb=16),
                                       state_dir=str(root / "state")), [str(folder)], 1)
    store = LogStore.in_state_dir(root / "state")
    budget = SwitchableBudget()
    app = create_app(config, engine=engine, budget=budget)
    with TestClient(app) as http:
        # The app's own log writer, started by the lifespan, stores into the state directory.
        yield http, store, app.state.services.writer, budget


def latest(store: LogStore, endpoint: str):
    [record] = store.page(1, endpoint, limit=1).records
    return record


def call(server, endpoint: str):
    http, store, writer, _ = server
    response = http.get(f"/_hcms/api/{endpoint}")
    assert writer.flush(10)
    return response, latest(store, endpoint)


def test_success_is_logged(server):
    response, record = call(server, "ok")
    assert response.status_code == 200
    assert record.status == "SUCCESS" and record.httpStatus == 200 and "INFO fine" in record.log
    assert record.requestId == response.headers["x-request-id"]
    assert record.memory.endswith("/16 MB") and record.fuel > 0


def test_thrown_error_is_logged_with_console_text_and_stack(server):
    response, record = call(server, "throw")
    assert response.status_code == 500
    assert record.status == "UNHANDLED_ERROR" and record.httpStatus == 500
    assert (record.error.type, record.error.message) == ("RangeError", "bad range")
    assert any("/app/throw.js" in frame for frame in record.error.stackTrace)
    assert "INFO about to fail" in record.log


def test_time_limit_is_logged(server):
    response, record = call(server, "slow")
    assert response.status_code == 504
    assert record.status == "ERROR" and record.error.type == "TimeoutError" and record.httpStatus == 504


def test_memory_limit_is_logged(server):
    response, record = call(server, "hog")
    assert response.status_code == 500
    assert record.status == "ERROR" and record.error.type == "MemoryLimitError"


def test_budget_refusal_is_not_an_invocation_but_is_counted(server):
    http, store, writer, budget = server
    before = len(store.page(1, "ok", limit=1000).records)
    budget.spent = True
    try:
        response = http.get("/_hcms/api/ok")
    finally:
        budget.spent = False
    assert writer.flush(10)
    assert response.status_code == 429 and response.headers["retry-after"] == "7"
    assert len(store.page(1, "ok", limit=1000).records) == before
    assert response.json()["limit"] == "execution_seconds_per_minute" and response.json()["retryAfter"] == 7
    metrics = http.get("/_fnbox/metrics").text
    assert 'fnbox_errors_total{kind="budget_exceeded"} 1' in metrics
    assert 'fnbox_budget_refusals_total{account="1",limit="execution_seconds_per_minute"} 1' in metrics
