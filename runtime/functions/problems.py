"""What can be wrong with a functions folder, and how it is reported."""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One finding. ``key_path`` points into ``serverless.json`` (e.g.
    ``endpoints["registration/new"].method``); ``line``/``column`` (1-based)
    are set when the position in the file is known."""

    severity: Severity
    file: Path
    message: str
    hint: str
    key_path: str | None = None
    line: int | None = None
    column: int | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        where = str(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        subject = f"{self.key_path}: " if self.key_path else ""
        return f"{where}: {self.severity}: {subject}{self.message}\n  hint: {self.hint}"


def error(file: Path, message: str, hint: str, **where) -> Problem:
    return Problem(severity=Severity.ERROR, file=file, message=message, hint=hint, **where)


def warning(file: Path, message: str, hint: str, **where) -> Problem:
    return Problem(severity=Severity.WARNING, file=file, message=message, hint=hint, **where)


def join_field(base: str, name: str) -> str:
    """Path to a known field: ``endpoints["x"].method``."""
    if not name.isidentifier():
        return join_item(base, name)
    return f"{base}.{name}" if base else name


def join_item(base: str, key: str | int) -> str:
    """Path to an object member or array element: ``environment["TZ"]``."""
    if isinstance(key, int):
        return f"{base}[{key}]"
    return f"{base}[{json.dumps(key, ensure_ascii=False)}]"


class FolderError(Exception):
    """A folder could not be loaded. ``problems`` holds every error found in
    it, plus its warnings, in the order they were found."""

    def __init__(self, folder: Path, problems: Iterable[Problem]):
        self.folder = folder
        self.problems = tuple(problems)
        super().__init__(folder, self.problems)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    def __str__(self) -> str:
        errors = len(self.errors)
        counts = [_count(errors, "error"), _count(len(self.problems) - errors, "warning")]
        head = f"{self.folder}: " + " and ".join(c for c in counts if c)
        return "\n".join([head, *(str(p) for p in self.problems)])


def _count(n: int, noun: str) -> str:
    return "" if n == 0 else f"1 {noun}" if n == 1 else f"{n} {noun}s"
