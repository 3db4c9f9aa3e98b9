"""Exact values as text: a fraction and a decimal with enough digits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from leanbridge.semantics.reals import Interval, Real, bounds

if TYPE_CHECKING:
    from leanbridge.semantics.evaluate import Outcome

DECIMAL_DIGITS = 15  # significant digits shown when a decimal does not terminate soon


def fraction_text(q: Fraction) -> str:
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def _terminating_digits(d: int) -> int | None:
    """Decimal places of n/d when it terminates (d = 2^a 5^b), else None."""
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    return max(twos, fives) if d == 1 else None


def decimal_text(q: Fraction, digits: int = DECIMAL_DIGITS) -> str:
    """Exact decimal when it terminates within 40 places; else rounded with a `~` mark."""
    places = _terminating_digits(q.denominator)
    if places is not None and places <= 40:
        return _fixed(q, places)
    magnitude = len(str(abs(q.numerator) // q.denominator)) if abs(q) >= 1 else 0
    if magnitude == 0 and q != 0:  # count leading zeros after the point
        x, zeros = abs(q), 0
        while x < Fraction(1, 10):
            x *= 10
            zeros += 1
        places = zeros + digits
    else:
        places = max(digits - magnitude, 1)
    return "~" + _fixed(q, places)


def _fixed(q: Fraction, places: int) -> str:
    scaled = abs(q) * 10**places
    n = (2 * scaled.numerator + scaled.denominator) // (2 * scaled.denominator)
    sign = "-" if q < 0 and n else ""
    text = str(n).rjust(places + 1, "0")
    if places == 0:
        return sign + text
    whole, frac = text[:-places], text[-places:]
    if _terminating_digits(q.denominator) is not None:
        frac = frac.rstrip("0")
    return sign + whole + ("." + frac if frac else "")


def real_text(x: Real) -> str:
    if isinstance(x, Interval):
        lo, hi = bounds(x)
        return "~" + decimal_text((lo + hi) / 2).lstrip("~")
    return decimal_text(x)


def real_json(x: Real | None) -> dict[str, str] | None:
    if x is None:
        return None
    if isinstance(x, Interval):
        lo, hi = bounds(x)
        return {
            "decimal": real_text(x),
            "lower": fraction_text(lo),
            "upper": fraction_text(hi),
            "exact": "irrational: certified bounds",
        }
    return {"fraction": fraction_text(x), "decimal": decimal_text(x)}


@dataclass(frozen=True, slots=True)
class SidesText:
    """The two sides of a top-level comparison (and tolerance, margin) as text."""

    lhs: str
    rhs: str
    tolerance: str | None
    margin: str | None


def sides_text(o: Outcome, show: Callable[[Real], str] = real_text) -> SidesText | None:
    if o.lhs is None or o.rhs is None:
        return None
    return SidesText(
        show(o.lhs),
        show(o.rhs),
        decimal_text(o.tolerance) if o.tolerance is not None else None,
        real_text(o.margin) if o.margin is not None else None,
    )
