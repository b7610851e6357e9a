"""Which endpoint a URL names, as a Starlette route.

Functions answer at ``/_hcms/api/<endpoint>`` (CMS functions) and
``/hs/serverless/<endpoint>`` (project functions).  Prefix and endpoint
match without regard to case and one trailing slash is accepted; anything
past the endpoint's path names another endpoint, which is unknown (404).
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable

from starlette.routing import BaseRoute, Match, NoMatchFound

PREFIXES = ("/_hcms/api/", "/hs/serverless/")
#: where the matched endpoint key (lower case) is put in the ASGI scope
ENDPOINT_KEY = "fnbox.endpoint"

ASGIApp = Callable[[dict, Callable, Callable], Awaitable[None]]


def endpoint_key(path: str) -> str | None:
    """``/_HCMS/api/Registration/New/`` -> ``registration/new``; None for a
    path that is not a function URL."""
    lower = path.lower()
    for prefix in PREFIXES:
        if lower.startswith(prefix):
            key = lower[len(prefix):]
            return key[:-1] if key.endswith("/") else key
    return None


class FunctionRoute(BaseRoute):
    """Every function URL, handed to one ASGI handler."""

    def __init__(self, handler: ASGIApp):
        self.handler = handler

    def matches(self, scope: dict) -> tuple[Match, dict]:
        if scope["type"] == "http":
            path = scope["path"]
            # Mounted inside another app, the mount's prefix is not ours.
            root = scope.get("root_path", "")
            if root and path.startswith(root):
                path = path[len(root):]
            key = endpoint_key(path)
            if key is not None:
                return Match.FULL, {ENDPOINT_KEY: key}
        return Match.NONE, {}

    async def handle(self, scope: dict, receive: Callable, send: Callable) -> None:
        await self.handler(scope, receive, send)

    def url_path_for(self, name: str, /, **path_params: Any):
        raise NoMatchFound(name, path_params)
