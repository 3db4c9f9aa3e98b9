"""Exact rationals plus certified enclosures for square roots.

Values are ``Fraction`` (exact) whenever possible.  A square root that is not rational
becomes a :class:`Root`: its exact radicand plus a certified rational enclosure
``[lo, hi]`` at the evaluator's current precision; arithmetic on it yields an
:class:`Interval`.  Comparisons return ``True``/``False`` only when the enclosures
separate, or exactly (by squaring) when every side is exact or a bare root, such as
``sqrt(2) < sqrt(3)`` or ``sd(xs) == sqrt(c)``; otherwise ``None`` (undecided), and the
evaluator retries at a higher precision.
"""

from __future__ import annotations

import operator
import threading
from fractions import Fraction
from math import isqrt

from leanbridge import limits
from leanbridge.errors import ClaimEvalError


class Indeterminate(Exception):
    """An enclosure is too wide to go on (e.g. a divisor that may be zero)."""


class PrecisionExhausted(Indeterminate):
    """An enclosure's bounds outgrew ``limits.MAX_RESULT_BITS``: a higher precision would
    only make them larger, so the comparison stays undecided."""


# --- work on large numbers -------------------------------------------------------------
# Time is bounded by counting work, not by a clock, so that a verdict never depends on the
# machine.  Exact operations on b-bit numbers cost about (b/64)^2 word operations (the gcd
# behind every Fraction, schoolbook products); each result over _CHEAP_BITS is charged
# that, against limits.MAX_EVAL_WORK per evaluation (see :func:`start_work`).  Smaller
# results are not counted: their number is bounded by the length of the check.
_CHEAP_BITS = 1024
_work = threading.local()


def start_work(units: int = limits.MAX_EVAL_WORK) -> None:
    """Give this thread's next evaluation ``units`` of work on large numbers."""
    _work.left = units


def work_left() -> int:
    return getattr(_work, "left", limits.MAX_EVAL_WORK)


def charge(units: int, what: str) -> None:
    """Spend ``units`` of this thread's work budget on ``what``; past the budget, a
    ClaimEvalError that names the limit (once spent, every later charge fails too)."""
    left = work_left() - units
    _work.left = left
    if left < 0:
        raise ClaimEvalError(
            f"this check needs more than {limits.MAX_EVAL_WORK:,} units of work on {what}; "
            "split it or bring the values down to size"
        )


def _charge(bits: int) -> None:
    words = (bits >> 6) + 1
    charge(words * words, "numbers thousands of digits long")


def _bits(x: Fraction) -> int:
    return max(x.numerator.bit_length(), x.denominator.bit_length())


class Interval:
    """A closed interval of rationals known to contain the true value."""

    __slots__ = ("hi", "lo")

    def __init__(self, lo: Fraction, hi: Fraction) -> None:
        if isinstance(lo, float) or isinstance(hi, float):  # exactness is the whole point
            raise TypeError("a float reached an exact enclosure")
        self.lo = lo
        self.hi = hi

    def __repr__(self) -> str:
        return f"Interval({self.lo}, {self.hi})"

    def __add__(self, other: Real) -> Interval:
        olo, ohi = bounds(other)
        return Interval(self.lo + olo, self.hi + ohi)

    __radd__ = __add__

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo)

    def __sub__(self, other: Real) -> Interval:
        olo, ohi = bounds(other)
        return Interval(self.lo - ohi, self.hi - olo)

    def __rsub__(self, other: Real) -> Interval:
        olo, ohi = bounds(other)
        return Interval(olo - self.hi, ohi - self.lo)

    def __mul__(self, other: Real) -> Interval:
        olo, ohi = bounds(other)
        products = (self.lo * olo, self.lo * ohi, self.hi * olo, self.hi * ohi)
        return Interval(min(products), max(products))

    __rmul__ = __mul__

    def __truediv__(self, other: Real) -> Interval:
        return self * reciprocal(other)

    def __rtruediv__(self, other: Real) -> Real:
        return other * reciprocal(self)


