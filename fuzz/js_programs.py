"""Fuzz untrusted JavaScript: random programs from a grammar of risky
constructs (loops, recursion, regex, big allocations, proxies, getters,
promises, timers, try/finally, generators, async, typed arrays, JSON, string
operations, Symbol.toPrimitive, prototype mutation, tampering with the
shim), plus the seed corpus in fuzz/corpus/js_programs/ (the security
suite's hostile functions).

Each program runs in a fresh sandbox with small limits (200 ms wall, 1e9
fuel, 32 MiB), and after each: the host answered with a typed result; the
limits held (fuel exact, memory under its cap; wall time with
FNBOX_FUZZ_STRICT_WALL=1);
the next hello invocation answers; nothing leaked (a probe sees a pristine
global state); and in deterministic mode the same program run twice gives
the same output, error, logs and fuel.

The input is the program's source, so a crash file is a .js file you can
read and replay.  Random mode (the generator is the structure; coverage of
the host's Python adds little here).

    python fuzz/js_programs.py --seconds 30 [--seed N] [--print N]
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402
from _reader import SKIP_KNOWN  # noqa: E402

NAME = "js_programs"
MIB = 1024 * 1024
#: Wall time is not checked by default: it depends on the machine's load, and
#: what a harness checks must not (tests/security checks the 10 % rule).
#: FNBOX_FUZZ_STRICT_WALL=1 checks 10 % + one tick + 25 ms.
STRICT_WALL = os.environ.get("FNBOX_FUZZ_STRICT_WALL") == "1"

PROBE = r"""exports.main = () => {
  const names = (o) => Object.getOwnPropertyNames(o).sort().join(',');
  return [names(globalThis), names(Object.prototype), names(Array.prototype), names(Function.prototype),
          names(Promise.prototype), names(JSON), names(console), names(process), typeof require('fnbox').call,
          Object.keys(process.env).join(','), String(({}).polluted), Date.now() > 0];
};"""

_s: SimpleNamespace | None = None
REGEXES = ["(a+)+$", "(a|aa)*b", "^(x+x+)+y", "\\d+", "(?<=a)b", "(.*)*c", "[\\s\\S]{0,65535}"]


def _setup() -> None:
    global _s
    if _s is not None:
        return
    from runtime.engine import CompileError, CpuLimitError, Engine, Limits, SandboxError, TimeLimitError
    from runtime.engine.wasm import EPOCH_TICK_S
    engine = Engine()
    engine.warm()
    compile_ = lambda src: engine.compile({"/app/index.js": src}, entry="/app/index.js")  # noqa: E731
    _s = SimpleNamespace(engine=engine, Limits=Limits, CompileError=CompileError, CpuLimitError=CpuLimitError,
                         SandboxError=SandboxError, TimeLimitError=TimeLimitError, tick_ms=EPOCH_TICK_S * 1000,
                         limits=Limits(wall_ms=200, fuel=1_000_000_000, memory_bytes=32 * MIB),
                         hello=compile_("exports.main = (i) => ({ hello: i })"), probe=compile_(PROBE))
    _s.baseline = _probe()


def _probe():
    r = _s.engine.invoke_sync(_s.probe, None, limits=_s.limits)
    if r.error is not None:
        raise _harness.Finding(f"the leak probe failed: {r.error!r}")
    return r.output


# -- the grammar -----------------------------------------------------------------------

class Gen:
    """Random programs.  Sizes are drawn from a few magnitudes so that both
    "finishes" and "hits a limit" happen often."""

    VARS = ["v0", "v1", "v2", "v3", "o", "arr", "s"]

    def __init__(self, rng: random.Random):
        self.r = rng
        self.depth = 0
        self.nested = 0     # inside a function other than main: no await

    def fblock(self, k: int | None = None) -> str:
        self.nested += 1
        try:
            return self.block(k)
        finally:
            self.nested -= 1

    def fexpr(self) -> str:
        self.nested += 1
        try:
            return self.expr()
        finally:
            self.nested -= 1

    def n(self) -> str:
        return self.r.choice(["0", "1", "3", "10", "100", "1000", "1e4", "1e5", "1e6", "1e7", "2 ** 20",
                              "2 ** 31", "2 ** 32", "-1", "NaN", "Infinity", "0.5"])

    def small(self) -> str:
        return self.r.choice(["0", "1", "2", "5", "10", "50", "200"])

    def var(self) -> str:
        return self.r.choice(self.VARS)

    def str_lit(self) -> str:
        return self.r.choice(["'a'", "'😀'.slice(0, 1)", "'ab'", "''", "'\\u00e9'", "'😀'", "'x'.repeat(" + self.small() + ")",
                              "'%s %d %o'", "'__proto__'", "'constructor'", "'toJSON'", "'then'"])

    def expr(self) -> str:
        self.depth += 1
        try:
            if self.depth > 4:
                return self.r.choice([self.n(), self.str_lit(), self.var(), "null", "undefined", "({})", "[]", "input"])
            return self.r.choice(self.EXPRS)(self)
        finally:
            self.depth -= 1

    def block(self, k: int | None = None) -> str:
        self.depth += 1
        try:
            count = k if k is not None else self.r.randint(1, 3)
            if self.depth > 4:
                return f"{self.var()} = {self.n()};"
            return "\n".join(self.stmt() for _ in range(count))
        finally:
            self.depth -= 1

    def stmt(self) -> str:
        return self.r.choice(self.STMTS)(self)

    EXPRS = [
        lambda g: g.n(), lambda g: g.str_lit(), lambda g: g.var(),
        lambda g: f"({g.expr()} + {g.expr()})", lambda g: f"[{g.expr()}, {g.expr()}]",
        lambda g: f"({{ a: {g.fexpr()}, get b() {{ {g.fblock(1)} return {g.fexpr()}; }} }})",
        lambda g: f"String({g.expr()}).repeat({g.small()})",
        lambda g: f"new Array({g.n()}).fill({g.expr()})",
        lambda g: f"new Uint8Array({g.n()})", lambda g: f"new Float64Array({g.n()}).map((x, i) => i * {g.fexpr()})",
        lambda g: f"new ArrayBuffer({g.n()}).byteLength",
        lambda g: f"JSON.stringify({g.expr()})", lambda g: f"JSON.parse(JSON.stringify({g.expr()}) || 'null')",
        lambda g: "/" + g.r.choice(REGEXES) + f"/.test({g.str_lit()}.repeat({g.n()}))",
        lambda g: f"new Proxy({{}}, {{ get: (t, k) => {{ {g.fblock(1)} return {g.fexpr()}; }} }})",
        lambda g: f"({{ [Symbol.toPrimitive]() {{ {g.fblock(1)} return {g.fexpr()}; }} }}) + 1",
        lambda g: f"({{ valueOf() {{ {g.fblock(1)} return 1; }} }}) * 2",
        lambda g: f"(function f(n) {{ return n <= 0 ? 0 : 1 + f(n - 1); }})({g.n()})",
        lambda g: f"[...(function* () {{ for (let i = 0; i < {g.n()}; i++) yield i; }})()].length",
        lambda g: f"Array.from({{ length: {g.small()} }}, (_, i) => i).sort(() => {g.fexpr()} ? -1 : 1)",
        lambda g: f"{g.str_lit()}.padStart({g.n()}, 'ab').length",
        lambda g: f"String({g.expr()}).split('').reverse().join('')",
        lambda g: f"BigInt({g.r.choice(['2', '3', '10'])}) ** BigInt({g.r.choice(['10', '100', '1000', '100000'])})",
        lambda g: f"structuredClone({g.expr()})",
        lambda g: f"Object.keys({g.expr()} || {{}}).length",
        lambda g: "Reflect.ownKeys(input || {})",
        lambda g: g.n() if g.nested else f"(await Promise.race([new Promise(r => setTimeout(() => r({g.fexpr()}), {g.small()})), {g.fexpr()}]))",
        lambda g: g.n() if g.nested else f"(await Promise.all([{g.expr()}, Promise.resolve({g.expr()})]))",
        lambda g: g.n() if g.nested else f"(await (async () => {{ {g.fblock(1)} return {g.fexpr()}; }})())",
        lambda g: f"require('util').inspect({g.expr()}, {{ depth: {g.small()} }})",
        lambda g: f"require('util').format({g.str_lit()}, {g.expr()}, {g.expr()})",
        lambda g: f"Buffer.from(String({g.expr()})).toString('base64')",
        lambda g: f"require('crypto').createHash('sha256').update(String({g.expr()})).digest('hex')",
        lambda g: f"new TextEncoder().encode(String({g.expr()})).length",
        lambda g: f"new URL('http://x/' + String({g.expr()}).slice(0, 50)).pathname",
        lambda g: f"new Date({g.expr()}).getTime()",
        lambda g: "Math.random() < 2",
    ]

    STMTS = [
        lambda g: f"{g.var()} = {g.expr()};",
        lambda g: f"for (let i = 0; i < {g.n()}; i++) {{ {g.block()} }}",
        lambda g: f"while ({g.var()} !== {g.expr()} && {g.r.choice(['true', 'v0++ < 1000'])}) {{ {g.block()} }}",
        lambda g: f"try {{ {g.block()} }} catch (e) {{ {g.var()} = String(e); }}",
        lambda g: f"try {{ {g.block()} }} finally {{ {g.block(1)} }}",
        lambda g: f"if ({g.expr()}) {{ {g.block()} }} else {{ {g.block()} }}",
        lambda g: f"console.log({g.expr()}, {g.expr()});",
        lambda g: f"console.{g.r.choice(['warn', 'error', 'info', 'debug', 'trace', 'dir', 'table', 'count', 'time', 'timeEnd', 'group', 'groupEnd', 'assert'])}({g.expr()});",
        lambda g: f"setTimeout(() => {{ {g.fblock()} }}, {g.small()});",
        lambda g: f"{g.var()} = setInterval(() => {{ {g.fblock(1)} }}, {g.small()});",
        lambda g: f"clearInterval({g.var()});",
        lambda g: f"setImmediate(() => {{ {g.fblock(1)} }});",
        lambda g: f"queueMicrotask(() => {{ {g.fblock(1)} }});",
        lambda g: f"process.nextTick(() => {{ {g.fblock(1)} }});",
        lambda g: "v0++;" if g.nested else f"await new Promise((r) => setTimeout(r, {g.small()}));",
        lambda g: f"Promise.reject(new Error({g.str_lit()}));",
        lambda g: f"require('fnbox').call({g.str_lit()}, {g.fexpr()}).catch(() => {{}});",
        lambda g: f"arr.push({g.expr()});",
        lambda g: f"o[{g.str_lit()}] = {g.expr()};",
        lambda g: f"Object.defineProperty(o, {g.str_lit()}, {{ get() {{ {g.fblock(1)} return {g.fexpr()}; }}, configurable: true, enumerable: true }});",
        lambda g: f"{g.r.choice(['Object', 'Array', 'String', 'Function', 'Promise', 'Number'])}.prototype.{g.r.choice(['polluted', 'toString', 'valueOf', 'then', 'push', 'map', 'call'])} = function () {{ {g.fblock(1)} return {g.fexpr()}; }};",
        lambda g: f"{g.r.choice(['console.log', 'process.exit', 'setTimeout', 'Math.random', 'Date.now', 'Error.prepareStackTrace', 'Symbol.iterator', 'JSON.stringify', 'Map.prototype.get', 'Function.prototype.call'])} = {g.r.choice(['undefined', 'null', '() => 1', '() => { throw 1; }'])};",
        lambda g: f"send({g.expr()});",
        lambda g: "send({ statusCode: 200, body: " + g.expr() + ", headers: { 'x-a': String(" + g.expr() + ").slice(0, 20) } });",
        lambda g: f"if ({g.expr()}) return {g.expr()};",
        lambda g: f"if ({g.expr()}) throw new Error(String({g.expr()}));",
        lambda g: "if (v0 > 1) process.exit(0);",
        lambda g: f"{g.var()} = (function* () {{ {g.fblock(1)} yield {g.fexpr()}; }})().next().value;",
        lambda g: f"{g.var()} = new WeakRef({{ x: {g.expr()} }}).deref();",
        lambda g: f"new FinalizationRegistry(() => {{ {g.fblock(1)} }}).register({{}}, 1);",
    ]

    def program(self) -> str:
        body = "\n".join(self.stmt() for _ in range(self.r.randint(1, 6)))
        ret = self.r.choice([f"return {self.expr()};", "return { statusCode: 200, body: { v0, arr, s: String(s).slice(0, 100) } };",
                             f"send({{ body: {self.expr()} }});", ""])
        return ("exports.main = async (input, send) => {\n"
                "let v0 = 0, v1 = 1, v2 = 'x', v3 = null, o = {}, arr = [], s = '';\n"
                f"{body}\n{ret}\n}};\n")


def generate(rng: random.Random) -> bytes:
    src = Gen(rng).program()
    if SKIP_KNOWN:      # shapes of known findings: forged answers, lone surrogates, wild log times
        src = (src.replace("JSON.stringify = ", "JSON.parse = ").replace("'😀'.slice(0, 1)", "'e'")
                  .replace(".prototype.toJSON = ", ".prototype.toJSON2 = ").replace("Date.now = ", "Date.now2 = "))
    return src.encode()


# -- invariants --------------------------------------------------------------------------------

def _run(unit, **kwargs):
    try:
        r = _s.engine.invoke_sync(unit, {"n": 1}, limits=_s.limits, **kwargs)
    except Exception as exc:
        raise _harness.Finding(f"invoke raised {type(exc).__name__}: {exc}") from exc
    if r.error is not None and not isinstance(r.error, _s.SandboxError):
        raise _harness.Finding(f"untyped error {r.error!r}")
    L = _s.limits
    if r.fuel > L.fuel or (isinstance(r.error, _s.CpuLimitError) and r.fuel != L.fuel):
        raise _harness.Finding(f"fuel {r.fuel} against a cap of {L.fuel} ({r.error!r})")
    if r.memory_bytes > L.memory_bytes:
        raise _harness.Finding(f"memory {r.memory_bytes} over {L.memory_bytes}")
    if STRICT_WALL and r.wall_ms > L.wall_ms * 1.1 + _s.tick_ms + 25:
        raise _harness.Finding(f"wall {r.wall_ms:.0f} ms against a {L.wall_ms} ms limit")
    if sum(len(line.text.encode()) for line in r.logs) > L.log_bytes:
        raise _harness.Finding("more console text kept than the limit")
    return r


def _fingerprint(r):
    err = None if r.error is None else (type(r.error).__name__, str(r.error))
    return (repr(r.output), err, r.fuel, [(l.level, l.text) for l in r.logs], r.logs_dropped)


def check(data: bytes) -> None:
    _setup()
    source = data.decode("utf-8", "replace")
    try:
        unit = _s.engine.compile({"/app/index.js": source}, entry="/app/index.js", snapshot=False)
    except _s.CompileError:
        return                      # not a program: nothing to check
    _run(unit)
    # Determinism: twice with the same seed, identical (unless the wall clock cut it).
    a = _run(unit, deterministic=True, seed=7)
    b = _run(unit, deterministic=True, seed=7)
    if not any(isinstance(x.error, _s.TimeLimitError) for x in (a, b)) and _fingerprint(a) != _fingerprint(b):
        raise _harness.Finding(f"deterministic runs differ:\n{_fingerprint(a)}\n{_fingerprint(b)}")
    # Host alive, nothing leaked.
    ok = _s.engine.invoke_sync(_s.hello, 1, limits=_s.limits)
    if ok.error is not None or ok.output != {"hello": 1}:
        raise _harness.Finding(f"the next invocation failed: {ok.error!r}")
    if _probe() != _s.baseline:
        raise _harness.Finding("global state differs after the program")


def export_seeds() -> int:
    """Write the security suite's hostile functions as seed-<name>.js."""
    import re
    sys.path.insert(0, str(_harness.REPO))
    from tests.security import test_escape, test_exhaustion
    from tests.security.conftest import main_body
    programs = {}
    for name, (body, _) in test_exhaustion.HOSTILE.items():
        programs[name] = main_body(body)
    for name, (body, _) in test_escape.RESPONSE_ATTACKS.items():
        programs["response " + name] = main_body(body)
    for name, body in test_escape.FORGERIES.items():
        programs["forged answer " + name] = main_body(body)
    out = _harness.corpus_dir(NAME)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("seed-*.js"):
        old.unlink()
    for name, src in programs.items():
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        (out / f"seed-{slug}.js").write_text(src)
    print(f"{len(programs)} seeds written to {out}")
    return 0


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--export-seeds" in argv:
        return export_seeds()
    if "--print" in argv:           # show what the generator makes
        i = argv.index("--print")
        count = int(argv[i + 1])
        rng = random.Random(int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 1)
        for _ in range(count):
            print(generate(rng).decode(), end="\n// ----\n")
        return 0
    return _harness.main(NAME, check, generate=generate, setup=_setup, argv=argv, record_current=True)


if __name__ == "__main__":
    sys.exit(main())
