"""Turning fuzzer bytes into structured values, the same way in every
mode (atheris or random), so that a saved input always replays the same."""

from __future__ import annotations

import math
import os
import struct

#: FNBOX_FUZZ_SKIP_KNOWN=1 leaves out input shapes of known findings (deep nesting,
#: out-of-range log times) to explore past them while they are being fixed.
SKIP_KNOWN = os.environ.get("FNBOX_FUZZ_SKIP_KNOWN") == "1"

#: Strings chosen for how often they break things.
NASTY_STRINGS = [
    "", " ", "a", "0", "-1", "200", "²", "٢٠٠", "9" * 5000, "\r\n", "\n", "\r", "\x00", "\x7f", "\x0b", "\t",
    "\ud800", "\udc00", "\ud83d\ude00", "é", "€", "\u2028", "\ufeff", "x" * 70000, "content-type",
    "Content-Length", "set-cookie", "Location", "__proto__", "constructor", "toJSON", "a b", "a:b", "(",
    "application/json", "text/html", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
    "NaN", "Infinity", "1e309", "true", "null", "[]", "{}", "%", "%zz", "a=1&a=2&b", "?x=%ff",
]
NASTY_NUMBERS = [0, -0.0, 1, -1, 99, 100, 200, 204, 304, 599, 600, 2 ** 31, 2 ** 53 + 1, 2 ** 64, 10 ** 30,
                 1.5, 1e308, -1e308, 5e-324, float("nan"), float("inf")]


class Reader:
    def __init__(self, data: bytes):
        self.data = data
        self.pos = 0

    def left(self) -> int:
        return len(self.data) - self.pos

    def byte(self) -> int:
        if self.pos >= len(self.data):
            return 0
        b = self.data[self.pos]
        self.pos += 1
        return b

    def int(self, n: int) -> int:
        """0 <= value < n."""
        if n <= 1:
            return 0
        v = 0
        for _ in range((n.bit_length() + 7) // 8):
            v = (v << 8) | self.byte()
        return v % n

    def bool(self) -> bool:
        return self.byte() & 1 == 1

    def choice(self, items):
        return items[self.int(len(items))]

    def raw(self, limit: int = 64) -> bytes:
        n = self.int(limit + 1)
        out = self.data[self.pos:self.pos + n]
        self.pos += len(out)
        return out

    def text(self, limit: int = 32) -> str:
        kind = self.int(4)
        if kind == 0:
            s = self.choice(NASTY_STRINGS)
            return s.encode("utf-16", "surrogatepass").decode("utf-16", "replace") if SKIP_KNOWN else s
        raw = self.raw(limit)
        if kind == 1:
            return raw.decode("latin-1")
        if kind == 2:
            return raw.decode("utf-8", "replace")
        # UTF-16 code units, lone surrogates included
        if len(raw) % 2:
            raw = raw[:-1]
        units = struct.unpack(f"<{len(raw) // 2}H", raw)
        if SKIP_KNOWN:     # lone surrogates: a known finding
            units = [0xFFFD if 0xD800 <= u <= 0xDFFF else u for u in units]
        return "".join(chr(u) for u in units)

    def number(self):
        kind = self.int(3)
        if kind == 0:
            return self.choice(NASTY_NUMBERS)
        if kind == 1:
            return self.int(2 ** 32) - 2 ** 31
        raw = self.data[self.pos:self.pos + 8].ljust(8, b"\0")
        self.pos += 8
        return struct.unpack("<d", raw)[0]

    def json(self, depth: int = 0, finite: bool = True):
        """A JSON-able value (finite numbers unless told otherwise)."""
        kind = self.int(8 if depth < 6 else 5)
        if kind == 7 and SKIP_KNOWN:
            kind = 5
        if kind == 0:
            return None
        if kind == 1:
            return self.bool()
        if kind == 2:
            v = self.number()
            if finite and isinstance(v, float) and not math.isfinite(v):
                return 0
            return v
        if kind in (3, 4):
            return self.text()
        if kind == 5:
            return [self.json(depth + 1, finite) for _ in range(self.int(5))]
        if kind == 6:
            return {self.text(): self.json(depth + 1, finite) for _ in range(self.int(5))}
        # deep nesting, now and then
        v = None
        for _ in range(self.int(3000)):
            v = [v]
        return v
