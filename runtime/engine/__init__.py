"""The sandbox engine: QuickJS-NG in WebAssembly under wasmtime.

Public API: :class:`Engine`, :class:`Unit`, :class:`Result`, :class:`Limits`,
the errors in :mod:`.errors`, and :class:`OperationError` for host
capabilities.  See :mod:`.sandbox` for an example.
"""

from .errors import (CapacityError, CompileError, CpuLimitError, EngineError, JavaScriptError, LimitError,
                     MemoryLimitError, NoResponseError, SandboxError, StackOverflowError,
                     TimeLimitError)
from .instance import LogLine
from .invocation import Capability, OperationError, Result
from .limits import Limits
from .sandbox import Engine, Unit

__all__ = [
    "Engine", "Unit", "Result", "Limits", "LogLine", "Capability", "OperationError",
    "SandboxError", "LimitError", "TimeLimitError", "CpuLimitError", "MemoryLimitError",
    "StackOverflowError", "JavaScriptError", "NoResponseError", "EngineError", "CompileError",
    "CapacityError",
]
