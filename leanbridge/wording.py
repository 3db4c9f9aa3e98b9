"""Counts in user-facing text, so that every message agrees with its number."""

from __future__ import annotations


def plural(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the word that agrees with it: ``plural(1, "claim")`` is ``1 claim``,
    ``plural(2, "claim")`` is ``2 claims``, ``plural(1, "holds", "hold")`` is ``1 holds``.
    Zero takes the plural, as in English (``0 errors``)."""
    word = one if n == 1 else many if many is not None else one + "s"
    return f"{n} {word}"
