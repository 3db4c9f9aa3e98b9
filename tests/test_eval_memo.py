"""The evaluator's memos and integer paths give exactly what the general code gives.

(1) reals.within_and_tight (integers over one denominator) against
    within_and_tight_general, on Roots, exact values, enclosures and negative tolerances.
(2) evaluate._root_margin against _margin_of, for every verdict.
(3) functions._pct_change against _pct_change_general.
(4) Whole checks: evaluate() with the aggregate memo (Evaluator._aggregate), the joined
    lists (_concat) and the two integer paths, against evaluate() with all of them replaced
    by the general code (and a comparison inside `and`, `or`, `not` through its Sides):
    verdict, sides, tolerance, margin, message, span, notes and the
    work charged all identical, on first use and on every later use of a memo.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from fractions import Fraction
from typing import Any

import pytest
from check_strings import named_env
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leanbridge import limits
from leanbridge.errors import LeanbridgeError
from leanbridge.semantics import evaluate as ev
from leanbridge.semantics import functions, reals
from leanbridge.semantics.reals import Interval, Root
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax.parser import parse_check

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

exact = st.fractions(min_value=-(10**6), max_value=10**6, max_denominator=10**4)
positive = st.fractions(min_value=0, max_value=10**6, max_denominator=10**4)
bits = st.sampled_from([64, 128, 256])


@st.composite
def reals_(draw: Any) -> Any:
    """A Fraction, a Root (sometimes of a perfect square times a non-square), or an
    Interval that is neither."""
    kind = draw(st.sampled_from(["fraction", "root", "root", "interval"]))
    if kind == "fraction":
        return draw(exact)
    if kind == "root":
        v = draw(positive)
        return Root(v, draw(bits)) if v else Fraction(0)
    lo = draw(exact)
    return Interval(lo, lo + draw(positive))


# --- (1) within_and_tight -----------------------------------------------------------------------


@FAST
@given(reals_(), reals_(), st.one_of(reals_(), exact))
def test_within_and_tight_equals_the_general_code(x: Any, t: Any, tol: Any) -> None:
    assert reals.within_and_tight(x, t, tol) == reals.within_and_tight_general(x, t, tol)


def test_within_and_tight_on_the_boundary() -> None:
    # |sqrt(2) - 0| == sqrt(2) exactly, and |3 - 1| == 2
    r = Root(Fraction(2), 64)
    assert reals.within_and_tight(r, Fraction(0), r) == (True, True)
    assert reals.within_and_tight(Fraction(3), Fraction(1), Fraction(2)) == (True, True)
    assert reals.within_and_tight(Fraction(-3), Fraction(1), Fraction(3)) == (False, False)


@FAST
@given(st.one_of(exact, reals_()), bits)
def test_square_root_equals_the_general_code(x: Any, b: int) -> None:
    def run(fn: Any) -> Any:
        try:
            return _key(fn(x, b))
        except (LeanbridgeError, reals.Indeterminate) as e:
            return type(e).__name__, str(e)

    assert run(reals.square_root) == run(reals.square_root_general)


@FAST
@given(st.lists(exact, min_size=1, max_size=12))
def test_exact_list_mean_is_sum_over_n(xs: list[Fraction]) -> None:
    exact_list = ev.ExactList.of_reals(xs)
    assert exact_list is not None
    assert _key(exact_list.mean) == _key(exact_list.sum / len(xs))


@FAST
@given(st.one_of(exact, st.just(Fraction(0))), st.one_of(reals_(), exact), bits)
def test_relative_tolerance_equals_the_general_code(r: Fraction, t: Any, b: int) -> None:
    got = reals.relative_tolerance(r, t, b)
    assert _key(got) == _key(reals.relative_tolerance_general(r, t, b))


# --- (2) the margin beside a Root -----------------------------------------------------------------


def _key(x: Any) -> Any:
    """A value as a comparable tuple: Intervals have no equality of their own."""
    if isinstance(x, Interval):
        return (type(x).__name__, x.lo, x.hi, getattr(x, "radicand", None))
    if isinstance(x, Fraction):
        return ("Fraction", x.numerator, x.denominator)
    if isinstance(x, tuple):
        return tuple(_key(y) for y in x)
    return x


@FAST
@given(positive, bits, exact, exact, st.sampled_from(["holds", "fails", "consistent"]))
def test_root_margin_equals_the_definition(
    v: Fraction, b: int, rhs: Fraction, tol: Fraction, verdict: str
) -> None:
    if not v:
        return
    lhs = Root(v, b)
    got = ev._root_margin(verdict, lhs, rhs, tol)  # type: ignore[arg-type]
    want = ev._margin_of(verdict, ev.Sides(lhs, rhs, tol))  # type: ignore[arg-type]
    assert _key(got) == _key(want)


@FAST
@given(
    st.sampled_from(["holds", "fails", "consistent"]),
    reals_(),
    reals_(),
    st.one_of(st.none(), exact),
    st.one_of(st.none(), reals_()),
)
def test_new_outcome_is_the_dataclass(verdict: Any, lhs: Any, rhs: Any, tol: Any, m: Any) -> None:
    made, want = ev._new_outcome(verdict, lhs, rhs, tol, m), ev.Outcome(verdict, lhs, rhs, tol, m)
    assert type(made) is ev.Outcome
    assert made == want and repr(made) == repr(want) and hash(made) == hash(want)
    assert replace(made, notes=("n",)) == replace(want, notes=("n",))


def test_claim_result_is_the_dataclass() -> None:
    from leanbridge.claims.loader import load_claim_text
    from leanbridge.pipeline import ClaimResult, _claim_result, evaluate_file

    text = (
        "leanbridge: 1\nvalues:\n  xs: [1, 2.5, 4]\n"
        "claims:\n  - id: a\n    check: mean(xs) ~= 2.5\n"
    )
    loaded = load_claim_text("f.yaml", text)
    (made,) = evaluate_file(loaded).claims
    want = ClaimResult("f.yaml", loaded.claims[0], made.outcome, None)
    assert type(made) is ClaimResult and made == want and repr(made) == repr(want)
    assert vars(made) == vars(want)
    other = _claim_result("g.yaml", loaded.claims[0], made.outcome, None)
    assert other.file == "g.yaml" and other != want


# --- (3) pct_change ------------------------------------------------------------------------------


def _result(fn: Any, *args: Any) -> Any:
    reals.start_work()
    try:
        value = _key(fn(*args))
    except (LeanbridgeError, reals.Indeterminate) as e:
        value = (type(e).__name__, str(e))
    return value, reals.work_left()


@FAST
@given(st.one_of(reals_(), st.just(Fraction(0))), reals_())
def test_pct_change_equals_the_general_code(old: Any, new: Any) -> None:
    got = _result(functions._pct_change, [old, new], 64)
    assert got == _result(functions._pct_change_general, [old, new], 64)


def test_pct_change_of_huge_values_is_checked_and_charged_alike() -> None:
    for old, new in [(Fraction(3, 10**400), Fraction(10**400)), (Fraction(1), 2 ** (1 << 17))]:
        args = [old, Fraction(new)]
        got = _result(functions._pct_change, args, 64)
        assert got == _result(functions._pct_change_general, args, 64)


# --- (4) whole checks ---------------------------------------------------------------------------


@contextmanager
def general() -> Iterator[None]:
    """evaluate() with the memos and integer paths replaced by the code they short-cut."""
    saved = (
        ev.Evaluator._aggregate,
        ev._concat,
        ev._root_margin,
        reals.within_and_tight,
        functions.FUNCTIONS["pct_change"],
        ev.Evaluator._eval_Compare,
        ev._new_outcome,
        reals.square_root,
        functions.square_root,
        reals.relative_tolerance,
        ev._fast_outcome,
    )

    def not_sure(*args: Any) -> Any:
        raise ev._NotSure

    def aggregate(self: ev.Evaluator, node: Any, func: Any, xs: Any) -> Any:
        return self._at(node, func.impl, xs, self.bits)

    ev.Evaluator._aggregate = aggregate  # type: ignore[method-assign]
    ev._concat = ev.ExactList.concat  # type: ignore[assignment]
    ev._root_margin = lambda v, lhs, rhs, tol: ev._margin_of(v, ev.Sides(lhs, rhs, tol))  # type: ignore[assignment]
    reals.within_and_tight = reals.within_and_tight_general
    pct = functions.FUNCTIONS["pct_change"]
    functions.FUNCTIONS["pct_change"] = replace(pct, impl=functions._pct_change_general)
    ev.Evaluator._eval_Compare = ev.Evaluator._truth  # type: ignore[assignment]
    ev._new_outcome = ev.Outcome  # type: ignore[assignment]
    reals.square_root = functions.square_root = reals.square_root_general
    reals.relative_tolerance = reals.relative_tolerance_general
    ev._fast_outcome = not_sure  # type: ignore[assignment]  # its own memo: test_eval_fast.py
    ev.Evaluator._methods.clear()  # the table of methods by node class is read again
    try:
        yield
    finally:
        ev.Evaluator._methods.clear()
        (
            ev.Evaluator._aggregate,  # type: ignore[method-assign]
            ev._concat,
            ev._root_margin,
            reals.within_and_tight,
            functions.FUNCTIONS["pct_change"],
            ev.Evaluator._eval_Compare,  # type: ignore[method-assign]
            ev._new_outcome,
            reals.square_root,
            functions.square_root,
            reals.relative_tolerance,
            ev._fast_outcome,
        ) = saved


def _outcome_key(outcome: ev.Outcome) -> Any:
    return (
        outcome.verdict,
        _key(outcome.lhs),
        _key(outcome.rhs),
        _key(outcome.tolerance),
        _key(outcome.margin),
        outcome.message,
        outcome.span,
        outcome.notes,
    )


def _run(check: str, env: dict[str, NamedValue]) -> tuple[Any, int]:
    outcome = ev.evaluate(parse_check(check), env)
    return _outcome_key(outcome), limits.MAX_EVAL_WORK - reals.work_left()


@st.composite
def number_texts(draw: Any) -> str:
    """Printed numbers, now and then huge (so that some aggregates are charged work or
    outgrow the size bound)."""
    sign = draw(st.sampled_from(["", "-"]))
    whole = str(draw(st.integers(0, 10**4)))
    frac = draw(st.sampled_from(["", "0", "5", "25", "70", "123"]))
    text = sign + whole + ("." + frac if frac else "")
    big = draw(st.sampled_from(["", "", "", "", "e390", "e-400", "e400"]))
    return text + big


AGGREGATES = ["sum", "mean", "median", "min", "max", "len", "var", "pvar", "sd", "psd"]
TEMPLATES = [
    "{f}(l0) ~= {t}",
    "{f}(l0) == {s}",
    "{f}(l0) < {s} + {t}",
    "not {f}(l0) >= {g}(l1) or {f}(l1) != {s}",
    "{f}(l0, l1) == {s} +/- 0.5",
    "{f}(l1, l0) == {s} ± 5%",
    "{f}(l0) ~= -{t}",
    "sqrt({f}(l0)) ~= {t}",
    "{f}(l0) - {g}(l1) ~= {t}",
    "({f}(l0) > {g}(l1) and max(l0) >= median(l1)) or not {f}(l0) > {g}(l1)",
    "round({f}(l0), 1) == {t}",
    "{f}([1, 2, {s}]) ~= {t}",
    "pct_change(s0, s1) ~= {t}",
    "pct_change({f}(l0), s1) ~= {t}",
    "pct_change(s0, {f}(l1)) == {t} +/- 0.5",
    "abs(s0 - s1) ~= {t}",
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(number_texts(), min_size=1, max_size=8),
    st.lists(number_texts(), min_size=0, max_size=8),
    st.lists(number_texts(), min_size=2, max_size=2),
    st.sampled_from(TEMPLATES),
    st.sampled_from(AGGREGATES),
    st.sampled_from(AGGREGATES),
    st.sampled_from(["0", "2.5", "10.15", "0.004", "1e-3", "300.0"]),
)
def test_checks_equal_the_general_code(
    l0: list[str],
    l1: list[str],
    scalars: list[str],
    template: str,
    f: str,
    g: str,
    t: str,
) -> None:
    checks = [template.format(f=f, g=g, s=s, t=t) for s in ("s0", "s1")]
    with general():
        want = [_run(c, named_env([l0, l1], scalars)) for c in checks]
    env = named_env([l0, l1], scalars)  # fresh values: empty memos
    for _ in range(3):  # first use fills the memos, the later ones read them
        assert [_run(c, env) for c in checks] == want


def test_a_charged_aggregate_is_charged_at_every_use() -> None:
    env = named_env([["1e-400", "3e400", "7"]], ["1", "2"])
    with general():
        want = _run("mean(l0) > 0", env)
    assert want[1] > 0  # the case this test is about
    for _ in range(3):
        assert _run("mean(l0) > 0", env) == want


@pytest.mark.parametrize("check", ["sd(l0) ~= 2.5", "sum(l0, l1) == 3 +/- 1"])
def test_the_memo_returns_the_value_first_computed(check: str) -> None:
    env = named_env([["1", "2.5", "4"], ["3", "5"]], ["1", "2"])
    tree = parse_check(check)
    first = ev.evaluate(tree, env)
    assert first.lhs is ev.evaluate(tree, env).lhs  # the same object: read from the memo


# --- (5) the integer paths of session 7 -----------------------------------------------------------


@FAST
@given(st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), reals_(), reals_())
def test_compare_equals_the_definition(op: str, a: Any, b: Any) -> None:
    assert reals.compare(op, a, b) == reals.compare_general(op, a, b)


@FAST
@given(st.one_of(exact, reals_()), st.integers(0, 6))
def test_rounded_equals_the_definition(x: Any, digits: int) -> None:
    assert _key(reals.rounded(x, digits)) == _key(reals.rounded_general(x, digits))


@FAST
@given(exact, exact, positive)
def test_exact_margin_equals_the_definition(x: Fraction, t: Fraction, tol: Fraction) -> None:
    got = reals.exact_margin(x, t, tol)
    assert _key(got) == _key(reals.exact_margin_general(x, t, tol))
    assert _key(got) == _key(tol - abs(x - t))


@FAST
@given(exact, exact, st.sampled_from(["+", "-", "*"]))
def test_exact_arithmetic_equals_fractions(a: Fraction, b: Fraction, op: str) -> None:
    env = named_env(
        [], [str(a.numerator), str(a.denominator), str(b.numerator), str(b.denominator)]
    )
    check = f"(s0 / s1) {op} (s2 / s3) == 0"
    got = ev.evaluate(parse_check(check), env)
    want = {"+": a + b, "-": a - b, "*": a * b}[op]
    assert _key(got.lhs) == _key(want)


def test_verdict_only_outcomes_are_the_dataclass() -> None:
    env = named_env([["1", "2.5", "4"]], ["1", "2"])
    for check in ["mean(l0) ~= 2.5", "mean(l0) ~= 9", "s0 < s1", "s0 > s1", "not s0 > s1"]:
        got = ev.evaluate(parse_check(check), env, verdict_only=True)
        assert got == ev.Outcome(ev.evaluate(parse_check(check), env).verdict)


# --- (6) the mean of several named lists, without joining them ------------------------------------

decimal_text = st.builds(
    lambda m, places: f"{m / 10**places:.{places}f}" if places else str(m),
    st.integers(-(10**8), 10**8),
    st.integers(0, 4),
)


@FAST
@given(st.lists(st.lists(decimal_text, min_size=1, max_size=12), min_size=2, max_size=4))
def test_mean_of_lists_equals_the_joined_list(lists: list[list[str]]) -> None:
    """_mean_of_lists against the mean of the joined list (_memo_aggregate of _concat: the
    path it stands for), each list given at its own printed precisions."""
    env = named_env(lists, [])
    parts = [ev._exact_of(env[f"l{i}"]) for i in range(len(lists))]
    count = sum(len(p) for p in parts)
    got = ev._mean_of_lists(parts, count)
    want = ev._memo_aggregate(ev._MEAN, ev.ExactList.concat(parts))  # type: ignore[arg-type]
    assert got is not None  # these values are far inside _CHEAP_BITS
    assert _key(got) == _key(want)
    names = ", ".join(f"l{i}" for i in range(len(lists)))
    assert _key(ev.evaluate(parse_check(f"mean({names}) > 0"), env).lhs) == _key(want)


def test_mean_of_lists_leaves_large_values_to_the_joined_list() -> None:
    """Past _CHEAP_BITS a size check might charge: the joined list's path decides."""
    env = named_env([["1.5", "2"], ["1e-320"]], [])
    parts = [ev._exact_of(env["l0"]), ev._exact_of(env["l1"])]
    assert ev._mean_of_lists(parts, 3) is None
    got = ev.evaluate(parse_check("mean(l0, l1) > 0"), env)
    assert got.verdict == "holds"
    assert _key(got.lhs) == _key((Fraction(3, 2) + 2 + Fraction(1, 10**320)) / 3)


