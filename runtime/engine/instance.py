"""One wasm instance: a fresh Store, the guest's exports, calls in and answers
out, limits armed, traps turned into typed errors.

An :class:`Instance` serves one invocation (or one build step) at a time.
Afterwards it is thrown away, or recycled (:mod:`.recycle`): its memory put
back to the snapshot.  After a trap it is always thrown away: QuickJS's state
is not trusted once a call into it has been cut short.
"""

from __future__ import annotations

import ctypes
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import msgspec
import wasmtime
from wasmtime import _bindings as raw
from wasmtime import _ffi as ffi

from . import abi, errors
from .limits import JS_MEMORY_LIMIT, Limits, js_memory_limit
from .wasm import WasmHost

if TYPE_CHECKING:
    from .image import Image

_local = threading.local()

_i32 = wasmtime.ValType.i32()
_i64 = wasmtime.ValType.i64()
_EBADF = 8
_EINVAL = 28

#: Fuel charged per call the guest makes into the host (clock, randomness,
#: builtin loading): the callback costs host CPU that fuel would not see,
#: ~10 us here, so that a loop of Date.now() is not free.
HOST_CALL_FUEL = 100_000
#: and per byte of randomness produced
RANDOM_BYTE_FUEL = 50


def _clock_time_get(caller, clock_id: int, precision: int, out_ptr: int) -> int:
    inst: Instance = _local.instance
    ctx = caller._context()
    inst.charge_host_call(ctx)
    where = inst.guest_span(ctx, out_ptr, 8)
    if where is None:
        return _EINVAL
    ns = inst.clock.wall_ns() if clock_id == 0 else inst.clock.mono_ns()
    ctypes.c_uint64.from_address(where).value = ns
    return 0


def _random(caller, ptr: int, length: int) -> None:
    inst: Instance = _local.instance
    ctx = caller._context()
    inst.charge_host_call(ctx, length)
    where = inst.guest_span(ctx, ptr, length)
    if where is not None:
        ctypes.memmove(where, inst.entropy.bytes(length), length)


def _builtin(caller, name_ptr: int, name_len: int, dest: int, cap: int) -> int:
    inst: Instance = _local.instance
    ctx = caller._context()
    inst.charge_host_call(ctx)
    name = inst.guest_span(ctx, name_ptr, name_len)
    if name is None:
        return -1
    code = inst.builtins.get(ctypes.string_at(name, name_len).decode(errors="replace"))
    if code is None:
        return -1
    if cap >= len(code):
        where = inst.guest_span(ctx, dest, len(code))
        if where is None:
            return -1
        ctypes.memmove(where, code, len(code))
    return len(code)


def _refuse(*_args) -> int:
    return _EBADF


def make_linker(engine: wasmtime.Engine) -> wasmtime.Linker:
    """The imports every instance gets: a clock, entropy, fnbox's own builtin
    modules, and WASI file functions that refuse (there are no files)."""
    linker = wasmtime.Linker(engine)
    linker.define_func("fnbox", "random", wasmtime.FuncType([_i32, _i32], []), _random, access_caller=True)
    linker.define_func("fnbox", "builtin", wasmtime.FuncType([_i32] * 4, [_i32]), _builtin, access_caller=True)
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
_line_decoder = msgspec.json.Decoder(LogLine)

#: LOG_CAP of js_engine/glue.c: no honest guest reports more.
LOG_AREA_CAP = 64 * 1024


@dataclass
class Answer:
    """A decoded answer from the guest: *body* is one of :mod:`.abi`'s
    shapes, or None for raw bytes (compiled bytecode)."""

    kind: str          # "ok" | "done" | "wait" | "error" | "fatal" | "bytes"
    body: abi.Body | None
    raw: bytes


# Raw C-API entry points: wasmtime-py's object API costs 5-70 us per step
# (engine-facts, "The fast path"); these cost well under 1 us.
_store_new = raw._wasmtime_store_new
_store_context = raw._wasmtime_store_context
_store_delete = raw._wasmtime_store_delete
_store_limiter = raw._wasmtime_store_limiter
_set_fuel = raw._wasmtime_context_set_fuel
_get_fuel = raw._wasmtime_context_get_fuel
_set_epoch_deadline = raw._wasmtime_context_set_epoch_deadline
_pre_instantiate = raw._wasmtime_instance_pre_instantiate
_export_get = raw._wasmtime_instance_export_get
_call_unchecked = raw._wasmtime_func_call_unchecked
_memory_data = raw._wasmtime_memory_data
_memory_data_size = raw._wasmtime_memory_data_size
_global_get = raw._wasmtime_global_get
_global_set = raw._wasmtime_global_set
_trap_code = raw._wasmtime_trap_code
_NO_FINALIZER = ctypes.cast(0, ctypes.CFUNCTYPE(None, ctypes.c_void_p))
_byref = ctypes.byref

