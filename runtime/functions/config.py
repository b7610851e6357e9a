"""The shape of ``serverless.json`` as msgspec Structs.

Every field is optional here. Whether a value is *required* or *allowed*
("No file was specified", "Invalid method") is judged by ``rules`` so that
one load can report every problem; these Structs only say what type each
value has. A well-formed file also decodes directly:
``msgspec.json.decode(data, type=ServerlessConfig)``.
"""

from __future__ import annotations

import msgspec
from msgspec import UNSET, UnsetType

ALLOWED_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# HubSpot has shipped all of these over the years; folders in the wild still
# name the old ones, and the sandbox runs them all the same way.
SUPPORTED_RUNTIMES = frozenset(
    f"nodejs{major}.x" for major in (10, 12, 14, 16, 18, 20)
)

# UNSET rather than None: `"file": null` is a type error the user should see,
# while an absent key is a separate, friendlier problem.


class EndpointConfig(msgspec.Struct, frozen=True):
    method: str | list[str] | UnsetType = UNSET
    file: str | UnsetType = UNSET
    environment: dict[str, str] = {}
    secrets: list[str] = []

    @property
    def methods(self) -> tuple[str, ...]:
        """Upper-cased, de-duplicated methods; GET when none is given, as
        HubSpot documents (its dev runtime refuses instead)."""
        if self.method is UNSET:
            return ("GET",)
        given = [self.method] if isinstance(self.method, str) else self.method
        return tuple(dict.fromkeys(m.upper() for m in given))


class ServerlessConfig(msgspec.Struct, frozen=True):
    runtime: str | UnsetType = UNSET
    version: str | UnsetType = UNSET
    environment: dict[str, str] = {}
    secrets: list[str] = []
    endpoints: dict[str, EndpointConfig] = {}
