"""LB007 unused value: a value under `values:` that no claim uses.

## What it finds

An entry of `values:` whose name appears in no claim's check.  Reported at the value's
key.  It is a file-level finding, so it cannot be silenced per claim: remove the value
or use it.  (Skipped when the file has load errors, since a claim that failed to load
may be the one that uses it.)

## Why it matters

An unused value is often a sign that a claim checks something other than what its author
meant (a typo in a name that happens to exist, a claim that was deleted or never
written).  It also suggests to a reader that the number was verified when it was not.

## Example

```yaml
values:
  acc: {value: "81.2", source: "Table 2"}
  f1: {value: "79.9", source: "Table 2"}
claims:
  - id: acc_high
    source: "Table 2"
    check: "acc > 80"
```

## Use instead

Delete the value, or add the claim that uses it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from leanbridge.lint.base import FileContext, Finding, Rule


def check_file(ctx: FileContext) -> Iterator[Finding]:
    loaded = ctx.file.loaded
    if not loaded.ok:
        return
    used = ctx.names_used()  # one union over the contexts, when every claim has one
    if used is None:
        used = set()
        for lc in loaded.claims:
            if lc.tree is not None:
                used.update(ctx.names_in(lc))
            else:  # did not parse: count every word in it as a use
                used.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", lc.claim.check))
    for name, value in loaded.values.items():
        if name not in used:
            yield Finding(f"value `{name}` is not used by any claim", pos=value.pos)


RULE = Rule("LB007", "unused-value", "warning", __doc__ or "", check_file=check_file)