# --- (7) sqrt of a variance, kept as the list's sd / psd ------------------------------------------

ROOT_CHECKS = [
    "sqrt(pvar(l0)) ~= {t}",
    "psd(l0) ~= {t}",
    "sqrt(var(l0)) ~= {t}",
    "sd(l0) ~= {t}",
    "sqrt(pvar(l0)) < {t} + 1",
    "sqrt(var(l0)) - psd(l0) ~= {t}",
    "sqrt(pvar(l0, l1)) ~= {t}",
    "sqrt(pvar([1, 2, {t}])) ~= {t}",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(number_texts(), min_size=1, max_size=8),
    st.lists(number_texts(), min_size=0, max_size=4),
    st.lists(st.sampled_from(ROOT_CHECKS), min_size=1, max_size=6),
    st.sampled_from(["0", "2.5", "10.15", "0.004", "1e-3", "300.0"]),
)
def test_sqrt_of_a_variance_equals_the_general_code(
    l0: list[str], l1: list[str], order: list[str], t: str
) -> None:
    """_fast_root (sqrt(pvar(x)) read from or kept as psd(x)'s memo, sqrt(var(x)) as
    sd(x)'s) against the general path, with the checks in any order on one list's memo:
    the same outcome and work charged, whichever of the two forms filled the memo."""
    checks = [c.format(t=t) for c in order]
    with general():
        want = [_run(c, named_env([l0, l1], ["1", "2"])) for c in checks]
    env = named_env([l0, l1], ["1", "2"])  # fresh values: empty memos
    for _ in range(2):
        assert [_run(c, env) for c in checks] == want


