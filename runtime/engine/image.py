"""Images: compiled modules whose instances start pre-initialised.

The *base image* holds QuickJS with the bootstrap and every shim module
defined (and the commonest ones evaluated).  A *unit image* adds a function's
own modules, already evaluated, with the endpoint's ``process.env``.  Both are
snapshots (see :mod:`.snapshot`) built by running an instance and dumping it.
"""

from __future__ import annotations

import hashlib
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import msgspec
import wasmtime

from js_engine import build as engine_build

from . import errors, snapshot
from .clock import SeededEntropy, VirtualClock
from .instance import Answer, Instance
from .limits import JS_MEMORY_LIMIT, JS_STACK_LIMIT, Limits
from .wasm import WasmHost

SHIM_DIR = Path(engine_build.__file__).resolve().parent / "shim"
BOOTSTRAP = SHIM_DIR / "bootstrap.js"
NODE_DIR = SHIM_DIR / "node"

#: Builtins evaluated inside the base snapshot: console.log formats through
#: util, and most functions touch Buffer; a snapshot makes them free.
PRELOAD = ("util", "buffer")

#: Build steps run with generous limits of their own.
BUILD_LIMITS = Limits(wall_ms=120_000, fuel=2_000_000_000_000)

_encode = msgspec.json.encode


@dataclass(frozen=True)
class Image:
    module: wasmtime.Module
    pre: wasmtime.InstancePre
    log_area: int
    #: bytes of the instrumented engine module every snapshot is cut from
    instrumented: bytes


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
    body = answer.body or {}
    err = body.get("error", body)
    raise errors.EngineError(f"{what}: {err.get('name', 'Error')}: {err.get('message', answer.raw[:300])}")


class ImageFactory:
    """Builds and caches images for one :class:`WasmHost`."""

    def __init__(self, host: WasmHost, linker: wasmtime.Linker, quiet: bool = True):
        self.host = host
        self.linker = linker
        self.quiet = quiet
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

    def _image(self, module: wasmtime.Module) -> Image:
        pre = self.linker.instantiate_pre(module)
        probe = self.instance_of(pre, 0)
        log_area = probe.invoke_export("fnbox_log_area")
        return Image(module, pre, log_area, self.instrumented())

    def instance_of(self, pre: wasmtime.InstancePre, log_area: int) -> Instance:
        """An instance for build work: virtual clock, fixed seed, so that
        images come out byte-identical for identical inputs."""
        return Instance(self.host, pre, log_area, BUILD_LIMITS, VirtualClock(), SeededEntropy(0),
                        time.monotonic() + BUILD_LIMITS.wall_ms / 1000)

    def dump(self, inst: Instance) -> bytes:
        memory = inst.read(0, inst.memory_size())
        values = [inst.global_value(f"{snapshot.GLOBAL_EXPORT_PREFIX}{i}")
                  for i in range(snapshot.global_count(self.instrumented()))]
        return snapshot.snapshot(self.instrumented(), memory, values)

    # -- the base image --------------------------------------------------------------
    def shim_sources(self) -> dict[str, str]:
        return {p.stem: p.read_text() for p in sorted(NODE_DIR.glob("*.js"))}

    def base_key(self) -> str:
        h = hashlib.sha256(self.instrumented())
        h.update(BOOTSTRAP.read_bytes())
        for name, src in self.shim_sources().items():
            h.update(name.encode() + b"\0" + src.encode())
        h.update(repr((PRELOAD, JS_MEMORY_LIMIT, JS_STACK_LIMIT)).encode())
        return h.hexdigest()

    def base(self) -> Image:
        if self._base is None:
            self._base = self._build_base()
        return self._base

    def _build_base(self) -> Image:
        key = self.base_key()
        cached = self.host.cache.load(self.host.engine, f"base-{key[:32]}")
        if cached is not None:
            return self._image(cached)
        started = time.monotonic()
        self._say("preparing the engine image (once per engine or shim change)")
        init_module = self.host.module(self.instrumented())
        inst = self.instance_of(self.linker.instantiate_pre(init_module), 0)
        inst.invoke_export("_initialize")
        rc = inst.invoke_export("fnbox_init", JS_MEMORY_LIMIT, JS_STACK_LIMIT)
        if rc != 0:
            raise errors.EngineError(f"fnbox_init failed ({rc})")
        _check(inst.call_with_input("fnbox_boot", BOOTSTRAP.read_bytes()), "bootstrap")
        names = list(self.shim_sources())
        for name, src in self.shim_sources().items():
            code = self._compile_in(inst, f"node:{name}", shim_wrapper(src))
            self._define_in(inst, f"node:{name}", code)
        preload = [m for m in PRELOAD if m in names]
        _check(inst.message(_encode({"t": "preload", "modules": preload})), "preloading builtins")
        image_bytes = self.dump(inst)
        module = wasmtime.Module(self.host.engine, image_bytes)
        self.host.cache.store(f"base-{key[:32]}", module)
        module = self.host.cache.load(self.host.engine, f"base-{key[:32]}")
        self._say(f"engine image ready in {time.monotonic() - started:.1f} s")
        return self._image(module)

    # -- compiling and defining function code -----------------------------------------
    @staticmethod
    def _compile_in(inst: Instance, name: str, source: str) -> bytes:
        answer = inst.call_with_input("fnbox_compile", name.encode() + b"\0" + source.encode())
        if answer.kind != "bytes":
            body = answer.body or {}
            raise errors.CompileError(name, body.get("name", "SyntaxError"), body.get("message", ""),
                                      body.get("stack", ""))
        return answer.raw

    @staticmethod
    def _define_in(inst: Instance, name: str, code: bytes) -> None:
        answer = inst.call_with_input("fnbox_define", name.encode() + b"\0" + code)
        if answer.kind != "ok":
            body = answer.body or {}
            raise errors.CompileError(name, body.get("name", "Error"), body.get("message", ""),
                                      body.get("stack", ""))

    def compile(self, files: dict[str, str]) -> dict[str, bytes]:
        """Bytecode for each guest path -> source (``.js``/``.cjs``/``.json``)."""
        base = self.base()
        inst = self.instance_of(base.pre, base.log_area)
        out = {}
        for path, source in files.items():
            if path.endswith(".json"):
                try:
                    msgspec.json.decode(source)
                except msgspec.DecodeError as exc:
                    raise errors.CompileError(path, "SyntaxError", f"invalid JSON: {exc}") from None
                wrapped = json_wrapper(source)
            else:
                wrapped = js_wrapper(source)
            out[path] = self._compile_in(inst, path, wrapped)
        return out

    def define_all(self, inst: Instance, code: dict[str, bytes]) -> None:
        for path, bytecode in code.items():
            self._define_in(inst, path, bytecode)

    def unit_image(self, code: dict[str, bytes], entry: str, env: dict[str, str],
                   cache: bool) -> Image:
        """A snapshot with *code* defined and *entry* evaluated under *env*.

        Raises :class:`errors.JavaScriptError` if the entry's top-level code
        throws.  ``cache=False`` keeps the image off disk (it may hold secret
        values that the top-level code copied)."""
        base = self.base()
        inst = self.instance_of(base.pre, base.log_area)
        self.define_all(inst, code)
        answer = inst.message(_encode({"t": "prepare", "entry": entry, "env": env}))
        if answer.kind != "ok":
            err = (answer.body or {}).get("error", {})
            raise errors.JavaScriptError(err.get("name", "Error"), err.get("message", ""),
                                         err.get("stack", ""), origin="load", code=err.get("code"))
        module = self.host.module(self.dump(inst), cache=cache)
        return self._image(module)
