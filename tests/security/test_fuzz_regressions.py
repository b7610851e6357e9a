"""Every input in the fuzz corpus, replayed through its harness's checks.

``fuzz/corpus/<harness>/crash-*`` are findings (a fuzzer wrote them, or a
person did from a report): each must now pass the harness's invariants.
``seed-*`` are the seed corpora (for js_programs: the security suite's
hostile functions), run through the same invariants so this file is never
empty.  Replaying a crash input that takes the whole process down would
take pytest with it, so inputs of the harnesses that drive wasm run in a
child process when FNBOX_FUZZ_REPLAY_ISOLATED=1 (the fuzzers themselves
already survive such crashes)."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import pytest

from .conftest import REPO, run_isolated

FUZZ = REPO / "fuzz"
ISOLATED = os.environ.get("FNBOX_FUZZ_REPLAY_ISOLATED") == "1"


def _inputs() -> list:
    params = []
    for name in _harness("run_all").HARNESSES:
        folder = FUZZ / "corpus" / name
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.is_file() and not path.name.startswith("."):
                kind = "crash" if path.name.startswith("crash-") else "seed"
                params.append(pytest.param(name, path, id=f"{name}/{path.name}",
                                           marks=[pytest.mark.fuzz_crash] if kind == "crash" else []))
    return params


def _harness(name: str):
    if str(FUZZ) not in sys.path:
        sys.path.insert(0, str(FUZZ))
    return importlib.import_module(name)


def test_the_corpus_is_not_empty():
    assert len(_inputs()) >= 20


@pytest.mark.parametrize("name,path", _inputs())
def test_corpus_input_keeps_the_invariants(name, path: Path):
    if ISOLATED and name in ("abi", "js_programs"):
        proc = run_isolated(f"""
            import sys
            sys.path.insert(0, {str(FUZZ)!r})
            import {name} as h
            h.check(open({str(path)!r}, "rb").read())
            print("HELD")
        """, timeout=300)
        assert proc.returncode == 0 and "HELD" in proc.stdout, \
            f"exit {proc.returncode}\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
        return
    _harness(name).check(path.read_bytes())