def test_sqrt_of_a_variance_shares_the_root_of_sd_and_psd() -> None:
    env = named_env([["1", "2.5", "4"]], ["1", "2"])
    psd = ev.evaluate(parse_check("psd(l0) ~= 1.2"), env).lhs
    assert isinstance(psd, Root)
    assert ev.evaluate(parse_check("sqrt(pvar(l0)) ~= 1.2"), env).lhs is psd
    sd = ev.evaluate(parse_check("sqrt(var(l0)) ~= 1.5"), env).lhs
    assert ev.evaluate(parse_check("sd(l0) ~= 1.5"), env).lhs is sd


# --- (8) x ~= t for a Root x, decided by the margin's enclosure -----------------------------------


def _root_definition(x: Root, t: Fraction, tol: Fraction, verdict_only: bool) -> ev.Outcome:
    """What _fast_outcome gave before _root_outcome: the exact test, then the margin."""
    truth, tight = reals.within_and_tight_general(x, t, tol)
    assert truth is not None  # exact on a Root and two exact values
    verdict = "holds" if truth else "fails"
    if verdict_only:
        return ev.Outcome(verdict)
    margin = Fraction(0) if tight is True else ev._margin_of(verdict, ev.Sides(x, t, tol))
    return ev.Outcome(verdict, x, t, tol, margin)


