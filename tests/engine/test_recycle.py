"""Reused instances: back to the snapshot byte for byte, or not reused."""

from __future__ import annotations

import asyncio
import ctypes

import pytest

from runtime.engine import CpuLimitError, Engine, Limits, pages
from runtime.engine import recycle
from runtime.engine.recycle import SPARES

pytestmark = pytest.mark.skipif(not pages.supported(), reason="this kernel has no PAGEMAP_SCAN")

#: Writes pseudo-random data all over the heap it allocates and keeps some of
#: it in module state, then lets it go: a reset must undo all of it.
SCRIBBLE = """
const kept = [];
exports.main = (input) => {
  let x = input.seed;
  const junk = [];
  for (let i = 0; i < 300; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    junk.push({ i, s: 'v' + x.toString(36).repeat(1 + (x % 7)), a: [x, x >> 3, x >> 7] });
  }
  kept.push(junk.length);
  globalThis.marker = input.seed;
  return { kept: kept.length, marker: typeof globalThis.previous, seen: (globalThis.previous = input.seed) };
};
"""


def _memory(inst) -> bytes:
    return ctypes.string_at(inst.address, inst.memory_bytes)


def _pool(engine: Engine, unit):
    recycler = engine.images.recycler
    return recycler._pools[id(unit.image)]


def _pooled(engine: Engine):
    """A unit answering 1, invoked once: its pool holds a spare."""
    unit = engine.compile({"/app/index.js": "exports.main = () => 1"}, entry="/app/index.js")
    engine.invoke_sync(unit)
    pool = _pool(engine, unit)
    assert pool.spares
    return unit, engine.images.recycler, pool


def test_a_recycled_instance_equals_the_snapshot(engine: Engine):
    unit = engine.compile({"/app/index.js": SCRIBBLE}, entry="/app/index.js")
    recycler = engine.images.recycler
    before = recycler.reused
    for seed in range(1, 6):
        out = engine.invoke_sync(unit, {"seed": seed}).unwrap()
        assert out == {"kept": 1, "marker": "undefined", "seen": seed}
    assert recycler.reused - before >= 4
    pool = _pool(engine, unit)
    assert pool.spares
    template = _memory(pool.template)
    for spare in pool.spares:
        assert _memory(spare) == template
        for name, value in pool.image.globals:
            assert spare.global_value(name) == value


def test_state_stays_private_while_instances_are_reused(engine: Engine):
    unit = engine.compile({"/app/index.js": SCRIBBLE}, entry="/app/index.js")
    outs = [engine.invoke_sync(unit, {"seed": s}).unwrap() for s in range(3 * SPARES)]
    assert all(o["kept"] == 1 and o["marker"] == "undefined" for o in outs)


def test_back_to_back_invocations_take_the_sandbox_just_put_back(engine: Engine):
    """On a busy event loop (no yield between invocations), each invocation
    puts the one before's sandbox back and takes it, rather than a new one."""
    unit = engine.compile({"/app/index.js": "exports.main = () => 1"}, entry="/app/index.js")
    recycler = engine.images.recycler
    before = recycler.reused

    async def go():
        outputs = [(await engine.invoke(unit)).output for _ in range(5)]
        await asyncio.sleep(0)
        return outputs

    assert asyncio.run(go()) == [1] * 5
    assert recycler.reused - before == 4
    assert len(_pool(engine, unit).spares) == 1


def test_a_trapped_instance_is_dropped_not_reused(engine: Engine):
    unit = engine.compile({"/app/index.js": "exports.main = (i) => { if (i.spin) for(;;){} return 'ok'; }"},
                          entry="/app/index.js")
    assert engine.invoke_sync(unit, {}).unwrap() == "ok"
    pool = _pool(engine, unit)
    spares = len(pool.spares)
    r = engine.invoke_sync(unit, {"spin": True}, limits=Limits(fuel=50_000_000))
    assert isinstance(r.error, CpuLimitError)
    assert len(pool.spares) == spares - 1       # the one it took did not come back
    assert engine.invoke_sync(unit, {}).unwrap() == "ok"


