"""LB015's lean path (``opposite_fast._lean_text``) and its shortcuts against the code they
short-cut, on random inputs.

* ``_lean_text`` against ``_comparison_text`` (the former entry/test path, kept as the
  definition) on random checks of the shapes the lean path takes: the same answer (None,
  UNKNOWN or the same witness text) for both truth values, from fresh and from shared memos;
* ``_labelled_ends`` (a list's witness texts for both ends in one pass) against
  ``display.real_text`` of each end and against ``_labelled_bound_texts``, which it
  replaces; ``_Val.text`` of every corner against ``real_text`` of each item's end;
* ``_small_sum`` (``-N``, ``N + N``, ``N - N`` on a right side, in integers) against the
  evaluator.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import repeat
from operator import getitem

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_opposite_fast import _target, _text, _value

from leanbridge.semantics import opposite_fast as fast_module
from leanbridge.semantics.display import real_text
from leanbridge.semantics.evaluate import Evaluator
from leanbridge.semantics.numbers import parse_decimal
from leanbridge.semantics.value_memo import forget_all
from leanbridge.syntax import ast
from leanbridge.syntax.parser import parse_check

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- 1. the lean path against _comparison_text --------------------------------------------

LEAN_SHAPES = [
    # one named list
    "sum(a)",
    "mean(a)",
    "median(a)",
    "min(a)",
    "max(a)",
    "len(a)",
    "var(a)",
    "pvar(a)",
    "sd(a)",
    "psd(a)",
    "sqrt(var(a))",
    "sqrt(pvar(a))",
    "round(mean(a), 1)",
    "round(sum(a), 0)",
    "round(median(a), 2)",
    "round(max(a), -1)",  # -1 is not a Number: _OTHER (UNKNOWN from the general text)
    "max(a) - min(a)",
    # several named lists and scalars
    "mean(a, b)",
    "sum(a, b)",
    "median(a, b)",
    "min(a, b)",
    "max(b, a)",
    "len(a, b)",
    "mean(a, x)",
    "sum(x, y)",
    "round(mean(a, b), 1)",
    # two single numbers
    "abs(x - y)",
    "abs(y - x)",
    "pct_change(x, y)",
    "pct_change(y, x)",
    # not taken by the lean path (_OTHER): the general text answers
    "var(a, b)",
    "abs(x - a)",
]
PAIRS = ["abs(x - y)", "abs(y - x)", "pct_change(x, y)", "pct_change(y, x)"]
# rounded to the places of the items: the ends of the range are halves, rounded away
ROUNDS = [f"round({f}(a), {k})" for f in ("sum", "min", "max", "median") for k in (0, 1, 2)]
SPREADS = ["max(a) - min(a)", "var(a)", "pvar(a)", "sd(a)", "psd(a)"]
LEAN_OPS = ["~=", "<", "<=", ">", ">=", "==", "!=", "== {t} ± {p}%", "== {t} +/- {u}"]
RIGHTS = ["N", "N", "N + N", "N - N", "-N"]

LEAN_SEEN = {"other": 0, "unknown": 0, "none": 0, "text": 0}


@st.composite
def printed(draw, places: int | None = None) -> str:
    """One printed number: various digit counts, negative values, zeros, last digit 0."""
    p = draw(st.sampled_from([0, 1, 1, 2, 2, 3, 5])) if places is None else places
    m = draw(
        st.one_of(
            st.integers(-3, 40),
            st.integers(-(10**7), 10**7),
            st.sampled_from([0, 10, 100, 1000, -10, 1, -1, 90, 109]),
            st.integers(1, 10**4).map(lambda x: 10 * x),  # last digit 0
        )
    )
    return _text(m, p)


@st.composite
def printed_list(draw) -> list[str]:
    n = draw(st.integers(1, 8))
    if draw(st.integers(0, 3)):  # usually one printed precision
        p = draw(st.sampled_from([0, 1, 1, 2, 2, 3, 5]))
        texts = [draw(printed(p)) for _ in range(n)]
    else:
        texts = [draw(printed()) for _ in range(n)]
    if draw(st.booleans()):  # repeated values: ties, zero variance
        texts = [texts[0]] * (n // 2) + texts[n // 2 :]
    return texts


def _right(form: str, target: str, other: str) -> str:
    """``target`` written as the right side ``form`` (``N + N`` as ``(t - u) + u``)."""
    if form == "N":
        return target
    t, u = Fraction(target), Fraction(other)
    places = max(len(target.partition(".")[2]), len(other.partition(".")[2]))
    if form == "-N":  # a negative target as printed; else the negated target (far off)
        return target if target.startswith("-") else f"-{target}"
    if form == "N + N":
        first = _text(round((t - u) * 10**places), places)
        return f"{first} + {other}" if not other.startswith("-") else f"{first} + ({other})"
    first = _text(round((t + u) * 10**places), places)
    return f"{first} - {other}" if not other.startswith("-") else f"{first} - ({other})"


def _both_ways(lean_path, general_path):
    """``lean_path()``'s and ``general_path()``'s answers, each from fresh memos, then
    each again from the memos the other made."""
    forget_all()
    lean = lean_path()
    general_after = general_path()
    forget_all()
    general = general_path()
    lean_after = lean_path()
    return lean, general, lean_after, general_after


def _lean_and_general(tree, env, truth: bool):
    """The lean path's and ``_comparison_text``'s answers (see :func:`_both_ways`)."""
    cls = tree.__class__
    return _both_ways(
        lambda: fast_module._lean_text(tree, cls, env, not truth),
        lambda: fast_module._comparison_text(tree, env, truth),
    )


def _agree(seen, answers, context) -> None:
    """The lean path answered as the general one (or passed: _OTHER), whichever memos
    were made first; ``seen`` counts its kinds of answer."""
    lean, general, lean_after, general_after = answers
    assert general_after == general, context
    if lean is fast_module._OTHER:
        seen["other"] += 1
        assert lean_after is fast_module._OTHER, context
        return
    seen["unknown" if lean is fast_module.UNKNOWN else "none" if lean is None else "text"] += 1
    assert lean == general, context
    assert lean_after == general, context


def _end(text: str, high: bool) -> str:
    """The low (high) end of a printed number's interval, printed."""
    dec = parse_decimal(text)
    p = max(0, -dec.exponent)
    return _text(10 * dec.mantissa * 10 ** max(0, dec.exponent) + (5 if high else -5), p + 1)


