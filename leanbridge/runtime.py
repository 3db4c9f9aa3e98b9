"""Process-wide settings the command line makes once, before any work."""

from __future__ import annotations

import atexit
import gc

# A run keeps every claim's syntax tree, values and verdict alive until the report: tens of
# thousands of small container objects, which CPython's cyclic collector walks again each
# time 700 new ones have been allocated (about a fifth of `check`'s time, measured with
# benchmarks/bench_check.py).  Nothing the pipeline builds needs early collection, so the
# young generation is collected every 200,000 allocations (net of deallocations) instead,
# as mypy does: each young collection walks every young object, and at 10,000 the 10,000
# claims of the benchmark corpus paid about 40 collections, 0.2-0.3 s of CPU of `check`'s
# 2.6 (timed with gc.callbacks), mostly walking what lives for one file (its YAML marks)
# or for the whole run.  At 200,000 that run pays none: objects freed in between count
# back down.  The older generations keep their defaults, and garbage cycles are still
# collected (at most about 200,000 objects of them wait, some tens of MB).
GC_THRESHOLD = (200_000, 10, 10)


def tune_gc() -> None:
    """Set :data:`GC_THRESHOLD` for this process (the CLI calls it; a library user may)."""
    gc.set_threshold(*GC_THRESHOLD)


def freeze_at_exit() -> None:
    """At interpreter exit, move every live object out of the collector's reach.

    CPython's shutdown runs full collections (one, then more while it clears the modules)
    that walk every object still alive: the modules, and whatever a run still holds, some
    40 M instructions of a one-claim ``check`` (6% of it).  Nothing needs them: the
    command line closes what it writes (outputs with ``with``, stdout flushed), and
    objects freed by reference counting at shutdown still are.  ``gc.freeze`` is public
    (made for pre-fork servers); run from ``atexit``, it comes after the command, its
    output and any exception, and before the shutdown collections.
    """
    atexit.register(gc.freeze)
