"""Exact values as text: a fraction and a decimal with enough digits."""

from __future__ import annotations

import decimal as _decimal
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from leanbridge.semantics.reals import Interval, Real, bounds

if TYPE_CHECKING:
    from leanbridge.semantics.evaluate import Outcome

DECIMAL_DIGITS = 15  # significant digits shown when a decimal does not terminate soon
FIXED_DIGITS = 40  # longer integer parts, or more leading zeros, are shown as 1.23e45

# CPython refuses str() of an int over 4,300 digits (a guard against quadratic conversion);
# values here may reach limits.MAX_RESULT_BITS (about 39,500 digits), which `decimal`
# converts exactly and quickly.  2**14000 has 4,215 digits.
_STR_SAFE_BITS = 14_000


def int_text(n: int) -> str:
    """The decimal digits of ``n``, however long (within the size bound)."""
    if n.bit_length() <= _STR_SAFE_BITS:
        return str(n)
    return str(_decimal.Decimal(n))


def fraction_text(q: Fraction) -> str:
    num, den = q.numerator, q.denominator
    if num.bit_length() <= _STR_SAFE_BITS and den.bit_length() <= _STR_SAFE_BITS:
        return str(num) if den == 1 else f"{num}/{den}"  # int_text of each, inline
    text = int_text(num)
    return text if den == 1 else f"{text}/{int_text(den)}"


def _terminating_digits(d: int) -> int | None:
    """Decimal places of n/d when it terminates (d = 2^a 5^b), else None.

    In bit operations and one power of five: denominators may have 100,000 bits, where
    dividing out one factor at a time is quadratic."""
    twos = (d & -d).bit_length() - 1
    d >>= twos
    # 5^b has floor(b log2 5) + 1 bits: b is this estimate or next to it
    guess = int((d.bit_length() - 1) / 2.321928094887362)
    fives = next((b for b in (guess, guess + 1, guess - 1) if b >= 0 and 5**b == d), None)
    return None if fives is None else max(twos, fives)


def _exponent(q: Fraction) -> int:
    """``e`` with ``10**e <= |q| < 10**(e+1)``, for ``q != 0``, in integers."""
    num, den = abs(q.numerator), q.denominator

    def at_least(k: int) -> bool:  # |q| >= 10**k
        return num * 10**-k >= den if k < 0 else num >= den * 10**k

    e = (num.bit_length() - den.bit_length()) * 30103 // 100000  # log10(2) ~ 0.30103
    while not at_least(e):
        e -= 1
    while at_least(e + 1):
        e += 1
    return e


def _scientific(q: Fraction, digits: int, e: int) -> str:
    """``~d.ddde±n`` with ``digits`` significant digits (no `~` when exact); ``e`` is
    :func:`_exponent` of ``q``."""
    shift = digits - 1 - e  # |q| * 10**shift has `digits` digits before the point
    scaled = abs(q) * Fraction(10) ** shift
    m = (2 * scaled.numerator + scaled.denominator) // (2 * scaled.denominator)
    if m >= 10**digits:  # rounding carried into a new digit
        m //= 10
        e += 1
    exact = Fraction(m) == scaled
    text = str(m).rstrip("0") if exact else str(m)
    mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
    return ("" if exact else "~") + ("-" if q < 0 else "") + f"{mantissa}e{e}"


_FIXED_BOUND = 10**FIXED_DIGITS


def decimal_text(q: Fraction, digits: int = DECIMAL_DIGITS) -> str:
    """Exact decimal when it terminates within 40 places; else rounded with a `~` mark.

    Beyond 40 digits before the point, or 40 zeros after it, the scientific form."""
    quick = _terminating_text(q)
    if quick is not None:
        return quick
    e = _exponent(q) if q != 0 else 0
    if not -FIXED_DIGITS <= e < FIXED_DIGITS:
        return _scientific(q, digits, e)
    places = _places(q.denominator)
    if places is not None and places <= 40:
        return _fixed(q, places)
    return "~" + _fixed(q, max(digits - 1 - e, 1))  # `digits` significant, at least 1 place


