"""Process-wide settings the command line makes once, before any work."""

from __future__ import annotations

import gc

# A run keeps every claim's syntax tree, values and verdict alive until the report: tens of
# thousands of small container objects, which CPython's cyclic collector walks again each
# time 700 new ones have been allocated (about a fifth of `check`'s time, measured with
# benchmarks/bench_check.py).  Nothing the pipeline builds needs early collection, so the
# young generation is collected every 10,000 allocations instead (mypy raises the same
# threshold for the same reason); the older generations keep their defaults, and garbage
# cycles are still collected.
GC_THRESHOLD = (10_000, 10, 10)


def tune_gc() -> None:
    """Set :data:`GC_THRESHOLD` for this process (the CLI calls it; a library user may)."""
    gc.set_threshold(*GC_THRESHOLD)
