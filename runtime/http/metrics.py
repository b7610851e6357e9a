"""Counters for ``GET /_fnbox/metrics``, in Prometheus' text format.

Each worker process counts its own requests; with ``--workers N`` a scrape
sees the worker that answered it (scrape each worker, or run one per host
and let Prometheus sum the instances).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter

#: Upper bounds (seconds) of the duration histogram: fresh-sandbox calls take
#: well under a millisecond, the time limit is 10 s.
BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class Histogram:
    __slots__ = ("counts", "total", "count")

    def __init__(self) -> None:
        self.counts = [0] * (len(BUCKETS) + 1)
        self.total = 0.0
        self.count = 0

    def observe(self, value: float) -> None:
        self.counts[bisect_left(BUCKETS, value)] += 1
        self.total += value
        self.count += 1


class Metrics:
    def __init__(self) -> None:
        self.invocations: Counter[tuple[int, str, int]] = Counter()
        self.durations: dict[tuple[int, str], Histogram] = {}
        self.fuel: Counter[int] = Counter()
        self.billed_ms: Counter[int] = Counter()
        self.errors: Counter[str] = Counter()
        self.refusals: Counter[tuple[int, str]] = Counter()
        self.in_flight = 0

    def invocation(self, account: int, endpoint: str, status: int, seconds: float, fuel: int,
                   billed_ms: float) -> None:
        self.invocations[account, endpoint, status] += 1
        key = (account, endpoint)
        histogram = self.durations.get(key)
        if histogram is None:
            histogram = self.durations[key] = Histogram()
        histogram.observe(seconds)
        self.fuel[account] += fuel
        self.billed_ms[account] += billed_ms

    def error(self, kind: str) -> None:
        self.errors[kind] += 1

    def refused(self, account: int, limit: str | None) -> None:
        """A request the account's budget refused (429): no guest code ran."""
        self.errors["budget_exceeded"] += 1
        self.refusals[account, limit or "unknown"] += 1

    def render(self, routes: int, *, log_records_dropped: int = 0, sandboxes_reused: int = 0) -> str:
        out: list[str] = []

        def family(name: str, kind: str, help: str) -> None:
            out.append(f"# HELP {name} {help}\n# TYPE {name} {kind}\n")

        family("fnbox_invocations_total", "counter", "Function invocations by endpoint and HTTP status.")
        for (account, endpoint, status), n in sorted(self.invocations.items()):
            out.append(f'fnbox_invocations_total{{account="{account}",endpoint="{_escape(endpoint)}",'
                       f'status="{status}"}} {n}\n')
        family("fnbox_invocation_duration_seconds", "histogram", "Wall time of function invocations.")
        for (account, endpoint), histogram in sorted(self.durations.items()):
            labels = f'account="{account}",endpoint="{_escape(endpoint)}"'
            cumulative = 0
            for bound, n in zip((*map(str, BUCKETS), "+Inf"), histogram.counts, strict=True):
                cumulative += n
                out.append(f'fnbox_invocation_duration_seconds_bucket{{{labels},le="{bound}"}} {cumulative}\n')
            out.append(f"fnbox_invocation_duration_seconds_sum{{{labels}}} {histogram.total:.6f}\n")
            out.append(f"fnbox_invocation_duration_seconds_count{{{labels}}} {histogram.count}\n")
        family("fnbox_fuel_total", "counter", "Fuel (deterministic units of work) used by functions.")
        for account, fuel in sorted(self.fuel.items()):
            out.append(f'fnbox_fuel_total{{account="{account}"}} {fuel}\n')
        family("fnbox_budget_used_seconds_total", "counter", "Execution time charged to account budgets.")
        for account, ms in sorted(self.billed_ms.items()):
            out.append(f'fnbox_budget_used_seconds_total{{account="{account}"}} {ms / 1000:.6f}\n')
        family("fnbox_errors_total", "counter",
               "Requests that did not get a function's own answer, by kind of failure.")
        for kind, n in sorted(self.errors.items()):
            out.append(f'fnbox_errors_total{{kind="{_escape(kind)}"}} {n}\n')
        family("fnbox_budget_refusals_total", "counter",
               "Requests refused (429) because the account's budget was spent, by spent limit.")
        for (account, limit), n in sorted(self.refusals.items()):
            out.append(f'fnbox_budget_refusals_total{{account="{account}",limit="{_escape(limit)}"}} {n}\n')
        family("fnbox_log_records_dropped_total", "counter",
               "Invocation log records lost: the log queue was full or the database failed.")
        out.append(f"fnbox_log_records_dropped_total {log_records_dropped}\n")
        family("fnbox_sandboxes_reused_total", "counter",
               "Invocations that ran in an instance reset to its snapshot instead of a new one.")
        out.append(f"fnbox_sandboxes_reused_total {sandboxes_reused}\n")
        family("fnbox_in_flight_invocations", "gauge", "Invocations running or waiting for a slot.")
        out.append(f"fnbox_in_flight_invocations {self.in_flight}\n")
        family("fnbox_routes", "gauge", "Endpoints served.")
        out.append(f"fnbox_routes {routes}\n")
        return "".join(out)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
