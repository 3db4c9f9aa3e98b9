"""Run `leanbridge` with the artifact writer rigged to SIGKILL its own process.

Usage: python kill_driver.py write N  ARGS...   killed right after the N-th file
                                                 written by leanbridge.artifact.store
       python kill_driver.py replace N ARGS...  killed right after the N-th rename
                                                 done by leanbridge.artifact.store

Used by test_atomic.py to show that an interrupted `prove` never leaves a partial or
mixed artifact behind. SIGKILL cannot be caught, so no cleanup code runs.
"""

from __future__ import annotations

import os
import signal
import sys
import types
from pathlib import Path

import leanbridge.artifact.store as store
from leanbridge.cli import main


def _die() -> None:
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def rig(mode: str, n: int) -> None:
    count = 0

    def tick() -> None:
        nonlocal count
        count += 1
        if count >= n:
            _die()

    if mode == "write":
        base = type(Path())

        class KillingPath(base):  # type: ignore[valid-type, misc]
            def write_bytes(self, data: bytes) -> int:  # type: ignore[override]
                written = super().write_bytes(data)
                tick()
                return written

        store.Path = KillingPath  # type: ignore[misc]
    elif mode == "replace":
        real_replace = os.replace

        def replace(src: object, dst: object) -> None:
            real_replace(src, dst)  # type: ignore[arg-type]
            tick()

        store.os = types.SimpleNamespace(**{**vars(os), "replace": replace})  # type: ignore[assignment]
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    rig(sys.argv[1], int(sys.argv[2]))
    sys.argv = ["leanbridge", *sys.argv[3:]]
    main()
