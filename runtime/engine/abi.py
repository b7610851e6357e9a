"""The answers the guest sends across the boundary, decoded strictly.

Nothing the guest writes is trusted: a function can tamper with the very
JavaScript that writes these answers (``Object.prototype.toJSON``, say), so an
answer that is not exactly one of these shapes is an :class:`EngineError`,
never an exception the host did not expect.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Union

import msgspec

from . import errors


class ErrorInfo(msgspec.Struct, frozen=True):
    name: str = "Error"
    message: str = ""
    stack: str = ""
    code: str | None = None


class Ok(msgspec.Struct, frozen=True, tag="ok", tag_field="t"):
    """A build step (define, prepare, preload) went through."""


class Done(msgspec.Struct, frozen=True, tag="done", tag_field="t"):
    output: Any = None


class Op(msgspec.Struct, frozen=True):
    id: int
    op: str
    args: Any = None


class Wait(msgspec.Struct, frozen=True, tag="wait", tag_field="t"):
    ops: list[Op] = []
    cancel: list[int] = []
    #: ms until the earliest timer is due; None when no timer is pending
    wake: Annotated[float, msgspec.Meta(ge=0)] | None = None


class Failed(msgspec.Struct, frozen=True, tag="error", tag_field="t"):
    kind: str = "uncaught"
    error: ErrorInfo = ErrorInfo()


class Fatal(msgspec.Struct, frozen=True, tag="fatal", tag_field="t"):
    """An exception escaped the bootstrap itself (C side; fields are
    whatever the thrown value held, hence not typed)."""

    name: Any = "Error"
    message: Any = ""
    stack: Any = ""


Body = Union[Ok, Done, Wait, Failed, Fatal]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def error_info(body: "Body | None") -> ErrorInfo:
    """What went wrong, from an error or fatal answer."""
    if isinstance(body, Failed):
        return body.error
    if isinstance(body, Fatal):
        return ErrorInfo(_text(body.name), _text(body.message), _text(body.stack))
    return ErrorInfo("Error", f"unexpected answer {type(body).__name__}")

_decoder = msgspec.json.Decoder(Body)

# JSON.stringify escapes a lone UTF-16 surrogate as \udXXX, which is valid
# JSON but not valid Unicode; it becomes U+FFFD, as a UTF-8 encoder would.
_LONE_SURROGATE = re.compile(
    rb"(?<!\\)((?:\\\\)*)(\\u[dD][89abAB][0-9a-fA-F]{2})(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})(?<!\\)((?:\\\\)*)(\\u[dD][c-fC-F][0-9a-fA-F]{2})")


def _mend(match: re.Match) -> bytes:
    return (match.group(1) or match.group(3) or b"") + b"\\ufffd"


def well_formed(raw: bytes) -> bytes:
    return _LONE_SURROGATE.sub(_mend, raw)


def decode(raw: bytes, decoder: msgspec.json.Decoder = _decoder):
    """Decode guest JSON; malformed or deeply nested input is an EngineError."""
    try:
        try:
            return decoder.decode(raw)
        except msgspec.DecodeError:
            mended = well_formed(raw)
            if mended == raw:
                raise
            return decoder.decode(mended)
    except msgspec.ValidationError as exc:
        raise errors.EngineError(f"the sandbox sent a malformed answer ({exc})") from None
    except msgspec.DecodeError as exc:
        raise errors.EngineError(f"the sandbox sent an answer that is not JSON ({exc})") from None
    except RecursionError:
        raise errors.EngineError("the sandbox sent an answer nested too deeply") from None
