"""The HTTP front end: an ASGI app serving functions folders, and the
Hypercorn launcher behind ``fnbox serve``.

Embedding (serve folders inside another ASGI app, or behind a proxy)::

    from runtime.http import create_app, load_config
    app = create_app(load_config("fnbox.toml"))      # or create_app(["functions/"]): account 1
    # seams: create_app(config, budget=..., egress=..., secrets=..., log_sink=...)

Mount it (``Mount("/", app)``, with the host app running its lifespan) or
serve it (``hypercorn -k uvloop mod:app``).  Functions answer at
``/_hcms/api/<endpoint>`` and ``/hs/serverless/<endpoint>``;
``/_fnbox/health``, ``/_fnbox/metrics`` and ``/_fnbox/logs/<endpoint>``
report on the server.  Every response carries ``X-Request-Id``, the id of
the invocation's log record.  The account budget, the log store and the
secrets live in ``config.state_dir`` (budgets in Redis with
``config.budget_store``); outbound requests follow ``config.egress``.
"""

from .app import create_app
from .config import AccountConfig, ConfigError, LimitsConfig, ServerConfig, load_config
from .deployment import Deployment
from .hooks import Admission, Budget, LogSink
from .server import serve
from .services import StoredSecrets

__all__ = ["AccountConfig", "Admission", "Budget", "ConfigError", "Deployment", "LimitsConfig",
           "LogSink", "ServerConfig", "StoredSecrets", "create_app", "load_config", "serve"]