def _spread(texts: list[str], anchor: str) -> list[str]:
    """Each item at the end of its interval towards (``inward``) or away from the mean."""
    values = [Fraction(t) for t in texts]
    mean = sum(values) / len(values)
    return [_end(t, (v < mean) == (anchor == "inward")) for t, v in zip(texts, values, strict=True)]


def _printed(q: Fraction, places: int) -> str:
    return _text(round(q * 10**places), places)


def _places(text: str) -> int:
    return len(text.partition(".")[2])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(*map(st.sampled_from, (LEAN_SHAPES, PAIRS, ROUNDS, SPREADS))),
    st.sampled_from(RIGHTS),
    printed_list(),
    printed_list(),
    printed(),
    st.one_of(printed(), st.integers(-4, 4), st.just(1)),
    st.integers(-2, 2),
    st.integers(0, 6),
    printed(),
    st.sampled_from(["5", "0.5", "12", "0"]),
    st.sampled_from(["0.05", "1", "0.001", "0"]),
    st.integers(-1, 1),
    st.data(),
)
def test_lean_path_equals_comparison_text(
    shape, form, a, b, x, y, offset, places, other, pct, unit, tol_shift, data
):
    """Every operator, with the target placed next to the left side's value at the centre,
    the all-low, the all-high and mixed corners (and, for ``+/-``, a tolerance away), so
    that the ends of the test's interval often meet the left side's range or corners
    exactly; ``y`` is often a quarter unit of ``x`` from it, where moving x up ties on
    ``abs(x - y)``'s steering."""
    if isinstance(y, int):  # y = x + k/4 of x's unit: printed to two more places
        y = _printed(Fraction(x) + Fraction(y, 4 * 10 ** _places(x)), _places(x) + 2)
    lists = {"a": a, "b": b, "x": [x], "y": [y]}
    env = {n: _value(n, t, is_list=n in "ab") for n, t in lists.items()}
    left = parse_check(f"{shape} > 0").left
    # mixed corners, each item at an end of its own: at random, and every item towards the
    # mean of its list or away from it (where the range's and a variance's extremes are)
    count = len(a) + len(b) + 2
    mixed = data.draw(st.lists(st.booleans(), min_size=count, max_size=count))
    for anchor in ("centre", "low", "high", "mixed", "inward", "outward"):
        at = env
        if anchor in ("low", "high", "mixed"):
            ends = iter(mixed if anchor == "mixed" else repeat(anchor == "high"))
            at = {
                n: _value(n, [_end(t, next(ends)) for t in ts], is_list=n in "ab")
                for n, ts in lists.items()
            }
        elif anchor != "centre":
            at = {n: _value(n, _spread(ts, anchor), is_list=n in "ab") for n, ts in lists.items()}
        # the drawn target, and the anchored value itself (to 6 places: exact for most)
        for target in {_target(left, at, offset, places), _target(left, at, 0, 6)}:
            if target is None:
                continue
            for op in LEAN_OPS:
                _check_lean(shape, op, form, target, env, lists, other, pct, unit, tol_shift)


