"""The account budget wired into the server: a spent budget is a 429 that
names the limit and carries Retry-After, runs no guest code, is counted in
metrics and not logged as an invocation; the account is served again once
the window has slid past its spend."""

from __future__ import annotations

import io
import re
import time

import httpx
import msgspec
import pytest
from rich.console import Console

from runtime.budget import Budget, Settings
from runtime.budget.sqlite import SqliteStore
from runtime.http import ServerConfig, create_app
from runtime.http.config import with_folders
from runtime.logs import LogStore
from tests.budget.conftest import FakeClock
from tests.budget.servers import RedisServer

from .conftest import Server, ThreadServer, write_folder

#: about 10-20 ms of billed CPU per call: a 50 ms budget lasts a few calls
BURN = """exports.main = async (context) => {
  let x = 0;
  for (let i = 0; i < 300000; i++) { x = (x + i * 7) % 1000003; }
  console.log("burned", x);
  return { body: { x, limits: context.limits } };
};"""
HELLO = """exports.main = async () => ({ body: "hello" });"""


def spend_until_refused(client: httpx.Client, url: str, most: int = 60) -> tuple[list[httpx.Response], httpx.Response]:
    served = []
    for _ in range(most):
        response = client.get(url)
        if response.status_code == 429:
            return served, response
        # The last admitted call may run out of the budget's CPU (504).
        assert response.status_code in (200, 504), response.text
        served.append(response)
    raise AssertionError(f"no 429 after {most} calls")


def metric(text: str, name: str) -> float:
    found = re.search(rf"^{re.escape(name)} (\S+)$", text, re.M)
    return float(found.group(1)) if found else 0.0


@pytest.fixture(params=["sqlite", "redis"])
def budget_server(request, tmp_path):
    folder = write_folder(tmp_path / "sites", "burn.functions", {"burn": ("GET", BURN), "hello": ("GET", HELLO)})
    (tmp_path / "fnbox.toml").write_text(
        '[budget]\nexecution_seconds_per_minute = 0.05\n'
        '[budget.accounts.1]\nexecutions_per_minute = 1000\n'
        f'[accounts.1]\nfolders = ["{folder.relative_to(tmp_path)}"]\n')
    args = ["--config", str(tmp_path / "fnbox.toml"), "--no-snapshot"]
    redis_server = None
    if request.param == "redis":
        redis_server = RedisServer(tmp_path).start()
        args += ["--budget", redis_server.url]
    server = Server(args, tmp_path / "serve.log")
    yield server, tmp_path / ".fnbox"
    server.stop()
    if redis_server is not None:
        redis_server.stop()


def test_spent_budget_is_429_naming_the_limit_and_runs_nothing(budget_server, client):
    server, state_dir = budget_server
    url = server.url + "/_hcms/api/burn"
    served, refused = spend_until_refused(client, url)
    assert len(served) >= 2
    assert served[0].json()["limits"]["timeRemaining"] <= 50      # context.limits comes from the budget

    retry_after = int(refused.headers["retry-after"])
    assert 1 <= retry_after <= 60
    body = refused.json()
    assert body["limit"] == "execution_seconds_per_minute"
    assert body["retryAfter"] == retry_after
    assert body["requestId"] == refused.headers["x-request-id"]
    assert "Account 1 has used its 0.05 execution-seconds per minute" in body["message"]
    # Every endpoint of the account is refused, not only the expensive one.
    assert client.get(server.url + "/_hcms/api/hello").status_code == 429

    metrics = client.get(server.url + "/_fnbox/metrics").text
    assert metric(metrics, 'fnbox_budget_refusals_total{account="1",limit="execution_seconds_per_minute"}') == 2
    assert metric(metrics, 'fnbox_errors_total{kind="budget_exceeded"}') == 2
    invoked = sum(float(n) for n in re.findall(r'^fnbox_invocations_total\{[^}]*\} (\S+)$', metrics, re.M))
    assert invoked == len(served)                 # the refused requests ran nothing
    assert metric(metrics, 'fnbox_budget_used_seconds_total{account="1"}') >= 0.05 * 0.9

    # Refused requests leave no invocation log record.
    store = LogStore.in_state_dir(state_dir)
    served_ids = {r.headers["x-request-id"] for r in served}
    deadline = time.monotonic() + 10
    while True:
        logged = {record.requestId for record in store.page(1, "burn", limit=100).records}
        if logged >= served_ids or time.monotonic() > deadline:
            break
        time.sleep(0.05)            # the writer stores a batch every 0.1 s
    assert logged == served_ids
    assert refused.headers["x-request-id"] not in logged
    records = store.page(1, "burn", limit=100).records
    assert all(record.billedMs > 0 for record in records)


def test_served_again_after_the_window_slides(tmp_path, engine, client):
    """The window is a minute of real time: here the budget runs on a fake
    clock the test moves."""
    folder = write_folder(tmp_path, "site.functions", {"burn": ("GET", BURN)})
    clock = FakeClock()
    budget = Budget(SqliteStore.in_state_dir(tmp_path / "state"), Settings(execution_seconds_per_minute=0.03),
                    clock=clock)
    config = with_folders(ServerConfig(snapshot=False, state_dir=str(tmp_path / "state")), [str(folder)], 1)
    server = ThreadServer(create_app(config, engine=engine, budget=budget, console=Console(file=io.StringIO())))
    try:
        url = server.url + "/_hcms/api/burn"
        served, refused = spend_until_refused(client, url)
        retry_after = int(refused.headers["retry-after"])
        clock.advance(retry_after - 1.5)
        assert client.get(url).status_code == 429           # not yet
        clock.advance(2)
        again = client.get(url)
        assert again.status_code == 200, again.text
        assert msgspec.json.decode(again.content)["limits"]["timeRemaining"] > 0
    finally:
        server.stop()
        budget.close()
