"""Fuzz the host ABI: the messages that cross the wasm boundary.

Random bytes and random JSON messages into ``Instance.message`` (any kind,
malformed UTF-8, lone surrogates, huge), random inputs through a function
that echoes them back (the answer path), and random results for pending
host operations (the resume path).  Invariants: the host never raises
anything but a typed SandboxError, every answer is one of the documented
kinds with a JSON object body, an echoed value comes back equal, the host
answers a normal invocation afterwards.  Coverage-guided (atheris) over the
host's Python (runtime.engine).

    python fuzz/abi.py --seconds 30
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402
from _reader import SKIP_KNOWN, Reader  # noqa: E402

NAME = "abi"
KINDS = {"ok", "done", "wait", "error", "fatal"}
MIB = 1024 * 1024
_s: SimpleNamespace | None = None

ECHO = "exports.main = (input) => ({ echo: input })"
PENDING = """exports.main = async (input) => {
  const f = require('fnbox');
  const a = f.call('a', input), b = f.call('b', null);
  const settle = (p) => p.then((v) => ['ok', v], (e) => ['err', e && e.name, e && e.message, e && e.code]);
  return [await settle(a), await settle(b)];
};"""


def _setup() -> None:
    global _s
    if _s is not None:
        return
    with _harness.instrument(["runtime.engine"]):
        import runtime.engine as engine_mod
        from runtime.engine import instance as instance_mod
        from runtime.engine import invocation as invocation_mod
    import msgspec
    from runtime.engine.clock import RealClock, RealEntropy
    engine = engine_mod.Engine()
    engine.warm()
    limits = engine_mod.Limits(wall_ms=2000, fuel=2_000_000_000, memory_bytes=32 * MIB)
    compile_ = lambda src: engine.compile({"/app/index.js": src}, entry="/app/index.js")  # noqa: E731
    _s = SimpleNamespace(engine=engine, limits=limits, E=engine_mod, Instance=instance_mod.Instance,
                         Answer=instance_mod.Answer, inv=invocation_mod, msgspec=msgspec, RealClock=RealClock,
                         RealEntropy=RealEntropy, echo=compile_(ECHO), pending=compile_(PENDING),
                         hello=compile_("exports.main = (i) => i + 1"))


def _typed(answer, what: str) -> None:
    if isinstance(answer, _s.E.SandboxError):
        return
    if not isinstance(answer, _s.Answer):
        raise _harness.Finding(f"{what}: answered {type(answer).__name__}")
    if answer.kind not in KINDS | {"bytes"} or (answer.kind != "bytes" and type(answer.body).__module__ != "runtime.engine.abi"):
        raise _harness.Finding(f"{what}: answer kind {answer.kind!r} body {str(answer.body)[:200]}")


def _instance(image):
    import time
    return _s.Instance(_s.engine.images.host, image, _s.limits, _s.RealClock(), _s.RealEntropy(),
                       time.monotonic() + _s.limits.wall_ms / 1000)


def _send(image, data: bytes, what: str) -> None:
    inst = _instance(image)
    try:
        try:
            answer = inst.message(data)
        except _s.E.SandboxError as exc:
            answer = exc
        _typed(answer, what)
    finally:
        inst.close()


def _json_text(value) -> bytes:
    # json (not msgspec) so that lone surrogates go in as "\\ud800" escapes.
    return json.dumps(value, ensure_ascii=True, allow_nan=False).encode()


#: What _json_text raises for a value it cannot write (non-finite numbers;
#: nesting deeper than Python's recursion limit): no message to send.
UNWRITABLE = (ValueError, RecursionError)


def _message(r: Reader) -> dict:
    t = r.choice(["invoke", "resume", "prepare", "preload", "answer", "define", "", r.text(8)])
    msg = {"t": t}
    for _ in range(r.int(5)):
        key = r.choice(["entry", "export", "input", "started", "env", "results", "builtins", "modules", "t", r.text(8)])
        msg[key] = r.json()
    if t == "invoke" and r.bool():
        msg.setdefault("entry", "/app/index.js")
    return msg


def _round_trip(value):
    m = _s.msgspec
    return m.json.decode(m.json.encode(value))


def _same(a, b) -> bool:
    """Equal as JSON values seen through JavaScript (numbers are doubles)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return a == b


