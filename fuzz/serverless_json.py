"""Fuzz ``parse_config(bytes, Path)``: whatever the bytes, it returns its
documented result -- ``(ServerlessConfig | None, list[Problem])`` -- and
every problem is well-formed.  Coverage-guided (atheris) with a JSON
dictionary and a seed corpus of real-looking files.

    python fuzz/serverless_json.py --seconds 30
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402

NAME = "serverless_json"
SOURCE = Path("/fuzz/site.functions/serverless.json")
DICT = Path(__file__).resolve().parent / "serverless_json.dict"

_parse = None


def _setup() -> None:
    global _parse
    with _harness.instrument(["runtime.functions"]):
        from runtime.functions import parse_config
    _parse = parse_config


def check(data: bytes) -> None:
    if _parse is None:
        _setup()
    from runtime.functions import Problem, ServerlessConfig, Severity

    def fail(why: str) -> None:
        raise _harness.Finding(f"{why} (input {data[:200]!r})")

    result = _parse(data, SOURCE)
    if not (isinstance(result, tuple) and len(result) == 2):
        fail(f"parse_config returned {type(result).__name__}, not a pair")
    config, problems = result
    if config is not None and not isinstance(config, ServerlessConfig):
        fail(f"config is a {type(config).__name__}")
    if not isinstance(problems, list):
        fail("problems is not a list")
    lines = data.count(b"\n") + 2
    for p in problems:
        if not isinstance(p, Problem):
            fail(f"a problem is a {type(p).__name__}")
        if p.severity not in (Severity.ERROR, Severity.WARNING) and p.severity not in tuple(Severity):
            fail(f"bad severity {p.severity!r}")
        if p.file != SOURCE:
            fail(f"problem names {p.file}, not the source")
        if not isinstance(p.message, str) or not p.message.strip():
            fail(f"empty message in {p!r}")
        if not isinstance(p.hint, str):
            fail(f"hint is not text in {p!r}")
        if p.key_path is not None and not isinstance(p.key_path, str):
            fail(f"key_path {p.key_path!r}")
        for field in ("line", "column"):
            v = getattr(p, field)
            if v is not None and (not isinstance(v, int) or v < 1):
                fail(f"{field} {v!r} in {p!r}")
        if p.line is not None and p.line > lines:
            fail(f"line {p.line} past the end ({lines - 1} lines)")
        text = str(p)
        if not isinstance(text, str) or not text:
            fail("str(problem) is empty")
        text.encode("utf-8")   # printable on any terminal: no lone surrogates
    has_error = any(p.is_error for p in problems)
    if config is None and not has_error:
        fail("no config and no error problem")
    # Deterministic: the same bytes give the same answer.
    again = _parse(data, SOURCE)
    if again[1] != problems or again[0] != config:
        fail("two parses of the same bytes differ")


def main(argv=None) -> int:
    flags = (f"-dict={DICT}", "-max_len=4096", "-timeout=10")
    return _harness.main(NAME, check, setup=_setup, argv=argv, libfuzzer_flags=flags)


if __name__ == "__main__":
    sys.exit(main())
