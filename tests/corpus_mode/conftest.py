"""Corpus-mode tests run from the repository root (paths in outputs are as given)."""

from __future__ import annotations

import pytest
from corpus_helpers import ROOT


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
