"""Basic invocation semantics of the engine API."""

from __future__ import annotations

import asyncio

import pytest

from runtime.engine import (CompileError, Engine, JavaScriptError, NoResponseError, OperationError)


def test_send_response_output_and_console(run):
    r = run("exports.main = (input, send) => { console.log('got', input.name); send({hello: input.name}); }",
            {"name": "world"})
    assert r.error is None
    assert r.output == {"hello": "world"}
    assert [(l.level, l.text) for l in r.logs] == [("INFO", "got world")]
    assert r.fuel > 0


def test_return_value_style(run):
    r = run("exports.main = async (ctx) => ({statusCode: 201, body: ctx.x * 2})", {"x": 21})
    assert r.output == {"statusCode": 201, "body": 42}


def test_first_response_wins_second_is_a_warning(run):
    r = run("exports.main = (i, send) => { send(1); send(2); }")
    assert r.output == 1
    assert any(l.level == "WARN" and "more than once" in l.text for l in r.logs)


def test_thrown_error_is_typed_with_stack(run):
    r = run("function boom() { throw new TypeError('bad thing'); }\nexports.main = () => boom();")
    assert isinstance(r.error, JavaScriptError)
    assert r.error.name == "TypeError" and r.error.js_message == "bad thing"
    assert "/app/index.js:1" in r.error.stack and "boom" in r.error.stack


def test_rejected_promise_is_an_error(run):
    r = run("exports.main = async () => { await null; throw new RangeError('nope'); }")
    assert isinstance(r.error, JavaScriptError)
    assert (r.error.name, r.error.origin) == ("RangeError", "rejection")


def test_no_response_is_reported_at_once(run):
    r = run("exports.main = () => { setTimeout(() => console.log('late'), 20); }")
    assert isinstance(r.error, NoResponseError)
    assert [l.text for l in r.logs] == ["late"]
    assert r.wall_ms < 2000


def test_syntax_error_is_a_compile_error(engine: Engine):
    with pytest.raises(CompileError) as info:
        engine.compile({"/app/index.js": "exports.main = () => {"}, entry="/app/index.js")
    assert info.value.filename == "/app/index.js"
    assert info.value.name == "SyntaxError"


def test_top_level_error_surfaces_at_compile_with_snapshot(engine: Engine):
    with pytest.raises(JavaScriptError) as info:
        engine.compile({"/app/index.js": "throw new Error('at load')"}, entry="/app/index.js")
    assert info.value.origin == "load" and "at load" in info.value.js_message


def test_snapshot_unit_runs_top_level_once_before_requests(engine: Engine):
    unit = engine.compile({"/app/index.js": "let n = 0; const t = Date.now(); exports.main = () => ({n: ++n, env: process.env.GREETING});"},
                          entry="/app/index.js", env={"GREETING": "hi"})
    assert unit.image is not None
    outputs = [engine.invoke_sync(unit).output for _ in range(3)]
    assert outputs == [{"n": 1, "env": "hi"}] * 3


def test_require_relative_json_and_cycles(engine: Engine):
    files = {
        "/app/index.js": "const a = require('./lib/a'); const cfg = require('./config.json');\n"
                         "exports.main = () => ({a: a.name, b: a.b(), cfg: cfg.x});",
        "/app/lib/a.js": "exports.name = 'a'; const b = require('./b'); exports.b = () => b.name + b.seen;",
        "/app/lib/b.js": "const a = require('./a'); exports.name = 'b'; exports.seen = a.name;",
        "/app/config.json": '{"x": [1, 2]}',
    }
    unit = engine.compile(files, entry="/app/index.js")
    assert engine.invoke_sync(unit).output == {"a": "a", "b": "ba", "cfg": [1, 2]}


def test_missing_module_error_matches_node(run):
    r = run("exports.main = () => { try { require('nope'); } catch (e) { return {code: e.code, msg: e.message.split('\\n')[0]}; } };")
    assert r.output == {"code": "MODULE_NOT_FOUND", "msg": "Cannot find module 'nope'"}