@st.composite
def root_cases(draw: Any) -> tuple[Root, Fraction, Fraction]:
    """A Root, and a target and tolerance: anywhere, or with |x - t| a hair (below, at or
    above the enclosure's width) from the tolerance, so that both outcomes of the enclosure
    are met."""
    v = draw(st.fractions(min_value=Fraction(1, 10**4), max_value=10**6, max_denominator=10**4))
    x = Root(v, draw(bits))
    kind = draw(st.sampled_from(["anywhere", "inside", "hair"]))
    if kind == "inside":  # t inside the root's enclosure: |x - t| is enclosed from 0
        t = x.lo + Fraction(draw(st.integers(0, 4)), 4 * x.scale)
        return x, t, draw(st.one_of(exact, positive))
    t = draw(exact)
    if kind == "anywhere":
        return x, t, draw(st.one_of(exact, positive))
    hair = Fraction(draw(st.integers(-4, 4)), 2 ** draw(st.sampled_from([20, 62, 64, 66, 130])))
    tol = abs(x.lo - t) + hair
    return x, t, tol


@FAST
@given(root_cases(), st.booleans())
def test_root_outcome_equals_the_exact_test(case: Any, verdict_only: bool) -> None:
    x, t, tol = case
    got = ev._root_outcome(x, t, tol, verdict_only)
    if got is not None:
        assert _outcome_key(got) == _outcome_key(_root_definition(x, t, tol, verdict_only))
    else:  # left to the exact test only when the margin's enclosure holds 0
        lo = tol - max(abs(x.lo - t), abs(x.hi - t))
        assert lo <= 0 <= tol - (0 if x.lo <= t <= x.hi else min(abs(x.lo - t), abs(x.hi - t)))


