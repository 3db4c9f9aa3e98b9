"""Certified square-root enclosures and three-valued comparisons."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leanbridge.errors import ClaimEvalError
from leanbridge.semantics import reals
from leanbridge.semantics.reals import (
    Indeterminate,
    Interval,
    Root,
    compare,
    power,
    reciprocal,
    square_root,
    within,
)


@pytest.mark.parametrize(
    "radicand", [Fraction(2), Fraction(3), Fraction(1, 3), Fraction(10**9 + 7)]
)
@pytest.mark.parametrize("bits", [8, 64, 256])
def test_root_encloses_the_square_root(radicand: Fraction, bits: int) -> None:
    r = Root(radicand, bits)
    assert r.lo * r.lo <= radicand <= r.hi * r.hi
    assert r.hi - r.lo == Fraction(1, 2**bits)


def test_perfect_squares_stay_exact() -> None:
    assert square_root(Fraction(9, 4), 64) == Fraction(3, 2)
    assert square_root(Fraction(0), 64) == 0
    assert isinstance(square_root(Fraction(2), 64), Root)


def test_negative_radicand() -> None:
    with pytest.raises(ClaimEvalError, match="negative"):
        square_root(Fraction(-1), 64)
    with pytest.raises(Indeterminate):
        square_root(Interval(Fraction(-1), Fraction(1)), 64)


@pytest.mark.parametrize(
    ("op", "r", "expected"),
    [
        ("<", Fraction(3, 2), True),
        ("<", Fraction(7, 5), False),
        ("<=", Fraction(-1), False),
        (">", Fraction(-1), True),
        (">", Fraction(0), True),
        (">=", Fraction(141, 100), True),
        ("==", Fraction(141, 100), False),
        ("!=", Fraction(141, 100), True),
        ("==", Fraction(-1), False),
    ],
)
def test_bare_root_compared_exactly(op: str, r: Fraction, expected: bool) -> None:
    assert compare(op, Root(Fraction(2), 64), r) is expected


def test_root_on_the_right_is_flipped() -> None:
    assert compare("<", Fraction(1), Root(Fraction(2), 8)) is True
    assert compare(">", Fraction(1), Root(Fraction(2), 8)) is False
    assert compare(">=", Fraction(2), Root(Fraction(4), 8)) is True  # Root(4) is never built


def test_overlapping_enclosures_are_undecided() -> None:
    a = Interval(Fraction(1), Fraction(2))
    assert compare("==", a, Fraction(3, 2)) is None
    assert compare("<", a, Fraction(3, 2)) is None
    assert compare("<", a, Fraction(3)) is True
    assert compare(">", a, Fraction(0)) is True
    assert compare("!=", a, Fraction(5)) is True
    assert compare("==", Interval(Fraction(1), Fraction(1)), Fraction(1)) is True


def test_reciprocal() -> None:
    assert reciprocal(Fraction(4)) == Fraction(1, 4)
    with pytest.raises(ClaimEvalError, match="division by zero"):
        reciprocal(Fraction(0))
    with pytest.raises(Indeterminate):
        reciprocal(Interval(Fraction(-1), Fraction(1)))
    inv = reciprocal(Interval(Fraction(2), Fraction(4)))
    assert isinstance(inv, Interval)
    assert (inv.lo, inv.hi) == (Fraction(1, 4), Fraction(1, 2))


def test_power() -> None:
    assert power(Fraction(2), 10) == 1024
    assert power(Fraction(2), -2) == Fraction(1, 4)
    assert power(Fraction(-3), 3) == -27
    with pytest.raises(ClaimEvalError, match="zero raised to a negative power"):
        power(Fraction(0), -1)
    with pytest.raises(ClaimEvalError, match="bits"):
        power(Fraction(10**100), 4096)
    even = power(Interval(Fraction(-1), Fraction(2)), 2)
    assert isinstance(even, Interval)
    assert (even.lo, even.hi) == (0, 4)


def test_within() -> None:
    r = Root(Fraction(2), 64)
    assert within(r, Fraction(14, 10), Fraction(2, 100)) is True
    assert within(r, Fraction(14, 10), Fraction(1, 100)) is False
    assert within(Fraction(3), Fraction(2), Fraction(1)) is True
    assert within(Fraction(3), Fraction(2), Fraction(99, 100)) is False


def _real_from(kind: int, a: int, b: int, bits: int) -> reals.Real:
    """An exact value, a Root or an Interval, from small integers (b > 0)."""
    if kind == 0:
        return Fraction(a, b)
    if kind == 1:
        return reals.square_root(Fraction(abs(a), b), bits)  # a Root or a perfect square
    lo = Fraction(a, b)
    return reals.Interval(lo, lo + Fraction(abs(a) % 3, b))


_PARTS = st.tuples(
    st.integers(0, 2), st.integers(-30, 30), st.integers(1, 12), st.sampled_from([8, 64])
)


@settings(max_examples=2000, deadline=None)
@given(_PARTS, _PARTS, _PARTS)
def test_within_and_tight_is_within_twice(x, target, tol) -> None:
    """The fused decision (evaluate.py's report path) against the two calls it replaces."""
    xv, tv, cv = _real_from(*x), _real_from(*target), _real_from(*tol)
    if isinstance(cv, Fraction) and cv < 0:
        cv = -cv  # a tolerance is never negative
    assert reals.within_and_tight(xv, tv, cv) == (
        reals.within(xv, tv, cv),
        reals.within(xv, tv, cv, "=="),
    )


def test_within_and_tight_on_the_tight_cases() -> None:
    root2, root8 = reals.Root(Fraction(2), 64), reals.Root(Fraction(8), 64)
    # |sqrt(8) - sqrt(2)| = sqrt(2): equal to the tolerance, exactly
    assert reals.within_and_tight(root8, root2, root2) == (True, True)
    assert reals.within_and_tight(root2, Fraction(0), root2) == (True, True)
    assert reals.within_and_tight(root2, Fraction(1), Fraction(1, 2)) == (True, False)
    assert reals.within_and_tight(root2, Fraction(3), Fraction(1, 2)) == (False, False)
