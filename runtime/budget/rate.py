"""What one invocation costs, in µs of billed execution time.

    billed = ceil(fuel / fuel_per_ms * 1000)          the guest's own work
           + host_ops * host_op_us                      fetch, crypto, ... on the host
           + ceil(bytes_moved / 1024 * kb_us)           request + response bodies

Fuel is counted by wasmtime instruction by instruction, so the first term is
the same for the same code and input on any machine, under any load: the
budget is deterministic.  The two fixed charges stand for host CPU that fuel
does not see, so that no function is free.

Calibration (``python -m tests.benchmarks.budget --calibrate``; AMD EPYC,
2 cores, wasmtime 50.0.1): seven CPU-bound JavaScript workloads (arithmetic
loop, string building, object allocation, JSON round trips, regular
expressions, sorting, closures) each run in a fresh sandbox for 65-540 ms;
fuel used is divided by the thread CPU time of the invocation (wasm runs on
the calling thread with ``invoke_sync``).  Per workload the rate was
7.8-19.8 M fuel per ms over four runs, the median 10.7-11.1 M: the default
``fuel_per_ms`` is 11 M, so billed time is CPU time within a factor of 1.4
for six workloads of seven (JSON, the cheapest in fuel, is billed 0.7x its
CPU time); string building (16-20 M fuel per ms) is billed 1.5-1.8x.

Fuel does not see the host's own work: ~60-75 µs of CPU per host operation
(the capability call and the resume that answers it, beyond the fuel of
both) gives ``host_op_us`` = 70; the host's JSON encoding and decoding of a
body costs 0.6-0.9 µs per KiB (the guest's JSON work on it is fuel, billed
already), which rounds up to ``kb_us`` = 1.
"""

from __future__ import annotations

from .config import Settings


class Rate:
    __slots__ = ("fuel_per_ms", "host_op_us", "kb_us")

    def __init__(self, settings: Settings):
        self.fuel_per_ms = settings.fuel_per_ms
        self.host_op_us = settings.host_op_us
        self.kb_us = settings.kb_us

    def cost_us(self, fuel: int, host_ops: int = 0, bytes_moved: int = 0) -> int:
        # Each term rounds up: a tiny function still pays a microsecond.
        return (-(-fuel * 1000 // self.fuel_per_ms) + host_ops * self.host_op_us
                + -(-bytes_moved * self.kb_us // 1024))

    def fuel_for(self, us: int) -> int:
        """The fuel that *us* of budget pays for."""
        return max(0, us) * self.fuel_per_ms // 1000
