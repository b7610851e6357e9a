"""The ``[egress]`` table of ``fnbox.toml``.

```toml
[egress]
allow = ["10.20.0.0/16", "crm.internal.example"]   # every folder of the server
max_requests = 50              # per invocation, redirect hops included
max_response_bytes = 6291456   # per response body (decoded)
max_redirects = 10

[egress.folders]               # a folder's own openings, on top of the server's
"sites/main/crm.functions" = ["*.crm.internal.example", "127.0.0.1"]
```

Folder keys are paths relative to the configuration file (as ``folders`` in
``[accounts.N]``); :func:`resolve_folders` turns them into absolute paths.
The allowlist lives with the operator, never in a folder's own files: a
function's author must not be able to open the internal network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import msgspec

from .policy import Allowlist, PolicyError

MIB = 1024 * 1024


class EgressConfig(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, frozen=True):
    #: opened for every folder of the server
    allow: list[str] = []
    #: functions folder path -> entries opened for that folder only
    folders: dict[str, list[str]] = {}
    max_requests: Annotated[int, msgspec.Meta(ge=0, le=10_000)] = 50
    max_response_bytes: Annotated[int, msgspec.Meta(ge=0, le=1024 * MIB)] = 6 * MIB
    max_redirects: Annotated[int, msgspec.Meta(ge=0, le=20)] = 10

    def check(self) -> None:
        """Raise :class:`PolicyError` naming the key of the first entry that
        cannot be used (``egress.folders."a.functions": '*' would open ...``)."""
        try:
            Allowlist.parse(self.allow)
        except PolicyError as exc:
            raise PolicyError(f"egress.allow: {exc}") from None
        for folder, entries in self.folders.items():
            try:
                Allowlist.parse(entries)
            except PolicyError as exc:
                raise PolicyError(f'egress.folders."{folder}": {exc}') from None

    def allow_for(self, folder: str | Path) -> list[str]:
        """The entries a folder opens on top of ``allow`` (paths compared
        after resolving; use :func:`resolve_folders` first)."""
        key = str(Path(folder).resolve())
        for path, entries in self.folders.items():
            if str(Path(path).resolve()) == key:
                return list(entries)
        return []


def resolve_folders(config: EgressConfig, base_dir: Path) -> EgressConfig:
    """Folder keys made absolute, relative to *base_dir* (the config file's)."""
    folders = {str((base_dir / path).resolve()): entries for path, entries in config.folders.items()}
    return msgspec.structs.replace(config, folders=folders)
