"""Escape attempts: a function must reach nothing but its own sandbox.

Each hostile function states the invariant it attacks.  After each, the
suite's invariants are checked too (typed result, limits held, the next
invocation answers normally: see conftest.py)."""

from __future__ import annotations

import pytest

from runtime.engine import CpuLimitError, JavaScriptError, MemoryLimitError, StackOverflowError

from .conftest import SMALL, main_body

#: JavaScript that looks for the bootstrap's private objects among the values
#: it is handed: `host` (log/randomFill/memory/builtin), `internal`
#: (call/cancel/randomFill/emit/...), the dispatcher and the module tables.
SUSPECT = r"""
const MapValues = Map.prototype.values, ownKeys = Reflect.ownKeys, apply = Reflect.apply;
const SUSPECT_KEYS = [['randomFill', 'emit'], ['randomFill', 'builtin'], ['builtin', 'log'], ['onRejection']];
function suspicious(v) {
  if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return null;
  let keys;
  try { keys = apply(Array.prototype.map, ownKeys(v), [String]); } catch (e) { return null; }
  for (const set of SUSPECT_KEYS) if (set.every(k => keys.includes(k))) return 'object with ' + set.join('+');
  if (typeof v === 'function' && ['dispatch', 'invoke', 'resume', 'answer', 'hostCall', 'requireBuiltin', 'loadModule', 'bootstrap'].includes(v.name)) return 'bootstrap function ' + v.name;
  if (v instanceof Map) {
    const it = apply(MapValues, v, []);
    for (let x = it.next().value, i = 0; i < 1; i++) {
      if (x && typeof x === 'object' && ('resolve' in x && 'reject' in x)) return 'pending-op table';
      if (x && typeof x === 'object' && 'exports' in x && 'loaded' in x) return 'module table';
      if (x && typeof x === 'object' && 'due' in x && 'fn' in x) return 'timer table';
    }
  }
  return null;
}
"""


def test_constructor_chains_reach_only_the_sandbox_global(sandbox):
    """Invariant: constructor chains, Function, eval and every kind of
    function constructor give the sandbox's own global, which holds no host
    object, no engine extras (std, os, bjson, WebAssembly) and nothing of the
    bootstrap."""
    r = sandbox.hostile(SUSPECT + r"""
exports.main = () => {
  const globals = [
    ({}).constructor.constructor('return this')(),
    (() => {}).constructor('return globalThis')(),
    (async () => {}).constructor, (function* () {}).constructor, (async function* () {}).constructor,
    eval('globalThis'), (0, eval)('this'), Function('return this')(),
    Object.getPrototypeOf(function () {}).constructor('return this')(),
  ].filter(g => typeof g === 'object');
  const found = [];
  // Walk everything reachable from the global (own keys, prototypes), depth-limited.
  const seen = new Set();
  const queue = globals.map(g => [g, 'globalThis']);
  while (queue.length && seen.size < 20000) {
    const [v, path] = queue.shift();
    if (v === null || (typeof v !== 'object' && typeof v !== 'function') || seen.has(v)) continue;
    seen.add(v);
    const s = suspicious(v);
    if (s) found.push(path + ': ' + s);
    if (path.split('.').length > 6) continue;
    let keys = [];
    try { keys = Reflect.ownKeys(v); } catch (e) {}
    for (const k of keys) {
      let d;
      try { d = Reflect.getOwnPropertyDescriptor(v, k); } catch (e) { continue; }
      if (!d) continue;
      const name = path + '.' + String(k);
      if ('value' in d) queue.push([d.value, name]);
      else { queue.push([d.get, name + '<get>']); queue.push([d.set, name + '<set>']);
             try { queue.push([v[k], name]); } catch (e) {} }
    }
    try { queue.push([Object.getPrototypeOf(v), path + '.__proto__']); } catch (e) {}
  }
  return { same: globals.every(g => g === globalThis), found, walked: seen.size,
           extras: ['std', 'os', 'bjson', 'WebAssembly', 'scriptArgs', 'print', 'host', 'internal', '__host',
                    '__fnbox', 'dispatch'].filter(n => typeof globalThis[n] !== 'undefined') };
};
""")
    assert r.error is None, r.error
    assert r.output["same"], "a constructor chain reached a different global"
    assert r.output["extras"] == []
    assert r.output["found"] == [], r.output["found"]
    assert r.output["walked"] > 500


