"""LB015's fast path (semantics/opposite_fast.py) answers exactly as the general search,
on single comparisons and on ``and``/``or``/``not`` of them, and ``opposite_witness``'s
per-value dimensions are those of ``_dimensions``.

``rounded.opposite_witness`` with the fast path switched off is the definition; on random
claims of every shape the fast path takes (and a few it does not), with targets placed
next to the computed value so that rounding often flips the verdict, both must return the
same witness or both None.  Small mantissas make ties, equal items and exact square roots
(``sd`` of a list whose variance is a perfect square) common.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leanbridge.semantics import opposite_fast as fast_module
from leanbridge.semantics import rounded
from leanbridge.semantics.evaluate import Evaluator, evaluate
from leanbridge.semantics.numbers import parse_decimal
from leanbridge.semantics.reals import bounds
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax.parser import parse_check

FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SHAPES = [
    "sum(a)",
    "mean(a)",
    "mean(a, b)",
    "mean(a, k)",
    "median(a)",
    "min(a)",
    "max(a)",
    "var(a)",
    "pvar(a)",
    "sd(a)",
    "psd(a)",
    "sd(a, k)",
    "sqrt(pvar(a))",
    "sqrt(var(a, b))",
    "round(mean(a), 1)",
    "round(median(a, b), 0)",
    "max(a) - min(a)",
    "abs(x - y)",
    "pct_change(x, y)",
    "pct_change(y, x)",
    "len(a)",
    "len(a, b)",
    # not taken by the fast path: the general search answers
    "abs(x - x)",
    "mean(a) + x",
    "sum(a, a)",
]
OPS = ["~=", "<", "<=", ">", ">=", "==", "!=", "== {t} ± 5%", "== {t} +/- 0.05"]


@st.composite
def items(draw, places: int | None = None) -> list[str]:
    p = draw(st.sampled_from([0, 1, 1, 2])) if places is None else places
    n = draw(st.integers(1, 7))
    mantissas = draw(st.lists(st.integers(-3, 40), min_size=n, max_size=n))
    if draw(st.booleans()):  # repeated values: ties, zero variance
        mantissas = [mantissas[0]] * (n // 2) + mantissas[n // 2 :]
    return [_text(m, p) for m in mantissas]


def _text(m: int, places: int) -> str:
    if places == 0:
        return str(m)
    sign = "-" if m < 0 else ""
    digits = str(abs(m)).rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def _value(name: str, texts: list[str], is_list: bool = True) -> NamedValue:
    return NamedValue(name, tuple(parse_decimal(t) for t in texts), is_list, "Table 1")  # type: ignore[misc]


def _slow(tree, env, truth):
    saved = fast_module.opposite_fast
    fast_module.opposite_fast = lambda *args: fast_module.UNKNOWN
    try:
        return rounded.opposite_witness(tree, env, truth)
    finally:
        fast_module.opposite_fast = saved


def _target(left, env, offset: int, places: int) -> str | None:
    try:
        lo, hi = bounds(Evaluator(env).eval(left))
    except Exception:
        return None
    q = (lo + hi) / 2 + Fraction(offset, 10**places) / 2
    return _text(round(q * 10**places), places) if places else str(round(q))


APPLIED: list[int] = []


@FAST
@given(
    st.sampled_from(SHAPES),
    st.sampled_from(OPS),
    items(),
    items(),
    items(places=0),
    st.integers(-3, 3),
    st.sampled_from([0, 1, 2]),
    st.sampled_from(["1.2", "3.45", "7", "-0.05", "0.0"]),
    st.sampled_from(["2.5", "0.04", "-1.25", "12", "0"]),
)
def test_fast_path_equals_general_search(shape, op, a, b, k, offset, places, x, y):
    env = {
        "a": _value("a", a),
        "b": _value("b", b),
        "k": _value("k", k),  # printed as integers
        "x": _value("x", [x], is_list=False),
        "y": _value("y", [y], is_list=False),
    }
    left = parse_check(f"{shape} > 0")
    assert left is not None
    target = _target(left.left, env, offset, places)
    if target is None:
        return
    check = f"{shape} {op.format(t=target)}" if "{t}" in op else f"{shape} {op} {target}"
    tree = parse_check(check)
    outcome = evaluate(tree, env)
    if outcome.verdict not in ("holds", "fails"):
        return
    truth = outcome.verdict == "holds"
    leaf_nodes = rounded.rounded_leaves(tree, env)
    if not leaf_nodes:
        return
    dims = rounded._dimensions(leaf_nodes, env)
    assert rounded._dimensions(leaf_nodes, env, rounded._cached_name_dimensions) == dims
    assert (
        rounded._dimensions(leaf_nodes, env, rounded._cached_name_dimensions) == dims
    )  # from the cache
    leaves = {id(n) for n in leaf_nodes}
    quick = fast_module.opposite_fast(tree, env, dims, leaves, truth)
    if quick is not fast_module.UNKNOWN:
        APPLIED.append(1)
    assert rounded.opposite_witness(tree, env, truth) == _slow(tree, env, truth), check


def test_fast_path_was_taken():
    """The comparison above is not vacuous: the fast path answered most of those claims."""
    if not APPLIED:
        pytest.skip("runs after test_fast_path_equals_general_search")
    assert len(APPLIED) > 100


@pytest.mark.parametrize(
    "check, lists",
    [
        # sd of [3, 4, 5]: variance 1, an exact square root at the printed values
        ("sd(a) ~= 1.0", {"a": ["3", "4", "5"]}),
        ("sd(a) ~= 1.0", {"a": ["3.0", "4.0", "5.0"]}),
        ("psd(a) < 0.9", {"a": ["1.0", "1.0", "1.0"]}),
        ("max(a) - min(a) ~= 0.0", {"a": ["2.0", "2.0"]}),
        ("var(a) == 0.5", {"a": ["1.0", "2.0"]}),
        ("median(a) ~= 2.05", {"a": ["1.0", "2.0", "2.1", "9.9"]}),
    ],
)
def test_corner_cases(check, lists):
    env = {n: _value(n, t) for n, t in lists.items()}
    tree = parse_check(check)
    outcome = evaluate(tree, env)
    assert outcome.verdict in ("holds", "fails")
    truth = outcome.verdict == "holds"
    assert rounded.opposite_witness(tree, env, truth) == _slow(tree, env, truth)


BOOLEANS = [
    "(mean(a) > mean(b) and max(a) >= median(b)) or not mean(a) > mean(b)",
    "mean(a) > mean(b) and mean(b) > mean(a)",
    "mean(a) ~= {t} or sd(a) < {t}",
    "not (sum(a) >= {t}) and len(a) == 3",
    "max(a) - min(a) ~= {t} and abs(x - y) < {t}",
    "mean(a) > {t} or mean(a) + x > {t}",  # a shape the fast path does not take
]


@FAST
@given(st.sampled_from(BOOLEANS), items(), items(), st.sampled_from(["1.2", "-0.05"]), st.data())
def test_boolean_checks_equal_general_search(template, a, b, x, data):
    env = {
        "a": _value("a", a),
        "b": _value("b", b),
        "x": _value("x", [x], is_list=False),
        "y": _value("y", ["2.5"], is_list=False),
    }
    near = _target(parse_check("mean(a) > 0").left, env, data.draw(st.integers(-3, 3)), 1)
    if near is None:
        return
    tree = parse_check(template.format(t=near))
    outcome = evaluate(tree, env)
    if outcome.verdict not in ("holds", "fails"):
        return
    truth = outcome.verdict == "holds"
    assert rounded.opposite_witness(tree, env, truth) == _slow(tree, env, truth), template
