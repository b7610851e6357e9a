"""Recording requests on the server, and running them again (``fnbox replay``).

With ``record_requests`` the server keeps, beside each log record, what the
invocation was given (a :class:`runtime.logs.Recording`).  A replay loads the
folder as it is now, compiles the endpoint as the server did (same snapshot
setting; secrets as the state directory holds them now), runs the recorded
request under the recorded limits, budget view and seed, and compares the
outcome with the log record: status, body (by hash), console text, fuel.
"""

from __future__ import annotations

import difflib
import hashlib
from pathlib import Path
from typing import Sequence

import msgspec

from runtime.egress import Egress
from runtime.engine import Engine, Limits
from runtime.functions import Problem, load_many
from runtime.functions.bundle import CompiledEndpoint, SecretLookup, compile_folder
from runtime.invoke import CONTEXT_HEADERS, BudgetView, FunctionRequest, FunctionResponse, invoke
from runtime.logs import LogRecord, Recording
from runtime.logs.record import _iso

from .responses import checked


class ReplayError(Exception):
    """The recorded invocation cannot be run again; the message says why."""


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def make_recording(request: FunctionRequest, record: LogRecord, response: FunctionResponse, *,
                   budget: BudgetView, limits: Limits, deterministic: bool, seed: int,
                   snapshot: bool) -> Recording:
    """What re-running the invocation of *record* needs."""
    # Only the headers a function can see: the others (Authorization, ...)
    # cannot change a replay, and need not sit in the database.
    seen = {name: value for name, value in request.headers.items() if name.lower() in CONTEXT_HEADERS}
    return Recording(requestId=record.requestId, accountId=record.accountId, createdAt=record.createdAt,
                     request=msgspec.structs.replace(request, headers=seen), budget=budget, limits=limits,
                     deterministic=deterministic, seed=seed if deterministic else 0, snapshot=snapshot,
                     bodySha256=body_hash(response.body))


def recorded_request(recording: Recording) -> FunctionRequest:
    return msgspec.convert(recording.request, FunctionRequest)


def compile_recorded(engine: Engine, recording: Recording, folders: Sequence[str | Path],
                     secrets: SecretLookup) -> tuple[CompiledEndpoint, list[Problem]]:
    """The recorded endpoint, compiled from *folders* as they are now."""
    endpoint = recorded_request(recording).endpoint
    loaded = load_many([Path(folder).resolve() for folder in folders])
    found = loaded.routes.get(endpoint)
    if found is None:
        known = ", ".join(sorted(e.key for _, e in loaded.routes.values())) or "none"
        raise ReplayError(f"no endpoint {endpoint!r} in {', '.join(map(str, folders))} (endpoints: {known})")
    folder, chosen = found
    compiled, problems = compile_folder(engine, folder, secrets, snapshot=recording.snapshot)
    if chosen.route_key not in compiled:
        raise ReplayError(f"{folder.path} could not be compiled")
    return compiled[chosen.route_key], [*loaded.problems, *problems]


async def replay(engine: Engine, compiled: CompiledEndpoint, recording: Recording, *, egress: Egress | None,
                 refuse_secret_responses: bool = False) -> tuple[FunctionResponse, LogRecord]:
    """Run the recorded request again, deterministic with the recorded seed
    (seed 0 when the original was not deterministic); the response as the
    server would have sent it."""
    request = recorded_request(recording)
    outcome = await invoke(engine, compiled, request, account_id=recording.accountId,
                           budget=msgspec.convert(recording.budget, BudgetView), limits=recording.limits,
                           deterministic=True, seed=recording.seed, egress=egress,
                           refuse_secret_responses=refuse_secret_responses)
    return checked(outcome.response, request.request_id), outcome.record


class Comparison(msgspec.Struct, frozen=True):
    """The recorded invocation against its replay."""

    recording: Recording
    recorded: LogRecord
    response: FunctionResponse
    replayed: LogRecord

    @property
    def same_output(self) -> bool:
        return (self.recorded.httpStatus == self.response.status
                and self.recording.bodySha256 == body_hash(self.response.body)
                and self.recorded.log == self.replayed.log)

    @property
    def same_fuel(self) -> bool:
        return self.recorded.fuel == self.replayed.fuel

    @property
    def verdict(self) -> str:
        """``MATCH``, or ``DIFFERENT (...)`` naming what differs."""
        different = [name for name, same in (("output", self.same_output), ("fuel", self.same_fuel)) if not same]
        return f"DIFFERENT ({', '.join(different)})" if different else "MATCH"


def _row(name: str, recorded: object, replayed: object) -> str:
    return f"{name:<9}{recorded!s:<28}{replayed}"


def render(comparison: Comparison) -> str:
    """Recorded against replayed: status, body hash, console text (a diff
    when it differs), fuel, and the verdict last."""
    recording, recorded, replayed = comparison.recording, comparison.recorded, comparison.replayed
    replayed_hash = body_hash(comparison.response.body)
    mode = (f"deterministic, seed {recording.seed}" if recording.deterministic
            else "not deterministic: replayed with a virtual clock and seed 0, so output and fuel may differ")
    lines = [(f"Request {recording.requestId}: {recorded.method} {recorded.endpoint}, "
              f"account {recording.accountId}, recorded {_iso(recorded.createdAt)}, {mode}"),
             _row("", "recorded", "replayed"),
             _row("status", recorded.httpStatus, comparison.response.status),
             _row("body", f"sha256 {recording.bodySha256[:16]}", f"sha256 {replayed_hash[:16]}"),
             _row("console", f"{len(recorded.log.splitlines())} lines", f"{len(replayed.log.splitlines())} lines"),
             _row("fuel", f"{recorded.fuel:,}", f"{replayed.fuel:,}")]
    if recorded.log != replayed.log:
        lines += ["", "Console output (recorded -> replayed):",
                  *difflib.unified_diff(recorded.log.splitlines(), replayed.log.splitlines(), "recorded", "replayed",
                                        lineterm="")]
    if recording.bodySha256 != replayed_hash:
        # The recording keeps the body's hash only, so there is nothing to diff against.
        lines += ["", "Replayed body (the recorded one is known by its hash only):",
                  comparison.response.body.decode("utf-8", "replace")]
    lines += ["", comparison.verdict]
    return "\n".join(lines)
