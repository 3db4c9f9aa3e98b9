"""The evaluator's fast paths give exactly what the plain Fraction computation gives.

Each fast path is checked against the straightforward code it replaces, on random
decimals as a paper prints them: negative numbers, mixed precisions (``8.7`` and
``8.70``), percent literals and exponents at the limits of ``leanbridge.limits``.

(1) ExactList: printed decimals as integers over a power of ten, and its cached sums.
(2) reals: exact comparison, the exact margin of ``~=``/``±``, Root, Interval.__rsub__.
(3) Decimal.unit and half_unit.
(4) Whole checks: evaluate() against a textbook Fraction model of the same check.
"""

from __future__ import annotations

from fractions import Fraction
from math import isqrt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textbook import textbook

from leanbridge import limits
from leanbridge.semantics import reals
from leanbridge.semantics.evaluate import evaluate, remember_value, value_of
from leanbridge.semantics.exact_list import ExactList
from leanbridge.semantics.functions import FUNCTIONS
from leanbridge.semantics.numbers import Decimal, parse_decimal
from leanbridge.semantics.reals import Interval, Root
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax.parser import parse_check

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

E = limits.MAX_SCI_EXPONENT


@st.composite
def decimal_texts(draw, exponents: bool = True) -> str:
    """A number as printed: sign, digits, decimals, optional exponent or percent."""
    sign = draw(st.sampled_from(["", "-"]))
    whole = str(draw(st.integers(0, 10**6)))
    frac = draw(st.sampled_from(["", "0", "7", "70", "05", "123456"]))
    text = sign + whole + ("." + frac if frac else "")
    suffix = draw(st.sampled_from(["", "", "", "%", "e"] if exponents else ["", "", "%"]))
    if suffix == "e":
        text += f"e{draw(st.sampled_from([-E, -E + 1, -3, 0, 2, E - 1, E]))}"
    return text + ("%" if suffix == "%" else "")


def decimals_of(texts: list[str]) -> tuple[Decimal, ...]:
    return tuple(parse_decimal(t) for t in texts)  # type: ignore[misc]


AGGREGATES = ["sum", "mean", "min", "max", "median", "pvar", "var", "len"]

# --- (1) ExactList ------------------------------------------------------------------------------


@FAST
@given(st.lists(decimal_texts(), min_size=1, max_size=25))
def test_exact_list_of_decimals_is_the_fractions(texts: list[str]) -> None:
    numbers = decimals_of(texts)
    exact = ExactList.of_decimals(numbers)
    values = [d.value for d in numbers]
    assert [Fraction(a, exact.denominator) for a in exact.numerators] == values
    assert exact.fractions == tuple(values)
    assert list(exact) == values and len(exact) == len(values)
    assert exact.sum == sum(values, Fraction(0))
    assert exact.mean == sum(values, Fraction(0)) / len(values)
    assert [Fraction(a, exact.denominator) for a in exact.sorted_numerators] == sorted(values)


def test_mixed_precision_and_percent_share_one_denominator() -> None:
    exact = ExactList.of_decimals(decimals_of(["8.7", "8.70", "-8.700", "870%", "0.087e2"]))
    assert exact.denominator == 1000
    assert list(exact.numerators) == [8700, 8700, -8700, 8700, 8700]


@FAST
@given(st.lists(decimal_texts(), min_size=1, max_size=25), st.sampled_from(AGGREGATES))
def test_aggregates_of_a_named_list_equal_textbook_fractions(texts: list[str], name: str) -> None:
    numbers = decimals_of(texts)
    if name == "var" and len(numbers) < 2:
        return
    values = [d.value for d in numbers]
    exact = ExactList.of_decimals(numbers)
    for _ in range(2):  # the second call reads the cached sums
        got = FUNCTIONS[name].impl(exact, limits.SQRT_START_BITS)
        assert type(got) is Fraction
        assert got == textbook(name, values)
    # and the same as the plain list of Fractions (the former input of the functions)
    assert FUNCTIONS[name].impl(values, limits.SQRT_START_BITS) == textbook(name, values)


@FAST
@given(
    st.lists(
        st.lists(st.one_of(decimal_texts().map(lambda t: parse_decimal(t).value)), max_size=6),  # type: ignore[union-attr]
        min_size=1,
        max_size=4,
    ),
    st.booleans(),
)
def test_concat_is_the_concatenation(parts: list[list[Fraction]], as_tuple: bool) -> None:
    pieces = [tuple(p) if as_tuple else ExactList.of_reals(p) for p in parts]
    joined = ExactList.concat(pieces)  # type: ignore[arg-type]
    assert joined is not None
    assert list(joined) == [x for p in parts for x in p]


def test_concat_with_an_enclosure_is_not_exact() -> None:
    assert ExactList.concat([(Fraction(1),), (Root(Fraction(2), 64),)]) is None