def test_root_outcome_decides_all_but_a_hair() -> None:
    x = Root(Fraction(2), 64)
    far = ev._root_outcome(x, Fraction(14, 10), Fraction(5, 100), False)
    assert far is not None and far.verdict == "holds"
    assert ev._root_outcome(x, Fraction(14, 10), Fraction(1, 100), True) is ev._FAILS
    assert ev._root_outcome(x, Fraction(0), x.lo, False) is None  # |x| is within 2^-64 of lo
    assert x.scaled == x.lo * x.scale and x.scaled + 1 == x.hi * x.scale


# --- (9) check_size and absolute of an exact value -------------------------------------------

sized = st.one_of(
    exact,
    st.builds(
        lambda n, d, e: Fraction(n * 2**e, d),
        st.integers(-(10**6), 10**6),
        st.integers(1, 10**6),
        st.sampled_from(
            [0, 1000, 1023, 1024, 1100, limits.MAX_RESULT_BITS - 30, limits.MAX_RESULT_BITS]
        ),
    ),
    st.builds(
        lambda n, e: Fraction(n, 2**e + 1),
        st.integers(-(10**6), 10**6),
        st.sampled_from([1020, 1023, 1024, 1025, limits.MAX_RESULT_BITS + 1]),
    ),
)


@FAST
@given(st.one_of(sized, reals_()))
def test_check_size_equals_the_general_code(x: Any) -> None:
    """The same value back (the very object), error and work charged."""

    def run(fn: Any) -> Any:
        reals.start_work()
        try:
            got: Any = fn(x)
            assert got is x
            got = "returned"
        except LeanbridgeError as e:
            got = type(e).__name__, str(e)
        except reals.Indeterminate as e:
            got = type(e).__name__, str(e)
        return got, reals.work_left()

    assert run(reals.check_size) == run(reals.check_size_general)


