"""A list of exact rationals kept as integers over one common denominator.

The aggregates (sum, mean, variance, median, ...) of exact values are computed on the
integers ``a_i`` of ``x_i = a_i / D`` and one Fraction is built at the end: the same
values as the Fraction loops in :mod:`leanbridge.semantics.functions`, without a gcd per
addition.  ``D`` is any common denominator, not necessarily the least: every result is a
normalised Fraction, so it does not depend on the choice of ``D``.

The list is immutable, so what is derived from it (the sums, the sorted order) is computed
on first use and kept.  The evaluator keeps one ExactList per named list value, so a list
used by many claims is converted, summed and sorted once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction
from math import lcm

from leanbridge import limits
from leanbridge.semantics.numbers import Decimal


class ExactList(Sequence[Fraction]):
    """``x_i = numerators[i] / denominator``; a read-only sequence of its Fractions."""

    __slots__ = (
        "_fractions",
        "_mean",
        "_moments",
        "_sorted",
        "_sum",
        "denominator",
        "numerators",
        "results",
    )

    def __init__(
        self,
        numerators: Sequence[int],
        denominator: int,
        fractions: tuple[Fraction, ...] | None = None,
    ) -> None:
        # ``fractions``, when given, must be the values numerators[i] / denominator.
        self.numerators = numerators
        self.denominator = denominator
        self._fractions = fractions
        self._sum: Fraction | None = None
        self._mean: Fraction | None = None
        self._moments: tuple[int, int] | None = None
        self._sorted: list[int] | None = None
        # The evaluator's memo of aggregates of this list: function name -> value (see
        # Evaluator._aggregate; the list is immutable, so a value once computed stays).
        self.results: dict[str, object] | None = None

    # --- construction ---------------------------------------------------------------------

    @classmethod
    def of_decimals(
        cls, numbers: Sequence[Decimal], fractions: tuple[Fraction, ...] | None = None
    ) -> ExactList:
        """Printed decimals ``m * 10**e`` over ``D = 10**k``, k the most decimal places:
        no gcd at all, and ``8.7`` and ``8.70`` become the same integer."""
        exponents = {d.exponent for d in numbers}
        if len(exponents) == 1:  # the usual list: one printed precision, <= 1 (k = -e)
            (e,) = exponents
            if e <= 0:  # each a_i is its mantissa (times 10**0), and D = 10**-e
                return cls([d.mantissa for d in numbers], 10**-e, fractions)
        return cls.of_decimals_general(numbers, fractions)

    @classmethod
    def of_decimals_general(
        cls, numbers: Sequence[Decimal], fractions: tuple[Fraction, ...] | None = None
    ) -> ExactList:
        """:meth:`of_decimals` for any exponents (the definition)."""
        low = min([0, *[d.exponent for d in numbers]])
        scale: dict[int, int] = {}  # exponent -> 10**(exponent - low), one power per exponent
        nums = []
        for d in numbers:
            f = scale.get(d.exponent)
            if f is None:
                f = scale[d.exponent] = 10 ** (d.exponent - low)
            nums.append(d.mantissa * f)
        return cls(nums, 10**-low, fractions)

    @classmethod
    def of_reals(cls, xs: Sequence[object]) -> ExactList | None:
        """Over the lcm of the denominators; None unless every item is a Fraction."""
        if isinstance(xs, ExactList):
            return xs
        for x in xs:
            if x.__class__ is not Fraction:
                return None
        fractions: list[Fraction] = xs  # type: ignore[assignment]
        d = lcm(*[x.denominator for x in fractions])
        return cls([x.numerator * (d // x.denominator) for x in fractions], d, tuple(fractions))

    @classmethod
    def concat(cls, parts: Sequence[Sequence[object]]) -> ExactList | None:
        """The parts one after another; None unless every item is a Fraction."""
        if len(parts) == 1:
            return cls.of_reals(parts[0])
        lists = []
        for part in parts:
            exact = cls.of_reals(part)
            if exact is None:
                return None
            lists.append(exact)
        d = lcm(*[e.denominator for e in lists])
        return cls([a * (d // e.denominator) for e in lists for a in e.numerators], d)

    # --- the sequence of Fractions --------------------------------------------------------

    @property
    def fractions(self) -> tuple[Fraction, ...]:
        if self._fractions is None:
            d = self.denominator
            self._fractions = tuple([Fraction(a, d) for a in self.numerators])
        return self._fractions

    def __len__(self) -> int:
        return len(self.numerators)

    def __getitem__(self, i):  # type: ignore[no-untyped-def]
        return self.fractions[i]

    def __iter__(self) -> Iterator[Fraction]:
        return iter(self.fractions)

    def __repr__(self) -> str:
        return f"ExactList({list(self.numerators)!r}, {self.denominator})"

    # --- what the aggregates need, each computed once -------------------------------------

    @property
    def sum(self) -> Fraction:
        if self._sum is None:
            self._sum = Fraction(sum(self.numerators), self.denominator)
        return self._sum

    @property
    def mean(self) -> Fraction:
        """``sum / n`` (for n > 0)."""
        if self._mean is None:  # sum / n, as one Fraction (normalised: the same value)
            s = self.sum
            self._mean = Fraction(s.numerator, s.denominator * len(self.numerators))
        return self._mean

    @property
    def sorted_numerators(self) -> list[int]:
        """The numerators in ascending order (the order of the values, as D > 0)."""
        if self._sorted is None:
            self._sorted = sorted(self.numerators)
        return self._sorted

    def moments(self) -> tuple[int, int, int, int] | None:
        """``(n, S1, S2, D)`` with ``S1 = sum a_i`` and ``S2 = sum a_i^2``, when every value
        met on the way (sum, mean, squared deviations, variance) is far inside the size
        bound, so that no size check could fail; None otherwise."""
        if self._moments is None:
            nums = self.numerators
            self._moments = (sum(nums), sum([a * a for a in nums]))
        s1, s2 = self._moments
        n, d = len(self.numerators), self.denominator
        # Every numerator is at most n*S2 and every denominator at most n^2 D^2.
        if s2.bit_length() + 2 * n.bit_length() + 2 * d.bit_length() + 2 > limits.MAX_RESULT_BITS:
            return None
        return n, s1, s2, d
