"""What every fuzz harness shares: the command line, the two fuzzing
engines (atheris, coverage-guided, or a seeded random generator), crash
files, and replay.

A harness module defines ``NAME``, ``check(data: bytes) -> None`` (raises on
any broken invariant: that is a finding) and either uses atheris (its input
is whatever bytes libFuzzer makes) or ``generate(rng) -> bytes`` (random
mode: the saved input is what the generator made, so a crash replays
without the generator).  ``python fuzz/<name>.py --seconds N [--corpus DIR]``
runs it; ``--replay FILE...`` runs given inputs once.

A finding is written to ``fuzz/corpus/<name>/crash-<sha1 of the input>``
and the process exits non-zero.  A crash that kills the process outright
(a segfault in the host) is caught by the driver: harnesses that touch
wasm record each input in ``fuzz/corpus/<name>/.current`` before running
it, and run_all.py turns that file into the crash file.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Callable

FUZZ_DIR = Path(__file__).resolve().parent
REPO = FUZZ_DIR.parent
CORPUS = FUZZ_DIR / "corpus"

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


class Finding(AssertionError):
    """An invariant a harness checks did not hold."""


def corpus_dir(name: str) -> Path:
    return CORPUS / name


def crash_path(name: str, data: bytes) -> Path:
    return corpus_dir(name) / f"crash-{hashlib.sha1(data).hexdigest()}"


def save_crash(name: str, data: bytes) -> Path:
    path = crash_path(name, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def seeds(name: str) -> list[Path]:
    """The harness's committed corpus: seed inputs and past crashes."""
    d = corpus_dir(name)
    return sorted(p for p in d.iterdir() if p.is_file() and not p.name.startswith(".")) if d.is_dir() else []


#: Whether the harness is fuzzing under atheris (then imports are instrumented).
INSTRUMENT = False


def instrument(include: list[str]):
    """Context manager: instrument these packages for coverage when fuzzing
    under atheris; nothing otherwise (replay, tests)."""
    import contextlib
    if not INSTRUMENT:
        return contextlib.nullcontext()
    import atheris
    return atheris.instrument_imports(include=include)


def _parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser()
    p.add_argument("--seconds", type=float, default=30.0, help="how long to fuzz")
    p.add_argument("--corpus", type=Path, default=None,
                   help="working corpus directory (new inputs go there; default: a temporary one)")
    p.add_argument("--replay", type=Path, nargs="*", default=None,
                   help="run these inputs (default: the committed corpus) once and stop")
    p.add_argument("--seed", type=int, default=None,
                   help="first seed of the random generator, or libFuzzer's -seed (default: from time)")
    p.add_argument("--no-atheris", action="store_true", help="use the random generator even if atheris is installed")
    p.add_argument("--libfuzzer-child", type=Path, default=None, help=argparse.SUPPRESS)
    return p.parse_args(argv)


def replay(name: str, check: Callable[[bytes], None], paths: list[Path], quiet: bool = False) -> list[Path]:
    """Run each input once; returns those that broke an invariant."""
    failed = []
    for path in paths:
        try:
            check(path.read_bytes())
            if not quiet:
                print(f"[{name}] ok      {path.name}", flush=True)
        except Exception:
            failed.append(path)
            print(f"[{name}] FINDING {path}", flush=True)
            traceback.print_exc()
    return failed


def _atheris_available() -> bool:
    try:
        import atheris  # noqa: F401
        return True
    except ImportError:
        return False


def _finding(name: str, data: bytes) -> None:
    path = save_crash(name, data)
    traceback.print_exc()
    print(f"[{name}] FINDING: input saved as {path}", file=sys.stderr, flush=True)


