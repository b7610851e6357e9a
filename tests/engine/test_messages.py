"""The host's messages as the guest reads them.

The glue reads most messages itself (``fast_message`` in js_engine/glue.c)
instead of handing their text to JSON.parse, and gives up on anything out of
its subset.  Either way the function must get exactly what JSON.parse makes
of the same text: same types, key order, property attributes, -0, code
units.
"""

from __future__ import annotations

import json
import time

import pytest

from runtime.engine import Engine
from runtime.engine.clock import SeededEntropy, VirtualClock

#: Compares the input as the glue read it with JSON.parse of the same text.
SAME = r"""
function same(a, b, path) {
  if (typeof a !== typeof b) throw new Error(`${path}: ${typeof a} vs ${typeof b}`);
  if (a === null || typeof a !== 'object') {
    if (!Object.is(a, b)) throw new Error(`${path}: ${String(a)} vs ${String(b)}`);
    return;
  }
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)
      || Object.isExtensible(a) !== Object.isExtensible(b)) throw new Error(`${path}: kinds differ`);
  const ka = Reflect.ownKeys(a), kb = Reflect.ownKeys(b);
  if (JSON.stringify(ka) !== JSON.stringify(kb)) throw new Error(`${path}: keys ${ka} vs ${kb}`);
  for (const k of ka) {
    const da = Object.getOwnPropertyDescriptor(a, k), db = Object.getOwnPropertyDescriptor(b, k);
    for (const attr of ['writable', 'enumerable', 'configurable', 'get', 'set'])
      if (da[attr] !== db[attr]) throw new Error(`${path}.${k}: ${attr} differs`);
    same(da.value, db.value, `${path}.${k}`);
  }
}
exports.main = (input) => { same(input[0], JSON.parse(TEXT), 'input'); return 'same'; };
"""

#: Inputs the glue reads itself.
READ_BY_THE_GLUE = {
    "empty object": "{}",
    "empty array": "[]",
    "nested": '{"a": 1, "b": [1, 2, {"c": null}], "d": true, "e": false, "f": {"g": {"h": []}}}',
    "a context": json.dumps({"accountId": 1, "body": {}, "params": {"name": ["Ann"]},
                             "headers": {"host": "localhost", "user-agent": "wrk"}, "contact": None,
                             "limits": {"executionsRemaining": 0, "timeRemaining": 0}, "secrets": {},
                             "method": "GET", "endpoint": "hello"}),
    "simple escapes": r'{"s": "quote \" backslash \\ slash \/ controls \b\f\n\r\t"}',
    "unicode escapes": r'{"s": "\u0000 \u001f \u00e9 \u4e2d \uFFFF"}',
    "raw utf-8": '{"s": "é ü ß 中文 🎉 \u2028"}',
    "integers": "[0, -0, 1, -1, 2147483647, -2147483648, 2147483648, 123456789012345, -123456789012345]",
    "__proto__ is a plain key": '{"__proto__": {"polluted": true}, "x": 1}',
    "index-like keys are ordered": '{"k": 1, "2": 2, "0": 3, "01": 4, "4294967295": 5, "1": 6}',
    "duplicate keys: the last wins, in the first's place": '{"a": 1, "b": 2, "a": 3}',
    "whitespace": ' {\n\t"a" :\r\n [ 1 ,2 ] , "b":{ } } ',
    "escaped key": r'{"a\"b": 1, "\u00e9": 2}',
    # QuickJS's JS_NewAtomLen matches UTF-8 bytes against Latin-1 atoms: "é"
    # as UTF-8 is the bytes of "Ã©".
    "non-ASCII keys": '{"Ã©": 1, "é": 2, "\u00c3\u00a9": 3, "\u00e9": 4}',
    "32 levels": "[" * 32 + "]" * 32,
}

#: Inputs it leaves to JSON.parse.
LEFT_TO_JSON_PARSE = {
    "fraction": '{"x": 0.5}',
    "exponent": '{"x": 1e3}',
    "16 digits": '{"x": 1234567890123456}',
    "surrogate pair escape": r'{"s": "\ud83c\udf89"}',
    "lone surrogate escape": r'{"s": "\ud800"}',
    "deep": "[" * 40 + "]" * 40,
    "long escaped string": '{"s": "' + "\\n" * 5000 + '"}',
}


def _send(engine: Engine, unit, raw: str):
    """Invoke *unit* with the message text the host would write, *raw* as input."""
    inst = engine.images.recycler.checkout(unit.image, engine.limits, VirtualClock(), SeededEntropy(0),
                                           time.monotonic() + 10)
    try:
        message = '{"t":"invoke","entry":"/app/index.js","export":"main","input":' + raw + ',"started":0,"now":0}'
        answer = inst.message(message.encode())
        return answer, inst.fuel_used
    finally:
        inst.close()


def _unit(engine: Engine, text: str):
    return engine.compile({"/app/index.js": f"const TEXT = {json.dumps(text)};\n{SAME}"}, entry="/app/index.js")


@pytest.mark.parametrize("text", READ_BY_THE_GLUE.values(), ids=READ_BY_THE_GLUE.keys())
def test_what_the_glue_reads_equals_json_parse(engine: Engine, text: str):
    unit = _unit(engine, text)
    answer, fuel = _send(engine, unit, f"[{text}, 5]")
    assert answer.kind == "done" and answer.body.output == "same", answer.raw[:500]
    # The same input beside a fraction goes to JSON.parse whole: dearer, so
    # the first message really was read by the glue.
    answer, slow_fuel = _send(engine, unit, f"[{text}, 0.5]")
    assert answer.kind == "done" and answer.body.output == "same", answer.raw[:500]
    assert fuel < slow_fuel


@pytest.mark.parametrize("text", LEFT_TO_JSON_PARSE.values(), ids=LEFT_TO_JSON_PARSE.keys())
def test_what_the_glue_leaves_is_parsed_as_before(engine: Engine, text: str):
    answer, _ = _send(engine, _unit(engine, text), f"[{text}]")
    assert answer.kind == "done" and answer.body.output == "same", answer.raw[:500]


@pytest.mark.parametrize("text", ['[1,]', '{"a":1,}', '{"a" 1}', "[01]", "[-]", "[1.]", '["\x01"]', "[tru]",
                                  '{"a":1} x', "{'a':1}"])
def test_bad_json_is_still_json_parse_s_syntax_error(engine: Engine, text: str):
    unit = engine.compile({"/app/index.js": "exports.main = () => 1;"}, entry="/app/index.js")
    answer, _ = _send(engine, unit, text)
    assert answer.kind == "fatal" or answer.kind == "error", answer.raw[:300]
    assert b"SyntaxError" in answer.raw
