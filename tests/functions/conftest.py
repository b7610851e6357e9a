"""Builders for functions folders on disk, shaped like real HubSpot ones."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import pytest

from runtime.functions import FolderError, Problem, load_folder

HELLO_JS = """exports.main = async (context, sendResponse) => {
  sendResponse({ statusCode: 200, body: { message: "Hello, " + (context.params.name || ["world"])[0] } });
};
"""

MakeFolder = Callable[..., Path]


@pytest.fixture
def make_folder(tmp_path: Path) -> MakeFolder:
    """make_folder(config, files={...}, name="site.functions", parent=tmp_path).

    ``config`` is a dict (written as JSON), a str or bytes (written as is) or
    None (no serverless.json). Every ``file`` named by an endpoint is created
    with a small handler unless ``files`` says otherwise."""

    def make(
        config: dict | str | bytes | None,
        files: dict[str, str | bytes] | None = None,
        name: str = "site.functions",
        parent: Path | None = None,
    ) -> Path:
        root = (parent or tmp_path) / name
        root.mkdir(parents=True)
        wanted: dict[str, str | bytes] = {}
        if isinstance(config, dict):
            for endpoint in config.get("endpoints", {}).values():
                if isinstance(endpoint, dict) and isinstance(endpoint.get("file"), str):
                    file = endpoint["file"]
                    if file and not file.startswith(("/", "..")) and file.endswith((".js", ".cjs")):
                        wanted[file] = HELLO_JS
        wanted.update(files or {})
        for relative, content in wanted.items():
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content)
        if isinstance(config, dict):
            (root / "serverless.json").write_text(json.dumps(config, indent=2))
        elif isinstance(config, str):
            (root / "serverless.json").write_text(config)
        elif isinstance(config, bytes):
            (root / "serverless.json").write_bytes(config)
        return root

    return make


@pytest.fixture
def problems_of() -> Callable[[Path], tuple[Problem, ...]]:
    """The problems of a folder that must fail to load."""

    def problems(root: Path) -> tuple[Problem, ...]:
        with pytest.raises(FolderError) as caught:
            load_folder(root)
        return caught.value.problems

    return problems


@pytest.fixture
def hello_config() -> Callable[..., dict]:
    """hello_config(**overrides): the serverless.json HubSpot's CLI writes
    for a new folder, with top-level keys replaced."""

    def config(**overrides) -> dict:
        return {
            "runtime": "nodejs20.x",
            "version": "1.0",
            "environment": {},
            "secrets": [],
            "endpoints": {"hello": {"method": "GET", "file": "hello.js"}},
        } | overrides

    return config
