"""LB003 ungrounded input: the check uses a value that has no `source`.

## What it finds

A named value used by the claim's check whose entry under `values:` has no `source:`
saying where the number is printed (table, figure, section) or where its data file comes
from.  Reported once per claim and input, at the input's first use in the check.

## Why it matters

A number without a source cannot be checked against the paper by a reader.  A typo in it,
or a number made up to make the check pass, goes unnoticed; the verdict is then about the
claim file, not about the paper.

## Example

```yaml
values:
  acc: "81.2"
claims:
  - id: acc_high
    source: "Table 2"
    check: "acc > 80"
```

## Use instead

Give every value a source:

```yaml
values:
  acc: {value: "81.2", source: "Table 2, row BERT-base, column MNLI-m"}
```
"""

from __future__ import annotations

from collections.abc import Sequence

from leanbridge.lint.base import ClaimContext, Finding, Rule


def check(ctx: ClaimContext) -> Sequence[Finding]:
    # Each input's message (None: it has a source), worked out once per file.
    made: dict[str, str | None] | None = ctx.shared.get("LB003")
    if made is None:
        made = ctx.shared["LB003"] = {}
    found: list[Finding] = []
    uses = ctx.uses
    for name in ctx.names:
        if name in made:
            message = made[name]
        else:
            value = ctx.env[name]
            message = None
            if value.source is None or not value.source.strip():
                where = "data file" if value.origin == "data" else "number"
                message = f"input `{name}` has no `source`: say where this {where} comes from"
            made[name] = message
        if message is not None:
            found.append(Finding(message, None, uses[name]))  # (message, pos, span)
    return found


RULE = Rule(
    "LB003", "ungrounded-input", "warning", __doc__ or "", check=check, needs=frozenset({"names"})
)
