"""Number literals: exact value, printed precision (unit), bounds."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leanbridge import limits
from leanbridge.errors import LimitError
from leanbridge.semantics import numbers
from leanbridge.semantics.numbers import Decimal, parse_decimal


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("12", Fraction(12), Fraction(1)),
        ("8.70", Fraction(87, 10), Fraction(1, 100)),
        ("8.7", Fraction(87, 10), Fraction(1, 10)),
        ("1.5e-3", Fraction(3, 2000), Fraction(1, 10_000)),
        ("1.5E3", Fraction(1500), Fraction(100)),
        ("1e6", Fraction(10**6), Fraction(10**6)),
        ("5%", Fraction(1, 20), Fraction(1, 100)),
        ("12.5%", Fraction(1, 8), Fraction(1, 1000)),
        ("-8.70", Fraction(-87, 10), Fraction(1, 100)),
        ("+3", Fraction(3), Fraction(1)),
        ("0.0", Fraction(0), Fraction(1, 10)),
        (" 70.1 ", Fraction(701, 10), Fraction(1, 10)),
    ],
)
def test_value_and_unit(text: str, value: Fraction, unit: Fraction) -> None:
    dec = parse_decimal(text)
    assert dec is not None
    assert dec.value == value
    assert dec.unit == unit
    assert dec.text == text.strip()


def test_same_value_different_precision() -> None:
    a, b = parse_decimal("8.70"), parse_decimal("8.7")
    assert a is not None and b is not None
    assert a.value == b.value
    assert a.unit != b.unit


@pytest.mark.parametrize(
    ("text", "is_int"), [("12", True), ("12.0", False), ("1e2", False), ("5%", False)]
)
def test_integer_literal_flag(text: str, is_int: bool) -> None:
    dec = parse_decimal(text)
    assert dec is not None
    assert dec.is_integer_literal is is_int


@pytest.mark.parametrize(
    "text", ["", "abc", "1.", ".5", "1e", "1,5", "1.5.2", "--1", "5 %", "0x10"]
)
def test_not_a_number(text: str) -> None:
    assert parse_decimal(text) is None


def test_digit_bound() -> None:
    assert parse_decimal("9" * limits.MAX_NUMBER_DIGITS) is not None
    with pytest.raises(LimitError, match="digits"):
        parse_decimal("9" * (limits.MAX_NUMBER_DIGITS + 1))
    with pytest.raises(LimitError, match="digits"):
        parse_decimal("1." + "0" * limits.MAX_NUMBER_DIGITS)


def test_exponent_bound() -> None:
    assert parse_decimal(f"1e{limits.MAX_SCI_EXPONENT}") is not None
    assert parse_decimal(f"1e-{limits.MAX_SCI_EXPONENT}") is not None
    with pytest.raises(LimitError, match="exponent"):
        parse_decimal(f"1e{limits.MAX_SCI_EXPONENT + 1}")
    with pytest.raises(LimitError, match="exponent"):
        parse_decimal(f"1e-{limits.MAX_SCI_EXPONENT + 1}")


@settings(max_examples=300, deadline=None)
@given(st.integers(-(10**30), 10**30), st.integers(-40, 40))
def test_the_remembered_value_is_the_exact_one(mantissa: int, exponent: int) -> None:
    want = Fraction(mantissa) * Fraction(10) ** exponent
    first = Decimal(mantissa, exponent, "x").value  # made, or remembered from before
    again = Decimal(mantissa, exponent, "y").value  # remembered
    numbers._VALUES.clear()
    fresh = Decimal(mantissa, exponent, "z").value  # made again
    assert first == again == fresh == want
    assert type(first) is Fraction


def test_the_remembered_values_are_bounded(monkeypatch) -> None:
    monkeypatch.setattr(numbers, "_VALUES_CACHED", 3)
    for m in range(10):
        assert Decimal(m, -1, "t").value == Fraction(m, 10)
        assert len(numbers._VALUES) <= 3


def _parsed(parse, text: str) -> object:
    try:
        return parse(text)
    except LimitError as e:
        return ("LimitError", e.message)


_NUMBERISH = st.text(alphabet="0123456789.-+eE% \t\n\u0661\u0662\u00b2\u2007", max_size=12)
_DIGIT_RUNS = st.tuples(
    st.sampled_from(["", "-", "+", " ", "- "]),
    st.integers(0, limits.MAX_NUMBER_DIGITS + 2),
    st.integers(0, 4),
    st.sampled_from(["", ".", "%", "e1", " "]),
).map(lambda t: f"{t[0]}{'9' * t[1]}{'.' + '5' * t[2] if t[2] else t[3]}")


@settings(max_examples=500, deadline=None)
@given(st.one_of(_NUMBERISH, _DIGIT_RUNS))
def test_parse_decimal_fast_path_is_the_general_parse(text: str) -> None:
    got = _parsed(parse_decimal, text)
    assert got == _parsed(numbers.parse_decimal_general, text)
    if isinstance(got, Decimal):  # the same fields, the text included
        assert got.text == numbers.parse_decimal_general(text).text  # type: ignore[union-attr]
