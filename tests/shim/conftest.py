"""Conformance helpers: run the same snippet in fnbox and in Node 20.

``run_js(code)`` runs *code* as the body of an async function in a fresh
sandbox and returns what it printed to stdout (console.log/info/debug/dir/
table/time lines), which is what ``node_js(code)`` returns for real Node.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from runtime.engine import Engine, NoResponseError

STDOUT_LEVELS = {"INFO", "DEBUG"}

NODE = shutil.which("node")


def _wrap(code: str) -> str:
    return "exports.main = async () => {\n" + code + "\n};\n"


@pytest.fixture(scope="session")
def run_js(engine: Engine):
    def run(code: str, *, deterministic: bool = False) -> str:
        unit = engine.compile({"/app/index.js": _wrap(code)}, entry="/app/index.js", snapshot=False)
        result = engine.invoke_sync(unit, None, deterministic=deterministic)
        if result.error is not None and not isinstance(result.error, NoResponseError):
            printed = result.console_text()
            raise AssertionError(f"guest failed: {result.error!r}\n{getattr(result.error, 'stack', '')}\n"
                                 f"console so far:\n{printed}")
        return "".join(line.text + "\n" for line in result.logs if line.level in STDOUT_LEVELS)
    return run


@pytest.fixture(scope="session")
def node_js():
    if NODE is None:
        pytest.fail("node is required for the conformance tests (Debian package nodejs)")

    def run(code: str) -> str:
        script = "(async () => {\n" + code + "\n})().catch((e) => { console.error(e); process.exit(1); });"
        done = subprocess.run([NODE, "-e", script], capture_output=True, text=True, timeout=30)
        if done.returncode != 0:
            raise AssertionError(f"node failed:\n{done.stderr}")
        return done.stdout
    return run
