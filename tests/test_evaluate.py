"""The exact evaluator: verdicts, the two sides, tolerances, errors with spans."""

from __future__ import annotations

from fractions import Fraction

import pytest
from envs import make_env

from leanbridge import limits
from leanbridge.errors import Span
from leanbridge.semantics.evaluate import Outcome, evaluate
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax.parser import parse_check


def _env() -> dict[str, NamedValue]:
    raw: dict[str, list[str] | str] = {
        "x": "70.1",
        "y": "8.70",
        "z": "0",
        "neg": "-70.1",
        "xs": ["1", "2", "3", "4"],
        "big": ["1"] * (limits.MAX_LIST_LENGTH // 2 + 1),
    }
    return make_env(raw)


ENV = _env()


def run(text: str) -> Outcome:
    return evaluate(parse_check(text), ENV)


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("1 + 2 == 3", "holds"),
        ("0.1 + 0.2 == 0.3", "holds"),
        ("1/3 * 3 == 1", "holds"),
        ("1/3 == 0.333", "fails"),
        ("-2^2 == -4", "holds"),
        ("(-2)^2 == 4", "holds"),
        ("2^-2 == 0.25", "holds"),
        ("2^0 == 1", "holds"),
        # the exponent is any closed expression with an integer value, folded exactly
        ("2^3^2 == 512", "holds"),  # right-associative: 2^(3^2)
        ("(2^3)^2 == 64", "holds"),
        ("2 ^ 3 ^ 2 == 512 and -2 ^ 2 == -4 and (-2) ^ 2 == 4", "holds"),
        ("2^(10 / 5) == 4", "holds"),
        ("2^-(1 + 1) == 0.25", "holds"),
        ("2^1e1 == 1024", "holds"),
        ("2^sqrt(9) == 8", "holds"),
        ("x^(2^2 / 2) == 4914.01", "holds"),
        ("2^2^-1 == 1", "error"),  # 2^(1/2): the exponent is not an integer
        ("5% == 0.05", "holds"),
        ("1.5e-3 == 0.0015", "holds"),
        ("x ~= 70.1", "holds"),
        ("x ~= 70", "holds"),
        ("x ~= 70.10", "holds"),
        ("70.13 ~= 70.10", "fails"),
        ("70.149 ~= 70.1", "holds"),
        ("70.15 ~= 70.1", "holds"),
        ("70.1501 ~= 70.1", "fails"),
        ("70.05 ~= 70.1", "holds"),
        ("70.0499 ~= 70.1", "fails"),
        ("neg ~= -70.1", "holds"),
        ("x ~= neg", "fails"),
        ("y ~= 8.7", "holds"),
        ("y == 8.7 ± 5%", "holds"),
        ("9.135 == 8.7 ± 5%", "holds"),
        ("9.1351 == 8.7 ± 5%", "fails"),
        ("8.265 == 8.7 +/- 5%", "holds"),
        ("-8.265 == -8.7 ± 5%", "holds"),
        ("y == 8.6 ± 0.1", "holds"),
        ("y == 8.5 ± 0.1", "fails"),
        ("1 < 2 and 2 < 3", "holds"),
        ("1 < 2 and 3 < 2", "fails"),
        ("1 > 2 or 2 < 3", "holds"),
        ("not 1 > 2", "holds"),
        ("1 ≠ 2 and 1 ≤ 1 and 2 ≥ 1", "holds"),
        ("sqrt(2) < 1.5", "holds"),
        ("sqrt(2) > 1.41421356", "holds"),
        ("sqrt(2) == 1.4142135623730951", "fails"),
        ("sqrt(2)*sqrt(2) == 2", "undecided"),
        ("sqrt(2) - sqrt(2) == 0", "undecided"),
        ("sqrt(2) + 1 > 2.414", "holds"),
        ("sqrt(2) ~= 1.414", "holds"),
        ("sqrt(2) ~= 1.415", "fails"),
        ("sqrt(2) < 2 or sqrt(2)*sqrt(2) == 2", "holds"),
        ("sqrt(2) > 2 and sqrt(2)*sqrt(2) == 2", "fails"),
        ("not sqrt(2)*sqrt(2) == 2", "undecided"),
        ("1/z == 1", "error"),
        ("1/(x - 70.1) == 1", "error"),
        ("mean(big, big) == 1", "error"),
        ("1 / (sqrt(2) - sqrt(2)) == 1", "undecided"),
    ],
)
def test_verdicts(text: str, verdict: str) -> None:
    assert run(text).verdict == verdict


