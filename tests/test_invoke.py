"""HubSpot invocation semantics, end to end through the real engine, with
folders shaped like real HubSpot ones."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from runtime.engine import Engine, Limits
from runtime.functions import load_folder
from runtime.functions.bundle import compile_folder
from runtime.invoke import BudgetView, FunctionRequest, invoke

FILES = {
    "hello.js": "exports.main = (context, sendResponse) => sendResponse({ body: 'Hello, ' + context.params.name[0] });",
    "echo.js": "exports.main = (context, sendResponse) => sendResponse({ statusCode: 200, body: "
               "{ params: context.params, body: context.body, method: context.method, endpoint: context.endpoint, "
               "accountId: context.accountId, headers: context.headers, limits: context.limits, contact: context.contact } });",
    "endpoints/register.js": "const { greet } = require('../lib/greet');\n"
                             "exports.main = async (context) => ({ statusCode: 201, body: { msg: greet(context.body.name), env: process.env.STAGE } });",
    "lib/greet.js": "exports.greet = (n) => `${process.env.GREETING}, ${n}`;",
    "redirect.js": "exports.main = (context, sendResponse) => sendResponse({ statusCode: 301, headers: { Location: 'https://example.com/new' }, "
                   "multiValueHeaders: { 'Set-Cookie': ['a=1; Path=/', 'b=2; HttpOnly'] } });",
    "csv.js": "exports.main = (c, send) => send({ headers: { 'Content-Type': 'text/csv' }, body: 'a,b\\n1,2\\n' });",
    "throw.js": "function deep() { throw new TypeError('nope ' + 42); }\nexports.main = () => { deep(); };",
    "reject.js": "exports.main = async () => { await null; throw new Error('async nope'); };",
    "handled.js": "exports.main = (c, send) => { console.error('upstream down'); send({ statusCode: 500, body: { error: 'upstream down' } }); };",
    "double.js": "exports.main = (c, send) => { send({ body: 'first' }); send({ body: 'second' }); };",
    "silent.js": "exports.main = (c, send) => { setTimeout(() => console.log('tick'), 10); };",
    "slow.js": "exports.main = (c, send) => { setTimeout(() => send({ body: 'late' }), 5000); };",
    "logs.js": "exports.main = (c, send) => { console.log('a', { x: 1 }); console.warn('careful'); send({ body: 'ok' }); };",
    "bad.js": "exports.main = (c, send) => send({ statusCode: 'abc' });",
}

CONFIG = {
    "runtime": "nodejs20.x", "version": "1.0",
    "environment": {"GREETING": "Hello", "STAGE": "prod"},
    "endpoints": {
        "hello": {"method": "GET", "file": "hello.js"},
        "echo": {"method": ["GET", "POST", "PUT"], "file": "echo.js"},
        "registration/new": {"method": "POST", "file": "endpoints/register.js",
                             "environment": {"GREETING": "Welcome", "STAGE": "beta"}},
        "redirect": {"method": "GET", "file": "redirect.js"},
        "csv": {"file": "csv.js"},
        "throw": {"file": "throw.js"},
        "reject": {"file": "reject.js"},
        "handled": {"file": "handled.js"},
        "double": {"file": "double.js"},
        "silent": {"file": "silent.js"},
        "slow": {"file": "slow.js"},
        "logs": {"file": "logs.js"},
        "bad": {"file": "bad.js"},
    },
}


@pytest.fixture(scope="module")
def site(engine: Engine, tmp_path_factory):
    root = tmp_path_factory.mktemp("invoke") / "site.functions"
    for rel, src in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(src)
    (root / "serverless.json").write_text(json.dumps(CONFIG))
    compiled, problems = compile_folder(engine, load_folder(root), snapshot=False)
    assert problems == []
    return compiled


def call(engine, site, key, method="GET", **kwargs):
    request = FunctionRequest(method=method, endpoint=key, **kwargs)
    return asyncio.run(invoke(engine, site[key], request, account_id=42,
                              budget=BudgetView(executionsRemaining=7, timeRemaining=1000),
                              limits=Limits(wall_ms=2000)))


def test_string_body_is_html(engine, site):
    out = call(engine, site, "hello", params={"name": ["Ann"]})
    assert out.response.status == 200
    assert out.response.body == b"Hello, Ann"
    assert ("content-type", "text/html; charset=utf-8") in out.response.headers
    assert out.record.status == "SUCCESS"


def test_context_is_built_like_hubspot(engine, site):
    out = call(engine, site, "echo", method="POST", params={"a": ["1", "2"], "b": ["x"]},
               body={"k": [1, 2]}, headers={"user-agent": "t", "x-secret-internal": "no", "cookie": "c=1"})
    body = json.loads(out.response.body)
    assert body["params"] == {"a": ["1", "2"], "b": ["x"]}
    assert body["body"] == {"k": [1, 2]}
    assert (body["method"], body["endpoint"], body["accountId"]) == ("POST", "echo", 42)
    assert body["headers"] == {"user-agent": "t", "cookie": "c=1"}
    assert body["limits"] == {"executionsRemaining": 7, "timeRemaining": 1000}
    assert body["contact"] is None
    assert ("content-type", "application/json") in out.response.headers


def test_get_without_body_sees_empty_object(engine, site):
    body = json.loads(call(engine, site, "echo").response.body)
    assert body["body"] == {} and body["params"] == {}


def test_nested_key_subfolders_and_endpoint_environment(engine, site):
    out = call(engine, site, "registration/new", method="POST", body={"name": "Bo"})
    assert out.response.status == 201
    assert json.loads(out.response.body) == {"msg": "Welcome, Bo", "env": "beta"}
    # the endpoint's environment did not leak into the folder's other endpoints
    hello_env = load_folder(site["hello"].folder.path).endpoints[0].environment
    assert hello_env["GREETING"] == "Hello"


def test_redirect_with_location_and_several_cookies(engine, site):
    out = call(engine, site, "redirect")
    assert out.response.status == 301
    assert ("Location", "https://example.com/new") in out.response.headers
    cookies = [v for k, v in out.response.headers if k == "Set-Cookie"]
    assert cookies == ["a=1; Path=/", "b=2; HttpOnly"]


def test_custom_content_type_is_kept(engine, site):
    out = call(engine, site, "csv")
    assert out.response.body == b"a,b\n1,2\n"
    assert [v for k, v in out.response.headers if k.lower() == "content-type"] == ["text/csv"]


def test_throw_is_500_with_the_stack_in_the_record(engine, site):
    out = call(engine, site, "throw")
    assert out.response.status == 500
    body = json.loads(out.response.body)
    assert "TypeError: nope 42" in body["message"] and body["requestId"]
    assert out.record.status == "UNHANDLED_ERROR"
    assert out.record.error.type == "TypeError"
    assert any("deep" in frame and "/app/throw.js:1" in frame for frame in out.record.error.stackTrace)


def test_rejected_promise_is_500(engine, site):
    out = call(engine, site, "reject")
    assert out.response.status == 500
    assert out.record.error.message == "async nope"


def test_status_500_with_a_body_is_sent_as_is(engine, site):
    out = call(engine, site, "handled")
    assert out.response.status == 500
    assert json.loads(out.response.body) == {"error": "upstream down"}
    assert out.record.status == "HANDLED_ERROR"
    assert "ERROR upstream down" in out.record.log


def test_second_send_response_is_ignored_with_a_warning(engine, site):
    out = call(engine, site, "double")
    assert out.response.body == b"first"
    assert "WARN sendResponse was called more than once" in out.record.log


def test_no_response_is_500_at_once(engine, site):
    out = call(engine, site, "silent")
    assert out.response.status == 500
    assert "did not respond" in json.loads(out.response.body)["message"]
    assert out.result.wall_ms < 1000        # not the 2 s deadline
    assert "INFO tick" in out.record.log


def test_deadline_is_504(engine, site):
    out = call(engine, site, "slow")
    assert out.response.status == 504
    assert out.record.status == "ERROR" and out.record.error.type == "TimeoutError"


def test_console_lines_have_time_and_level(engine, site):
    out = call(engine, site, "logs")
    lines = out.record.log.splitlines()
    assert lines[0].endswith("Z INFO a { x: 1 }") and lines[0][:4].isdigit()
    assert lines[1].endswith("Z WARN careful")
    assert out.record.memory.endswith("/128 MB") and out.record.fuel > 0


def test_invalid_status_code_is_a_clear_500(engine, site):
    out = call(engine, site, "bad")
    assert out.response.status == 500
    assert "statusCode must be an HTTP status" in json.loads(out.response.body)["message"]


def test_snapshot_endpoint_runs_top_level_once_with_its_env(engine, make_folder):
    root = make_folder({"runtime": "nodejs18.x", "environment": {"X": "folder"},
                        "endpoints": {"a": {"method": "GET", "file": "a.js", "environment": {"X": "a"}},
                                      "b": {"method": "GET", "file": "b.js"}}},
                       files={"a.js": "const seen = process.env.X; let n = 0; exports.main = async () => ({ body: { seen, n: ++n } });",
                              "b.js": "const seen = process.env.X; exports.main = async () => ({ body: seen });"})
    compiled, problems = compile_folder(engine, load_folder(root))
    assert problems == []
    outs = [json.loads(call(engine, compiled, "a").response.body) for _ in range(2)]
    assert outs == [{"seen": "a", "n": 1}] * 2
    assert call(engine, compiled, "b").response.body == b"folder"


def test_syntax_error_is_reported_with_the_file(engine, make_folder):
    root = make_folder({"endpoints": {"a": {"method": "GET", "file": "a.js"}}},
                       files={"a.js": "exports.main = () => {"})
    compiled, problems = compile_folder(engine, load_folder(root))
    assert compiled == {}
    assert len(problems) == 1 and "SyntaxError" in problems[0].message
    assert problems[0].file == root / "a.js"


def test_module_that_throws_at_load_answers_500_per_request(engine, make_folder):
    root = make_folder({"endpoints": {"a": {"method": "GET", "file": "a.js"}}},
                       files={"a.js": "throw new Error('config missing');"})
    compiled, problems = compile_folder(engine, load_folder(root))
    assert "fails when loaded" in problems[0].message
    out = call(engine, compiled, "a")
    assert out.response.status == 500 and "config missing" in out.response.body.decode()


NPM = shutil.which("npm")


@pytest.fixture(scope="module")
def dayjs_folder(tmp_path_factory) -> Path:
    if NPM is None:
        pytest.fail("npm is needed to install a real package for this test")
    root = tmp_path_factory.mktemp("npm") / "dates.functions"
    root.mkdir()
    (root / "package.json").write_text(json.dumps({"name": "dates", "private": True,
                                                   "dependencies": {"dayjs": "1.11.13"}}))
    subprocess.run([NPM, "install", "--no-audit", "--no-fund", "--silent"], cwd=root, check=True, timeout=300)
    (root / "serverless.json").write_text(json.dumps({"runtime": "nodejs20.x", "endpoints": {
        "date": {"method": "GET", "file": "date.js"}}}))
    (root / "date.js").write_text(
        "const dayjs = require('dayjs');\n"
        "exports.main = async (context) => ({ body: { d: dayjs('2024-02-29T12:00:00Z').add(1, 'year').format('YYYY-MM-DD'), "
        "missing: (() => { try { require('left-pad'); } catch (e) { return [e.code, e.message.split('\\n')[0]]; } })() } });")
    return root


def test_node_modules_package_from_npm(engine, dayjs_folder):
    compiled, problems = compile_folder(engine, load_folder(dayjs_folder))
    assert problems == []
    body = json.loads(call(engine, compiled, "date").response.body)
    assert body == {"d": "2025-02-28", "missing": ["MODULE_NOT_FOUND", "Cannot find module 'left-pad'"]}


def test_secrets_reach_the_function_and_are_redacted_from_the_log(engine, make_folder):
    root = make_folder({"secrets": ["API_KEY", "UNSET_ONE"],
                        "endpoints": {"a": {"method": "GET", "file": "a.js"}}},
                       files={"a.js": "exports.main = async (context) => {\n"
                                      "  console.log('key is', process.env.API_KEY);\n"
                                      "  console.log(process.env.API_KEY.slice(0, 6)); console.log(process.env.API_KEY.slice(6));\n"
                                      "  if (context.params.leak) return { body: { k: context.secrets.API_KEY } };\n"
                                      "  throw new Error('bad key ' + process.env.API_KEY);\n};"})
    stored = {"API_KEY": "sk-live-0123456789"}
    compiled, problems = compile_folder(engine, load_folder(root), stored.get)
    assert problems == []
    out = call(engine, compiled, "a")
    assert "sk-live" not in out.record.log and "[REDACTED:API_KEY]" in out.record.log
    assert "0123456789" not in out.record.error.message
    assert "sk-live" not in out.response.body.decode()
    assert out.record.missingSecrets == ["UNSET_ONE"]

    leak = asyncio.run(invoke(engine, compiled["a"], FunctionRequest(method="GET", endpoint="a",
                                                                     params={"leak": ["1"]})))
    assert leak.response.status == 200 and leak.record.secretsInResponse == ["API_KEY"]
    refused = asyncio.run(invoke(engine, compiled["a"], FunctionRequest(method="GET", endpoint="a",
                                                                        params={"leak": ["1"]}),
                                 refuse_secret_responses=True))
    assert refused.response.status == 500 and b"sk-live" not in refused.response.body
    assert refused.record.error.type == "SecretInResponse"
