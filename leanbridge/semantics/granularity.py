"""GRIM, GRIMMER and DEBIT: granularity tests on integer data, as exact integer searches.

A reported mean or SD stands for the closed interval of values that print as it
(``printed_interval``: value ± half a unit of its last printed digit; a value exactly on
the half-unit rounds either way).  Each test asks whether some integer data set of the
reported size has statistics inside those intervals:

* ``grim(mean, n, items)``: some integer total k with k / (n·items) in mean's interval
  (Brown & Heathers 2017).  Decided in closed form: ceil(lo·N) <= floor(hi·N).
* ``grimmer(mean, sd, n)``: integers k and Q with k/n in mean's interval, Q >= k²/n,
  Q ≡ k (mod 2) (x² ≡ x mod 2 for every integer x) and the sample SD
  sqrt((Q − k²/n)/(n − 1)) in sd's interval (Anaya 2016).  For each candidate k, the Q
  satisfying the SD bound form one integer range, so the search is over k only.
* ``debit(mean, sd, n)``: some k in 0..n with k/n in mean's interval and the sample SD of
  k ones and n − k zeros, sqrt(k(n − k) / (n(n − 1))), in sd's interval (Heathers &
  Brown 2019).

Everything is integer or Fraction arithmetic.  The searches run over the candidate totals
k only, at most ``limits.MAX_GRANULARITY_CANDIDATES`` of them, and n is at most
``limits.MAX_GRANULARITY_N`` (docs/limits.md).  Each test returns its witness (or None),
so that a report, and a Lean theorem, can name it.
"""

from __future__ import annotations

from fractions import Fraction

from leanbridge import limits
from leanbridge.errors import ClaimEvalError
from leanbridge.frozen import frozen_record
from leanbridge.semantics.display import decimal_text
from leanbridge.semantics.numbers import Decimal


def printed_interval(d: Decimal) -> tuple[Fraction, Fraction]:
    """The closed interval of values that print as ``d``: value ± unit/2."""
    v, h = d.value, d.half_unit
    return v - h, v + h


def ceil_int(q: Fraction) -> int:
    return -((-q.numerator) // q.denominator)


def floor_int(q: Fraction) -> int:
    return q.numerator // q.denominator


# A frozen_record, not @dataclass(frozen=True, slots=True), whose generated methods cost
# about 3 M instructions at every start: one is made per grim/grimmer/debit call only
# (tests/test_ast_classes.py holds it to the dataclass).
@frozen_record
class TestResult:
    """A granularity test's answer, and a note naming its witness (or its absence)."""

    __slots__ = ("note", "truth")
    truth: bool
    note: str


def check_n(n: int, what: str, least: int = 1) -> None:
    if not least <= n <= limits.MAX_GRANULARITY_N:
        raise ClaimEvalError(
            f"{what} must be an integer from {least} to {limits.MAX_GRANULARITY_N:,}, got {n}"
        )


def total_range(mean: Decimal, count: int) -> range:
    """The integer totals k with k / count in mean's interval, bounded in number."""
    lo, hi = printed_interval(mean)
    first, last = ceil_int(lo * count), floor_int(hi * count)
    if last - first + 1 > limits.MAX_GRANULARITY_CANDIDATES:
        raise ClaimEvalError(
            f"the mean {mean.text} is printed too coarsely for n = {count}: "
            f"{last - first + 1:,} candidate totals, the limit is "
            f"{limits.MAX_GRANULARITY_CANDIDATES:,}"
        )
    return range(first, last + 1)


def grim_witness(mean: Decimal, n: int, items: int = 1) -> int | None:
    """The least integer total k with k / (n·items) in mean's interval, or None."""
    lo, hi = printed_interval(mean)
    count = n * items
    k = ceil_int(lo * count)
    return k if k <= floor_int(hi * count) else None


def _sd_square_bounds(sd: Decimal) -> tuple[Fraction, Fraction] | None:
    """[lo², hi²] for the SD's interval clipped at 0; None when it holds no SD (< 0)."""
    lo, hi = printed_interval(sd)
    if hi < 0:
        return None
    lo = max(lo, Fraction(0))
    return lo * lo, hi * hi


def grimmer_witness(mean: Decimal, sd: Decimal, n: int) -> tuple[int, int] | None:
    """The least (k, Q) passing GRIMMER (least k, then least Q), or None."""
    squares = _sd_square_bounds(sd)
    candidates = total_range(mean, n)
    if squares is None:
        return None
    v_lo, v_hi = squares
    scale = n * (n - 1)
    for k in candidates:
        # SD in [lo, hi]  <=>  n(n-1)·lo² <= n·Q − k² <= n(n-1)·hi²
        q_lo = ceil_int((k * k + scale * v_lo) / n)
        q_hi = floor_int((k * k + scale * v_hi) / n)
        q = q_lo if (q_lo - k) % 2 == 0 else q_lo + 1
        if q <= q_hi:
            return k, q
    return None


def debit_witness(mean: Decimal, sd: Decimal, n: int) -> int | None:
    """The least count of ones k passing DEBIT, or None."""
    squares = _sd_square_bounds(sd)
    candidates = total_range(mean, n)
    if squares is None:
        return None
    v_lo, v_hi = squares
    for k in candidates:
        if 0 <= k <= n and v_lo <= Fraction(k * (n - k), n * (n - 1)) <= v_hi:
            return k
    return None


def _interval_text(d: Decimal) -> str:
    lo, hi = printed_interval(d)
    return f"[{decimal_text(lo)}, {decimal_text(hi)}]"  # terminating: exact


def grim(mean: Decimal, n: int, items: int = 1) -> TestResult:
    check_n(n, "n of `grim`")
    check_n(items, "items of `grim`")
    check_n(n * items, "n·items of `grim`")
    k = grim_witness(mean, n, items)
    count = n * items
    where = f"{mean.text} {_interval_text(mean)}"
    if k is None:
        return TestResult(False, f"grim: no integer total k has k/{count} in {where}")
    return TestResult(True, f"grim: k = {k}, {k}/{count} in {where}")


def grimmer(mean: Decimal, sd: Decimal, n: int) -> TestResult:
    check_n(n, "n of `grimmer`", least=2)
    found = grimmer_witness(mean, sd, n)
    if found is None:
        return TestResult(
            False,
            f"grimmer: no integers k, Q (Q ≡ k mod 2) give mean {mean.text} and SD {sd.text} "
            f"with n = {n}",
        )
    k, q = found
    return TestResult(True, f"grimmer: k = {k}, Q = {q} (sum and sum of squares, n = {n})")


def debit(mean: Decimal, sd: Decimal, n: int) -> TestResult:
    check_n(n, "n of `debit`", least=2)
    k = debit_witness(mean, sd, n)
    if k is None:
        return TestResult(
            False,
            f"debit: no k ones among {n} binary values give mean {mean.text} and SD {sd.text}",
        )
    return TestResult(True, f"debit: k = {k} ones among {n}")
