"""What a server serves: per account, the compiled endpoints of its folders,
and reloading one folder without disturbing the others.

A :class:`Site` is one account as served.  Its route table is replaced whole
when a folder changes, so a request looks it up once and keeps the endpoint
it found even if a reload lands while it runs.  A folder whose new version
has errors keeps its last good version serving.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Iterable, Mapping

from runtime.engine import Engine, Limits
from runtime.functions import FunctionsFolder, Problem, load_many
from runtime.functions.bundle import CompiledEndpoint, SecretLookup, compile_folder
from runtime.functions.folder import CONFIG_NAME, FOLDER_SUFFIX

from .config import ServerConfig, host_name

#: (account id, secret name) -> value, or None when it is not set
AccountSecrets = Callable[[int, str], "str | None"]
#: told about each folder before it is compiled (progress output)
CompileProgress = Callable[[FunctionsFolder], None]


def no_secrets(account_id: int, name: str) -> None:
    return None


@dataclass(frozen=True)
class Build:
    """One folder's endpoints, compiled."""

    folder: FunctionsFolder
    endpoints: Mapping[str, CompiledEndpoint]


@dataclass(frozen=True)
class Reload:
    """What reloading one folder did."""

    account_id: int
    path: Path
    problems: tuple[Problem, ...]
    #: "added", "reloaded", "removed", or on errors "kept" (the last good
    #: version still serves) or "refused" (there was none)
    action: str


@dataclass(eq=False)
class Site:
    account_id: int
    hosts: tuple[str, ...]
    sources: tuple[Path, ...]
    limits: Limits
    builds: dict[Path, Build] = field(default_factory=dict)
    routes: Mapping[str, CompiledEndpoint] = field(default_factory=lambda: MappingProxyType({}))

    def publish(self) -> None:
        """Make the builds' endpoints the route table, in one assignment."""
        routes: dict[str, CompiledEndpoint] = {}
        for build in self.builds.values():
            routes.update(build.endpoints)
        self.routes = MappingProxyType(routes)

    def owner(self, path: Path) -> Path | None:
        """The functions folder of this site that *path* (a changed file) is in."""
        for source in self.sources:
            if path != source and source not in path.parents:
                continue
            if source.name.endswith(FOLDER_SUFFIX) or (source / CONFIG_NAME).is_file():
                return source
            # A directory of folders: the child the change is in, if it is one.
            parts = path.relative_to(source).parts
            if parts and parts[0].endswith(FOLDER_SUFFIX):
                return source / parts[0]
        return None


class Deployment:
    def __init__(self, engine: Engine, config: ServerConfig, *, secrets: AccountSecrets = no_secrets):
        self.engine = engine
        self.snapshot = config.snapshot
        self.secrets = secrets
        self.sites = tuple(
            Site(account_id, tuple(host_name(h) for h in account.hosts),
                 tuple(Path(folder) for folder in account.folders), config.account_limits(account))
            for account_id, account in config.accounts.items())
        self._by_host = {host: site for site in self.sites for host in site.hosts}
        self._default = next((site for site in self.sites if not site.hosts), None)

    @classmethod
    def build(cls, engine: Engine, config: ServerConfig, *, secrets: AccountSecrets = no_secrets,
              progress: CompileProgress | None = None) -> tuple["Deployment", list[Problem]]:
        """Load and compile every account's folders.  A folder with errors is
        left out (its problems are returned); the others are served."""
        deployment = cls(engine, config, secrets=secrets)
        problems: list[Problem] = []
        for site in deployment.sites:
            loaded = load_many(site.sources)
            problems += loaded.problems
            for folder in loaded.folders:
                if progress:
                    progress(folder)
                built, found = deployment._compile(site, folder)
                problems += found
                if built:
                    site.builds[folder.path] = built
            site.publish()
        return deployment, problems

    def site_for(self, host: str) -> Site | None:
        """The account answering requests for a Host header."""
        return self._by_host.get(host_name(host), self._default)

    @property
    def route_count(self) -> int:
        return sum(len(site.routes) for site in self.sites)

    def _compile(self, site: Site, folder: FunctionsFolder) -> tuple[Build | None, list[Problem]]:
        lookup: SecretLookup = lambda name: self.secrets(site.account_id, name)  # noqa: E731
        endpoints, problems = compile_folder(self.engine, folder, lookup, snapshot=self.snapshot)
        if any(p.is_error for p in problems):
            return None, problems
        return Build(folder, MappingProxyType(endpoints)), problems

    def changed(self, paths: Iterable[Path]) -> list[tuple[Site, Path]]:
        """The (site, folder) pairs that changed files belong to."""
        found: dict[tuple[int, Path], tuple[Site, Path]] = {}
        for path in paths:
            for site in self.sites:
                folder = site.owner(path)
                if folder is not None:
                    found.setdefault((site.account_id, folder), (site, folder))
        return list(found.values())

    def reload(self, site: Site, path: Path) -> Reload:
        """Load and compile one folder again (blocking: run it in a thread).
        Only this folder's routes change, and only if it has no errors."""
        if not path.is_dir():
            if site.builds.pop(path, None) is None:
                return Reload(site.account_id, path, (), "kept")
            site.publish()
            return Reload(site.account_id, path, (), "removed")
        # The folders serving now go first, so that a clash over an endpoint
        # path rejects the changed folder rather than one that was fine.
        others = [p for p in site.builds if p != path]
        refused = "kept" if path in site.builds else "refused"
        loaded = load_many([*others, path])
        folder = next((f for f in loaded.folders if f.path == path), None)
        if folder is None:
            return Reload(site.account_id, path, loaded.rejected.get(path, loaded.errors), refused)
        built, problems = self._compile(site, folder)
        found = (*folder.warnings, *problems)
        if built is None:
            return Reload(site.account_id, path, found, refused)
        action = "reloaded" if path in site.builds else "added"
        site.builds[path] = built
        site.publish()
        return Reload(site.account_id, path, found, action)
