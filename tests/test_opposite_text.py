"""LB015's path from the tree (``opposite_fast.opposite_text``, through
``rounded.opposite_witness_text``) gives the text of the general search's witness.

The definition is ``display.witness_text(rounded.opposite_witness(...))`` with the fast
path switched off (the general search); on random claims of every shape the linter's path
takes (and a few it does not), with targets next to the computed value so that rounding
often flips the verdict, both must give the same text or both None.  Its parts are checked
on their own too: each left side's range and corners against ``_Left``'s methods, and the
interval ends' text against ``display.real_text``.
"""

from __future__ import annotations

from fractions import Fraction
from math import isqrt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_opposite_fast import OPS, SHAPES, _target, _text, _value, items

from leanbridge.semantics import opposite_fast as fast_module
from leanbridge.semantics import rounded
from leanbridge.semantics.display import real_text, witness_text
from leanbridge.semantics.evaluate import evaluate
from leanbridge.semantics.value_memo import forget_all
from leanbridge.syntax.parser import parse_check

FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TAKEN: list[int] = []


def _slow_text(tree, env, truth) -> str | None:
    """The definition: the general search's witness, as the finding shows it."""
    saved = fast_module.opposite_fast
    fast_module.opposite_fast = lambda *args: fast_module.UNKNOWN
    try:
        other = rounded.opposite_witness(tree, env, truth)
    finally:
        fast_module.opposite_fast = saved
    return None if other is None else witness_text(other)


def _check_claim(check: str, env) -> None:
    tree = parse_check(check)
    outcome = evaluate(tree, env)
    if outcome.verdict not in ("holds", "fails"):
        return
    truth = outcome.verdict == "holds"
    forget_all()  # a fresh file: the per-value memos are made here, then used again
    if fast_module.opposite_text(tree, env, truth) is not fast_module.UNKNOWN:
        TAKEN.append(1)
    want = _slow_text(tree, env, truth)
    assert rounded.opposite_witness_text(tree, env, truth) == want, check
    assert rounded.opposite_witness_text(tree, env, truth) == want, check  # from the memos
    other = rounded.opposite_witness(tree, env, truth)  # and opposite_fast agrees
    assert (None if other is None else witness_text(other)) == want, check


@st.composite
def mixed_items(draw) -> list[str]:
    """Items printed to different places (one list, several denominators)."""
    n = draw(st.integers(1, 6))
    return [
        _text(draw(st.integers(-30, 400)), draw(st.sampled_from([0, 1, 2, 3]))) for _ in range(n)
    ]


@FAST
@given(
    st.sampled_from([*SHAPES, "round(mean(a), 0)", "round(sum(a), 2)", "median(a, b)"]),
    st.sampled_from(OPS),
    st.one_of(items(), mixed_items()),
    items(),
    items(places=0),
    st.integers(-3, 3),
    st.sampled_from([0, 1, 2]),
    st.sampled_from(["1.2", "3.45", "7", "-0.05", "0.0", "120"]),
    st.sampled_from(["2.5", "0.04", "-1.25", "12", "0", "1.000"]),
)
def test_text_equals_general_search(shape, op, a, b, k, offset, places, x, y):
    env = {
        "a": _value("a", a),
        "b": _value("b", b),
        "k": _value("k", k),
        "x": _value("x", [x], is_list=False),
        "y": _value("y", [y], is_list=False),
    }
    left = parse_check(f"{shape} > 0")
    target = _target(left.left, env, offset, places)
    if target is None:
        return
    _check_claim(f"{shape} {op.format(t=target)}" if "{t}" in op else f"{shape} {op} {target}", env)


def test_the_path_was_taken():
    """The comparisons above are not vacuous: the linter's path answered most claims."""
    if not TAKEN:
        pytest.skip("runs after test_text_equals_general_search")
    assert len(TAKEN) > 100


