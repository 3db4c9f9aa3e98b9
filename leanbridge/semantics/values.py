"""Named inputs of a claim file, as the checker sees them."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from leanbridge.errors import Pos
from leanbridge.semantics.numbers import Decimal


@dataclass(frozen=True, slots=True)
class NamedValue:
    """A value from ``values:``: one number or a list, kept as printed.

    ``origin`` is ``"paper"`` for numbers typed into the claim file and ``"data"`` for
    numbers read from a pinned data file (what makes a claim a reproduction).
    """

    name: str
    numbers: tuple[Decimal, ...]
    is_list: bool
    source: str | None
    origin: str = "paper"
    pos: Pos | None = None

    @property
    def scalar(self) -> Decimal:
        assert not self.is_list
        return self.numbers[0]

    def fractions(self) -> tuple[Fraction, ...]:
        return tuple(d.value for d in self.numbers)
