"""LB002 hard-coded expectation: the expected value is one of the inputs, not something computed.

## What it finds

A comparison (`==`, `<=`, `>=`, `~=`, `±`) in which nothing is computed:

* a single input compared with a literal equal to its own value (`x == 8.7` where `x`
  is 8.7);
* two inputs typed from the paper that are the same printed number
  (`x ~= x_reported` where both are 8.7);
* an expected input computed from itself (`mean(a) == a`, `round(x, 1) ~= x`).

When the whole check is a tautology, LB001 reports it instead.

## Why it matters

This is the "hard-coded assertion": a script sets `value = 8.7` and then asserts that it
equals 8.7.  The check passes by construction and would pass just the same if the paper's
number were wrong; calling it verified misrepresents what was done.

## Example

```yaml
values:
  bleu: {value: "27.3", source: "Table 1"}
  bleu_reported: {value: "27.3", source: "Abstract"}
claims:
  - id: bleu_reproduced
    source: "Table 1"
    check: "bleu ~= bleu_reported"
```

## Use instead

Compute the expected number from other inputs (per-seed scores, per-task scores, counts)
or read the computed side from a data file with `data:`, so that the two sides can
disagree.  If two places in the paper print the same number and that is the claim, say so
in `text:` and silence the rule for that claim with `lint: {ignore: [LB002]}`.
"""

from __future__ import annotations

from collections.abc import Sequence

from leanbridge.lint.analysis import is_closed, value_of
from leanbridge.lint.base import ClaimContext, Finding, Rule
from leanbridge.semantics.display import decimal_text
from leanbridge.syntax import ast

_EQUALITY_LIKE = ("==", "<=", ">=")


def _sides(node: ast.Node) -> tuple[ast.Node, ast.Node] | None:
    if isinstance(node, ast.Compare) and node.op in _EQUALITY_LIKE:
        return node.left, node.right
    if isinstance(node, ast.Approx):
        return node.left, node.right
    if isinstance(node, ast.Within):
        return node.left, node.target
    return None


def _bare_name(node: ast.Node) -> str | None:
    return node.id if isinstance(node, ast.Name) else None


def check(ctx: ClaimContext) -> Sequence[Finding]:
    if not ctx.evaluable or not ctx.names:
        return ()
    env = ctx.env
    found: list[Finding] = []
    for node in ctx.comparisons:
        sides = _sides(node)
        if sides is None:
            continue
        for this, other in (sides, sides[::-1]):
            name = _bare_name(this)
            if name is None or name not in env or env[name].is_list:
                continue
            own = env[name].scalar.value
            if is_closed(other):
                if value_of(other, env) == own:
                    found.append(
                        Finding(
                            f"`{name}` is compared with {decimal_text(own)}, which is its own "
                            "value: the expected value is hard-coded and nothing is computed",
                            span=node.span,
                        )
                    )
                    break
                continue
            other_name = _bare_name(other)
            if other_name is not None and other_name in env and other_name != name:
                v, w = env[name], env[other_name]
                if (
                    not w.is_list
                    and v.origin == w.origin == "paper"
                    and v.scalar.value == w.scalar.value
                ):
                    found.append(
                        Finding(
                            f"`{name}` and `{other_name}` are the same number typed from the "
                            f"paper ({v.scalar.text}): comparing them computes nothing",
                            span=node.span,
                        )
                    )
                    break
                continue
            used = set(ast.names_in(other))
            if used == {name} and (not isinstance(node, ast.Compare) or node.op == "=="):
                found.append(
                    Finding(
                        f"the expected value `{name}` is computed from `{name}` itself: "
                        "nothing independent is compared",
                        span=node.span,
                    )
                )
                break
    return found


RULE = Rule(
    "LB002",
    "hard-coded-expectation",
    "error",
    __doc__ or "",
    check=check,
    superseded_by=("LB001",),
    needs=frozenset({"evaluable", "names", "name-side"}),
)
