"""Pre-initialised snapshots: a module whose memory and globals start where a
running instance left off (the Wizer technique).

The engine module is first *instrumented*: every global is exported so that
the host can read its value.  After an instance of it has been initialised
(QuickJS runtime created, shim loaded, maybe a function's modules loaded),
:func:`snapshot` writes a new module that is the same code with

- data segments replaced by the non-zero runs of the instance's memory,
- the memory minimum raised to the instance's size,
- each global's initialiser replaced by its current value.

Instances of that module start in the initialised state at the price of a
copy-on-write mapping, instead of re-running the initialisation.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass

MAGIC = b"\0asm\x01\0\0\0"

SEC_MEMORY, SEC_GLOBAL, SEC_EXPORT, SEC_DATA, SEC_DATACOUNT = 5, 6, 7, 11, 12
EXPORT_GLOBAL = 0x03
I32, I64, F32, F64 = 0x7F, 0x7E, 0x7D, 0x7C

GLOBAL_EXPORT_PREFIX = "fnbox_global_"

# Zero runs shorter than this stay inside one data segment: fewer, larger
# segments keep the module small and instantiation cheap.
MERGE_GAP = 256
_ZERO_GAP = re.compile(b"\\x00{%d,}" % MERGE_GAP)


class WasmFormatError(ValueError):
    """The bytes are not a module this snapshotter understands."""


def _uleb(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _sleb(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        done = (value == 0 and not byte & 0x40) or (value == -1 and byte & 0x40)
        out.append(byte if done else byte | 0x80)
        if done:
            return bytes(out)


def _read_uleb(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, pos


def _skip_const_expr(data: bytes, pos: int) -> int:
    """Position after a constant expression's `end` opcode."""
    while True:
        op = data[pos]
        pos += 1
        if op == 0x0B:
            return pos
        if op in (0x41, 0x42, 0x23, 0xD2):       # i32/i64.const, global.get, ref.func
            _, pos = _read_uleb(data, pos)        # sleb and uleb have the same length
        elif op == 0x43:
            pos += 4
        elif op == 0x44:
            pos += 8
        elif op == 0xD0:                          # ref.null t
            pos += 1
        elif op in (0x6A, 0x6B, 0x6C, 0x7C, 0x7D, 0x7E):  # extended-const arithmetic
            continue
        else:
            raise WasmFormatError(f"unsupported opcode 0x{op:02x} in a constant expression")


@dataclass
class Section:
    id: int
    body: bytes


def parse_sections(module: bytes) -> list[Section]:
    if module[:8] != MAGIC:
        raise WasmFormatError("not a WebAssembly 1.0 module")
    sections, pos = [], 8
    while pos < len(module):
        sid = module[pos]
        size, pos = _read_uleb(module, pos + 1)
        sections.append(Section(sid, module[pos:pos + size]))
        pos += size
    return sections


def assemble(sections: list[Section]) -> bytes:
    out = bytearray(MAGIC)
    for s in sections:
        out.append(s.id)
        out += _uleb(len(s.body))
        out += s.body
    return bytes(out)


@dataclass(frozen=True)
class GlobalDecl:
    valtype: int
    mutable: bool


def _globals(body: bytes) -> list[tuple[GlobalDecl, bytes]]:
    count, pos = _read_uleb(body, 0)
    out = []
    for _ in range(count):
        valtype, mutable = body[pos], body[pos + 1] == 1
        end = _skip_const_expr(body, pos + 2)
        out.append((GlobalDecl(valtype, mutable), body[pos + 2:end]))
        pos = end
    return out


def _section(sections: list[Section], sid: int) -> Section | None:
    return next((s for s in sections if s.id == sid), None)


def instrument(module: bytes) -> bytes:
    """Export every global of the module, so a snapshot can read them."""
    sections = parse_sections(module)
    gsec = _section(sections, SEC_GLOBAL)
    if gsec is None:
        return module
    n = len(_globals(gsec.body))
    esec = _section(sections, SEC_EXPORT)
    count, pos = _read_uleb(esec.body, 0) if esec else (0, 0)
    entries = esec.body[pos:] if esec else b""
    for i in range(n):
        name = f"{GLOBAL_EXPORT_PREFIX}{i}".encode()
        entries += _uleb(len(name)) + name + bytes([EXPORT_GLOBAL]) + _uleb(i)
    body = _uleb(count + n) + entries
    if esec:
        esec.body = body
    else:
        sections.insert(next(i for i, s in enumerate(sections) if s.id > SEC_EXPORT), Section(SEC_EXPORT, body))
    return assemble(sections)


def global_count(module: bytes) -> int:
    gsec = _section(parse_sections(module), SEC_GLOBAL)
    return len(_globals(gsec.body)) if gsec else 0


def _const_expr(valtype: int, value) -> bytes:
    if valtype == I32:
        return b"\x41" + _sleb(int(value)) + b"\x0b"
    if valtype == I64:
        return b"\x42" + _sleb(int(value)) + b"\x0b"
    if valtype == F32:
        return b"\x43" + struct.pack("<f", value) + b"\x0b"
    if valtype == F64:
        return b"\x44" + struct.pack("<d", value) + b"\x0b"
    raise WasmFormatError(f"cannot snapshot a global of type 0x{valtype:02x}")


def _segments(memory: bytes) -> list[tuple[int, bytes]]:
    """(offset, bytes) of memory, leaving out zero runs of MERGE_GAP or more."""
    out, pos = [], 0
    for gap in _ZERO_GAP.finditer(memory):
        if gap.start() > pos:
            out.append((pos, memory[pos:gap.start()]))
        pos = gap.end()
    if pos < len(memory):
        out.append((pos, memory[pos:]))
    return out


def snapshot(instrumented: bytes, memory: bytes, globals_: list) -> bytes:
    """The module *instrumented* with its memory and globals replaced."""
    sections = parse_sections(instrumented)
    gsec = _section(sections, SEC_GLOBAL)
    decls = _globals(gsec.body) if gsec else []
    if len(globals_) != len(decls):
        raise WasmFormatError(f"{len(globals_)} global values for {len(decls)} globals")
    if gsec:
        body = bytearray(_uleb(len(decls)))
        for (decl, init), value in zip(decls, globals_):
            body += bytes([decl.valtype, 1 if decl.mutable else 0])
            body += _const_expr(decl.valtype, value) if decl.mutable else init
        gsec.body = bytes(body)

    msec = _section(sections, SEC_MEMORY)
    count, pos = _read_uleb(msec.body, 0)
    if count != 1:
        raise WasmFormatError("expected exactly one memory")
    flags = msec.body[pos]
    if flags not in (0, 1):
        raise WasmFormatError("shared or 64-bit memories cannot be snapshotted")
    _, pos2 = _read_uleb(msec.body, pos + 1)
    pages = len(memory) // 65536
    msec.body = _uleb(1) + bytes([flags]) + _uleb(pages) + msec.body[pos2:]

    segments = _segments(memory)
    data = bytearray(_uleb(len(segments)))
    for offset, seg in segments:
        data += b"\x00" + b"\x41" + _sleb(offset) + b"\x0b" + _uleb(len(seg)) + seg
    dsec = _section(sections, SEC_DATA)
    if dsec:
        dsec.body = bytes(data)
    else:
        sections.insert(next((i for i, s in enumerate(sections) if s.id not in range(1, SEC_DATA)), len(sections)),
                        Section(SEC_DATA, bytes(data)))
    dcsec = _section(sections, SEC_DATACOUNT)
    if dcsec:
        dcsec.body = _uleb(len(segments))
    return assemble(sections)
