"""LB006 precision: the expected number has more digits than the inputs support, or rounds away.

## What it finds

Two problems with the printed precision of a `~=` target:

* **false precision**: rounding the inputs to their printed digits can move the
  computed side by ten times the target's tolerance or more, so the target has at least
  one digit more than the inputs support (`mean(a, b, c) ~= 70.133` from inputs printed
  to one decimal).  Only inputs printed with a decimal point count: integers are taken
  to be exact counts.
* **meaning lost at a coarser rounding**: a claimed difference (`a - b ~= 0.3`,
  `pct_change(old, new) ~= 0.4`) whose computed value would also round to 0 at one digit
  less, so the printed precision is all that separates the claimed effect from no effect.

## Why it matters

A check against a number with false precision either fails for reasons unrelated to the
claim (the paper computed it from unrounded values) or passes by luck.  And an effect
that vanishes at one digit less is within rounding noise of the numbers it is computed
from: a pass says little about whether the effect is real.

## Example

```yaml
values:
  s1: {value: "70.1", source: "Table 4, seed 1"}
  s2: {value: "70.4", source: "Table 4, seed 2"}
  s3: {value: "69.9", source: "Table 4, seed 3"}
  avg: {value: "70.133", source: "Table 4, mean"}
claims:
  - id: mean_of_seeds
    source: "Table 4"
    check: "mean(s1, s2, s3) ~= avg"
```

## Use instead

Compare to the precision the inputs carry (`round(mean(s1, s2, s3), 1) ~= 70.1`), or
read the unrounded numbers from a data file.  For a tiny difference, state what the
claim really is (`a - b > 0`, or `a - b ~= 0.3` with a `text:` that says it is within
rounding) and silence the warning for that claim if the precision is intended.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from fractions import Fraction

from leanbridge.lint.analysis import printed_decimal, value_of
from leanbridge.lint.base import ClaimContext, Finding, Rule
from leanbridge.semantics.display import decimal_text
from leanbridge.semantics.numbers import Decimal
from leanbridge.semantics.typecheck import approx_target
from leanbridge.semantics.value_memo import ValueMemo
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax import ast
from leanbridge.wording import plural

SUPPORT_FACTOR = 10  # input rounding error >= this many target tolerances: false precision


def _shift(d: Decimal) -> Decimal:
    """``d`` plus half its printed unit, at one digit finer, where it is exact (as
    ``to_decimal(d.value + d.unit / 2, d.exponent - 1)``): ``m 10^e + 10^e / 2`` is
    ``(10 m + 5) 10^(e-1)``."""
    return printed_decimal(10 * d.mantissa + 5, d.exponent - 1)


# Each named value shifted, made once: a named list is used by many claims of a file.
_SHIFTED: ValueMemo[NamedValue] = ValueMemo()


def _shifted(value: NamedValue) -> NamedValue:
    return _SHIFTED.get(
        value,
        lambda: dataclasses.replace(value, numbers=tuple(_shift(d) for d in value.numbers)),
    )


def _rounding_error(node: ast.Node, ctx: ClaimContext) -> Fraction | None:
    """Sum over decimal-printed inputs of how far half a printed unit moves ``node``."""
    base = value_of(node, ctx.env)
    if base is None:
        return None
    total = Fraction(0)
    counted = False
    for name in dict.fromkeys(ast.names_in(node)):
        value = ctx.env.get(name)
        if value is None or all(d.is_integer_literal for d in value.numbers):
            continue
        moved = value_of(node, {**ctx.env, name: _shifted(value)})
        if moved is None:
            return None
        total += abs(moved - base)
        counted = True
    return total if counted else None


def _decimals(unit: Fraction) -> str:
    n = 0
    while unit < 1 and n < 400:
        unit *= 10
        n += 1
    return plural(n, "decimal") if n else "whole numbers"


def _is_difference(node: ast.Node) -> bool:
    return isinstance(node, ast.Sub) or (isinstance(node, ast.Call) and node.func == "pct_change")


def _round_half_away(q: Fraction, unit: Fraction) -> Fraction:
    n = abs(q) / unit
    r = int(n) + (1 if n - int(n) >= Fraction(1, 2) else 0)
    return (r if q >= 0 else -r) * unit


def check(ctx: ClaimContext) -> Iterator[Finding]:
    if not ctx.evaluable:
        return
    for node in ctx.nodes:
        if not isinstance(node, ast.Approx):
            continue
        target = approx_target(node, ctx.env)
        tol = target.unit / 2
        error = _rounding_error(node.left, ctx)
        if error is not None and error >= SUPPORT_FACTOR * tol:
            yield Finding(
                f"`~= {target.text}` is to {_decimals(target.unit)}, but rounding the inputs "
                f"to their printed digits can move the computed side by {decimal_text(error)}: "
                "the target has more digits than the inputs support",
                span=node.right.span,
            )
            continue
        if target.value == 0 or not _is_difference(node.left):
            continue
        lhs = value_of(node.left, ctx.env)
        coarse = target.unit * 10
        if lhs is None or _round_half_away(target.value, coarse) != 0:
            continue
        if abs(lhs) <= coarse / 2:
            yield Finding(
                f"the claimed difference `~= {target.text}` would also hold as `~= 0` at one "
                "digit less: only the last printed digit separates it from no effect",
                span=node.right.span,
            )


RULE = Rule("LB006", "precision", "warning", __doc__ or "", check=check)
