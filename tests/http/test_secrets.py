"""Secrets wired into ``fnbox serve``: a secret added or updated with the
store while the server runs reaches the functions listing it within 10 s,
without a restart; values never reach the logs; a key that cannot open the
stored secrets stops the server at start with a clear message."""

from __future__ import annotations

import base64
import io
import os
import time

import pytest
from click.testing import CliRunner
from rich.console import Console

from runtime import cli
from runtime.http import ServerConfig, create_app
from runtime.http.config import with_folders
from runtime.logs import LogStore
from runtime.secrets import SecretStore
from runtime.secrets.crypto import KEY_ENV

from .conftest import Server, ThreadServer, write_folder

SHOW = """exports.main = async (context) => {
  const key = process.env.API_KEY;
  console.log("the key is " + key);
  return { body: { key: key ?? null, other: process.env.OTHER ?? null } };
};"""
PLAIN = """exports.main = async () => ({ body: "plain" });"""


@pytest.fixture(autouse=True)
def no_key_in_environment(monkeypatch):
    """The server and the test share the key file in the state directory."""
    monkeypatch.delenv(KEY_ENV, raising=False)


def wait_for(read, expected, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while True:
        seen = read()
        if seen == expected or time.monotonic() > deadline:
            return seen
        time.sleep(0.1)


def test_secret_added_and_updated_while_serving_is_picked_up(tmp_path, client):
    folder = write_folder(tmp_path / "sites", "keys.functions", {"show": ("GET", SHOW)},
                          config={"secrets": ["API_KEY"]})
    write_folder(tmp_path / "sites", "plain.functions", {"plain": ("GET", PLAIN)})
    state = tmp_path / "state"
    store = SecretStore.in_state_dir(state)
    store.add(1, "OTHER", "other-value-not-listed")
    server = Server([str(folder.parent), "--state-dir", str(state), "--no-snapshot"], tmp_path / "serve.log")
    try:
        show = server.url + "/_hcms/api/show"
        assert client.get(show).json() == {"key": None, "other": None}      # not set yet; OTHER not listed

        started = time.monotonic()
        store.add(1, "API_KEY", "first-value-1234")
        assert wait_for(lambda: client.get(show).json()["key"], "first-value-1234") == "first-value-1234"
        assert time.monotonic() - started < 10
        server.wait_output("recompiling keys.functions")

        store.update(1, "API_KEY", "second-value-5678")
        assert wait_for(lambda: client.get(show).json()["key"], "second-value-5678") == "second-value-5678"
        assert client.get(show).json()["other"] is None

        store.delete(1, "API_KEY")
        assert wait_for(lambda: client.get(show).json()["key"], None) is None

        # Only the folder listing the secret was recompiled.
        assert "recompiling plain.functions" not in server.output()
        assert client.get(server.url + "/_hcms/api/plain").text == "plain"
    finally:
        server.stop()
    # The log records redact the values the function printed.
    logs = "\n".join(record.log for record in LogStore.in_state_dir(state).page(1, "show", limit=100).records)
    assert "[REDACTED:API_KEY]" in logs
    assert "first-value-1234" not in logs and "second-value-5678" not in logs


def test_a_key_that_cannot_open_the_secrets_stops_the_server(tmp_path, monkeypatch):
    folder = write_folder(tmp_path, "keys.functions", {"show": ("GET", SHOW)}, config={"secrets": ["API_KEY"]})
    state = tmp_path / "state"
    SecretStore.in_state_dir(state).add(1, "API_KEY", "stored-with-the-file-key")
    monkeypatch.setenv(KEY_ENV, base64.b64encode(os.urandom(32)).decode())
    result = CliRunner().invoke(cli.main, ["serve", str(folder), "--state-dir", str(state), "--no-snapshot"])
    assert result.exit_code == 1
    assert "Cannot start:" in result.output
    assert "it is not the key the secrets were stored with" in result.output

    monkeypatch.setenv(KEY_ENV, "not base64")
    result = CliRunner().invoke(cli.main, ["serve", str(folder), "--state-dir", str(state), "--no-snapshot"])
    assert result.exit_code == 1
    assert f"{KEY_ENV} must hold 32 random bytes in base64" in result.output


LEAKS = """exports.main = async () => ({ body: { key: process.env.API_KEY } });"""


@pytest.mark.parametrize("refuse", [False, True])
def test_a_response_carrying_a_secret_is_flagged_or_refused(tmp_path, engine, client, refuse):
    folder = write_folder(tmp_path, "leaky.functions", {"leak": ("GET", LEAKS)}, config={"secrets": ["API_KEY"]})
    (folder / ".env").write_text("API_KEY=dotenv-secret-value\n")       # stands in for a stored secret
    config = with_folders(ServerConfig(snapshot=False, state_dir=str(tmp_path / "state"),
                                       refuse_secret_responses=refuse), [str(folder)], 1)
    records = []
    server = ThreadServer(create_app(config, engine=engine, log_sink=records.append,
                                     console=Console(file=io.StringIO())))
    try:
        response = client.get(server.url + "/_hcms/api/leak")
    finally:
        server.stop()
    record = next(r for r in records if r.requestId == response.headers["x-request-id"])
    assert record.secretsInResponse == ["API_KEY"]
    if refuse:
        assert response.status_code == 500
        assert "dotenv-secret-value" not in response.text and "API_KEY" in response.json()["message"]
        assert record.error.type == "SecretInResponse"
    else:
        assert response.json() == {"key": "dotenv-secret-value"}
        assert record.status == "SUCCESS"
