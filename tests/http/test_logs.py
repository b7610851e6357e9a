"""Invocation logs written by ``fnbox serve`` to its state directory, read
back with ``fnbox logs`` and ``GET /_fnbox/logs/<endpoint>``; the route is
for this machine only unless a token is configured."""

from __future__ import annotations

import io
import json
import time

import pytest
from click.testing import CliRunner
from rich.console import Console

from runtime import cli
from runtime.http import ServerConfig, create_app
from runtime.http.config import with_folders

from .conftest import Server, ThreadServer, write_folder

GREET = """exports.main = async (context) => {
  const name = (context.params.name || ["world"])[0];
  console.log("greeting " + name);
  if (name === "boom") throw new RangeError("no booms here");
  return { body: { hello: name } };
};"""
TOKEN = "a-long-enough-test-token-0123456789"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("logs")
    folder = write_folder(root, "site.functions", {"greet/new": ("GET", GREET)})
    srv = Server([str(folder), "--no-snapshot", "--logs", "none"], root / "serve.log")
    yield srv
    srv.stop()


def logs_cli(server: Server, *args: str):
    return CliRunner().invoke(cli.main, ["logs", *args, "--state-dir", str(server.state_dir)])


def wait_logged(server: Server, request_ids: set[str], timeout: float = 10.0) -> list[dict]:
    """The records, once the server's log writer has stored all of *request_ids*."""
    deadline = time.monotonic() + timeout
    while True:
        result = logs_cli(server, "greet/new", "--json", "--limit", "100")
        records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
        if request_ids <= {r["requestId"] for r in records} or time.monotonic() > deadline:
            return records
        time.sleep(0.05)


def test_fnbox_logs_reads_what_the_server_wrote(server, client):
    ann = client.get(server.url + "/_hcms/api/greet/new", params={"name": "Ann"})
    boom = client.get(server.url + "/_hcms/api/greet/new", params={"name": "boom"})
    assert (ann.status_code, boom.status_code) == (200, 500)
    ids = {ann.headers["x-request-id"], boom.headers["x-request-id"]}
    records = wait_logged(server, ids)
    by_id = {r["requestId"]: r for r in records}
    assert ids <= set(by_id)
    ok, failed = by_id[ann.headers["x-request-id"]], by_id[boom.headers["x-request-id"]]
    assert (ok["status"], ok["httpStatus"], ok["endpoint"], ok["accountId"]) == ("SUCCESS", 200, "greet/new", 1)
    assert "INFO greeting Ann" in ok["log"] and ok["fuel"] > 0 and ok["billedMs"] > 0
    assert (failed["status"], failed["error"]["type"]) == ("UNHANDLED_ERROR", "RangeError")

    text = logs_cli(server, "greet/new", "--latest")
    assert text.exit_code == 0
    assert " - UNHANDLED_ERROR - Execution Time: " in text.stdout
    assert "RangeError: no booms here" in text.stdout
    compact = logs_cli(server, "/greet/new/", "--compact", "--limit", "2").stdout.splitlines()
    assert [line.split(" - ")[1] for line in compact] == ["SUCCESS", "UNHANDLED_ERROR"]


def test_logs_route_serves_this_machine(server, client):
    response = client.get(server.url + "/_hcms/api/greet/new", params={"name": "Route"})
    wait_logged(server, {response.headers["x-request-id"]})
    page = client.get(server.url + "/_fnbox/logs/greet/new", params={"limit": 1})
    assert page.status_code == 200, page.text
    data = page.json()
    assert [r["requestId"] for r in data["records"]] == [response.headers["x-request-id"]]
    assert data["next"] is not None
    older = client.get(server.url + "/_fnbox/logs/greet/new", params={"limit": 100, "after": data["next"]}).json()
    assert older["next"] is None and len(older["records"]) >= 1
    assert client.get(server.url + "/_fnbox/logs/greet/new", params={"limit": "x"}).status_code == 400
    assert client.get(server.url + "/_fnbox/logs/nothing-here").json() == {"records": [], "next": None}
    metrics = client.get(server.url + "/_fnbox/metrics").text
    assert "fnbox_log_records_dropped_total 0\n" in metrics


def test_logs_route_with_a_token(tmp_path, engine, client):
    folder = write_folder(tmp_path, "site.functions", {"greet/new": ("GET", GREET)})
    config = with_folders(ServerConfig(snapshot=False, state_dir=str(tmp_path / "state"), logs_token=TOKEN),
                          [str(folder)], 1)
    server = ThreadServer(create_app(config, engine=engine, console=Console(file=io.StringIO())))
    try:
        request_id = client.get(server.url + "/_hcms/api/greet/new").headers["x-request-id"]
        url = server.url + "/_fnbox/logs/greet/new"
        assert client.get(url).status_code == 403
        assert client.get(url, headers={"authorization": "Bearer wrong-token"}).status_code == 403
        deadline = time.monotonic() + 10
        while True:
            page = client.get(url, headers={"authorization": f"Bearer {TOKEN}"})
            assert page.status_code == 200
            if page.json()["records"] or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert [r["requestId"] for r in page.json()["records"]] == [request_id]
    finally:
        server.stop()
