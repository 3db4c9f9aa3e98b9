"""Number literals kept exactly as printed.

A literal is ``mantissa * 10**exponent``: ``"8.70"`` is (870, -2) and ``"8.7"`` is (87, -1).
Both have the same value, but the place value of the last printed digit (the *unit*,
``10**exponent``) differs, and the unit sets the tolerance of ``~=``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from leanbridge import limits
from leanbridge.errors import LimitError
from leanbridge.frozen import slot_maker

NUMBER_RE = re.compile(r"([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?(%?)")


@dataclass(frozen=True, slots=True)
class Decimal:
    """An exact decimal ``mantissa * 10**exponent`` with its printed precision."""

    mantissa: int
    exponent: int
    text: str

    @property
    def value(self) -> Fraction:
        key = (self.mantissa, self.exponent)
        value = _VALUES.get(key)
        if value is None:
            value = exact_value(*key)
            if len(_VALUES) >= _VALUES_CACHED:
                _VALUES.clear()
            _VALUES[key] = value
        return value

    @property
    def unit(self) -> Fraction:
        """Place value of the last printed digit: ``70.1`` -> 1/10, ``5%`` -> 1/100."""
        e = self.exponent
        return Fraction(10**e) if e >= 0 else Fraction(1, 10**-e)

    @property
    def half_unit(self) -> Fraction:
        """``unit / 2``, the tolerance of ``~=``, made once per exponent."""
        half = _HALF_UNITS.get(self.exponent)
        if half is None:
            half = half_unit_of(self.exponent)
            if len(_HALF_UNITS) >= _VALUES_CACHED:
                _HALF_UNITS.clear()
            _HALF_UNITS[self.exponent] = half
        return half

    @property
    def is_integer_literal(self) -> bool:
        return self.exponent == 0 and "." not in self.text and "e" not in self.text.lower()


# Decimal(mantissa, exponent, text) for the literals and list items read per claim
make_decimal = slot_maker(Decimal)


def exact_value(mantissa: int, exponent: int) -> Fraction:
    """``mantissa * 10**exponent`` as a Fraction (what :attr:`Decimal.value` remembers)."""
    if exponent >= 0:
        return Fraction(mantissa * 10**exponent)
    return Fraction(mantissa, 10**-exponent)


def half_unit_of(exponent: int) -> Fraction:
    """``10**exponent / 2`` as one Fraction (what :attr:`Decimal.half_unit` remembers)."""
    e = exponent
    return Fraction(10**e, 2) if e >= 0 else Fraction(1, 2 * 10**-e)


# exponent -> half_unit_of(exponent): every `~=` needs one, and a paper prints few
# precisions (a Fraction is immutable, so one can be shared).
_HALF_UNITS: dict[int, Fraction] = {}

# (mantissa, exponent) -> value: a literal's Fraction is made once, not at each evaluation
# (a Fraction is immutable, so one can be shared; keyed by value, never by object, so a
# Decimal made by `replace` gets its own).
_VALUES: dict[tuple[int, int], Fraction] = {}
_VALUES_CACHED = 4096


def parse_decimal(text: str) -> Decimal | None:
    """Parse ``12``, ``-8.70``, ``1.5e-3`` or ``5%``; None if ``text`` is not a number.

    Raises :class:`LimitError` for literals beyond the digit and exponent bounds.
    """
    # The usual literal, `12` or `-8.70` within the digit bound, without the regex: what
    # :func:`parse_decimal_general` gives (`\d` is str.isdecimal, the Unicode digits).
    stripped = text.strip()
    body = stripped[1:] if stripped[:1] == "-" else stripped
    whole, dot, frac = body.partition(".")
    if (
        whole.isdecimal()
        and (frac.isdecimal() or not dot)
        and len(whole) + len(frac) <= limits.MAX_NUMBER_DIGITS
    ):
        mantissa = int(whole + frac)
        return make_decimal(-mantissa if body is not stripped else mantissa, -len(frac), stripped)
    return parse_decimal_general(text)


def parse_decimal_general(text: str) -> Decimal | None:
    """:func:`parse_decimal` for every form (the definition)."""
    m = NUMBER_RE.fullmatch(text.strip())
    if m is None:
        return None
    sign, whole, frac, exp, percent = m.groups()
    frac = frac or ""
    digits = len(whole) + len(frac)
    if digits > limits.MAX_NUMBER_DIGITS:
        raise LimitError(f"number has {digits} digits; the limit is {limits.MAX_NUMBER_DIGITS}")
    e = int(exp) if exp else 0
    if abs(e) > limits.MAX_SCI_EXPONENT:
        raise LimitError(f"exponent {e} is beyond the limit of ±{limits.MAX_SCI_EXPONENT}")
    mantissa = int(whole + frac)
    if sign == "-":
        mantissa = -mantissa
    exponent = e - len(frac) - (2 if percent else 0)
    return Decimal(mantissa, exponent, text.strip())