def _check_lean(shape, op, form, target, env, lists, other, pct, unit, tol_shift) -> None:
    if "+/-" in op and tol_shift:  # the tolerance's end at the anchored value
        shifted = Fraction(target) + tol_shift * Fraction(unit)
        target = _printed(shifted, max(_places(target), _places(unit)))
    right = target if op == "~=" else _right(form, target, other)  # ~=: N or -N only
    if "{t}" in op:
        check = f"{shape} {op.format(t=right, p=pct, u=unit)}"
    else:
        check = f"{shape} {op} {right}"
    tree = parse_check(check)
    for truth in (True, False):
        _agree(LEAN_SEEN, _lean_and_general(tree, env, truth), (check, lists, truth))


def test_lean_path_was_taken():
    """Not vacuous: the lean path answered many checks, with and without a witness."""
    if not LEAN_SEEN["text"]:
        pytest.skip("runs after test_lean_path_equals_comparison_text")
    assert LEAN_SEEN["text"] > 50 and LEAN_SEEN["none"] > 50, LEAN_SEEN


UNKNOWN_CHECKS = ("var(a) > 1", "mean(a) ~= 1.5", "pct_change(x, y) > 5")


@pytest.mark.parametrize(
    "check, lists",
    [
        ("mean(a) ~= 1.25", {"a": ["1.0", "2.0"]}),  # last digits 0: the general text
        ("mean(a) > 1.45 + 0.05", {"a": ["1.0", "2.0"]}),
        ("mean(a) < -0.5 - 0.95", {"a": ["-1.0", "-2.0"]}),
        ("sum(a) == -3.0", {"a": ["-1.0", "-2.0"]}),
        ("max(a) - min(a) ~= 1.0", {"a": ["2.0", "2.0", "3.0", "3.0"]}),
        ("sd(a) ~= 1.0", {"a": ["3", "4", "5"]}),
        ("abs(x - y) <= 0.5", {"x": ["1.0"], "y": ["1.5"]}),
        ("pct_change(x, y) ~= 50", {"x": ["2.0"], "y": ["3.0"]}),
        ("mean(a, x) == 1.5 ± 1%", {"a": ["1.0", "2.0"], "x": ["1.5"]}),
        # found by the random test against deliberate breaks (kept: found at once here)
        ("sum(a) ~= 0", {"a": ["0", "0"]}),  # steered from two items on
        ("sum(a) ~= -0.4", {"a": ["0"]}),  # the ~= interval's low end
        ("round(mean(a), 1) ~= 0.000000", {"a": ["0.0"]}),  # a half rounded away
        ("abs(x - y) ~= 0", {"x": ["0"], "y": ["0.25"]}),  # a tie in x's steering
        ("max(a) - min(a) ~= 0.000000", {"a": ["0", "1"]}),  # the range's low end
        # UNKNOWN on both paths: one item of a var, a bound past 100 bits, old may be 0
        ("var(a) > 1", {"a": ["1.5"]}),
        ("mean(a) ~= 1.5", {"a": ["1" + "0" * 40 + ".5", "2.5"]}),
        ("pct_change(x, y) > 5", {"x": ["0.0"], "y": ["3.0"]}),
    ],
)
def test_lean_corner_cases(check, lists):
    env = {n: _value(n, t, is_list=n not in ("x", "y")) for n, t in lists.items()}
    tree = parse_check(check)
    for truth in (True, False):
        lean, general, lean_after, general_after = _lean_and_general(tree, env, truth)
        assert lean is not fast_module._OTHER
        if check in UNKNOWN_CHECKS:
            assert lean is fast_module.UNKNOWN
        assert lean == general == lean_after == general_after, (check, truth)


