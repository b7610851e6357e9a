"""Which host files a folder exposes to the sandbox, and under which guest
paths. The guest only ever sees ``/app/...``; every host path handed out is
a resolved path inside the folder, so a symlink swapped later cannot lead
the reader out of it."""

from __future__ import annotations

import math
import os
import posixpath
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Iterable

from .problems import Problem, error, warning

_MIB = 1024 * 1024
GUEST_ROOT = "/app"
MAX_FILE_BYTES = 5 * _MIB
MAX_TOTAL_BYTES = 50 * _MIB
ENTRY_SUFFIXES = (".js", ".cjs")
MODULE_SUFFIXES = (".js", ".cjs", ".json")


class EntryError(Exception):
    """An endpoint's ``file`` cannot be used; ``reason`` completes the
    sentence 'File "x" for route "r" ...'."""

    def __init__(self, reason: str, hint: str):
        self.reason = reason
        self.hint = hint
        super().__init__(reason)


def guest_path(relative: str) -> str:
    return f"{GUEST_ROOT}/{relative}"


def entry_file(root: Path, file: str) -> str:
    """The normalised folder-relative POSIX path of an endpoint's file, or
    EntryError when it is not a JavaScript file inside ``root``."""
    if not file:
        raise EntryError("is an empty path", 'Give the path relative to the folder, e.g. "endpoints/hello.js".')
    if file.startswith(("/", "\\")) or PureWindowsPath(file).drive:
        raise EntryError("is an absolute path", 'Give the path relative to the folder, e.g. "endpoints/hello.js".')
    relative = posixpath.normpath(file)
    if relative == ".." or relative.startswith("../"):
        raise EntryError(
            "points outside the folder",
            "A function can only use files inside its .functions folder: move the file in and point \"file\" at it.",
        )
    if PurePosixPath(relative).suffix not in ENTRY_SUFFIXES:
        raise EntryError("is not a .js or .cjs file", "Point \"file\" at the function's CommonJS .js file.")
    real_root = root.resolve()
    try:
        real = (root / relative).resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        raise EntryError(f"does not exist in {root}", "Create the file or fix the path; it is relative to the folder.")
    if not real.is_relative_to(real_root):
        raise EntryError(
            "is a symlink to a file outside the folder",
            "Copy the file into the folder: fnbox never follows symlinks out of a .functions folder.",
        )
    if not real.is_file():
        raise EntryError("is not a regular file", "Point \"file\" at the function's .js file.")
    return relative


def scan_module_files(root: Path, entries: Iterable[str]) -> tuple[dict[str, Path], list[Problem]]:
    """Guest path → resolved host path of every .js/.cjs/.json file a
    ``require`` could load, plus the endpoint ``entries`` (folder-relative)
    even where the scan skips them (e.g. under a dot-folder)."""
    scan = _Scan(root, set(entries))
    scan.walk(scan.real_root, PurePosixPath(), frozenset({scan.real_root}), in_node_modules=False)
    for relative in scan.entries - scan.seen:
        scan.add(PurePosixPath(relative), (root / relative).resolve())
    total = sum(scan.sizes.values())
    if total > MAX_TOTAL_BYTES:
        scan.problems.append(
            error(
                root,
                f"The folder's module files total {_mb(total)}, over the {_limit(MAX_TOTAL_BYTES)} limit",
                "Remove unused packages from node_modules (e.g. npm prune --omit=dev) and large data files.",
            )
        )
    return scan.files, scan.problems


class _Scan:
    def __init__(self, root: Path, entries: set[str]):
        self.root = root
        self.real_root = root.resolve()
        self.entries = entries
        self.files: dict[str, Path] = {}
        self.seen: set[str] = set()
        # Keyed by real path: two links to one file cost its size once.
        self.sizes: dict[Path, int] = {}
        self.problems: list[Problem] = []

    def walk(self, real_dir: Path, relative: PurePosixPath, ancestors: frozenset[Path], in_node_modules: bool) -> None:
        try:
            children = sorted(os.scandir(real_dir), key=lambda e: e.name)
        except OSError as exc:
            self.problems.append(
                warning(self.root / relative, f"Cannot read folder: {exc.strerror}", "Fix its permissions.")
            )
            return
        for child in children:
            # Dotfiles are editor and OS clutter (and .env holds secrets), but
            # packages under node_modules may rely on theirs.
            if child.name.startswith(".") and not in_node_modules:
                continue
            child_relative = relative / child.name
            target = Path(child.path)
            if child.is_symlink():
                target = target.resolve()
                if not target.is_relative_to(self.real_root):
                    self.problems.append(
                        warning(
                            self.root / child_relative,
                            "Skipped a symlink that points outside the folder",
                            "Copy what it points to into the folder: fnbox never follows symlinks out of it.",
                        )
                    )
                    continue
            if target.is_dir():
                if target not in ancestors:  # otherwise a link back up the tree
                    nested = in_node_modules or child.name == "node_modules"
                    self.walk(target, child_relative, ancestors | {target}, nested)
            elif (
                child_relative.suffix in MODULE_SUFFIXES
                and child_relative != PurePosixPath("serverless.json")
                and target.is_file()
            ):
                self.add(child_relative, target)

    def add(self, relative: PurePosixPath, real: Path) -> None:
        self.seen.add(str(relative))
        size = real.stat().st_size
        if size > MAX_FILE_BYTES:
            is_entry = str(relative) in self.entries
            report = error if is_entry else warning
            self.problems.append(
                report(
                    self.root / relative,
                    f"File is {_mb(size)}, over the {_limit(MAX_FILE_BYTES)} limit per file"
                    + ("" if is_entry else "; it was skipped and cannot be required"),
                    "Split or shrink the file (e.g. bundle only the code you use).",
                )
            )
            return
        self.files[guest_path(str(relative))] = real
        self.sizes[real] = size


def _mb(size: int) -> str:
    # Rounded up, so a file one byte over 5 MB never reads as "5.0 MB".
    return f"{math.ceil(size * 10 / _MIB) / 10:.1f} MB"


def _limit(size: int) -> str:
    return f"{size / _MIB:g} MB"
