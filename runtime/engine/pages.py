"""Which pages of a linear memory differ from its snapshot, from the kernel's
page tables (Linux ``PAGEMAP_SCAN``, 6.7 and later).

A pooled instance's memory maps its snapshot copy-on-write: a page the guest
only read is still the snapshot's file page (or the shared zero page), and a
page it wrote has become a private anonymous page of this process.  After
:func:`revert`, every page is back to the snapshot's mapping, so a scan for
private pages lists exactly the pages written since (or swapped out after
being written), and copying those back from the snapshot restores the memory
byte for byte.  That is what lets :mod:`.recycle` reuse an instance for the
next invocation without wasmtime copying the whole image back (~1.2 MiB).
:func:`restore` does the scan and the copies in one call to a native helper
(:mod:`.native`); :func:`private_regions` makes the same scan from Python.
"""

from __future__ import annotations

import ctypes
import os
import threading

_libc = ctypes.CDLL(None, use_errno=True)
_libc.ioctl.argtypes = (ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p)
_libc.ioctl.restype = ctypes.c_int
_libc.madvise.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)
_libc.madvise.restype = ctypes.c_int

PAGE = os.sysconf("SC_PAGE_SIZE")
_MADV_DONTNEED = 4

# linux/fs.h: _IOWR('f', 16, struct pm_scan_arg) and the page categories.
_PAGEMAP_SCAN = 0xC0606610
_PAGE_IS_FILE = 1 << 2
_PAGE_IS_PRESENT = 1 << 3
_PAGE_IS_SWAPPED = 1 << 4
_PAGE_IS_PFNZERO = 1 << 5

#: Regions one scan reports; a memory with more is scanned again from where
#: the kernel stopped.
REGIONS = 64


class _ScanArg(ctypes.Structure):
    _fields_ = [(name, ctypes.c_uint64) for name in (
        "size", "flags", "start", "end", "walk_end", "vec", "vec_len", "max_pages",
        "category_inverted", "category_mask", "category_anyof_mask", "return_mask")]


class PageScanError(OSError):
    """The kernel could not scan the memory: the caller must not trust it."""


class _Scanner(threading.local):
    """Per thread: the argument block and region buffer of its scans."""

    def __init__(self) -> None:
        self.regions = (ctypes.c_uint64 * (3 * REGIONS))()
        self.values = memoryview(self.regions).cast("B").cast("Q")
        # Private pages only: present or swapped out, and neither a file's
        # page (the snapshot) nor the zero page.
        self.arg = _ScanArg(size=ctypes.sizeof(_ScanArg), vec=ctypes.addressof(self.regions),
                            vec_len=REGIONS,
                            category_inverted=_PAGE_IS_FILE | _PAGE_IS_PFNZERO,
                            category_mask=_PAGE_IS_FILE | _PAGE_IS_PFNZERO,
                            category_anyof_mask=_PAGE_IS_PRESENT | _PAGE_IS_SWAPPED)
        self.ref = ctypes.byref(self.arg)


_scanner = _Scanner()
_pagemap: int | None = None
_pagemap_lock = threading.Lock()


def _pagemap_fd() -> int:
    """This process's pagemap, opened on first use."""
    global _pagemap
    fd = _pagemap
    if fd is None:
        with _pagemap_lock:
            if _pagemap is None:
                _pagemap = os.open("/proc/self/pagemap", os.O_RDONLY | os.O_CLOEXEC)
            fd = _pagemap
    return fd


def _forget_parent_pagemap() -> None:
    # After a fork, an inherited descriptor would describe the parent's pages.
    global _pagemap
    if _pagemap is not None:
        os.close(_pagemap)
        _pagemap = None


os.register_at_fork(after_in_child=_forget_parent_pagemap)


def _scan(start: int, length: int) -> list[int]:
    """The private regions of ``[start, start+length)``, flat: start, end,
    categories, start, end, ..."""
    s = _scanner
    arg, values = s.arg, s.values
    end = start + length
    arg.start, arg.end = start, end
    fd = _pagemap_fd()
    found: list[int] = []
    while True:
        arg.walk_end = 0
        n = _libc.ioctl(fd, _PAGEMAP_SCAN, s.ref)
        if n < 0:
            err = ctypes.get_errno()
            raise PageScanError(err, f"PAGEMAP_SCAN failed: {os.strerror(err)}")
        found += values[:3 * n].tolist()
        if arg.walk_end >= end:
            return found
        if arg.walk_end <= arg.start:
            raise PageScanError(0, "PAGEMAP_SCAN made no progress")
        arg.start = arg.walk_end


def private_regions(start: int, length: int) -> list[tuple[int, int]]:
    """(start, end) addresses of the private pages in ``[start, start+length)``.

    Raises :class:`PageScanError` when the kernel cannot tell."""
    flat = _scan(start, length)
    return list(zip(flat[0::3], flat[1::3]))


def restore(helper, start: int, length: int, source: int, most: int) -> bool:
    """Copy every private page of the memory at address *start* (*length*
    bytes) from the same offset of the memory at *source*, in one call to
    the native *helper* (:mod:`.native`).  False when they hold more than
    *most* bytes: some may have been copied, so :func:`revert` the memory
    instead.  Raises :class:`PageScanError` when the kernel cannot tell."""
    copied = helper(_pagemap_fd(), start, length, source, most)
    if copied < -1:
        err = -2 - copied
        raise PageScanError(err, f"PAGEMAP_SCAN failed: {os.strerror(err)}" if err else
                            "PAGEMAP_SCAN answered out of bounds or made no progress")
    return copied >= 0


def revert(start: int, length: int) -> None:
    """Give ``[start, start+length)`` back to its original mapping: the
    snapshot's file pages and zero pages, as after instantiation."""
    if _libc.madvise(start, length, _MADV_DONTNEED) != 0:
        err = ctypes.get_errno()
        raise PageScanError(err, f"madvise failed: {os.strerror(err)}")


def supported() -> bool:
    """Whether this kernel answers PAGEMAP_SCAN (Linux 6.7+ with the scan built in)."""
    buf = ctypes.create_string_buffer(2 * PAGE)
    start = (ctypes.addressof(buf) + PAGE - 1) // PAGE * PAGE
    try:
        private_regions(start, PAGE)
    except (OSError, PageScanError):
        return False
    return True
