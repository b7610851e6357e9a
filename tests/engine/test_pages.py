"""Which pages of a mapping are private copies, and giving them back."""

from __future__ import annotations

import ctypes
import mmap

import pytest

from runtime.engine import native, pages
from runtime.engine.wasm import ModuleCache

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


@pytest.fixture(scope="module")
def helper(tmp_path_factory):
    found = native.load(ModuleCache(tmp_path_factory.mktemp("cache")))
    assert found is not None
    return found


def test_restore_copies_the_private_pages_back_from_a_source(area, helper):
    m, start = area
    data = bytes(range(256)) * (8 * P // 256)
    source = ctypes.create_string_buffer(data, len(data))
    m[0:8 * P] = source.raw
    pages.revert(start, 8 * P)           # as a fresh instance: nothing private
    m[2 * P:2 * P + 5] = b"dirty"
    m[7 * P + 9] = 0
    assert pages.restore(helper, start, 8 * P, ctypes.addressof(source), most=2 * P)
    assert m[2 * P:3 * P] == data[2 * P:3 * P] and m[7 * P:8 * P] == data[7 * P:8 * P]
    assert m[0:2 * P] == bytes(2 * P)    # not private, so not copied
    assert pages.private_regions(start, 8 * P) == [(start + 2 * P, start + 3 * P), (start + 7 * P, start + 8 * P)]
    m[0:4 * P] = b"\x01" * (4 * P)
    assert not pages.restore(helper, start, 8 * P, ctypes.addressof(source), most=3 * P)


def test_restore_copies_only_inside_the_memory_it_is_given(area, helper):
    m, start = area
    source = ctypes.create_string_buffer(b"\xaa" * (8 * P), 8 * P)
    m[0:8 * P] = b"\x01" * (8 * P)       # every page private
    assert pages.restore(helper, start + 2 * P, 3 * P, ctypes.addressof(source), most=8 * P)
    assert m[0:2 * P] == b"\x01" * (2 * P) and m[5 * P:] == b"\x01" * (3 * P)
    assert m[2 * P:5 * P] == b"\xaa" * (3 * P)


def test_restore_over_more_runs_than_one_scan_holds(helper):
    n = 2 * pages.REGIONS + 3
    m, start, first = _mapping(2 * n * P)
    source = ctypes.create_string_buffer(2 * n * P)
    for i in range(n):
        m[2 * i * P] = 1            # every other page: n separate runs
    assert pages.restore(helper, start, 2 * n * P, ctypes.addressof(source), most=n * P)
    assert m[:] == bytes(2 * n * P)
    del first
    m.close()


def test_a_failed_scan_is_an_error(area, helper):
    m, start = area
    with pytest.raises(pages.PageScanError, match="Invalid argument"):
        pages.restore(helper, start + 1, 4 * P, start, most=P)     # not at a page boundary
