"""Fixtures for the real-Lean tests: a fresh cache with the prelude and library compiled."""

from __future__ import annotations

import pytest
from kernel_lean import LEAN, UNAVAILABLE

from leanbridge.kernel.compile import PreparedLibrary, prepare_library


@pytest.fixture(scope="session")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> PreparedLibrary:
    """The prelude and the library compiled from scratch into a fresh cache."""
    if UNAVAILABLE is not None:
        pytest.skip(UNAVAILABLE)
    cache = tmp_path_factory.mktemp("lean-cache")
    lib = prepare_library(LEAN, with_prelude=True, cache_dir=cache)
    assert not lib.reused
    return lib