def test_sides_of_a_comparison() -> None:
    out = run("mean(xs) * 2 == 5")
    assert (out.lhs, out.rhs, out.tolerance) == (Fraction(5), Fraction(5), None)


def test_approx_reports_tolerance_and_margin() -> None:
    out = run("70.13 ~= x")
    assert out.verdict == "holds"
    assert out.tolerance == Fraction(1, 20)
    assert out.rhs == Fraction(701, 10)
    assert out.margin == Fraction(1, 20) - Fraction(3, 100)


def test_within_reports_relative_tolerance() -> None:
    out = run("y == 8 ± 10%")
    assert out.verdict == "holds"
    assert out.tolerance == Fraction(4, 5)
    assert out.margin == Fraction(1, 10)


def test_boolean_combination_has_no_sides() -> None:
    out = run("1 < 2 and 2 < 3")
    assert out.lhs is None and out.rhs is None


def test_undecided_has_a_reason() -> None:
    out = run("sqrt(2)*sqrt(2) == 2")
    assert out.message is not None
    assert f"{limits.SQRT_MAX_BITS} bits" in out.message


@pytest.mark.parametrize(
    ("text", "message", "span"),
    [
        ("1/0 == 1", "division by zero", (2, 3)),
        ("1/z == 1", "division by zero", (2, 3)),
        ("x / (2 - 2) == 1", "division by zero", (5, 10)),
        ("0^-1 == 1", "zero raised to a negative power", (0, 4)),
        ("q == 1", "unknown name `q`", (0, 1)),
        ("xx == 1", "unknown name `xx`; did you mean", (0, 2)),
        ("1 + 2", "a check must be a comparison", (0, 5)),
        ("xs == 1", "the left side of `==` must be a number, not a list", (0, 2)),
        ("x + xs == 1", "the right operand of `+` must be a number, not a list", (4, 6)),
        ("(1 == 1) == 1", "the left side of `==` must be a number, not a comparison", (1, 7)),
        ("1 == 1 and 2", "the right side of `and` must be a comparison, not a number", (11, 12)),
        ("not 2", "the operand of `not` must be a comparison, not a number", (4, 5)),
        ("x ~= 70 + 0.1", "the right side of `~=` must be a number as printed", (5, 13)),
        ("x ~= xs", "the right side of `~=` must be a number, not a list", (5, 7)),
        ("2^x == 1", "the exponent of `^` cannot use the named value `x`", (2, 3)),
        ("2^(1 + x) == 1", "the exponent of `^` cannot use the named value `x`", (7, 8)),
        ("2^1.5 == 1", "the exponent of `^` must be an integer, not 1.5", (2, 5)),
        ("2^(1 / 3) == 1", "the exponent of `^` must be an integer, not ~0.333", (3, 8)),
        ("2^sqrt(2) == 1", "the exponent of `^` must be an exact integer", (2, 9)),
        ("2^[1] == 1", "the exponent of `^` must be a number, not a list", (2, 5)),
        ("2^5000 == 1", "exponent 5000 is beyond the limit", (2, 6)),
        ("2^2^13 == 1", "exponent 8192 is beyond the limit", (2, 6)),
        ("2^(-2)^13 == 1", "exponent -8192 is beyond the limit", (2, 9)),
        ("2^10^400 == 1", "exponent 1e400 is beyond", (2, 8)),
        ("2^(1/0) == 1", "division by zero", (5, 6)),
        ("(10^100)^4096 == 1", "x ^ 4096 would need about", (0, 13)),
        ("[1, 2] == 1", "the left side of `==` must be a number, not a list", (0, 6)),
    ],
)
def test_errors_with_spans(text: str, message: str, span: tuple[int, int]) -> None:
    out = run(text)
    assert out.verdict == "error"
    assert out.message is not None and out.message.startswith(message), out.message
    assert out.span == Span(*span)


def test_huge_intermediate_is_refused() -> None:
    out = run(" * ".join(["10^4000"] * 10) + " == 1")
    assert out.verdict == "error"
    assert out.message is not None and "bits" in out.message


def test_evaluate_is_deterministic_and_pure() -> None:
    tree = parse_check("mean(xs) ~= 2.5 and sqrt(2) < 1.5")
    assert evaluate(tree, ENV) == evaluate(tree, ENV)
