"""LB009 unexplained expected failure: `expect: fails` without a `text` that says why.

## What it finds

A claim marked `expect: fails` that has no `text:` (or an empty one).

## Why it matters

An expected failure records that the paper's numbers contradict a statement.  Without a
sentence saying what is false and why, a reader cannot distinguish a documented error in
the paper from a broken check that was silenced by flipping its expectation.

## Example

```yaml
claims:
  - id: better_everywhere
    source: "Table 16"
    check: "new_ner > old_ner"
    expect: fails
```

## Use instead

```yaml
claims:
  - id: better_everywhere
    text: "The paper says X beats Y on every task (false: NER drops from 65.4 to 64.0)"
    source: "Table 16"
    check: "new_ner > old_ner"
    expect: fails
```
"""

from __future__ import annotations

from collections.abc import Sequence

from leanbridge.lint.base import ClaimContext, Finding, Rule


def check(ctx: ClaimContext) -> Sequence[Finding]:
    claim = ctx.result.loaded.claim
    if claim.expect == "fails" and (claim.text is None or not claim.text.strip()):
        return (
            Finding(
                "`expect: fails` without a `text` saying what is false and why: add one so "
                "the expected failure cannot be mistaken for a silenced broken check"
            ),
        )
    return ()


RULE = Rule(
    "LB009",
    "unexplained-expected-failure",
    "warning",
    __doc__ or "",
    check=check,
    needs=frozenset({"expect-fails"}),
    at_claim=True,
)
