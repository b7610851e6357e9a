from __future__ import annotations

import pytest

from runtime.engine import Engine, Limits, Result


@pytest.fixture
def run(engine: Engine):
    """run(source_of_index_js, input=None, **invoke_kwargs) -> Result (no snapshot)."""
    def go(source: str, input=None, *, snapshot: bool = False, **kwargs) -> Result:
        unit = engine.compile({"/app/index.js": source}, entry="/app/index.js", snapshot=snapshot)
        return engine.invoke_sync(unit, input, **kwargs)
    return go


#: Small limits so that limit tests finish quickly.
SMALL = Limits(wall_ms=5_000, fuel=3_000_000_000, memory_bytes=64 * 1024 * 1024)


def main_body(body: str) -> str:
    return "exports.main = async (input, send) => {\n" + body + "\n};"
