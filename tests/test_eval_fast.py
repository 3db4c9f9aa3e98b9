"""evaluate()'s one-walk path (evaluate._fast_outcome) against its general path.

On random checks, well- and ill-typed (unknown names and functions, lists and comparisons
where numbers go, wrong arities, `round` digits, `~=` targets, `^`, statistics tests,
`and`/`or`/`not`), over random values (now and then huge, so that sizes are checked and
work is charged): the Outcome (verdict, sides, tolerance, margin, message, span, notes)
and the work charged are those of the general path (type check, then the Evaluator at
each precision), on fresh values and again once the memos are filled, with and without
``verdict_only``.  The one-walk path must also decide the usual checks itself, or it would
be no shortcut.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from fractions import Fraction
from typing import Any

from check_strings import expressions, named_env, with_connectives
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leanbridge import limits
from leanbridge.errors import LeanbridgeError
from leanbridge.semantics import evaluate as ev
from leanbridge.semantics import reals
from leanbridge.semantics.exact_list import ExactList
from leanbridge.semantics.numbers import Decimal
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax.parser import parse_check

NAMES = ["l0", "l1", "s0", "s1", "q"]  # q is never defined
FUNCS = [
    "mean", "sum", "min", "max", "median", "len", "var", "pvar", "sd", "psd", "abs", "sqrt",
    "round", "pct_change", "grim", "nope",
]  # fmt: skip
numbers = st.sampled_from(
    ["0", "1", "2", "3", "8.70", "70.1", "5%", "1.5", "12", "0.5", "-2", "1e-3", "2e400"]
)
atoms = st.one_of(numbers, st.sampled_from(NAMES))


def _expr(depth: int) -> st.SearchStrategy[str]:
    return expressions(atoms, FUNCS, depth)


def _bool(depth: int) -> st.SearchStrategy[str]:
    cmp = st.one_of(
        st.tuples(_expr(2), st.sampled_from(["==", "<", ">=", "!=", "<=", ">"]), _expr(2)).map(
            " ".join
        ),
        st.tuples(_expr(2), st.one_of(numbers, st.sampled_from(NAMES), _expr(1))).map(
            lambda t: f"{t[0]} ~= {t[1]}"
        ),
        st.tuples(_expr(2), st.one_of(numbers, st.sampled_from(NAMES))).map(
            lambda t: f"{t[0]} ~= -{t[1]}"
        ),
        st.tuples(_expr(2), _expr(1), st.sampled_from(["5%", "0.1", "100%", "0"])).map(
            lambda t: f"{t[0]} == {t[1]} ± {t[2]}"
        ),
        st.sampled_from(["grim(2.5, 4)", "grimmer(2.5, 1.2, 4)", "debit(0.5, 0.5, 10)"]),
        _expr(2),  # a bare number or list where a comparison goes
    )
    if depth == 0:
        return cmp
    return with_connectives(cmp, _bool(depth - 1))


# Well-typed checks (most random checks above are not, and the one-walk path leaves those
# to the general path): numbers from scalars, literals, arithmetic, aggregates and the
# scalar functions; comparisons of them, joined.
AGGREGATES = ["sum", "mean", "median", "min", "max", "len", "var", "pvar", "sd", "psd"]
scalars_ = st.sampled_from(["s0", "s1", "1", "2", "0.5", "8.70", "-3", "5%", "1e-3"])


def _num(depth: int) -> st.SearchStrategy[str]:
    aggregate = st.tuples(
        st.sampled_from(AGGREGATES),
        st.lists(
            st.sampled_from(["l0", "l1", "s0", "[1, s1, 2.5]", "[s0]"]), min_size=1, max_size=2
        ),
    ).map(lambda t: f"{t[0]}({', '.join(t[1])})")
    if depth == 0:
        return st.one_of(scalars_, aggregate)
    sub = _num(depth - 1)
    return st.one_of(
        scalars_,
        aggregate,
        st.tuples(sub, st.sampled_from(["+", "-", "*", "/"]), sub).map(
            lambda t: f"({' '.join(t)})"
        ),
        sub.map(lambda x: f"-{x}"),
        st.tuples(st.sampled_from(["abs", "sqrt"]), sub).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(sub, st.sampled_from(["0", "1", "3"])).map(lambda t: f"round({t[0]}, {t[1]})"),
        st.tuples(sub, sub).map(lambda t: f"pct_change({t[0]}, {t[1]})"),
        st.lists(sub, min_size=1, max_size=3).map(lambda xs: f"mean([{', '.join(xs)}])"),
    )


def _typed(depth: int) -> st.SearchStrategy[str]:
    printed = st.sampled_from(["s0", "-s1", "2.5", "-0.5", "10", "8.70"])
    cmp = st.one_of(
        st.tuples(_num(2), st.sampled_from(["==", "<", ">=", "!=", "<=", ">"]), _num(1)).map(
            " ".join
        ),
        st.tuples(_num(2), printed).map(lambda t: f"{t[0]} ~= {t[1]}"),
        st.tuples(_num(2), _num(1), st.sampled_from(["5%", "0.1", "100%", "0", "2"])).map(
            lambda t: f"{t[0]} == {t[1]} ± {t[2]}"
        ),
    )
    if depth == 0:
        return cmp
    return with_connectives(cmp, _typed(depth - 1))


@st.composite
def number_texts(draw: Any) -> str:
    """Printed numbers, now and then huge or exact squares (so that roots are rational)."""
    sign = draw(st.sampled_from(["", "", "-"]))
    whole = str(draw(st.sampled_from([0, 1, 2, 4, 9, 16, 25, draw(st.integers(0, 10**4))])))
    frac = draw(st.sampled_from(["", "", "0", "5", "25", "70", "123"]))
    big = draw(st.sampled_from(["", "", "", "", "", "e390", "e-400"]))
    return sign + whole + ("." + frac if frac else "") + big


def _key(x: Any) -> Any:
    """A value as a comparable tuple: Intervals have no equality of their own."""
    if isinstance(x, reals.Interval):
        return (type(x).__name__, x.lo, x.hi, getattr(x, "radicand", None))
    if isinstance(x, Fraction):
        return ("Fraction", x.numerator, x.denominator)
    return x


def _outcome_key(o: ev.Outcome) -> Any:
    return (
        type(o), o.verdict, _key(o.lhs), _key(o.rhs), _key(o.tolerance), _key(o.margin),
        o.message, o.span, o.notes, o.witness_true, o.witness_false,
    )  # fmt: skip


def _not_sure(*args: Any) -> Any:
    raise ev._NotSure


@contextmanager
def general_path() -> Iterator[None]:
    """evaluate() without its one-walk path."""
    saved = ev._fast_outcome
    ev._fast_outcome = _not_sure  # type: ignore[assignment]
    try:
        yield
    finally:
        ev._fast_outcome = saved  # type: ignore[assignment]


def _run(tree: Any, env: dict[str, NamedValue], verdict_only: bool) -> Any:
    try:
        outcome = ev.evaluate(tree, env, verdict_only=verdict_only)
    except RecursionError:  # as the general path would raise it (never on parsed checks)
        return "RecursionError"
    return _outcome_key(outcome), limits.MAX_EVAL_WORK - reals.work_left()


def _equal_paths(text: str, l0: list[str], l1: list[str], scalars: list[str], only: bool) -> None:
    try:
        tree = parse_check(text)
    except LeanbridgeError:
        return
    with general_path():
        want = [_run(tree, named_env([l0, l1], scalars), only) for _ in range(2)]
    env = named_env([l0, l1], scalars)  # fresh values: empty memos, filled by the first run
    assert [_run(tree, env, only) for _ in range(2)] == want
    env = named_env([l0, l1], scalars)  # the memos filled by the general path, read by this one
    with general_path():
        first = _run(tree, env, only)
    assert [first, _run(tree, env, only)] == want


lists_ = st.lists(number_texts(), min_size=0, max_size=6)
two_scalars = st.lists(number_texts(), min_size=2, max_size=2)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_bool(2), lists_, lists_, two_scalars, st.booleans())
def test_one_walk_equals_the_general_path(
    text: str, l0: list[str], l1: list[str], scalars: list[str], verdict_only: bool
) -> None:
    _equal_paths(text, l0, l1, scalars, verdict_only)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_typed(1), lists_, lists_, two_scalars, st.booleans())
def test_one_walk_equals_the_general_path_on_well_typed_checks(
    text: str, l0: list[str], l1: list[str], scalars: list[str], verdict_only: bool
) -> None:
    _equal_paths(text, l0, l1, scalars, verdict_only)


def test_the_usual_checks_take_the_one_walk_path() -> None:
    env = named_env([["1", "2.5", "4", "7.25"], ["3", "5"]], ["1.5", "-2"])
    for text in [
        "mean(l0) ~= 3.7",
        "sd(l0) ~= 2.67",
        "sqrt(pvar(l0)) ~= 2.3",
        "len(l0) == 4",
        "mean(l0, l1) == 3.9 +/- 0.5",
        "mean(l0) == 3.7 ± 5%",
        "max(l0) - min(l0) ~= 6.25",
        "pct_change(s0, s1) ~= -233.3",
        "round(mean(l0), 1) == 3.7",
        "abs(s0 - s1) ~= 3.5",
        "psd(l0) < 2.2 + 0.1",
        "(mean(l0) > mean(l1) and max(l0) >= median(l1)) or not mean(l0) > mean(l1)",
        "mean([1, 2, s0]) / 2 ~= s0",
        "-sum(l0) ~= -s0",
    ]:
        tree = parse_check(text)
        reals.start_work()
        got = ev._fast_outcome(tree, env, False)  # raises _NotSure if it does not decide
        with general_path():
            assert _outcome_key(got) == _outcome_key(ev.evaluate(tree, env)), text


def test_what_the_one_walk_path_leaves_to_the_general_path() -> None:
    env = named_env([["1", "2.5", "4"]], ["2"])
    for text in [
        "mean(q) ~= 1",  # unknown name
        "nope(l0) ~= 1",  # unknown function
        "l0 > 1",  # a list where a number goes
        "mean(l0) ~= 1 + 1",  # not a printed number
        "s0 ^ 2 > 1",  # `^`
        "grim(2.5, 4)",  # a statistics test (its notes)
        "round(s0, s0) == 2",  # round's digits
        "mean(l0) / (s0 - 2) > 1",  # division by zero
        "mean(l0)",  # a bare number
        "len([l0]) == 1",  # a list as a list item
        "len([1, mean(l0) > 1]) == 2",  # a comparison as a list item
        "sum(l0 > 1) > 0",  # a comparison as an aggregate's argument
        "mean() > 0",  # no argument
        "var(s0) > 0",  # too few values
        "abs(s0, s0) > 0",  # arity
        "mean(l0) ~= [1]",  # a list as the printed target
        "mean(l0) == l0 ± 5%",  # a list as the target
    ]:
        reals.start_work()
        try:
            ev._fast_outcome(parse_check(text), env, False)
        except Exception:  # _NotSure, or an error: evaluate() takes its general path
            continue
        raise AssertionError(f"the one-walk path decided {text!r}")


# --- ExactList.of_decimals: one printed precision ------------------------------------------

decimal_lists = st.lists(
    st.tuples(st.integers(-(10**6), 10**6), st.sampled_from([0, -1, -2, -3, 1, 2])),
    max_size=8,
).map(lambda pairs: [Decimal(m, e, "") for m, e in pairs])


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(decimal_lists, decimal_lists.map(lambda ds: [replace(d, exponent=-2) for d in ds]))
)
def test_of_decimals_equals_the_general_code(numbers: list[Decimal]) -> None:
    got, want = ExactList.of_decimals(numbers), ExactList.of_decimals_general(numbers)
    assert (list(got.numerators), got.denominator) == (list(want.numerators), want.denominator)
    assert got.fractions == want.fractions
