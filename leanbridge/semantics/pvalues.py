"""p-values from test statistics, as certified enclosures (Arb ball arithmetic).

p-values are not rational, so each is computed as a ball by Arb (FLINT's arbitrary-
precision interval arithmetic, through the optional ``python-flint`` package): a midpoint
and a radius that Arb guarantees to contain the true value, converted exactly to a
rational :class:`Interval` [mid − rad, mid + rad] (clipped to [0, 1]).  No float is ever
involved.  The working precision is the evaluator's (64 bits, doubled while a comparison
cannot be separated), up to ``limits.PVALUE_MAX_BITS``; past that the verdict is
``undecided``.

Every p-value here is monotone in the statistic's magnitude, so a statistic known only as
an interval [a, b] (``inputs: rounded``, or an enclosure) gives the p-value range from its
two ends, and the range is exact at the ends:

* ``p_t(t, df)``, two-tailed: I_x(df/2, 1/2) with x = df / (df + t²), increasing in x;
* ``p_z(z)``, two-tailed: erfc(|z| / √2);
* ``p_r(r, df)``, two-tailed, through t = r·√(df / (1 − r²)): x = df / (df + t²) = 1 − r²;
* ``p_f(f, df1, df2)``, upper tail: I_x(df2/2, df1/2) with x = df2 / (df2 + df1·f);
* ``p_chi2(x, df)``, upper tail: Q(df/2, x/2), the regularized upper incomplete gamma.

(I is the regularized incomplete beta function.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

from leanbridge import limits
from leanbridge.errors import ClaimEvalError
from leanbridge.semantics.reals import (
    Indeterminate,
    PrecisionExhausted,
    Real,
    bounds,
    check_size,
    tighten,
)

try:  # optional: `pip install 'leanbridge[stats]'`
    import flint
except ImportError:  # pragma: no cover - depends on the installation
    flint = None

FLINT_MISSING = (
    "p-values need the optional package python-flint (Arb ball arithmetic): "
    "pip install 'leanbridge[stats]'"
)

#: p-values closer than 2^-TINY_BITS to 0 or 1 are enclosed as [0, 2^-TINY_BITS] (or
#: [1 - 2^-TINY_BITS, 1]): exact enough for any printed p, and of bounded size.
TINY_BITS = 4 * limits.PVALUE_MAX_BITS

_precision = threading.Lock()  # python-flint's working precision is process-wide


def _arb(q: Fraction) -> Any:
    return flint.arb(flint.fmpq(q.numerator, q.denominator))


def _to_fraction(mantissa: Any, exponent: Any) -> Fraction:
    m, e = int(mantissa), int(exponent)
    return Fraction(m << e) if e >= 0 else Fraction(m, 1 << -e)


def _ball_bounds(ball: Any) -> tuple[Fraction, Fraction]:
    """[mid − rad, mid + rad] of an Arb ball, exactly, clipped to [0, 1].  A ball within
    2^-TINY_BITS of 0 or 1 is widened to [0, 2^-TINY_BITS] (or its mirror at 1), so
    that a p-value like 10^-(10^8) never becomes a Fraction of that size."""
    if not ball.is_finite():
        raise Indeterminate("Arb could not bound the p-value at this precision")
    if ball.is_exact() and (ball.is_zero() or ball == 1):  # p_r(±1, df) = 0, p_z(0) = 1
        return (Fraction(0),) * 2 if ball.is_zero() else (Fraction(1),) * 2
    tiny = flint.arb(2) ** -TINY_BITS  # exact: a power of two
    if ball.upper() <= tiny:
        return Fraction(0), Fraction(1, 1 << TINY_BITS)
    if ball.lower() >= 1 - tiny:
        return 1 - Fraction(1, 1 << TINY_BITS), Fraction(1)
    mid = _to_fraction(*ball.mid().man_exp())
    rad = _to_fraction(*ball.rad().man_exp())
    return max(mid - rad, Fraction(0)), min(mid + rad, Fraction(1))


def _enclose(lower: Callable[[], Any], upper: Callable[[], Any], bits: int) -> Real:
    """The p-value range from two Arb evaluations: the lower end of ``lower()`` and the
    upper end of ``upper()`` (the p-values at the two ends of the statistic's range)."""
    if flint is None:
        raise ClaimEvalError(FLINT_MISSING)
    if bits > limits.PVALUE_MAX_BITS:
        raise PrecisionExhausted(
            f"the p-value bounds could not separate the comparison at "
            f"{limits.PVALUE_MAX_BITS} bits of precision"
        )
    with _precision, flint.ctx.workprec(bits):
        lo = _ball_bounds(lower())[0]
        hi = _ball_bounds(upper())[1]
    return check_size(tighten(lo, hi))


def _magnitude(x: Real) -> tuple[Fraction, Fraction]:
    """[m, M]: the range of |x| over x's enclosure."""
    lo, hi = bounds(x)
    if lo <= 0 <= hi:
        return Fraction(0), max(-lo, hi)
    return (lo, hi) if lo > 0 else (-hi, -lo)


def _nonnegative(x: Real, what: str) -> tuple[Fraction, Fraction]:
    lo, hi = bounds(x)
    if hi < 0:
        raise ClaimEvalError(f"{what} cannot be negative")
    if lo < 0:
        raise Indeterminate(f"{what} cannot be told apart from a negative number")
    return lo, hi


def _check_df(*dfs: Fraction) -> None:
    for df in dfs:
        if df > limits.MAX_STAT_DF:
            raise ClaimEvalError(
                f"degrees of freedom {df} are beyond the limit of {limits.MAX_STAT_DF:,}"
            )


def _beta_tail(x_lo: Fraction, x_hi: Fraction, a: Fraction, b: Fraction, bits: int) -> Real:
    """I_x(a, b) for x in [x_lo, x_hi] (increasing in x).  Above x = 1/2 it is computed as
    1 − I_{1−x}(b, a) (the same function), where 1 − x is exact and small: Arb near x = 1
    would need as many bits as 1 − x has."""

    def at(x: Fraction) -> Callable[[], Any]:
        if x > Fraction(1, 2):
            return lambda: 1 - _arb(1 - x).beta_lower(_arb(b), _arb(a), regularized=True)
        return lambda: _arb(x).beta_lower(_arb(a), _arb(b), regularized=True)

    return _enclose(at(x_lo), at(x_hi), bits)


def p_t(args: Sequence[Any], bits: int) -> Real:
    t, df = args
    _check_df(df)
    m, big = _magnitude(t)
    return _beta_tail(df / (df + big * big), df / (df + m * m), df / 2, Fraction(1, 2), bits)


def p_z(args: Sequence[Any], bits: int) -> Real:
    m, big = _magnitude(args[0])

    def at(z: Fraction) -> Callable[[], Any]:
        return lambda: (_arb(z) / flint.arb(2).sqrt()).erfc()

    return _enclose(at(big), at(m), bits)


def p_r(args: Sequence[Any], bits: int) -> Real:
    r, df = args
    _check_df(df)
    m, big = _magnitude(r)
    if m > 1:
        raise ClaimEvalError("a correlation r must lie between -1 and 1")
    if big > 1:
        raise Indeterminate("r cannot be told apart from a value beyond ±1")
    return _beta_tail(1 - big * big, 1 - m * m, df / 2, Fraction(1, 2), bits)


def p_f(args: Sequence[Any], bits: int) -> Real:
    f, df1, df2 = args
    _check_df(df1, df2)
    lo, hi = _nonnegative(f, "an F statistic")
    return _beta_tail(df2 / (df2 + df1 * hi), df2 / (df2 + df1 * lo), df2 / 2, df1 / 2, bits)


def p_chi2(args: Sequence[Any], bits: int) -> Real:
    x, df = args
    _check_df(df)
    lo, hi = _nonnegative(x, "a chi-square statistic")

    def at(v: Fraction) -> Callable[[], Any]:
        return lambda: _arb(v / 2).gamma_upper(_arb(df / 2), regularized=True)

    return _enclose(at(hi), at(lo), bits)