@FAST
@given(st.lists(decimal_texts(), min_size=1, max_size=12), st.booleans())
def test_value_of_and_remember_value_agree(texts: list[str], is_list: bool) -> None:
    numbers = decimals_of(texts if is_list else texts[:1])
    value = NamedValue("v", numbers, is_list, None)
    fractions = tuple(d.value for d in numbers)
    assert value_of(value) == (fractions if is_list else fractions[0])
    twin = NamedValue("v", numbers, is_list, None)
    remember_value(twin, fractions if is_list else fractions[0])
    assert value_of(twin) == value_of(value)


# --- (2) reals ------------------------------------------------------------------------------------

exact = st.fractions(min_value=-(10**6), max_value=10**6, max_denominator=10**4)
OPS = ["<", "<=", ">", ">=", "==", "!="]


@FAST
@given(exact, exact, st.sampled_from(OPS))
def test_exact_compare_equals_fraction_comparison(a: Fraction, b: Fraction, op: str) -> None:
    assert reals.compare(op, a, b) is reals._EXACT_COMPARE[op](a, b)


@FAST
@given(exact, exact, st.sampled_from(OPS))
def test_exact_compare_equals_the_interval_rules(a: Fraction, b: Fraction, op: str) -> None:
    # Degenerate intervals take the general path; the fast path must agree with it.
    assert reals.compare(op, a, b) is reals.compare(op, Interval(a, a), Interval(b, b))


@FAST
@given(exact, exact, exact.map(abs))
def test_exact_margin_equals_three_fraction_operations(
    x: Fraction, t: Fraction, tol: Fraction
) -> None:
    margin = reals.exact_margin(x, t, tol)
    assert type(margin) is Fraction
    assert margin == tol - abs(x - t)
    assert (margin >= 0) is reals.within(Interval(x, x), t, tol)


@FAST
@given(exact.map(abs), st.sampled_from([1, 8, 64, 256]))
def test_root_bounds_are_those_of_the_scaled_fraction(r: Fraction, bits: int) -> None:
    s = isqrt(int(r * 4**bits))  # the former formula: floor of the scaled Fraction
    root = Root(r, bits)
    assert (root.lo, root.hi) == (Fraction(s, 2**bits), Fraction(s + 1, 2**bits))


@FAST
@given(exact, exact, exact)
def test_interval_rsub_equals_negate_and_add(a: Fraction, b: Fraction, c: Fraction) -> None:
    lo, hi = min(a, b), max(a, b)
    got, want = c - Interval(lo, hi), -Interval(lo, hi) + c
    assert (got.lo, got.hi) == (want.lo, want.hi)


# --- (3) units ------------------------------------------------------------------------------------


@given(st.integers(-(E + limits.MAX_NUMBER_DIGITS + 2), E))
def test_unit_and_half_unit(exponent: int) -> None:
    d = Decimal(1, exponent, "1")
    assert d.unit == Fraction(10) ** exponent
    assert d.half_unit == Fraction(10) ** exponent / 2
    assert d.half_unit == Fraction(10) ** exponent / 2  # again: from the cache


# --- (4) whole checks against a textbook Fraction model ------------------------------------------


@FAST
@given(
    st.lists(decimal_texts(exponents=False), min_size=2, max_size=20),
    st.lists(decimal_texts(exponents=False), min_size=1, max_size=5),
    st.sampled_from(["sum", "mean", "min", "max", "median", "pvar", "var"]),
    decimal_texts(exponents=False),
    st.sampled_from(["~=", "±abs", "±rel", "<", "=="]),
)
def test_checks_equal_the_textbook_model(
    xs: list[str], ys: list[str], name: str, target: str, form: str
) -> None:
    env = {
        "xs": NamedValue("xs", decimals_of(xs), True, None),
        "ys": NamedValue("ys", decimals_of(ys), True, None),
    }
    values = [parse_decimal(t).value for t in xs + ys]  # type: ignore[union-attr]
    lhs = textbook(name, values)
    t = parse_decimal(target)
    assert t is not None
    tv = t.value
    if form == "~=":
        text, tol = f"{name}(xs, ys) ~= {target}", t.unit / 2
    elif form == "±abs":
        text, tol = f"{name}(xs, ys) == {target.rstrip('%')} ± 0.5", Fraction(1, 2)
        tv = parse_decimal(target.rstrip("%")).value  # type: ignore[union-attr]
    elif form == "±rel":
        text = f"{name}(xs, ys) == {target.rstrip('%')} ± 5%"
        tv = parse_decimal(target.rstrip("%")).value  # type: ignore[union-attr]
        tol = Fraction(5, 100) * abs(tv)
    else:
        text, tol = f"{name}(xs, ys) {form} {target}", None
    out = evaluate(parse_check(text), env)
    assert out.lhs == lhs and type(out.lhs) is Fraction
    assert out.rhs == tv
    if tol is None:
        assert out.margin is None and out.tolerance is None
        holds = lhs < tv if form == "<" else lhs == tv
    else:
        margin = tol - abs(lhs - tv)
        assert out.tolerance == tol and out.margin == margin
        holds = abs(lhs - tv) <= tol
    assert out.verdict == ("holds" if holds else "fails")
