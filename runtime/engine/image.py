"""Images: compiled modules whose instances start pre-initialised.

The *base image* holds QuickJS with the bootstrap and every shim module
defined (and the commonest ones evaluated).  A *unit image* adds a function's
own modules, already evaluated, with the endpoint's ``process.env``.  Both are
snapshots (see :mod:`.snapshot`) built by running an instance and dumping it.
"""

from __future__ import annotations

import hashlib
import re
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import msgspec
import wasmtime

from js_engine import build as engine_build

from . import abi, errors, snapshot
from .clock import SeededEntropy, VirtualClock
from .instance import Answer, Instance
from .limits import JS_MEMORY_LIMIT, JS_STACK_LIMIT, Limits
from .recycle import Recycler
from .wasm import WasmHost

SHIM_DIR = Path(engine_build.__file__).resolve().parent / "shim"
BOOTSTRAP = SHIM_DIR / "bootstrap.js"
NODE_DIR = SHIM_DIR / "node"
#: Packages HubSpot preinstalls (axios, request, ...): "@scope__name.js" is
#: the package "@scope/name".
PACKAGES_DIR = SHIM_DIR / "packages"

#: Builtins evaluated inside the base snapshot.  Few on purpose: every page of
#: heap an image carries is reset or faulted in on every invocation, so most
#: builtins stay bytecode with the host until a function requires one.  util
#: is the exception: console.log of any object formats through it, and
#: loading it costs ~3 ms, against ~20 us per invocation for carrying it.
PRELOAD: tuple[str, ...] = ("util",)

#: Input buffer allocated in every image, so that a request up to this size
#: needs no allocation call.
SCRATCH = 16 * 1024

#: Free heap every snapshot leaves at the top of its memory: an invocation
#: that allocates less never grows memory, so its instance can be recycled
#: (:mod:`.recycle`).  Pages it never touches cost nothing.
HEADROOM = 1024 * 1024

#: Files compiled in one instance before a fresh one takes over.
COMPILE_BATCH = 200

#: Build steps run with generous limits of their own.
BUILD_LIMITS = Limits(wall_ms=120_000, fuel=2_000_000_000_000)

_encode = msgspec.json.encode


@dataclass(frozen=True)
class Image:
    module: wasmtime.Module
    pre: wasmtime.InstancePre
    log_area: int
    #: bytecode of the builtin modules, handed to the guest on first require
    builtins: Mapping[str, bytes]
    #: (address, size) of the input buffer already allocated in the image
    scratch: tuple[int, int] = (0, 0)
    #: (export name, value) of every global as the snapshot starts
    globals: tuple[tuple[str, int], ...] = ()


#: Globals the bootstrap installs lazily (see `lazy` in bootstrap.js).
LAZY_GLOBALS = ("Buffer", "URL", "URLSearchParams", "TextEncoder", "TextDecoder", "structuredClone",
                "AbortController", "AbortSignal", "Event", "EventTarget", "crypto", "fetch", "Headers",
                "Request", "Response")
_GLOBAL_RE = re.compile(r"\b(" + "|".join(LAZY_GLOBALS) + r")\b")
_REQUIRE_RE = re.compile(r"""\brequire\(\s*['"](?:node:)?([a-z_][a-z0-9_/]*)['"]\s*\)""")


@dataclass(frozen=True)
class Warm:
    """Builtins and lazy globals a function's code mentions: a unit snapshot
    loads them ahead, so that invocations do not pay for loading them."""

    builtins: frozenset[str] = frozenset()
    globals: frozenset[str] = frozenset()

    #: what the shim's network modules load on their first request
    NETWORK = frozenset({"url", "buffer", "events", "querystring"})

    @classmethod
    def scan(cls, sources: Mapping[str, str]) -> "Warm":
        builtins: set[str] = set()
        globals_: set[str] = set()
        for path, source in sources.items():
            if "/node_modules/" in path:
                continue      # packages load what they need when they run
            builtins.update(_REQUIRE_RE.findall(source))
            globals_.update(_GLOBAL_RE.findall(source))
        if builtins & {"axios", "request"} or globals_ & {"fetch", "Headers", "Request", "Response"}:
            builtins |= cls.NETWORK
        return cls(frozenset(builtins), frozenset(globals_))


def _pack(code: Mapping[str, bytes]) -> bytes:
    return msgspec.msgpack.encode(dict(code))


def _unpack(data: bytes) -> dict[str, bytes]:
    return msgspec.msgpack.decode(data, type=dict[str, bytes])


def js_wrapper(source: str) -> str:
    """CommonJS wrapper; on the first line so that line numbers match."""
    if source.startswith("#!"):
        source = "//" + source
    return "(function (exports, require, module, __filename, __dirname) {" + source + "\n})"