BOOLEANS = [
    "(mean(a) > mean(b) and max(a) >= median(b)) or not mean(a) > mean(b)",
    # widened inputs on both sides: the general search answers opposite_fast's UNKNOWN
    "mean(a) > mean(b) and mean(b) > mean(a)",
    "mean(a) > mean(b) or sum(b) <= {t}",
    "not (median(a) == median(b)) and var(b) < {t}",
    "max(a) - min(a) > var(b) and mean(b) ~= {t}",
    "sd(a) < mean(b) or mean(b) >= {t}",  # a square root on a left side only
    "mean(a) > sd(b) and mean(b) > {t}",  # on a right side: not taken
    "mean(a) ~= {t} or sd(a) < {t}",
    "not (sum(a) >= {t}) and len(a) == 3",
    "max(a) - min(a) ~= {t} and abs(x - y) < {t}",
    "pct_change(x, y) > {t} or mean(a, b) != {t}",
    "mean(a) > mean(a, b) and mean(b) < {t}",  # a right side also of unwidened names
    "mean(a) > {t} or mean(a) + x > {t}",  # a left side not taken
]


@FAST
@given(
    st.sampled_from(BOOLEANS),
    st.one_of(items(), mixed_items()),
    items(),
    st.sampled_from(["1.2", "-0.05", "3"]),
    st.data(),
)
def test_boolean_text_equals_general_search(template, a, b, x, data):
    env = {
        "a": _value("a", a),
        "b": _value("b", b),
        "x": _value("x", [x], is_list=False),
        "y": _value("y", ["2.5"], is_list=False),
    }
    near = _target(parse_check("mean(a) > 0").left, env, data.draw(st.integers(-3, 3)), 1)
    if near is None:
        return
    _check_claim(template.format(t=near), env)


@pytest.mark.parametrize(
    "check, lists",
    [
        ("sd(a) ~= 1.0", {"a": ["3", "4", "5"]}),  # an exact square root at the centre
        ("psd(a) < 0.9", {"a": ["1.0", "1.0", "1.0"]}),
        ("max(a) - min(a) ~= 0.0", {"a": ["2.0", "2.0"]}),
        ("max(a) - min(a) ~= 1.0", {"a": ["2.0", "2.0", "3.0", "3.0"]}),  # tied extremes
        ("median(a) ~= 2.05", {"a": ["1.0", "2.0", "2.1", "9.9"]}),
        ("mean(a) ~= 1.5", {"a": ["1.00", "2", "1.5"]}),  # places 2, 0 and 1
        ("sum(a) < 1e3", {"a": ["5e2", "499.9"]}),  # a positive exponent
        ("mean(a) > 0.00000000000000000000000000000000000000000001", {"a": ["1e-44", "0"]}),
        ("var(a) ~= 1.00", {"a": [str(i % 7) for i in range(70)]}),  # more than 64 inputs
        ("mean(a) ~= 3.0", {"a": [str(i % 7) for i in range(70)]}),
        # a bound past 100 bits: not taken
        ("mean(a) ~= 1.5", {"a": ["1" + "0" * 40 + ".5", "2.5"]}),
        ("round(mean(a), 1) == 2.0", {"a": ["1.95", "2.04"]}),
    ],
)
def test_corner_cases(check, lists):
    env = {n: _value(n, t) for n, t in lists.items()}
    _check_claim(check, env)


@given(st.integers(-(10**45), 10**45), st.integers(-48, 48))
@settings(max_examples=500, deadline=None)
def test_bound_text_is_real_text(m, e):
    for high in (False, True):
        exact = (Fraction(m) + (Fraction(1, 2) if high else Fraction(-1, 2))) * Fraction(10) ** e
        assert fast_module._bound_text(m, e, high) == real_text(exact)


@given(st.lists(st.integers(-(10**45), 10**45), min_size=1, max_size=6), st.integers(-48, 48))
@settings(max_examples=300, deadline=None)
def test_bound_texts_are_real_text(ms, e):
    """The list form (digits of each end, one exponent) against ``real_text`` of each end."""
    for high in (False, True):
        half = Fraction(1, 2) if high else Fraction(-1, 2)
        want = [real_text((Fraction(m) + half) * Fraction(10) ** e) for m in ms]
        assert fast_module._bound_texts(ms, e, high) == want


def _value_of(rep) -> tuple[Fraction, bool]:
    """A Rep as (the rational it is or is the root of, whether a root), roots of perfect
    squares made exact: the same real either way."""
    n, d, root = rep
    q = Fraction(n, d)
    if (
        root
        and isqrt(q.numerator) ** 2 == q.numerator
        and isqrt(q.denominator) ** 2 == q.denominator
    ):
        return Fraction(isqrt(q.numerator), isqrt(q.denominator)), False
    return q, root


