"""Run every fuzz harness for N seconds each; exit non-zero on any finding.

    python fuzz/run_all.py --seconds 30 [--only abi js_programs] [--seed N]

Each harness first replays its committed corpus (seeds and past crash
files: a crash file that still fails is a finding), then fuzzes.  A new
finding is saved as fuzz/corpus/<harness>/crash-<sha1>; if a harness dies
outright (a signal, a hang), its last input (.current) becomes that file.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import time
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
HARNESSES = ("serverless_json", "context", "abi", "js_programs", "http1")
#: Startup (engine image, imports) and corpus replay on top of the fuzzing time.
GRACE_S = 300


def run(name: str, seconds: float, seed: int | None = None) -> tuple[bool, str]:
    corpus = FUZZ / "corpus" / name
    corpus.mkdir(parents=True, exist_ok=True)
    current = corpus / ".current"
    if current.exists():
        current.unlink()
    before = set(corpus.glob("crash-*"))
    started = time.monotonic()
    try:
        cmd = [sys.executable, str(FUZZ / f"{name}.py"), "--seconds", str(seconds)]
        if seed is not None:
            cmd += ["--seed", str(seed)]
        rc = subprocess.run(cmd, timeout=seconds + GRACE_S).returncode
    except subprocess.TimeoutExpired:
        rc = "timeout"
    new = set(corpus.glob("crash-*")) - before
    if rc != 0 and not new and current.exists():
        data = current.read_bytes()
        path = corpus / f"crash-{hashlib.sha1(data).hexdigest()}"
        path.write_bytes(data)
        new.add(path)
    if current.exists():
        current.unlink()
    took = time.monotonic() - started
    if rc == 0:
        return True, f"{name}: ok ({took:.0f} s)"
    detail = ", ".join(sorted(p.name for p in new)) or "committed corpus inputs still fail (see above)"
    return False, f"{name}: FINDING (exit {rc}, {took:.0f} s): {detail}"


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--seconds", type=float, default=30.0)
    p.add_argument("--only", nargs="*", choices=HARNESSES, default=None)
    p.add_argument("--seed", type=int, default=None,
                   help="fixed seed for every harness (CI: the same inputs on every run)")
    args = p.parse_args(argv)
    results = [run(name, args.seconds, args.seed) for name in (args.only or HARNESSES)]
    print("\n== fuzz summary ==")
    for _, line in results:
        print(line)
    return 0 if all(ok for ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
