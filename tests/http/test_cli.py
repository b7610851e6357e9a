"""``fnbox invoke``, ``create function``, ``list`` and ``--help``."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from runtime import cli
from runtime.functions import load_folder

from .conftest import ROOT, write_folder

ECHO = """exports.main = async (context) => {
  console.log("got", context.method, JSON.stringify(context.params));
  return { body: { method: context.method, params: context.params, body: context.body,
                   ua: context.headers["user-agent"] || null, account: context.accountId } };
};"""
THROWS = """exports.main = () => { throw new RangeError("out of range"); };"""
RANDOM = """exports.main = async () => ({ body: { r: Math.random(), t: Date.now() } });"""


@pytest.fixture
def site(tmp_path):
    return write_folder(tmp_path, "site.functions", {
        "echo": (["GET", "POST"], ECHO), "throws": ("GET", THROWS), "random": ("GET", RANDOM),
        "forms/new": ("POST", ECHO)})


def run(*args: str):
    return CliRunner().invoke(cli.main, list(args))


def test_invoke_prints_response_and_log(site):
    result = run("invoke", str(site), "echo", "-q", "a=1", "-q", "a=2", "-H", "User-Agent: tester",
                 "--account-id", "42")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("HTTP 200\ncontent-type: application/json\n")
    body = json.loads(result.stdout.split("\n\n", 1)[1])
    assert body == {"method": "GET", "params": {"a": ["1", "2"]}, "body": {}, "ua": "tester", "account": 42}
    assert "SUCCESS" in result.stderr
    assert 'INFO got GET {"a":["1","2"]}' in result.stderr


def test_invoke_post_with_data_and_default_method(site, tmp_path):
    result = run("invoke", str(site), "forms/new", "--data", '{"email": "ann@example.com"}')
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.split("\n\n", 1)[1])["body"] == {"email": "ann@example.com"}
    body = tmp_path / "body.json"
    body.write_text('{"from": "file"}')
    result = run("invoke", str(site.parent), "/_hcms/api/Forms/New/", "-d", f"@{body}")
    assert json.loads(result.stdout.split("\n\n", 1)[1])["body"] == {"from": "file"}


def test_invoke_failure_exits_1(site):
    result = run("invoke", str(site), "throws")
    assert result.exit_code == 1
    assert result.stdout.startswith("HTTP 500")
    assert "RangeError: out of range" in result.stderr
    assert "UNHANDLED_ERROR" in result.stderr


@pytest.mark.parametrize("args, code, message", [
    (["nope"], 1, "no endpoint 'nope'"),
    (["echo", "--method", "DELETE"], 1, "echo answers GET, POST, not DELETE"),
    (["echo", "--data", "{}"], 2, "a GET request carries no body"),
    (["forms/new", "--data", '{"a": tru}'], 2, "not valid JSON: invalid character at line 1, column 11"),
    (["echo", "-q", "novalue"], 2, "expected NAME=VALUE"),
    (["forms/new", "--data", "@/no/such/file.json"], 2, "cannot read /no/such/file.json"),
    (["random", "--seed", "7"], 2, "randomness is only seeded with --deterministic"),
])
def test_invoke_refuses_bad_requests(site, args, code, message):
    result = run("invoke", str(site), *args)
    assert result.exit_code == code
    assert message in result.output


def test_invoke_deterministic_runs_repeat(site):
    first = run("invoke", str(site), "random", "--deterministic", "--seed", "7").stdout
    again = run("invoke", str(site), "random", "--deterministic", "--seed", "7").stdout
    other = run("invoke", str(site), "random", "--deterministic", "--seed", "8").stdout
    assert first == again
    assert first != other


def test_create_function_scaffolds_a_working_folder(tmp_path):
    result = run("create", "function", "contact", str(tmp_path), "--endpoint-path", "contact/send",
                 "--endpoint-method", "POST", "--endpoint-method", "get")
    assert result.exit_code == 0, result.output
    folder = load_folder(tmp_path / "contact.functions")
    assert [(e.key, e.methods, e.file) for e in folder.endpoints] == [("contact/send", ("POST", "GET"),
                                                                       "contact-send.js")]
    invoked = run("invoke", str(folder.path), "contact/send", "-X", "GET", "-q", "name=Ann")
    assert invoked.exit_code == 0, invoked.output
    assert json.loads(invoked.stdout.split("\n\n", 1)[1]) == {"message": "Hello, Ann"}


def test_create_function_adds_to_an_existing_folder(tmp_path):
    assert run("create", "function", "site", str(tmp_path)).exit_code == 0
    result = run("create", "function", "site.functions", str(tmp_path), "--endpoint-path", "second")
    assert result.exit_code == 0, result.output
    assert "Added an endpoint to" in result.stdout
    folder = load_folder(tmp_path / "site.functions")
    assert sorted(e.key for e in folder.endpoints) == ["second", "site"]


def test_create_function_never_overwrites(tmp_path):
    assert run("create", "function", "site", str(tmp_path)).exit_code == 0
    config = (tmp_path / "site.functions" / "serverless.json").read_text()
    result = run("create", "function", "site", str(tmp_path), "--endpoint-path", "SITE")
    assert result.exit_code == 1 and 'already has an endpoint "site"' in result.output
    (tmp_path / "site.functions" / "taken.js").write_text("// mine")
    result = run("create", "function", "site", str(tmp_path), "--endpoint-path", "taken")
    assert result.exit_code == 1 and "taken.js already exists" in result.output
    assert (tmp_path / "site.functions" / "taken.js").read_text() == "// mine"
    assert (tmp_path / "site.functions" / "serverless.json").read_text() == config
    (tmp_path / "bare.functions").mkdir()
    result = run("create", "function", "bare", str(tmp_path))
    assert result.exit_code == 1 and "has no serverless.json" in result.output
    result = run("create", "function", "x", str(tmp_path), "--endpoint-path", "a b")
    assert result.exit_code == 1 and "not a usable endpoint path" in result.output


def test_list_prints_routes_and_problems(site, tmp_path):
    result = run("list", str(site))
    assert result.exit_code == 0, result.output
    for text in ("GET, POST", "/_hcms/api/echo", "site.functions/forms-new.js", "/_hcms/api/forms/new"):
        assert text in result.stdout
    broken = tmp_path / "broken.functions"
    broken.mkdir()
    (broken / "serverless.json").write_text("{")
    result = run("list", str(tmp_path))
    assert result.exit_code == 1
    assert "broken.functions/serverless.json" in result.stderr and "/_hcms/api/echo" in result.stdout


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def test_help_explains_every_option_with_an_example():
    commands = list(_commands(cli.main))
    assert {" ".join(path) for path, _ in commands} >= {"serve", "invoke", "list", "create", "create function",
                                                         "replay"}
    for path, command in commands:
        result = run(*path, "--help")
        assert result.exit_code == 0
        if not isinstance(command, click.Group):
            assert "Example" in result.stdout, path
        for param in command.params:
            if isinstance(param, click.Option) and param.name != "help":
                assert param.help and "Example: " in param.help, (path, param.name)
                assert param.opts[0] in result.stdout


def test_python_dash_m_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "runtime.cli", "--help"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0
    assert "serve" in result.stdout and "invoke" in result.stdout


def test_secrets_and_logs_are_fnbox_commands(tmp_path, monkeypatch):
    monkeypatch.delenv("FNBOX_SECRETS_KEY", raising=False)
    state = str(tmp_path / "state")
    added = CliRunner().invoke(cli.main, ["secrets", "add", "API_KEY", "--state-dir", state],
                               input="piped-value-123\n")
    assert added.exit_code == 0, added.output
    assert "Secret API_KEY was added to account 1." in added.output
    listed = run("secrets", "list", "--state-dir", state)
    assert listed.exit_code == 0 and "API_KEY" in listed.output and "piped-value-123" not in listed.output
    refused = run("secrets", "add", "OTHER", "the-value-typed-by-mistake", "--state-dir", state)
    assert refused.exit_code == 2 and "the-value-typed-by-mistake" not in refused.output
    empty = run("logs", "hello", "--state-dir", state)
    assert empty.exit_code == 0 and "No logs found." in empty.output


def test_invoke_reads_stored_secrets_then_dotenv(tmp_path, monkeypatch):
    monkeypatch.delenv("FNBOX_SECRETS_KEY", raising=False)
    state = str(tmp_path / "state")
    folder = write_folder(tmp_path, "keys.functions", {"keys": ("GET", """exports.main = (context) => ({ body: {
      stored: context.secrets.API_KEY === 'stored-value-123',
      dotenv: context.secrets.OTHER === 'from-dotenv', names: Object.keys(context.secrets).sort() } });""")},
                          {"secrets": ["API_KEY", "OTHER"]})
    (folder / ".env").write_text("OTHER=from-dotenv\n")
    added = CliRunner().invoke(cli.main, ["secrets", "add", "API_KEY", "--account-id", "7", "--state-dir", state],
                               input="stored-value-123\n")
    assert added.exit_code == 0, added.output
    result = run("invoke", str(folder), "keys", "--account-id", "7", "--state-dir", state)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.split("\n\n", 1)[1]) == {"stored": True, "dotenv": True,
                                                             "names": ["API_KEY", "OTHER"]}
    # Another account does not see account 7's secret.
    other = run("invoke", str(folder), "keys", "--account-id", "8", "--state-dir", state)
    assert json.loads(other.stdout.split("\n\n", 1)[1])["stored"] is False
    assert "stored-value-123" not in result.output + other.output


def test_invoke_with_the_wrong_secrets_key_says_so(tmp_path, monkeypatch):
    monkeypatch.delenv("FNBOX_SECRETS_KEY", raising=False)
    state = tmp_path / "state"
    added = CliRunner().invoke(cli.main, ["secrets", "add", "API_KEY", "--state-dir", str(state)], input="v-123456\n")
    assert added.exit_code == 0, added.output
    folder = write_folder(tmp_path, "k.functions", {"k": ("GET", "exports.main = () => ({ body: 1 });")})
    monkeypatch.setenv("FNBOX_SECRETS_KEY", "A" * 43 + "=")
    result = run("invoke", str(folder), "k", "--state-dir", str(state))
    assert result.exit_code == 1
    assert "Cannot decrypt the stored secrets" in result.output