class Root(Interval):
    """``sqrt(radicand)`` for a rational radicand that is not a perfect square."""

    # scaled, scale: the integers s and 2**bits of lo = s / 2**bits and hi = (s + 1) /
    # 2**bits, so that integer paths need not read lo and hi back from their Fractions
    __slots__ = ("radicand", "scale", "scaled")

    def __init__(self, radicand: Fraction, bits: int) -> None:
        # floor(radicand * 4**bits), without building that Fraction
        s = isqrt((radicand.numerator << 2 * bits) // radicand.denominator)
        # s <= sqrt(scaled) < s + 1, so the root lies in [s, s+1] / 2**bits.  Set as
        # Interval.__init__ would: both are Fractions, so its float check has nothing to do.
        scale = 1 << bits
        self.lo = Fraction(s, scale)
        self.hi = Fraction(s + 1, scale)
        self.radicand = radicand
        self.scaled = s
        self.scale = scale


Real = Fraction | Interval


def bounds(x: Real) -> tuple[Fraction, Fraction]:
    if isinstance(x, Interval):
        return x.lo, x.hi
    return x, x


def tighten(lo: Fraction, hi: Fraction) -> Real:
    return lo if lo == hi else Interval(lo, hi)


def reciprocal(x: Real) -> Real:
    if isinstance(x, Interval):
        if x.lo <= 0 <= x.hi:
            raise Indeterminate("a divisor cannot be told apart from zero")
        return Interval(1 / x.hi, 1 / x.lo)
    if x == 0:
        raise ClaimEvalError("division by zero")
    return Fraction(1) / x  # never `1 / x`: for an int x that would be a float


def check_size(x: Real) -> Real:
    """:func:`check_size_general`.  A Fraction whose terms both have at most _CHEAP_BITS
    bits is neither refused (_CHEAP_BITS < MAX_RESULT_BITS) nor charged there: it is
    returned at once, its terms read from the slots (``bit_length`` ignores the sign, as
    :func:`_bits` does), without _bits' call and the two properties (~3.5k instructions)."""
    if x.__class__ is Fraction:
        n, d = x._numerator, x._denominator  # type: ignore[union-attr]
        if n.bit_length() <= _CHEAP_BITS and d.bit_length() <= _CHEAP_BITS:
            return x
    return check_size_general(x)


def check_size_general(x: Real) -> Real:
    """Reject values whose numerator or denominator outgrows the bound; charge large ones.

    An exact value over the bound is an error; an enclosure's bounds over it are
    :class:`PrecisionExhausted` (undecided), as they only grow with the precision."""
    if isinstance(x, Fraction):
        bits = _bits(x)
        if bits > limits.MAX_RESULT_BITS:
            raise ClaimEvalError(
                f"intermediate value needs more than {limits.MAX_RESULT_BITS} bits; "
                "refusing to compute it"
            )
    elif isinstance(x, Interval):
        bits = max(_bits(x.lo), _bits(x.hi))
        if bits > limits.MAX_RESULT_BITS:
            raise PrecisionExhausted(
                f"the square-root bounds need more than {limits.MAX_RESULT_BITS} bits"
            )
    else:
        return x
    if bits > _CHEAP_BITS:
        _charge(bits)
    return x


def absolute(x: Real) -> Real:
    """:func:`absolute_general`; an exact ``x >= 0`` (its numerator's sign) is its own
    absolute value, the same Fraction rather than abs(x)'s equal copy."""
    if x.__class__ is Fraction and x._numerator >= 0:  # type: ignore[union-attr]
        return x
    return absolute_general(x)


def absolute_general(x: Real) -> Real:
    if isinstance(x, Root):
        return x
    if isinstance(x, Interval):
        if x.lo >= 0:
            return x
        if x.hi <= 0:
            return -x
        return Interval(Fraction(0), max(-x.lo, x.hi))
    return abs(x)


def square_root(x: Real, bits: int) -> Real:
    """:func:`square_root_general`; for an exact ``x >= 0`` the same steps without the
    comparisons of Fractions with 0 (the sign is the numerator's)."""
    if x.__class__ is Fraction:
        n, d = x._numerator, x._denominator  # type: ignore[union-attr]  # (see _RAW_FRACTION)
        if n >= 0:
            rn, rd = isqrt(n), isqrt(d)
            if rn * rn == n and rd * rd == d:
                return Fraction(rn, rd)
            return Root(x, bits)  # type: ignore[arg-type]
    return square_root_general(x, bits)


def square_root_general(x: Real, bits: int) -> Real:
    lo, hi = bounds(x)
    if hi < 0:
        raise ClaimEvalError(f"square root of a negative number ({float(hi):.6g})")
    if lo < 0:
        raise Indeterminate("a square root's argument cannot be told apart from zero")
    if isinstance(x, Interval):
        return Interval(Root(lo, bits).lo, Root(hi, bits).hi)
    n, d = isqrt(x.numerator), isqrt(x.denominator)
    if n * n == x.numerator and d * d == x.denominator:
        return Fraction(n, d)
    return Root(x, bits)


def power(x: Real, n: int) -> Real:
    if abs(n) > limits.MAX_POW_EXPONENT:
        raise ClaimEvalError(f"exponent {n} is beyond the limit of ±{limits.MAX_POW_EXPONENT}")
    if isinstance(x, Fraction):
        bits = _bits(x)
        if bits * abs(n) > limits.MAX_RESULT_BITS:
            raise ClaimEvalError(
                f"x ^ {n} would need about {bits * abs(n)} bits; "
                f"the limit is {limits.MAX_RESULT_BITS}"
            )
        if n < 0 and x == 0:
            raise ClaimEvalError("zero raised to a negative power (division by zero)")
        return check_size(x**n)
    if n < 0:
        return reciprocal(power(x, -n))
    bits = max(_bits(x.lo), _bits(x.hi))
    if bits * n > limits.MAX_RESULT_BITS:  # predicted, before computing it
        raise PrecisionExhausted(
            f"the square-root bounds raised to {n} would need about {bits * n} bits; "
            f"the limit is {limits.MAX_RESULT_BITS}"
        )
    a, b = x.lo**n, x.hi**n
    if n % 2 == 0 and x.lo < 0 < x.hi:
        return check_size(Interval(Fraction(0), max(a, b)))
    return check_size(Interval(min(a, b), max(a, b)))


def round_half_away(x: Fraction, digits: int) -> Fraction:
    scale = 10**digits
    num = x.numerator  # its sign is x's (not `x >= 0`: a Fraction comparison)
    n, d = (num if num >= 0 else -num) * scale, x.denominator
    r = (2 * n + d) // (2 * d)
    return Fraction(r if num >= 0 else -r, scale)


def rounded(x: Real, digits: int) -> Real:
    """:func:`rounded_general`; an exact ``x`` is rounded once (both ends are ``x``, and
    ``tighten`` of two equal values is the first)."""
    if x.__class__ is Fraction:
        return round_half_away(x, digits)  # type: ignore[arg-type]
    return rounded_general(x, digits)


def rounded_general(x: Real, digits: int) -> Real:
    lo, hi = bounds(x)
    # Rounding is monotone, so rounding both ends encloses the rounded value.
    return tighten(round_half_away(lo, digits), round_half_away(hi, digits))


# Fraction keeps its numerator and denominator in these two slots (CPython 3.7 to 3.13), and
# its public properties only read them: the integer paths read the slots, without a call
# each.  Were they to go, those paths use the properties (or the general code) instead.
_RAW_FRACTION = getattr(Fraction, "__slots__", None) == ("_numerator", "_denominator")
# --- three-valued comparisons ---------------------------------------------------------


def _sqrt_vs(v: Fraction, op: str, r: Fraction) -> bool:
    """Decide ``sqrt(v) op r`` exactly by squaring (v >= 0)."""
    if op == "<":
        return r > 0 and v < r * r
    if op == "<=":
        return r >= 0 and v <= r * r
    if op == ">":
        return r < 0 or v > r * r
    if op == ">=":
        return r <= 0 or v >= r * r
    if op == "==":
        return r >= 0 and v == r * r
    return not (r >= 0 and v == r * r)


def _signed_root(x: Real) -> tuple[int, Fraction] | None:
    """``(s, v)`` with ``x = s * sqrt(v)``, ``s`` = 1 or -1 and ``v >= 0`` exact, when x is a
    :class:`Root` or exact (``x = sign(x) * sqrt(x * x)``); None for any other enclosure."""
    if isinstance(x, Root):
        return 1, x.radicand
    if x.__class__ is Fraction:
        return (1 if x >= 0 else -1), x * x
    return None


_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}

