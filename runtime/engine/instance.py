"""One wasm instance: a fresh Store, the guest's exports, calls in and answers
out, limits armed, traps turned into typed errors.

An :class:`Instance` lives for one invocation (or one build step) and is
thrown away afterwards, and after any trap: QuickJS's state is not trusted
once a call into it has been cut short.
"""

from __future__ import annotations

import ctypes
import threading
import time
from dataclasses import dataclass

import msgspec
import wasmtime

from . import errors
from .limits import JS_MEMORY_LIMIT, Limits, js_memory_limit
from .wasm import WasmHost

_local = threading.local()

_i32 = wasmtime.ValType.i32()
_i64 = wasmtime.ValType.i64()
_EBADF = 8


def _clock_time_get(caller, clock_id: int, precision: int, out_ptr: int) -> int:
    inst: Instance = _local.instance
    ns = inst.clock.wall_ns() if clock_id == 0 else inst.clock.mono_ns()
    ctypes.c_uint64.from_address(inst.base(caller) + out_ptr).value = ns
    return 0


def _random(caller, ptr: int, length: int) -> None:
    inst: Instance = _local.instance
    data = inst.entropy.bytes(length)
    ctypes.memmove(inst.base(caller) + ptr, data, length)


def _refuse(*_args) -> int:
    return _EBADF


def make_linker(engine: wasmtime.Engine) -> wasmtime.Linker:
    """The imports every instance gets: a clock, entropy, and WASI file
    functions that refuse (there are no files)."""
    linker = wasmtime.Linker(engine)
    linker.define_func("fnbox", "random", wasmtime.FuncType([_i32, _i32], []), _random, access_caller=True)
    linker.define_func("wasi_snapshot_preview1", "clock_time_get",
                       wasmtime.FuncType([_i32, _i64, _i32], [_i32]), _clock_time_get, access_caller=True)
    for name, params in (("fd_close", [_i32]), ("fd_fdstat_get", [_i32, _i32]),
                         ("fd_seek", [_i32, _i64, _i32, _i32]), ("fd_write", [_i32, _i32, _i32, _i32])):
        linker.define_func("wasi_snapshot_preview1", name, wasmtime.FuncType(params, [_i32]), _refuse)
    return linker


class LogLine(msgspec.Struct, array_like=True, frozen=True):
    """One console line: wall time (ms since epoch), level, text."""

    time_ms: float
    level: str
    text: str


_log_decoder = msgspec.json.Decoder(list[LogLine])


@dataclass
class Answer:
    """A decoded answer from the guest."""

    kind: str          # "ok" | "done" | "wait" | "error" | "fatal" | "bytes"
    body: dict | None
    raw: bytes


_answer_decoder = msgspec.json.Decoder(dict)