def json_wrapper(source: str) -> str:
    return "(function (exports, require, module) { module.exports = " + source + "\n})"


def shim_wrapper(source: str) -> str:
    return "(function (exports, require, module, internal) {" + source + "\n})"


def _check(answer: Answer, what: str) -> Answer:
    if answer.kind in ("ok", "bytes"):
        return answer
    err = abi.error_info(answer.body)
    raise errors.EngineError(f"{what}: {err.name}: {err.message}")


class ImageFactory:
    """Builds and caches images for one :class:`WasmHost`."""

    def __init__(self, host: WasmHost, linker: wasmtime.Linker, quiet: bool = True,
                 recycle: bool | None = None):
        self.host = host
        self.linker = linker
        self.quiet = quiet
        #: where invocations get their instances (build steps use fresh ones)
        self.recycler = Recycler(host, enabled=recycle)
        self._instrumented: bytes | None = None
        self._base: Image | None = None

    # -- plumbing ------------------------------------------------------------------
    def _say(self, msg: str) -> None:
        if not self.quiet:
            print(f"[fnbox] {msg}", file=sys.stderr, flush=True)

    def instrumented(self) -> bytes:
        if self._instrumented is None:
            wasm = engine_build.build(quiet=self.quiet).read_bytes()
            self._instrumented = snapshot.instrument(wasm)
        return self._instrumented

    def _image(self, module: wasmtime.Module, builtins: Mapping[str, bytes]) -> Image:
        pre = self.linker.instantiate_pre(module)
        probe = self.instance_of(Image(module, pre, 0, builtins))
        globals_ = tuple((name, probe.global_value(name)) for name in self._global_names())
        log_area = probe.invoke_export("fnbox_log_area")
        scratch = probe.invoke_export("fnbox_buffer", 0) & 0xFFFFFFFF   # already SCRATCH bytes
        probe.close()
        return Image(module, pre, log_area, builtins, (scratch, SCRATCH if scratch else 0), globals_)

    def _global_names(self) -> list[str]:
        """The exports through which a snapshot's globals are read (and reset)."""
        return [f"{snapshot.GLOBAL_EXPORT_PREFIX}{i}" for i in range(snapshot.global_count(self.instrumented()))]

    def instance_of(self, image: Image, limits: Limits = BUILD_LIMITS) -> Instance:
        """An instance for build work: virtual clock, fixed seed, so that
        images come out byte-identical for identical inputs."""
        return Instance(self.host, image, limits, VirtualClock(), SeededEntropy(0),
                        time.monotonic() + limits.wall_ms / 1000)

    def dump(self, inst: Instance) -> bytes:
        inst.invoke_export("fnbox_buffer", SCRATCH)
        inst.invoke_export("fnbox_gc", HEADROOM)
        memory = inst.read(0, inst.memory_size())
        values = [inst.global_value(name) for name in self._global_names()]
        return snapshot.snapshot(self.instrumented(), memory, values)

    # -- the base image --------------------------------------------------------------
    def shim_sources(self) -> dict[str, str]:
        """Builtin name -> source: Node's core modules and preinstalled packages."""
        core = {p.stem: p.read_text() for p in sorted(NODE_DIR.glob("*.js"))}
        packages = {"pkg:" + p.stem.replace("__", "/"): p.read_text()
                    for p in sorted(PACKAGES_DIR.glob("*.js"))}
        return core | packages

    def base_key(self) -> str:
        h = hashlib.sha256(self.instrumented())
        h.update(BOOTSTRAP.read_bytes())
        for name, src in self.shim_sources().items():
            h.update(name.encode() + b"\0" + src.encode())
        h.update(repr((PRELOAD, JS_MEMORY_LIMIT, JS_STACK_LIMIT, SCRATCH, HEADROOM)).encode())
        return h.hexdigest()[:32]

    def base(self) -> Image:
        if self._base is None:
            self._base = self._build_base()
        return self._base

    def _initialized(self, init: Image) -> Instance:
        """A fresh engine instance with QuickJS created."""
        inst = self.instance_of(init)
        inst.invoke_export("_initialize")
        rc = inst.invoke_export("fnbox_init", JS_MEMORY_LIMIT, JS_STACK_LIMIT)
        if rc != 0:
            raise errors.EngineError(f"fnbox_init failed ({rc})")
        return inst

    def _build_base(self) -> Image:
        key = self.base_key()
        cached = self.host.cache.load(self.host.engine, f"base-{key}")
        builtins = self.host.cache.load_bytes(f"shim-{key}")
        if cached is not None and builtins is not None:
            return self._image(cached, _unpack(builtins))
        started = time.monotonic()
        self._say("preparing the engine image (once per engine or shim change)")
        init_module = self.host.module(self.instrumented())
        init = Image(init_module, self.linker.instantiate_pre(init_module), 0, {})
        # Compiling leaves parser garbage in the heap: do it in an instance of
        # its own, so that the snapshot instance stays compact.
        compiler = self._initialized(init)
        bootstrap = self._compile_in(compiler, "fnbox:bootstrap", BOOTSTRAP.read_text())
        code = {name: self._compile_in(compiler, f"node:{name}", shim_wrapper(src))
                for name, src in self.shim_sources().items()}
        compiler.close()
        inst = self._initialized(Image(init.module, init.pre, 0, code))
        _check(inst.call_with_input("fnbox_boot", bootstrap), "bootstrap")
        preload = [m for m in PRELOAD if m in code]
        _check(inst.message(_encode({"t": "preload", "builtins": sorted(code), "modules": preload})),
               "preloading builtins")
        module = wasmtime.Module(self.host.engine, self.dump(inst))
        inst.close()
        self.host.cache.store(f"base-{key}", module)
        self.host.cache.store_bytes(f"shim-{key}", _pack(code))
        module = self.host.cache.load(self.host.engine, f"base-{key}")
        self._say(f"engine image ready in {time.monotonic() - started:.1f} s")
        return self._image(module, code)

    # -- compiling and defining function code -----------------------------------------
    @staticmethod
    def _compile_in(inst: Instance, name: str, source: str) -> bytes:
        answer = inst.call_with_input("fnbox_compile", name.encode() + b"\0" + source.encode())
        if answer.kind != "bytes":
            err = abi.error_info(answer.body)
            raise errors.CompileError(name, err.name, err.message, err.stack)
        return answer.raw

    @staticmethod
    def _define_in(inst: Instance, name: str, code: bytes) -> None:
        answer = inst.call_with_input("fnbox_define", name.encode() + b"\0" + code)
        if answer.kind != "ok":
            err = abi.error_info(answer.body)
            raise errors.CompileError(name, err.name, err.message, err.stack)

    def compile(self, files: dict[str, str], *,
                lenient: Callable[[str], bool] = lambda path: False) -> dict[str, bytes]:
        """Bytecode for each guest path -> source (``.js``/``.cjs``/``.json``).

        A file for which *lenient(path)* is true does not fail the build when
        it does not compile (an ES-module copy inside a package, say): it
        becomes a module that throws the SyntaxError when required, as in Node.
        """
        out = {}
        inst = None
        for n, (path, source) in enumerate(files.items()):
            if inst is None or n % COMPILE_BATCH == 0:
                if inst is not None:
                    inst.close()
                inst = self.instance_of(self.base())   # parser garbage stays bounded
            try:
                out[path] = self._compile_in(inst, path, self._wrap(path, source))
            except (errors.CompileError, errors.SandboxError) as exc:
                if isinstance(exc, errors.SandboxError):
                    inst.close()
                    inst = self.instance_of(self.base())
                    exc = errors.CompileError(path, "SyntaxError", f"cannot be compiled: {exc}")
                if not lenient(path):
                    inst.close()
                    raise exc from None
                thrower = f"(function () {{ throw new SyntaxError({msgspec.json.encode(exc.js_message).decode()}); }})"
                out[path] = self._compile_in(inst, path, thrower)
        if inst is not None:
            inst.close()
        return out

    @staticmethod
    def _wrap(path: str, source: str) -> str:
        if path.endswith(".json"):
            try:
                msgspec.json.decode(source)
            except msgspec.DecodeError as exc:
                raise errors.CompileError(path, "SyntaxError", f"invalid JSON: {exc}") from None
            return json_wrapper(source)
        return js_wrapper(source)

    def define_all(self, inst: Instance, code: dict[str, bytes]) -> None:
        for path, bytecode in code.items():
            self._define_in(inst, path, bytecode)

    def unit_image(self, code: dict[str, bytes], entry: str, env: dict[str, str],
                   cache: bool, warm: "Warm | None" = None) -> Image:
        """A snapshot with *code* defined and *entry* evaluated under *env*.

        Raises :class:`errors.JavaScriptError` if the entry's top-level code
        throws.  ``cache=False`` keeps the image off disk (it may hold secret
        values that the top-level code copied)."""
        base = self.base()
        # The function's own top-level code runs here: under the limits of an
        # invocation, not the generous ones of fnbox's own build steps.
        inst = self.instance_of(base, Limits())
        self.define_all(inst, code)
        warm = warm or Warm()
        answer = inst.message(_encode({"t": "prepare", "entry": entry, "env": env,
                                       "builtins": sorted(warm.builtins), "globals": sorted(warm.globals)}))
        if answer.kind != "ok":
            err = abi.error_info(answer.body)
            raise errors.JavaScriptError(err.name, err.message, err.stack, origin="load", code=err.code)
        module = self.host.module(self.dump(inst), cache=cache)
        inst.close()
        return self._image(module, base.builtins)
