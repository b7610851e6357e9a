"""The embedding API: compile JavaScript into a :class:`Unit`, invoke it in a
fresh sandbox, get a :class:`Result`.

    from runtime.engine import Engine

    engine = Engine()
    unit = engine.compile({"/app/index.js": "exports.main = (input) => ({hello: input.name})"},
                          entry="/app/index.js")
    result = engine.invoke_sync(unit, {"name": "world"})
    print(result.output, result.fuel, result.logs)

``invoke`` is the async twin for use inside an event loop: wasm runs in a
worker thread (wasmtime releases the GIL) while timers and host operations are
awaited on the loop.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from js_engine.build import cache_root

from .clock import REAL_CLOCK, REAL_ENTROPY, SeededEntropy, VirtualClock
from .image import Image, ImageFactory, Warm
from .instance import make_linker
from .invocation import Capability, Invocation, Result
from .limits import Limits
from .wasm import WasmHost

_hosts: dict[tuple[Path, bool], WasmHost] = {}
_hosts_lock = threading.Lock()


def _host(cache_dir: Path, metered: bool) -> WasmHost:
    # One wasmtime engine per process and cache: the pooling allocator and the
    # epoch ticker are process-wide resources.
    with _hosts_lock:
        key = (cache_dir, metered)
        if key not in _hosts:
            _hosts[key] = WasmHost(cache_dir, metered=metered)
        return _hosts[key]


@dataclass(frozen=True, eq=False)
class Unit:
    """Compiled function code, ready to invoke.

    With a snapshot (``image``), the entry module's top-level code already ran
    under ``env``; without one, the bytecode is loaded per invocation."""

    entry: str
    code: dict[str, bytes]
    env: dict[str, str]
    image: Image | None
    #: set once an invocation needed more than the inline fuel cap: later
    #: ones go straight to a worker thread
    heavy: list[bool] = field(default_factory=lambda: [False], repr=False)


class Engine:
    def __init__(self, *, cache_dir: Path | str | None = None, limits: Limits | None = None,
                 quiet: bool = True, metered: bool = True, recycle: bool | None = None):
        """``metered=False`` turns fuel and deadlines off: for measuring their
        cost only, never for running untrusted code.  ``recycle=False``
        gives every invocation a fresh instance instead of a reset one
        (:mod:`.recycle`; default: wherever the kernel supports it)."""
        self.cache_dir = Path(cache_dir) if cache_dir else cache_root()
        self.host = _host(self.cache_dir, metered)
        self.limits = limits or Limits()
        self.images = ImageFactory(self.host, make_linker(self.host.engine), quiet=quiet, recycle=recycle)

    def warm(self) -> None:
        """Build (or map from cache) the base image now rather than on first use."""
        self.images.base()

    def compile(self, files: dict[str, str], entry: str, *, env: dict[str, str] | None = None,
                snapshot: bool = True, cache_snapshot: bool = True) -> Unit:
        """Compile *files* (guest path -> source) to bytecode; with *snapshot*,
        also evaluate *entry* and freeze the result in an image of its own.

        Raises :class:`~.errors.CompileError` for a syntax error and
        :class:`~.errors.JavaScriptError` if the entry's top-level code throws
        (only with *snapshot*; otherwise that surfaces per invocation).
        ``cache_snapshot=False`` keeps the image off disk: use it whenever
        ``env`` holds secret values."""
        return self.load(self.bytecode(files), entry, env=env, snapshot=snapshot,
                         cache_snapshot=cache_snapshot, warm=Warm.scan(files))

    def bytecode(self, files: dict[str, str], *,
                 lenient: Callable[[str], bool] = lambda path: False) -> dict[str, bytes]:
        """Compile *files* (guest path -> source) to bytecode, once for all the
        units made from them (several endpoints of one folder).  Files for
        which *lenient(path)* holds may fail to compile: requiring them then
        throws the SyntaxError, as in Node."""
        return self.images.compile(files, lenient=lenient)

    def load(self, code: dict[str, bytes], entry: str, *, env: dict[str, str] | None = None,
             snapshot: bool = True, cache_snapshot: bool = True, warm: Warm | None = None) -> Unit:
        """A unit from bytecode made by :meth:`bytecode`; see :meth:`compile`.
        *warm* (``Warm.scan(sources)``) names builtins to load into the snapshot."""
        env = dict(env or {})
        image = self.images.unit_image(code, entry, env, cache_snapshot, warm) if snapshot else None
        return Unit(entry, code, env, image)

    def _invocation(self, unit: Unit, input: Any, export: str, limits: Limits | None,
                    deterministic: bool, seed: int,
                    capabilities: Mapping[str, Capability] | None) -> Invocation:
        clock = VirtualClock() if deterministic else REAL_CLOCK
        message = {"t": "invoke", "entry": unit.entry, "export": export, "input": input,
                   "started": clock.mono_ns() // 1_000_000, "now": clock.wall_ns() // 1_000_000}
        if unit.image is None:
            message["env"] = unit.env
            image, code = self.images.base(), unit.code
        else:
            image, code = unit.image, None
        entropy = SeededEntropy(seed) if deterministic else REAL_ENTROPY
        return Invocation(self.images, image, code, message, limits or self.limits,
                          clock, entropy, capabilities)

    async def invoke(self, unit: Unit, input: Any = None, *, export: str = "main",
                     limits: Limits | None = None, deterministic: bool = False, seed: int = 0,
                     capabilities: Mapping[str, Capability] | None = None) -> Result:
        """Run ``require(entry)[export](input, respond)`` in a fresh sandbox."""
        invocation = self._invocation(unit, input, export, limits, deterministic, seed, capabilities)
        result = await invocation.run(inline=not unit.heavy[0])
        if invocation.spilled:
            unit.heavy[0] = True
        return result

    def invoke_sync(self, unit: Unit, input: Any = None, *, export: str = "main",
                    limits: Limits | None = None, deterministic: bool = False, seed: int = 0,
                    capabilities: Mapping[str, Capability] | None = None) -> Result:
        """Like :meth:`invoke`, from synchronous code (not inside a running loop)."""
        return self._invocation(unit, input, export, limits, deterministic, seed,
                                capabilities).run_sync()
