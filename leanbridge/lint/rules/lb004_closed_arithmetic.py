"""LB004 closed arithmetic: the check uses no named input, so it proves arithmetic only.

## What it finds

A check made of number literals only, such as `384 * 1024 == 393216`.  Its evidence label
is `arithmetic-identity`.  (A closed check that compares a number with itself, such as
`8.7 == 8.7 ± 5%`, is reported as LB001 instead.)

## Why it matters

A closed identity is true or false independently of any paper.  It can be useful (to pin
a unit conversion or a product the paper relies on), but it establishes nothing about the
paper's results, and must not be counted as a verified result.

## Example

```yaml
claims:
  - id: activations
    source: "BERT-large, Section 3"
    check: "384 * 1024 == 393216"
```

## Use instead

Name the paper's numbers under `values:` with their sources and check the relation
between them (`seq_len * hidden == activations`), so that the claim is about what the
paper prints.  If the identity is the point, keep it: the warning and the
`arithmetic-identity` label say what it is.
"""

from __future__ import annotations

from collections.abc import Sequence

from leanbridge.lint.base import ClaimContext, Finding, Rule


def check(ctx: ClaimContext) -> Sequence[Finding]:
    if ctx.uses:
        return ()  # some name is used
    return (
        Finding(
            "the check uses no named input: it proves arithmetic only and establishes nothing "
            "about the paper (evidence: arithmetic-identity)",
            span=ctx.tree.span,
        ),
    )


RULE = Rule(
    "LB004",
    "closed-arithmetic",
    "warning",
    __doc__ or "",
    check=check,
    superseded_by=("LB001",),
    needs=frozenset({"no-uses"}),
)