_VAL_FIELDS = {ffi.WASMTIME_I32.value: "i32", ffi.WASMTIME_I64.value: "i64",
               ffi.WASMTIME_F32.value: "f32", ffi.WASMTIME_F64.value: "f64"}

_TRAP_OUT_OF_FUEL = wasmtime.TrapCode.OUT_OF_FUEL.value
_TRAP_INTERRUPT = wasmtime.TrapCode.INTERRUPT.value
_TRAP_STACK_OVERFLOW = wasmtime.TrapCode.STACK_OVERFLOW.value


class Instance:
    """A fresh instance from *pre* in a Store of its own, limits armed.

    Call :meth:`close` when done (the pooled slot is reset then), or hand it
    to :class:`~.recycle.Recycler`, which puts its memory back to the
    snapshot and :meth:`rearm`-s it for the next invocation."""

    def __init__(self, host: WasmHost, image: "Image", limits: Limits, clock, entropy,
                 deadline: float):
        self.host = host
        self.image = image
        self.builtins = image.builtins
        self._log_area = image.log_area
        self._exports: dict[str, ffi.wasmtime_extern_t] = {}
        self._args = (ffi.wasmtime_val_raw_t * 2)()
        #: set by the recycler once it has put this instance back to its snapshot
        self.recycled = False
        self._globals: dict[str, tuple] = {}
        # Armed first: from here on, close() (or the failure below) disarms.
        ticks = host.arm(deadline)
        self._armed = True
        self._store = _store_new(host.engine.ptr(), None, _NO_FINALIZER)
        ctx = self._ctx = _store_context(self._store)
        _store_limiter(self._store, limits.memory_bytes, -1, -1, -1, -1)
        self._metered = host.metered
        if self._metered:
            self._check(_set_fuel(ctx, limits.fuel))
        _set_epoch_deadline(ctx, ticks)
        self._instance = ffi.wasmtime_instance_t()
        trap = ctypes.POINTER(ffi.wasm_trap_t)()
        error = _pre_instantiate(image.pre.ptr(), ctx, _byref(self._instance), _byref(trap))
        if error or trap:
            _store_delete(self._store)
            self._store = self._ctx = None
            self.disarm()
            reason = str(wasmtime.WasmtimeError._from_ptr(error)) if error else wasmtime.Trap._from_ptr(trap).message
            if "concurrent limit" in reason:
                raise errors.CapacityError(f"every sandbox slot is in use ({reason}); try again shortly")
            raise errors.EngineError(f"the sandbox could not be created: {reason}")
        self._memory = self._export("memory").of.memory
        self._call = self._export("fnbox_call").of.func
        self._fuel = ctypes.c_uint64()
        self._base = self.base()
        self._size = self.memory_size()
        self._begin(limits, clock, entropy, deadline)

    def _begin(self, limits: Limits, clock, entropy, deadline: float) -> None:
        """The state of one invocation."""
        self.limits = limits
        self.clock = clock
        self.entropy = entropy
        self.deadline = deadline
        self.fuel_used = 0
        self.logs: list[LogLine] = []
        self.log_bytes = 0
        self.log_dropped = 0
        self.trapped = False
        #: set when a host call was given memory outside the instance
        self.violation = False
        self._scratch, self._scratch_cap = self.image.scratch
        if js_memory_limit(limits.memory_bytes) != JS_MEMORY_LIMIT:
            self.invoke_export("fnbox_memory_limit", js_memory_limit(limits.memory_bytes))

    def rearm(self, limits: Limits, clock, entropy, deadline: float) -> None:
        """Take a recycled instance (memory back at the snapshot) up for a new
        invocation: fresh fuel, deadline and per-invocation state."""
        ticks = self.host.arm(deadline)
        self._armed = True
        if limits.memory_bytes != self.limits.memory_bytes:
            _store_limiter(self._store, limits.memory_bytes, -1, -1, -1, -1)
        if self._metered:
            self._check(_set_fuel(self._ctx, limits.fuel))
        _set_epoch_deadline(self._ctx, ticks)
        self._begin(limits, clock, entropy, deadline)

    def disarm(self) -> None:
        """No longer running: the epoch ticker need not wait for it."""
        if self._armed:
            self._armed = False
            self.host.disarm()

    @property
    def reusable(self) -> bool:
        """Whether the instance ended cleanly: alive, no trap, no broken rule
        (whether its memory grew, the recycler checks against the snapshot)."""
        return self._store is not None and not self.trapped and not self.violation

    def close(self, later: bool = True) -> None:
        """Give the instance back; its slot is reset once the caller moves on
        (see :meth:`WasmHost.after_request`), or at once if not *later*."""
        if self._store is not None:
            if later:
                self.host.after_request(_store_delete, self._store)
            else:
                _store_delete(self._store)
            self._store = self._ctx = None
        self.disarm()

    def __del__(self):
        self.close()

    def _extern(self, name: str) -> ffi.wasmtime_extern_t:
        ext = self._exports.get(name)
        if ext is None:
            ext = self._exports[name] = self._export(name)
        return ext

    def _export(self, name: str) -> ffi.wasmtime_extern_t:
        ext = ffi.wasmtime_extern_t()
        raw = name.encode()
        if not _export_get(self._ctx, _byref(self._instance), raw, len(raw), _byref(ext)):
            raise errors.EngineError(f"the engine module has no export {name!r}")
        return ext

    @staticmethod
    def _check(error, trap=None) -> None:
        if error:
            raise wasmtime.WasmtimeError._from_ptr(error)
        if trap:
            raise wasmtime.Trap._from_ptr(trap)

    # -- memory ------------------------------------------------------------------
    def base(self) -> int:
        return ctypes.addressof(_memory_data(self._ctx, _byref(self._memory)).contents)

    def base_in(self, ctx) -> int:
        """Memory base seen from a host call (through the caller's context)."""
        return ctypes.addressof(_memory_data(ctx, _byref(self._memory)).contents)

    def memory_size(self) -> int:
        return _memory_data_size(self._ctx, _byref(self._memory))

    @property
    def address(self) -> int:
        """Host address of linear memory (fixed: the pooling allocator never moves it)."""
        return self._base

    @property
    def memory_bytes(self) -> int:
        """Memory size as of the end of the last call (it only grows in calls)."""
        return self._size

    def read(self, ptr: int, length: int) -> bytes:
        """Bytes of guest memory; a span outside it is the guest lying."""
        if ptr < 0 or length < 0 or ptr + length > self._size:
            self.trapped = True
            raise errors.EngineError(f"the sandbox pointed outside its memory ({ptr}+{length})")
        return ctypes.string_at(self._base + ptr, length)

    def guest_span(self, ctx, ptr: int, length: int) -> int | None:
        """Host address of a span of guest memory seen from a host call, or
        None (and the instance marked broken) when it is not inside it."""
        size = _memory_data_size(ctx, _byref(self._memory))
        if ptr < 0 or length < 0 or ptr + length > size:
            self.violation = True
            return None
        return self.base_in(ctx) + ptr

    def raise_fuel(self, limits: Limits) -> None:
        """Continue under *limits* (a larger fuel cap), keeping what was used."""
        self.limits = limits
        if self._metered and not self.trapped:
            self._check(_set_fuel(self._ctx, max(0, limits.fuel - self.fuel_used)))

    def charge_host_call(self, ctx, random_bytes: int = 0) -> None:
        if not self._metered:
            return
        fuel = ctypes.c_uint64()
        _get_fuel(ctx, _byref(fuel))
        _set_fuel(ctx, max(0, fuel.value - HOST_CALL_FUEL - RANDOM_BYTE_FUEL * random_bytes))

    def global_value(self, name: str):
        val = ffi.wasmtime_val_t()
        _global_get(self._ctx, _byref(self._extern(name).of.global_), _byref(val))
        field = _VAL_FIELDS.get(val.kind)
        if field:
            return getattr(val.of, field)
        raise errors.EngineError(f"global {name} has an unsupported type")

    def set_global(self, name: str, value) -> None:
        """Set a mutable global of the kind it already holds (if it differs)."""
        slot = self._globals.get(name)
        if slot is None:
            ext = self._extern(name).of.global_
            val = ffi.wasmtime_val_t()
            slot = self._globals[name] = (_byref(ext), val, _byref(val))
        ext_ref, val, val_ref = slot
        _global_get(self._ctx, ext_ref, val_ref)
        field = _VAL_FIELDS.get(val.kind)
        if field is None:
            raise errors.EngineError(f"global {name} has an unsupported type")
        if getattr(val.of, field) != value:
            setattr(val.of, field, value)
            self._check(_global_set(self._ctx, ext_ref, val_ref))

    # -- calls -------------------------------------------------------------------
    def invoke_export(self, name: str, *args: int) -> int | None:
        return self._raw_call(self._extern(name).of.func, args)

    def _raw_call(self, func, args: tuple[int, ...]) -> int:
        """Call a guest export with limits armed; traps become typed errors.
        Every export of the glue takes i32s and returns at most one value,
        read back as i64 (the i32 results sign-extend harmlessly)."""
        if self.trapped:
            raise errors.EngineError("this sandbox was stopped by an earlier error and cannot be used again")
        if time.monotonic() >= self.deadline:
            self.trapped = True
            raise errors.TimeLimitError(f"the invocation ran past its {self.limits.wall_ms} ms deadline")
        # The epoch deadline armed at creation is absolute: no need to re-arm.
        ctx = self._ctx
        vals = self._args
        vals[0].i64 = vals[1].i64 = 0
        for i, a in enumerate(args):
            vals[i].i32 = a
        trap = ctypes.POINTER(ffi.wasm_trap_t)()
        _local.instance = self
        try:
            error = _call_unchecked(ctx, _byref(func), vals, 2, _byref(trap))
        finally:
            _local.instance = None
            if self._metered:
                _get_fuel(ctx, _byref(self._fuel))
                self.fuel_used = self.limits.fuel - self._fuel.value
            # Memory only grows inside a call, and only a grown memory can
            # have moved (the pooling allocator never moves it): one read.
            size = self.memory_size()
            if size != self._size:
                self._base = self.base()
                self._size = size
            self._collect_logs()
        if error:
            self.trapped = True
            raise errors.EngineError(f"the sandbox failed: {wasmtime.WasmtimeError._from_ptr(error)}")
        if trap:
            self.trapped = True
            raise self._trap_error(trap)
        if self.violation:
            self.trapped = True
            raise errors.EngineError("the sandbox passed the host memory outside its own")
        return vals[0].i64

    def _trap_error(self, trap) -> errors.SandboxError:
        code = ffi.wasmtime_trap_code_t()
        has_code = _trap_code(trap, _byref(code))
        message = wasmtime.Trap._from_ptr(trap).message     # takes ownership, frees
        code = code.value if has_code else None
        if code == _TRAP_OUT_OF_FUEL:
            return errors.CpuLimitError(
                f"the function used its whole CPU allowance ({self.limits.fuel:,} fuel) and was stopped")
        if code == _TRAP_INTERRUPT:
            return errors.TimeLimitError(f"the invocation ran past its {self.limits.wall_ms} ms deadline")
        if code == _TRAP_STACK_OVERFLOW:
            return errors.StackOverflowError("the function recursed too deeply and overflowed the stack")
        if self.memory_size() + 2 * 65536 >= self.limits.memory_bytes:
            return errors.MemoryLimitError(
                f"the function needed more than {self.limits.memory_bytes // (1024 * 1024)} MB of memory")
        return errors.EngineError(f"the sandbox trapped: {message.splitlines()[0]}")

    def write_input(self, data: bytes) -> None:
        if len(data) > self._scratch_cap:
            ptr = self.invoke_export("fnbox_buffer", len(data)) & 0xFFFFFFFF
            if ptr == 0:
                raise errors.MemoryLimitError("no memory left for the request")
            self._scratch, self._scratch_cap = ptr, len(data)
        if self._scratch + len(data) > self._size:
            self.trapped = True
            raise errors.EngineError("the sandbox's input buffer lies outside its memory")
        ctypes.memmove(self._base + self._scratch, data, len(data))

    def message(self, data: bytes) -> Answer:
        """Send one JSON message to the dispatcher; return its answer."""
        self.write_input(data)
        return self._answer(self._raw_call(self._call, (len(data),)))

    def call_with_input(self, name: str, data: bytes) -> Answer:
        return self._answer(self.call_raw(name, data))

    def call_raw(self, name: str, data: bytes) -> int:
        """Write *data* to the scratch buffer and call export *name* with its length."""
        self.write_input(data)
        return self.invoke_export(name, len(data))

    def _answer(self, packed: int) -> Answer:
        packed &= 0xFFFFFFFFFFFFFFFF
        ptr, length = packed >> 32, packed & 0x7FFFFFFF
        raw = self.read(ptr, length)
        if packed & 0x80000000:
            return Answer("bytes", None, raw)
        body = abi.decode(raw)
        return Answer(type(body).__struct_config__.tag, body, raw)

    # -- console -----------------------------------------------------------------
    def _collect_logs(self) -> None:
        base = self._base
        header = (ctypes.c_uint32 * 2).from_address(base + self._log_area)
        used, dropped = header[0], header[1]
        self.log_dropped += dropped
        if not used:
            return
        if used > LOG_AREA_CAP:       # the guest scribbled over the header
            header[0] = header[1] = 0
            self.violation = True
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
            self.logs.extend(_log_decoder.decode(b"[" + data[:-1].replace(b"\n", b",") + b"]"))
        except (msgspec.DecodeError, RecursionError):
            # One bad line (a lone surrogate, say) must not take the others with it.
            for raw in data[:-1].split(b"\n"):
                try:
                    self.logs.append(abi.decode(raw, _line_decoder))
                except errors.EngineError:
                    self.log_dropped += len(raw) + 1
