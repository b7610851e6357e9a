"""Egress wired into the server and ``fnbox invoke``: a function's fetch to a
loopback upstream succeeds where ``[egress]`` opens it, and is denied inside
the guest, with the rule named and without any connection, where the
default policy applies."""

from __future__ import annotations

import io
import json
import time

import pytest
from click.testing import CliRunner
from rich.console import Console

from runtime import cli
from runtime.egress import Egress, StaticResolver
from runtime.http import ServerConfig, create_app
from runtime.http.config import load_config, with_folders
from tests.egress.conftest import NAMES, LoopbackOnlyConnector

from .conftest import Server, ThreadServer, write_folder

FETCH = """exports.main = async (context) => {
  const url = context.params.url[0];
  try {
    const response = await fetch(url, { method: "POST", body: JSON.stringify({ from: "fnbox" }),
                                        headers: { "content-type": "application/json" } });
    return { body: { status: response.status, echoed: (await response.json()).json } };
  } catch (error) {
    return { statusCode: 502, body: { code: error.cause && error.cause.code, message: error.message } };
  }
};"""


def test_config_opens_egress_for_one_folder(tmp_path, upstream, client):
    sites = tmp_path / "sites"
    write_folder(sites, "open.functions", {"open": ("GET", FETCH)})
    write_folder(sites, "closed.functions", {"closed": ("GET", FETCH)})
    (tmp_path / "fnbox.toml").write_text(
        '[accounts.1]\nfolders = ["sites"]\n'
        '[egress]\nmax_requests = 5\n'
        '[egress.folders]\n"sites/open.functions" = ["127.0.0.1"]\n')
    assert load_config(tmp_path / "fnbox.toml").egress.folders == {str(sites / "open.functions"): ["127.0.0.1"]}
    server = Server(["--config", str(tmp_path / "fnbox.toml"), "--no-snapshot"], tmp_path / "serve.log")
    try:
        target = upstream.url("/echo")
        opened = client.get(server.url + "/_hcms/api/open", params={"url": target})
        assert opened.status_code == 200, opened.text
        assert opened.json() == {"status": 200, "echoed": {"from": "fnbox"}}
        closed = client.get(server.url + "/_hcms/api/closed", params={"url": target})
        assert closed.status_code == 502
        assert closed.json()["code"] == "ERR_FNBOX_EGRESS_DENIED"
        assert 'egress denied by rule "loopback"' in closed.json()["message"]
    finally:
        server.stop()


@pytest.fixture
def default_policy_server(tmp_path, engine):
    """The default egress policy from the configuration, connecting only
    through the test connector (which records every attempt)."""
    folder = write_folder(tmp_path, "site.functions", {"fetch": ("GET", FETCH)})
    config = with_folders(ServerConfig(snapshot=False, state_dir=str(tmp_path / "state")), [str(folder)], 1)
    connector = LoopbackOnlyConnector()
    egress = Egress.from_config(config.egress, resolver=StaticResolver(NAMES), connector=connector)
    server = ThreadServer(create_app(config, engine=engine, egress=egress, console=Console(file=io.StringIO())))
    yield server, connector
    server.stop()


@pytest.mark.parametrize("host", ["127.0.0.1", "upstream.test"])
def test_default_policy_denies_loopback_inside_the_guest(default_policy_server, upstream, client, host):
    server, connector = default_policy_server
    response = client.get(server.url + "/_hcms/api/fetch", params={"url": upstream.url("/echo", host=host)})
    assert response.status_code == 502, response.text
    answer = response.json()
    assert answer["code"] == "ERR_FNBOX_EGRESS_DENIED"
    assert 'egress denied by rule "loopback"' in answer["message"]
    assert connector.calls == []                      # nothing was even attempted
    # The denial is in the invocation's log, for the function's author.
    deadline = time.monotonic() + 10
    while True:
        records = client.get(server.url + "/_fnbox/logs/fetch").json()["records"]
        if records or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert 'WARN egress: POST http' in records[0]["log"] and 'denied by rule "loopback"' in records[0]["log"]


def test_invoke_allow_opens_a_host_for_one_run(tmp_path, upstream):
    folder = write_folder(tmp_path, "site.functions", {"fetch": ("GET", FETCH)})
    url = f"url={upstream.url('/echo')}"
    denied = CliRunner().invoke(cli.main, ["invoke", str(folder), "fetch", "-q", url])
    assert denied.exit_code == 1
    assert json.loads(denied.stdout.split("\n\n", 1)[1])["code"] == "ERR_FNBOX_EGRESS_DENIED"
    assert 'WARN egress: POST' in denied.stderr and 'denied by rule "loopback"' in denied.stderr
    allowed = CliRunner().invoke(cli.main, ["invoke", str(folder), "fetch", "-q", url, "--allow", "127.0.0.1"])
    assert allowed.exit_code == 0, allowed.output
    assert json.loads(allowed.stdout.split("\n\n", 1)[1]) == {"status": 200, "echoed": {"from": "fnbox"}}
    bad = CliRunner().invoke(cli.main, ["invoke", str(folder), "fetch", "-q", url, "--allow", "*"])
    assert bad.exit_code == 2 and "--allow" in bad.output
