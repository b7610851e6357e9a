"""What the guest can observe of time and chance: the clock and the entropy
it is given, real or virtual.

Deterministic mode gives a virtual clock that only moves when the host moves
it (to the next timer's due time) and seeded randomness, so the same input
produces the same output and the same fuel, on any machine.
"""

from __future__ import annotations

import os
import random
import time

#: 2024-01-01T00:00:00Z: where virtual wall time starts.
VIRTUAL_EPOCH_NS = 1_704_067_200 * 1_000_000_000


class RealClock:
    virtual = False

    @staticmethod
    def wall_ns() -> int:
        return time.time_ns()

    @staticmethod
    def mono_ns() -> int:
        return time.monotonic_ns()

    def advance(self, ms: float) -> None:
        """Real time advances by itself."""


class VirtualClock:
    virtual = True

    def __init__(self, start_ns: int = VIRTUAL_EPOCH_NS):
        self._start = start_ns
        self._elapsed = 0

    def wall_ns(self) -> int:
        return self._start + self._elapsed

    def mono_ns(self) -> int:
        return self._elapsed

    def advance(self, ms: float) -> None:
        self._elapsed += max(0, int(ms * 1_000_000))


class RealEntropy:
    @staticmethod
    def bytes(n: int) -> bytes:
        return os.urandom(n)


class SeededEntropy:
    def __init__(self, seed: int):
        self._rng = random.Random(seed)

    def bytes(self, n: int) -> bytes:
        return self._rng.randbytes(n)


#: Stateless: one of each serves every invocation that is not deterministic.
REAL_CLOCK = RealClock()
REAL_ENTROPY = RealEntropy()
