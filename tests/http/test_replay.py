"""Deterministic serving, request recording and ``fnbox replay``: a request
to ``fnbox serve --deterministic --record-requests`` is run again from its
recording and gives the same output and fuel, until the function changes."""

from __future__ import annotations

import io
import json
import shutil
import time

import pytest
from click.testing import CliRunner
from rich.console import Console

from runtime import cli
from runtime.http import ServerConfig, create_app
from runtime.http.config import with_folders
from runtime.logs import LogStore

from .conftest import Server, ThreadServer, write_folder

# What a run could vary by: clock, timers, randomness, the request.  Not
# context.limits, which shows the account's budget left: live, so two
# requests see different values (a replay gets the recorded one).
DICE = """exports.main = async (context) => {
  console.log("rolling for", context.params.who, "at", Date.now());
  await new Promise((resolve) => setTimeout(resolve, 5));
  return { body: { roll: Math.random(), id: require("crypto").randomUUID(), now: new Date().toISOString(),
                   who: context.params.who, sent: context.body, ua: context.headers["user-agent"] || null } };
};"""
CHANGED = DICE.replace('"rolling for"', '"rolled for"')


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return write_folder(tmp_path_factory.mktemp("replay"), "dice.functions", {"dice": (["GET", "POST"], DICE)})


@pytest.fixture(scope="module")
def server(site):
    srv = Server([str(site), "--deterministic", "--seed", "7", "--record-requests", "--logs", "none"],
                 site.parent / "serve.log")
    yield srv
    srv.stop()


def recorded(state_dir, request_id: str, timeout: float = 10.0):
    """The recording and log record, once the server's log writer stored them."""
    store = LogStore.in_state_dir(state_dir)
    deadline = time.monotonic() + timeout
    while (found := store.recorded(request_id)) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


def logged(state_dir, request_id: str, timeout: float = 10.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        result = CliRunner().invoke(cli.main, ["logs", "dice", "--json", "--limit", "100",
                                               "--state-dir", str(state_dir)])
        records = {r["requestId"]: r for r in map(json.loads, result.stdout.splitlines())}
        if request_id in records or time.monotonic() > deadline:
            return records[request_id]
        time.sleep(0.05)


def replay(request_id: str, *args: str):
    return CliRunner().invoke(cli.main, ["replay", request_id, *args])


def post(server: Server, client, who: str):
    return client.post(server.url + "/_hcms/api/dice", params={"who": who}, json={"stake": [1, 2.5, "x"]},
                       headers={"user-agent": "replay-test", "authorization": "Bearer not-for-the-database"})


def test_same_request_gives_identical_bodies_and_fuel(server, client):
    first, second = post(server, client, "Ann"), post(server, client, "Ann")
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.content == second.content
    body = first.json()
    assert body["now"] == "2024-01-01T00:00:00.005Z"          # the virtual clock, timers included
    assert body["sent"] == {"stake": [1, 2.5, "x"]} and body["ua"] == "replay-test"
    records = [logged(server.state_dir, r.headers["x-request-id"]) for r in (first, second)]
    assert records[0]["fuel"] == records[1]["fuel"] > 0
    assert records[0]["log"] == records[1]["log"]
    assert post(server, client, "Bob").json()["roll"] == body["roll"]     # the seed, not the input, picks it


def test_replay_matches_with_identical_fuel(server, client, site):
    response = post(server, client, "Cy")
    request_id = response.headers["x-request-id"]
    recording, record = recorded(server.state_dir, request_id)
    assert (recording.deterministic, recording.seed, recording.snapshot) == (True, 7, True)
    assert recording.request["body"] == {"stake": [1, 2.5, "x"]}
    assert recording.request["headers"]["user-agent"] == "replay-test"
    assert "authorization" not in recording.request["headers"]        # a function never sees it
    assert 0 < recording.budget["timeRemaining"] <= 600_000

    result = replay(request_id, str(site), "--state-dir", str(server.state_dir))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[-1] == "MATCH"
    fuel = f"{record.fuel:,}"
    assert next(line for line in lines if line.startswith("fuel")).split() == ["fuel", fuel, fuel]
    assert next(line for line in lines if line.startswith("status")).split() == ["status", "200", "200"]


def test_replay_of_a_changed_function_is_different(server, client, site, tmp_path):
    request_id = post(server, client, "Di").headers["x-request-id"]
    assert recorded(server.state_dir, request_id) is not None
    changed = shutil.copytree(site, tmp_path / site.name)
    (changed / "dice.js").write_text(CHANGED)
    result = replay(request_id, str(changed), "--state-dir", str(server.state_dir))
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[-1].startswith("DIFFERENT (output")
    assert "-2024-01-01T00:00:00.000Z INFO rolling for [ 'Di' ] at 1704067200000" in result.stdout
    assert "+2024-01-01T00:00:00.000Z INFO rolled for [ 'Di' ] at 1704067200000" in result.stdout


def test_replay_finds_the_folders_in_the_config(server, client, site, tmp_path):
    request_id = post(server, client, "Ed").headers["x-request-id"]
    assert recorded(server.state_dir, request_id) is not None
    config = tmp_path / "fnbox.toml"
    config.write_text(f'state_dir = "{server.state_dir}"\n[accounts.1]\nfolders = ["{site}"]\n')
    result = replay(request_id, "--config", str(config))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "MATCH"
    other = replay(request_id, "--config", str(config), "--account-id", "2")
    assert other.exit_code == 2 and f"No recording for request id {request_id} in account 2" in other.output


def test_unknown_request_id_exits_2(server, site):
    result = replay("0123456789abcdef0123456789abcdef", str(site), "--state-dir", str(server.state_dir))
    assert result.exit_code == 2
    assert ("No recording for request id 0123456789abcdef0123456789abcdef: recording is off unless serve runs "
            "with --record-requests") in result.output


def thread_server(tmp_path, engine, site, **settings) -> ThreadServer:
    config = with_folders(ServerConfig(snapshot=False, state_dir=str(tmp_path / "state"), **settings),
                          [str(site)], 1)
    return ThreadServer(create_app(config, engine=engine, console=Console(file=io.StringIO())))


def test_recording_is_off_by_default(tmp_path, engine, site, client):
    server = thread_server(tmp_path, engine, site, deterministic=True)
    try:
        request_id = client.get(server.url + "/_hcms/api/dice").headers["x-request-id"]
        assert logged(tmp_path / "state", request_id)["status"] == "SUCCESS"
    finally:
        server.stop()                   # the writer has stored everything handed over
    assert LogStore.in_state_dir(tmp_path / "state").recorded(request_id) is None
    result = replay(request_id, str(site), "--state-dir", str(tmp_path / "state"))
    assert result.exit_code == 2 and "recording is off unless serve runs with --record-requests" in result.output


def test_a_recording_without_deterministic_mode_says_so(tmp_path, engine, site, client):
    server = thread_server(tmp_path, engine, site, record_requests=True)
    try:
        request_id = client.get(server.url + "/_hcms/api/dice").headers["x-request-id"]
        recording, _ = recorded(tmp_path / "state", request_id)
    finally:
        server.stop()
    assert (recording.deterministic, recording.seed, recording.snapshot) == (False, 0, False)
    result = replay(request_id, str(site), "--state-dir", str(tmp_path / "state"))
    assert result.exit_code == 1, result.output        # a real clock and real randomness, then a virtual one
    assert "not deterministic: replayed with a virtual clock and seed 0, so output and fuel may differ" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("DIFFERENT (output")
