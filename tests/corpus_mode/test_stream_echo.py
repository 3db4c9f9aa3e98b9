"""``formats.stream.Echo``: stdout in pieces cut at line breaks, never the whole text held."""

from __future__ import annotations

import random

import pytest

from leanbridge.formats import stream


@pytest.mark.parametrize("seed", range(20))
def test_pieces_end_at_line_breaks_and_add_up(monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    rng = random.Random(seed)
    pieces: list[str] = []
    monkeypatch.setattr(stream, "CHUNK", 16)
    monkeypatch.setattr(stream.click, "echo", lambda text, nl: pieces.append(text))
    writes = [
        "".join(rng.choice("ab\n\r\x1b[") for _ in range(rng.randrange(12))) for _ in range(60)
    ]
    echo = stream.Echo()
    held = []
    for text in writes:
        echo.write(text)
        held.append(echo._size)
    echo.flush()
    assert "".join(pieces) == "".join(writes)
    assert all(p.endswith(("\n", "\r")) for p in pieces[:-1] if p)
    # What is held is at most a chunk plus the text since the last line break.
    for n, size in enumerate(held):
        written = "".join(writes[: n + 1])
        since_break = len(written) - (max(written.rfind("\n"), written.rfind("\r")) + 1)
        assert size <= max(stream.CHUNK, since_break + len(writes[n]))