# On two exact values the rules below reduce to the comparison itself.
_EXACT_COMPARE = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}


def _compare_roots(op: str, a: tuple[int, Fraction], b: tuple[int, Fraction]) -> bool:
    """``s * sqrt(v) op t * sqrt(w)`` exactly, for ``a = (s, v)`` and ``b = (t, w)``.

    Proof: a non-negative side (s = 1) is greater than a negative one (t = -1), so on
    different signs ``s op t`` decides.  sqrt is strictly increasing on ``[0, inf)``, so
    ``sqrt(v) op sqrt(w)`` iff ``v op w`` for every operator; for two negative sides,
    ``-sqrt(v) op -sqrt(w)`` iff ``sqrt(w) op sqrt(v)`` iff ``w op v``."""
    (s, v), (t, w) = a, b
    if s != t:
        return _EXACT_COMPARE[op](s, t)
    return _EXACT_COMPARE[op](v, w) if s == 1 else _EXACT_COMPARE[op](w, v)


def compare(op: str, a: Real, b: Real) -> bool | None:
    """``a op b`` on reals: True, False, or None when the enclosures overlap.

    Exact when each side is exact or a single :class:`Root` (see :func:`_compare_roots`).
    """
    if a.__class__ is Fraction and b.__class__ is Fraction:  # fast path: both exact
        # _EXACT_COMPARE[op](a, b) on integers: denominators are positive, so cross
        # multiplying keeps the order (Fraction's own comparison first runs an ABC check).
        if _RAW_FRACTION:
            return _EXACT_COMPARE[op](a._numerator * b._denominator, b._numerator * a._denominator)
        return _EXACT_COMPARE[op](a.numerator * b.denominator, b.numerator * a.denominator)
    sa, sb = _signed_square(a), _signed_square(b)
    if sa is not None and sb is not None:
        # _compare_roots(op, _signed_root(a), _signed_root(b)) on integers: the signs are
        # the same, and ``v op w`` for v = vn/vd, w = wn/wd is ``vn*wd op wn*vd`` (vd, wd > 0).
        (s, vn, vd), (t, wn, wd) = sa, sb
        if s != t:
            return _EXACT_COMPARE[op](s, t)
        v, w = vn * wd, wn * vd
        return _EXACT_COMPARE[op](v, w) if s == 1 else _EXACT_COMPARE[op](w, v)
    return _compare_bounds(op, a, b)  # what compare_general does when one is neither


