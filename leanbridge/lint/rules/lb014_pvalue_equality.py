"""LB014 p-value-equality: a p-value compared with `==` (or `!=`) instead of `~=`.

## What it finds

A comparison `==` or `!=` with a p-value function (`p_t`, `p_z`, `p_r`, `p_f`, `p_chi2`)
on either side, e.g. `p_t(t, 28) == 0.036`.

## Why it matters

A p-value recomputed from a test statistic is (almost always) an irrational number,
known only as a certified enclosure; a paper prints it rounded.  `==` asks for exact
equality with the printed decimal, which fails whatever the paper did (or stays
`undecided` when both sides are p-values), so the check says nothing about whether the
reported p-value matches its statistic.

## Example

```yaml
values:
  t: {value: "2.20", source: "Table 2, t(28)"}
claims:
  - id: p_reported
    source: "Table 2"
    check: "p_t(t, 28) == 0.036"
```

## Use instead

`p_t(t, 28) ~= 0.036` (the recomputed p-value rounds to the printed one), or a decision
at a threshold, `p_t(t, 28) < 0.05`, as statcheck does.
"""

from __future__ import annotations

from collections.abc import Sequence

from leanbridge.lint.base import ClaimContext, Finding, Rule
from leanbridge.semantics.functions import PVALUE_FUNCTIONS, uses_pvalues
from leanbridge.syntax import ast


def check(ctx: ClaimContext) -> Sequence[Finding]:
    if not any(c.func in PVALUE_FUNCTIONS for c in ctx.calls):
        return ()  # no p-value anywhere in the check (uses_pvalues of any part is False)
    found: list[Finding] = []
    for node in ctx.comparisons:
        if not isinstance(node, ast.Compare) or node.op not in ("==", "!="):
            continue
        if uses_pvalues(node.left) or uses_pvalues(node.right):
            found.append(
                Finding(
                    f"a p-value compared with `{node.op}`: a recomputed p-value is not a "
                    "printed decimal; compare it with `~=` (rounds to the printed value) or "
                    "with `<`",
                    span=node.span,
                )
            )
    return found


RULE = Rule(
    "LB014", "p-value-equality", "warning", __doc__ or "", check=check, needs=frozenset({"pvalue"})
)