def test_require_fnbox_is_the_only_door_and_it_is_shut_without_capabilities(sandbox):
    """Invariant: require('fnbox') is a frozen object with `call` only; with
    no capability granted every operation is refused."""
    r = sandbox.hostile(main_body(r"""
      const f = require('fnbox');
      const out = { keys: Reflect.ownKeys(f).map(String), frozen: Object.isFrozen(f) };
      try { f.call = () => 'hijacked'; } catch (e) {}
      out.still = f.call !== undefined && String(f.call).indexOf('hijacked') < 0;
      out.results = [];
      for (const op of ['fetch', 'secret', 'env', 'fs', 'log', '__proto__', 'constructor', '']) {
        try { await f.call(op, { path: '/etc/passwd' }); out.results.push([op, 'granted']); }
        catch (e) { out.results.push([op, e.code]); }
      }
      return out;
    """))
    assert r.error is None, r.error
    out = r.output
    assert out["keys"] == ["call"] and out["frozen"] and out["still"]
    assert all(code == "ERR_FNBOX_UNAVAILABLE" for _, code in out["results"]), out["results"]


@pytest.mark.parametrize("request_", [
    "node:bootstrap", "fnbox:bootstrap", "bootstrap", "/proc/self/environ", "../../etc/passwd",
    "/etc/passwd", "file:///etc/passwd", "node:_unavailable", "_unavailable", "console_table",
    "node:console_table", "node:console/table", "structured_clone", "pkg:axios", "node:pkg:axios",
    "v8", "module", "inspector", "worker_threads/../fs", "./" + "../" * 50 + "etc/passwd",
    "\u0000", "node:", "", "a/" * 2000, "@/", ".", "..", "/",
])
def test_hostile_require_paths_find_nothing_of_the_host(sandbox, request_):
    """Invariant: require resolves only the folder's own files and fnbox's
    public builtins; anything else is MODULE_NOT_FOUND (or an unavailable
    stub), never host files or internal builtins."""
    r = sandbox.hostile("exports.main = (req) => { try { const m = require(req); "
                        "return { ok: true, keys: Object.keys(m).slice(0, 5), type: typeof m }; } "
                        "catch (e) { return { ok: false, code: e.code, name: e.name }; } };", request_)
    assert r.error is None, r.error
    out = r.output
    if out["ok"]:
        # Only the function's own module ('.' is /app/index.js itself) or a
        # public unavailable stub (empty) may load.
        assert out["keys"] in (["main"], []), out
    else:
        assert out["code"] in ("MODULE_NOT_FOUND", "ERR_FNBOX_UNAVAILABLE", "ERR_INVALID_ARG_TYPE"), out


def test_no_way_to_load_bytecode_or_native_code(sandbox):
    """Invariant: fnbox only runs bytecode it compiled itself: the guest has no
    loader of bytecode, scripts, wasm or native bindings."""
    r = sandbox.hostile(main_body(r"""
      const out = {};
      for (const name of ['bjson', 'std', 'os', 'WebAssembly', 'loadScript', 'evalScript', 'Worker']) out[name] = typeof globalThis[name];
      for (const name of ['binding', '_linkedBinding', 'dlopen', 'mainModule', 'reallyExit', 'kill', 'abort', 'chdir', 'setuid']) out['process.' + name] = typeof process[name];
      const vm = require('vm');
      try { vm.runInThisContext('1'); out.vm = 'ran'; } catch (e) { out.vm = e.code; }
      try { vm.Script; new vm.Script('1'); out.vmScript = 'made'; } catch (e) { out.vmScript = e.code; }
      try { require('module'); out.module = 'loaded'; } catch (e) { out.module = e.code; }
      return out;
    """))
    assert r.error is None, r.error
    out = r.output
    for key, value in out.items():
        if key in ("vm", "vmScript"):
            assert value == "ERR_FNBOX_UNAVAILABLE", (key, value)
        elif key == "module":
            assert value == "MODULE_NOT_FOUND"
        elif key in ("process.kill", "process.abort", "process.chdir", "process.reallyExit", "process.setuid"):
            # node:process may define harmless stubs; they must not be native.
            assert value in ("undefined", "function"), (key, value)
        else:
            assert value == "undefined", (key, value)


