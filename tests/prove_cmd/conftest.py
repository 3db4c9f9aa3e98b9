"""Fixtures for the `prove` / `verify-artifact` command tests (helpers: prove_cmd_helpers)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from prove_cmd_helpers import Lake, Run, make_lake, make_prove


@pytest.fixture(autouse=True)
def _no_real_lake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Unless a test passes `--lake`, `lake` is not found (even where one is installed)."""
    monkeypatch.setenv("LEANBRIDGE_LAKE", str(tmp_path / "no-such-lake"))


@pytest.fixture(autouse=True)
def _own_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each test has its own default cache (`.leanbridge/cache` under its directory): a
    stand-in `lake` keeps its version while its behaviour changes between tests."""
    # Not tmp_path itself: tests kill the processes whose working directory it is.
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")


@pytest.fixture
def lake(tmp_path: Path) -> Lake:
    return make_lake(tmp_path)


@pytest.fixture
def prove(tmp_path: Path) -> Callable[..., Run]:
    return make_prove(tmp_path)
