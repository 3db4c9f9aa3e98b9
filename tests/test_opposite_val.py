"""LB015's per-value integers (``opposite_fast._Val``) against their definition, on random
printed lists.

A list printed at one precision keeps only its centres ``c`` and makes its ends'
lists when asked for; its sums, order statistics' ends and range over the box are read
from the centres (``sums``, ``monotone``, ``span``).  The definition: each item's interval
``value -/+ unit / 2`` over the value's denominator, and the sums and sorted ends of
those lists.  Every value is made afresh per property, read in a drawn order, so that
no answer depends on which list was made first.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_opposite_fast import _text, _value

from leanbridge.semantics import opposite_fast as fast_module

FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ORDERS = ["min", "max", "median"]


@st.composite
def printed(draw) -> list[str]:
    """A list at one precision (the usual case), or at several (``same`` is False)."""
    n = draw(st.integers(1, 9))
    ms = draw(st.lists(st.integers(-50, 400), min_size=n, max_size=n))
    if draw(st.booleans()):  # ties
        ms = [ms[0]] * (n // 2) + ms[n // 2 :]
    if draw(st.integers(0, 3)) == 0:
        places = draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
    else:
        places = [draw(st.integers(0, 3))] * n
    return [_text(m, p) for m, p in zip(ms, places, strict=True)]


def _ends(texts: list[str], d: int) -> tuple[list[int], list[int]]:
    """Each item's interval ends over ``d``, from its printed value and unit."""
    lo, hi = [], []
    for dec in _value("a", texts).numbers:
        half = dec.unit / 2
        for out, x in ((lo, dec.value - half), (hi, dec.value + half)):
            scaled = x * d
            assert scaled.denominator == 1
            out.append(int(scaled))
    return lo, hi


def _order(func: str, s: list[int], d: int) -> tuple[int, int]:
    return fast_module._order_rep(func, s, d)[:2]  # type: ignore[return-value]


@FAST
@given(printed(), st.permutations(["lo", "sums", "monotone", "span", "centre"]))
def test_val_ends_equal_definition(texts, order):
    v = fast_module._make_val("a", _value("a", texts))
    assert v is not None
    lo, hi = _ends(texts, v.d)
    c = [(a + b) // 2 for a, b in zip(lo, hi, strict=True)]
    assert v.c == c
    for step in order:  # each answer, whichever of them was asked for first
        if step == "lo":
            assert (v.lo, v.hi) == (lo, hi)
        elif step == "sums":
            assert v.sums() == (sum(lo), sum(hi))
        elif step == "monotone":
            for func in ORDERS:
                want = (_order(func, sorted(lo), v.d), _order(func, sorted(hi), v.d))
                assert v.monotone(func) == want, (func, texts)
        elif step == "span":
            assert v.span() == (max(lo) - min(hi), max(hi) - min(lo))
        else:
            for func in ORDERS:
                assert v.at_centre(func) == _order(func, sorted(c), v.d)
    assert v.sorted_ends() == (sorted(lo), sorted(hi))


def test_val_ends_of_one_precision_are_lazy():
    """A list at one precision makes its ends' lists only when asked for."""
    v = fast_module._make_val("a", _value("a", ["1.5", "2.5", "0.5"]))
    assert v is not None and v.same
    assert v.sums() == (2 * 45 - 3, 2 * 45 + 3)  # d = 20: centres 30, 50, 10
    assert v._lo is None and v._hi is None
    assert v.lo == [29, 49, 9] and v.hi == [31, 51, 11]
    assert Fraction(v.span()[1], v.d) == Fraction(21, 10)  # 2.55 - 0.45


# --- the variance's moments and steering from the sorted centres ---------------------------

KINDS = [("var", "var"), ("var", "pvar"), ("root", "var"), ("root", "pvar")]


def _general(texts: list[str]):  # type: ignore[no-untyped-def]
    """The value made again and read by the general formulas (per item u and w), which
    hold for every list: the definition of the shortcuts taken when ``same``."""
    v = fast_module._make_val("a", _value("a", texts))
    v.same = False
    return v


@FAST
@given(printed(), st.permutations(KINDS))
def test_moments_and_steering_equal_general(texts, kinds):
    v = fast_module._make_val("a", _value("a", texts))
    assert v is not None
    general = _general(texts)
    assert v.moments() == general.moments()
    for kind, func in kinds:
        if func == "var" and v.n < 2:
            continue
        if v.n >= 2:
            assert v._lowered(kind, func) == general._lowered(kind, func), (kind, func, texts)
        assert v.corners(kind, func) == general.corners(kind, func), (kind, func, texts)
        for _, spec in v.corners(kind, func):
            assert v.q_at(spec) == general.q_at(spec)


def test_sd_steered_item_by_item():
    """A list whose SD is steered item by item (``_sd_lowered``): an item whose move up
    leaves Q as it is, a change 2n c - K of 0 (n = 5, mantissas 1, 0, 0, 5, 0: c = 2m,
    K = 2 S1 - n + 1 = 20 = 2n c for the first item), against the general formulas."""
    texts = ["0.1", "0.0", "0.0", "0.5", "0.0"]
    v = fast_module._make_val("a", _value("a", texts))
    general = _general(texts)
    assert v.same
    for kind, func in KINDS:
        assert v._lowered(kind, func) == general._lowered(kind, func)
        assert v.corners(kind, func) == general.corners(kind, func)
    assert 0 in v._made["changes"]  # the per-item path was taken
