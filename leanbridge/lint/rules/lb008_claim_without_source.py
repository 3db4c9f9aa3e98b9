"""LB008 claim without source: a claim that does not say where the paper makes it.

## What it finds

A claim with no `source:` (or an empty one).

## Why it matters

The value of a checked claim lies in its link to the paper: which sentence, table or
figure asserts it.  Without that link a reader cannot tell whether the check captures
what the paper says, or something more convenient.

## Example

```yaml
claims:
  - id: avg_task
    check: "mean(a, b, c) ~= avg"
```

## Use instead

```yaml
claims:
  - id: avg_task
    source: "Table 16, XLM-R row, Avg_task column"
    check: "mean(a, b, c) ~= avg"
```
"""

from __future__ import annotations

from collections.abc import Sequence

from leanbridge.lint.base import ClaimContext, Finding, Rule

# One finding for every claim it fires on: no rule, emitter or report alters a Finding.
_NO_SOURCE = (Finding("the claim has no `source`: say where the paper makes it"),)


def check(ctx: ClaimContext) -> Sequence[Finding]:
    source = ctx.result.loaded.claim.source
    if source is None or not source.strip():
        return _NO_SOURCE
    return ()


RULE = Rule("LB008", "claim-without-source", "warning", __doc__ or "", check=check, at_claim=True)
