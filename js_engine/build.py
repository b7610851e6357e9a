"""Build ``engine.wasm``: QuickJS-NG plus fnbox's glue, for wasm32-wasi; and
the host's native reset helper (``restore.c``, see
:mod:`runtime.engine.native`), which the engine builds on first use.

Everything comes from pinned registry packages: the QuickJS-NG sources from
the sdist of PyPI ``quickjs-ng`` (sha256 checked) and the C toolchain from the
PyPI ``ziglang`` package.  Outputs go to a cache directory keyed by a hash of
every input, so a second run does nothing.

    python -m js_engine.build [--force] [--quiet]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
GLUE = HERE / "glue.c"
RESTORE = HERE / "restore.c"

QUICKJS_NG_SDIST = "quickjs_ng-0.17.0.2.tar.gz"
QUICKJS_NG_PIN = "quickjs-ng==0.17.0.2"
QUICKJS_NG_SHA256 = "43d2e48272208721a7aaea8e3f02d4b9318f12ef20cc4f5421b59d9a470706ef"
QUICKJS_SOURCES = ("quickjs.c", "libregexp.c", "libunicode.c", "dtoa.c")

# The shadow stack sits first in linear memory so an overflow traps instead of
# silently overwriting static data; 256 KiB leaves room above QuickJS's own
# stack limit (set at init) for the C frames beneath the interpreter.
STACK_SIZE = 256 * 1024
CFLAGS = (
    "-target", "wasm32-wasi", "-mexec-model=reactor", "-O2", "-DNDEBUG",
    "-fno-sanitize=undefined", "-D_GNU_SOURCE", "-mbulk-memory", "-msign-ext",
    "-mnontrapping-fptoint",
    # QuickJS's JSON numbers through glue.c's strtod, not libc's soft-float one
    "-Dstrtod=fnbox_strtod",
)
LDFLAGS = (
    f"-Wl,-z,stack-size={STACK_SIZE}", "-Wl,--strip-all",
)
#: the reset helper: a shared library for this machine
HOST_FLAGS = ("-shared", "-fPIC", "-O2", "-fno-sanitize=undefined", "-Wall", "-Werror", "-Wl,--strip-all")


class BuildError(Exception):
    """The engine could not be built; the message says which step failed."""


def cache_root() -> Path:
    root = os.environ.get("FNBOX_CACHE")
    if root:
        return Path(root)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "fnbox"


def _zig_version() -> str:
    from importlib.metadata import version

    return version("ziglang")


def build_key() -> str:
    """Hash of every input that shapes engine.wasm."""
    h = hashlib.sha256()
    for part in (GLUE.read_bytes(), QUICKJS_NG_SHA256.encode(), _zig_version().encode(),
                 repr((CFLAGS, LDFLAGS)).encode()):
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()[:20]


def restore_helper_key() -> str:
    """Hash of every input that shapes the reset helper, and the machine it is for."""
    h = hashlib.sha256()
    for part in (RESTORE.read_bytes(), _zig_version().encode(), repr(HOST_FLAGS).encode(),
                 f"{sys.platform}-{platform.machine()}".encode()):
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()[:20]


def build_restore_helper() -> bytes:
    """Compile ``restore.c`` for this machine; the shared library's bytes."""
    with tempfile.TemporaryDirectory(prefix="fnbox-build-") as tmp:
        out = Path(tmp) / "restore.so"
        done = subprocess.run(_zig(*HOST_FLAGS, str(RESTORE), "-o", str(out)), capture_output=True, text=True)
        if done.returncode != 0:
            raise BuildError(f"compiling restore.c failed:\n{done.stderr[-4000:]}")
        return out.read_bytes()


def wasm_path() -> Path:
    return cache_root() / "engine" / build_key() / "engine.wasm"


def _say(quiet: bool, msg: str) -> None:
    if not quiet:
        print(f"[fnbox build] {msg}", file=sys.stderr, flush=True)


def _sdist(quiet: bool) -> Path:
    """The pinned QuickJS-NG sdist, downloaded once and checked every time."""
    dest = cache_root() / "downloads"
    path = dest / QUICKJS_NG_SDIST
    if not path.exists():
        _say(quiet, f"downloading {QUICKJS_NG_PIN} sources from PyPI")
        dest.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-binary", ":all:",
               "--no-deps", "-d", str(dest), QUICKJS_NG_PIN]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0 or not path.exists():
            raise BuildError(f"could not download {QUICKJS_NG_PIN}: {done.stderr.strip()[-2000:]}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != QUICKJS_NG_SHA256:
        path.unlink()
        raise BuildError(f"{path.name}: sha256 {digest} does not match the pinned "
                         f"{QUICKJS_NG_SHA256}; the file was removed, run the build again")
    return path


def _extract(sdist: Path, into: Path) -> Path:
    with tarfile.open(sdist) as tar:
        prefix = f"{QUICKJS_NG_SDIST[:-len('.tar.gz')]}/upstream-quickjs/"
        members = [m for m in tar.getmembers() if m.name.startswith(prefix) and m.isfile()]
        for m in members:
            m.name = m.name[len(prefix):]
            if "/" in m.name or m.name.startswith("."):
                continue
            tar.extract(m, into, filter="data")
    return into


def _zig(*args: str) -> list[str]:
    return [sys.executable, "-m", "ziglang", "cc", *args]


def _compile(src: Path, obj: Path, include: Path) -> None:
    cmd = _zig(*CFLAGS, "-I", str(include), "-c", str(src), "-o", str(obj))
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise BuildError(f"compiling {src.name} failed:\n{done.stderr[-4000:]}")


def build(force: bool = False, quiet: bool = False) -> Path:
    """Return the path of engine.wasm, building it first if needed."""
    out = wasm_path()
    if out.exists() and not force:
        return out
    sdist = _sdist(quiet)
    with tempfile.TemporaryDirectory(prefix="fnbox-build-") as tmp:
        work = Path(tmp)
        src = _extract(sdist, work / "src")
        shutil.copy(GLUE, src / "glue.c")
        units = [src / name for name in (*QUICKJS_SOURCES, "glue.c")]
        _say(quiet, f"compiling {len(units)} C files with zig {_zig_version()} "
                    "(about 30 s the first time)")
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            jobs = {pool.submit(_compile, u, work / (u.stem + ".o"), src): u for u in units}
            for job in concurrent.futures.as_completed(jobs):
                job.result()
                _say(quiet, f"  compiled {jobs[job].name}")
        objs = [str(work / (u.stem + ".o")) for u in units]
        tmp_out = work / "engine.wasm"
        cmd = _zig(*CFLAGS, *LDFLAGS, *objs, "-o", str(tmp_out))
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            raise BuildError(f"linking engine.wasm failed:\n{done.stderr[-4000:]}")
        out.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp_out, out)
    _say(quiet, f"built {out} ({out.stat().st_size // 1024} KiB)")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m js_engine.build",
        description="Build engine.wasm (QuickJS-NG + fnbox glue) into the cache, "
                    "unless an identical build is already there.")
    parser.add_argument("--force", action="store_true", help="rebuild even if cached")
    parser.add_argument("--quiet", action="store_true", help="print only errors")
    args = parser.parse_args(argv)
    try:
        path = build(force=args.force, quiet=args.quiet)
    except BuildError as exc:
        print(f"fnbox build: {exc}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
