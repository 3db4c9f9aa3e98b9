"""Every function of the check language: values, edge cases and errors."""

from __future__ import annotations

from fractions import Fraction

import pytest
from envs import make_env

from leanbridge.errors import Span
from leanbridge.semantics.evaluate import Outcome, evaluate
from leanbridge.semantics.functions import FUNCTIONS
from leanbridge.semantics.reals import Interval, round_half_away
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax.parser import parse_check


def _env() -> dict[str, NamedValue]:
    raw: dict[str, list[str] | str] = {
        "xs": ["1", "2", "3", "4"],
        "odd": ["3", "1", "2"],
        "one": ["7"],
        "z": "0",
        "v": "-2.5",
    }
    return make_env(raw)


ENV = _env()


def run(text: str) -> Outcome:
    return evaluate(parse_check(text), ENV)


def value_of(expr: str) -> Fraction:
    out = run(f"{expr} == 0")
    assert out.verdict in ("holds", "fails"), out.message
    assert isinstance(out.lhs, Fraction)
    return out.lhs


def error_of(expr: str) -> Outcome:
    out = run(f"{expr} == 0")
    assert out.verdict == "error", out
    assert out.message
    return out


def test_function_table_is_complete() -> None:
    assert set(FUNCTIONS) == {
        "sum", "mean", "median", "min", "max", "len", "abs", "sqrt",
        "var", "pvar", "sd", "psd", "round", "pct_change",
        "grim", "grimmer", "debit", "p_t", "p_z", "p_r", "p_f", "p_chi2",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("sum([1, 2, 3])", Fraction(6)),
        ("sum(1, 2, 3)", Fraction(6)),
        ("sum(xs, 10)", Fraction(20)),
        ("sum([0.1, 0.2])", Fraction(3, 10)),
        ("sum(-1)", Fraction(-1)),
        ("mean([1, 2, 3])", Fraction(2)),
        ("mean(1, 2)", Fraction(3, 2)),
        ("mean(xs)", Fraction(5, 2)),
        ("mean(one)", Fraction(7)),
        ("mean([1, 2], [3])", Fraction(2)),
        ("mean([1, 2], 3, [4, 5])", Fraction(3)),
        ("median(odd)", Fraction(2)),
        ("median(xs)", Fraction(5, 2)),
        ("median([4, 1, 3, 2])", Fraction(5, 2)),
        ("median(5)", Fraction(5)),
        ("median([1, 1, 100])", Fraction(1)),
        ("median([1, 100])", Fraction(101, 2)),
        ("min(xs)", Fraction(1)),
        ("min(3, -1, 2)", Fraction(-1)),
        ("max(xs)", Fraction(4)),
        ("max(odd, 10)", Fraction(10)),
        ("len(xs)", Fraction(4)),
        ("len([])", Fraction(0)),
        ("len(xs, 1, odd)", Fraction(8)),
        ("abs(-3)", Fraction(3)),
        ("abs(3)", Fraction(3)),
        ("abs(0)", Fraction(0)),
        ("abs(v)", Fraction(5, 2)),
        ("sqrt(16)", Fraction(4)),
        ("sqrt(0.25)", Fraction(1, 2)),
        ("sqrt(0)", Fraction(0)),
        ("sqrt(9/4)", Fraction(3, 2)),
        ("var([1, 2, 3, 4])", Fraction(5, 3)),
        ("var([2, 4])", Fraction(2)),
        ("var(5, 5, 5)", Fraction(0)),
        ("pvar([1, 2, 3, 4])", Fraction(5, 4)),
        ("pvar(one)", Fraction(0)),
        ("psd([2, 4, 4, 4, 5, 5, 7, 9])", Fraction(2)),
        ("sd([0, 2, 4])", Fraction(2)),
        ("sd([1, 1, 1])", Fraction(0)),
        ("psd(one)", Fraction(0)),
        ("round(2.5, 0)", Fraction(3)),
        ("round(-2.5, 0)", Fraction(-3)),
        ("round(v, 0)", Fraction(-3)),
        ("round(-2.4, 0)", Fraction(-2)),
        ("round(1.25, 1)", Fraction(13, 10)),
        ("round(-1.25, 1)", Fraction(-13, 10)),
        ("round(-1.35, 1)", Fraction(-14, 10)),
        ("round(0.125, 2)", Fraction(13, 100)),
        ("round(2/3, 3)", Fraction(667, 1000)),
        ("round(-2/3, 3)", Fraction(-667, 1000)),
        ("round(5, 0)", Fraction(5)),
        ("round(0.5, 0)", Fraction(1)),
        ("round(-0.5, 0)", Fraction(-1)),
        ("pct_change(50, 75)", Fraction(50)),
        ("pct_change(80, 60)", Fraction(-25)),
        ("pct_change(-10, -5)", Fraction(-50)),
        ("pct_change(3, 3)", Fraction(0)),
    ],
)
def test_values(expr: str, expected: Fraction) -> None:
    assert value_of(expr) == expected


