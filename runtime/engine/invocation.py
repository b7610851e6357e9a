"""Driving one invocation: the first call in, host operations and timers while
the guest waits, the final answer turned into a :class:`Result`.

The guest answers every call with ``done``, ``error`` or ``wait``.  A ``wait``
lists new host operations and when the earliest timer is due; the host runs
the operations (capabilities: async callables), sleeps until something
finishes or the timer is due, and resumes the guest with the results.  A
function that does no I/O costs one call in and one answer out.
"""

from __future__ import annotations

import asyncio
import copy
import functools
import time
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Mapping

import msgspec

from . import abi, errors
from .image import Image, ImageFactory
from .instance import Answer, Instance, LogLine
from .limits import Limits, js_memory_limit

#: A host capability: called with the operation's JSON arguments, returns a
#: JSON-able value or raises (the guest sees a rejected promise).
Capability = Callable[[Any], Awaitable[Any]]

_encode = msgspec.json.encode

#: Host operations one invocation may have under way at once; more are
#: refused at once, so that a flood of requests costs the host no more than
#: this many tasks.
MAX_PENDING_OPS = 256


def _too_many(op_id: int) -> dict:
    return {"id": op_id, "ok": False, "error": {
        "name": "Error", "code": "ERR_FNBOX_TOO_MANY_OPERATIONS",
        "message": f"more than {MAX_PENDING_OPS} host operations under way at once"}}


#: Fuel the first call may use on the event loop's thread (~2 ms of CPU):
#: enough for most functions to answer, small enough that a heavy one holds
#: up the other requests of its worker only briefly before moving to a thread.
INLINE_FUEL = 20_000_000


@functools.lru_cache(maxsize=64)
def _inline_limits(limits: Limits) -> Limits:
    return limits.with_fuel(INLINE_FUEL)


class OperationError(Exception):
    """Raised by a capability to reject the guest's promise with a chosen
    error name and code (anything else becomes a plain Error)."""

    def __init__(self, message: str, name: str = "Error", code: str | None = None):
        super().__init__(message)
        self.name = name
        self.code = code


@dataclass
class Result:
    """What one invocation produced."""

    output: Any = None
    error: errors.SandboxError | None = None
    logs: list[LogLine] = field(default_factory=list)
    logs_dropped: int = 0
    fuel: int = 0
    wall_ms: float = 0.0
    memory_bytes: int = 0
    host_ops: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None

    def unwrap(self) -> Any:
        """The output, or raise the error."""
        if self.error is not None:
            raise self.error
        return self.output

    def console_text(self) -> str:
        return "".join(line.text + "\n" for line in self.logs)


def error_from_answer(answer: Answer) -> errors.SandboxError:
    err = abi.error_info(answer.body)
    name, message = err.name, err.message
    if "out of memory" in message and (answer.kind == "fatal" or name == "InternalError"):
        return errors.MemoryLimitError("the function ran out of memory: " + message)
    if name in ("RangeError", "InternalError") and "stack" in message and ("exceeded" in message or "overflow" in message):
        return errors.StackOverflowError("the function recursed too deeply: " + message)
    if answer.kind == "fatal":
        return errors.EngineError(f"the sandbox failed: {name}: {message}")
    if not isinstance(answer.body, abi.Failed):
        return errors.EngineError(f"the sandbox answered {answer.kind!r} out of turn")
    origin = answer.body.kind
    if origin == "no-response":
        return errors.NoResponseError(message)
    return errors.JavaScriptError(name, message, err.stack, origin=origin, code=err.code)


