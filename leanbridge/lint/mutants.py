"""The linter's perturbed lists in the evaluator's exact form, without their printed text.

:func:`leanbridge.lint.analysis.generic_mutants` and ``targeted_mutants`` make each
perturbed list as printed decimals (a :class:`Decimal` with its text per item), which the
evaluator then converts to integers over a power of ten (:class:`ExactList`).  The
perturbed evaluations read only those integers, so here each mutant of a list is made
directly as the ExactList that ``ExactList.of_decimals(mutant.numbers)`` would give (the
same integers over the same denominator), item by item as ``to_decimal`` prints it, in
integers.  Whether it differs from the value (``mutant != value``, which also compares the
printed text) is decided on the integers and the value's own texts.

Scalars are not handled here: their mutants are one number each, made as printed.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from leanbridge.lint.analysis import SCALES, SHIFTS, _decimal_text, skewed_items
from leanbridge.semantics.evaluate import _exact_of
from leanbridge.semantics.exact_list import ExactList
from leanbridge.semantics.value_memo import LazySequenceMemo, ValueMemo, also_forget
from leanbridge.semantics.values import NamedValue

Pair = tuple[int, int]  # (mantissa, exponent): a printed decimal without its text


def to_pair(p: int, q: int, exponent: int) -> Pair:
    """``to_decimal(Fraction(p, q), exponent)`` as (mantissa, exponent), ``q > 0``.

    As :func:`leanbridge.lint.analysis.to_decimal`: its quotient and the remainder's share
    of the divisor do not depend on whether p/q is in lowest terms, so neither does this.
    """
    for e in range(exponent, exponent - 7, -1):
        num, den = (p * 10**-e, q) if e <= 0 else (p, q * 10**e)
        mantissa, rem = divmod(num, den)
        if rem == 0 or e == exponent - 6:
            if 2 * rem > den or (2 * rem == den and mantissa & 1):
                mantissa += 1
            return mantissa, e
    raise AssertionError("unreachable")


def _of_pairs(pairs: list[Pair]) -> ExactList:
    """``ExactList.of_decimals`` of decimals with these (mantissa, exponent)."""
    low = min([0, *[e for _, e in pairs]])
    return ExactList([m * 10 ** (e - low) for m, e in pairs], 10**-low)


class _Base:
    """What every mutant of one list is made from."""

    __slots__ = ("_non_canonical", "exact", "pairs", "top", "value")

    def __init__(self, value: NamedValue) -> None:
        self.value = value
        self.exact = _exact_of(value)  # the evaluator's own ExactList of the value
        self.pairs = [(d.mantissa, d.exponent) for d in value.numbers]
        self.top = max(e for _, e in self.pairs)
        self._non_canonical: bool | None = None

    def differs(self, mutant: ExactList, pairs: list[Pair] | None) -> bool:
        """``mutant != value`` for the NamedValue mutant (printed canonically) behind it."""
        # pairs None: the same exponent item by item, so the same denominator
        same = mutant.numerators == self.exact.numerators if pairs is None else pairs == self.pairs
        if not same:
            return True
        # the same numbers: it still differs where the value's text is not canonical
        if self._non_canonical is None:
            self._non_canonical = any(
                d.text != _decimal_text(d.mantissa, d.exponent) for d in self.value.numbers
            )
        return self._non_canonical

    def affine(self, a: Fraction, b: Fraction) -> tuple[ExactList, bool]:
        """Every item q replaced by ``a * q + b`` as ``_affine`` prints it; and whether
        that differs from the value."""
        an, ad = a.numerator, a.denominator
        bn, bd = b.numerator, b.denominator
        # b * 10**-top an integer (b in lowest terms: bd divides 10**-top), in integers
        if ad == 1 and self.top <= 0 and (bd == 1 or 10**-self.top % bd == 0):
            # _affine's integer path for every item: mantissa a*m + b*10**-e at the same
            # exponent, i.e. numerator a*x + b*D over the same denominator D (a multiple
            # of 10**-top, so of bd)
            d = self.exact.denominator
            shift = bn * (d // bd)
            if shift == 0:
                nums = [an * x for x in self.exact.numerators]
            elif an == 1:
                nums = [x + shift for x in self.exact.numerators]
            else:
                nums = [an * x + shift for x in self.exact.numerators]
            mutant = ExactList(nums, d)
            if len(_AFFINE) >= _AFFINE_KEPT:
                _AFFINE.clear()
            _AFFINE[id(mutant)] = (mutant, self.exact, an, shift)
            return mutant, self.differs(mutant, None)
        if b == 0 and self.top <= 0 and ad % 2 and ad % 5:
            # a = an/ad with ad prime to 10: a*m*10**e is exact at exponent e when ad
            # divides a*m, and then already there; else at no finer exponent either, so
            # to_decimal rounds it (half to even) 6 digits finer
            pairs = []
            for m, e in self.pairs:
                p = an * m
                mantissa, rem = divmod(p, ad)
                if rem == 0:
                    pairs.append((mantissa, e))
                    continue
                mantissa, rem = divmod(p * 1_000_000, ad)
                if 2 * rem > ad or (2 * rem == ad and mantissa & 1):
                    mantissa += 1
                pairs.append((mantissa, e - 6))
            mutant = _of_pairs(pairs)
            return mutant, self.differs(mutant, pairs)
        pairs = []
        for m, e in self.pairs:
            # a * m * 10**e + b over one denominator
            if e >= 0:
                p, q = an * m * 10**e * bd + bn * ad, ad * bd
            else:
                p, q = an * m * bd + bn * ad * 10**-e, ad * bd * 10**-e
            pairs.append(to_pair(p, q, e))
        mutant = _of_pairs(pairs)
        return mutant, self.differs(mutant, pairs)

    def item_plus_17(self, index: int) -> tuple[ExactList, bool]:
        """The item at ``index`` (0 or -1) plus 17, printed as ``_affine`` prints it (its
        value changes, so the mutant differs)."""
        m, e = self.pairs[index]
        if e <= 0:  # mantissa m + 17 * 10**-e at the same exponent: numerator x + 17 * D
            nums = list(self.exact.numerators)
            nums[index] += 17 * self.exact.denominator
            return ExactList(nums, self.exact.denominator), True
        pairs = list(self.pairs)
        pairs[index] = to_pair(m * 10**e + 17, 1, e)
        return _of_pairs(pairs), True

    def skewed(self, sign: int) -> tuple[ExactList, bool]:
        """``generic_mutants``' skewed list: every item ``sign * SKEW`` but the first, which
        makes the mean ``-sign * SKEW``; each printed at its item's exponent, as ``_affine``
        prints the constant ``a = 0``; and whether that differs from the value."""
        head, rest = (int(q) for q in skewed_items(len(self.pairs), sign))
        if self.top <= 0:
            # _affine's integer path with a = 0: numerators b * D over the value's own
            # denominator D, item by item at the same exponent
            d = self.exact.denominator
            nums = [rest * d] * len(self.pairs)
            nums[0] = head * d
            mutant = ExactList(nums, d)
            return mutant, self.differs(mutant, None)
        pairs = [to_pair(rest, 1, e) for _, e in self.pairs]
        pairs[0] = to_pair(head, 1, self.pairs[0][1])
        mutant = _of_pairs(pairs)
        return mutant, self.differs(mutant, pairs)


_ONE, _ZERO = Fraction(1), Fraction(0)

# id of a mutant made on the integer path -> (the mutant, the ExactList it is made of, k, s):
# its numerators are k * a + s for the numerators a, over the same denominator.  Entries
# keep their mutant, so an id is not reused while kept; forgotten with the memos.
_AFFINE: dict[int, tuple[ExactList, ExactList, int, int]] = {}
_AFFINE_KEPT = 8192
also_forget(_AFFINE.clear)


def affine_source(x: ExactList) -> tuple[ExactList, int, int] | None:
    """``(base, k, s)`` when ``x`` was made here as ``k * a + s`` item by item over the
    numerators a of ``base`` (the same denominator); else None."""
    hit = _AFFINE.get(id(x))
    if hit is None or hit[0] is not x:
        return None
    return hit[1], hit[2], hit[3]


def order_statistic(name: str, x: ExactList) -> Fraction | None:
    """``min``, ``max`` or ``median`` of a mutant made on the integer path, from its base's
    sorted numerators, as ``functions._monotone`` gives it (no sort of the mutant): the map
    a -> k * a + s keeps the order for k > 0, reverses it for k < 0 (the middle pair of an
    even list is the same pair), and is constant for k = 0.  None for another list."""
    src = affine_source(x)
    if src is None or not x.numerators:
        return None
    base, k, s = src
    ints, d = base.sorted_numerators, base.denominator
    if name == "median":
        mid = len(ints) // 2
        if len(ints) % 2:
            return Fraction(k * ints[mid] + s, d)
        return Fraction(k * (ints[mid - 1] + ints[mid]) + 2 * s, 2 * d)
    if (name == "max") == (k >= 0):
        return Fraction(k * ints[-1] + s, d)
    return Fraction(k * ints[0] + s, d)


def _generic(value: NamedValue) -> Iterator[tuple[ExactList, bool]]:
    base = _Base(value)
    yield base.affine(SCALES[0], _ZERO)
    if len(value.numbers) > 2:
        yield base.skewed(1)
        yield base.skewed(-1)
    for k in SCALES[1:]:
        yield base.affine(k, _ZERO)
    for s in SHIFTS:
        yield base.affine(_ONE, s)
    yield base.affine(_ZERO, _ZERO)
    if len(value.numbers) > 1:
        yield base.item_plus_17(0)
        yield base.item_plus_17(-1)


_MUTANTS: LazySequenceMemo[tuple[ExactList, bool]] = LazySequenceMemo(lambda v: _generic(v))


def exact_generic_mutants(value: NamedValue) -> Iterator[tuple[ExactList, bool]]:
    """``(ExactList of the mutant, mutant != value)`` for each of ``generic_mutants(value)``
    of a list, in order; made lazily and kept per value (as ``cached_generic_mutants``)."""
    return _MUTANTS.iterate(value)


def nth_generic_mutant(value: NamedValue, i: int) -> tuple[ExactList, bool] | None:
    """The item at ``i`` of ``exact_generic_mutants(value)`` (the same objects)."""
    return _MUTANTS.nth(value, i)


_BASES: ValueMemo[_Base] = ValueMemo()


def exact_targeted_mutants(
    value: NamedValue, targets: list[Fraction]
) -> Iterator[tuple[ExactList, bool]]:
    """As ``targeted_mutants`` of a list: every item set to (or just around) a target."""
    base = _BASES.get(value, lambda: _Base(value))
    for t in targets:
        for q in (t, t + abs(t) + 1, t - abs(t) - 1):
            yield base.affine(_ZERO, q)
