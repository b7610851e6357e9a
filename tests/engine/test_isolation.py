"""Whatever one invocation does is invisible to the next."""

from __future__ import annotations

from runtime.engine import Engine

POLLUTE = """
let calls = 0;
exports.main = (input) => {
  const seen = {
    protoX: String(({}).x), globalLeak: typeof globalThis.leak, arrayPush: Array.prototype.push.name,
    calls: ++calls, cached: require('./state').count++, env: process.env.SECRET,
    json: typeof JSON.parse, math: Math.max(1, 2),
  };
  Object.prototype.x = 1;
  globalThis.leak = 1;
  Array.prototype.push = function hijacked() {};
  JSON.parse = () => 'hijacked';
  Math.max = () => -1;
  process.env.SECRET = 'leaked';
  setInterval(() => { globalThis.leak = 2; }, 1);
  return seen;
};
"""


def _check_clean(outputs):
    for out in outputs:
        assert out == {"protoX": "undefined", "globalLeak": "undefined", "arrayPush": "push", "calls": 1,
                       "cached": 0, "json": "function", "math": 2}


def test_state_never_survives_an_invocation(engine: Engine):
    files = {"/app/index.js": POLLUTE, "/app/state.js": "exports.count = 0;"}
    for snapshot in (True, False):
        unit = engine.compile(files, entry="/app/index.js", snapshot=snapshot)
        _check_clean([engine.invoke_sync(unit).output for _ in range(3)])


def test_units_do_not_share_state(engine: Engine):
    a = engine.compile({"/app/index.js": "exports.main = () => { globalThis.mark = 'a'; return typeof globalThis.other; }"},
                       entry="/app/index.js")
    b = engine.compile({"/app/index.js": "exports.main = () => { globalThis.other = 'b'; return typeof globalThis.mark; }"},
                       entry="/app/index.js")
    assert [engine.invoke_sync(a).output, engine.invoke_sync(b).output, engine.invoke_sync(a).output] == \
        ["undefined", "undefined", "undefined"]


def test_nothing_from_outside_reaches_the_guest(run):
    r = run("""exports.main = () => ({
      env: Object.keys(process.env),
      std: typeof std, os: typeof os, scriptArgs: typeof scriptArgs, wasi: typeof WebAssembly,
      fs: (() => { try { require('fs').readFileSync('/etc/passwd'); return 'read'; } catch (e) { return e.code || e.message; } })(),
      cwd: process.cwd(),
    })""")
    out = r.output
    assert out["env"] == []
    assert (out["std"], out["os"], out["scriptArgs"], out["wasi"]) == ("undefined",) * 4
    assert out["fs"] in ("MODULE_NOT_FOUND", "ERR_FNBOX_UNAVAILABLE")
    assert out["cwd"] == "/app"


def test_guest_cannot_see_host_paths_in_stacks(run):
    r = run("exports.main = () => { throw new Error('x'); }")
    assert "/app/index.js" in r.error.stack
    assert "/root" not in r.error.stack and "site-packages" not in r.error.stack