def test_caller_and_callee_do_not_reach_the_bootstrap(sandbox):
    """Invariant: .caller / arguments.callee.caller of the function main and of
    callbacks (timers, promise jobs, sendResponse) never yield a bootstrap
    function."""
    r = sandbox.hostile(SUSPECT + r"""
exports.main = function main(input, send) {
  const seen = [];
  const look = (f, where) => { try { const c = f.caller; const s = suspicious(c); if (s) seen.push(where + ': ' + s); else if (typeof c === 'function') seen.push(where + ': function ' + c.name); } catch (e) {} };
  look(main, 'main.caller');
  try { look(arguments.callee, 'callee'); } catch (e) {}
  look(send, 'send');
  const s = suspicious(send); if (s) seen.push('send is ' + s);
  return new Promise((resolve) => {
    setTimeout(function timer() { look(timer, 'timer.caller');
      Promise.resolve().then(function job() { look(job, 'job.caller'); resolve(seen); }); }, 1);
  });
};
""")
    assert r.error is None, r.error
    assert r.output == [], r.output


def test_prepare_stack_trace_does_not_hand_out_bootstrap_functions(sandbox):
    """Invariant: stack inspection shows frames, not the bootstrap's functions.

    QuickJS-NG's CallSite.getFunction() returns the frame's function even in
    strict code (V8 returns undefined there), so Error.prepareStackTrace gets
    `invoke` and `dispatch` of the bootstrap; with `dispatch` a function can
    re-enter the ABI (define modules, send itself 'prepare'/'preload'
    messages)."""
    r = sandbox.hostile(SUSPECT + r"""
exports.main = () => {
  const found = [];
  Error.prepareStackTrace = (err, sites) => sites;
  const grab = () => new Error('x').stack;
  const lists = [grab()];
  return new Promise((resolve) => {
    setTimeout(() => { lists.push(grab());
      Promise.resolve().then(() => { lists.push(grab());
        for (const sites of lists) for (const cs of sites) {
          let fn; try { fn = cs.getFunction(); } catch (e) { continue; }
          const file = cs.getFileName && cs.getFileName();
          if (typeof fn === 'function' && file && file !== '/app/index.js') found.push(String(file) + ':' + (fn.name || '?'));
          const s = suspicious(fn); if (s) found.push(s);
        }
        Error.prepareStackTrace = undefined;
        resolve([...new Set(found)]);
      });
    }, 1);
  });
};
""")
    assert r.error is None, r.error
    assert r.output == [], f"stack inspection handed out bootstrap/builtin functions: {r.output}"


def test_prepare_stack_trace_reentering_the_dispatcher_cannot_confuse_the_host(sandbox):
    """Invariant: even a function that gets hold of the dispatcher gets a typed
    result; the host is not confused by what it sends itself."""
    r = sandbox.hostile(r"""
exports.main = () => {
  Error.prepareStackTrace = (e, s) => s;
  const sites = new Error().stack;
  Error.prepareStackTrace = undefined;
  const dispatch = sites.map(s => s.getFunction()).find(f => f && f.name === 'dispatch');
  if (!dispatch) return 'no dispatcher';
  dispatch('message', JSON.stringify({ t: 'prepare', env: { FORGED: '1' } }));
  return 'reentered';
};
""")
    # Whatever it did, the answer is typed and the host is fine (checked by hostile()).
    assert r.error is None or isinstance(r.error, JavaScriptError) or r.error.kind, r.error


