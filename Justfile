# fnbox tasks.  `just --list` shows them.  Run from the repository root, with
# the virtualenv's `just` (installed by `pip install -e '.[dev]'`).

set shell := ["bash", "-euo", "pipefail", "-c"]

python := if path_exists(".venv/bin/python") == "true" { ".venv/bin/python" } else { "python3" }

# Build engine.wasm into the cache (does nothing when up to date)
build:
    {{python}} -m js_engine.build

# Run the whole test suite (builds the engine first if needed)
test *ARGS: build
    {{python}} -m pytest -q {{ARGS}}

# Serve the example functions on http://127.0.0.1:8080
run *ARGS: build
    {{python}} -m runtime.cli serve examples {{ARGS}}

# Serve the examples for development: reload on change, start fast (no snapshots)
serve *ARGS: build
    {{python}} -m runtime.cli serve examples --watch --no-snapshot {{ARGS}}

# HTTP benchmark: fnbox vs bare Starlette+Hypercorn vs HubSpot's dev runtime, taking turns (needs wrk)
bench-http SECONDS="5" ROUNDS="3": build
    {{python}} -m tests.benchmarks.http {{SECONDS}} {{ROUNDS}}

# Engine benchmark: fresh-sandbox latency vs native QuickJS, quickjs-rs, mini-racer
bench-engine: build
    {{python}} -m pip install -q -e '.[bench]'
    {{python}} tests/benchmarks/engine.py

# Budget benchmark: check+charge cost per request (SQLite, Redis) and the billing calibration (--accounting or --calibrate for one)
bench-budget *ARGS: build
    {{python}} -m tests.benchmarks.budget {{ARGS}}

# Egress benchmark, loopback only: fetch through the egress door vs plain httpx
bench-egress *ARGS: build
    {{python}} -m tests.egress.bench {{ARGS}}

# Fuzz every harness for SECONDS each (replays fuzz/corpus first); non-zero exit on a finding
fuzz SECONDS="60" *ARGS: build
    {{python}} fuzz/run_all.py --seconds {{SECONDS}} {{ARGS}}

# Remove build outputs and compiled-module caches
clean:
    rm -rf "${FNBOX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fnbox}"
