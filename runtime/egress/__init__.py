"""Egress: the guest's only door to the network (``fetch``, ``axios``,
``request``), behind a policy checked on the address actually connected to.

    from runtime.egress import Egress, EgressConfig

    egress = Egress.from_config(config.egress)     # once per server, in its event loop
    ...
    session = egress.prepare(time.monotonic() + limits.wall_ms / 1000, folder=compiled.folder.path)
    # (or egress.on_demand(...), as the server does: made when first used)
    result = await engine.invoke(unit, context, capabilities=session)
    lines = sorted([*result.logs, *session.log_lines()], key=lambda l: l.time_ms)
    ...
    await egress.aclose()

``Egress(allow=[...], resolver=..., connector=..., verify=...)`` builds one
by hand (tests pass a static resolver and a loopback-only connector).

* :mod:`.policy` - default denials (loopback, RFC 1918, link-local, CGNAT,
  unique-local, multicast, reserved, cloud metadata; schemes other than
  http/https) and allowlists (hosts, ``*.domains``, CIDRs).
* :mod:`.resolve` - resolvers: the system's, or a static table (tests).
* :mod:`.transport` - the httpcore backend that resolves, checks every
  address and connects only to a checked one; one pool per policy.
* :mod:`.client` - :class:`Egress` and the per-invocation
  :class:`EgressSession` (capabilities ``fetch`` and ``fetch_abort``, limits:
  50 requests, 6 MB per body, the invocation's time left).
* :mod:`.config` - the ``[egress]`` table of ``fnbox.toml``.

The guest side is ``js_engine/shim/node/fetch.js`` (``fetch``, ``Headers``,
``Request``, ``Response``, ``FormData``) and the preinstalled packages
``js_engine/shim/packages/axios.js`` and ``request.js``.
"""

from .client import (DENIED, LIMIT, Egress, EgressEvent, EgressLimits, EgressSession, FetchArgs,
                     redact)
from .config import EgressConfig, resolve_folders
from .policy import (DEFAULT_RULES, METADATA, Allowlist, Denial, Policy, PolicyError, Rule,
                     embedded_ipv4, parse_ip)
from .resolve import ResolveError, Resolver, StaticResolver, SystemResolver
from .transport import EgressDenied, GuardedBackend, GuardedTransport, default_connector

__all__ = [
    "Egress", "EgressSession", "EgressLimits", "EgressEvent", "FetchArgs", "EgressConfig",
    "resolve_folders", "Policy", "Allowlist", "Rule", "Denial", "PolicyError", "DEFAULT_RULES",
    "METADATA", "Resolver", "SystemResolver", "StaticResolver", "ResolveError", "EgressDenied",
    "GuardedBackend", "GuardedTransport", "default_connector", "embedded_ipv4", "parse_ip",
    "redact", "DENIED", "LIMIT",
]