class Instance:
    """A fresh instance of *module*; call :meth:`call` and friends."""

    def __init__(self, host: WasmHost, pre: wasmtime.InstancePre, log_area: int, limits: Limits,
                 clock, entropy, deadline: float):
        self.host = host
        self.limits = limits
        self.clock = clock
        self.entropy = entropy
        self.deadline = deadline
        store = wasmtime.Store(host.engine)
        store.set_limits(memory_size=limits.memory_bytes)
        store.set_fuel(limits.fuel)
        self.store = store
        self.fuel_used = 0
        self.logs: list[LogLine] = []
        self.log_bytes = 0
        self.log_dropped = 0
        self.trapped = False
        store.set_epoch_deadline(host.ticks(max(0.0, deadline - time.monotonic())))
        instance = pre.instantiate(store)
        ex = instance.exports(store)
        self._memory: wasmtime.Memory = ex["memory"]
        self._exports = ex
        self._buffer = ex["fnbox_buffer"]
        self._call = ex["fnbox_call"]
        self._log_area = log_area
        if js_memory_limit(limits.memory_bytes) != JS_MEMORY_LIMIT:
            self.invoke_export(ex["fnbox_memory_limit"], js_memory_limit(limits.memory_bytes))

    # -- memory ------------------------------------------------------------------
    def base(self, storelike=None) -> int:
        return ctypes.addressof(self._memory.data_ptr(storelike or self.store).contents)

    def memory_size(self) -> int:
        return self._memory.data_len(self.store)

    def read(self, ptr: int, length: int) -> bytes:
        return ctypes.string_at(self.base() + ptr, length)

    def export(self, name: str):
        return self._exports[name]

    # -- calls -------------------------------------------------------------------
    def invoke_export(self, func, *args):
        """Call a guest export with limits armed; traps become typed errors."""
        if self.trapped:
            raise errors.EngineError("this sandbox was stopped by an earlier error and cannot be used again")
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            self.trapped = True
            raise errors.TimeLimitError(f"the invocation ran past its {self.limits.wall_ms} ms deadline")
        self.store.set_epoch_deadline(self.host.ticks(remaining))
        _local.instance = self
        try:
            return func(self.store, *args)
        except wasmtime.Trap as trap:
            self.trapped = True
            raise self._trap_error(trap) from None
        except wasmtime.WasmtimeError as exc:
            self.trapped = True
            raise errors.EngineError(f"the sandbox failed: {exc}") from None
        finally:
            _local.instance = None
            self._account_fuel()
            self._collect_logs()

    def _account_fuel(self) -> None:
        left = self.store.get_fuel()
        self.fuel_used = self.limits.fuel - left

    def _trap_error(self, trap: wasmtime.Trap) -> errors.SandboxError:
        code = trap.trap_code
        if code == wasmtime.TrapCode.OUT_OF_FUEL:
            return errors.CpuLimitError(
                f"the function used its whole CPU allowance ({self.limits.fuel:,} fuel) and was stopped")
        if code == wasmtime.TrapCode.INTERRUPT:
            return errors.TimeLimitError(f"the invocation ran past its {self.limits.wall_ms} ms deadline")
        if code == wasmtime.TrapCode.STACK_OVERFLOW:
            return errors.StackOverflowError("the function recursed too deeply and overflowed the stack")
        if self.memory_size() + 2 * 65536 >= self.limits.memory_bytes:
            return errors.MemoryLimitError(
                f"the function needed more than {self.limits.memory_bytes // (1024 * 1024)} MB of memory")
        return errors.EngineError(f"the sandbox trapped: {trap.message.splitlines()[0]}")

    def write_input(self, data: bytes) -> None:
        ptr = self.invoke_export(self._buffer, len(data))
        if ptr == 0:
            raise errors.MemoryLimitError("no memory left for the request")
        ctypes.memmove(self.base() + ptr, data, len(data))

    def message(self, data: bytes) -> Answer:
        """Send one JSON message to the dispatcher; return its answer."""
        self.write_input(data)
        return self._answer(self.invoke_export(self._call, len(data)))

    def call_with_input(self, name: str, data: bytes) -> Answer:
        self.write_input(data)
        return self._answer(self.invoke_export(self._exports[name], len(data)))

    def _answer(self, packed: int) -> Answer:
        packed &= 0xFFFFFFFFFFFFFFFF
        ptr, length = packed >> 32, packed & 0x7FFFFFFF
        raw = self.read(ptr, length)
        if packed & 0x80000000:
            return Answer("bytes", None, raw)
        body = _answer_decoder.decode(raw)
        return Answer(body.get("t", "fatal"), body, raw)

    # -- console -----------------------------------------------------------------
    def _collect_logs(self) -> None:
        base = self.base()
        header = (ctypes.c_uint32 * 2).from_address(base + self._log_area)
        used, dropped = header[0], header[1]
        self.log_dropped += dropped
        if not used:
            return
        data = ctypes.string_at(base + self._log_area + 8, used)
        header[0] = 0
        header[1] = 0
        cut = data.rfind(b"\n")
        if cut != len(data) - 1:       # the area filled up mid-line
            self.log_dropped += len(data) - cut - 1
            data = data[:cut + 1]
        if not data:
            return
        if self.log_bytes + len(data) > self.limits.log_bytes:
            self.log_dropped += len(data)
            return
        self.log_bytes += len(data)
        try:
            lines = _log_decoder.decode(b"[" + data[:-1].replace(b"\n", b",") + b"]")
        except msgspec.DecodeError:
            self.log_dropped += len(data)
            return
        self.logs.extend(lines)
