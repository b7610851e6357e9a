"""Engine benchmark: a hello-world invocation in a sandbox, against peers.

Prints p50/p99 per invocation for fnbox (an instance reset to its
pre-initialised snapshot, and a fresh instance from it where the kernel
allows recycling; limits on, context in, response out) and for the
same work in native QuickJS (PyPI ``quickjs``, fresh Context), ``quickjs-rs``
(fresh Runtime) and ``mini-racer`` (fresh V8 context); then the slowdown that
fuel + deadline metering costs on CPU-bound JavaScript.  Peers that are not
installed are skipped with a note.  Run: ``just bench-engine``.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from runtime.engine import Engine

HELLO = ("exports.main = (context, sendResponse) => "
         "sendResponse({statusCode: 200, body: {message: 'Hello, ' + context.params.name[0]}});")
CONTEXT = {"accountId": 1, "params": {"name": ["world"]}, "body": {}, "headers": {}, "method": "GET"}
PEER_JS = ("function main(ctxJson) { const context = JSON.parse(ctxJson); "
           "return JSON.stringify({statusCode: 200, body: {message: 'Hello, ' + context.params.name[0]}}); }")

N = int(sys.argv[1]) if len(sys.argv) > 1 else 3000


def measure(fn, n: int = N, warmup: int = 200) -> tuple[float, float]:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(n):
        t = time.perf_counter_ns()
        fn()
        times.append(time.perf_counter_ns() - t)
    times.sort()
    return times[len(times) // 2] / 1000, times[int(len(times) * 0.99)] / 1000


def fnbox_hello(engine: Engine):
    unit = engine.compile({"/app/index.js": HELLO}, entry="/app/index.js")
    expect = {"statusCode": 200, "body": {"message": "Hello, world"}}
    assert engine.invoke_sync(unit, CONTEXT).output == expect

    def run():
        engine.invoke_sync(unit, CONTEXT)
    return run


def fnbox_package(engine: Engine):
    """A function that requires a ~70 KB npm package (underscore's UMD build)."""
    npm = shutil.which("npm")
    if npm is None:
        return None
    root = Path(tempfile.mkdtemp(prefix="fnbox-bench-")) / "pkg.functions"
    root.mkdir()
    (root / "package.json").write_text(json.dumps({"private": True, "dependencies": {"underscore": "1.13.7"}}))
    subprocess.run([npm, "install", "--no-audit", "--no-fund", "--silent"], cwd=root, check=True, timeout=300)
    size = (root / "node_modules/underscore/underscore-umd.js").stat().st_size
    files = {"/app/index.js": "const _ = require('underscore');\n"
                              "exports.main = (context, send) => send({statusCode: 200, body: _.chunk(context.params.name, 1)});"}
    for path in (root / "node_modules").rglob("*"):
        if path.is_file() and path.suffix in (".js", ".cjs", ".json") and "/modules/" not in str(path):
            files["/app/" + str(path.relative_to(root))] = path.read_text()
    code = engine.bytecode(files, lenient=lambda path: "/node_modules/" in path)
    unit = engine.load(code, entry="/app/index.js")
    assert engine.invoke_sync(unit, CONTEXT).output["body"] == [["world"]]
    print(f"  (package: underscore {size // 1024} KB, required at load and frozen in the snapshot)")

    def run():
        engine.invoke_sync(unit, CONTEXT)
    return run


TWENTY_APIS = """
const util = require('util'); const path = require('path'); const qs = require('querystring');
const { EventEmitter } = require('events'); const crypto = require('crypto'); const assert = require('assert');
const { StringDecoder } = require('string_decoder');
exports.main = async (context, sendResponse) => {
  const url = new URL('https://api.hubapi.com/crm/v3/objects?limit=10');
  url.searchParams.set('name', context.params.name[0]);
  const buf = Buffer.from('hello ' + context.params.name[0]);
  const em = new EventEmitter(); let seen = 0; em.on('x', () => seen++); em.emit('x');
  const ac = new AbortController();
  const clone = structuredClone({ a: [1, 2], m: new Map([[1, 2]]) });
  await new Promise((r) => queueMicrotask(r));
  assert.strictEqual(seen, 1);
  sendResponse({ statusCode: 200, body: {
    url: url.href, b64: buf.toString('base64'), hex: buf.toString('hex').slice(0, 8),
    enc: new TextEncoder().encode('é').length, dec: new StringDecoder('utf8').write(buf),
    id: crypto.randomUUID().length, f: util.format('%s=%d', 'n', 1), p: path.join('/a', '../b'),
    q: qs.stringify({ a: [1, 2] }), aborted: ac.signal.aborted, clone: clone.a.length,
    atob: atob(btoa('x')), t: typeof process.hrtime.bigint(), env: typeof process.env,
  } });
};
"""


def fnbox_twenty_apis(engine: Engine):
    unit = engine.compile({"/app/index.js": TWENTY_APIS}, entry="/app/index.js")
    out = engine.invoke_sync(unit, CONTEXT)
    assert out.error is None and out.output["body"]["p"] == "/b", out.error

    def run():
        engine.invoke_sync(unit, CONTEXT)
    return run


def native_quickjs():
    import quickjs
    ctx_json = json.dumps(CONTEXT)

    def run():
        ctx = quickjs.Context()
        ctx.eval(PEER_JS)
        ctx.get("main")(ctx_json)
    return run


def quickjs_rs():
    import quickjs_rs
    ctx_json = json.dumps(CONTEXT)

    def run():
        rt = quickjs_rs.Runtime()
        ctx = rt.new_context()
        ctx.eval(PEER_JS)
        ctx.eval(f"main({json.dumps(ctx_json)})")
        ctx.close()
        rt.close()
    return run


def mini_racer():
    from py_mini_racer import MiniRacer
    ctx_json = json.dumps(CONTEXT)

    def run():
        ctx = MiniRacer()
        ctx.eval(PEER_JS)
        ctx.call("main", ctx_json)
        ctx.close()
    return run


def cpu_bound(engine: Engine) -> float:
    unit = engine.compile({"/app/index.js": "exports.main = () => { let x = 0; for (let i = 0; i < 3e6; i++) { x = (x + i * 7) % 1000003; } return x; }"},
                          entry="/app/index.js")
    samples = []
    for _ in range(7):
        t = time.perf_counter()
        r = engine.invoke_sync(unit)
        samples.append(time.perf_counter() - t)
        assert r.error is None, r.error
    return statistics.median(samples) * 1000


def main() -> None:
    print(f"fnbox engine benchmark: hello world in a sandbox from its snapshot, N={N}\n")
    engine = Engine()
    engine.warm()
    rows = [("fnbox (instance reset to its snapshot, fuel + deadline)", fnbox_hello(engine))]
    if engine.images.recycler.enabled:
        rows.append(("fnbox (fresh wasm instance, fuel + deadline)", fnbox_hello(Engine(recycle=False))))
    rows.append(("fnbox, function using 20 Node/Web APIs", fnbox_twenty_apis(engine)))
    package = fnbox_package(engine)
    if package is not None:
        rows.append(("fnbox, function requiring a 70 KB package", package))
    for name, factory in (("quickjs (native C, fresh Context)", native_quickjs),
                          ("quickjs-rs (wasmtime + rquickjs, fresh Runtime)", quickjs_rs),
                          ("mini-racer (V8, fresh context)", mini_racer)):
        try:
            rows.append((name, factory()))
        except ImportError:
            print(f"  (skipped {name}: not installed; `pip install -e '.[bench]'`)")
    results = []
    for name, fn in rows:
        n = N if "mini-racer" not in name and "quickjs-rs" not in name else max(200, N // 10)
        p50, p99 = measure(fn, n=n, warmup=min(200, n // 5))
        results.append((name, p50, p99))
    base50 = results[0][1]
    print(f"{'engine':52} {'p50 µs':>10} {'p99 µs':>10} {'p50 vs fnbox':>14}")
    for name, p50, p99 in results:
        print(f"{name:52} {p50:10.1f} {p99:10.1f} {p50 / base50:13.2f}x")

    metered_ms = cpu_bound(engine)
    unmetered_ms = cpu_bound(Engine(metered=False))
    print(f"\nCPU-bound loop (3e6 iterations): metered {metered_ms:.1f} ms, unmetered {unmetered_ms:.1f} ms, "
          f"metering overhead {100 * (metered_ms / unmetered_ms - 1):.0f} %")


if __name__ == "__main__":
    main()
