"""p-values from test statistics, as certified enclosures (Arb ball arithmetic).

p-values are not rational, so each is computed as a ball by Arb (FLINT's arbitrary-
precision interval arithmetic, through the optional ``python-flint`` package): a midpoint
and a radius that Arb guarantees to contain the true value, converted exactly to a
rational :class:`Interval` [mid − rad, mid + rad] (clipped to [0, 1]).  No float is ever
involved.  The working precision is the evaluator's (64 bits, doubled while a comparison
cannot be separated), up to ``limits.PVALUE_MAX_BITS``; past that the verdict is
``undecided``.  Every Arb call is charged to the evaluation's work budget first, by a
fixed cost model (``arb_units``), so that its time is bounded without a clock.

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
    charge,
    check_size,
    tighten,
)

# optional: `pip install 'leanbridge[stats]'`.  Imported at the first p-value (it costs
# tens of ms, which a run without p-values need not pay); None when it is not installed.
_UNLOADED: Any = object()
flint: Any = _UNLOADED


def _load_flint() -> Any:
    global flint
    if flint is _UNLOADED:
        try:
            import flint as module
        except ImportError:  # pragma: no cover - depends on the installation
            module = None
        flint = module
    return flint


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


# --- work: a deterministic cost model, charged to the evaluation's work budget ----------
# Arb's time depends on the precision and on how far the series it sums must run, which
# grows with the *size* of the call: x·(a + b) for I_x(a, b) on the branch evaluated (see
# _beta_tail), s + z for Q(s, z); erfc is always cheap.  Measured (benchmarks/README.md,
# "Arb cost model", df <= 10^6): every call of size <= ARB_SMALL_SIZE took at most 0.3 ms;
# larger ones at most about 12 ms at 64 bits, 19 ms at 128, 70 ms at 256.  Each call is
# charged, before it runs, ARB_SMALL_UNITS, or ARB_UNITS_PER_BIT x bits (1.0M units at 64
# bits, 4.1M at 256): at most about 20 ns of Arb per unit in every case measured (a unit
# of exact work in reals.py takes 3-55 ns).  So a check's p-values share one budget
# (limits.MAX_EVAL_WORK) with its other work, and no verdict depends on a clock.
ARB_SMALL_SIZE = 32
ARB_SMALL_UNITS = 12_000
ARB_UNITS_PER_BIT = 16_000

Call = tuple[Fraction, Callable[[], Any]]  # (size for the cost model, the Arb evaluation)


def arb_units(bits: int, size: Fraction) -> int:
    """The work charged for one Arb call of ``size`` at ``bits`` of precision."""
    return ARB_SMALL_UNITS if size <= ARB_SMALL_SIZE else ARB_UNITS_PER_BIT * bits


def _enclose(lower: Call, upper: Call, bits: int) -> Real:
    """The p-value range from two Arb evaluations: the lower end of ``lower`` and the
    upper end of ``upper`` (the p-values at the two ends of the statistic's range)."""
    if _load_flint() is None:
        raise ClaimEvalError(FLINT_MISSING)
    if bits > limits.PVALUE_MAX_BITS:
        raise PrecisionExhausted(
            f"the p-value bounds could not separate the comparison at "
            f"{limits.PVALUE_MAX_BITS} bits of precision"
        )
    charge(arb_units(bits, lower[0]) + arb_units(bits, upper[0]), "p-value enclosures")
    with _precision, flint.ctx.workprec(bits):
        lo = _ball_bounds(lower[1]())[0]
        hi = _ball_bounds(upper[1]())[1]
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
    """I_x(a, b) for x in [x_lo, x_hi] (increasing in x).  At or below the peak of the
    integrand, x <= a / (a + b), Arb is asked for I_x(a, b); above it, for the same
    function as 1 − I_{1−x}(b, a), whose 1 − x is then below that one's peak.  Arb sums a
    series that converges fast below the peak and may take seconds above it
    (I_{1/2}(3/2, 5000) took 2 s at 256 bits); and 1 − x is exact and small where x is
    near 1, where Arb would need as many bits as 1 − x has."""

    def at(x: Fraction) -> Call:
        if x > a / (a + b):
            return (1 - x) * (
                a + b
            ), lambda: 1 - _arb(1 - x).beta_lower(_arb(b), _arb(a), regularized=True)
        return x * (a + b), lambda: _arb(x).beta_lower(_arb(a), _arb(b), regularized=True)

    return _enclose(at(x_lo), at(x_hi), bits)


def p_t(args: Sequence[Any], bits: int) -> Real:
    t, df = args
    _check_df(df)
    m, big = _magnitude(t)
    return _beta_tail(df / (df + big * big), df / (df + m * m), df / 2, Fraction(1, 2), bits)


def p_z(args: Sequence[Any], bits: int) -> Real:
    m, big = _magnitude(args[0])

    def at(z: Fraction) -> Call:
        return Fraction(0), lambda: (_arb(z) / flint.arb(2).sqrt()).erfc()

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

    def at(v: Fraction) -> Call:
        return v / 2 + df / 2, lambda: _arb(v / 2).gamma_upper(_arb(df / 2), regularized=True)

    return _enclose(at(hi), at(lo), bits)