def main(name: str, check: Callable[[bytes], None], *, generate: Callable[[random.Random], bytes] | None = None,
         record_current: bool = False, setup: Callable[[], None] | None = None,
         argv: list[str] | None = None, libfuzzer_flags: tuple[str, ...] = ()) -> int:
    """Replay the committed corpus (seeds and past crashes), then fuzz for
    ``--seconds``.  Exit status 1 if any committed input or any new input
    broke an invariant (each new one is saved as crash-<sha1>)."""
    global INSTRUMENT
    args = _parse(sys.argv[1:] if argv is None else argv)
    use_atheris = generate is None and not args.no_atheris and _atheris_available()
    current = corpus_dir(name) / ".current"

    if args.libfuzzer_child is not None:        # the libFuzzer process (see below)
        INSTRUMENT = True
        if setup is not None:
            setup()
        import atheris

        def one(data: bytes) -> None:
            if record_current:
                current.write_bytes(data)
            check(data)     # libFuzzer writes crash-<sha1> itself

        work = args.corpus or Path(tempfile.mkdtemp(prefix=f"fuzz-{name}-"))
        flags = [sys.argv[0], f"-max_total_time={max(1, int(args.seconds))}",
                 f"-artifact_prefix={corpus_dir(name)}/", "-print_final_stats=1", *libfuzzer_flags,
                 *([f"-seed={args.seed}"] if args.seed is not None else []),
                 str(work), str(args.libfuzzer_child)]
        atheris.Setup(flags, one)
        atheris.Fuzz()      # exits the process
        return 0

    if setup is not None:
        setup()
    if args.replay is not None:
        return 1 if replay(name, check, args.replay or seeds(name)) else 0

    corpus_dir(name).mkdir(parents=True, exist_ok=True)
    # 1. The committed corpus: every seed and past crash must hold.
    known = replay(name, check, seeds(name), quiet=True)
    if known:
        print(f"[{name}] {len(known)} committed input(s) still break invariants: "
              + ", ".join(p.name for p in known), file=sys.stderr, flush=True)

    # 2. Fuzz for new findings.
    if use_atheris:
        import shutil
        import subprocess
        seed_copy = Path(tempfile.mkdtemp(prefix=f"fuzz-{name}-seeds-"))
        for path in seeds(name):
            if path not in known:
                shutil.copy(path, seed_copy / path.name)
        work = args.corpus or Path(tempfile.mkdtemp(prefix=f"fuzz-{name}-"))
        work.mkdir(parents=True, exist_ok=True)
        before = set(corpus_dir(name).glob("crash-*"))
        child = [sys.executable, sys.argv[0], "--seconds", str(args.seconds), "--corpus", str(work),
                 "--libfuzzer-child", str(seed_copy), *(["--seed", str(args.seed)] if args.seed is not None else [])]
        try:
            rc = subprocess.run(child, timeout=args.seconds + 300).returncode
        except subprocess.TimeoutExpired:
            rc = -1
        new = set(corpus_dir(name).glob("crash-*")) - before
        if rc != 0 and not new and current.exists():
            # Killed outright (a signal in the host): the last input is the crash.
            data = current.read_bytes()
            path = save_crash(name, data)
            print(f"[{name}] FINDING: the fuzzer died (exit {rc}); last input saved as {path}", file=sys.stderr)
            new = {path}
        if current.exists():
            current.unlink()
        shutil.rmtree(seed_copy, ignore_errors=True)
        if rc != 0 and not new:
            print(f"[{name}] the fuzzer failed (exit {rc}) without a crash input", file=sys.stderr)
        return 1 if (known or new or rc != 0) else 0

    if generate is None:
        print(f"[{name}] atheris is not installed: fuzzing with random bytes", file=sys.stderr)
        generate = lambda rng: rng.randbytes(rng.randrange(0, 512))  # noqa: E731
    seed = args.seed if args.seed is not None else int(time.time())
    deadline = time.monotonic() + args.seconds
    runs = 0
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        data = generate(rng)
        runs += 1
        if args.corpus is not None and runs % 100 == 1:
            args.corpus.mkdir(parents=True, exist_ok=True)
            (args.corpus / f"input-{hashlib.sha1(data).hexdigest()}").write_bytes(data)
        if record_current:
            current.write_bytes(data)
        try:
            check(data)
        except Exception:
            _finding(name, data)
            if current.exists():
                current.unlink()
            return 1
    if current.exists():
        current.unlink()
    print(f"[{name}] {runs} inputs in {args.seconds:.0f} s (first seed {seed}), no new finding", file=sys.stderr)
    return 1 if known else 0
