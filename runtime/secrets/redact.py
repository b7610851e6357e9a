"""Keeping secret values out of logs.

A :class:`Redactor` knows the values one endpoint was granted (a function
can only leak what it can read) and replaces them with ``[REDACTED:NAME]``
in console text, error messages and stacks before anything is stored or
printed.  What counts as the secret appearing:

1. **The whole value** (secrets of at least 4 characters), anywhere.
2. **The value in pieces**: substrings of the value, each at least 4
   characters long, found anywhere in the texts redacted together (for one
   invocation: every console line, the error message and the stack), whose
   positions in the value leave no run of 4 or more of its characters
   unseen.  Then every such piece is redacted.  This catches a value
   printed in halves on two lines, in chunks, or split between a log line
   and an error message; a run of fewer than 4 characters left out does not
   save the rest (so ``abcd|efgh|ij`` is caught).

Not caught: pieces shorter than 4 characters, and transformed values
(reversed, re-cased, base64- or URL-encoded, JSON-escaped when the value has
quotes or backslashes).  A single short fragment of a long secret (``word``
of ``correct-horse-word-staple``) is left alone on purpose: it is not the
secret, and redacting every 4-character overlap would blank out ordinary text.
For values of 4 to 7 characters rule 2 means that any 4-character piece is
redacted, since the rest is short enough to guess.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import msgspec

from runtime.engine import LogLine
from runtime.logs.record import LogError, LogRecord

#: shorter values are not redacted (they would match ordinary text)
MIN_SECRET_LENGTH = 4
#: the shortest piece of a value that is looked for
MIN_PIECE = 4


def marker(name: str) -> str:
    return f"[REDACTED:{name}]"


class Redactor:
    def __init__(self, secrets: Mapping[str, str]):
        # Longest first, so that when one value contains another the
        # longer (more specific) name is the one shown.
        self._secrets = sorted(((name, value) for name, value in secrets.items()
                                if len(value) >= MIN_SECRET_LENGTH), key=lambda item: (-len(item[1]), item[0]))
        #: every MIN_PIECE-character substring of every value -> (secret, offset)
        self._grams: dict[str, list[tuple[int, int]]] = {}
        for index, (_, value) in enumerate(self._secrets):
            for offset in range(len(value) - MIN_PIECE + 1):
                self._grams.setdefault(value[offset:offset + MIN_PIECE], []).append((index, offset))

    def __bool__(self) -> bool:
        return bool(self._secrets)

    def __repr__(self) -> str:
        return f"Redactor({[name for name, _ in self._secrets]!r}, values hidden)"

    def redact(self, text: str) -> str:
        return self.redact_all([text])[0]

    def redact_all(self, texts: Sequence[str]) -> list[str]:
        """Redact texts that belong together: pieces of a value are looked
        for across all of them."""
        if not self._secrets:
            return list(texts)
        texts = [self._whole(text) for text in texts]
        return [_replace(text, spans) for text, spans in zip(texts, self._pieces(texts))]

    def redact_lines(self, lines: Sequence[LogLine]) -> list[LogLine]:
        """Console lines, redacted before they are rendered and cut at 4 KB
        (so that the cut cannot leave part of a value behind unredacted)."""
        texts = self.redact_all([line.text for line in lines])
        return [LogLine(line.time_ms, line.level, text) for line, text in zip(lines, texts)]

    def redact_record(self, record: LogRecord) -> LogRecord:
        """The record's console text, error message and stack, redacted
        together."""
        error = record.error
        parts = [record.log] + ([error.type, error.message, *error.stackTrace] if error else [])
        clean = self.redact_all(parts)
        return msgspec.structs.replace(
            record, log=clean[0], error=LogError(clean[1], clean[2], clean[3:]) if error else None)

    def _whole(self, text: str) -> str:
        for name, value in self._secrets:
            if value in text:
                text = text.replace(value, marker(name))
        return text

    def _pieces(self, texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
        """Per text, the (start, end, name) of pieces of values that together
        give a value away."""
        found: dict[int, list[tuple[int, int, int, int, int]]] = {}
        for number, text in enumerate(texts):
            for start in range(len(text) - MIN_PIECE + 1):
                for index, offset in self._grams.get(text[start:start + MIN_PIECE], ()):
                    value = self._secrets[index][1]
                    if start and offset and text[start - 1] == value[offset - 1]:
                        continue    # inside a longer piece, found from where it starts
                    length = MIN_PIECE
                    while (start + length < len(text) and offset + length < len(value)
                           and text[start + length] == value[offset + length]):
                        length += 1
                    found.setdefault(index, []).append((number, start, start + length, offset, offset + length))
        spans: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        for index, pieces in found.items():
            name, value = self._secrets[index]
            if _covers(len(value), [(low, high) for *_, low, high in pieces]):
                for number, start, end, _, _ in pieces:
                    spans[number].append((start, end, name))
        return spans


def _covers(length: int, intervals: list[tuple[int, int]]) -> bool:
    """Whether *intervals* of a value leave no run of MIN_PIECE or more of
    its characters uncovered."""
    reached = 0
    for low, high in sorted(intervals):
        if low - reached >= MIN_PIECE:
            return False
        reached = max(reached, high)
    return length - reached < MIN_PIECE


def _replace(text: str, spans: list[tuple[int, int, str]]) -> str:
    """*text* with each span replaced by its marker; overlapping spans become
    one marker, named after the span that starts first (the longest of those
    starting together)."""
    if not spans:
        return text
    merged: list[list] = []
    for start, end, name in sorted(spans, key=lambda span: (span[0], span[0] - span[1])):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, name])
    out, position = [], 0
    for start, end, name in merged:
        out += [text[position:start], marker(name)]
        position = end
    out.append(text[position:])
    return "".join(out)
