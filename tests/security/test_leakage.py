"""Leakage: nothing of one invocation reaches the next, nothing of one folder
reaches another, nothing of the host reaches the guest."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from runtime.functions import load_folder
from runtime.functions.bundle import compile_folder
from runtime.invoke import FunctionRequest, invoke as invoke_function

from .conftest import SMALL, main_body

POLLUTER = r"""
let calls = 0;
exports.main = (input) => {
  const seen = {
    calls: ++calls, cached: require('./state').count++, proto: ({}).leak, arrayProto: [].leak,
    global: typeof globalThis.leak, env: process.env.LEAK, symbols: Object.getOwnPropertySymbols(globalThis).length,
    timersFired: globalThis.fired || 0, cache: Object.keys(require.cache).length,
    console: console.log.name, promise: Promise.prototype.then.name, date: Date.prototype.getTime.name,
  };
  Object.prototype.leak = 1; Array.prototype.leak = 1; globalThis.leak = 1; process.env.LEAK = '1';
  globalThis[Symbol('leak')] = 1; require.cache.leak = 1; require('./state').count = 100;
  console.log = function hijacked() {}; Promise.prototype.then = function hijacked() {};
  Date.prototype.getTime = function hijacked() {};
  setInterval(() => { globalThis.fired = (globalThis.fired || 0) + 1; }, 1);
  setTimeout(() => { globalThis.fired = 99; }, 0);
  return seen;
};
"""
CLEAN = {"calls": 1, "cached": 0, "global": "undefined", "symbols": 1, "timersFired": 0, "cache": 0,
         "console": "", "promise": "then", "date": "getTime"}


@pytest.mark.parametrize("snapshot", [False, True])
def test_nothing_survives_an_invocation(sandbox, snapshot):
    """Invariant: state, globals, prototypes, module caches and timers of one
    invocation are gone in the next, with or without a snapshot."""
    unit = sandbox.compile({"/app/index.js": POLLUTER, "/app/state.js": "exports.count = 0;"}, snapshot=snapshot)
    for _ in range(3):
        r = sandbox.invoke(unit)
        assert r.error is None and r.output == CLEAN, r.output


def test_timers_left_running_do_no_work_after_the_answer(sandbox):
    """Invariant: once the response is out, the instance is gone: an interval
    left running costs nothing more and never fires in a later invocation."""
    unit = sandbox.compile("let n = 0; exports.main = () => { setInterval(() => { n++; console.log('tick', n); for (let i = 0; i < 1e6; i++); }, 0); return n; };")
    # Deterministic mode: with the real clock, parsing its readings costs a
    # few fuel more or less from one call to the next.
    first = sandbox.invoke(unit, deterministic=True)
    second = sandbox.invoke(unit, deterministic=True)
    assert first.output == 0 and second.output == 0
    assert not first.logs and not second.logs
    assert second.fuel == first.fuel


def test_units_and_folders_do_not_share_globals(sandbox):
    a = sandbox.compile("exports.main = () => { globalThis.shared = 'a'; Object.prototype.fromA = 1; return [typeof globalThis.fromB, ({}).fromB]; };")
    b = sandbox.compile("exports.main = () => { globalThis.fromB = 'b'; Object.prototype.fromB = 1; return [typeof globalThis.shared, ({}).fromA]; };")
    outs = [sandbox.invoke(u).output for u in (a, b, a, b)]
    assert outs == [["undefined", None]] * 4


def test_math_random_differs_between_invocations_of_a_snapshot(sandbox):
    """Invariant: outside deterministic mode every invocation gets fresh
    randomness.

    The glue seeds Math.random's xorshift state from the host on first use
    and relies on the state being zero in every snapshot; but if the module's
    top-level code calls Math.random() while the snapshot is built (under the
    build's SeededEntropy(0)), the seeded state is frozen into the image and
    every invocation of that endpoint returns the same "random" sequence
    (tokens, ids, nonces made with Math.random repeat across requests)."""
    unit = sandbox.compile("const id = Math.random(); exports.main = () => [Math.random(), Math.random()];", snapshot=True)
    outs = [sandbox.invoke(unit).output for _ in range(4)]
    assert len({tuple(o) for o in outs}) == 4, f"the same Math.random() sequence in every invocation: {outs[0]}"


def test_crypto_randomness_differs_between_invocations_of_a_snapshot(sandbox):
    unit = sandbox.compile("const c = require('crypto'); const warm = c.randomBytes(8); "
                           "exports.main = () => [c.randomBytes(16).toString('hex'), c.randomUUID()];", snapshot=True)
    outs = [tuple(sandbox.invoke(unit).output) for _ in range(4)]
    assert len(set(outs)) == 4


def test_deterministic_mode_is_deterministic_and_seeded(sandbox):
    src = main_body("""
      const a = [Date.now(), Math.random(), performance.now() >= 0, require('crypto').randomBytes(8).toString('hex'), new Date().toISOString()];
      await new Promise(r => setTimeout(r, 30));
      a.push(Date.now(), Math.random());
      return a;
    """)
    unit = sandbox.compile(src, snapshot=True)
    runs = [sandbox.invoke(unit, deterministic=True, seed=s) for s in (1, 1, 2)]
    assert all(r.error is None for r in runs)
    assert runs[0].output == runs[1].output and runs[0].fuel == runs[1].fuel
    assert runs[0].output != runs[2].output
    assert runs[0].output[5] - runs[0].output[0] >= 30     # virtual time moved with the timer


def _folder(root: Path, name: str, secret_names: list[str], env: dict[str, str]) -> Path:
    folder = root / f"{name}.functions"
    folder.mkdir()
    (folder / "serverless.json").write_text(json.dumps({
        "runtime": "nodejs20.x", "version": "1.0", "secrets": secret_names, "environment": env,
        "endpoints": {f"{name}/peek": {"method": ["GET", "POST"], "file": "peek.js"}},
    }))
    (folder / "peek.js").write_text(
        "const atLoad = JSON.stringify(process.env);\n"
        "exports.main = (context, send) => send({ body: { env: process.env, atLoad, secrets: context.secrets,"
        " keys: Object.keys(globalThis).filter(k => /secret|token/i.test(k)) } });\n")
    return folder


def test_one_folder_never_sees_another_folders_secrets(engine, tmp_path):
    """Invariant: a folder's process.env and context.secrets hold exactly what
    it was granted; another folder's secret values never appear in its
    answers, and snapshots holding secrets are never written to disk."""
    import time
    started = time.time() - 1
    store = {"ALPHA_TOKEN": "alpha-secret-4f1d9c", "BETA_TOKEN": "beta-secret-77a2e0", "SHARED": "shared-secret-e3b1"}
    lookup = store.get
    a = load_folder(_folder(tmp_path, "alpha", ["ALPHA_TOKEN", "SHARED"], {"STAGE": "a"}))
    b = load_folder(_folder(tmp_path, "beta", ["BETA_TOKEN"], {"STAGE": "b"}))
    compiled_a, problems_a = compile_folder(engine, a, lookup)
    compiled_b, problems_b = compile_folder(engine, b, lookup)
    assert not [p for p in problems_a + problems_b if p.is_error]
    import asyncio

    async def call(compiled, endpoint):
        return await invoke_function(engine, compiled[endpoint], FunctionRequest(method="GET", endpoint=endpoint),
                                     limits=SMALL)

    out_a = asyncio.run(call(compiled_a, "alpha/peek"))
    out_b = asyncio.run(call(compiled_b, "beta/peek"))
    body_a = json.loads(out_a.response.body)
    body_b = json.loads(out_b.response.body)
    assert body_a["env"] == {"STAGE": "a", "ALPHA_TOKEN": store["ALPHA_TOKEN"], "SHARED": store["SHARED"]}
    assert body_b["env"] == {"STAGE": "b", "BETA_TOKEN": store["BETA_TOKEN"]}
    assert body_a["secrets"] == {"ALPHA_TOKEN": store["ALPHA_TOKEN"], "SHARED": store["SHARED"]}
    assert body_b["secrets"] == {"BETA_TOKEN": store["BETA_TOKEN"]}
    text_b = out_b.response.body.decode() + out_b.record.log
    assert store["ALPHA_TOKEN"] not in text_b and store["SHARED"] not in text_b
    assert store["BETA_TOKEN"] not in out_a.response.body.decode()
    # Snapshots with secret values stay off disk (files written since the test began).
    for path in Path(engine.cache_dir).rglob("*"):
        if path.is_file() and path.stat().st_mtime >= started and path.stat().st_size < 256 * 1024 * 1024:
            data = path.read_bytes()
            for value in store.values():
                assert value.encode() not in data, f"secret value written to {path}"


def test_process_env_holds_only_what_was_granted(sandbox, monkeypatch):
    monkeypatch.setenv("FNBOX_HOST_ONLY_SECRET", "host-secret-9d8e7f")
    r = sandbox.hostile(main_body("""
      return { keys: Object.keys(process.env), home: process.env.HOME, path: process.env.PATH,
               host: process.env.FNBOX_HOST_ONLY_SECRET, all: JSON.stringify(process.env),
               argv: process.argv, execPath: process.execPath, cwd: process.cwd() };
    """), env={"GRANTED": "yes"}, snapshot=True)
    out = r.output
    assert out["keys"] == ["GRANTED"]
    assert out.get("home") is None and out.get("path") is None and out.get("host") is None
    assert "host-secret" not in json.dumps(out)


def _host_strings() -> list[str]:
    """Strings that would betray the host if they reached a function."""
    repo = str(Path(__file__).resolve().parents[2])
    found = {repo, sys.prefix, sys.base_prefix, str(Path.home()), "site-packages", "/usr/lib/python", ".venv"}
    for key, value in os.environ.items():
        if len(value) >= 12 and key not in ("PWD", "OLDPWD", "SHELL", "TERM", "LANG", "LC_ALL") and "/" in value:
            found.add(value)
    return sorted(s for s in found if s and s not in ("/", "/app"))


@pytest.mark.parametrize("body", [
    "throw new Error('plain');",
    "null.x;",
    "function f() { return f(); } f();",
    "require('./nope');",
    "require('fs').readFileSync('/etc/passwd');",
    "await require('fnbox').call('nope');",
    "const a = []; for (;;) a.push('x'.repeat(1e4));",
    "for (;;) {}",
    "JSON.parse('{bad');",
    "new Function('return (')();",
    "eval('syntax error here (');",
    "require('util').inspect(process, { depth: 5 }); throw new Error(require('util').inspect(globalThis, { depth: 2, showHidden: true }));",
    "console.trace('here'); throw new Error(new Error().stack);",
    "Error.prepareStackTrace = (e, s) => s.map(c => [c.getFileName(), c.getFunctionName()].join(':')).join('|'); throw new Error('x');",
])
def test_errors_and_stacks_carry_no_host_paths_or_environment(sandbox, body):
    """Invariant: error messages, stacks and logs a function can see (or that
    reach the caller) hold guest paths only: no host path, no host
    environment value."""
    r = sandbox.hostile(main_body(body))
    assert r.error is not None
    texts = [str(r.error), getattr(r.error, "stack", "") or "", r.console_text()]
    for text in texts:
        for host in _host_strings():
            assert host not in text, f"host string {host!r} in {text[:300]!r}"


def test_compile_errors_name_guest_paths_to_the_function(sandbox):
    """A syntax error in a required module reaches the function (lenient
    node_modules file) with its guest path only."""
    code = sandbox.engine.bytecode({"/app/index.js": main_body("require('bad'); return 1;"),
                                    "/app/node_modules/bad/index.js": "export default 1;("},
                                   lenient=lambda p: "/node_modules/" in p)
    unit = sandbox.engine.load(code, "/app/index.js", snapshot=False)
    r = sandbox.invoke(unit)
    assert r.error is not None
    for host in _host_strings():
        assert host not in str(r.error) + (r.error.stack or "")
