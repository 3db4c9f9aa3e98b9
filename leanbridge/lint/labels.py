"""Evidence labels: what kind of evidence a claim is, and what it does NOT establish.

The label is computed from where the claim's inputs come from, never taken on trust:

* no named input at all -> ``arithmetic-identity``;
* inputs that are all numbers typed from the paper -> ``internal-consistency``;
* at least one input read from a pinned data file -> ``reproduction``;
* a check that computes a p-value (``p_t``, ``p_z``, ...) -> ``numeric``, whatever its
  inputs: its verdict rests on a certified enclosure, not on exact arithmetic.

A claim may declare its label (``evidence:``); the linter compares the declaration with
the computed label (LB010, LB011) and always reports the computed one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from leanbridge.frozen import frozen_record
from leanbridge.semantics.values import NamedValue

ARITHMETIC_IDENTITY = "arithmetic-identity"
INTERNAL_CONSISTENCY = "internal-consistency"
REPRODUCTION = "reproduction"
NUMERIC = "numeric"


# A frozen_record, not @dataclass(frozen=True, slots=True), whose generated methods cost
# about 3 M instructions at every start: a label is made only for the four constants below
# (tests/test_ast_classes.py holds it to the dataclass).
@frozen_record
class EvidenceLabel:
    """EvidenceLabel(name: 'str', does_not_establish: 'str')"""

    __slots__ = ("does_not_establish", "name")
    name: str
    does_not_establish: str

    @property
    def rank(self) -> int:
        """How much the label claims: arithmetic-identity < internal-consistency = numeric
        < reproduction."""
        return _RANK[self.name]

    def to_json(self) -> dict[str, str]:
        return {"label": self.name, "does_not_establish": self.does_not_establish}


LABEL_ORDER = (ARITHMETIC_IDENTITY, INTERNAL_CONSISTENCY, REPRODUCTION)
#: Labels listed (in summaries) only when some claim has them.
EXTRA_LABELS = (NUMERIC,)
_RANK = {ARITHMETIC_IDENTITY: 0, INTERNAL_CONSISTENCY: 1, NUMERIC: 1, REPRODUCTION: 2}

LABELS: dict[str, EvidenceLabel] = {
    ARITHMETIC_IDENTITY: EvidenceLabel(
        ARITHMETIC_IDENTITY,
        "It uses no number from the paper or from data, so it establishes nothing about the "
        "paper: only that the arithmetic is right.",
    ),
    INTERNAL_CONSISTENCY: EvidenceLabel(
        INTERNAL_CONSISTENCY,
        "It recomputes reported numbers from other reported numbers, so it establishes that "
        "the paper's numbers agree with each other, not that any experiment was run or "
        "reproduced.",
    ),
    REPRODUCTION: EvidenceLabel(
        REPRODUCTION,
        "It recomputes the claim from the pinned data files, so it does not establish that "
        "those files came from running the experiment as described, only that the claim "
        "follows from them.",
    ),
    NUMERIC: EvidenceLabel(
        NUMERIC,
        "It recomputes a p-value from reported test statistics as a certified numeric "
        "enclosure (Arb ball arithmetic, not exact and not expressible in Lean), so it "
        "establishes that the reported statistic and p-value agree, not that the test was "
        "the right one or that the data support it.",
    ),
}


def computed_label(
    names: Iterable[str], env: Mapping[str, NamedValue], numeric: bool = False
) -> EvidenceLabel:
    """The label the inputs support (unknown names are ignored); ``numeric`` when the
    check computes a p-value."""
    if numeric:
        return LABELS[NUMERIC]
    used = False
    for n in names:
        if n in env:
            if env[n].origin == "data":
                return LABELS[REPRODUCTION]
            used = True
    return LABELS[INTERNAL_CONSISTENCY] if used else LABELS[ARITHMETIC_IDENTITY]
