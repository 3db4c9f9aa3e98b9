"""Exact values as text: huge and tiny values, and the decimal forms against Fractions."""

from __future__ import annotations

import decimal
import json
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from leanbridge import limits
from leanbridge.cli import cli
from leanbridge.semantics.display import (
    _exponent,
    _terminating_digits,
    decimal_text,
    fraction_text,
    int_text,
)


def test_int_text_goes_past_cpythons_4300_digit_guard() -> None:
    n = 39**3216  # 5,117 digits
    assert n.bit_length() < limits.MAX_RESULT_BITS
    text = int_text(n)
    assert len(text) == 5117
    assert text.startswith("73076240634177") and text.endswith(str(n % 10**12).zfill(12))
    assert int_text(-n) == "-" + text
    assert fraction_text(Fraction(1, n)) == "1/" + text


def test_the_largest_value_the_bounds_allow_prints_exactly() -> None:
    n = 2 ** (limits.MAX_RESULT_BITS - 1) + 1
    text = int_text(n)
    assert len(text) > 4300  # past CPython's default guard
    assert decimal.Decimal(text) == decimal.Decimal(n)  # both conversions are unguarded
    assert decimal_text(Fraction(n)).startswith("~")


def test_check_reports_a_5117_digit_value(tmp_path: Path) -> None:
    claim = tmp_path / "huge.yaml"
    claim.write_text(
        "leanbridge: 1\nvalues:\n  x: {value: '39', source: t}\nclaims:\n"
        "  - id: big\n    source: t\n    check: x^3216 > 1\n"
        "  - id: tiny\n    source: t\n    check: x^-3216 ~= 0.0\n"
    )
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(claim)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    big, tiny = report["claims"]
    assert big["lhs"]["decimal"] == "~7.30762406341772e5116"
    assert big["lhs"]["fraction"] == int_text(39**3216)
    assert tiny["lhs"]["decimal"] == "~1.36843383201120e-5117"


@pytest.mark.parametrize(
    ("q", "text"),
    [
        (Fraction(39) ** 3216, "~7.30762406341772e5116"),
        (-(Fraction(39) ** 3216), "~-7.30762406341772e5116"),
        (Fraction(1, 39**3216), "~1.36843383201120e-5117"),
        (Fraction(10) ** 50, "1e50"),
        (Fraction(25, 10**45), "2.5e-44"),
        (Fraction(999_999_999_999_999_999) * 10**40, "~1.00000000000000e58"),  # carry
        (Fraction(10) ** 39, "1" + "0" * 39),  # 40 digits: still written out
        (Fraction(1, 10**40), "0." + "0" * 39 + "1"),
    ],
)
def test_decimal_text_beyond_forty_digits_is_scientific(q: Fraction, text: str) -> None:
    assert decimal_text(q) == text


@given(st.fractions(min_value=Fraction(-(10**60)), max_value=Fraction(10**60)))
def test_exponent_brackets_the_value(q: Fraction) -> None:
    if q != 0:
        e = _exponent(q)
        assert Fraction(10) ** e <= abs(q) < Fraction(10) ** (e + 1)


def _terminating_by_division(d: int) -> int | None:
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    return max(twos, fives) if d == 1 else None


@given(st.integers(0, 400), st.integers(0, 400), st.sampled_from([1, 3, 7, 9, 11, 13, 641]))
def test_terminating_digits_agrees_with_dividing_out(a: int, b: int, other: int) -> None:
    d = 2**a * 5**b * other
    assert _terminating_digits(d) == _terminating_by_division(d)


def test_terminating_digits_of_a_100000_bit_denominator_is_quick() -> None:
    assert _terminating_digits(2**100_000) == 100_000
    assert _terminating_digits(5**40_000) == 40_000
    assert _terminating_digits(5**40_000 * 3) is None


def _decimal_text_general(q: Fraction) -> str:
    """decimal_text without its integer path for terminating values (the definition)."""
    from leanbridge.semantics import display

    saved = display._terminating_text
    display._terminating_text = lambda q: None
    try:
        return display.decimal_text(q)
    finally:
        display._terminating_text = saved


@given(
    st.integers(-(10**45), 10**45),
    st.integers(0, 45),
    st.integers(0, 45),
    st.sampled_from([1, 1, 1, 3, 7]),
)
def test_terminating_path_equals_general_path(num: int, twos: int, fives: int, other: int) -> None:
    q = Fraction(num, 2**twos * 5**fives * other)
    assert decimal_text(q) == _decimal_text_general(q)


@pytest.mark.parametrize(
    "q",
    [Fraction(0), Fraction(1, 2**40), Fraction(1, 2**41), Fraction(10**40), Fraction(10**40 - 1),
     Fraction(1, 10**40), Fraction(9, 10**41), Fraction(-237, 20), Fraction(5, 1)],
)  # fmt: skip
def test_terminating_path_at_its_bounds(q: Fraction) -> None:
    assert decimal_text(q) == _decimal_text_general(q)