def test_host_operation_round_trip(engine: Engine):
    async def double(args):
        await asyncio.sleep(0.01)
        return args["n"] * 2

    async def fail(args):
        raise OperationError("denied by policy", name="PolicyError", code="E_DENIED")

    unit = engine.compile({"/app/index.js": """
        const fnbox = require('fnbox');
        exports.main = async () => {
          const [a, b] = await Promise.all([fnbox.call('double', {n: 2}), fnbox.call('double', {n: 5})]);
          let err;
          try { await fnbox.call('fail'); } catch (e) { err = [e.name, e.code, e.message]; }
          let missing;
          try { await fnbox.call('not-granted'); } catch (e) { missing = e.code; }
          return {a, b, err, missing};
        };"""}, entry="/app/index.js", snapshot=False)

    async def go():
        return await engine.invoke(unit, capabilities={"double": double, "fail": fail})
    r = asyncio.run(go())
    assert r.error is None, r.error
    assert r.output == {"a": 4, "b": 10, "err": ["PolicyError", "E_DENIED", "denied by policy"],
                        "missing": "ERR_FNBOX_UNAVAILABLE"}
    assert r.host_ops == 4


def test_async_invoke_runs_many_concurrently(engine: Engine):
    unit = engine.compile({"/app/index.js": "exports.main = async (i) => { await new Promise(r => setTimeout(r, 200)); return i; }"},
                          entry="/app/index.js")

    async def go():
        return await asyncio.gather(*(engine.invoke(unit, n) for n in range(50)))
    import time
    t = time.monotonic()
    results = asyncio.run(go())
    elapsed = time.monotonic() - t
    assert [r.output for r in results] == list(range(50))
    assert elapsed < 5  # 50 sequential waits would take 10 s


def test_a_caller_that_never_yields_does_not_use_up_the_pool(engine: Engine):
    """Finished sandboxes are deleted by the event loop once the caller
    yields; one that awaits invocations back to back without ever yielding
    (inline first calls) must still get every one of them, past the pool's
    slot count."""
    from runtime.engine.wasm import POOL_SLOTS
    unit = engine.compile({"/app/index.js": "exports.main = (i) => i * 2;"}, entry="/app/index.js")

    async def go():
        return [(await engine.invoke(unit, n)).output for n in range(POOL_SLOTS + 100)]
    assert asyncio.run(go()) == [n * 2 for n in range(POOL_SLOTS + 100)]


def test_heavy_first_call_moves_to_a_thread_with_its_full_allowance(engine: Engine):
    from runtime.engine.invocation import INLINE_FUEL
    source = ("exports.main = (input) => { let x = 0; for (let i = 0; i < input.n; i++) x = (x + i * 7) % 1000003; "
              "return {x, r: Math.random()}; };")
    unit = engine.compile({"/app/index.js": source}, entry="/app/index.js")
    light = asyncio.run(engine.invoke(unit, {"n": 10}, deterministic=True, seed=3))
    assert light.error is None and not unit.heavy[0]

    heavy = asyncio.run(engine.invoke(unit, {"n": 2_000_000}, deterministic=True, seed=3))
    assert heavy.error is None, heavy.error
    assert heavy.fuel > INLINE_FUEL            # it got more than the inline cap
    assert unit.heavy[0]                       # later invocations skip the inline attempt
    again = asyncio.run(engine.invoke(unit, {"n": 2_000_000}, deterministic=True, seed=3))
    assert (again.output, again.fuel) == (heavy.output, heavy.fuel)   # the spill changed nothing


def test_a_flood_of_host_operations_is_refused_past_the_cap(engine: Engine):
    from runtime.engine.invocation import MAX_PENDING_OPS

    async def slow(args):
        await asyncio.sleep(0.05)
        return args

    unit = engine.compile({"/app/index.js": """
        const f = require('fnbox');
        exports.main = async () => {
          const settled = await Promise.allSettled(Array.from({length: 1000}, (_, i) => f.call('slow', i)));
          const codes = settled.filter(s => s.status === 'rejected').map(s => s.reason.code);
          return {ok: settled.filter(s => s.status === 'fulfilled').length, refused: codes.length, code: codes[0]};
        };"""}, entry="/app/index.js", snapshot=False)
    r = asyncio.run(engine.invoke(unit, capabilities={"slow": slow}))
    assert r.error is None, r.error
    assert r.output == {"ok": MAX_PENDING_OPS, "refused": 1000 - MAX_PENDING_OPS,
                        "code": "ERR_FNBOX_TOO_MANY_OPERATIONS"}
