"""HubSpot-style ``*.functions`` folders: reading and checking
``serverless.json``, and the endpoints and files a folder exposes.

Loading reports every problem in a folder at once, each a ``Problem`` with
the file, the key path inside serverless.json (``endpoints["a/b"].method``),
a message and a hint. Errors stop a folder from loading; warnings do not.

- ``load_folder(path) -> FunctionsFolder`` raises ``FolderError`` (whose
  ``problems`` lists everything found) when the folder has any error; a
  loaded folder carries its warnings on ``.warnings``.
- ``load_many(paths, account_limits=AccountLimits()) -> LoadResult`` never
  raises for a bad folder: it returns the folders that loaded, every
  problem, the rejected folders with their problems, and the route table.
  Endpoint paths must be unique across the account (ignoring case) and the
  account must stay within 100 endpoints and 50 distinct secrets.
- ``parse_config(data, source) -> (ServerlessConfig | None, problems)``
  checks the text of a serverless.json without touching the disk.
- ``FunctionsFolder.module_files()`` maps guest paths (``/app/<relative>``)
  to host paths for the sandbox; ``Endpoint.entry`` is the guest path of an
  endpoint's file; ``FunctionsFolder.dotenv`` holds ``.env`` values as
  local fallbacks for secrets.
"""

from .account import AccountLimits, LoadResult, find_folders, load_many
from .config import ALLOWED_METHODS, SUPPORTED_RUNTIMES, EndpointConfig, ServerlessConfig
from .dotenv import DotEnv
from .files import GUEST_ROOT, MAX_FILE_BYTES, MAX_TOTAL_BYTES
from .folder import Endpoint, FunctionsFolder, load_folder
from .parse import parse_config
from .problems import FolderError, Problem, Severity

__all__ = [
    "ALLOWED_METHODS",
    "GUEST_ROOT",
    "MAX_FILE_BYTES",
    "MAX_TOTAL_BYTES",
    "SUPPORTED_RUNTIMES",
    "AccountLimits",
    "DotEnv",
    "Endpoint",
    "EndpointConfig",
    "FolderError",
    "FunctionsFolder",
    "LoadResult",
    "Problem",
    "ServerlessConfig",
    "Severity",
    "find_folders",
    "load_folder",
    "load_many",
    "parse_config",
]
