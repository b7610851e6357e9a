"""Loading one ``*.functions`` folder into endpoints the runtime can serve."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from msgspec import UNSET

from .config import ServerlessConfig
from .dotenv import DotEnv, read_dotenv
from .files import EntryError, entry_file, guest_path, scan_module_files
from .parse import parse_config
from .problems import FolderError, Problem, error, join_field, join_item, warning

CONFIG_NAME = "serverless.json"
FOLDER_SUFFIX = ".functions"


@dataclass(frozen=True, slots=True, kw_only=True)
class Endpoint:
    """One route. ``environment`` is the folder's overlaid with the
    endpoint's own; ``secrets`` the folder's plus the endpoint's."""

    key: str
    methods: tuple[str, ...]
    file: str
    entry: str
    environment: Mapping[str, str]
    secrets: tuple[str, ...]

    @property
    def route_key(self) -> str:
        """The key requests are matched on (routing ignores case)."""
        return self.key.lower()


@dataclass(frozen=True, slots=True, kw_only=True)
class FunctionsFolder:
    """A loaded folder. ``path`` is absolute; ``secrets`` are the
    folder-level names (endpoints may add their own); ``dotenv`` holds the
    values of ``.env``, meant only as local fallbacks for secrets."""

    path: Path
    runtime: str | None
    version: str | None
    secrets: tuple[str, ...]
    endpoints: tuple[Endpoint, ...]
    dotenv: DotEnv = field(repr=False)
    warnings: tuple[Problem, ...] = ()
    _files: Mapping[str, Path] = field(repr=False)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def all_secrets(self) -> frozenset[str]:
        """Every secret name the folder or any of its endpoints may read."""
        return frozenset(self.secrets).union(*(e.secrets for e in self.endpoints))

    def module_files(self) -> Mapping[str, Path]:
        """Guest path (``/app/endpoints/mission.js``) → resolved host path
        of every file the sandbox may load."""
        return self._files


def load_folder(path: str | os.PathLike[str]) -> FunctionsFolder:
    """Load and check a folder. Raises FolderError listing every error (and
    warning) found; on success the warnings are on ``.warnings``."""
    root = Path(path).absolute()
    if not root.is_dir():
        reason = "is not a folder" if root.exists() else "does not exist"
        raise FolderError(root, [error(root, f"{root} {reason}", "Give the path of a .functions folder.")])
    problems: list[Problem] = []
    if not root.name.endswith(FOLDER_SUFFIX):
        problems.append(
            warning(
                root,
                f'Folder name does not end in "{FOLDER_SUFFIX}"',
                f"HubSpot only deploys folders named like {root.name}{FOLDER_SUFFIX}; rename it.",
            )
        )
    config = _read_config(root, problems)
    endpoints = _endpoints(root, config, problems) if config else []
    files, file_problems = scan_module_files(root, (e.file for e in endpoints))
    problems += file_problems
    dotenv, dotenv_problems = read_dotenv(root / ".env")
    problems += dotenv_problems
    if any(p.is_error for p in problems):
        raise FolderError(root, problems)
    assert config is not None  # a missing or unreadable config is an error
    return FunctionsFolder(
        path=root,
        runtime=None if config.runtime is UNSET else config.runtime,
        version=None if config.version is UNSET else config.version,
        secrets=tuple(dict.fromkeys(config.secrets)),
        endpoints=tuple(endpoints),
        dotenv=dotenv,
        warnings=tuple(problems),
        _files=MappingProxyType(files),
    )


def _read_config(root: Path, problems: list[Problem]) -> ServerlessConfig | None:
    source = root / CONFIG_NAME
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        problems.append(
            error(
                source,
                f"No {CONFIG_NAME} found in {root}",
                f'Every .functions folder needs a {CONFIG_NAME}, e.g. {{"runtime": "nodejs20.x", "version": "1.0", '
                '"endpoints": {"hello": {"method": "GET", "file": "hello.js"}}}',
            )
        )
        return None
    except OSError as exc:
        problems.append(error(source, f"Cannot read {CONFIG_NAME}: {exc.strerror}", "Fix the file's permissions."))
        return None
    config, found = parse_config(data, source)
    problems += found
    return config


def _endpoints(root: Path, config: ServerlessConfig, problems: list[Problem]) -> list[Endpoint]:
    """Endpoints whose file checks out; problems for those whose does not."""
    endpoints = []
    for key, endpoint in config.endpoints.items():
        if endpoint.file is UNSET:
            continue
        try:
            file = entry_file(root, endpoint.file)
        except EntryError as exc:
            problems.append(
                error(
                    root / CONFIG_NAME,
                    f'File "{endpoint.file}" for route "{key}" {exc.reason}',
                    exc.hint,
                    key_path=join_field(join_item("endpoints", key), "file"),
                )
            )
            continue
        endpoints.append(
            Endpoint(
                key=key,
                methods=endpoint.methods,
                file=file,
                entry=guest_path(file),
                environment=MappingProxyType(config.environment | endpoint.environment),
                secrets=tuple(dict.fromkeys(config.secrets + endpoint.secrets)),
            )
        )
    return endpoints
