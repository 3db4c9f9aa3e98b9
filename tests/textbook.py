"""Test helper: the aggregates by their textbook definitions, on plain Fractions.

The oracle the evaluator's fast paths (integers over a common denominator, cached sums) are
compared with.
"""

from __future__ import annotations

from fractions import Fraction


def textbook(name: str, xs: list[Fraction]) -> Fraction:
    n = len(xs)
    mean = sum(xs, Fraction(0)) / n
    squares = sum(((x - mean) ** 2 for x in xs), Fraction(0))
    s = sorted(xs)
    return {
        "sum": sum(xs, Fraction(0)),
        "mean": mean,
        "min": s[0],
        "max": s[-1],
        "median": s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2,
        "pvar": squares / n,
        "var": squares / (n - 1) if n > 1 else Fraction(0),
        "len": Fraction(n),
    }[name]