# --- 2. a list's witness texts in one pass -------------------------------------------------


def _end_text(m: int, e: int, high: bool) -> str:
    """``display.real_text`` of an end of the printed number ``m 10^e``'s interval."""
    half = Fraction(1, 2) if high else Fraction(-1, 2)
    return real_text((Fraction(m) + half) * Fraction(10) ** e)


@st.composite
def mantissas(draw, p: int) -> list[int]:
    """Mantissas of numbers printed to ``p`` places, mostly at least 1 (those
    ``_labelled_ends`` takes), with last digits 0, ends of its range and a few below 1."""
    n = draw(st.integers(1, 12))
    whole = st.one_of(
        st.integers(1, 9),
        st.integers(1, 10**6),
        st.integers(1, 10**38 - 1),
        st.sampled_from([10**37, 10**38 - 1, 10**38]),
    )
    frac = st.one_of(
        st.integers(0, 10**p - 1),
        st.integers(0, 10 ** (p - 1) - 1).map(lambda x: 10 * x),  # last digit 0
        st.sampled_from([0, 1, 10**p - 1]),
    )
    out = [draw(whole) * 10**p + draw(frac) for _ in range(n)]
    if not draw(st.integers(0, 7)):  # one below 1, or an arbitrary one: None
        below = st.sampled_from([10**p - 1, 10**p - 10, 0, 1, -1, -(10**p)])
        out[draw(st.integers(0, n - 1))] = draw(st.one_of(below, st.integers(-(10**p), 10**p)))
    return out


ENDS_SEEN: list[int] = []


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(st.integers(1, 40), st.sampled_from([1, 2, 38, 39, 40])).flatmap(
        lambda p: st.tuples(st.just(p), mantissas(p))
    ),
    st.data(),
)
def test_labelled_ends_are_real_text(p_ms, data):
    """Both ends of each item as ``display.real_text`` gives them, and as
    ``_labelled_bound_texts`` (the text it replaces) gives them."""
    p, ms = p_ms
    e = -p
    name = data.draw(st.sampled_from(["a", "x_1", "Table 2 rows"]))
    got = fast_module._labelled_ends(name, ms, e)
    if got is None:
        assert not (1 <= p <= 38 and min(ms) >= 10**p and max(ms) < 10 ** (38 + p))
        return
    ENDS_SEEN.append(1)
    low, high = got
    for flag, texts in ((False, low), (True, high)):
        want = [f"{name}[{i}] = {_end_text(m, e, flag)}" for i, m in enumerate(ms)]
        assert texts == want, (ms, e, flag)
        assert texts == fast_module._labelled_bound_texts(name, ms, e, flag)


def test_labelled_ends_were_taken():
    if not ENDS_SEEN:
        pytest.skip("runs after test_labelled_ends_are_real_text")
    assert len(ENDS_SEEN) > 100


