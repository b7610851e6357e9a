"""Parsing serverless.json into plain JSON values, with syntax errors placed
at a line and column a person can jump to."""

from __future__ import annotations

import re
from pathlib import Path

import msgspec

from .problems import Problem, error

# Windows editors still save with a byte-order mark; Node's JSON.parse would
# choke on it but a user would not expect a folder to break over it.
_BOM = b"\xef\xbb\xbf"
_BYTE = re.compile(r"\s*\(byte (\d+)\)$")
_SYNTAX_HINT = "JSON allows no comments, trailing commas or single-quoted strings."


class InvalidJson(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def parse_json(data: bytes, source: Path) -> object:
    """Decode ``data`` to dicts, lists and scalars, or raise InvalidJson."""
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    if not data.strip():
        raise InvalidJson(error(source, "File is empty", 'Write a JSON object with an "endpoints" object in it.'))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = line_column(data, exc.start)
        raise InvalidJson(
            error(source, "File is not valid UTF-8", "Save the file as UTF-8.", line=line, column=column)
        ) from None
    try:
        return msgspec.json.decode(data)
    except msgspec.DecodeError as exc:
        raise InvalidJson(_syntax_problem(str(exc), data, source)) from None
    except RecursionError:
        raise InvalidJson(error(source, "The JSON is nested too deeply",
                                "serverless.json needs only a few levels: an object of endpoints, each an object.")) from None


def _syntax_problem(reason: str, data: bytes, source: Path) -> Problem:
    found = _BYTE.search(reason)
    if found:
        position = int(found[1])
        reason = reason[: found.start()].removeprefix("JSON is malformed: ")
    else:
        # msgspec reports a cut-off document without a position.
        position = len(data)
        reason = "unexpected end of file"
    line, column = line_column(data, position)
    return error(
        source,
        f"Invalid JSON: {reason}",
        f"Fix the JSON at line {line}, column {column}. {_SYNTAX_HINT}",
        line=line,
        column=column,
    )


def line_column(data: bytes, position: int) -> tuple[int, int]:
    """1-based line and column (in characters, not bytes) of a byte offset."""
    line_start = data.rfind(b"\n", 0, position) + 1
    column = len(data[line_start:position].decode("utf-8", "replace")) + 1
    return data.count(b"\n", 0, position) + 1, column