@FAST
@given(st.one_of(sized, reals_(), st.fractions(-2, 2, max_denominator=4)))
def test_absolute_equals_the_general_code(x: Any) -> None:
    assert _key(reals.absolute(x)) == _key(reals.absolute_general(x))


# --- (10) each aggregate's exact branch called directly (_memo_aggregate's _DIRECT) --------------


@FAST
@given(
    st.lists(number_texts(), min_size=0, max_size=8),
    st.sampled_from(AGGREGATES),
    st.sampled_from([0, limits.MAX_EVAL_WORK]),
    st.booleans(),
)
def test_direct_aggregates_equal_the_impl(
    items: list[str], name: str, budget: int, var_first: bool
) -> None:
    """_DIRECT[name] against FUNCTIONS[name].impl on a named list's ExactList (fresh, or with
    its sums and variance computed first): the same value, error and work charged."""
    func = functions.FUNCTIONS[name]
    values = named_env([items], ["1", "2"])["l0"]

    def run(direct: bool) -> Any:
        x = ev.ExactList.of_decimals(values.numbers)
        x.results = {}
        if var_first:  # what an earlier claim may have left: the cached sums, a variance
            reals.start_work()
            try:
                _ = x.sum, x.mean
                for v in ("var", "pvar"):
                    x.results[v] = functions.FUNCTIONS[v].impl(x, limits.SQRT_START_BITS)
            except (LeanbridgeError, ZeroDivisionError, reals.Indeterminate):
                x.results = {}
        reals.start_work(budget)
        try:
            if direct:
                got: Any = _key(ev._DIRECT[name](func, x, x.results))
            else:
                got = _key(func.impl(x, limits.SQRT_START_BITS))
        except Exception as e:  # the impl's own on an empty list too (ValueError, ...)
            got = type(e).__name__, str(e)
        return got, reals.work_left()

    assert run(True) == run(False)


