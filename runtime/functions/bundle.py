"""Turning a loaded folder into units the engine can invoke.

A folder's files are compiled to bytecode once; each endpoint then gets a
unit of its own: a snapshot in which its entry module's top-level code has
already run under that endpoint's ``process.env`` (environment plus the
secrets it is granted).  A snapshot holding secret values is never written
to disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

from runtime.engine import CompileError, Engine, JavaScriptError, LimitError, Unit
from runtime.engine.image import Warm

from .folder import Endpoint, FunctionsFolder
from .problems import Problem, error, warning

#: name -> value of a secret, or None when it is not set
SecretLookup = Callable[[str], "str | None"]


@dataclass(frozen=True)
class CompiledEndpoint:
    folder: FunctionsFolder
    endpoint: Endpoint
    unit: Unit
    #: secret values this endpoint was granted (for context.secrets, redaction)
    secrets: Mapping[str, str] = field(repr=False)
    #: listed in serverless.json but not set anywhere
    missing_secrets: tuple[str, ...] = ()
    #: the entry module failed at load; every request reports this error
    load_error: JavaScriptError | LimitError | None = None


def read_sources(folder: FunctionsFolder) -> tuple[dict[str, str], list[Problem]]:
    sources, problems = {}, []
    for guest, host in folder.module_files().items():
        try:
            sources[guest] = host.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            problems.append(warning(host, f"{host.name} is not UTF-8 text and was left out",
                                    "Save the file as UTF-8."))
        except OSError as exc:
            problems.append(error(host, f"cannot read {host}: {exc.strerror}", "Check the file's permissions."))
    return sources, problems


def endpoint_secrets(folder: FunctionsFolder, endpoint: Endpoint,
                     lookup: SecretLookup) -> tuple[dict[str, str], tuple[str, ...]]:
    """The secret values an endpoint may read; ``.env`` values stand in for
    secrets that are not stored (a local-development aid)."""
    values, missing = {}, []
    for name in endpoint.secrets:
        value = lookup(name)
        if value is None:
            value = folder.dotenv.get(name)
        if value is None:
            missing.append(name)
        else:
            values[name] = value
    return values, tuple(missing)


def compile_folder(engine: Engine, folder: FunctionsFolder, lookup: SecretLookup = lambda name: None,
                   *, snapshot: bool = True) -> tuple[dict[str, CompiledEndpoint], list[Problem]]:
    """Compile every endpoint of *folder*.  Returns the endpoints that can be
    served (by route key) and the problems found; a syntax error anywhere in
    the folder's code stops the whole folder."""
    sources, problems = read_sources(folder)
    if any(p.is_error for p in problems):
        return {}, problems
    try:
        # Packages ship files Node never loads (ES-module copies, browser
        # builds): those may fail to compile until something requires them.
        code = engine.bytecode(sources, lenient=lambda path: "/node_modules/" in path)
    except CompileError as exc:
        where = folder.path / exc.filename.removeprefix("/app/")
        problems.append(error(where, f"{exc.name}: {exc.js_message}",
                              "Fix the syntax error; fnbox runs CommonJS modules written for Node 20."))
        return {}, problems
    warm = Warm.scan(sources)
    compiled = {}
    for endpoint in folder.endpoints:
        values, missing = endpoint_secrets(folder, endpoint, lookup)
        env = {**endpoint.environment, **values}
        load_error = None
        try:
            unit = engine.load(code, endpoint.entry, env=env, snapshot=snapshot,
                               cache_snapshot=not values, warm=warm)
        except (JavaScriptError, LimitError) as exc:
            # The module throws (or runs away) at load: serve the error per
            # request, as Node would, each time under the request's limits.
            load_error = exc
            unit = engine.load(code, endpoint.entry, env=env, snapshot=False)
            problems.append(warning(folder.path / endpoint.file,
                                    f"endpoint {endpoint.key!r}: {endpoint.file} fails when loaded: {exc}",
                                    "Requests to it will answer with this error until the module loads."))
        compiled[endpoint.route_key] = CompiledEndpoint(folder, endpoint, unit, values, missing, load_error)
    return compiled, problems
