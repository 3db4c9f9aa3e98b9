"""The command line raises the collector's young-generation threshold before any work."""

from __future__ import annotations

import atexit
import gc
import os
import subprocess
import sys
from pathlib import Path

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


def test_main_freezes_the_heap_at_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    registered: list[object] = []
    monkeypatch.setattr(cli, "cli", lambda **_: None)
    monkeypatch.setattr(atexit, "register", registered.append)
    cli.main()
    assert registered == [gc.freeze]


def test_outputs_are_whole_when_the_process_exits(tmp_path: Path) -> None:
    """With the heap frozen at exit, what a real process writes is still complete: stdout
    and an --output file, in two formats, each equal to the other run's stdout."""
    fixture = Path(__file__).parent.parent / "claims"

    def run(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "leanbridge", "check", "--no-cache", *args, str(fixture)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(Path(cli.__file__).parent.parent)},
        )
        assert done.returncode in (0, 1), done.stderr
        return done.stdout

    text = run("--output", f"json={tmp_path / 'out.json'}")
    as_json = run("--format", "json", "--output", f"text={tmp_path / 'out.txt'}")
    assert (tmp_path / "out.json").read_text("utf-8") == as_json
    assert (tmp_path / "out.txt").read_text("utf-8") == text
    assert text.strip() and as_json.strip()
