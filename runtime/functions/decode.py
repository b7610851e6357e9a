"""Turning parsed JSON into ServerlessConfig while collecting *every* type
problem.

``msgspec.convert`` stops at the first bad value, so containers and Structs
are walked here and each leaf is converted on its own. A bad value is left
out (its field keeps its default) so the rest of the file can still be
checked.
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path
from typing import get_args, get_origin

import msgspec

from .config import ServerlessConfig
from .problems import Problem, error, join_field, join_item, warning

_INVALID = object()

_EXAMPLES = {
    "runtime": '"runtime": "nodejs20.x"',
    "version": '"version": "1.0"',
    "environment": '"environment": {"NAME": "value"}',
    "secrets": '"secrets": ["API_KEY"]',
    "endpoints": '"endpoints": {"hello": {"method": "GET", "file": "hello.js"}}',
    "method": '"method": "GET" or "method": ["GET", "POST"]',
    "file": '"file": "endpoints/hello.js"',
}

# msgspec names types after Python; users wrote JSON.
_JSON_WORDS = {
    "str": "a string",
    "array": "an array",
    "object": "an object",
    "int": "a number",
    "float": "a number",
    "bool": "a boolean",
    "null": "null",
}
_MSGSPEC_MISMATCH = re.compile(r"Expected `([^`]+)`, got `([^`]+)`(?: - at `\$(.*)`)?")


def decode_config(raw: object, source: Path) -> tuple[ServerlessConfig | None, list[Problem]]:
    """Config built from the well-typed parts of ``raw``, and the problems
    found. ``None`` only when the document is not a JSON object at all."""
    decoder = _Decoder(source)
    if not isinstance(raw, dict):
        decoder.problems.append(
            error(
                source,
                f"serverless.json must hold a JSON object, not {_kind(raw)}",
                f"Put the settings in an object: {{{_EXAMPLES['endpoints']}}}",
            )
        )
        return None, decoder.problems
    return decoder.struct(raw, ServerlessConfig, ""), decoder.problems


class _Decoder:
    def __init__(self, source: Path):
        self.source = source
        self.problems: list[Problem] = []

    def value(self, value: object, type_: object, path: str, key: str | int, example: str | None) -> object:
        """``key`` is the JSON member name or array index the value sits
        under; ``example`` shows a correct value for a named field."""
        if isinstance(type_, type) and issubclass(type_, msgspec.Struct):
            if not isinstance(value, dict):
                return self.wrong_type(path, "an object", _kind(value), key, value, example)
            return self.struct(value, type_, path)
        origin = get_origin(type_)
        if origin is dict:
            if not isinstance(value, dict):
                return self.wrong_type(path, "an object", _kind(value), key, value, example)
            item_type = get_args(type_)[1]
            items = {k: self.value(v, item_type, join_item(path, k), k, None) for k, v in value.items()}
            return {k: v for k, v in items.items() if v is not _INVALID}
        if origin is list:
            if not isinstance(value, list):
                return self.wrong_type(path, "an array", _kind(value), key, value, example)
            item_type = get_args(type_)[0]
            items = [self.value(v, item_type, join_item(path, i), i, None) for i, v in enumerate(value)]
            return [v for v in items if v is not _INVALID]
        try:
            return msgspec.convert(value, type_)
        except msgspec.ValidationError as exc:
            # Leaves are strings or `str | list[str]`: a type mismatch is the
            # only way they fail, so any other message is a bug worth raising.
            found = _MSGSPEC_MISMATCH.fullmatch(str(exc))
            if found is None:
                raise
            # `$[1]` when a `str | list[str]` failed inside its list.
            inner = found[3] or ""
            return self.wrong_type(path + inner, _words(found[1]), _words(found[2]), key, value, example)

    def struct(self, value: dict, cls: type[msgspec.Struct], path: str) -> msgspec.Struct:
        fields = {f.encode_name: f for f in msgspec.structs.fields(cls)}
        decoded = {}
        for key, item in value.items():
            field = fields.get(key)
            if field is None:
                self.problems.append(_unknown_key(self.source, join_field(path, key), key, fields))
                continue
            result = self.value(item, field.type, join_field(path, key), key, _EXAMPLES.get(key))
            if result is not _INVALID:
                decoded[field.name] = result
        return cls(**decoded)

    def wrong_type(
        self, path: str, expected: str, got: str, key: str | int, value: object, example: str | None
    ) -> object:
        if example:
            hint = f"For example: {example}"
        elif isinstance(key, str) and isinstance(value, (int, float)) and "a string" in expected:
            # Nearly always a number or boolean the user forgot to quote.
            hint = f"Quote it: {json.dumps(key)}: {json.dumps(json.dumps(value))}"
        else:
            hint = f"Change it to {expected}."
        self.problems.append(error(self.source, f"Expected {expected}, got {got}", hint, key_path=path))
        return _INVALID


def _unknown_key(source: Path, path: str, key: str, fields: dict) -> Problem:
    close = difflib.get_close_matches(key, fields, n=1)
    hint = f'Did you mean "{close[0]}"?' if close else f"Known keys here: {', '.join(fields)}."
    return warning(source, f'Unknown key "{key}" is ignored', hint, key_path=path)


def _words(msgspec_types: str) -> str:
    return " or ".join(_JSON_WORDS.get(t, t) for t in msgspec_types.split(" | "))


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"