def compare_general(op: str, a: Real, b: Real) -> bool | None:
    """:func:`compare`, the definition."""
    if a.__class__ is Fraction and b.__class__ is Fraction:
        return _EXACT_COMPARE[op](a, b)
    ra, rb = _signed_root(a), _signed_root(b)
    if ra is not None and rb is not None:
        return _compare_roots(op, ra, rb)
    return _compare_bounds(op, a, b)


def _compare_bounds(op: str, a: Real, b: Real) -> bool | None:
    """:func:`compare_general` on enclosures that are not both exact or a Root."""
    alo, ahi = bounds(a)
    blo, bhi = bounds(b)
    if op in ("<", ">="):
        result = True if ahi < blo else False if alo >= bhi else None
        return result if op == "<" or result is None else not result
    if op in ("<=", ">"):
        result = True if ahi <= blo else False if alo > bhi else None
        return result if op == "<=" or result is None else not result
    if alo == ahi == blo == bhi:
        equal: bool | None = True
    elif ahi < blo or bhi < alo:
        equal = False
    else:
        equal = True if (alo == ahi and blo == bhi and alo == blo) else None
    if equal is None:
        return None
    return equal if op == "==" else not equal


def exact_margin_general(x: Fraction, target: Fraction, tol: Fraction) -> Fraction:
    """``tol - |x - target|`` for exact values, built as one Fraction over the product of
    the three denominators (normalised once: the same Fraction as the three operations)."""
    xn, xd = x.numerator, x.denominator
    tn, td = target.numerator, target.denominator
    on, od = tol.numerator, tol.denominator
    return Fraction(on * xd * td - od * abs(xn * td - tn * xd), od * xd * td)


