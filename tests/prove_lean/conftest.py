"""Fixtures for the real-Lean tests (helpers: real_lean.py, corpus.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from real_lean import prepare

from leanbridge.kernel.compile import CACHE_ENV, PreparedLibrary


@pytest.fixture(autouse=True)
def _own_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """`prove`'s default cache (`.leanbridge/cache`) is the test's own, never the checkout's."""
    # Not tmp_path itself: tests kill the processes whose working directory it is.
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")


@pytest.fixture(scope="session")
def lean_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One compiled prelude + library for the whole session (about 10 s to build)."""
    return tmp_path_factory.mktemp("lean-cache")


@pytest.fixture
def prepared(lean_cache: Path) -> PreparedLibrary:
    return prepare(lean_cache)


@pytest.fixture
def cache_env(lean_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`prove` and `verify-artifact` use the session's cache, never the user's."""
    monkeypatch.setenv(CACHE_ENV, str(lean_cache))
    monkeypatch.delenv("LEANBRIDGE_LAKE", raising=False)
    return lean_cache
