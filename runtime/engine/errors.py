"""Every way an invocation can fail, as exceptions a caller can tell apart.

All derive from :class:`SandboxError`.  The limit errors mean the sandbox
stopped the function; :class:`JavaScriptError` means the function itself threw.
"""

from __future__ import annotations


class SandboxError(Exception):
    """Base class: the invocation did not produce a response."""

    #: short machine-readable kind, used in logs and error bodies
    kind = "error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class LimitError(SandboxError):
    """The sandbox stopped the function because it hit a limit."""


class TimeLimitError(LimitError):
    """Wall-clock deadline reached (covers waiting on timers and host I/O)."""

    kind = "TimeoutError"


class CpuLimitError(LimitError):
    """The fuel allowance (deterministic CPU budget) ran out."""

    kind = "CpuLimitError"


class MemoryLimitError(LimitError):
    """The function needed more memory than it may use."""

    kind = "MemoryLimitError"


class StackOverflowError(LimitError):
    """Recursion went deeper than the sandbox's stack allows."""

    kind = "StackOverflowError"


class JavaScriptError(SandboxError):
    """The function threw (or rejected) and nothing caught it.

    ``origin`` says where: ``uncaught`` (thrown synchronously or in a
    callback), ``rejection`` (a promise rejected unhandled), ``load`` (the
    module failed to load), ``serialize`` (the response could not be turned
    into JSON), ``exit`` (``process.exit`` before responding).
    """

    kind = "JavaScriptError"

    def __init__(self, name: str, message: str, stack: str = "", origin: str = "uncaught",
                 code: str | None = None):
        super().__init__(f"{name}: {message}" if message else name)
        self.name = name
        self.js_message = message
        self.stack = stack
        self.origin = origin
        self.code = code


class NoResponseError(SandboxError):
    """The function finished all its work without sending a response."""

    kind = "NoResponseError"


class CapacityError(SandboxError):
    """No sandbox could be created: every pooled slot is in use."""

    kind = "CapacityError"


class EngineError(SandboxError):
    """The sandbox itself failed (a trap that is not a limit, a protocol
    violation).  The instance is discarded; the process is unaffected."""

    kind = "EngineError"


class CompileError(Exception):
    """JavaScript source could not be compiled (syntax error)."""

    def __init__(self, filename: str, name: str, message: str, stack: str = ""):
        super().__init__(f"{filename}: {name}: {message}")
        self.filename = filename
        self.name = name
        self.js_message = message
        self.stack = stack
