"""The guest side of fnbox: C glue over QuickJS-NG, the JavaScript shim, and
the build that turns them into ``engine.wasm``."""
