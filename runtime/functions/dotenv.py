"""Reading ``<folder>/.env``, the local-development stand-in for secrets.

The syntax follows the npm ``dotenv`` package that HubSpot's dev runtime
reads it with, so a file that worked there means the same here: optional
``export``, single/double/backtick quotes (double quotes expand ``\\n`` and
``\\r`` and may span lines), and ``#`` starting a comment in an unquoted
value. Values never appear in problems or reprs.
"""

from __future__ import annotations

import re
from pathlib import Path

from .problems import Problem, warning

_ENTRY = re.compile(
    r"""[ \t]*(?:export[ \t]+)?(?P<key>[\w.-]+)[ \t]*=[ \t]*
    (?P<value>'(?:\\'|[^'])*'|"(?:\\"|[^"])*"|`(?:\\`|[^`])*`|[^#\n]*)
    [ \t]*(?:\#[^\n]*)?$""",
    re.ASCII | re.MULTILINE | re.VERBOSE,
)
_SKIP = re.compile(r"[ \t]*(?:#[^\n]*)?$", re.MULTILINE)


class DotEnv(dict[str, str]):
    """A plain dict whose repr names the keys but hides the values, so
    logging a folder never leaks them."""

    def __repr__(self) -> str:
        return f"DotEnv({sorted(self)!r}, values hidden)"


def read_dotenv(path: Path) -> tuple[DotEnv, list[Problem]]:
    """The variables in ``path`` (empty when there is no such file) and
    warnings for lines that could not be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return DotEnv(), []
    except (OSError, UnicodeDecodeError) as exc:
        reason = "it is not valid UTF-8" if isinstance(exc, UnicodeDecodeError) else exc.strerror
        return DotEnv(), [warning(path, f"Cannot read .env: {reason}; it was ignored", "Save it as UTF-8 text.")]
    return parse_dotenv(text, path)


def parse_dotenv(text: str, source: Path) -> tuple[DotEnv, list[Problem]]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    values = DotEnv()
    problems: list[Problem] = []
    position = 0
    while position < len(text):
        entry = _ENTRY.match(text, position)
        if entry:
            values[entry["key"]] = _unquote(entry["value"].strip())
            end = entry.end()
        else:
            end = text.find("\n", position)
            end = len(text) if end == -1 else end
            if not _SKIP.match(text, position, end):
                # The line is not shown: it may hold a secret.
                problems.append(
                    warning(
                        source,
                        "Line is not NAME=value; it was ignored",
                        'Write NAME=value, quoting values that contain "#" or span lines.',
                        line=text.count("\n", 0, position) + 1,
                    )
                )
        position = end + 1
    return values, problems


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"`":
        inner = value[1:-1]
        return inner.replace("\\n", "\n").replace("\\r", "\r") if value[0] == '"' else inner
    return value
