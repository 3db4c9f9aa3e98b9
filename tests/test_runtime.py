"""The command line raises the collector's young-generation threshold before any work."""

from __future__ import annotations

import gc

import pytest

from leanbridge import cli
from leanbridge.runtime import GC_THRESHOLD


def test_main_sets_the_gc_threshold_before_running_a_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[tuple[int, int, int]] = []
    monkeypatch.setattr(cli, "cli", lambda **_: seen.append(gc.get_threshold()))
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    try:
        cli.main()
    finally:
        gc.set_threshold(*before)
    assert seen == [GC_THRESHOLD]
    assert GC_THRESHOLD[0] > 700  # young collections rarer than CPython's default
