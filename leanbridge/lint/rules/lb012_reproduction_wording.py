"""LB012 reproduction wording: the claim's text speaks of reproducing, but nothing is reproduced.

## What it finds

A claim whose `text:` uses a form of "reproduce" / "replicate" (and not negated by a
preceding "not" or "no") while its inputs are not read from any data file, so its
evidence label is not `reproduction`.

## Why it matters

The text is what readers quote.  "We reproduce the reported average" over the paper's
own numbers presents an internal consistency check as a reproduction, the category
error of LB010 in prose.

## Example

```yaml
claims:
  - id: avg_reproduced
    text: "We reproduce the reported average of 70.1"
    source: "Table 4"
    check: "mean(s1, s2, s3) ~= avg"
```

## Use instead

Say what the check does ("The reported average of 70.1 agrees with the three reported
seeds"), or read the per-run results from a data file so that it is a reproduction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from leanbridge.lint.base import ClaimContext, Finding, Rule
from leanbridge.lint.labels import REPRODUCTION

_WORD = r"\b(reproduc\w*|replicat\w*)"
_NEGATION = r"\b(not|no|never|cannot|n't|without|un)\W*(\w+\W+){0,2}$"
# Both compiled at the first claim with a text (about 1.2 M instructions), not at every start.
_PATTERNS: list[re.Pattern[str]] = []


def patterns() -> list[re.Pattern[str]]:
    """``_WORD`` and ``_NEGATION`` compiled (ignoring case), once."""
    if not _PATTERNS:
        _PATTERNS[:] = [re.compile(p, re.IGNORECASE) for p in (_WORD, _NEGATION)]  # one store
    return _PATTERNS


def check(ctx: ClaimContext) -> Sequence[Finding]:
    text = ctx.result.loaded.claim.text
    if not text or ctx.label.name == REPRODUCTION:
        return ()
    word, negation = _PATTERNS or patterns()
    for m in word.finditer(text):
        if negation.search(text[: m.start()]):
            continue
        return (
            Finding(
                f"the text says `{m.group(1)}`, but no input is read from a data file: the "
                f"evidence is {ctx.label.name}, not a reproduction"
            ),
        )
    return ()


RULE = Rule(
    "LB012",
    "reproduction-wording",
    "warning",
    __doc__ or "",
    check=check,
    needs=frozenset({"text"}),
    at_claim=True,
)
