"""The process-wide wasmtime engine: configuration, the epoch ticker and the
compiled-module cache.

One :class:`WasmHost` per process.  It enables fuel (deterministic CPU
accounting) and epoch interruption (wall-clock deadlines), uses the pooling
allocator with resident memory (see "The fast path" in engine-facts) and keeps
compiled modules on disk, keyed by wasmtime version, CPU and module hash, so a
restart maps them back with ``deserialize_file`` instead of compiling again.
"""

from __future__ import annotations

import asyncio
import ctypes
import hashlib
import hmac
import os
import platform
import secrets
import threading
import time
from importlib.metadata import version
from pathlib import Path

import wasmtime
from wasmtime import _bindings as bindings
from wasmtime import _ffi as ffi

#: Epoch ticks this often; deadlines are rounded up to a tick.
EPOCH_TICK_S = 0.005

#: The epoch ticker stops this long after the last instance was dropped.
IDLE_AFTER_S = 1.0

#: Native (wasmtime) stack.  Above 2 MiB wasmtime-py aborts the process.
MAX_WASM_STACK = 2 * 1024 * 1024

#: Upper bound for one instance's linear memory (the 128 MiB rule).
MAX_MEMORY = 128 * 1024 * 1024

#: Bytes of linear memory that stay mapped when wasmtime resets a dropped
#: instance's slot: a page of the image beyond it is faulted in again by every
#: invocation that touches it (~3 us each here), a page inside it is copied
#: or zeroed on every drop (~13 us per MiB).  1.5 MiB covers the shadow stack
#: and the base image (1.25 MiB) but not most of the free heap snapshots leave
#: at the top (image.HEADROOM), which invocations mostly do not touch.
#: Recycled instances (recycle.py) are reset by fnbox instead.
KEEP_RESIDENT = int(os.environ.get("FNBOX_KEEP_RESIDENT", 1536 * 1024))

POOL_SLOTS = 1100

#: Sandboxes a thread's event loop may have waiting to be put back.
DROP_BACKLOG = 32


def _cpu_key() -> str:
    flags = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    flags = line
                    break
    except OSError:
        pass
    return hashlib.sha256(f"{platform.machine()}|{flags}".encode()).hexdigest()[:12]


def _pooling(config: wasmtime.Config) -> None:
    """Switch *config* to the pooling allocator through wasmtime-py's raw
    bindings (its public API does not expose it in 50.x)."""
    pool = ffi.wasmtime_pooling_allocation_config_new()
    ffi.wasmtime_pooling_allocation_config_total_core_instances_set(pool, POOL_SLOTS)
    ffi.wasmtime_pooling_allocation_config_total_memories_set(pool, POOL_SLOTS)
    ffi.wasmtime_pooling_allocation_config_total_tables_set(pool, POOL_SLOTS)
    ffi.wasmtime_pooling_allocation_config_total_stacks_set(pool, POOL_SLOTS)
    ffi.wasmtime_pooling_allocation_config_max_memory_size_set(pool, MAX_MEMORY)
    ffi.wasmtime_pooling_allocation_config_linear_memory_keep_resident_set(pool, KEEP_RESIDENT)
    ffi.wasmtime_pooling_allocation_config_table_keep_resident_set(pool, 64 * 1024)
    ffi.wasmtime_pooling_allocation_strategy_set(config.ptr(), pool)
    ffi.wasmtime_pooling_allocation_config_delete(pool)


def _gil_keeping(name: str):
    """A libwasmtime function called without releasing the GIL: for a tiny
    call, taking the GIL back can cost a whole switch interval (5 ms) when
    other threads are busy."""
    raw = getattr(bindings, f"_{name}")
    fn = getattr(ctypes.PyDLL(str(ffi.filename)), name)
    fn.argtypes, fn.restype = raw.argtypes, raw.restype
    return fn


#: An atomic add on the engine's epoch counter.
_increment_epoch = _gil_keeping("wasmtime_engine_increment_epoch")


class _Waiting(threading.local):
    """Per thread: the sandboxes its event loop puts back next."""

    def __init__(self) -> None:
        self.calls: list = []


class CacheIntegrityError(Exception):
    """A cached compiled module does not carry fnbox's signature."""