def check(data: bytes) -> None:
    _setup()
    r = Reader(data)
    mode = r.int(6)
    if mode == 0:       # raw bytes: malformed UTF-8, not JSON, anything
        _send(_s.engine.images.base(), r.raw(512), "raw bytes")
    elif mode == 1:     # a JSON message of any kind, to the base image or a function's
        image = r.choice([_s.engine.images.base(), _s.echo.image, _s.pending.image])
        try:
            text = _json_text(_message(r))
        except UNWRITABLE:
            return
        _send(image, text, "message")
    elif mode == 2:     # a value through a function and back: the answer path
        value = r.json()
        try:
            expected = _round_trip({"echo": value})
        except (UnicodeEncodeError, RecursionError):
            expected = None     # not encodable by the host: a typed error is the right answer
        try:
            result = _s.engine.invoke_sync(_s.echo, value, limits=_s.limits)
        except Exception as exc:
            raise _harness.Finding(f"invoke raised {type(exc).__name__}: {exc}") from exc
        if result.error is None:
            try:
                same = expected is None or _same(result.output, expected)
            except RecursionError:
                same = True     # too deep for Python to compare; the host coped, which is the point
            if not same:
                raise _harness.Finding(f"echo changed the value: {str(value)[:200]} -> {str(result.output)[:200]}")
        elif not isinstance(result.error, _s.E.SandboxError):
            raise _harness.Finding(f"error {result.error!r}")
    elif mode in (3, 4):    # random results for the pending host operations
        inv = _s.engine._invocation(_s.pending, r.json() if mode == 3 else None, "main", _s.limits, False, 0, None)
        try:
            answer = inv.step(inv.start)
            _typed(answer, "start")
            rounds = 0
            while isinstance(answer, _s.Answer) and answer.kind == "wait" and rounds < 4:
                rounds += 1
                ids = [op.id for op in answer.body.ops] or [1, 2]
                results = []
                for _ in range(r.int(4)):
                    res = {"id": r.choice(ids + [0, -1, 2 ** 53, "1", None])}
                    if r.int(4):
                        res["ok"] = r.choice([True, False, r.json()])
                    if r.bool():
                        res["value"] = r.json()
                    if r.bool():
                        res["error"] = r.choice([{"name": r.text(8), "message": r.text(), "code": r.json()}, r.json()])
                    results.append(res)
                if r.bool():
                    try:
                        text = _json_text({"t": "resume", "results": results})
                    except UNWRITABLE:
                        return
                    answer = inv.step(inv.instance.message, text)
                else:
                    answer = inv.step(inv.resume, results)
                _typed(answer, "resume")
            result = inv.finish(answer if isinstance(answer, (_s.Answer, _s.E.SandboxError)) else
                                _s.E.EngineError("?"))
            if result.error is not None and not isinstance(result.error, _s.E.SandboxError):
                raise _harness.Finding(f"error {result.error!r}")
        except _harness.Finding:
            raise
        except Exception as exc:
            raise _harness.Finding(f"resume path raised {type(exc).__name__}: {exc}") from exc
        finally:
            if inv.instance is not None:
                inv.instance.close()
    else:               # huge messages
        size = r.choice([64 * 1024, MIB, 8 * MIB, 31 * MIB, 64 * MIB])
        filler = r.choice([b"x", b"\\u00e9", b"\xff", b"\\ud83d\\ude00" if SKIP_KNOWN else b"\\ud800"])
        body = filler * (size // len(filler))
        text = b'{"t":"invoke","entry":"/app/index.js","input":"' + body + b'"}'
        _send(_s.echo.image, text, f"huge message ({size} bytes)")
    # The host answers normally afterwards.
    ok = _s.engine.invoke_sync(_s.hello, 41, limits=_s.limits)
    if ok.error is not None or ok.output != 42:
        raise _harness.Finding(f"host not answering normally after the input: {ok.error!r}")


def main(argv=None) -> int:
    flags = ("-max_len=1024", "-timeout=60", "-rss_limit_mb=8192", "-handle_segv=0", "-handle_bus=0",
             "-handle_ill=0", "-handle_fpe=0", "-handle_abrt=0")
    return _harness.main(NAME, check, setup=_setup, argv=argv, record_current=True, libfuzzer_flags=flags)


if __name__ == "__main__":
    sys.exit(main())
