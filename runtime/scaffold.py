"""``fnbox create function``: a new functions folder, or one more endpoint in
an existing folder, like ``hs create function`` does offline.  Nothing that
exists is overwritten."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from runtime.functions import ALLOWED_METHODS
from runtime.functions.folder import CONFIG_NAME, FOLDER_SUFFIX

RUNTIME = "nodejs20.x"
_ENDPOINT_PATH = re.compile(r"^[A-Za-z0-9_.\-]+(/[A-Za-z0-9_.\-]+)*$")

TEMPLATE = """\
// Answers {methods} {prefix}{path}
// context: params (query string, each name with all its values), body (parsed
// JSON for POST/PUT/PATCH), headers, accountId, secrets, limits.
exports.main = async (context, sendResponse) => {{
  const name = (context.params.name || ["world"])[0];
  sendResponse({{ statusCode: 200, body: {{ message: `Hello, ${{name}}` }} }});
}};
"""


class ScaffoldError(Exception):
    """The endpoint cannot be created; the message says why."""


@dataclass(frozen=True)
class Created:
    folder: Path
    files: tuple[Path, ...]
    endpoint: str
    methods: tuple[str, ...]
    new_folder: bool


def create_function(name: str, dest: Path, endpoint_path: str | None = None,
                    methods: tuple[str, ...] = ("GET",)) -> Created:
    folder = dest / (name if name.endswith(FOLDER_SUFFIX) else name + FOLDER_SUFFIX)
    stem = folder.name.removesuffix(FOLDER_SUFFIX)
    path = (endpoint_path or stem).strip("/")
    if not _ENDPOINT_PATH.match(path):
        raise ScaffoldError(f"{path!r} is not a usable endpoint path: use letters, digits, '-', '_', '.' "
                            "and '/' between segments, e.g. registration/new")
    methods = tuple(dict.fromkeys(m.upper() for m in methods)) or ("GET",)
    unknown = [m for m in methods if m not in ALLOWED_METHODS]
    if unknown:
        raise ScaffoldError(f"method {unknown[0]} is not one of {', '.join(ALLOWED_METHODS)}")
    script = folder / (path.replace("/", "-") + ".js")
    config_file = folder / CONFIG_NAME
    entry = {"method": methods[0] if len(methods) == 1 else list(methods), "file": script.name}
    if folder.exists():
        config = _existing_config(config_file)
        taken = next((key for key in config["endpoints"] if key.lower() == path.lower()), None)
        if taken is not None:
            raise ScaffoldError(f'{config_file} already has an endpoint "{taken}"; choose another '
                                "--endpoint-path")
        config["endpoints"][path] = entry
    else:
        config = {"runtime": RUNTIME, "version": "1.0", "environment": {}, "secrets": [],
                  "endpoints": {path: entry}}
    if script.exists():
        raise ScaffoldError(f"{script} already exists; choose another --endpoint-path or move the file")
    new_folder = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    script.write_text(TEMPLATE.format(methods="/".join(methods), prefix="/_hcms/api/", path=path))
    config_file.write_text(json.dumps(config, indent=2, ensure_ascii=False) + "\n")
    return Created(folder, (config_file, script), path, methods, new_folder)


def _existing_config(config_file: Path) -> dict:
    folder = config_file.parent
    if not folder.is_dir():
        raise ScaffoldError(f"{folder} exists and is not a folder")
    try:
        config = json.loads(config_file.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ScaffoldError(f"{folder} exists but has no {CONFIG_NAME}; give a new name or add one") from None
    except (OSError, ValueError) as exc:
        raise ScaffoldError(f"cannot read {config_file}: {exc}; fix it first (fnbox list {folder})") from None
    if not isinstance(config, dict) or not isinstance(config.setdefault("endpoints", {}), dict):
        raise ScaffoldError(f'{config_file} must be a JSON object whose "endpoints" is an object; fix it first')
    return config