class ModuleCache:
    """Compiled modules on disk.  Only files this cache wrote are loaded: each
    carries an HMAC under a key that lives beside them (mode 0600), because
    deserialising a compiled module trusts its bytes completely."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        key_file = root / "cache.key"
        if not key_file.exists():
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(secrets.token_bytes(32))
        self._key = key_file.read_bytes()

    def _mac(self, path: Path) -> bytes:
        h = hmac.new(self._key, digestmod=hashlib.sha256)
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
        return h.digest()

    def _verified(self, name: str) -> Path | None:
        path, mac = self.root / name, self.root / f"{name}.mac"
        if not path.exists() or not mac.exists():
            return None
        if not hmac.compare_digest(mac.read_bytes(), self._mac(path)):
            raise CacheIntegrityError(f"{path} was not written by this fnbox cache; delete it")
        return path

    def _write(self, name: str, data: bytes) -> None:
        path = self.root / name
        for target, content in ((path, data), (self.root / f"{name}.mac", None)):
            tmp = target.with_name(f"{target.name}.tmp{os.getpid()}")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(content if content is not None else self._mac(path))
            os.replace(tmp, target)

    def load(self, engine: wasmtime.Engine, key: str) -> wasmtime.Module | None:
        path = self._verified(f"{key}.cwasm")
        return None if path is None else wasmtime.Module.deserialize_file(engine, str(path))

    def store(self, key: str, module: wasmtime.Module) -> None:
        self._write(f"{key}.cwasm", module.serialize())

    def load_bytes(self, key: str) -> bytes | None:
        path = self._verified(f"{key}.bin")
        return None if path is None else path.read_bytes()

    def store_bytes(self, key: str, data: bytes) -> None:
        self._write(f"{key}.bin", data)


class WasmHost:
    """The wasmtime Engine of this process and what hangs off it."""

    def __init__(self, cache_dir: Path, metered: bool = True):
        # metered=False exists only to measure what metering costs (benchmarks).
        self.metered = metered
        config = wasmtime.Config()
        config.consume_fuel = metered
        config.epoch_interruption = metered
        config.max_wasm_stack = MAX_WASM_STACK
        config.cranelift_opt_level = "speed"
        _pooling(config)
        self.engine = wasmtime.Engine(config)
        self.version = version("wasmtime")
        flavour = "" if metered else "-unmetered"
        self.cache = ModuleCache(cache_dir / f"modules-{self.version}-{_cpu_key()}{flavour}")
        # The ticker sleeps while no instance can be running: an idle server
        # should not wake 200 times a second per worker.
        self._clock_lock = threading.Lock()
        self._live = 0
        self._quiet_since = 0.0
        self._idle = False
        self._wake = threading.Event()
        self._ticker = threading.Thread(target=self._tick, name="fnbox-epoch", daemon=True)
        self._ticker.start()
        self._waiting = _Waiting()

    def after_request(self, fn, arg) -> None:
        """Call ``fn(arg)`` once the current request has moved on: putting a
        sandbox back (deleting a Store makes wasmtime copy the whole snapshot
        into its slot, ~25 us per MiB; recycling one copies the pages the guest
        wrote) need not delay the answer.  On an event loop, the loop does it
        as soon as the running task yields, on its own thread (a reaper
        thread did it before: its GIL hand-off per request cost more than
        the work), or the next invocation on this thread does it first
        (:meth:`catch_up`).  Without a loop (a worker thread, synchronous use), or
        with :data:`DROP_BACKLOG` already waiting (a caller that never
        yields must not use up the pool's slots), it happens now."""
        waiting = self._waiting.calls
        if len(waiting) < DROP_BACKLOG:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                pass
            else:
                waiting.append((fn, arg))
                if len(waiting) == 1:
                    loop.call_soon(self._run_waiting, waiting)
                return
        fn(arg)

    def catch_up(self) -> None:
        """Do now what :meth:`after_request` left waiting on this thread."""
        self._run_waiting(self._waiting.calls)

    @staticmethod
    def _run_waiting(waiting: list) -> None:
        while waiting:
            fn, arg = waiting.pop()
            fn(arg)

    def arm(self, deadline: float) -> int:
        """The epoch deadline (in ticks from now) for a new instance that must
        stop at *deadline* (``time.monotonic()``).  The ticker runs until
        the instance is :meth:`disarm`-ed."""
        with self._clock_lock:
            self._live += 1
            if self._idle:
                self._idle = False
                self._wake.set()
        return self.ticks(max(0.0, deadline - time.monotonic()))

    def disarm(self) -> None:
        with self._clock_lock:
            self._live -= 1
            if not self._live:
                self._quiet_since = time.monotonic()

    def _tick(self) -> None:
        # Epochs follow the monotonic clock, not the number of wake-ups: a
        # ticker starved of the GIL or the CPU catches up as soon as it runs,
        # so a deadline cannot stretch with the host's load.
        engine = self.engine.ptr()
        while True:
            start = time.monotonic()
            ticks = 0
            while True:
                time.sleep(EPOCH_TICK_S)
                now = time.monotonic()
                due = int((now - start) / EPOCH_TICK_S)
                while ticks < due:
                    _increment_epoch(engine)
                    ticks += 1
                with self._clock_lock:
                    # No instance for a while (a steady stream of requests
                    # keeps it awake): sleep.
                    if not self._live and now > self._quiet_since + IDLE_AFTER_S:
                        self._idle = True
                        self._wake.clear()
                        break
            # Deadlines are armed relative to the epoch at hand, so the
            # ticks an idle ticker skipped are not owed to anyone.
            self._wake.wait()

    @staticmethod
    def ticks(seconds: float) -> int:
        return max(1, int(seconds / EPOCH_TICK_S) + 1)

    def module(self, wasm: bytes, cache: bool = True) -> wasmtime.Module:
        """Compile *wasm*, or map a cached compilation of the same bytes."""
        key = hashlib.sha256(wasm).hexdigest()[:32]
        if cache:
            found = self.cache.load(self.engine, key)
            if found is not None:
                return found
        module = wasmtime.Module(self.engine, wasm)
        if cache:
            self.cache.store(key, module)
            # Map the file back: copy-on-write pages are shared by all instances.
            return self.cache.load(self.engine, key)
        return module
