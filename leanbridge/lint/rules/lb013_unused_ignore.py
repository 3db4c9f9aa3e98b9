"""LB013 unused ignore: `lint: {ignore: [...]}` names a rule that is unknown or did not fire.

## What it finds

An entry of a claim's `lint.ignore` list that is not a registered rule code, or whose
rule found nothing in that claim.  This rule cannot itself be ignored.

## Why it matters

Silencing must stay deliberate and visible.  A stale ignore hides the next real problem of
that kind in the claim without anyone noticing, and an unknown code is usually a typo
that silences nothing.

## Example

```yaml
claims:
  - id: avg_task
    source: "Table 16"
    check: "mean(a, b, c) ~= avg"
    lint: {ignore: [LB004]}
```

## Use instead

Remove the entry; list only rules that fire on the claim, and keep a `text:` or comment
saying why each is acceptable.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from leanbridge.lint.base import Finding, Rule

CODE = "LB013"


def unused_ignores(ignore: Iterable[str], fired: set[str], known: set[str]) -> Iterator[Finding]:
    """Findings for ``ignore`` entries given the codes that ``fired`` on the claim."""
    for code in dict.fromkeys(ignore):
        if code not in known:
            yield Finding(f"`lint.ignore` lists `{code}`, which is not a leanbridge rule")
        elif code == CODE:
            yield Finding(f"`{CODE}` cannot be ignored")
        elif code not in fired:
            yield Finding(f"`lint.ignore` lists `{code}`, but it does not fire on this claim")


RULE = Rule("LB013", "unused-ignore", "warning", __doc__ or "")