ORDERED_CHECKS = [
    "var(l0) ~= {t}",
    "sd(l0) ~= {t}",
    "pvar(l0) ~= {t}",
    "psd(l0) < {t} + 1",
    "sqrt(pvar(l0)) ~= {t}",
    "mean(l0) ~= {t}",
    "sum(l0) ~= {t}",
    "median(l0) - min(l0) ~= {t}",
    "len(l0) == {t}",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(number_texts(), min_size=1, max_size=8),
    st.lists(st.sampled_from(ORDERED_CHECKS), min_size=1, max_size=6),
    st.sampled_from(["0", "2.5", "10.15", "0.004", "1e-3", "300.0"]),
)
def test_direct_aggregates_in_any_order_equal_the_general_code(
    l0: list[str], order: list[str], t: str
) -> None:
    """A variance kept by sd/psd and read by var/pvar (and the other way round), a mean kept
    on the list: the same outcomes and work as the general path, in any order."""
    checks = [c.format(t=t) for c in order]
    with general():
        want = [_run(c, named_env([l0, []], ["1", "2"])) for c in checks]
    env = named_env([l0, []], ["1", "2"])
    for _ in range(2):
        assert [_run(c, env) for c in checks] == want


@FAST
@given(st.lists(number_texts(), min_size=0, max_size=6), st.booleans())
def test_exact_of_a_list_equals_of_reals(items: list[str], as_tuple: bool) -> None:
    """functions._exact against its definition: the ExactList itself (or None when empty)."""
    x = ev.ExactList.of_decimals(named_env([items], ["1", "2"])["l0"].numbers)
    xs: Any = tuple(x) if as_tuple else x
    want = ev.ExactList.of_reals(xs) if xs else None
    got = functions._exact(xs)
    if want is None or got is None:
        assert got is want
    else:
        assert (got.numerators, got.denominator) == (want.numerators, want.denominator)
        assert (got is xs) == (want is xs)
