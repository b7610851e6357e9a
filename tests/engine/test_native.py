"""The reset's native helper: built once, kept under the cache's HMAC,
refused when the cache did not write it, and without it no recycling."""

from __future__ import annotations

import logging

import pytest

from js_engine import build
from runtime.engine import Engine, native, pages
from runtime.engine.wasm import CacheIntegrityError, ModuleCache

pytestmark = pytest.mark.skipif(not pages.supported(), reason="this kernel has no PAGEMAP_SCAN")


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    monkeypatch.setattr(native, "_loaded", {})      # as in a new process


def test_built_once_then_taken_from_the_cache(tmp_path, monkeypatch):
    cache = ModuleCache(tmp_path)
    assert native.load(cache) is not None
    stored = list(tmp_path.glob("restore-*.bin"))
    assert len(stored) == 1

    def no_build():
        raise AssertionError("built again")

    monkeypatch.setattr(native, "_loaded", {})
    monkeypatch.setattr(build, "build_restore_helper", no_build)
    assert native.load(cache) is not None


def test_a_library_the_cache_did_not_write_is_refused(tmp_path):
    cache = ModuleCache(tmp_path)
    assert native.load(cache) is not None
    [stored] = tmp_path.glob("restore-*.bin")
    stored.write_bytes(stored.read_bytes() + b"\0")
    native._loaded.clear()
    with pytest.raises(CacheIntegrityError):
        native.load(cache)


def test_without_the_helper_every_instance_is_fresh(tmp_path, monkeypatch, caplog):
    def broken():
        raise build.BuildError("compiling restore.c failed: no compiler")

    monkeypatch.setattr(build, "build_restore_helper", broken)
    with caplog.at_level(logging.WARNING, "fnbox.engine"):
        engine = Engine(cache_dir=tmp_path)
    assert "sandboxes will not be recycled" in caplog.text and "no compiler" in caplog.text
    assert not engine.images.recycler.enabled
    unit = engine.compile({"/app/index.js": "exports.main = () => 7"}, entry="/app/index.js")
    assert [engine.invoke_sync(unit).unwrap() for _ in range(3)] == [7, 7, 7]
    assert engine.images.recycler.reused == 0
