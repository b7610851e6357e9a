"""Instances reused across invocations of the same image.

Dropping an instance makes wasmtime copy the whole snapshot back into its
pooled slot (1.2 MiB: ~25 us, and under load that copy pushes the rest of
the request out of the CPU's cache).  Instead, a finished instance is put back
to its snapshot here, copying only the pages the guest wrote, and handed to
the next invocation of the same image.

Isolation is the same as a fresh instance's.  After the reset:

- linear memory equals the snapshot byte for byte: every page that is not the
  snapshot's own mapping (:mod:`.pages`) is copied back from the image's
  *template*, an instance of the same image that never runs;
- every global the guest can write is set back to the snapshot's value;
- fuel, deadline and all per-invocation host state are armed anew
  (:meth:`Instance.rearm`);
- the table and the data and element segments are as at instantiation: the
  engine module never writes its table (clang emits table writes only for
  explicit builtins, which neither QuickJS nor the glue use; wabt's
  ``wasm-objdump -d`` finds no table.set/grow/fill/copy/init or elem.drop in
  engine.wasm, whose one table has a fixed size), and its active segments
  are dropped by instantiation itself.

An instance that trapped, handed the host memory outside its own, or grew
its memory (a wasm memory cannot shrink back to the snapshot's size) is
dropped as before; snapshots leave free heap (:data:`.image.HEADROOM`) so
that most invocations do not grow it.  Without PAGEMAP_SCAN (Linux before
6.7, other systems), or without the native reset helper (:mod:`.native`),
every instance is fresh.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from typing import TYPE_CHECKING

from . import errors, native, pages
from .instance import Instance
from .limits import Limits
from .wasm import WasmHost

if TYPE_CHECKING:
    from .image import Image

#: Images with a template (one of the pool's slots each) at once.
MAX_IMAGES = 32
#: Reset instances kept per image: as many as the requests one turn of the
#: event loop may start before the instances of the previous turn are back...
SPARES = 16
#: ...and in all, so that many busy images share a bounded number of slots.
MAX_SPARES = 64
#: With MAX_IMAGES pools in use, a new image takes the place of the least
#: recently used only if that one has been idle this long: with more busy
#: images than pools, making and dropping pools on every request would cost
#: more than recycling saves, so the newcomer runs in fresh instances.
EVICT_AFTER_S = 1.0
#: A reset copies the written pages back while they hold at most this much;
#: past it, it hands them all back to the kernel instead (madvise), and the
#: next invocation faults in the pages it touches.  A page stays private once
#: copied back, so without this, pages one invocation wrote would be copied
#: by every reset after it.
COPY_AT_MOST = 512 * 1024

#: Recycling on or off for the process (``FNBOX_RECYCLE=0``: every
#: invocation in a fresh instance, for comparison).
ENABLED = os.environ.get("FNBOX_RECYCLE", "1") != "0"


class _Pool:
    """One image's template and spare instances."""

    __slots__ = ("image", "template", "spares", "used", "lock", "closed")

    def __init__(self, image: "Image", template: Instance):
        self.image = image
        self.template = template
        self.spares: list[Instance] = []
        #: time.monotonic() of the last instance taken or put back
        self.used = time.monotonic()
        #: held while a reset reads the template: closing waits for it, as
        #: the template's slot may go to another instance straight after
        self.lock = threading.Lock()
        self.closed = False

    def close(self) -> None:
        with self.lock:
            self.closed = True
            # At once, not after the request: the slots may be wanted right now.
            for inst in self.spares:
                inst.close(later=False)
            self.spares.clear()
            self.template.close(later=False)


