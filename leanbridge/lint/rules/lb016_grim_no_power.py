"""LB016 grim-without-power: `grim(mean, n)` where n·items ≥ 10^d and no mean can fail.

## What it finds

A `grim` call whose count n·items is at least 10^d, where d is the number of decimals
the mean is printed with (`grim(m, 120)` with `m` printed as `3.48`, d = 2, needs
n < 100).

## Why it matters

GRIM asks whether some k/(n·items) rounds to the printed mean.  The multiples of
1/(n·items) are at most one printed unit apart once n·items ≥ 10^d, so every printed
mean passes: GRIM has no power here, and a passing check establishes nothing.

## Example

```yaml
values:
  m: {value: "3.48", source: "Table 1, mean rating"}
claims:
  - id: grim_rating
    source: "Table 1, N = 120"
    check: "grim(m, 120)"
```

## Use instead

Drop the check, or use a test that still has power at this sample size: `grimmer(m, sd,
n)` tests the SD as well, and DEBIT applies to binary data.
"""

from __future__ import annotations

from collections.abc import Sequence

from leanbridge.lint.base import ClaimContext, Finding, Rule
from leanbridge.semantics import reals
from leanbridge.semantics.evaluate import Evaluator
from leanbridge.semantics.typecheck import printed_number


def check(ctx: ClaimContext) -> Sequence[Finding]:
    if ctx.verdict == "error":
        return ()
    found: list[Finding] = []
    for node in ctx.calls:
        if node.func != "grim":  # type: ignore[attr-defined]
            continue
        mean = printed_number(node.args[0], ctx.env)  # type: ignore[attr-defined]
        reals.start_work()  # its own budget, whichever rules ran before it on this claim
        count = 1
        for arg in node.args[1:]:  # type: ignore[attr-defined]
            count *= Evaluator(ctx.env).eval(arg)
        if count * mean.unit >= 1:
            found.append(
                Finding(
                    f"GRIM has no power here: with n·items = {count} every mean printed to "
                    f"{mean.text}'s precision passes (it needs n·items below {1 / mean.unit})",
                    span=node.span,
                )
            )
    return found


RULE = Rule(
    "LB016",
    "grim-without-power",
    "warning",
    __doc__ or "",
    check=check,
    needs=frozenset({"no-error", "grim"}),
)