def test_tampered_function_call_does_not_leak_the_internal_capabilities(sandbox):
    """Invariant: `internal` (the capability object the bootstrap gives shim
    modules: call, cancel, randomFill, memory, emit, format, monotonic,
    process) never reaches user code.

    The bootstrap loads a builtin with `def.call(exports, exports,
    requireBuiltin, mod, internal)`, looking `call` up on
    Function.prototype at that moment: a function that replaces
    Function.prototype.call before its first require of a builtin receives
    `internal` and `requireBuiltin` as arguments."""
    r = sandbox.hostile(SUSPECT + r"""
exports.main = () => {
  const found = [];
  const apply = Reflect.apply;
  const saved = { call: Function.prototype.call, apply: Function.prototype.apply, bind: Function.prototype.bind };
  const spy = (name) => function (...args) {
    for (const a of args) { const s = suspicious(a); if (s) found.push(name + ' got ' + s); }
    if (Array.isArray(args[1])) for (const a of args[1]) { const s = suspicious(a); if (s) found.push(name + ' got ' + s); }
    const s = suspicious(this); if (s) found.push(name + ' this ' + s);
    return apply(saved[name], this, args);
  };
  Function.prototype.call = spy('call');
  Function.prototype.apply = spy('apply');
  try {
    for (const m of ['events', 'buffer', 'crypto', 'os', 'path', 'url', 'assert', 'string_decoder', 'querystring', 'timers', 'http', 'fs']) {
      try { require(m); } catch (e) {}
    }
    console.table([{ a: 1 }]); structuredClone({ a: 1 });
  } finally { Function.prototype.call = saved.call; Function.prototype.apply = saved.apply; }
  return [...new Set(found)];
};
""")
    assert r.error is None, r.error
    assert r.output == [], f"user code received bootstrap internals: {r.output}"


def test_tampered_collections_do_not_expose_the_bootstrap_tables(sandbox):
    """Invariant: the bootstrap's module, timer and pending-operation tables
    stay private even when a function hooks Map.prototype (the bootstrap
    calls `timers.get`, `builtinCache.get`, `pendingOps.set` ... through the
    live prototype)."""
    r = sandbox.hostile(SUSPECT + main_body(r"""
      const found = [];
      const saved = {};
      for (const name of ['get', 'set', 'has', 'delete', 'values', 'entries', Symbol.iterator]) {
        saved[name] = Map.prototype[name];
        Map.prototype[name] = function (...args) {
          const s = suspicious(this); if (s) found.push(String(name) + ': ' + s);
          return Reflect.apply(saved[name], this, args);
        };
      }
      require('events');
      setTimeout(() => {}, 1);
      require('fnbox').call('nothing').catch(() => {});
      await new Promise((r) => setTimeout(r, 2));
      for (const name of Object.keys(saved)) Map.prototype[name] = saved[name];
      Map.prototype[Symbol.iterator] = saved[Symbol.iterator];
      return [...new Set(found)];
    """))
    assert r.error is None, r.error
    assert r.output == [], f"bootstrap tables reached user code: {r.output}"


# -- forging the answer --------------------------------------------------------------
# The bootstrap serialises its answer (done / error / wait) with whatever
# JSON.stringify and toJSON are in place when it answers.  Each of these makes
# the guest's answer something the host did not expect; the host must still
# return a typed error (EngineError), not raise.

FORGERIES = {
    "stringify returns garbage": "JSON.stringify = () => 'not json'; return 1;",
    "stringify returns an array": "JSON.stringify = () => '[1]'; return 1;",
    "stringify returns a string": "JSON.stringify = () => '\"done\"'; return 1;",
    "Object.prototype.toJSON": "Object.prototype.toJSON = function () { return 'x'; }; return { a: 1 };",
    "wait without op id": "JSON.stringify = () => '{\"t\":\"wait\",\"ops\":[{\"op\":\"x\"}]}'; setTimeout(() => {}, 5);",
    "wait with ops not a list": "JSON.stringify = () => '{\"t\":\"wait\",\"ops\":5}'; setTimeout(() => {}, 5);",
    "wait with a string wake": "JSON.stringify = () => '{\"t\":\"wait\",\"wake\":\"soon\"}'; setTimeout(() => {}, 5);",
    "error that is a string": "JSON.stringify = () => '{\"t\":\"error\",\"error\":\"boom\"}'; return 1;",
    "fatal with a list body": "JSON.stringify = () => '{\"t\":\"fatal\",\"message\":[1]}'; return 1;",
    "done that is huge-nested": "JSON.stringify = () => '{\"t\":\"done\",\"output\":' + '['.repeat(5000) + ']'.repeat(5000) + '}'; return 1;",
    "Array.prototype.toJSON on ops": "Array.prototype.toJSON = function () { return [{ id: 'x' }]; }; "
                                     "require('fnbox').call('nope').catch(() => {}); await new Promise(() => {});",
}


