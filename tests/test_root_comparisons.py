"""Square roots on both sides of a comparison are decided exactly, never `undecided`.

The rules (reals.compare / reals.within) are checked against a high-precision brute force:
every value is computed to 120 significant digits with ``decimal``; the differences here
are either exactly zero or far larger than 1e-60, so a difference below that is a tie.
"""

from __future__ import annotations

import random
from decimal import Decimal, localcontext
from fractions import Fraction

import pytest
from envs import make_env

from leanbridge import limits
from leanbridge.semantics import reals
from leanbridge.semantics.evaluate import evaluate
from leanbridge.syntax import ast
from leanbridge.syntax.parser import parse_check

ENV = make_env({"xs": ["1", "2", "3", "4"], "ys": ["1", "2", "3"], "v": "2"})

OPS = sorted(ast.COMPARATORS)


def verdict(text: str) -> str:
    out = evaluate(parse_check(text), ENV)
    assert out.verdict != "error", out.message
    return out.verdict


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sqrt(2) < sqrt(3)", "holds"),
        ("sqrt(2) <= sqrt(3)", "holds"),
        ("sqrt(2) > sqrt(3)", "fails"),
        ("sqrt(2) >= sqrt(3)", "fails"),
        ("sqrt(2) == sqrt(3)", "fails"),
        ("sqrt(2) != sqrt(3)", "holds"),
        # equal radicands: the enclosures coincide and never separate
        ("sqrt(2) == sqrt(2)", "holds"),
        ("sqrt(v) == sqrt(2)", "holds"),
        ("sqrt(2) != sqrt(2.0)", "fails"),
        ("sqrt(2) <= sqrt(2)", "holds"),
        ("sqrt(2) < sqrt(2)", "fails"),
        ("sqrt(2) >= sqrt(4/2)", "holds"),
        ("sqrt(2) > sqrt(2)", "fails"),
        # radicands a hair apart, far below the finest enclosure
        ("sqrt(10^30) < sqrt(10^30 + 1)", "holds"),
        ("sqrt(2) == sqrt(2 + 10^-1300)", "fails"),
        # one side a perfect square (an exact value), the other a root
        ("sqrt(4) < sqrt(5)", "holds"),
        ("sqrt(9/4) == sqrt(2.25)", "holds"),
        # statistics: var(xs) = 5/3, pvar(xs) = 5/4, var(ys) = 1, pvar(ys) = 2/3
        ("sd(xs) == sqrt(5/3)", "holds"),
        ("sd(xs) == sqrt(1.6667)", "fails"),
        ("sqrt(5/3) == sd(xs)", "holds"),
        ("psd(xs) == sqrt(1.25)", "holds"),
        ("psd(ys) == sqrt(2/3)", "holds"),
        ("psd(ys) < sd(ys)", "holds"),
        ("sd(xs) > psd(xs)", "holds"),
        ("sd(1, 2, 3, 4) == sd(xs)", "holds"),
        # tolerances: sqrt(3) - sqrt(2) = 0.31783724..., 18.3503...% of sqrt(3)
        ("sqrt(2) == sqrt(3) ± 0.3179", "holds"),
        ("sqrt(2) == sqrt(3) ± 0.3178", "fails"),
        ("sqrt(3) == sqrt(2) ± 0.3179", "holds"),
        ("sqrt(2) == sqrt(3) ± 18.36%", "holds"),
        ("sqrt(2) == sqrt(3) ± 18.35%", "fails"),
        ("sqrt(2) == sqrt(2) ± 0", "holds"),
        ("sqrt(8) == sqrt(2) ± 50%", "fails"),  # 2*sqrt(2) - sqrt(2) = sqrt(2) > sqrt(2)/2
        ("sqrt(8) == sqrt(2) ± 100%", "holds"),  # a tie: sqrt(2) <= 1 * sqrt(2)
        ("sd(xs) == psd(xs) ± 0.173", "holds"),  # 1.290994 - 1.118034 = 0.172960
        ("sd(xs) == psd(xs) ± 0.1729", "fails"),
        # a root and an exact value, relative to the root
        ("1.5 == sqrt(2) ± 6.07%", "holds"),
        ("1.5 == sqrt(2) ± 6.06%", "fails"),
        ("-1 == sqrt(2) ± 242%", "holds"),  # 2.41421 <= 2.42 * 1.41421
        ("-1 == sqrt(2) ± 170%", "fails"),  # 2.41421 > 1.7 * 1.41421 = 2.40416
        ("sqrt(2) == -1 ± 2.4142", "fails"),
        ("sqrt(2) == -1 ± 2.4143", "holds"),
    ],
)
def test_square_roots_on_both_sides_are_decided_exactly(text: str, expected: str) -> None:
    assert verdict(text) == expected


# --- brute force ---------------------------------------------------------------------


def _decimal(x: Fraction) -> Decimal:
    return Decimal(x.numerator) / Decimal(x.denominator)


def _exact_value(x: reals.Real) -> Decimal:
    if isinstance(x, reals.Root):
        return _decimal(x.radicand).sqrt()
    assert isinstance(x, Fraction)
    return _decimal(x)


