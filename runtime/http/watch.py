"""``--watch``: reload a folder when its files change.

Each changed folder is loaded and compiled again in a worker thread while
requests go on; only that folder's routes are replaced, and only when the
new version has no errors (otherwise the errors are printed and the last
good version keeps serving).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from watchfiles import DefaultFilter, awatch

from runtime.secrets import SecretError

from .console import print_reload
from .deployment import Deployment

#: Editors save in several steps; wait this long for the last one.
DEBOUNCE_MS = 300

# Functions may ship their own node_modules, which watchfiles skips by default.
_FILTER = DefaultFilter(ignore_dirs=[d for d in DefaultFilter.ignore_dirs if d != "node_modules"])


async def watch(deployment: Deployment, console: Console, lock: asyncio.Lock | None = None) -> None:
    """Reload changed folders until cancelled; *lock* keeps this from
    reloading a folder while something else (changed secrets) does."""
    lock = lock or asyncio.Lock()
    roots = sorted({str(source) for site in deployment.sites for source in site.sources
                    if source.exists()})
    if not roots:
        return
    console.print(f"Watching {len(roots)} path{'s' if len(roots) != 1 else ''} for changes")
    async for changes in awatch(*roots, watch_filter=_FILTER, debounce=DEBOUNCE_MS):
        for site, folder in deployment.changed(Path(path) for _, path in changes):
            try:
                async with lock:
                    reload = await asyncio.to_thread(deployment.reload, site, folder)
            except SecretError as exc:
                console.print(f"[red]Cannot reload {escape(folder.name)}:[/red] {escape(str(exc))}")
                continue
            print_reload(console, reload)