def exact_margin(x: Fraction, target: Fraction, tol: Fraction) -> Fraction:
    """:func:`exact_margin_general`, reading the Fractions' slots (see _RAW_FRACTION)."""
    xn, xd = x._numerator, x._denominator
    tn, td = target._numerator, target._denominator
    on, od = tol._numerator, tol._denominator
    d = xn * td - tn * xd
    return Fraction(on * xd * td - od * (d if d >= 0 else -d), od * xd * td)


if not _RAW_FRACTION:
    exact_margin = exact_margin_general
    check_size = check_size_general
    absolute = absolute_general
    square_root = square_root_general
if _CHEAP_BITS >= limits.MAX_RESULT_BITS:  # what check_size's early return rests on
    raise AssertionError("_CHEAP_BITS must be below MAX_RESULT_BITS")


def _squared_tolerance(tol: Real) -> Fraction | None:
    """``c >= 0`` with ``tol = sqrt(c)`` when tol is exact and non-negative or a Root."""
    if isinstance(tol, Root):
        return tol.radicand
    if tol.__class__ is Fraction and tol >= 0:
        return tol * tol
    return None


def within(x: Real, target: Real, tol: Real, op: str = "<=") -> bool | None:
    """``|x - target| op tol`` (``<=`` by default); exact when each of the three is exact
    or a single Root.

    Write ``x = s * sqrt(p)`` and ``target = t * sqrt(q)`` (:func:`_signed_root`) and
    ``tol = sqrt(c)`` (:func:`_squared_tolerance`; a negative exact tol is never reached).
    Proof: both sides of ``|x - target| op sqrt(c)`` are non-negative and squaring is
    strictly increasing on ``[0, inf)``, so it holds iff ``(x - target)^2 op c``.
    Expanding, ``(x - target)^2 = p + q - 2*s*t*sqrt(p*q)``, so it holds iff
    ``p + q - c op 2*s*t*sqrt(p*q)``, and ``2*sqrt(p*q) = sqrt(4*p*q)``:

    - ``s == t``: iff ``sqrt(4*p*q) flip(op) p + q - c`` (``<=`` becomes ``>=``);
    - ``s != t``: ``p + q - c op -sqrt(4*p*q)``, iff ``sqrt(4*p*q) op c - p - q``;

    each one comparison of a square root with an exact value, decided by squaring
    (:func:`_sqrt_vs`).  Lean: ``Q.sqrtWithinAbsSqrt`` and ``Q.sqrtWithinRelSqrt``.
    """
    rx, rt = _signed_root(x), _signed_root(target)
    c = _squared_tolerance(tol)
    if rx is not None and rt is not None and c is not None:
        (s, p), (t, q) = rx, rt
        four_pq = 4 * p * q
        if s == t:
            return _sqrt_vs(four_pq, _FLIP[op], p + q - c)
        return _sqrt_vs(four_pq, op, c - p - q)
    return compare(op, absolute(x - target), tol)


def _signed_square(x: Real) -> tuple[int, int, int] | None:
    """``(s, n, d)`` with ``_signed_root(x) == (s, Fraction(n, d))``, d > 0 (n/d need not
    be in lowest terms), without making the Fraction."""
    if x.__class__ is Fraction:
        if _RAW_FRACTION:
            n, d = x._numerator, x._denominator  # type: ignore[union-attr]
        else:
            n, d = x.numerator, x.denominator  # type: ignore[union-attr]
        return (1 if n >= 0 else -1), n * n, d * d
    if isinstance(x, Root):
        v = x.radicand
        return 1, v.numerator, v.denominator
    return None


