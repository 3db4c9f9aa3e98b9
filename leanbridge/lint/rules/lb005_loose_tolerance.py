"""LB005 loose tolerance: the tolerance is wide enough to accept zero, a sign flip or no change.

## What it finds

A `±` (or `~=`) comparison whose accepted interval `[target - tol, target + tol]`

* contains 0 although the target is not 0 (`gain == 2.1 ± 100%`, `delta == 0.3 ± 0.5`),
  and so also accepts "no effect", or, when `tol >= 2·|target|`, the opposite sign;
* or, when the target is written as a baseline plus or times a claimed change
  (`new == old + 1.5 ± 2`, `new == old * 1.1 ± 12%`), contains the baseline itself, i.e.
  accepts that there was no improvement at all.

## Why it matters

"Computed 2.3 matches expected 2.1 (tolerance 100%)" would also have matched 0 or -2.1.
A check that cannot tell a claimed gain from no gain, or from a loss, does not check the
claim; it only looks like it does.

## Example

```yaml
values:
  new: {value: "30.2", source: "Table 3, ours"}
  old: {value: "28.1", source: "Table 3, baseline"}
claims:
  - id: gain
    source: "Section 5: 'a gain of 2.1 BLEU'"
    check: "new - old == 2.1 ± 100%"
```

## Use instead

Use the precision the paper prints (`new - old ~= 2.1`), or a tolerance justified by the
paper (seed variance, rounding) that stays smaller than the claimed effect; for a
directional claim add the direction explicitly (`new - old > 0`).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from leanbridge.errors import Span
from leanbridge.lint.analysis import is_closed, value_of
from leanbridge.lint.base import ClaimContext, Finding, Rule
from leanbridge.semantics.display import decimal_text
from leanbridge.syntax import ast


def _claimed_change(target: ast.Node, ctx: ClaimContext) -> tuple[Fraction, str] | None:
    """(change, baseline text) when the target reads `baseline + d`, `- d` or `* k`."""
    if not isinstance(target, ast.Add | ast.Sub | ast.Mul):
        return None
    for base, delta in ((target.left, target.right), (target.right, target.left)):
        if is_closed(base) or not is_closed(delta):
            continue
        if isinstance(target, ast.Sub) and delta is target.left:
            continue  # `5 - old` is not a change from `old`
        d = value_of(delta, ctx.env)
        b = value_of(base, ctx.env)
        if d is None or b is None:
            return None
        change = b * (d - 1) if isinstance(target, ast.Mul) else d
        return change, _text(ctx, base)
    return None


def _text(ctx: ClaimContext, node: ast.Node) -> str:
    return ctx.result.loaded.claim.check[node.span.start : node.span.end]


def check(ctx: ClaimContext) -> Sequence[Finding]:
    """:func:`check_general`'s findings (a test holds them equal): a number target's value
    read from its literal, and the tolerance compared with the target in integers (the
    Fractions made only for a finding's message or a claimed change)."""
    if not ctx.evaluable:
        return ()
    found: list[Finding] = []
    env = ctx.env
    for node in ctx.comparisons:
        if node.__class__ is not ast.Within:
            continue
        target_node = node.target  # type: ignore[attr-defined]
        # value_of of a literal: its value (what the check's evaluation already made)
        if target_node.__class__ is ast.Number:
            t = target_node.literal.value
        else:
            t = value_of(target_node, env)
            if t is None:
                continue
        tn, td = t.numerator, t.denominator
        if not tn:
            continue  # a claim of "no difference": accepting zero is the claim
        tn = abs(tn)
        tolerance = node.tolerance  # type: ignore[attr-defined]
        lit = tolerance.literal
        v = lit.value
        vn, vd = v.numerator, v.denominator
        # tol >= k|t|, tol = v|t| (relative, t != 0: v >= k) or v
        relative = node.relative  # type: ignore[attr-defined]
        a, b = (vn, vd) if relative else (vn * td, tn * vd)
        if a >= b:
            found.append(_accepts_zero(lit.text, t, a >= 2 * b, tolerance.span))
            continue
        change = _claimed_change(target_node, ctx)
        if change is not None and change[0] != 0:
            tol = v * abs(t) if relative else v
            if tol >= abs(change[0]):
                found.append(_accepts_no_change(lit.text, change, tolerance.span))
    return found


def check_general(ctx: ClaimContext) -> Sequence[Finding]:
    """The rule's definition."""
    if not ctx.evaluable:
        return ()
    found: list[Finding] = []
    # Only `±` can be too loose.  `~= d` (type-checked: d is a printed number m·10^e) has
    # tolerance 10^e / 2, below |d| = |m|·10^e unless d is 0 (skipped: a claim of no
    # difference), and its target is a printed number, never `baseline + change`.
    for node in ctx.comparisons:
        if not isinstance(node, ast.Within):
            continue
        target_node = node.target
        t = value_of(node.target, ctx.env)
        if t is None:
            continue
        lit = node.tolerance.literal
        tol = lit.value * abs(t) if node.relative else lit.value
        where = node.tolerance.span
        if t == 0:
            continue  # a claim of "no difference": accepting zero is the claim
        if tol >= abs(t):
            found.append(_accepts_zero(lit.text, t, tol >= 2 * abs(t), where))
            continue
        change = _claimed_change(target_node, ctx)
        if change is not None and change[0] != 0 and tol >= abs(change[0]):
            found.append(_accepts_no_change(lit.text, change, where))
    return found


def _accepts_zero(tolerance: str, t: Fraction, opposite: bool, span: Span) -> Finding:
    flip = f" and even {decimal_text(-t)}, the opposite sign" if opposite else ""
    return Finding(
        f"tolerance ±{tolerance} around {decimal_text(t)} accepts 0{flip}: the check "
        "cannot tell the claimed value from no effect",
        span=span,
    )


def _accepts_no_change(tolerance: str, change: tuple[Fraction, str], span: Span) -> Finding:
    return Finding(
        f"tolerance ±{tolerance} is at least the claimed change of "
        f"{decimal_text(change[0])} from `{change[1]}`: it also accepts no change",
        span=span,
    )


RULE = Rule(
    "LB005",
    "loose-tolerance",
    "error",
    __doc__ or "",
    check=check,
    needs=frozenset({"evaluable", "within"}),
)
