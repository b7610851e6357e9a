"""The limits one invocation runs under."""

from __future__ import annotations

import msgspec

#: Fuel per millisecond of CPU-bound JavaScript on a typical machine: the
#: median of seven workloads measured by ``python -m tests.benchmarks.budget
#: --calibrate`` (7.8-20 M per ms each; see runtime/budget/rate.py).  Fuel is
#: a deterministic measure of work, not a clock; this rate turns "10 s" into
#: the per-invocation fuel cap, and fuel into billed time.
FUEL_PER_MS = 11_000_000

MIB = 1024 * 1024


class Limits(msgspec.Struct, frozen=True, kw_only=True):
    #: wall clock for the whole invocation, waits on timers and I/O included
    wall_ms: int = 10_000
    #: CPU allowance in fuel (default: 10 s of CPU at FUEL_PER_MS)
    fuel: int = 10_000 * FUEL_PER_MS
    #: linear memory cap (the store refuses to grow past it)
    memory_bytes: int = 128 * MIB
    #: console text kept per invocation; the rest is counted as dropped
    log_bytes: int = 1 * MIB

    def with_fuel(self, fuel: int) -> "Limits":
        return msgspec.structs.replace(self, fuel=max(0, fuel))


def js_memory_limit(memory_bytes: int) -> int:
    """QuickJS's own heap limit, below the store's: QuickJS then throws a
    catchable "out of memory" before dlmalloc's fragmentation reaches the
    store cap (engine-facts: a 64 MiB JS limit grew linear memory to 123 MiB).
    At the store cap itself QuickJS may not even manage to build the error."""
    return memory_bytes * 3 // 4


#: The heap limit baked into images (for the default 128 MiB).
JS_MEMORY_LIMIT = js_memory_limit(Limits().memory_bytes)

#: QuickJS's stack limit, inside the 256 KiB shadow stack of engine.wasm
#: (js_engine/build.py STACK_SIZE), leaving room for C frames below it.
JS_STACK_LIMIT = 192 * 1024