@FAST
@given(printed_list(), st.booleans(), st.data())
def test_value_texts_are_real_text(texts, is_list, data):
    """``_Val.text`` of the all-low, all-high and a mixed corner (each item at its own end,
    from the per-end parts made in one pass) is ``real_text`` of each item's end."""
    if not is_list:
        texts = texts[:1]
    value = _value("a", texts, is_list=is_list)
    forget_all()
    v = fast_module._val("a", value)
    if v is None:
        return
    mixed = tuple(data.draw(st.lists(st.booleans(), min_size=v.n, max_size=v.n)))
    for spec in (mixed, False, True, mixed):  # a mixed corner first, then from the memos
        ends = [spec] * v.n if isinstance(spec, bool) else spec
        parts = [
            _end_text(dec.mantissa, dec.exponent, high)
            for dec, high in zip(value.numbers, ends, strict=True)
        ]
        if is_list:
            want = ", ".join(f"a[{i}] = {t}" for i, t in enumerate(parts))
        else:
            want = f"a = {parts[0]}"
        assert v.text(spec) == want, (texts, spec)


# --- 3. _small_sum against the evaluator ----------------------------------------------------


@st.composite
def number_text(draw) -> str:
    """A printed number, sometimes past ``_small``'s bounds (100 bits, 30 places)."""
    m = draw(
        st.one_of(
            st.integers(0, 10**6),
            st.integers(0, 2**100 - 1),
            st.sampled_from([0, 2**100 - 1, 2**100, 2**101]),
        )
    )
    e = draw(st.one_of(st.integers(-3, 3), st.integers(-33, 33)))
    if draw(st.booleans()) and 0 >= e >= -12:
        return _text(m, -e)
    return f"{m}e{e}"


@settings(max_examples=600, deadline=None)
@given(
    st.sampled_from(["-{a}", "{a} + {b}", "{a} - {b}", "{a} + -{b}"]), number_text(), number_text()
)
def test_small_sum_equals_evaluator(form, a, b):
    expr = form.format(a=a, b=b)
    node = parse_check(f"mean(z) > {expr}").right
    want = Evaluator({}).eval(node)
    got = fast_module._small_sum(node)
    if got is None:  # only when an operand is not a small printed number
        operands = [node.operand] if isinstance(node, ast.Neg) else [node.left, node.right]
        assert any(fast_module._small(x) is None for x in operands), expr
    else:
        assert got[1] > 0, expr
        assert Fraction(*got) == want, expr
    exact = fast_module._exact(node, {})  # where _small_sum is used
    assert exact is not None and exact[1] > 0 and Fraction(*exact) == want, expr


# --- 5. max(x) - min(x): the corners steered from the least items alone -------------------

RANGE_SEEN = {"mixed": 0, "uniform": 0}


@FAST
@given(printed_list(), st.data())
def test_range_corners_equal_item_by_item(texts, data):
    """``_range_corners`` (only the least items can lower the range) against
    ``_range_corners_def`` (every item moved up alone), each on a fresh value."""
    if data.draw(st.booleans()):  # a tie or two at the least
        texts = [min(texts, key=Fraction), *texts]
    value = _value("x", texts)
    made = [fast_module._make_val("x", value) for _ in range(2)]
    if made[0] is None:
        return
    fast, slow = fast_module._range_corners(made[0]), fast_module._range_corners_def(made[1])
    assert fast == slow, texts
    assert fast_module._range_corners(made[0]) is fast  # kept with the value
    RANGE_SEEN["mixed" if any(isinstance(s, tuple) for _, s in fast) else "uniform"] += 1


def test_range_corners_saw_both():
    """The random lists above steered some corners and left others uniform."""
    if not RANGE_SEEN["mixed"] and not RANGE_SEEN["uniform"]:
        pytest.skip("run with test_range_corners_equal_item_by_item")
    assert RANGE_SEEN["mixed"] and RANGE_SEEN["uniform"]


# --- 6. and/or/not: the lean path against _boolean_text -----------------------------------

