"""Golden files: `input; expected outcome` lines under tests/fixtures/golden/.

Every line is evaluated against the fixed environment below.  The outcome is `holds`,
`fails`, `undecided`, or `error KIND`, where KIND says which stage refused the check, so
that a check refused for another reason (a grammar regression turning a type error into a
syntax error, or one syntax error into another) fails its line:

- `syntax: MESSAGE`: the parser's message, label included;
- `limit`: a bound checked while parsing (length, nesting, a literal's size);
- `type`: the type checker (unknown names, arity, lists where numbers go);
- `eval`: exact evaluation (division by zero, an exponent that is not an integer).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from envs import make_env

from leanbridge.errors import CheckSyntaxError, LeanbridgeError, LimitError
from leanbridge.semantics.evaluate import evaluate
from leanbridge.semantics.typecheck import TypeChecker
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


# `check; outcome`: the first `;` followed by an outcome word (a message may hold a `;`).
_LINE = re.compile(r"(.*?);\s*((?:holds|fails|undecided|error\b).*)")


def _cases() -> list[tuple[str, str, str]]:
    cases = []
    for path in sorted(GOLDEN.glob("*.txt")):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            m = _LINE.fullmatch(line)
            assert m, f"{path.name}:{lineno}: not `check; outcome`"
            cases.append((f"{path.stem}:{lineno}", m[1].strip(), m[2].strip()))
    return cases


CASES = _cases()


def outcome_of(text: str) -> str:
    """`holds`, `fails`, `undecided` or `error KIND` (see the module docstring)."""
    try:
        tree = parse_check(text)
    except CheckSyntaxError as e:
        return f"error syntax: {e.message}"
    except LimitError:
        return "error limit"
    try:
        TypeChecker(ENV).check(tree)
    except LeanbridgeError:
        return "error type"
    outcome = evaluate(tree, ENV, typecheck=False)
    return "error eval" if outcome.verdict == "error" else outcome.verdict


def test_golden_files_are_large_and_cover_every_verdict() -> None:
    assert len(CASES) >= 300
    kinds = {expected.split(":")[0] for _, _, expected in CASES}
    assert kinds == {
        "holds",
        "fails",
        "undecided",
        "error syntax",
        "error limit",
        "error type",
        "error eval",
    }


@pytest.mark.parametrize(("where", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_golden(where: str, text: str, expected: str) -> None:
    assert outcome_of(text) == expected, f"{where}: {text}"