def _signed(rng: random.Random, bits: int) -> reals.Real:
    """A root or an exact value, sometimes negative, from a small rational radicand (small,
    so that equal values such as sqrt(2) and sqrt(8/4) come up)."""
    radicand = Fraction(rng.randint(0, 24), rng.randint(1, 4))
    x = reals.square_root(radicand, bits)
    return -x if isinstance(x, Fraction) and rng.random() < 0.25 else x


def _tolerance(rng: random.Random, bits: int) -> reals.Real:
    if rng.random() < 0.5:
        return Fraction(rng.randint(0, 40), rng.randint(1, 8))
    return reals.square_root(Fraction(rng.randint(0, 60), rng.randint(1, 6)), bits)


def _tie(rng: random.Random, bits: int) -> tuple[reals.Real, reals.Real, reals.Real]:
    """``m*sqrt(q)``, ``n*sqrt(q)`` and a tolerance of exactly ``|m - n|*sqrt(q)``."""
    q = Fraction(rng.randint(1, 12), rng.randint(1, 3))
    m, n = rng.randint(0, 5), rng.randint(0, 5)
    x, target = (reals.square_root(k * k * q, bits) for k in (m, n))
    return x, target, reals.square_root((m - n) ** 2 * q, bits)


TIE = Decimal("1e-60")


@pytest.mark.parametrize("seed", range(2))
def test_compare_agrees_with_a_high_precision_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    ties = 0
    with localcontext() as ctx:
        ctx.prec = 120
        for _ in range(1500):
            a, b = _signed(rng, limits.SQRT_START_BITS), _signed(rng, limits.SQRT_START_BITS)
            d = _exact_value(a) - _exact_value(b)
            sign = 0 if abs(d) < TIE else (1 if d > 0 else -1)
            ties += sign == 0
            expected = {
                "<": sign < 0,
                "<=": sign <= 0,
                ">": sign > 0,
                ">=": sign >= 0,
                "==": sign == 0,
                "!=": sign != 0,
            }
            for op in OPS:
                assert reals.compare(op, a, b) is expected[op], (a, op, b)
    assert ties > 10  # the ties, where enclosures alone never decide, were exercised


@pytest.mark.parametrize("seed", range(2))
def test_within_agrees_with_a_high_precision_brute_force(seed: int) -> None:
    rng = random.Random(100 + seed)
    ties = 0
    with localcontext() as ctx:
        ctx.prec = 120
        for _ in range(3000):
            bits = limits.SQRT_START_BITS
            if rng.random() < 0.1:
                x, target, tol = _tie(rng, bits)
            else:
                x, target, tol = _signed(rng, bits), _signed(rng, bits), _tolerance(rng, bits)
            slack = _exact_value(tol) - abs(_exact_value(x) - _exact_value(target))
            sign = 0 if abs(slack) < TIE else (1 if slack > 0 else -1)  # of tol - distance
            ties += sign == 0
            assert reals.within(x, target, tol) is (sign >= 0), (x, target, tol)
            assert reals.within(x, target, tol, "==") is (sign == 0), (x, target, tol)
            assert reals.within(x, target, tol, ">") is (sign < 0), (x, target, tol)
    assert ties > 10


@pytest.mark.parametrize(
    ("text", "margin"),
    [
        ("sqrt(8) == sqrt(2) ± 100%", Fraction(0)),  # a tie: exactly 0, not an enclosure
        ("sqrt(4) == sqrt(1) ± 1", Fraction(0)),
        ("sqrt(2) == sqrt(2) ± 0", Fraction(0)),
        # margins of about +4e-23 and -6e-23, inside a 64-bit enclosure (about 1e-19)
        ("sqrt(2) == sqrt(3) ± 0.3178372451957822447258", None),
        ("sqrt(2) == sqrt(3) ± 0.3178372451957822447257", None),
        ("sqrt(2) == sqrt(3) ± 0.3178", None),
    ],
)
def test_the_margin_agrees_with_the_exact_verdict(text: str, margin: Fraction | None) -> None:
    """Decided exactly at the lowest precision, the margin's enclosure may straddle 0: it
    is narrowed to the verdict's sign, and to exactly 0 on a tie."""
    out = evaluate(parse_check(text), ENV)
    assert out.verdict in ("holds", "fails")
    if margin is not None:
        assert out.margin == margin
    lo, hi = reals.bounds(out.margin)
    assert lo >= 0 if out.verdict == "holds" else hi <= 0


def test_relative_tolerance_around_a_root_is_the_root_of_the_scaled_radicand() -> None:
    bits = limits.SQRT_START_BITS
    root = reals.square_root(Fraction(3), bits)
    tol = reals.relative_tolerance(Fraction(1, 2), root, bits)
    assert isinstance(tol, reals.Root) and tol.radicand == Fraction(3, 4)
    assert reals.relative_tolerance(Fraction(0), root, bits) == 0
    assert reals.relative_tolerance(Fraction(1, 2), Fraction(-3), bits) == Fraction(3, 2)
