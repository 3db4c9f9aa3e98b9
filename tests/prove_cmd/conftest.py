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


@pytest.fixture
def lake(tmp_path: Path) -> Lake:
    return make_lake(tmp_path)


@pytest.fixture
def prove(tmp_path: Path) -> Callable[..., Run]:
    return make_prove(tmp_path)
