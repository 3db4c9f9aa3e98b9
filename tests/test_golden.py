"""Golden files: `input; expected verdict` lines under tests/fixtures/golden/.

Every line is evaluated against the fixed environment below; a line whose check does not
parse counts as `error` (in a claim file it is a positioned input error).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from envs import make_env

from leanbridge.errors import LeanbridgeError
from leanbridge.semantics.evaluate import evaluate
from leanbridge.syntax.parser import parse_check

GOLDEN = Path(__file__).parent / "fixtures" / "golden"

VALUES: dict[str, str | list[str]] = {
    "x": "70.1",
    "y": "8.70",
    "z": "0",
    "n": "3",
    "neg": "-2.5",
    "pct": "5%",
    "small": "1.5e-3",
    "big": "1e6",
    "order": "4",
    "notable": "1",
    "android": "2",
    "xs": ["1", "2", "3", "4"],
    "odd": ["3", "1", "2"],
    "one": ["7"],
    "pair": ["2", "4"],
    "scores": ["79.2", "73.8", "65.4", "86.4"],
    "negs": ["-1", "-2", "-3"],
}


ENV = make_env(VALUES)


def _cases() -> list[tuple[str, str, str]]:
    cases = []
    for path in sorted(GOLDEN.glob("*.txt")):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            text, sep, expected = line.rpartition(";")
            assert sep, f"{path.name}:{lineno}: no `;` separator"
            cases.append((f"{path.stem}:{lineno}", text.strip(), expected.strip()))
    return cases


CASES = _cases()


def verdict_of(text: str) -> str:
    try:
        tree = parse_check(text)
    except LeanbridgeError:
        return "error"
    return evaluate(tree, ENV).verdict


def test_golden_files_are_large_and_cover_every_verdict() -> None:
    assert len(CASES) >= 300
    assert {expected for _, _, expected in CASES} == {"holds", "fails", "undecided", "error"}


@pytest.mark.parametrize(("where", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_golden(where: str, text: str, expected: str) -> None:
    assert verdict_of(text) == expected, f"{where}: {text}"
