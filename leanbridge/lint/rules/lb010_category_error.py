"""LB010 category error: the declared `evidence:` claims more than the inputs support.

## What it finds

A claim whose `evidence:` declares a stronger kind of evidence than its inputs give:

* `reproduction` when every input is a number typed from the paper (nothing is read from
  a data file), e.g. the mean of three reported numbers presented as a reproduction;
* `internal-consistency` or `reproduction` when the check uses no named input at all
  (closed arithmetic).

The order is `arithmetic-identity` < `internal-consistency` < `reproduction`.

## Why it matters

Recomputing an aggregate from the paper's own numbers shows that the paper is consistent
with itself; it does not show that the experiment was run or that its results were
reproduced.  Calling it a reproduction is a category error that overstates the evidence,
however exact the arithmetic.

## Example

```yaml
values:
  s1: {value: "70.1", source: "Table 4"}
  s2: {value: "70.4", source: "Table 4"}
  s3: {value: "69.9", source: "Table 4"}
  avg: {value: "70.1", source: "Table 4"}
claims:
  - id: mean_reproduced
    source: "Table 4"
    evidence: reproduction
    check: "mean(s1, s2, s3) ~= avg"
```

## Use instead

Declare what the check is (`evidence: internal-consistency`), or make it a reproduction
by reading the per-run results from a pinned data file:

```yaml
values:
  runs: {data: {file: results/table4.csv, column: acc, sha256: "..."}, source: "our runs"}
```
"""

from __future__ import annotations

from collections.abc import Sequence

from leanbridge.lint.base import ClaimContext, Finding, Rule
from leanbridge.lint.labels import LABELS, REPRODUCTION


def check(ctx: ClaimContext) -> Sequence[Finding]:
    declared = ctx.result.loaded.claim.evidence
    if declared is None:
        return ()
    computed = ctx.label
    if LABELS[declared].rank <= computed.rank:
        return ()
    if declared == REPRODUCTION and ctx.names:
        why = "every input is a number typed from the paper, none is read from a data file"
    elif not ctx.names:
        why = "the check uses no named input"
    else:
        why = "its inputs do not support it"
    return (
        Finding(
            f"declared `evidence: {declared}`, but {why}: this is {computed.name}. "
            f"{computed.does_not_establish}"
        ),
    )


RULE = Rule(
    "LB010",
    "category-error",
    "error",
    __doc__ or "",
    check=check,
    needs=frozenset({"evidence"}),
    at_claim=True,
)
