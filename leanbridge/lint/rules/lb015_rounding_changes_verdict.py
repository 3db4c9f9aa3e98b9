"""LB015 rounding-changes-verdict: `inputs: exact` on printed numbers where `rounded` disagrees.

## What it finds

A claim with `inputs: exact` (the default) whose named inputs are all numbers printed
in the paper, where `inputs: rounded` would give `consistent`: some values that print as
the inputs make the check true and others make it false.  The finding shows a witness of
the other verdict.  To stay cheap the rule only tries a few corners of the rounding box
(each input at an end of its interval, chosen to push the compared value up or down),
so it may miss a case that `inputs: rounded` itself finds; every witness it shows is
exact.

## Why it matters

A paper prints rounded numbers: `79.2` is any value in [79.15, 79.25].  Under `exact`
the verdict rests on the printed digits alone, so a claim that `holds` may fail for the
unrounded values the authors had, and one that `fails` may hold.  Neither verdict then
says much about the paper.

## Example

```yaml
values:
  a: {value: "79.2", source: "Table 3"}
  b: {value: "70.1", source: "Table 3"}
claims:
  - id: average
    source: "Table 3, Avg"
    check: "(a + b) / 2 ~= 74.6"
```

## Use instead

Say `inputs: rounded` so that the verdict (`consistent`, with witnesses) covers every
value the printed numbers allow; or read the unrounded numbers from a data file.
"""

from __future__ import annotations

from collections.abc import Sequence

from leanbridge.lint.base import ClaimContext, Finding, Rule
from leanbridge.semantics.opposite_fast import OTHER, UNKNOWN, lean_text
from leanbridge.semantics.rounded import opposite_witness_text
from leanbridge.syntax import ast

_LEAN = frozenset({ast.Approx, ast.Compare, ast.Within})  # the classes lean_text takes


def check(ctx: ClaimContext) -> Sequence[Finding]:
    # a list, not a generator (the engine takes either): no generator to make and run
    if not ctx.evaluable or ctx.result.loaded.claim.inputs != "exact":
        return ()
    names, env = ctx.names, ctx.env
    if not names:
        return ()
    for name in names:  # a loop, not any(): no generator per claim
        if env[name].origin != "paper":
            return ()
    verdict = ctx.verdict
    holds = verdict == "holds"
    tree = ctx.tree
    cls = tree.__class__
    # opposite_witness_text's first step (opposite_text's lean path) without its two calls
    other = lean_text(tree, cls, env, not holds) if cls in _LEAN else OTHER
    if other is OTHER or other is UNKNOWN:  # not the lean path's: the general search
        other = opposite_witness_text(tree, env, holds)
    if other is None:
        return ()
    return [
        Finding(
            f"the check {verdict} at the printed values but {'fails' if holds else 'holds'} "
            f"for other values that print the same ({other}): say `inputs: rounded`"
        )
    ]


RULE = Rule(
    "LB015",
    "rounding-changes-verdict",
    "warning",
    __doc__ or "",
    check=check,
    superseded_by=("LB001", "LB002", "LB005"),
    at_claim=True,
)