@pytest.mark.parametrize("name", list(FORGERIES))
def test_forged_answers_become_typed_errors(sandbox, name):
    """Invariant: whatever the guest answers, the host returns a Result with a
    typed error (never a Python exception that skips the log record and the
    budget charge)."""
    r = sandbox.hostile(main_body(FORGERIES[name]), limits=SMALL)
    assert r.error is not None or r.output is not None


# -- the response object ---------------------------------------------------------------

RESPONSE_ATTACKS = {
    # name: (body, accepted error types; None = must succeed)
    "getter loops during serialisation": ("return { statusCode: 200, get body() { for (;;) {} } };", CpuLimitError),
    "getter allocates during serialisation": ("return { get body() { const a = []; for (;;) a.push(new Array(1e4).fill(a.length)); } };", MemoryLimitError),
    "getter throws": ("return { get body() { throw new Error('nope'); } };", JavaScriptError),
    "getter recurses": ("const o = { get body() { return o.body; } }; return o;", (StackOverflowError, JavaScriptError)),
    "toJSON loops": ("return { body: { toJSON() { for (;;) {} } } };", CpuLimitError),
    "toJSON grows forever": ("const grow = (n) => ({ toJSON() { return [grow(n + 1), 'x'.repeat(1000)]; } }); return { body: grow(0) };",
                             (StackOverflowError, MemoryLimitError, CpuLimitError, JavaScriptError)),
    "valueOf and toPrimitive bombs": ("return { statusCode: { valueOf() { for (;;) {} }, [Symbol.toPrimitive]() { for (;;) {} } }, body: 'x' };", None),
    "cycle": ("const o = { body: {} }; o.body.self = o; return o;", JavaScriptError),
    "BigInt": ("return { body: { n: 10n } };", JavaScriptError),
    "revoked proxy": ("const { proxy, revoke } = Proxy.revocable({}, {}); revoke(); return { body: proxy };", JavaScriptError),
    "proxy with a million keys": ("const keys = Array.from({ length: 1e6 }, (_, i) => 'k' + i); "
                                  "return { body: new Proxy({}, { ownKeys: () => keys, getOwnPropertyDescriptor: () => ({ value: 1, enumerable: true, configurable: true }) }) };",
                                  (CpuLimitError, MemoryLimitError, JavaScriptError)),
    "getter calls sendResponse and exits": ("return { get body() { send({ body: 'other' }); process.exit(0); } };", JavaScriptError),
    "getter mutates JSON mid-answer": ("return { get body() { JSON.stringify = () => 'garbage'; return 'ok'; } };", None),
    "input proxy trick": ("const p = new Proxy(input, { get(t, k) { return k === 'then' ? undefined : Reflect.get(t, k); } }); return { body: Reflect.ownKeys(p) };", None),
}


@pytest.mark.parametrize("name", list(RESPONSE_ATTACKS))
def test_the_response_object_cannot_escape_its_limits(sandbox, name):
    """Invariant: code that runs while the response is serialised (getters,
    toJSON, proxies) is metered like any other code, and a response that
    cannot be serialised is a typed error."""
    body, expected = RESPONSE_ATTACKS[name]
    r = sandbox.hostile(main_body(body), {"a": 1})
    if expected is None:
        assert r.error is None, r.error
    else:
        assert isinstance(r.error, expected), f"{name}: {r.error!r}"


