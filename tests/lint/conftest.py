"""Fixtures for the linter tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from lint_helpers import REPO


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root so that reported paths are stable."""
    monkeypatch.chdir(REPO)
    return REPO
