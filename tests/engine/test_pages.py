"""Which pages of a mapping are private copies, and giving them back."""

from __future__ import annotations

import ctypes
import mmap

import pytest

from runtime.engine import pages

pytestmark = pytest.mark.skipif(not pages.supported(), reason="this kernel has no PAGEMAP_SCAN")

P = pages.PAGE


def _mapping(size: int):
    m = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    first = ctypes.c_char.from_buffer(m)
    return m, ctypes.addressof(first), first


@pytest.fixture
def area():
    m, start, first = _mapping(8 * P)
    yield m, start
    del first
    m.close()


def test_untouched_and_read_pages_are_not_private(area):
    m, start = area
    assert pages.private_regions(start, 8 * P) == []
    assert m[3 * P] == 0          # a read maps the shared zero page
    assert pages.private_regions(start, 8 * P) == []


def test_written_pages_are_reported_as_regions(area):
    m, start = area
    m[1 * P] = 1
    m[2 * P + 100] = 2
    m[6 * P] = 3
    assert pages.private_regions(start, 8 * P) == [(start + P, start + 3 * P), (start + 6 * P, start + 7 * P)]
    # A scan of part of the mapping reports that part only.
    assert pages.private_regions(start + 2 * P, 2 * P) == [(start + 2 * P, start + 3 * P)]


def test_revert_restores_the_original_mapping(area):
    m, start = area
    m[0:8 * P] = b"\xff" * (8 * P)
    pages.revert(start, 8 * P)
    assert m[0:8 * P] == bytes(8 * P)
    assert pages.private_regions(start, 8 * P) == []


def test_more_regions_than_one_scan_holds():
    n = 2 * pages.REGIONS + 3
    m, start, _first = _mapping(2 * n * P)
    for i in range(n):
        m[2 * i * P] = 1            # every other page: n separate regions
    found = pages.private_regions(start, 2 * n * P)
    assert found == [(start + 2 * i * P, start + (2 * i + 1) * P) for i in range(n)]


def test_restore_copies_the_private_pages_back_from_a_source(area):
    m, start = area
    source = bytes(range(256)) * (8 * P // 256)
    view = memoryview(m).cast("B")
    m[0:8 * P] = source
    pages.revert(start, 8 * P)           # as a fresh instance: nothing private
    m[2 * P:2 * P + 5] = b"dirty"
    m[7 * P + 9] = 0
    assert pages.restore(start, view, memoryview(source), most=2 * P)
    assert m[2 * P:2 * P + 5] == source[2 * P:2 * P + 5] and m[7 * P + 9] == source[7 * P + 9]
    assert m[0:P] == bytes(P)            # not private, so not copied
    m[0:4 * P] = b"\x01" * (4 * P)
    assert not pages.restore(start, view, memoryview(source), most=3 * P)
    assert m[0] == 1                     # over the limit: nothing copied
    view.release()


def test_a_forked_child_scans_its_own_pages():
    import os
    m, start, first = _mapping(4 * P)
    m[0] = 1
    assert pages.private_regions(start, 4 * P) == [(start, start + P)]   # the parent's fd is open now
    pid = os.fork()
    if pid == 0:
        m[2 * P] = 1          # only the child writes this page: only its own pagemap shows it
        os._exit(0 if pages.private_regions(start, 4 * P) == [(start, start + P), (start + 2 * P, start + 3 * P)]
                 else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert pages.private_regions(start, 4 * P) == [(start, start + P)]
    del first
    m.close()