ENTRY_SHAPES = [
    "sum(a)",
    "mean(a)",
    "median(a)",
    "min(a)",
    "max(a)",
    "len(a)",
    "round(mean(a), 1)",
    "var(a)",
    "pvar(a)",
    "sd(a)",
    "psd(a)",
    "sqrt(var(a))",
    "max(a) - min(a)",
    "abs(x - y)",
    "pct_change(x, y)",
    "mean(a, b)",
    "median(a, b)",
    "sum(a, b)",
]


@FAST
@given(
    st.sampled_from(ENTRY_SHAPES),
    st.one_of(items(), mixed_items()),
    st.one_of(items(), mixed_items()),
    st.sampled_from(["1.2", "-0.05", "3", "250"]),
    st.sampled_from(["2.5", "0.04", "-1.25", "12.0"]),
)
def test_entries_equal_left_methods(shape, a, b, x, y):
    """Each left side's range and candidate corners, made from the per-value integers,
    are ``_Left``'s own (``_entry``) on the joined items."""
    env = {
        "a": _value("a", a),
        "b": _value("b", b),
        "x": _value("x", [x], is_list=False),
        "y": _value("y", [y], is_list=False),
    }
    forget_all()
    left = fast_module._Left(parse_check(f"{shape} > 0").left)
    names = fast_module._left_names(left, env)
    got = fast_module._values_entry(left, names, env)
    if got is None:
        return
    entry, vals = got
    want = fast_module._entry(left, fast_module._joined_items(vals), sum(v.n for v in vals))
    assert want is not None
    assert _value_of(entry.low) == _value_of(want.low)
    assert _value_of(entry.high) == _value_of(want.high)
    mine, theirs = entry.corners(), want.corners()
    assert [s for _, s in mine] == [s for _, s in theirs]
    assert [_value_of(r) for r, _ in mine] == [_value_of(r) for r, _ in theirs]


def test_values_past_the_bound_are_not_taken():
    assert fast_module._make_val("a", _value("a", ["1" + "0" * 40 + ".5"])) is None
    assert fast_module._make_val("a", _value("a", ["1e-44"])) is None
    assert fast_module._make_val("a", _value("a", ["1.5", "2", "1e-29"])) is not None


@FAST
@given(
    st.sampled_from(["var(a)", "pvar(a)", "sd(a)", "psd(a)", "sqrt(var(a))"]),
    st.one_of(items(), mixed_items(), st.lists(st.sampled_from(["0", "1", "2", "3"]), min_size=2)),
)
def test_steering_equals_left_lowered(shape, a):
    """The steering from the moments is ``_Left.lowered``'s (small integers make exact
    square roots, where the enclosures' midpoints are compared, common)."""
    if len(a) < 2:
        return
    forget_all()
    left = fast_module._Left(parse_check(f"{shape} > 0").left)
    v = fast_module._val("a", _value("a", a))
    assert v is not None
    items = fast_module._Items(v.c, v.lo, v.hi, v.d, list(range(v.n)))
    assert v._lowered(left.kind, left.func) == left.lowered(items)


def _lowered_by_midpoints(q: int, dq: int, den: int) -> bool:
    """``_Left.lowered``'s decision for one input of an SD, as it is written there."""
    if dq == 0:
        return False
    base_key = fast_module._root_key(q, den)
    key = fast_module._root_key(q + dq, den)
    if key is not None and base_key is not None:
        return key < base_key
    return fast_module._root_mid(q + dq, den) < fast_module._root_mid(q, den)


@settings(max_examples=2000, deadline=None)
@given(
    st.integers(0, 2**200),
    st.integers(1, 2**80),
    st.one_of(st.integers(-(2**40), 2**40), st.integers(-(2**150), 2**150)),
    st.booleans(),
)
def test_sd_steering_equals_midpoints(q, den, dq, square):
    """The shortcut (roots 2^-64 apart or more are ordered as their radicands) gives the
    midpoints' answer, also for changes too small for it and for exact square roots."""
    if square:  # q / den a perfect square: an exact root at the centre
        r = isqrt(q)
        q, den = r * r * den, den
    if q + dq < 0:
        return
    assert fast_module._sd_lowered(q, dq, den) == _lowered_by_midpoints(q, dq, den)