class Recycler:
    """Hands out instances of an image, reusing reset ones when it can."""

    def __init__(self, host: WasmHost, enabled: bool | None = None):
        self.host = host
        wanted = (ENABLED and pages.supported()) if enabled is None else enabled
        #: the native reset (:mod:`.native`): without it, every instance is fresh
        self._restore = native.load(host.cache) if wanted else None
        self.enabled = self._restore is not None
        self._pools: OrderedDict[int, _Pool] = OrderedDict()
        self._lock = threading.Lock()
        self._spares = 0              # in all pools
        #: invocations that got a reset instance
        self.reused = 0

    def checkout(self, image: "Image", limits: Limits, clock, entropy, deadline: float) -> Instance:
        """An instance of *image* armed with *limits*: a reset spare or a new one."""
        if self.enabled:
            with self._lock:
                pool = self._pools.get(id(image))
                # A limit below the snapshot's own size: a fresh instance
                # fails to start, and so must this invocation.
                spare = pool.spares.pop() if (pool is not None and pool.image is image and pool.spares
                                              and limits.memory_bytes >= pool.template.memory_bytes) else None
                if spare is not None:
                    self._spares -= 1
                    pool.used = time.monotonic()
            if spare is not None:
                self.reused += 1
                spare.rearm(limits, clock, entropy, deadline)
                return spare
        try:
            return Instance(self.host, image, limits, clock, entropy, deadline)
        except errors.CapacityError:
            if not self.clear():
                raise
            return Instance(self.host, image, limits, clock, entropy, deadline)

    def release(self, inst: Instance) -> None:
        """The invocation is over: recycle *inst* after the request, or drop it."""
        if not (self.enabled and inst.reusable):
            inst.close()
            return
        inst.disarm()
        self.host.after_request(self._recycle, inst)

    def clear(self) -> bool:
        """Drop every template and spare (the pool's slots are wanted)."""
        with self._lock:
            pools = list(self._pools.values())
            self._pools.clear()
            self._spares = 0
        for pool in pools:
            pool.close()
        return bool(pools)

    # -- putting an instance back ----------------------------------------------------
    def _recycle(self, inst: Instance) -> None:
        try:
            pool = self._pool_with_room(inst.image)
            kept = pool is not None and self._reset(inst, pool) and self._keep(inst, pool)
        except Exception:      # whatever failed, the instance is dropped, never reused
            kept = False
        if not kept:
            inst.close()

    def _pool_with_room(self, image: "Image") -> _Pool | None:
        """*image*'s pool (made on first use), or None when it may not keep
        one more spare."""
        with self._lock:
            if self._spares >= MAX_SPARES:
                return None
            pool = self._pools.get(id(image))
            if pool is not None and pool.image is image:
                self._pools.move_to_end(id(image))
                return pool if len(pool.spares) < SPARES else None
            if len(self._pools) >= MAX_IMAGES:
                oldest = next(iter(self._pools.values()))
                if time.monotonic() - oldest.used < EVICT_AFTER_S:
                    return None
        return self._new_pool(image)

    def _new_pool(self, image: "Image") -> _Pool:
        template = Instance(self.host, image, Limits(), None, None, 0.0)
        template.disarm()
        # Its pages back to the snapshot's mapping: shared with the image,
        # not a private copy (a reused slot holds one).
        pages.revert(template.address, template.memory_bytes)
        pool = _Pool(image, template)
        evicted = []
        with self._lock:
            found = self._pools.get(id(image))
            if found is not None and found.image is image:
                evicted.append(pool)        # another thread made one meanwhile
                pool = found
            else:
                if found is not None:
                    evicted.append(self._pools.pop(id(image)))
                self._pools[id(image)] = pool
                while len(self._pools) > MAX_IMAGES:
                    evicted.append(self._pools.popitem(last=False)[1])
            self._spares -= sum(len(old.spares) for old in evicted)
        for old in evicted:
            old.close()
        return pool

    def _reset(self, inst: Instance, pool: _Pool) -> bool:
        """Put *inst*'s memory and globals back to the snapshot."""
        with pool.lock:
            return not pool.closed and self._reset_from(inst, pool)

    def _reset_from(self, inst: Instance, pool: _Pool) -> bool:
        base, size = inst.address, inst.memory_bytes
        if size != pool.template.memory_bytes:
            return False
        if not inst.recycled:
            # Fresh from wasmtime, whose own reset left every page a private
            # copy: back to the snapshot's mapping, so that from now on the
            # scan sees only what the guest writes.
            pages.revert(base, size)
            inst.recycled = True
        elif not pages.restore(self._restore, base, size, pool.template.address, COPY_AT_MOST):
            pages.revert(base, size)
        for name, value in pool.image.globals:
            inst.set_global(name, value)
        return True

    def _keep(self, inst: Instance, pool: _Pool) -> bool:
        with self._lock:
            if (self._pools.get(id(pool.image)) is pool and len(pool.spares) < SPARES
                    and self._spares < MAX_SPARES):
                pool.used = time.monotonic()
                self._spares += 1
                pool.spares.append(inst)    # last: a spare is never left half-kept
                return True
        return False
