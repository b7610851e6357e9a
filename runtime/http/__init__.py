"""The HTTP front end: an ASGI app serving functions folders, and the
Hypercorn launcher behind ``fnbox serve``.

Embedding (serve folders inside another ASGI app, or behind a proxy)::

    from runtime.http import create_app
    app = create_app(["functions/"])                 # account 1, engine made for you
    # or: create_app(load_config("fnbox.toml"), budget=..., log_sink=...)

Mount it (``Mount("/", app)``) or serve it (``hypercorn -k uvloop mod:app``).
Functions answer at ``/_hcms/api/<endpoint>`` and ``/hs/serverless/<endpoint>``;
``/_fnbox/health`` and ``/_fnbox/metrics`` report on the server.  Every
response carries ``X-Request-Id``, the id of the invocation's log record.
"""

from .app import create_app
from .config import AccountConfig, ConfigError, LimitsConfig, ServerConfig, load_config
from .deployment import Deployment
from .hooks import Admission, Budget, LogSink
from .server import serve

__all__ = ["AccountConfig", "Admission", "Budget", "ConfigError", "Deployment", "LimitsConfig",
           "LogSink", "ServerConfig", "create_app", "load_config", "serve"]