# denominator -> (decimal places, 10**places // denominator) for those that terminate
# within FIXED_DIGITS places, None for the others
_SCALES: dict[int, tuple[int, int] | None] = {}
# denominator -> _terminating_digits(denominator), for denominators of a few words
_PLACES: dict[int, int | None] = {}
_MEMO_ENTRIES = 4096  # printed numbers and their means have few distinct denominators
_MEMO_BITS = 256


def _places(den: int) -> int | None:
    """``_terminating_digits(den)``, remembered for small denominators."""
    places = _PLACES.get(den, -1)
    if places == -1:
        places = _terminating_digits(den)
        if len(_PLACES) < _MEMO_ENTRIES and den.bit_length() <= _MEMO_BITS:
            _PLACES[den] = places
    return places


def _terminating_text(q: Fraction) -> str | None:
    """:func:`decimal_text` of a ``q`` that terminates within 40 places and is shown in
    fixed notation (``10**-40 <= |q| < 10**40``), in integers; None for any other ``q``.
    Printed numbers and their sums, means and rounding bounds are nearly all of this kind.
    """
    num, den = q.numerator, q.denominator
    a = -num if num < 0 else num
    # Below 2**132 < 10**40 both bounds hold for any a >= 1: no product of 40-digit numbers.
    if (not a or a.bit_length() > 132 or den.bit_length() > 132) and (
        a >= _FIXED_BOUND * den or a * _FIXED_BOUND < den  # also q == 0 (decimal_text: "0")
    ):
        return None
    scale = _SCALES.get(den, ())
    if scale == ():
        places = _places(den)
        scale = None if places is None or places > FIXED_DIGITS else (places, 10**places // den)
        if len(_SCALES) < _MEMO_ENTRIES and den.bit_length() <= _MEMO_BITS:
            _SCALES[den] = scale
    if scale is None:
        return None
    places, factor = scale  # type: ignore[misc]
    sign = "-" if num < 0 else ""
    if places == 0:
        return sign + str(a)
    text = str(a * factor).rjust(places + 1, "0")
    frac = text[-places:].rstrip("0")
    return sign + text[:-places] + ("." + frac if frac else "")


def _fixed(q: Fraction, places: int) -> str:
    num, den = q.numerator, q.denominator
    # |q| * 10**places rounded half up, in integers
    n = (2 * abs(num) * 10**places + den) // (2 * den)
    sign = "-" if num < 0 and n else ""
    text = str(n).rjust(places + 1, "0")
    if places == 0:
        return sign + text
    whole, frac = text[:-places], text[-places:]
    if _places(den) is not None:
        frac = frac.rstrip("0")
    return sign + whole + ("." + frac if frac else "")


# The last values shown, by identity (each entry keeps its value alive, so an id is not
# reused while cached): a report shows each value of a claim twice, in JSON and in text.
_RECENT: dict[int, tuple[Real, str]] = {}


def real_text(x: Real) -> str:
    hit = _RECENT.get(id(x))
    if hit is not None and hit[0] is x:
        return hit[1]
    if isinstance(x, Interval):
        lo, hi = bounds(x)
        text = "~" + decimal_text((lo + hi) / 2).lstrip("~")
    else:
        text = decimal_text(x)
    if len(_RECENT) >= 64:
        _RECENT.clear()
    _RECENT[id(x)] = (x, text)
    return text


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
    return {"fraction": fraction_text(x), "decimal": real_text(x)}


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


def witness_text(witness: tuple[tuple[str, Fraction], ...]) -> str:
    """An assignment of the inputs (``inputs: rounded``) as ``a = 79.15, b = 70.05``."""
    return ", ".join(f"{label} = {real_text(x)}" for label, x in witness)


def witness_json(witness: tuple[tuple[str, Fraction], ...]) -> list[dict[str, Any]] | None:
    if not witness:
        return None
    return [{"input": label, "value": real_json(x)} for label, x in witness]