def test_tampered_shim_objects_do_not_survive_into_the_next_invocation(sandbox):
    """Invariant: prototype tampering of the shim's objects (console, process,
    require, Promise, JSON, Object.prototype, Function.prototype) affects
    only the invocation that did it; the next one, of the same unit or of
    another, sees them pristine."""
    probe = r"""
      const pristine = () => ({
        log: String(console.log).includes('[native') || console.log.name,
        env: JSON.stringify(process.env),
        then: Promise.prototype.then.name, parse: JSON.parse.name, stringify: JSON.stringify.name,
        objectProto: Object.getOwnPropertyNames(Object.prototype).length,
        fnCall: Function.prototype.call.name, exit: process.exit.name, nextTick: process.nextTick.name,
        requireCache: Object.keys(require.cache).length, x: ({}).polluted,
      });
    """
    tamper = probe + r"""exports.main = () => {
      const before = pristine();
      console.log = () => {}; console.error = null;
      process.env.INJECTED = '1'; process.exit = () => {}; process.nextTick = null;
      Promise.prototype.then = function () { return this; };
      JSON.parse = () => ({}); Object.prototype.polluted = 1; Function.prototype.call = null;
      require.cache['/app/x.js'] = { exports: 1 };
      Object.defineProperty(Object.prototype, 'statusCode', { get() { return 599; }, configurable: true });
      return before;
    };"""
    for snapshot in (False, True):
        unit = sandbox.compile(tamper, snapshot=snapshot)
        first = sandbox.invoke(unit).output
        second = sandbox.invoke(unit).output
        assert first == second, (first, second)
        assert first.get("x") is None and first["requireCache"] == 0 and first["env"] == "{}"
    other = sandbox.run(probe + "exports.main = () => pristine();")
    assert other.output == first
    sandbox.alive()


# -- a compromised guest --------------------------------------------------------------
# README: "the remaining trust is in wasmtime and QuickJS-NG (a bug there stays
# inside the wasm sandbox)".  That holds only if the host never trusts a
# pointer or length the guest hands it.  These guests are tiny wasm modules
# that speak fnbox's ABI but lie, as QuickJS would after a memory-corruption
# bug: the host must answer with a typed error and touch nothing outside the
# guest's linear memory.  Each runs in a child process (an out-of-bounds
# access by the host is a segfault, or a read of another pooled instance's
# memory).

_LIAR = """
(module
  (import "fnbox" "random" (func $random (param i32 i32)))
  (import "fnbox" "builtin" (func $builtin (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (memory (export "memory") 2)
  (data (i32.const 0) "{LOGHEADER}")
  (data (i32.const 256) "{\\"t\\":\\"done\\",\\"output\\":1}")
  (func (export "fnbox_buffer") (param i32) (result i32) {BUFFER})
  (func (export "fnbox_log_area") (result i32) (i32.const 0))
  (func (export "fnbox_memory_limit") (param i32))
  (func (export "fnbox_call") (param i32) (result i64)
    {BODY}
    {ANSWER}))
"""

_GOOD_ANSWER = "(i64.or (i64.shl (i64.const 256) (i64.const 32)) (i64.const 23))"
_LIES = {
    "honest guest (control)": {},
    "answer pointer past memory": {"ANSWER": "(i64.or (i64.shl (i64.const 0x10000) (i64.const 32)) (i64.const 0x7ffffff0))"},
    "input buffer past memory": {"BUFFER": "(i32.const 0x7fff0000)", "SCRATCH": "(0, 0)"},
    "console area claims 2 GiB": {"LOGHEADER": "\\f0\\ff\\ff\\7f\\00\\00\\00\\00"},
    "random bytes written past memory": {"BODY": "(call $random (i32.const 0xffffff00) (i32.const 4096))"},
    "clock written past memory": {"BODY": "(drop (call $clock (i32.const 0) (i64.const 0) (i32.const 0xfffffffc)))"},
    "builtin name read past memory": {"BODY": "(drop (call $builtin (i32.const 0xffffff00) (i32.const 4096) (i32.const 0) (i32.const 0)))"},
}


