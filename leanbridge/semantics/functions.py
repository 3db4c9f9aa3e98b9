"""The functions of the check language: one table, one entry per function.

Each entry says how many arguments the function takes, the smallest list it accepts and
its exact Python meaning.  The Lean counterpart of every entry is in
``leanbridge/emit/printer.py`` (``LEAN_FUNCTIONS``) and docs/semantics.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from leanbridge.semantics import granularity, pvalues
from leanbridge.semantics.exact_list import ExactList
from leanbridge.semantics.reals import (
    Interval,
    Real,
    absolute,
    bounds,
    check_size,
    reciprocal,
    rounded,
    square_root,
    tighten,
)
from leanbridge.syntax import ast

Kind = Literal["aggregate", "scalar", "stat"]
# How a statistics function takes each argument (kind "stat"): `printed`, a number as
# printed (a literal or a single value's name), standing for its rounding interval;
# `count`, an exact positive integer; `df`, an exact positive number; `number`, any number.
Param = Literal["printed", "count", "df", "number"]


Impl = Callable[[Sequence[Any], int], Any]  # (arguments or list items, sqrt precision bits)


@dataclass(frozen=True, slots=True)
class Function:
    name: str
    kind: Kind
    summary: str
    impl: Impl
    min_items: int = 1  # aggregates: fewest list items accepted
    arity: int = 1  # scalar and stat functions: number of arguments (stat: the most)
    params: tuple[Param, ...] = ()  # stat functions: how each argument is taken
    min_arity: int = 0  # stat functions: fewest arguments (trailing ones are optional)
    returns: Literal["number", "bool"] = "number"


# --- fast paths ------------------------------------------------------------------------
# Over a list of exact values (the common case: a named list of printed decimals) the
# aggregates are computed on integers over a common denominator (ExactList), and one
# Fraction is built at the end.  The values are identical to the Fraction loops below, which
# remain the path for enclosures (square roots) and for values large enough to meet the
# size bound.


def _exact(xs: Sequence[Real]) -> ExactList | None:
    """``xs`` itself when the evaluator passed an ExactList (a named list, with its cached
    sums), else the integers over the lcm of the denominators; None if some x_i is not
    exact."""
    if xs.__class__ is ExactList:  # itself, or None when empty: without __len__ or of_reals
        return xs if xs.numerators else None  # type: ignore[attr-defined, return-value]
    return ExactList.of_reals(xs) if xs else None  # an ExactList comes back as itself


# --- the straightforward definitions ------------------------------------------------------


def _sum(xs: Sequence[Real]) -> Real:
    exact = _exact(xs)
    if exact is not None:
        return check_size(exact.sum)
    total: Real = Fraction(0)
    for x in xs:
        total = total + x
    return check_size(total)


def _mean(xs: Sequence[Real]) -> Real:
    exact = _exact(xs)
    if exact is not None:  # the same two size checks, on the list's cached sum and mean
        check_size(exact.sum)
        return check_size(exact.mean)
    return check_size(_sum(xs) / len(xs))


def _monotone(pick: Callable[[list[Fraction]], Fraction], xs: Sequence[Real]) -> Real:
    """Apply an order statistic that is monotone in every argument to an enclosure."""
    exact = _exact(xs)
    name = _ORDER_NAMES.get(pick)
    if exact is not None and name is not None:
        return exact_order_statistic(name, exact)
    if all(isinstance(x, Fraction) for x in xs):
        return pick(list(xs))  # type: ignore[arg-type]
    los, his = zip(*(bounds(x) for x in xs), strict=True)
    return tighten(pick(list(los)), pick(list(his)))


def _median_of(xs: list[Fraction]) -> Fraction:
    s = sorted(xs)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


_ORDER_NAMES: dict[Callable[[list[Fraction]], Fraction], str] = {
    _median_of: "median",
    min: "min",
    max: "max",
}


def exact_order_statistic(name: str, exact: ExactList) -> Fraction:
    """``median``, ``min`` or ``max`` of a non-empty ExactList: its integers a_i ordered
    instead of the Fractions a_i / D."""
    ints, d = exact.sorted_numerators, exact.denominator
    if name == "median":
        mid = len(ints) // 2
        if len(ints) % 2:
            return Fraction(ints[mid], d)
        return Fraction(ints[mid - 1] + ints[mid], 2 * d)
    return Fraction(ints[0] if name == "min" else ints[-1], d)


def _squared_deviations(xs: Sequence[Real]) -> Real:
    m = _mean(xs)
    total: Real = Fraction(0)
    for x in xs:
        d = x - m
        if isinstance(d, Interval):
            lo, hi = bounds(absolute(d))
            total = total + Interval(lo * lo, hi * hi)
        else:
            total = total + d * d
    return check_size(total)


def exact_variance(exact: ExactList, sample: bool) -> Fraction | None:
    """The sample (``sample``: divided by n - 1) or population variance of an ExactList
    from its moments; None where it keeps none."""
    moments = exact.moments()
    if moments is None:
        return None
    # sum (x - mean)^2 = (n S2 - S1^2) / (n D^2); divided by n - 1 or by n.
    n, s1, s2, d = moments
    return Fraction(n * s2 - s1 * s1, n * (n - 1 if sample else n) * d * d)


def _var(xs: Sequence[Real]) -> Real:
    exact = _exact(xs)
    variance = exact_variance(exact, True) if exact is not None else None
    if variance is not None:
        return variance
    return check_size(_squared_deviations(xs) / (len(xs) - 1))


def _pvar(xs: Sequence[Real]) -> Real:
    exact = _exact(xs)
    variance = exact_variance(exact, False) if exact is not None else None
    if variance is not None:
        return variance
    return check_size(_squared_deviations(xs) / len(xs))


def _sqrt_of(inner: Callable[[Sequence[Real]], Real]) -> Impl:
    return lambda xs, bits: square_root(inner(xs), bits)


def _pct_change(args: Sequence[Real], _bits: int) -> Real:
    """:func:`_pct_change_general`; on two exact values with ``old != 0`` the one
    Fraction ``100 (c b - a d) / (d a)`` for ``old = a/b``, ``new = c/d`` (normalised:
    the same Fraction as the three operations), checked as the result is there."""
    old, new = args
    if old.__class__ is Fraction and new.__class__ is Fraction:
        a, b = old.numerator, old.denominator  # type: ignore[union-attr]
        c, d = new.numerator, new.denominator  # type: ignore[union-attr]
        if a:  # old == 0: the general code raises its error
            return check_size(Fraction((c * b - a * d) * 100, d * a))
    return _pct_change_general(args, _bits)


def _pct_change_general(args: Sequence[Real], _bits: int) -> Real:
    old, new = args
    # reciprocal() raises "division by zero" (not a bare ZeroDivisionError) when old == 0.
    return check_size((new - old) * reciprocal(old) * 100)


def _stat(
    name: str,
    summary: str,
    impl: Impl,
    params: tuple[Param, ...],
    optional: int = 0,
    returns: Literal["number", "bool"] = "number",
) -> Function:
    """A statistics function: its arguments taken as ``params`` say, the last ``optional``
    of them may be left out."""
    n = len(params)
    return Function(
        name, "stat", summary, impl, arity=n, min_arity=n - optional, params=params, returns=returns
    )


def _granularity(test: Callable[..., granularity.TestResult]) -> Impl:
    return lambda args, _bits: test(*args)


FUNCTIONS: dict[str, Function] = {
    f.name: f
    for f in (
        Function("sum", "aggregate", "sum of the values", lambda xs, _: _sum(xs)),
        Function("mean", "aggregate", "arithmetic mean", lambda xs, _: _mean(xs)),
        Function(
            "median",
            "aggregate",
            "middle value, or mean of the two middle values",
            lambda xs, _: _monotone(_median_of, xs),
        ),
        Function("min", "aggregate", "smallest value", lambda xs, _: _monotone(min, xs)),
        Function("max", "aggregate", "largest value", lambda xs, _: _monotone(max, xs)),
        Function(
            "len", "aggregate", "number of values", lambda xs, _: Fraction(len(xs)), min_items=0
        ),
        Function(
            "var",
            "aggregate",
            "sample variance (divides by n - 1)",
            lambda xs, _: _var(xs),
            min_items=2,
        ),
        Function(
            "pvar", "aggregate", "population variance (divides by n)", lambda xs, _: _pvar(xs)
        ),
        Function(
            "sd", "aggregate", "sample standard deviation, sqrt(var)", _sqrt_of(_var), min_items=2
        ),
        Function("psd", "aggregate", "population standard deviation, sqrt(pvar)", _sqrt_of(_pvar)),
        Function("abs", "scalar", "absolute value", lambda a, _: absolute(a[0])),
        Function(
            "sqrt",
            "scalar",
            "square root (comparisons decided exactly by squaring)",
            lambda a, bits: square_root(a[0], bits),
        ),
        Function(
            "round",
            "scalar",
            "round(x, d): d decimals, half away from zero",
            lambda a, _: rounded(a[0], int(a[1])),  # type: ignore[arg-type]
            arity=2,
        ),
        Function(
            "pct_change",
            "scalar",
            "pct_change(old, new) = (new - old) / old * 100",
            _pct_change,
            arity=2,
        ),
        _stat(
            "grim",
            "grim(mean, n[, items]): some integer total k has k/(n·items) in mean's interval",
            _granularity(granularity.grim),
            ("printed", "count", "count"),
            optional=1,
            returns="bool",
        ),
        _stat(
            "grimmer",
            "grimmer(mean, sd, n): some integer data of size n has this mean and SD",
            _granularity(granularity.grimmer),
            ("printed", "printed", "count"),
            returns="bool",
        ),
        _stat(
            "debit",
            "debit(mean, sd, n): some 0/1 data of size n has this mean and SD",
            _granularity(granularity.debit),
            ("printed", "printed", "count"),
            returns="bool",
        ),
        _stat(
            "p_t", "p_t(t, df): two-tailed p-value of Student's t", pvalues.p_t, ("number", "df")
        ),
        _stat("p_z", "p_z(z): two-tailed p-value of a standard normal z", pvalues.p_z, ("number",)),
        _stat(
            "p_r",
            "p_r(r, df): two-tailed p-value of a correlation, t = r·sqrt(df/(1 - r²))",
            pvalues.p_r,
            ("number", "df"),
        ),
        _stat(
            "p_f",
            "p_f(f, df1, df2): upper-tail p-value of an F statistic",
            pvalues.p_f,
            ("number", "df", "df"),
        ),
        _stat(
            "p_chi2",
            "p_chi2(x, df): upper-tail p-value of a chi-square statistic",
            pvalues.p_chi2,
            ("number", "df"),
        ),
    )
}

#: The functions whose values are certified enclosures, never exact (evidence: numeric).
PVALUE_FUNCTIONS = frozenset({"p_t", "p_z", "p_r", "p_f", "p_chi2"})


def uses_pvalues(tree: ast.Node) -> bool:
    """Whether ``tree`` computes a p-value (its verdict rests on a numeric enclosure)."""
    return any(isinstance(n, ast.Call) and n.func in PVALUE_FUNCTIONS for n in tree.walk())


def is_test_call(node: ast.Node) -> bool:
    """A call of a function with a truth value (``grim``, ``grimmer``, ``debit``)."""
    if not isinstance(node, ast.Call):
        return False
    func = FUNCTIONS.get(node.func)
    return func is not None and func.returns == "bool"
