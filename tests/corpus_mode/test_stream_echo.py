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
    monkeypatch.setattr(stream.click, "echo", lambda text, nl, color=None: pieces.append(text))
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


@pytest.mark.parametrize("seed", range(20))
def test_stdout_is_one_echo_of_the_whole(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """Off a terminal, the pieces written (escapes stripped by click where a piece has an
    ESC, the others passed with color=True) are what one ``click.echo`` of the whole text
    writes: ANSI sequences, lone ESCs and escape-like text without ESC alike."""
    rng = random.Random(seed)
    monkeypatch.setattr(stream, "CHUNK", 24)
    atoms = ["ab", "\n", "\r", "\x1b[31m", "\x1b[0m", "\x1b", "[1m", "\x1b[", "é", " "]
    writes = [
        "".join(rng.choice(atoms) for _ in range(rng.randrange(10)))
        for _ in range(rng.choice((3, 60)))
    ]
    capsys.readouterr()
    echo = stream.Echo()
    for text in writes:
        echo.write(text)
    echo.flush()
    written = capsys.readouterr().out
    stream.click.echo("".join(writes), nl=False)
    assert written == capsys.readouterr().out
    if "\x1b[31m" in "".join(writes):
        assert "\x1b[31m" not in written  # stripped: the test sees click's stripping
