"""The reset's native helper: :func:`.pages.restore` as one C call
(``js_engine/restore.c``), ~15 us less per recycled invocation than the same
scan and copies made from Python (~0.3 us per run of written pages, ~36 runs
for a hello function).

Native code runs with the host's full authority, so the library is treated
like a compiled module: built from fnbox's own source with the pinned zig,
kept in the module cache under its HMAC (a file this cache did not write is
refused), and loaded from a private in-memory copy made after the check, so
that the file cannot be swapped between the check and the load.
"""

from __future__ import annotations

import ctypes
import logging
import os
import threading

from js_engine import build

from .wasm import ModuleCache

logger = logging.getLogger("fnbox.engine")

#: ``fnbox_restore(pagemap, start, length, source, most) -> bytes copied``
Restore = ctypes.CFUNCTYPE(ctypes.c_int64, ctypes.c_int, ctypes.c_uint64, ctypes.c_uint64, ctypes.c_uint64,
                           ctypes.c_uint64)


_loaded: dict[str, Restore | None] = {}
_lock = threading.Lock()


def load(cache: ModuleCache) -> Restore | None:
    """The helper, built first if *cache* does not hold it; None (with a
    warning) when it cannot be built or loaded here.  Once per process.
    Raises :class:`~.wasm.CacheIntegrityError` for a cached copy this cache
    did not write."""
    key = f"restore-{build.restore_helper_key()}"
    with _lock:
        if key not in _loaded:
            _loaded[key] = _load(cache, key)
        return _loaded[key]


def _load(cache: ModuleCache, key: str) -> Restore | None:
    library = cache.load_bytes(key)
    if library is None:
        try:
            library = build.build_restore_helper()
        except (build.BuildError, OSError) as exc:
            logger.warning("sandboxes will not be recycled: the reset helper could not be built: %s", exc)
            return None
        cache.store_bytes(key, library)
    try:
        return _from_memory(library)
    except OSError as exc:
        logger.warning("sandboxes will not be recycled: the reset helper could not be loaded: %s", exc)
        return None


def _from_memory(library: bytes) -> Restore:
    fd = os.memfd_create("fnbox-restore", os.MFD_CLOEXEC)
    try:
        view = memoryview(library)
        while view:
            view = view[os.write(fd, view):]
        loaded = ctypes.CDLL(f"/proc/self/fd/{fd}")
    finally:
        os.close(fd)     # the loader keeps its own mapping
    return Restore(("fnbox_restore", loaded))