def within_and_tight(x: Real, target: Real, tol: Real) -> tuple[bool | None, bool | None]:
    """:func:`within_and_tight_general` with the exact case on integers: ``p``, ``q``,
    ``c`` over the common denominator ``D = pd*qd*cd`` (``P = p*D`` and so on), where
    ``r`` has the sign of ``R = r*D`` and ``4pq`` vs ``r*r`` is ``4PQ`` vs ``R*R`` (both
    sides times ``D*D > 0``).  No value is checked or charged on either path."""
    rx, rt = _signed_square(x), _signed_square(target)
    if rx is None or rt is None:
        return within_and_tight_general(x, target, tol)
    if isinstance(tol, Root):
        v = tol.radicand
        cn, cd = v.numerator, v.denominator
    elif tol.__class__ is Fraction and tol.numerator >= 0:
        n, d = tol.numerator, tol.denominator
        cn, cd = n * n, d * d
    else:
        return within_and_tight_general(x, target, tol)
    (s, pn, pd), (t, qn, qd) = rx, rt
    big_p, big_q, big_c = pn * qd * cd, qn * pd * cd, cn * pd * qd
    four_pq = 4 * big_p * big_q
    if s == t:
        r = big_p + big_q - big_c
        if r <= 0:
            return True, r == 0 and four_pq == 0
        square = r * r
        return four_pq >= square, four_pq == square
    r = big_c - big_p - big_q
    if r < 0:
        return False, False
    square = r * r
    return four_pq <= square, four_pq == square


def within_and_tight_general(x: Real, target: Real, tol: Real) -> tuple[bool | None, bool | None]:
    """``(within(x, target, tol), within(x, target, tol, "=="))``: whether ``|x - target|``
    is within ``tol``, and whether it is exactly ``tol`` (the margin is then 0).

    A report needs both; in the exact case of :func:`within` they share its expansion (the
    same ``p``, ``q``, ``c`` and the one square ``r * r``), each then decided as there:

    - ``s == t``: ``<=`` is ``r <= 0 or 4pq >= r*r``, ``==`` is ``r >= 0 and 4pq == r*r``
      with ``r = p + q - c`` (for ``r <= 0`` the latter is ``r == 0 and 4pq == 0``);
    - ``s != t``: ``<=`` is ``r >= 0 and 4pq <= r*r``, ``==`` is ``r >= 0 and 4pq == r*r``
      with ``r = c - p - q``.
    """
    rx, rt = _signed_root(x), _signed_root(target)
    c = _squared_tolerance(tol)
    if rx is not None and rt is not None and c is not None:
        (s, p), (t, q) = rx, rt
        four_pq = 4 * p * q
        if s == t:
            r = p + q - c
            if r <= 0:
                return True, r == 0 and four_pq == 0
            square = r * r
            return four_pq >= square, four_pq == square
        r = c - p - q
        if r < 0:
            return False, False
        square = r * r
        return four_pq <= square, four_pq == square
    return within(x, target, tol), within(x, target, tol, "==")


def relative_tolerance(r: Fraction, target: Real, bits: int) -> Real:
    """``r * |target|``.  For ``target = sqrt(v)`` (a Root) and ``r >= 0`` this is the
    square root ``sqrt(r*r*v)``, so that :func:`within` still decides it exactly.

    For an exact target, ``r * |target|`` as one Fraction (normalised: the same value)."""
    if target.__class__ is Fraction and r.__class__ is Fraction:
        n = target.numerator  # type: ignore[union-attr]
        return Fraction(r.numerator * (n if n >= 0 else -n), r.denominator * target.denominator)  # type: ignore[union-attr]
    return relative_tolerance_general(r, target, bits)


def relative_tolerance_general(r: Fraction, target: Real, bits: int) -> Real:
    """:func:`relative_tolerance`, the definition."""
    if isinstance(target, Root) and r >= 0:
        return square_root(r * r * target.radicand, bits)
    return r * absolute(target)
