"""LB011 understated evidence: the declared `evidence:` is weaker than what the inputs give.

## What it finds

A claim whose `evidence:` declares a weaker kind of evidence than its inputs give, e.g.
`arithmetic-identity` for a check over the paper's numbers, or `internal-consistency`
for a check that reads a data file.

## Why it matters

The declaration and the computed label disagree, so one of them is wrong: either the
claim file was edited (a value now comes from a data file) and the declaration is stale,
or the author misunderstands what the check does.  Reports show the computed label.

## Example

```yaml
values:
  a: {value: "1.5", source: "Table 1"}
  b: {value: "2.5", source: "Table 1"}
claims:
  - id: total
    source: "Table 1"
    evidence: arithmetic-identity
    check: "a + b == 4"
```

## Use instead

Declare the computed label (`evidence: internal-consistency` here), or drop `evidence:`
and let the linter compute it.
"""

from __future__ import annotations

from collections.abc import Sequence

from leanbridge.lint.base import ClaimContext, Finding, Rule
from leanbridge.lint.labels import LABELS


def check(ctx: ClaimContext) -> Sequence[Finding]:
    declared = ctx.result.loaded.claim.evidence
    if declared is None or LABELS[declared].rank >= ctx.label.rank:
        return ()
    return (
        Finding(
            f"declared `evidence: {declared}`, but the inputs make it {ctx.label.name}: "
            "update the declaration"
        ),
    )


RULE = Rule(
    "LB011",
    "understated-evidence",
    "warning",
    __doc__ or "",
    check=check,
    needs=frozenset({"evidence"}),
    at_claim=True,
)