# sides of a comparison: aggregates of one list (a, b, d widened when on a left side; c never)
BOOL_SIDES = ["mean(a)", "sum(b)", "median(a)", "min(b)", "max(a)", "len(b)", "round(mean(a), 1)"]
BOOL_SIDES += ["mean(d)", "round(max(d), 0)"]
BOOL_RIGHTS = [
    "{t}",
    "-{t}",
    "{t} + 0.05",
    "mean(c)",
    "median(c)",
    "len(c)",
    "round(mean(c), 0)",
    "mean(b)",  # widened when b is on a left side
    "max(a)",
    "mean(d)",
    "round(sum(b), 0)",
    "sd(c)",  # not an aggregate: read by _lean_test, or (widened) not taken
    "mean(x)",  # a single number (not a list): the evaluator
]
BOOL_OPS = ["<", "<=", ">", ">=", "==", "!=", "~=", "== {t} ± 5%", "== {t} +/- 0.05"]
BOOL_SEEN = {"other": 0, "unknown": 0, "none": 0, "text": 0}


@st.composite
def boolean_check(draw, target: str) -> str:
    """``and``/``or``/``not`` of two to four comparisons (with the corpus's shape among
    them), the left sides' names sometimes also on right sides."""

    def comparison() -> str:
        left = draw(st.sampled_from([*BOOL_SIDES, "sd(a)", "mean(a, b)"]))  # two not taken
        op = draw(st.sampled_from(BOOL_OPS))
        if "{t}" in op:
            return f"{left} {op.format(t=target)}"
        right = draw(st.sampled_from(BOOL_RIGHTS)) if op != "~=" else "{t}"
        return f"{left} {op} {right.format(t=target)}"

    def tree(depth: int) -> str:
        if depth == 0 or not draw(st.integers(0, 2)):
            return comparison()
        form = draw(st.sampled_from(["({} and {})", "({} or {})", "not {}"]))
        if form == "not {}":
            return form.format(tree(depth - 1))
        return form.format(tree(depth - 1), tree(depth - 1))

    form = draw(st.integers(0, 5))
    if form == 0:  # the corpus's shapes
        return (
            "(mean(a) > mean(c) and max(a) >= median(c)) or not mean(a) > mean(c)"
            if draw(st.booleans())
            else "mean(a) > mean(b) and mean(b) > mean(a)"
        )
    if form == 1:  # one comparison decides: each side's reading shows
        return draw(st.sampled_from(["{} and len(c) > 0", "{} or len(c) < 0", "not {}"])).format(
            comparison()
        )
    if form == 2:  # b widened, on a right side before its own left side: the names' order
        op = draw(st.sampled_from(["<", ">", "<=", ">="]))
        right = draw(st.sampled_from(["mean(b)", "round(sum(b), 0)", "max(b)"]))
        return f"(mean(a) {op} {right} and {comparison()}) or min(b) > {target}"
    return tree(2)


@FAST
@given(
    printed_list(), printed_list(), printed_list(), printed_list(), st.integers(-2, 2), st.data()
)
def test_lean_boolean_equals_boolean_text(a, b, c, d, offset, data):
    """``_lean_boolean`` against ``_boolean_text`` (the definition) for both truth values,
    from fresh memos and from those the other made; the targets next to mean(a), and the
    lists often a's items again (their aggregates at a's centre, inside a's range)."""
    if data.draw(st.booleans()):
        c = a
    if data.draw(st.booleans()):
        b, d = a, list(reversed(a))
    env = {n: _value(n, t) for n, t in (("a", a), ("b", b), ("c", c), ("d", d))}
    env["x"] = _value("x", ["2.5"], is_list=False)
    target = _target(parse_check("mean(a) > 0").left, env, offset, 1)
    if target is None or target.startswith("-"):
        return
    check = data.draw(boolean_check(target))
    tree = parse_check(check)
    for want in (True, False):
        answers = _both_ways(
            lambda want=want: fast_module._lean_boolean(tree, env, want),
            lambda want=want: fast_module._boolean_text(tree, env, want),
        )
        _agree(BOOL_SEEN, answers, (check, env, want))