class Invocation:
    """One instance taken from an image through one request."""

    def __init__(self, factory: ImageFactory, image: Image, code: dict[str, bytes] | None,
                 message: dict, limits: Limits, clock, entropy,
                 capabilities: Mapping[str, Capability] | None = None):
        self.factory = factory
        self.image = image
        self.code = code
        self.message = message
        self.limits = limits
        self.clock = clock
        self.entropy = entropy
        self.capabilities = capabilities or {}
        # The clock starts when a worker thread takes the invocation up, not
        # when it was queued: waiting for a thread is not the function's time.
        self.started = time.monotonic()
        self.deadline = self.started + limits.wall_ms / 1000
        self.instance: Instance | None = None
        self.host_ops = 0
        #: the inline first call ran out of its small fuel cap
        self.spilled = False

    # -- synchronous steps (run in a worker thread: wasm releases the GIL) -------
    def start(self) -> Answer:
        # Under load, the sandbox the last request used is still waiting to be
        # put back, its pages in the CPU's cache: put back now (before this
        # invocation's clock starts), it is the one checked out, rather than
        # a spare gone cold while others ran (under load the wasm call and the
        # reset each take ~8 us less at the median).
        self.factory.host.catch_up()
        self.started = time.monotonic()
        self.deadline = self.started + self.limits.wall_ms / 1000
        inst = self.factory.recycler.checkout(self.image, self.limits, self.clock, self.entropy,
                                              self.deadline)
        self.instance = inst
        if self.code:
            self.factory.define_all(inst, self.code)
        return inst.message(_encode(self.message))

    def resume(self, results: list[dict]) -> Answer:
        return self.instance.message(_encode({"t": "resume", "results": results,
                                              "now": self.clock.wall_ns() // 1_000_000}))

    def step(self, fn, *args) -> Answer | errors.SandboxError:
        """Run one synchronous step; whatever goes wrong becomes a typed error."""
        try:
            return fn(*args)
        except errors.SandboxError as exc:
            return exc
        except errors.CompileError as exc:
            return errors.EngineError(str(exc))
        except (UnicodeError, ValueError, TypeError, OverflowError, RecursionError) as exc:
            # e.g. input the host cannot encode (a lone surrogate), a guest
            # value out of range: the invocation fails, the host carries on.
            if self.instance is not None:
                self.instance.trapped = True
            return errors.EngineError(f"the invocation could not be carried out: {type(exc).__name__}: {exc}")

    # -- the whole run --------------------------------------------------------------
    def finish(self, outcome: Answer | errors.SandboxError) -> Result:
        inst = self.instance
        result = Result(host_ops=self.host_ops, wall_ms=(time.monotonic() - self.started) * 1000)
        if inst is not None:
            result.logs, result.logs_dropped = inst.logs, inst.log_dropped
            result.fuel, result.memory_bytes = inst.fuel_used, inst.memory_bytes
            self.factory.recycler.release(inst)
        if isinstance(outcome, errors.SandboxError):
            result.error = outcome
        elif outcome.kind == "done":
            result.output = outcome.body.output
        else:
            result.error = self._memory_verdict(error_from_answer(outcome), result.memory_bytes)
        self.instance = None
        return result

    def _memory_verdict(self, error: errors.SandboxError, memory: int) -> errors.SandboxError:
        """At the memory limit QuickJS may fail to allocate even its "out of
        memory" error and throw null instead, or the bootstrap may fail
        half-way; near the limit, such an error is the memory limit's doing."""
        if not isinstance(error, (errors.JavaScriptError, errors.EngineError)):
            return error
        limit = self.limits.memory_bytes
        at_store_cap = memory + 2 * 65536 >= limit
        null_at_heap_cap = (isinstance(error, errors.JavaScriptError) and error.js_message == "Uncaught null"
                            and memory >= js_memory_limit(limit) * 0.9)
        if at_store_cap or null_at_heap_cap:
            return errors.MemoryLimitError(
                f"the function ran out of memory ({limit // (1024 * 1024)} MB limit): {error}")
        return error

    def run_sync(self) -> Result:
        outcome = self.step(self.start)
        if isinstance(outcome, Answer) and outcome.kind == "wait":
            return asyncio.run(self._wait_loop(outcome, offload=False))
        return self.finish(outcome)

    async def run(self, inline: bool = False) -> Result:
        """Run to the end.  With *inline*, the first call runs on the event
        loop's own thread under a small fuel cap (see :data:`INLINE_FUEL`):
        most invocations end there, without the hand-off to a worker thread
        (~50 us).  One that needs more is started again in a thread with its
        full limits; the first call has no side effects (host operations only
        start once it has answered), so nothing is done twice.  ``spilled``
        then tells the caller to skip the inline attempt next time."""
        loop = asyncio.get_running_loop()
        outcome = self._start_inline() if inline else None
        if outcome is None:
            outcome = await loop.run_in_executor(None, self.step, self.start)
        if isinstance(outcome, Answer) and outcome.kind == "wait":
            return await self._wait_loop(outcome, offload=True)
        return self.finish(outcome)

    def _start_inline(self) -> Answer | errors.SandboxError | None:
        full = self.limits
        if full.fuel <= INLINE_FUEL:
            return self.step(self.start)
        fresh = copy.deepcopy((self.clock, self.entropy)) if self.clock.virtual else None
        self.limits = _inline_limits(full)
        try:
            outcome = self.step(self.start)
        finally:
            self.limits = full
        if isinstance(outcome, errors.CpuLimitError):
            if self.instance is not None:
                self.instance.close()
                self.instance = None
            if fresh is not None:
                self.clock, self.entropy = fresh
            self.spilled = True
            return None
        if self.instance is not None:
            if isinstance(outcome, Answer) and outcome.kind == "wait":
                self.instance.raise_fuel(full)
            else:
                self.instance.limits = full     # finished: only its reports need the full limits
        return outcome

    async def _wait_loop(self, answer: Answer, offload: bool) -> Result:
        loop = asyncio.get_running_loop()
        tasks: dict[asyncio.Task, int] = {}
        outcome: Answer | errors.SandboxError = answer
        try:
            while isinstance(outcome, Answer) and outcome.kind == "wait":
                body = outcome.body
                refused = []
                for op in body.ops:
                    self.host_ops += 1
                    if len(tasks) >= MAX_PENDING_OPS:
                        refused.append(_too_many(op.id))
                    else:
                        tasks[asyncio.ensure_future(self._perform(op))] = op.id
                cancelled = set(body.cancel)
                for task, op_id in list(tasks.items()):
                    if op_id in cancelled:
                        task.cancel()
                        del tasks[task]
                # Refusals answer at once, without waiting for anything else.
                results = refused if refused else await self._wait(tasks, body.wake)
                if results is None or time.monotonic() >= self.deadline:
                    outcome = errors.TimeLimitError(
                        f"the invocation ran past its {self.limits.wall_ms} ms deadline")
                    break
                if offload:
                    outcome = await loop.run_in_executor(None, self.step, self.resume, results)
                else:
                    outcome = self.step(self.resume, results)
        finally:
            for task in tasks:
                task.cancel()
        return self.finish(outcome)

    async def _wait(self, tasks: dict[asyncio.Task, int], wake: float | None) -> list[dict] | None:
        """Wait for operations or the next timer; None once the deadline passed."""
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            return None
        if self.clock.virtual and wake is not None and not tasks:
            self.clock.advance(wake)       # virtual time jumps straight to the timer
            return []
        timeout = remaining if wake is None else min(remaining, wake / 1000)
        if tasks:
            done, _ = await asyncio.wait(list(tasks), timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        else:
            await asyncio.sleep(timeout)
            done = set()
        if not done and time.monotonic() >= self.deadline:
            return None
        results = []
        for task in done:
            op_id = tasks.pop(task)
            results.append(task.result() | {"id": op_id})
        return results

    async def _perform(self, op: abi.Op) -> dict:
        handler = self.capabilities.get(op.op)
        if handler is None:
            return {"ok": False, "error": {"name": "Error", "code": "ERR_FNBOX_UNAVAILABLE",
                                           "message": f"host operation {op.op!r} is not available"}}
        try:
            return {"ok": True, "value": await handler(op.args)}
        except OperationError as exc:
            return {"ok": False, "error": {"name": exc.name, "message": str(exc), "code": exc.code}}
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a capability's failure is the guest's rejected promise
            return {"ok": False, "error": {"name": "Error", "message": str(exc)}}