def test_sd_is_sqrt_of_var() -> None:
    # var([1, 2, 3, 4]) = 5/3 is not a perfect square: sd is a certified enclosure.
    out = run("sd([1, 2, 3, 4]) == 0")
    assert out.verdict == "fails"
    assert isinstance(out.lhs, Interval)
    assert out.lhs.lo * out.lhs.lo <= Fraction(5, 3) <= out.lhs.hi * out.lhs.hi
    assert run("sd([1, 2, 3, 4])^2 ~= 1.667").verdict == "holds"
    assert run("sd([1, 2, 3, 4]) < sqrt(5/3) + 0.001").verdict == "holds"


@pytest.mark.parametrize(
    ("expr", "message", "span"),
    [
        ("var([1])", "`var` needs at least 2 values, got 1", (0, 8)),
        ("var(one)", "`var` needs at least 2 values, got 1", (0, 8)),
        ("sd(5)", "`sd` needs at least 2 values, got 1", (0, 5)),
        ("mean([])", "`mean` needs at least 1 value, got 0", (0, 8)),
        ("median([])", "`median` needs at least 1 value, got 0", (0, 10)),
        ("pct_change(0, 5)", "division by zero", (0, 16)),
        ("pct_change(z, 5)", "division by zero", (0, 16)),
        ("sqrt(-1)", "square root of a negative number", (0, 8)),
        ("sqrt(v)", "square root of a negative number", (0, 7)),
        ("mean()", "`mean` needs a list or some values", (0, 6)),
        ("abs(1, 2)", "`abs` takes 1 argument, got 2", (0, 9)),
        ("round(1)", "`round` takes 2 arguments, got 1", (0, 8)),
        ("pct_change(1)", "`pct_change` takes 2 arguments, got 1", (0, 13)),
        ("round(1, 1.5)", "the digits of `round(x, d)`", (9, 12)),
        ("round(1, -1)", "the digits of `round(x, d)`", (9, 11)),
        ("round(1, 101)", "the digits of `round(x, d)`", (9, 12)),
        ("round(1, z)", "the digits of `round(x, d)`", (9, 10)),
        ("abs(xs)", "an argument of `abs` must be a number, not a list", (4, 6)),
        ("sqrt([4])", "an argument of `sqrt` must be a number, not a list", (5, 8)),
        ("mean(1 == 1)", "`mean` takes numbers or lists, not a comparison", (5, 11)),
        ("mean([xs])", "a list item must be a number, not a list", (6, 8)),
        ("meen(xs)", "unknown function `meen`; did you mean `mean`?", (0, 4)),
        ("stdev(xs)", "unknown function `stdev`", (0, 5)),
    ],
)
def test_errors(expr: str, message: str, span: tuple[int, int]) -> None:
    out = error_of(expr)
    assert out.message is not None and out.message.startswith(message), out.message
    assert out.span == Span(*span)


def test_function_name_used_as_value() -> None:
    out = run("mean == 1")
    assert out.verdict == "error"
    assert out.message == "unknown name `mean`; `mean` is a function: call it as `mean(...)`"


def test_round_half_away_helper() -> None:
    assert round_half_away(Fraction(5, 2), 0) == 3
    assert round_half_away(Fraction(-5, 2), 0) == -3
    assert round_half_away(Fraction(-7, 2), 0) == -4
    assert round_half_away(Fraction(-1, 3), 2) == Fraction(-33, 100)
    assert round_half_away(Fraction(0), 3) == 0


def test_round_of_an_enclosure() -> None:
    assert run("round(sqrt(2), 3) == 1.414").verdict == "holds"
    assert run("round(-sqrt(2), 2) == -1.41").verdict == "holds"


def test_min_max_median_of_enclosures() -> None:
    assert run("min(sqrt(2), 2) < 1.5").verdict == "holds"
    assert run("max(sqrt(2), 1) > 1.4").verdict == "holds"
    assert run("median(sqrt(2), 1, 3) > 1.41 and median(sqrt(2), 1, 3) < 1.42").verdict == "holds"
    assert run("abs(-sqrt(2)) > 1.41").verdict == "holds"
    assert run("abs(sqrt(2) - 2) < 0.6").verdict == "holds"


def test_pct_change_of_a_root_near_zero_is_not_a_crash() -> None:
    out = run("pct_change(sqrt(2) - sqrt(2), 1) == 1")
    assert out.verdict in ("undecided", "error")
