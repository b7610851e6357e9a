"""The text of a serverless.json → ServerlessConfig and every problem in it:
syntax, then types, then meaning. No disk access."""

from __future__ import annotations

from pathlib import Path

from .config import ServerlessConfig
from .decode import decode_config
from .jsonfile import InvalidJson, parse_json
from .problems import Problem
from .rules import check_config


def parse_config(data: bytes, source: Path) -> tuple[ServerlessConfig | None, list[Problem]]:
    """``source`` names the file in problems. The config is None when the
    JSON cannot be read as an object at all; when there are errors it holds
    only the well-typed parts."""
    try:
        raw = parse_json(data, source)
    except InvalidJson as exc:
        return None, [exc.problem]
    config, problems = decode_config(raw, source)
    if config is not None:
        reported = {p.key_path for p in problems if p.is_error and p.key_path}
        problems += check_config(config, source=source, reported=reported)
    return config, problems
