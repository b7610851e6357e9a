"""Loading every functions folder of one account: finding the folders,
keeping endpoint paths unique, and enforcing the per-account limits.

Folders are taken in the order given (a directory's children sorted by
name); the first folder to claim an endpoint path or to fit under a limit
wins, and a folder that cannot be loaded is left out whole, so what is
served never depends on which half of a folder happened to be valid.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Mapping

from .folder import CONFIG_NAME, FOLDER_SUFFIX, Endpoint, FunctionsFolder, load_folder
from .problems import FolderError, Problem, error, join_item


@dataclass(frozen=True, slots=True)
class AccountLimits:
    """HubSpot's documented per-account limits."""

    max_endpoints: int = 100
    max_secrets: int = 50


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadResult:
    folders: tuple[FunctionsFolder, ...]
    problems: tuple[Problem, ...]
    """Everything found, errors and warnings, in the order found."""
    rejected: Mapping[Path, tuple[Problem, ...]]
    """Each folder (or given path) that was not loaded → its problems."""
    routes: Mapping[str, tuple[FunctionsFolder, Endpoint]] = field(repr=False)
    """Endpoint.route_key → the folder and endpoint that serve it."""

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)


def load_many(
    paths: Iterable[str | os.PathLike[str]], account_limits: AccountLimits = AccountLimits()
) -> LoadResult:
    """Load every folder in ``paths``: each a ``.functions`` folder (or any
    folder holding a serverless.json), or a directory whose ``*.functions``
    children are loaded. Never raises for a bad folder."""
    problems: list[Problem] = []
    rejected: dict[Path, tuple[Problem, ...]] = {}
    folders: list[FunctionsFolder] = []
    routes: dict[str, tuple[FunctionsFolder, Endpoint]] = {}
    secrets: set[str] = set()
    # A folder can be named directly and also sit in a directory named too.
    visited: set[Path] = set()

    def reject(path: Path, found: Iterable[Problem]) -> None:
        found = tuple(found)
        problems.extend(found)
        rejected[path] = found

    for given in paths:
        located, not_found = find_folders(given)
        if not_found:
            reject(not_found.file, [not_found])
        for folder_path in located:
            if folder_path.resolve() in visited:
                continue
            visited.add(folder_path.resolve())
            try:
                folder = load_folder(folder_path)
            except FolderError as exc:
                reject(exc.folder, exc.problems)
                continue
            clashes = [
                _duplicate(folder, e, routes[e.route_key][0]) for e in folder.endpoints if e.route_key in routes
            ]
            over = _over_limits(folder, len(routes), secrets, account_limits)
            if clashes or over:
                reject(folder.path, [*folder.warnings, *clashes, *over])
                continue
            problems.extend(folder.warnings)
            folders.append(folder)
            routes.update((e.route_key, (folder, e)) for e in folder.endpoints)
            secrets |= folder.all_secrets
    return LoadResult(
        folders=tuple(folders),
        problems=tuple(problems),
        rejected=MappingProxyType(rejected),
        routes=MappingProxyType(routes),
    )


def find_folders(path: str | os.PathLike[str]) -> tuple[list[Path], Problem | None]:
    """``path`` itself if it is a functions folder, else its ``*.functions``
    children; or a problem saying why there is nothing to load."""
    path = Path(path).absolute()
    if not path.is_dir():
        reason = "is not a folder" if path.exists() else "does not exist"
        return [], error(path, f"{path} {reason}", "Give a .functions folder or a folder that contains some.")
    if path.name.endswith(FOLDER_SUFFIX) or (path / CONFIG_NAME).is_file():
        return [path], None
    children = sorted(p for p in path.iterdir() if p.name.endswith(FOLDER_SUFFIX) and p.is_dir())
    if not children:
        return [], error(
            path,
            f"No *{FOLDER_SUFFIX} folders found in {path}",
            f"Give a folder named like site{FOLDER_SUFFIX}, or the folder that contains them.",
        )
    return children, None


def _duplicate(folder: FunctionsFolder, endpoint: Endpoint, owner: FunctionsFolder) -> Problem:
    return error(
        folder.path / CONFIG_NAME,
        f'Endpoint "{endpoint.key}" is defined in both {owner.path} and {folder.path}',
        "Endpoint paths are shared by the whole account and matched case-insensitively: "
        f"rename one. {folder.path} was not loaded.",
        key_path=join_item("endpoints", endpoint.key),
    )


def _over_limits(
    folder: FunctionsFolder, endpoint_count: int, secrets: set[str], limits: AccountLimits
) -> list[Problem]:
    found = []
    endpoints = endpoint_count + len(folder.endpoints)
    if endpoints > limits.max_endpoints:
        found.append(
            error(
                folder.path / CONFIG_NAME,
                f"Loading {folder.path} would bring the account to {endpoints} endpoints; "
                f"the limit is {limits.max_endpoints} per account",
                f"Remove endpoints you no longer need. {folder.path} was not loaded.",
            )
        )
    distinct = len(secrets | folder.all_secrets)
    if distinct > limits.max_secrets:
        found.append(
            error(
                folder.path / CONFIG_NAME,
                f"Loading {folder.path} would bring the account to {distinct} distinct secrets; "
                f"the limit is {limits.max_secrets} per account",
                f"Share secrets between folders or drop unused ones. {folder.path} was not loaded.",
            )
        )
    return found