def test_lean_boolean_was_taken():
    """Not vacuous: the lean path answered many checks, with and without a witness."""
    if not BOOL_SEEN["text"]:
        pytest.skip("runs after test_lean_boolean_equals_boolean_text")
    assert BOOL_SEEN["text"] > 30 and BOOL_SEEN["none"] > 30 and BOOL_SEEN["other"], BOOL_SEEN


@st.composite
def connected(draw, depth: int = 3) -> str:
    """A check of and/or/not over comparisons ``a > k`` (k names the comparison)."""
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        return f"a > {draw(st.integers(0, 5))}"
    form = draw(st.sampled_from(["and", "or", "not"]))
    if form == "not":
        return f"not ({draw(connected(depth - 1))})"
    return f"({draw(connected(depth - 1))}) {form} ({draw(connected(depth - 1))})"


@settings(max_examples=300, deadline=None)
@given(connected(), st.data())
def test_truths_equal_truth_at(check, data):
    """``_truths`` (both corners in one pass, as bits) against ``_truth_at`` (the
    definition) at each corner, each comparison given its truths at random."""
    tree = parse_check(check)
    pairs: dict[int, tuple[bool, bool]] = {}
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.And, ast.Or)):
            stack += [node.left, node.right]
        elif isinstance(node, ast.Not):
            stack.append(node.operand)
        else:
            pairs[id(node)] = (data.draw(st.booleans()), data.draw(st.booleans()))
    bits = {key: low | high << 1 for key, (low, high) in pairs.items()}
    truths = fast_module._truths(tree, bits)
    assert truths in (0, 1, 2, 3)
    for high in (False, True):
        assert bool(truths >> high & 1) is fast_module._truth_at(tree, high, pairs), (check, high)


PLAIN_SEEN = {"plain": 0, "parts": 0}


@st.composite
def written(draw, m: int, p: int) -> str:
    """``m / 10^p`` as printed: usually plainly, else with a sign, leading zeros, other
    digits or an exponent (texts ``_plain_ends`` must leave to ``_parts``)."""
    text = _text(m, p)
    form = draw(st.integers(0, 5))
    if form == 1 and not text.startswith("-"):
        return "+" + text
    if form == 2 and not text.startswith("-"):
        return "0" + text
    if form == 3:
        return text.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    if form == 4:
        return f"{m}e-{p}"
    return text


@settings(max_examples=400, deadline=None)
@given(st.integers(1, 6), st.lists(st.integers(-50, 10**8), min_size=1, max_size=8), st.data())
def test_plain_texts_equal_parts(p, ms, data):
    """``_Val.joined`` and ``_Val.text`` of a mixed corner from ``_plain_ends`` (the printed
    texts, labelled by ``_labelled``) against the same from ``_parts`` (the definition),
    each on a fresh value; numbers from 0 to 38 digits before the point, last digits 0."""
    if data.draw(st.booleans()):
        ms = [m * 10 for m in ms]  # last digits 0
    if data.draw(st.booleans()):
        ms[0] = 10**p  # the least taken: its low end starts with 0.
    if data.draw(st.booleans()):  # every text plain
        texts = [_text(m, p) for m in ms]
    else:
        texts = [data.draw(written(m, p)) for m in ms]
    value = _value("a_1", texts)
    forget_all()
    v = fast_module._val("a_1", value)
    if v is None:
        return
    plain = v._plain_texts()
    PLAIN_SEEN["plain" if plain is not None else "parts"] += 1
    mixed = tuple(data.draw(st.lists(st.booleans(), min_size=v.n, max_size=v.n)))
    for high in (False, True):
        assert v.joined(high) == ", ".join(v._parts(high)), (texts, high)
    pairs = list(zip(v._parts(False), v._parts(True), strict=True))
    assert v.text(mixed) == ", ".join(map(getitem, pairs, mixed)), (texts, mixed)


def test_plain_texts_were_taken():
    """Not vacuous: both ways were met."""
    if not PLAIN_SEEN["plain"]:
        pytest.skip("runs after test_plain_texts_equal_parts")
    assert PLAIN_SEEN["plain"] > 50 and PLAIN_SEEN["parts"] > 50, PLAIN_SEEN
