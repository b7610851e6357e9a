"""Secrets as functions see them, through the real engine: only when listed,
as process.env.NAME and context.secrets; .env as a development fallback;
changed values picked up by recompiling what the watcher names; nothing of
a value left in the log record once redacted."""

from __future__ import annotations

import asyncio
import json

import msgspec
import pytest
from click.testing import CliRunner

from runtime.functions import load_folder
from runtime.functions.bundle import compile_folder
from runtime.invoke import FunctionRequest, invoke
from runtime.secrets import SecretWatcher, contains_secret
from runtime.secrets.cli import secrets as secrets_cli

SHOW = ("exports.main = async (context) => ({ body: { env: process.env.API_KEY ?? null, "
        "ctx: context.secrets.API_KEY ?? null, dev: process.env.DEV_ONLY ?? null, "
        "notSet: 'NOT_SET' in process.env || 'NOT_SET' in context.secrets, keys: Object.keys(context.secrets) } });")
LEAK = """exports.main = async () => {
  const key = process.env.API_KEY;
  console.log('first part', key.slice(0, 9));
  console.log('second part', key.slice(9));
  throw new Error('rejected key ' + key);
};"""
CONFIG = {"runtime": "nodejs20.x", "version": "1.0", "endpoints": {
    "uses": {"method": "GET", "file": "show.js", "secrets": ["API_KEY", "NOT_SET", "DEV_ONLY"]},
    "other": {"method": "GET", "file": "show.js"},
    "leak": {"method": "GET", "file": "leak.js", "secrets": ["API_KEY"]},
    "echo": {"method": "GET", "file": "echo.js", "secrets": ["API_KEY"]},
}}
FILES = {"show.js": SHOW, "leak.js": LEAK,
         "echo.js": "exports.main = async () => ({ body: { key: process.env.API_KEY } });",
         ".env": "API_KEY=from-dotenv-file\nDEV_ONLY=dotenv-only-value\n"}


@pytest.fixture
def folder(make_folder):
    return make_folder(CONFIG, files=FILES)


def compiled(engine, folder, store):
    endpoints, problems = compile_folder(engine, load_folder(folder), lambda name: store.get(1, name),
                                         snapshot=False)
    assert [p for p in problems if p.is_error] == []
    return endpoints


def call(engine, endpoints, key):
    return asyncio.run(invoke(engine, endpoints[key], FunctionRequest(method="GET", endpoint=key)))


def body(engine, endpoints, key):
    return json.loads(call(engine, endpoints, key).response.body)


def test_only_listed_secrets_are_visible_and_stored_ones_win_over_dotenv(engine, folder, store):
    endpoints = compiled(engine, folder, store)
    assert body(engine, endpoints, "uses")["env"] == "from-dotenv-file"         # nothing stored yet
    store.add(1, "API_KEY", "stored-value-1")
    endpoints = compiled(engine, folder, store)
    seen = body(engine, endpoints, "uses")
    assert (seen["env"], seen["ctx"]) == ("stored-value-1", "stored-value-1")
    assert seen["dev"] == "dotenv-only-value"           # .env still stands in for what is not stored
    assert seen["notSet"] is False and sorted(seen["keys"]) == ["API_KEY", "DEV_ONLY"]
    assert endpoints["uses"].missing_secrets == ("NOT_SET",)
    assert body(engine, endpoints, "other") == {"env": None, "ctx": None, "dev": None, "notSet": False,
                                                "keys": []}


def test_updated_secret_reaches_functions_after_recompiling_what_changed(engine, folder, store, state):
    store.add(1, "API_KEY", "before-update")
    watcher = SecretWatcher(store, 1)           # before compiling, as a server does
    endpoints = compiled(engine, folder, store)
    assert body(engine, endpoints, "uses")["env"] == "before-update"
    result = CliRunner().invoke(secrets_cli, ["update", "API_KEY", "--state-dir", str(state)], input="after-update")
    assert result.exit_code == 0, result.output
    changed = watcher.poll()
    assert changed == {"API_KEY"}
    affected = {key for key, c in endpoints.items() if changed & set(c.endpoint.secrets)}
    assert affected == {"uses", "leak", "echo"}
    endpoints = compiled(engine, folder, store)
    assert body(engine, endpoints, "uses")["env"] == "after-update"


def test_a_value_logged_in_pieces_and_thrown_is_redacted_from_the_record(engine, folder, store):
    value = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"
    store.add(1, "API_KEY", value)
    endpoints = compiled(engine, folder, store)
    outcome = call(engine, endpoints, "leak")
    assert any(value[:9] in line.text for line in outcome.result.logs)    # what the function printed
    record = outcome.record                     # invoke() redacts before anything is kept
    stored = msgspec.json.encode(record).decode()
    assert all(value[i:i + 4] not in stored for i in range(len(value) - 3))
    assert "first part [REDACTED:API_KEY]" in record.log and "second part [REDACTED:API_KEY]" in record.log
    assert record.error.message == "rejected key [REDACTED:API_KEY]"


def test_a_response_carrying_a_value_is_flagged(engine, folder, store):
    store.add(1, "API_KEY", "returned-by-mistake")
    endpoints = compiled(engine, folder, store)
    outcome = call(engine, endpoints, "echo")
    assert contains_secret(outcome.response.body, endpoints["echo"].secrets) == ["API_KEY"]
    assert contains_secret(call(engine, endpoints, "other").response.body, endpoints["other"].secrets) == []
