"""Deterministic mode: same function + input -> byte-identical output and fuel."""

from __future__ import annotations

import json
import subprocess
import sys

from runtime.engine import Engine

SOURCE = """
exports.main = async (input) => {
  const t0 = Date.now();
  await new Promise(r => setTimeout(r, 250));
  const order = [];
  setTimeout(() => order.push('t10'), 10);
  setTimeout(() => order.push('t0'), 0);
  setImmediate(() => order.push('imm'));
  await new Promise(r => setTimeout(r, 20));
  return {input, r: [Math.random(), Math.random()], now: Date.now(), waited: Date.now() - t0,
          perf: performance.now() > 0, order};
};
"""

SCRIPT = f"""
import json, sys
from runtime.engine import Engine
e = Engine()
u = e.compile({{"/app/index.js": {SOURCE!r}}}, entry="/app/index.js")
r = e.invoke_sync(u, {{"k": 1}}, deterministic=True, seed=7)
print(json.dumps({{"output": r.output, "fuel": r.fuel}}, sort_keys=True))
"""


def _once(engine: Engine, unit, seed=7):
    r = engine.invoke_sync(unit, {"k": 1}, deterministic=True, seed=seed)
    assert r.error is None, r.error
    return json.dumps({"output": r.output, "fuel": r.fuel}, sort_keys=True)


def test_three_fresh_sandboxes_agree(engine: Engine):
    unit = engine.compile({"/app/index.js": SOURCE}, entry="/app/index.js")
    runs = {_once(engine, unit) for _ in range(3)}
    assert len(runs) == 1
    out = json.loads(runs.pop())
    assert out["output"]["waited"] == 270          # virtual time: exactly the timers' sum
    assert out["output"]["order"] == ["imm", "t0", "t10"]


def test_another_seed_changes_randomness_only(engine: Engine):
    unit = engine.compile({"/app/index.js": SOURCE}, entry="/app/index.js")
    a, b = json.loads(_once(engine, unit, 7)), json.loads(_once(engine, unit, 8))
    assert a["output"]["r"] != b["output"]["r"]
    assert a["output"]["now"] == b["output"]["now"]


def test_two_processes_agree(engine: Engine):
    outs = {subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True).stdout
            for _ in range(2)}
    unit = engine.compile({"/app/index.js": SOURCE}, entry="/app/index.js")
    assert outs == {_once(engine, unit) + "\n"}