@pytest.mark.parametrize("lie", list(_LIES))
def test_a_compromised_guest_cannot_make_the_host_touch_memory_outside_its_own(lie):
    from .conftest import run_isolated
    parts = {"LOGHEADER": "\\00\\00\\00\\00\\00\\00\\00\\00", "BUFFER": "(i32.const 4096)", "BODY": "",
             "ANSWER": _GOOD_ANSWER, "SCRATCH": "(4096, 16384)"} | _LIES[lie]
    wat = _LIAR
    for key in ("LOGHEADER", "BUFFER", "BODY", "ANSWER"):
        wat = wat.replace("{" + key + "}", parts[key])
    proc = run_isolated(f"""
        import time, wasmtime
        from runtime.engine import Engine, Limits, SandboxError
        from runtime.engine.clock import RealClock, RealEntropy
        from runtime.engine.image import Image
        from runtime.engine.instance import Instance
        engine = Engine()
        host = engine.host
        module = wasmtime.Module(host.engine, wasmtime.wat2wasm({wat!r}))
        image = Image(module, engine.images.linker.instantiate_pre(module), 0, {{}}, {parts["SCRATCH"]})
        limits = Limits(wall_ms=2000, fuel=10**9)
        inst = Instance(host, image, limits, RealClock(), RealEntropy(), time.monotonic() + 2)
        try:
            answer = inst.message(b'{{"t":"invoke","input":' + b'1' * 8 + b'}}')
            print("ANSWER", answer.kind, len(answer.raw), flush=True)
        except SandboxError as exc:
            print("TYPED", type(exc).__name__, exc, flush=True)
        except Exception as exc:
            print("UNTYPED", type(exc).__name__, str(exc)[:200], flush=True)
        inst.close()
    """, timeout=60)
    if not _LIES[lie]:
        assert "ANSWER done" in proc.stdout, (proc.stdout, proc.stderr[-1500:])
        return
    assert proc.returncode == 0, f"the host process died (exit {proc.returncode}): {proc.stderr[-1500:]}"
    assert "TYPED" in proc.stdout and "UNTYPED" not in proc.stdout, \
        f"the host trusted the lying guest: {proc.stdout.strip()[:300]} {proc.stderr[-500:]}"


def test_guest_clock_tampering_does_not_break_the_log_record(engine, sandbox):
    """Invariant: the log record is written whatever the function did.  The
    bootstrap stamps console lines with the live Date.now, so a function that
    replaces it makes the host render a time it cannot (1e300 ms): finish()
    raised OverflowError and the request lost its response and record."""
    from types import SimpleNamespace
    from runtime.invoke import FunctionRequest, finish
    from .conftest import SMALL
    for stamp in ("1e300", "-1e300", "NaN", "Infinity", "-62135596800001"):
        r = sandbox.hostile(main_body(f"Date.now = () => {stamp}; console.log('stamped'); return {{ body: 'ok' }};"))
        compiled = SimpleNamespace(secrets={}, missing_secrets=(), endpoint=SimpleNamespace(key="clock"))
        outcome = finish(compiled, FunctionRequest(method="GET", endpoint="clock"), "req", 1, 0.0, r, SMALL)
        assert outcome.response.status == 200 and "stamped" in outcome.record.log, (stamp, outcome.record.log)


def test_a_lone_surrogate_in_console_output_does_not_erase_the_other_lines(sandbox):
    """Invariant: the log says what happened.  console.log('\\ud800') is
    written as a JSON "\\ud800" escape that msgspec refuses, and the host
    then drops the whole batch: every line printed in the same call (before
    and after) vanishes from the record."""
    r = sandbox.hostile(main_body("console.log('before'); console.log('\\ud800'); console.error('after'); "
                                  "throw new Error('the error the log should explain');"))
    texts = [line.text for line in r.logs]
    assert "before" in texts and "after" in texts, f"lines lost: {texts} (dropped {r.logs_dropped} bytes)"


def test_module_source_cannot_run_code_outside_its_commonjs_wrapper(sandbox):
    """Invariant: a file's code runs when (and only if) it is required.

    Modules are wrapped by string concatenation ("(function (exports, ...) {"
    + source + "\\n})"), so a source that closes the wrapper and reopens it
    runs code when fnbox *defines* the module: in every invocation of a unit
    without a snapshot, and inside the snapshot build (under BUILD_LIMITS)
    otherwise -- here a file under node_modules that nothing requires sets a
    global before main runs."""
    files = {
        "/app/index.js": "exports.main = () => typeof globalThis.RAN_AT_DEFINE;",
        "/app/node_modules/never-required/index.js": "}); globalThis.RAN_AT_DEFINE = 1; (function () {",
    }
    r = sandbox.hostile(files)
    assert r.error is None and r.output == "undefined", \
        "code outside a module's wrapper ran although nothing required the module"