def test_an_instance_whose_memory_grew_is_dropped(engine: Engine):
    unit = engine.compile({"/app/index.js": "exports.main = (i) => i.big ? new Uint8Array(8 << 20).length : 1"},
                          entry="/app/index.js")
    assert engine.invoke_sync(unit, {}).unwrap() == 1
    pool = _pool(engine, unit)
    spares = len(pool.spares)
    r = engine.invoke_sync(unit, {"big": True})
    assert r.unwrap() == 8 << 20 and r.memory_bytes > pool.template.memory_bytes
    assert len(pool.spares) == spares - 1
    assert engine.invoke_sync(unit, {}).unwrap() == 1


def test_a_smaller_memory_limit_holds_in_a_reused_instance(engine: Engine):
    unit = engine.compile({"/app/index.js": "exports.main = (i) => i.n ? new Uint8Array(i.n).length : 0"},
                          entry="/app/index.js")
    engine.invoke_sync(unit, {})
    assert _pool(engine, unit).spares
    r = engine.invoke_sync(unit, {"n": 40 << 20}, limits=Limits(memory_bytes=32 << 20))
    assert r.error is not None and r.memory_bytes <= 32 << 20


def test_recycling_can_be_turned_off():
    engine = Engine(recycle=False)
    unit = engine.compile({"/app/index.js": "exports.main = () => 1"}, entry="/app/index.js")
    for _ in range(3):
        assert engine.invoke_sync(unit).unwrap() == 1
    assert engine.images.recycler.reused == 0


def test_a_reset_sets_changed_globals_back(engine: Engine):
    unit, recycler, pool = _pooled(engine)
    spare = pool.spares[-1]
    name, value = pool.image.globals[0]          # the shadow stack pointer
    spare.set_global(name, value - 4096)
    assert spare.global_value(name) == value - 4096
    assert recycler._reset(spare, pool)
    assert spare.global_value(name) == value
    assert engine.invoke_sync(unit).unwrap() == 1


def test_a_memory_limit_below_the_snapshot_fails_as_with_a_fresh_instance(engine: Engine):
    unit, _, _ = _pooled(engine)
    r = engine.invoke_sync(unit, limits=Limits(memory_bytes=1 << 20))
    assert r.error is not None and "could not be created" in str(r.error)


def _units(engine: Engine, n: int):
    return [engine.compile({"/app/index.js": f"exports.main = () => {i}"}, entry="/app/index.js") for i in range(n)]


def test_spares_in_all_pools_are_bounded(monkeypatch):
    monkeypatch.setattr(recycle, "MAX_SPARES", 1)
    engine = Engine(recycle=True)
    a, b = _units(engine, 2)
    assert engine.invoke_sync(a).unwrap() == 0
    assert engine.invoke_sync(b).unwrap() == 1      # no room: dropped, not kept
    pools = engine.images.recycler._pools
    assert len(pools[id(a.image)].spares) == 1 and id(b.image) not in pools
    assert engine.invoke_sync(b).unwrap() == 1 and engine.images.recycler.reused == 0


def test_busy_pools_are_not_churned_but_idle_ones_make_way(monkeypatch):
    monkeypatch.setattr(recycle, "MAX_IMAGES", 2)
    engine = Engine(recycle=True)
    a, b, c = _units(engine, 3)
    for unit in (a, b, c):
        engine.invoke_sync(unit)
    pools = engine.images.recycler._pools
    assert set(pools) == {id(a.image), id(b.image)}      # both busy: c runs fresh
    monkeypatch.setattr(recycle, "EVICT_AFTER_S", 0.0)
    assert engine.invoke_sync(c).unwrap() == 2
    assert set(pools) == {id(b.image), id(c.image)}      # a, least recently used, made way
    assert engine.images.recycler._spares == 2


def test_a_pool_closed_meanwhile_is_not_read(engine: Engine):
    unit, recycler, pool = _pooled(engine)
    spare = pool.spares.pop()
    pool.close()                                # as clear() does, from another thread
    assert not recycler._reset(spare, pool)     # the template's memory is gone: no reset
    spare.close()
    recycler.clear()
    assert engine.invoke_sync(unit).unwrap() == 1
