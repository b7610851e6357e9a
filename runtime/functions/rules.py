"""What serverless.json may say, beyond value types: allowed methods and
runtimes, endpoint paths, reserved and clashing variable names.

Nothing here touches the disk; ``files`` checks the paths a config names.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Collection

from msgspec import UNSET

from .config import ALLOWED_METHODS, SUPPORTED_RUNTIMES, EndpointConfig, ServerlessConfig
from .problems import Problem, error, join_field, join_item, warning

_ENDPOINT_CHAR = re.compile(r"[A-Za-z0-9_\-./]")
_RESERVED_PREFIXES = ("AWS_", "LAMBDA_")
_RESERVED_NAMES = frozenset({"_HANDLER", "TZ"})


def check_config(
    config: ServerlessConfig, *, source: Path, reported: Collection[str]
) -> list[Problem]:
    """Problems with the meaning of ``config``. ``reported`` holds key paths
    that already have a type error: a value that was dropped for its type is
    not also reported as missing."""
    check = _Checker(source, reported)
    check.runtime(config)
    check.names(config.secrets, "secrets", "Secret")
    check.environment(config.environment, "environment", set(config.secrets))
    if not config.endpoints and check.untouched("endpoints"):
        check.problems.append(
            error(
                source,
                f"No endpoints found in {source}.",
                'Add at least one endpoint, e.g. "endpoints": {"hello": {"method": "GET", "file": "hello.js"}}',
                key_path="endpoints",
            )
        )
    seen: dict[str, str] = {}
    for key, endpoint in config.endpoints.items():
        path = join_item("endpoints", key)
        check.endpoint_key(key, path, seen)
        check.endpoint(key, endpoint, path, config)
    return check.problems


def is_reserved(name: str) -> bool:
    return name in _RESERVED_NAMES or name.startswith(_RESERVED_PREFIXES)


class _Checker:
    def __init__(self, source: Path, reported: Collection[str]):
        self.source = source
        self.reported = reported
        self.problems: list[Problem] = []

    def untouched(self, path: str) -> bool:
        """True unless ``path`` or something inside it had a type error."""
        return not any(p == path or p.startswith((path + ".", path + "[")) for p in self.reported)

    def runtime(self, config: ServerlessConfig) -> None:
        if config.runtime is UNSET:
            if self.untouched("runtime"):
                self.problems.append(
                    warning(
                        self.source,
                        "No runtime specified",
                        'Add "runtime": "nodejs20.x" to say which Node.js version the code is written for.',
                        key_path="runtime",
                    )
                )
        elif config.runtime not in SUPPORTED_RUNTIMES:
            self.problems.append(
                warning(
                    self.source,
                    f'Unknown runtime "{config.runtime}"; the function runs in fnbox\'s Node-compatible sandbox anyway',
                    'Use a Node.js runtime HubSpot accepts, e.g. "runtime": "nodejs20.x".',
                    key_path="runtime",
                )
            )

    def names(self, names: list[str], path: str, what: str) -> None:
        """Secrets become process.env entries too, so the same names are off limits."""
        for index, name in enumerate(names):
            if is_reserved(name):
                self.problems.append(_reserved(self.source, join_item(path, index), what, name))

    def environment(self, environment: dict[str, str], path: str, secrets: Collection[str]) -> None:
        for name in environment:
            where = join_item(path, name)
            if is_reserved(name):
                self.problems.append(_reserved(self.source, where, "Environment variable", name))
            if name in secrets:
                self.problems.append(_clash(self.source, where, name))

    def endpoint_key(self, key: str, path: str, seen: dict[str, str]) -> None:
        reason = endpoint_key_problem(key)
        if reason:
            self.problems.append(
                error(
                    self.source,
                    f'Invalid endpoint path "{key}": {reason}',
                    'Use segments of letters, digits, "_", "-" and "." joined by "/", e.g. "registration/new"; '
                    "it is served at /_hcms/api/<endpoint path>.",
                    key_path=path,
                )
            )
        # Requests are routed case-insensitively, so these two could never both be reached.
        first = seen.setdefault(key.lower(), key)
        if first != key:
            self.problems.append(
                error(
                    self.source,
                    f'Endpoint "{key}" clashes with endpoint "{first}": endpoint paths are matched case-insensitively',
                    "Rename or remove one of them.",
                    key_path=path,
                )
            )

    def endpoint(self, key: str, endpoint: EndpointConfig, path: str, config: ServerlessConfig) -> None:
        self.methods(key, endpoint, join_field(path, "method"))
        if endpoint.file is UNSET and self.untouched(join_field(path, "file")):
            self.problems.append(
                error(
                    self.source,
                    f'No file was specified for route "{key}"',
                    'Add "file" with the path of the function\'s .js file relative to the folder, '
                    'e.g. "file": "endpoints/hello.js".',
                    key_path=join_field(path, "file"),
                )
            )
        self.names(endpoint.secrets, join_field(path, "secrets"), "Secret")
        # Folder-level clashes were reported once already; only report what this endpoint adds.
        own_env = join_field(path, "environment")
        self.environment(endpoint.environment, own_env, set(config.secrets) | set(endpoint.secrets))
        for index, name in enumerate(endpoint.secrets):
            if name in config.environment and name not in endpoint.environment:
                self.problems.append(_clash(self.source, join_item(join_field(path, "secrets"), index), name))

    def methods(self, key: str, endpoint: EndpointConfig, path: str) -> None:
        if endpoint.method is UNSET:
            return
        if isinstance(endpoint.method, str):
            given = [(path, endpoint.method)]
        else:
            given = [(join_item(path, i), m) for i, m in enumerate(endpoint.method)]
        if not given:
            self.problems.append(
                error(
                    self.source,
                    f'No method was specified for route "{key}"',
                    'List at least one method, e.g. "method": ["GET"], or leave "method" out for GET.',
                    key_path=path,
                )
            )
        for where, method in given:
            if method.upper() not in ALLOWED_METHODS:
                self.problems.append(
                    error(
                        self.source,
                        f'Invalid method "{method}" for route "{key}". Allowed values are {", ".join(ALLOWED_METHODS)}',
                        "Use one of the allowed methods; OPTIONS is answered automatically for CORS.",
                        key_path=where,
                    )
                )


def endpoint_key_problem(key: str) -> str | None:
    """Why ``key`` cannot be an endpoint path, or None if it can."""
    if not key:
        return "it is empty"
    if key.startswith("/") or key.endswith("/"):
        return 'it must not start or end with "/"'
    bad = [c for c in dict.fromkeys(key) if not _ENDPOINT_CHAR.fullmatch(c)]
    if bad:
        listed = ", ".join(json.dumps(c, ensure_ascii=False) for c in bad)
        return f'it contains {listed}; only letters, digits, "_", "-", "." and "/" are allowed'
    if any(segment in ("", ".", "..") for segment in key.split("/")):
        return 'it has an empty, "." or ".." segment'
    return None


def _reserved(source: Path, path: str, what: str, name: str) -> Problem:
    return error(
        source,
        f'{what} "{name}" is reserved by AWS Lambda',
        "Rename it: HubSpot's runtime does not let functions set _HANDLER, TZ, AWS_* or LAMBDA_* variables.",
        key_path=path,
    )


def _clash(source: Path, path: str, name: str) -> Problem:
    return error(
        source,
        f'Environment variable "{name}" has the same name as a secret',
        f'Rename the variable or drop "{name}" from "secrets": both would set process.env.{name}.',
        key_path=path,
    )
