"""The spooled sections of the streamed reports: kept on disk, they give the same bytes."""

from __future__ import annotations

import pytest
from corpus_helpers import CORPUS, run

from leanbridge.formats import stream


@pytest.mark.parametrize("command", ["check", "lint"])
@pytest.mark.parametrize("fmt", ["text", "json", "junit", "sarif", "github"])
def test_spools_on_disk_give_the_same_bytes(
    command: str, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sections kept in temporary files (tiny spools, copied in tiny pieces) change nothing."""

    args = [command, "--no-cache", "--format", fmt, *CORPUS, "missing.yaml"]
    in_memory = run(*args)
    monkeypatch.setattr(stream, "SPOOL_MEMORY", 7)
    monkeypatch.setattr(stream, "CHUNK", 5)
    assert run(*args) == in_memory
